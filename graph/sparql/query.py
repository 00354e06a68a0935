"""Run SPARQL on a graph: in an embedded store (pyoxigraph) or on an endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import KnowledgeGraph
from .client import Endpoint, QueryError
from .guard import MAX_NESTING, nesting, uses_service
from .results import QueryResult

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["local_store", "query_local", "query_endpoint", "ontology_ntriples"]


def ontology_ntriples() -> bytes:
    """The mechkg ontology (``ontology/mechkg.ttl``) as N-Triples."""
    import pyoxigraph as ox
    from mechkg.ontology import ONTOLOGY_PATH

    triples = ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def local_store(kg: KnowledgeGraph, *, ontology: bool = True) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store holding the graph's triples (and the ontology, so
    evidence ranks, signs and relation groups are queryable)."""
    import pyoxigraph as ox

    from ..export.ntriples import to_ntriples

    store = ox.Store()
    store.bulk_load(to_ntriples(kg).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    if ontology:
        from mechkg.ontology import ONTOLOGY_PATH

        store.bulk_load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE)
    return store


def _serialise(result: Any) -> QueryResult:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryTriples):
        data = result.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
        return QueryResult("graph", ntriples=data.decode("utf-8"))
    data = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
    return QueryResult.from_response("application/sparql-results+json", data)


def query_local(kg: KnowledgeGraph | pyoxigraph.Store, sparql: str) -> QueryResult:
    """Run ``sparql`` on the graph (loaded with the ontology into an embedded store).

    Raises
    ------
    QueryError
        When the query does not parse or cannot be evaluated, has a SERVICE clause,
        or nests more than :data:`~mechkg.sparql.guard.MAX_NESTING` levels.

    Examples
    --------
    >>> import mechkg
    >>> r = query_local(mechkg.load(), "ASK { ?c a <https://w3id.org/mechkg/ontology#Claim> }")
    >>> r.boolean
    True
    """
    if uses_service(sparql):
        raise QueryError(
            "SERVICE clauses are not run on the local graph (they would fetch from the "
            "network); query that store with --endpoint instead"
        )
    depth = nesting(sparql)
    if depth > MAX_NESTING:
        raise QueryError(
            f"the query nests {depth} levels of braces and brackets (more than "
            f"{MAX_NESTING}); flatten it"
        )
    store = local_store(kg) if isinstance(kg, KnowledgeGraph) else kg
    try:
        return _serialise(store.query(sparql))
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def query_endpoint(endpoint: Endpoint | str, sparql: str) -> QueryResult:
    """Run ``sparql`` on an endpoint with the SPARQL 1.1 Protocol.

    Raises
    ------
    QueryError
        When the endpoint refuses the query (HTTP 400, with its message).
    EndpointError
        When it cannot be reached or fails otherwise.
    """
    ep = Endpoint.from_url(endpoint) if isinstance(endpoint, str) else endpoint
    content_type, body = ep.query(sparql)
    return QueryResult.from_response(content_type, body)
