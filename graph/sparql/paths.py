"""Path queries on a SPARQL endpoint, answered as :func:`mechkg.paths.find_paths` answers
them on a local graph, so that the graph never has to fit on this machine.

The endpoint resolves the names (:mod:`mechkg.sparql.names`) and finds the corridor of
the query, the steps any path of at most ``cutoff`` steps can use, with bounded-length
SPARQL patterns (:mod:`mechkg.sparql.corridor`). Only the claims of that corridor are
fetched; the local engine then ranks paths on them, so the result objects, ranking, and
contradictions are those of the local search. When no path exists, a relaxed corridor
(every filter dropped, correlations, longer paths, both directions) is fetched so that
:class:`~mechkg.errors.NoPath` names the same alternatives as the local search.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import MechkgError, NoPath
from ..model import Entity, KnowledgeGraph
from ..paths import PathResult, StepFilter, find_paths, iter_paths
from ..paths.query import check_int
from ..resolve import resolve
from .client import Endpoint
from .corridor import DEFAULT_MAX_NODES, TooLarge, corridor, fetch_subgraph
from .names import PREFIX_LINES, RemoteEntity, dataset_clause, resolve_remote
from .terms import literal

__all__ = ["find_paths_sparql", "path_subgraph", "MAX_ALTERNATIVE_CUTOFF"]

#: As in :mod:`mechkg.paths.query`: the longest cutoff the "longer paths" hint tries.
MAX_ALTERNATIVE_CUTOFF = 12


def _as_given(sub: KnowledgeGraph, name: str, found: RemoteEntity) -> str | Entity:
    """The name itself when it means the same entity in the fetched subgraph (so that
    messages and the result's options read as the user wrote them), else the entity."""
    try:
        if resolve(sub, name).id == found.id:
            return name
    except MechkgError:
        pass
    return sub.entities[found.id]


def find_paths_sparql(
    endpoint: Endpoint | str,
    source: str,
    target: str,
    *,
    k: int = 5,
    cutoff: int = 6,
    min_evidence: str | None = None,
    species: str | None = None,
    relations: Iterable[str] | None = None,
    correlations: bool = False,
    via: str | None = None,
    avoid: Iterable[str] | str = (),
    weaker: bool = True,
    graph: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> PathResult:
    """The ``k`` best causal paths from ``source`` to ``target`` in an endpoint's graph.

    Takes the options of :func:`mechkg.paths.find_paths` (``k``, ``cutoff`` (the maximum
    length), ``min_evidence``, ``species``, ``relations``, ``correlations``, ``via``,
    ``avoid``, ``weaker``) and returns the same :class:`~mechkg.paths.PathResult`.

    Parameters
    ----------
    endpoint : Endpoint or str
        The store holding a graph that ``mechkg push`` uploaded.
    source, target, via : str
        Entity names (id, label, synonym, other-language label or CURIE), resolved on
        the endpoint.
    avoid : str or iterable of str
        Entities no path may pass through.
    graph : str, optional
        The named graph holding the claims (the default graph when None).
    max_nodes : int, default 250 000
        Most entities the search may reach before it is refused.

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
    ValueError, TypeError
        For bad option values (checked before any request).

    Examples
    --------
    >>> result = find_paths_sparql("http://127.0.0.1:7878", "needle", "behaviour")
    ... # doctest: +SKIP
    >>> [e.label for e in result.paths[0].nodes]  # doctest: +SKIP
    ['acupuncture at LR3', 'depressive-like behaviour']
    """
    check_int("k", k, 1)
    check_int("cutoff", cutoff, 1)
    rels = None if relations is None else tuple(sorted(set(relations)))
    flt = StepFilter.make(
        min_evidence=min_evidence, species=species, relations=rels, correlations=correlations
    )
    avoid_names = (avoid,) if isinstance(avoid, str) else tuple(avoid)
    ep = Endpoint.from_url(endpoint) if isinstance(endpoint, str) else endpoint
    s = resolve_remote(ep, source, graph=graph)
    t = resolve_remote(ep, target, graph=graph)
    m = None if via is None else resolve_remote(ep, via, graph=graph)
    banned = [resolve_remote(ep, a, graph=graph) for a in avoid_names]
    named = [s, t, *([m] if m else []), *banned]
    options: dict[str, Any] = {
        "k": k, "cutoff": cutoff, "min_evidence": min_evidence, "species": species,
        "relations": rels, "correlations": correlations, "weaker": weaker,
    }  # fmt: skip

    def run(sub: KnowledgeGraph) -> PathResult:
        return find_paths(
            sub,
            _as_given(sub, source, s),
            _as_given(sub, target, t),
            via=None if m is None or via is None else _as_given(sub, via, m),
            avoid=[_as_given(sub, a, b) for a, b in zip(avoid_names, banned, strict=True)],
            **options,
        )

    bare = fetch_subgraph(ep, (), [e.iri for e in named], graph=graph)
    # Contradictory constraints (an end avoided, via an end ...) raise here, at once.
    iter_paths(
        bare,
        _as_given(bare, source, s),
        _as_given(bare, target, t),
        cutoff=cutoff,
        via=None if m is None or via is None else _as_given(bare, via, m),
        avoid=[_as_given(bare, a, b) for a, b in zip(avoid_names, banned, strict=True)],
    )
    # Every path (through `via` too) of at most `cutoff` steps lies in the corridor.
    pairs = corridor(
        ep, s.iri, t.iri, cutoff, flt, avoid=[b.iri for b in banned], graph=graph,
        max_nodes=max_nodes,
    )  # fmt: skip
    sub = fetch_subgraph(ep, pairs, [e.iri for e in named], graph=graph)
    try:
        return run(sub)
    except NoPath as exc:
        failure = exc
    # Alternatives: every relaxed query runs inside the fully relaxed corridors.
    longer = max(cutoff, min(MAX_ALTERNATIVE_CUTOFF, cutoff * 2))
    loose = StepFilter.make(correlations=True)
    try:
        wide = corridor(ep, s.iri, t.iri, longer, loose, graph=graph, max_nodes=max_nodes)
        wide |= corridor(ep, t.iri, s.iri, longer, loose, graph=graph, max_nodes=max_nodes)
    except TooLarge:
        raise NoPath(str(failure).split("\n", 1)[0]) from None
    wide |= pairs | {(s.iri, t.iri)}
    relaxed = fetch_subgraph(ep, wide, [e.iri for e in named], graph=graph)
    return run(relaxed)  # raises NoPath: the strict corridor holds every path


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
    shown = [*result.paths, *(r.path for r in result.weaker)]
    ids = sorted({e.id for p in shown for e in p.nodes} | {result.source.id, result.target.id})
    rows = ep.select(
        f"""{PREFIX_LINES}
SELECT ?e ?id {dataset_clause(graph)} WHERE {{
  VALUES ?id {{ {" ".join(literal(i) for i in ids)} }}
  ?e a mkg:Entity ; dcterms:identifier ?id .
}}"""
    )
    iris = {row["id"]["value"]: row["e"]["value"] for row in rows}
    pairs = {
        (iris[s.subject.id], iris[s.object.id])
        for p in shown
        for s in p.steps
        if s.subject.id in iris and s.object.id in iris
    }
    return fetch_subgraph(ep, pairs, sorted(iris.values()), graph=graph)
