"""A small SPARQL 1.1 Protocol and Graph Store Protocol client on the standard library.

:class:`Endpoint` speaks to a store's query, update and graph store services (Oxigraph's
``/query``, ``/update`` and ``/store`` by default) with ``urllib`` and a timeout. Any HTTP
failure becomes an :class:`EndpointError` that carries the server's own message.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from ..errors import MechkgError
from .terms import iri

__all__ = ["Endpoint", "EndpointError", "QueryError", "DEFAULT_TIMEOUT"]

#: Seconds a request may take before it is abandoned.
DEFAULT_TIMEOUT = 60.0
#: Most characters of a server's error message repeated in an EndpointError.
MAX_MESSAGE = 2000
_SERVICE_NAMES = ("query", "sparql", "update", "store")


class EndpointError(MechkgError):
    """A request to a SPARQL endpoint failed (unreachable, timed out, or an HTTP error,
    with the server's message)."""


class QueryError(MechkgError):
    """A SPARQL query or update was refused (syntax error, unsupported feature)."""


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The services of one SPARQL store.

    Build one with :meth:`from_url`; ``query_url``, ``update_url`` and ``store_url`` are
    the SPARQL query, SPARQL update and Graph Store Protocol services.
    """

    query_url: str
    update_url: str
    store_url: str
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_url(cls, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Endpoint:
        """The endpoint of a store given by its base URL (``http://host:7878``) or by
        one of its services (``http://host:7878/query``, ``.../sparql``, ``.../update``,
        ``.../store``): the others are found beside it, as Oxigraph lays them out.

        Raises
        ------
        EndpointError
            For a URL that is not http(s) or has no host.
        """
        parts = urllib.parse.urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EndpointError(
                f"endpoint {url!r} is not an http(s) URL; give the store's address, "
                "e.g. http://localhost:7878"
            )
        if timeout <= 0:
            raise EndpointError(f"timeout must be positive, got {timeout}")
        path = parts.path.rstrip("/")
        head, _, last = path.rpartition("/")
        query_path = None
        if last in _SERVICE_NAMES:
            path = head
            if last in ("query", "sparql"):
                query_path = f"{head}/{last}"
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        query = urllib.parse.urlunsplit((parts.scheme, parts.netloc, query_path or "", "", ""))
        return cls(
            query_url=query if query_path else f"{base}/query",
            update_url=f"{base}/update",
            store_url=f"{base}/store",
            timeout=timeout,
        )

    # -- HTTP ----------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[str, bytes]:
        """Send one request; returns ``(content type, body)``.

        Raises
        ------
        EndpointError
            When the server cannot be reached, times out, or answers with an error
            status (the message includes the server's explanation).
        """
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        handlers: list[Any] = []
        if _is_loopback(urllib.parse.urlsplit(url).hostname):
            handlers.append(urllib.request.ProxyHandler({}))  # never proxy loopback
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(req, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read(MAX_MESSAGE * 4).decode("utf-8", "replace")
            message = " ".join(body.split())[:MAX_MESSAGE] or exc.reason
            raise EndpointError(f"{method} {url}: HTTP {exc.code}: {message}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise EndpointError(
                    f"{method} {url}: no answer within {self.timeout:g} s"
                ) from None
            raise EndpointError(f"cannot reach {url}: {reason}") from None
        except TimeoutError:
            raise EndpointError(f"{method} {url}: no answer within {self.timeout:g} s") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise EndpointError(f"{method} {url}: connection failed: {exc}") from None

    def _sparql(self, url: str, kind: str, text: str, accept: str) -> tuple[str, bytes]:
        try:
            return self.request(
                "POST",
                url,
                text.encode("utf-8"),
                {"Content-Type": f"application/sparql-{kind}; charset=utf-8", "Accept": accept},
            )
        except EndpointError as exc:
            if ": HTTP 400:" in str(exc):
                raise QueryError(str(exc)) from None
            raise

    # -- SPARQL 1.1 Protocol ----------------------------------------------------------

    def query(self, text: str) -> tuple[str, bytes]:
        """Run any query; SELECT/ASK answer in SPARQL JSON, CONSTRUCT/DESCRIBE in
        N-Triples. Returns ``(content type, body)``."""
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        return self._sparql(self.query_url, "query", text, accept)

    def select(self, text: str) -> list[dict[str, dict[str, str]]]:
        """The bindings of a SELECT query (SPARQL 1.1 JSON results)."""
        _, body = self._sparql(self.query_url, "query", text, "application/sparql-results+json")
        try:
            doc = json.loads(body)
            return list(doc["results"]["bindings"])
        except (ValueError, KeyError, TypeError):
            raise EndpointError(
                f"{self.query_url} did not answer with SPARQL JSON results: {body[:200]!r}"
            ) from None

    def construct(self, text: str) -> bytes:
        """The N-Triples of a CONSTRUCT query."""
        return self._sparql(self.query_url, "query", text, "application/n-triples")[1]

    def update(self, text: str) -> None:
        """Run a SPARQL update (the store applies it whole or not at all)."""
        self._sparql(self.update_url, "update", text, "*/*")

    # -- Graph Store Protocol ----------------------------------------------------------

    def graph_url(self, graph: str | None) -> str:
        """The Graph Store Protocol URL of a named graph (the default graph for None)."""
        if graph is None:
            return f"{self.store_url}?default"
        iri(graph)  # refuse malformed graph names before they reach a URL
        return f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"

    def post_data(self, graph: str | None, data: bytes, content_type: str) -> None:
        """Add RDF to a graph (``POST``)."""
        self.request("POST", self.graph_url(graph), data, {"Content-Type": content_type})

    def put_data(self, graph: str | None, data: bytes, content_type: str) -> None:
        """Replace a graph's content (``PUT``)."""
        self.request("PUT", self.graph_url(graph), data, {"Content-Type": content_type})
