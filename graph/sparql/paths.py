"""Path queries on a SPARQL endpoint, answered as :func:`mechkg.paths.find_paths` answers
them on a local graph, so that the graph never has to fit on this machine.

The endpoint resolves the names (:mod:`mechkg.sparql.names`) and finds the corridor of
the query, the steps any path of at most ``cutoff`` steps can use, with the claims that
support them, with bounded-length SPARQL patterns (:mod:`mechkg.sparql.corridor`). The
ranking fields of those claims come one row each (:mod:`mechkg.sparql.skeleton`) and the
local engine ranks paths on them; the claims between the answer's entities (every claim,
for contradictions and necessity tests) and the entities the answer shows are then
fetched whole and the search runs again on them, so the result objects, ranking, and
contradictions are those of the local search. When no path exists, a relaxed corridor
(every filter dropped, correlations, longer paths, both directions) is fetched so that
:class:`~mechkg.errors.NoPath` names the same alternatives as the local search.
"""

from __future__ import annotations

from typing import Any

from ..errors import MechkgError, NoPath
from ..model import Entity, KnowledgeGraph
from ..paths import PathQuery, PathResult, find_paths, iter_paths
from ..paths.query import longer_cutoff
from ..resolve import resolve
from .client import Endpoint, EndpointError
from .corridor import (
    DEFAULT_MAX_NODES,
    TooLarge,
    corridor_claims,
    fetch_subgraph,
)
from .names import PREFIX_LINES, RemoteEntity, dataset_clause, resolve_remote
from .skeleton import merged, skeleton
from .terms import iri, literal

__all__ = ["find_paths_sparql", "path_subgraph", "claims_graph"]


def claims_graph(ep: Endpoint, graph: str | None) -> str | None:
    """The graph to search: ``graph`` when given, or when the store's default graph is
    its own (Oxigraph, Fuseki); on a store whose default graph is the union of every
    graph (Virtuoso), the one named graph holding mechkg claims, since a search over
    the union is slow there.

    Raises
    ------
    EndpointError
        When the claims are in several named graphs (give one with ``graph``).
    """
    if graph is not None or not ep.store.union_default:
        return graph
    rows = ep.select(f"{PREFIX_LINES}\nSELECT ?g WHERE {{ GRAPH ?g {{ ?c a mkg:Claim }} }} LIMIT 1")
    if not rows:
        return None  # no claims at all: the names will not resolve, which says so
    found = rows[0]["g"]["value"]
    other = ep.select(
        f"{PREFIX_LINES}\nSELECT ?g WHERE {{ GRAPH ?g {{ ?c a mkg:Claim }} "
        f"FILTER(?g != {iri(found)}) }} LIMIT 1"
    )
    if other:
        raise EndpointError(
            f"{ep.query_url}: mechkg claims are in several named graphs (<{found}>, "
            f"<{other[0]['g']['value']}>, ...); name the one to search with --graph IRI"
        )
    return found


def _as_given(sub: KnowledgeGraph, name: str, found: RemoteEntity) -> str | Entity:
    """The name itself when it means the same entity in the fetched subgraph (so that
    messages and the result's options read as the user wrote them), else the entity."""
    try:
        if resolve(sub, name).id == found.id:
            return name
    except MechkgError:
        pass
    return sub.entities[found.id]


def _text(name: str | Entity) -> str:
    if not isinstance(name, str):
        raise TypeError(f"an entity name on an endpoint must be a str, got {type(name).__name__}")
    return name


def find_paths_sparql(
    endpoint: Endpoint | str,
    source: str,
    target: str,
    query: PathQuery | None = None,
    *,
    graph: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    **options: Any,
) -> PathResult:
    """The ``k`` best causal paths from ``source`` to ``target`` in an endpoint's graph.

    Takes the query of :func:`mechkg.paths.find_paths` (a :class:`~mechkg.paths.PathQuery`
    or keyword arguments that build one) and returns the same
    :class:`~mechkg.paths.PathResult`.

    Parameters
    ----------
    endpoint : Endpoint or str
        The store holding a graph that ``mechkg push`` uploaded.
    source, target : str
        Entity names (id, label, synonym, other-language label or CURIE), resolved on
        the endpoint, like the query's ``via`` and ``avoid``.
    query : PathQuery, optional
    graph : str, optional
        The named graph holding the claims (the default graph when None; on Virtuoso,
        the one named graph holding claims, see :func:`claims_graph`).
    max_nodes : int, default 250 000
        Most entities the search may reach before it is refused.
    **options
        Fields of :class:`~mechkg.paths.PathQuery`, changing those of ``query``.

    Raises
    ------
    EntityNotFound, AmbiguousEntity
        For a name that means no entity, or several.
    NoPath
        When no path satisfies the query, with the alternatives the local search names.
    TooLarge
        When the query reaches more than ``max_nodes`` entities.
    EndpointError
        When the endpoint fails.
    InvalidQuery
        For bad option values (checked before any request).

    Examples
    --------
    >>> result = find_paths_sparql("http://127.0.0.1:7878", "needle", "behaviour")
    ... # doctest: +SKIP
    >>> [e.label for e in result.paths[0].nodes]  # doctest: +SKIP
    ['acupuncture at LR3', 'depressive-like behaviour']
    """
    q = PathQuery.of(query, **options)
    flt = q.step_filter
    ep = Endpoint.from_url(endpoint) if isinstance(endpoint, str) else endpoint
    graph = claims_graph(ep, graph)
    s = resolve_remote(ep, source, graph=graph)
    t = resolve_remote(ep, target, graph=graph)
    m = None if q.via is None else resolve_remote(ep, _text(q.via), graph=graph)
    banned = [resolve_remote(ep, _text(a), graph=graph) for a in q.avoid]
    named = [s, t, *([m] if m else []), *banned]

    def local(sub: KnowledgeGraph) -> tuple[str | Entity, str | Entity, PathQuery]:
        """The query in terms of a fetched subgraph."""
        via = None if m is None or q.via is None else _as_given(sub, _text(q.via), m)
        avoid = tuple(_as_given(sub, _text(a), b) for a, b in zip(q.avoid, banned, strict=True))
        return _as_given(sub, source, s), _as_given(sub, target, t), q.relax(via=via, avoid=avoid)

    def run(sub: KnowledgeGraph) -> PathResult:
        return find_paths(sub, *local(sub))

    ends = [e.iri for e in named]
    bare = fetch_subgraph(ep, (), ends, graph=graph)
    # Contradictory constraints (an end avoided, via an end ...) raise here, at once.
    a, b, bare_query = local(bare)
    iter_paths(bare, a, b, PathQuery(cutoff=q.cutoff, via=bare_query.via, avoid=bare_query.avoid))
    # Every path (through `via` too) of at most `cutoff` steps lies in the corridor, and
    # every claim that can support one of its steps came with it.
    steps = corridor_claims(
        ep, s.iri, t.iri, q.cutoff, flt, avoid=[b.iri for b in banned], graph=graph,
        max_nodes=max_nodes,
    )  # fmt: skip
    known = set().union(*steps.values())
    bones = skeleton(ep, known, graph)
    try:
        found = run(bones.graph(bare.entities))
    except NoPath as exc:
        failure = exc
    else:
        # The claims and entities the answer shows, whole: the claims of any kind between
        # the entities of its paths (what opposes a step, necessity tests), and the
        # entities that could stand in their places.
        shown = [*found.paths, *(r.path for r in found.weaker)]
        ids = {e.id for p in shown for e in p.nodes}
        ids |= {e.id for r in found.weaker for b in r.branches for e in b}
        pairs = {
            (bones.iris[u.id], bones.iris[v.id])
            for p in shown
            for i, u in enumerate(p.nodes)
            for v in p.nodes[i + 1 :]
            if u.id in bones.iris and v.id in bones.iris
        }
        wanted = ends + sorted(bones.iris[i] for i in ids if i in bones.iris)
        whole = fetch_subgraph(ep, pairs, wanted, graph=graph)
        return run(merged(bones, whole))
    # Alternatives: every relaxed query runs inside the fully relaxed corridors.
    longer = longer_cutoff(q.cutoff)
    loose = PathQuery(correlations=True).step_filter
    try:
        for u, v in ((s.iri, t.iri), (t.iri, s.iri)):
            for claims in corridor_claims(
                ep, u, v, longer, loose, graph=graph, max_nodes=max_nodes
            ).values():  # fmt: skip
                known |= claims
    except TooLarge:
        raise NoPath(str(failure).split("\n", 1)[0]) from None
    # The alternatives name the entities of their paths: those come whole.
    bones = skeleton(ep, known, graph)
    whole = fetch_subgraph(ep, [(s.iri, t.iri)], ends + sorted(bones.iris.values()), graph=graph)
    return run(merged(bones, whole))  # raises NoPath: the strict corridor holds every path


def _entity_iris(ep: Endpoint, ids: list[str], graph: str | None) -> dict[str, str]:
    """The IRIs of the entities with these ids."""
    rows = ep.select(
        f"""{PREFIX_LINES}
SELECT ?e ?id {dataset_clause(graph)} WHERE {{
  VALUES ?id {{ {" ".join(literal(i) for i in ids)} }}
  ?e a mkg:Entity ; dcterms:identifier ?id .
}}"""
    )
    return {row["id"]["value"]: row["e"]["value"] for row in rows}


def path_subgraph(
    endpoint: Endpoint | str, result: PathResult, *, graph: str | None = None
) -> KnowledgeGraph:
    """The claims along a result's paths (and weaker routes), with their entities and
    sources, fetched from the endpoint: what ``mechkg paths --html`` draws.

    Raises
    ------
    EndpointError
        When the endpoint fails.
    """
    ep = Endpoint.from_url(endpoint) if isinstance(endpoint, str) else endpoint
    graph = claims_graph(ep, graph)
    shown = [*result.paths, *(r.path for r in result.weaker)]
    ids = sorted({e.id for p in shown for e in p.nodes} | {result.source.id, result.target.id})
    iris = _entity_iris(ep, ids, graph)
    pairs = {
        (iris[s.subject.id], iris[s.object.id])
        for p in shown
        for s in p.steps
        if s.subject.id in iris and s.object.id in iris
    }
    return fetch_subgraph(ep, pairs, sorted(iris.values()), graph=graph)
