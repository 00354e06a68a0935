"""A small SPARQL 1.1 Protocol and Graph Store Protocol client on the standard library.

:class:`Endpoint` speaks to a store's query, update and graph store services (Oxigraph's
``/query``, ``/update`` and ``/store`` by default, or another store's layout, see
:mod:`mechkg.sparql.stores`) with ``urllib``. Every request has a
deadline, from connecting to the last byte of the answer (a server that trickles bytes
cannot keep it open), and every answer a size limit. Any HTTP failure becomes an
:class:`EndpointError` that carries the server's own message, with the characters a
terminal would obey shown as escapes.
"""

from __future__ import annotations

import dataclasses
import http.client
import ipaddress
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from ..errors import MechkgError
from ..terminal import visible
from .stores import STORES, Store, detect, store_named
from .terms import iri

__all__ = [
    "Endpoint",
    "EndpointError",
    "QueryError",
    "Truncated",
    "DEFAULT_TIMEOUT",
    "MAX_ANSWER_BYTES",
    "check_bindings",
    "parse_json",
]

#: Seconds a request may take, from connecting to the last byte of the answer.
DEFAULT_TIMEOUT = 60.0
#: Most bytes of one answer (512 MiB); a larger answer is refused, never held whole.
MAX_ANSWER_BYTES = 512 * 1024 * 1024
#: Most characters of a server's error message repeated in an EndpointError.
MAX_MESSAGE = 2000
_SERVICE_NAMES = ("query", "sparql", "update", "store")
_CHUNK = 1 << 16
_TERM_TYPES = frozenset(("uri", "literal", "typed-literal", "bnode"))


class EndpointError(MechkgError):
    """A request to a SPARQL endpoint failed (unreachable, timed out, answered too much
    or in the wrong shape, or an HTTP error, with the server's message)."""


class Truncated(EndpointError):
    """The store cut an answer at its row limit (Virtuoso's ``ResultSetMaxRows``)."""


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


def parse_json(body: bytes, what: str) -> Any:
    """A JSON answer, refused (EndpointError naming ``what``) when it does not parse or
    nests too deep for the parser (SPARQL results nest five levels)."""
    try:
        return json.loads(body)
    except RecursionError:
        raise EndpointError(
            f"{what}: the answer nests too deep to be SPARQL JSON results"
        ) from None
    except ValueError:
        raise EndpointError(f"{what}: the answer is not JSON: {_snippet(body)}") from None


def _snippet(body: bytes) -> str:
    return visible(repr(body[:200]))


def _term(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and value.get("type") in _TERM_TYPES
        and isinstance(value.get("value"), str)
        and all(isinstance(value[k], str) for k in ("xml:lang", "datatype") if k in value)
    )


class _Row(dict):  # type: ignore[type-arg]
    """A binding row: a variable the query needs but the answer lacks is an error."""

    what = ""

    def __missing__(self, key: str) -> Any:
        raise EndpointError(f"{self.what}: an answer row has no value for ?{key}")


def check_bindings(doc: Any, what: str) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The variables and rows of a SPARQL JSON SELECT answer, each row checked: a
    mapping from variable names to RDF terms (``{"type": ..., "value": ...}``).

    Raises
    ------
    EndpointError
        For any other shape, naming ``what`` (the endpoint).
    """
    if not isinstance(doc, dict):
        raise EndpointError(f"{what}: the answer is not a SPARQL JSON results object")
    head = doc.get("head", {})
    names = head.get("vars", []) if isinstance(head, dict) else None
    if not isinstance(names, list) or not all(isinstance(v, str) for v in names):
        raise EndpointError(f"{what}: the answer's head.vars is not a list of names")
    results = doc.get("results")
    rows = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(rows, list):
        raise EndpointError(f"{what}: the answer has no results.bindings list")
    checked: list[dict[str, Any]] = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not all(
            isinstance(k, str) and _term(v) for k, v in row.items()
        ):
            raise EndpointError(
                f"{what}: row {n} of the answer is not a mapping of variables to RDF "
                "terms ({'type': ..., 'value': ...})"
            )
        out = _Row(row)
        out.what = what
        checked.append(out)
    return tuple(names), checked


class _Watch:
    """Closes the sockets of one request when its deadline passes, which wakes a read
    that is waiting for a slow server."""

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _HTTPConnection(http.client.HTTPConnection):
    watch: _Watch

    def connect(self) -> None:
        super().connect()
        self.watch.add(self.sock)


class _HTTPSConnection(http.client.HTTPSConnection):
    watch: _Watch

    def connect(self) -> None:
        super().connect()
        self.watch.add(self.sock)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def _connection(self, host: str, **kwargs: Any) -> http.client.HTTPConnection:
        conn = _HTTPConnection(host, **kwargs)
        conn.watch = self.watch
        return conn

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)  # type: ignore[arg-type]


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def _connection(self, host: str, **kwargs: Any) -> http.client.HTTPSConnection:
        conn = _HTTPSConnection(host, **kwargs)
        conn.watch = self.watch
        return conn

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The services of one SPARQL store.

    Build one with :meth:`from_url`; ``query_url``, ``update_url`` and ``store_url`` are
    the SPARQL query, SPARQL update and Graph Store Protocol services, ``store`` the
    kind of store (its habits, :class:`~mechkg.sparql.stores.Store`). ``timeout`` is
    the seconds each request may take (connecting, sending, and reading the whole
    answer); ``deadline``, when set, a :func:`time.monotonic` time by which every
    request must be done (:meth:`within`); ``max_bytes`` the largest answer read.
    """

    query_url: str
    update_url: str
    store_url: str
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = MAX_ANSWER_BYTES
    deadline: float | None = None
    store: Store = STORES["oxigraph"]

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_ANSWER_BYTES,
        store: str | Store = "oxigraph",
    ) -> Endpoint:
        """The endpoint of a store given by its base URL (``http://host:7878``) or by
        one of its services (``http://host:7878/query``, ``.../sparql``, ``.../update``,
        ``.../store``): the others are found beside it, as ``store`` lays them out
        (a name of :data:`~mechkg.sparql.stores.STORES`, or ``auto`` to ask the server
        which it is, see :func:`~mechkg.sparql.stores.detect`).

        Raises
        ------
        EndpointError
            For a URL that is not http(s) or has no host, or a timeout or size limit
            that is not positive.
        """
        parts = urllib.parse.urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EndpointError(
                f"endpoint {visible(repr(url))} is not an http(s) URL; give the store's "
                "address, e.g. http://localhost:7878"
            )
        if timeout <= 0:
            raise EndpointError(f"timeout must be positive, got {timeout}")
        if max_bytes <= 0:
            raise EndpointError(f"max_bytes must be positive, got {max_bytes}")
        path = parts.path.rstrip("/")
        head, _, last = path.rpartition("/")
        query_path = None
        if last in _SERVICE_NAMES or last == "sparql-graph-crud":
            path = head
            if last in ("query", "sparql"):
                query_path = f"{head}/{last}"
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        query = urllib.parse.urlunsplit((parts.scheme, parts.netloc, query_path or "", "", ""))
        if isinstance(store, str):
            try:
                kind = detect(base, min(timeout, 5.0)) if store == "auto" else store_named(store)
            except ValueError as exc:
                raise EndpointError(str(exc)) from None
        else:
            kind = store
        return cls(
            query_url=query if query_path else f"{base}{kind.query}",
            update_url=f"{base}{kind.update}",
            store_url=f"{base}{kind.graph_store}",
            timeout=timeout,
            max_bytes=max_bytes,
            store=kind,
        )

    def within(self, seconds: float) -> Endpoint:
        """The same endpoint, with every request due within ``seconds`` from now: a
        deadline for a whole task of many requests (``mechkg paths --endpoint``)."""
        return dataclasses.replace(self, deadline=time.monotonic() + seconds)

    # -- HTTP ----------------------------------------------------------------------------

    def _limit(self) -> tuple[float, str]:
        """Seconds left for the next request, and how to say the limit."""
        if self.deadline is None:
            return self.timeout, f"{self.timeout:g} s"
        left = self.deadline - time.monotonic()
        return min(self.timeout, left), f"the --timeout of {self.timeout:g} s"

    def request(
        self,
        method: str,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[str, bytes]:
        """Send one request; returns ``(content type, body)`` (see :meth:`exchange`)."""
        answer, body = self.exchange(method, url, data, headers)
        return answer.get("Content-Type", ""), body

    def exchange(
        self,
        method: str,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[Any, bytes]:
        """Send one request; returns the answer's headers and body.

        Raises
        ------
        EndpointError
            When the server cannot be reached, does not answer in full within the
            timeout (or the deadline), answers more than ``max_bytes``, or answers with
            an error status (the message includes the server's explanation).
        """
        seconds, limit = self._limit()
        late = f"{method} {url}: no complete answer within {limit}"
        if seconds <= 0:
            raise EndpointError(late)
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        watch = _Watch()
        handlers: list[Any] = [_HTTPHandler(watch), _HTTPSHandler(watch)]
        if _is_loopback(urllib.parse.urlsplit(url).hostname):
            handlers.append(urllib.request.ProxyHandler({}))  # never proxy loopback
        opener = urllib.request.build_opener(*handlers)
        timer = threading.Timer(seconds, watch.expire)
        timer.daemon = True
        timer.start()
        try:
            with opener.open(req, timeout=seconds) as response:
                body = self._read(response, method, url)
                if watch.expired:  # the socket was closed under a read: the body is cut
                    raise EndpointError(late)
                return response.headers, body
        except urllib.error.HTTPError as exc:
            if watch.expired:
                raise EndpointError(late) from None
            try:
                said = exc.read(MAX_MESSAGE * 4).decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                said = ""
            message = visible(" ".join(said.split())[:MAX_MESSAGE]) or exc.reason
            raise EndpointError(f"{method} {url}: HTTP {exc.code}: {message}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if watch.expired or isinstance(reason, TimeoutError):
                raise EndpointError(late) from None
            raise EndpointError(f"cannot reach {url}: {visible(str(reason))}") from None
        except TimeoutError:
            raise EndpointError(late) from None
        except (OSError, http.client.HTTPException) as exc:
            if watch.expired:
                raise EndpointError(late) from None
            raise EndpointError(f"{method} {url}: connection failed: {visible(str(exc))}") from None
        finally:
            timer.cancel()

    def _read(self, response: Any, method: str, url: str) -> bytes:
        """The whole body, a chunk at a time, refused past ``max_bytes``."""
        too_big = (
            f"{method} {url}: the answer is larger than {self.max_bytes:,} bytes; "
            "ask for less (add LIMIT, or filter)"
        )
        length = response.headers.get("Content-Length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_bytes:
            raise EndpointError(too_big)
        chunks = []
        size = 0
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise EndpointError(too_big)
            chunks.append(chunk)
        return b"".join(chunks)

    def _sparql(self, url: str, kind: str, text: str, accept: str) -> tuple[Any, bytes]:
        """Send a query or update (every one goes through here); returns the answer's
        headers and body."""
        if self.store.form:
            data = urllib.parse.urlencode({kind: text}).encode("ascii")
            media = "application/x-www-form-urlencoded"
        else:
            data, media = text.encode("utf-8"), f"application/sparql-{kind}; charset=utf-8"
        try:
            return self.exchange("POST", url, data, {"Content-Type": media, "Accept": accept})
        except EndpointError as exc:
            if ": HTTP 400:" in str(exc):
                raise QueryError(str(exc)) from None
            raise

    def _cut(self, rows: int, answer: Any) -> None:
        """Raise :class:`Truncated` when the store says (or its row limit shows) that it
        cut this answer of ``rows`` rows."""
        limit = answer.get("X-SPARQL-MaxRows")
        if limit is None and (self.store.max_rows is None or rows < self.store.max_rows):
            return
        raise Truncated(
            f"{self.query_url}: the store cut its answer at {limit or rows} rows (its "
            "limit on the rows of one answer, e.g. Virtuoso's ResultSetMaxRows in the "
            "[SPARQL] section of virtuoso.ini); raise that limit"
        )

    # -- SPARQL 1.1 Protocol ----------------------------------------------------------

    def query(self, text: str) -> tuple[str, bytes]:
        """Run any query; SELECT/ASK answer in SPARQL JSON, CONSTRUCT/DESCRIBE in
        N-Triples. Returns ``(content type, body)``."""
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        answer, body = self._sparql(self.query_url, "query", text, accept)
        if answer.get("X-SPARQL-MaxRows") is not None:
            self._cut(0, answer)
        return answer.get("Content-Type", ""), body

    def select(self, text: str) -> list[dict[str, dict[str, str]]]:
        """The bindings of a SELECT query (SPARQL 1.1 JSON results), each row checked
        (:func:`check_bindings`, and every IRI by the strict IRI check, as these rows
        feed later queries); a variable missing from a row is an EndpointError."""
        answer, body = self._sparql(
            self.query_url, "query", text, "application/sparql-results+json"
        )
        rows = check_bindings(parse_json(body, self.query_url), self.query_url)[1]
        self._cut(len(rows), answer)
        for row in rows:
            for term in row.values():
                if term["type"] == "uri":
                    try:
                        iri(term["value"])
                    except ValueError:
                        raise EndpointError(
                            f"{self.query_url}: the answer holds a malformed IRI "
                            f"{visible(repr(term['value'][:60]))}"
                        ) from None
        return rows

    def construct(self, text: str) -> bytes:
        """The N-Triples of a CONSTRUCT query (:class:`Truncated` when the store cut it)."""
        answer, body = self._sparql(self.query_url, "query", text, "application/n-triples")
        self._cut(body.count(b"\n"), answer)
        return body

    def update(self, text: str) -> None:
        """Run a SPARQL update (the store applies it whole or not at all)."""
        self._sparql(self.update_url, "update", text, "*/*")

    # -- Graph Store Protocol ----------------------------------------------------------

    def graph_url(self, graph: str | None) -> str:
        """The Graph Store Protocol URL of a named graph (the default graph for None)."""
        if graph is None:
            if not self.store.default_graph:
                raise EndpointError(
                    f"{self.store_url}: the Graph Store of {self.store.name} writes named "
                    "graphs only; give one (--graph IRI)"
                )
            return f"{self.store_url}?default"
        iri(graph)  # refuse malformed graph names before they reach a URL
        return f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"

    def post_data(
        self, graph: str | None, data: bytes, content_type: str, *, bulk: bool = False
    ) -> None:
        """Add RDF to a graph (``POST``); with ``bulk``, through the store's loader that
        skips the transaction when it has one (Oxigraph's ``no_transaction``)."""
        url = self.graph_url(graph)
        if bulk and self.store.bulk_param:
            url += f"&{self.store.bulk_param}"
        self.request("POST", url, data, {"Content-Type": content_type})

    def put_data(self, graph: str | None, data: bytes, content_type: str) -> None:
        """Replace a graph's content (``PUT``)."""
        self.request("PUT", self.graph_url(graph), data, {"Content-Type": content_type})
