"""What mechkg knows of each triple store: where its services are and how it differs.

A :class:`Store` lays out the SPARQL query, update and Graph Store Protocol services
under a base URL, says how queries are sent (Virtuoso 7 answers a SPARQL query sent as
the raw body of a POST only after a long wait, so it gets an HTML form), whether the
Graph Store takes the default graph, whether the default graph of a query is the union
of every graph, and the most rows an answer may hold before the store cuts it silently.

:func:`detect` tells the store of a URL from the ``Server`` header of one ``GET`` (any
failure means the Oxigraph layout, mechkg's first target).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

__all__ = ["Store", "STORES", "detect", "store_named"]


@dataclass(frozen=True, slots=True)
class Store:
    """The layout and habits of one kind of store.

    ``query``, ``update`` and ``graph_store`` are paths below the base URL; ``form``
    sends queries and updates as ``application/x-www-form-urlencoded``; ``default_graph``
    is False when the Graph Store writes named graphs only; ``union_default`` True when a
    query's default graph is the union of all graphs (so a path query should name the
    graph); ``max_rows`` the rows after which an answer is cut (None: never);
    ``bulk_param`` a Graph Store URL parameter that loads without a transaction.
    """

    name: str
    query: str
    update: str
    graph_store: str
    form: bool = False
    default_graph: bool = True
    union_default: bool = False
    max_rows: int | None = None
    bulk_param: str | None = None
    workers: int = 2


STORES = {
    "oxigraph": Store("oxigraph", "/query", "/update", "/store", bulk_param="no_transaction"),
    "virtuoso": Store(
        "virtuoso", "/sparql", "/sparql", "/sparql-graph-crud", form=True,
        default_graph=False, union_default=True, max_rows=10_000, workers=1,
    ),
    # Fuseki: the base URL is the dataset's, e.g. http://localhost:3030/ds
    "fuseki": Store("fuseki", "/query", "/update", "/data"),
    # GraphDB (RDF4J): the base URL is the repository's, e.g. .../repositories/mechkg
    "graphdb": Store("graphdb", "", "/statements", "/rdf-graphs/service"),
}  # fmt: skip

_SIGNATURES = (("virtuoso", "virtuoso"), ("oxigraph", "oxigraph"), ("fuseki", "fuseki"),
               ("graphdb", "graphdb"), ("rdf4j", "graphdb"))  # fmt: skip


def store_named(name: str) -> Store:
    """The store called ``name`` (a key of :data:`STORES`).

    Raises
    ------
    ValueError
        For a name mechkg does not know, listing those it does.
    """
    try:
        return STORES[name.lower()]
    except KeyError:
        raise ValueError(
            f"unknown store {name!r}; choose one of {', '.join(sorted(STORES))} or auto"
        ) from None


def detect(base: str, timeout: float = 5.0) -> Store:
    """The store serving ``base``, from the ``Server`` header of a ``GET`` of it (and
    ``/repositories/`` in the URL for GraphDB); Oxigraph's layout when nothing tells."""
    if "/repositories/" in urllib.parse.urlsplit(base).path:
        return STORES["graphdb"]
    handlers: list[urllib.request.BaseHandler] = []
    host = urllib.parse.urlsplit(base).hostname or ""
    if host in ("localhost", "127.0.0.1", "::1"):
        handlers.append(urllib.request.ProxyHandler({}))  # never proxy loopback
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(urllib.request.Request(base + "/", method="GET"), timeout=timeout) as r:
            server = r.headers.get("Server", "")
    except urllib.error.HTTPError as exc:
        server = exc.headers.get("Server", "") if exc.headers else ""
    except (OSError, ValueError):
        return STORES["oxigraph"]
    low = server.lower()
    for mark, name in _SIGNATURES:
        if mark in low:
            return STORES[name]
    return STORES["oxigraph"]
