"""mechkg and other triple stores: upload, SPARQL queries, and path search on an endpoint.

::

    from mechkg.sparql import Endpoint, push, query_local, query_endpoint, find_paths_sparql
    push(kg, "http://127.0.0.1:7878", graph="https://example.org/lr3", replace=True)
    query_endpoint("http://127.0.0.1:7878", "SELECT ...")
    find_paths_sparql("http://127.0.0.1:7878", "needle", "behaviour", k=3)

User text only reaches a query through :func:`mechkg.sparql.terms.iri` and
:func:`mechkg.sparql.terms.literal`. The standard library speaks HTTP; pyoxigraph is
imported only when a function needs it.
"""

from __future__ import annotations

from .client import Endpoint, EndpointError, QueryError
from .corridor import TooLarge
from .paths import find_paths_sparql, path_subgraph
from .push import PushReport, push
from .query import local_store, query_endpoint, query_local
from .results import QueryResult, format_result
from .terms import iri, literal

__all__ = [
    "Endpoint",
    "EndpointError",
    "PushReport",
    "QueryError",
    "QueryResult",
    "TooLarge",
    "find_paths_sparql",
    "format_result",
    "iri",
    "literal",
    "local_store",
    "path_subgraph",
    "push",
    "query_endpoint",
    "query_local",
]
