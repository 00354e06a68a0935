"""Around one entity (:func:`neighbours`) and between two (:func:`explain`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InvalidQuery, NoPath
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..schema import references
from .index import PathIndex, path_index
from .query import describe_path, iter_paths, node_of
from .results import Step, make_step
from .spec import PathQuery, check_count
from .steps import PATH_RELATIONS, StepFilter, StepView

__all__ = ["Neighbour", "Neighbourhood", "Explanation", "neighbours", "explain", "DIRECTIONS"]

#: Directions :func:`neighbours` can look in.
DIRECTIONS = ("downstream", "upstream", "both")


@dataclass(frozen=True, slots=True)
class Neighbour:
    """An entity ``distance`` steps from the centre; ``step`` links it to the entity one
    step nearer (``nearer -> entity`` downstream, ``entity -> nearer`` upstream)."""

    entity: Entity
    distance: int
    direction: str
    step: Step


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The result of :func:`neighbours`; ``omitted`` counts neighbours beyond the limit."""

    entity: Entity
    neighbours: tuple[Neighbour, ...]
    depth: int
    omitted: int = 0


@dataclass(frozen=True, slots=True)
class Explanation:
    """Every claim between two entities, each direction strongest first, with the
    sources they cite."""

    subject: Entity
    object: Entity
    forward: tuple[Claim, ...]
    backward: tuple[Claim, ...]
    sources: tuple[Source, ...]
    entities: tuple[Entity, ...] = ()  # context entities (anatomy, model) the claims name
    #: claim id -> how it bears on its direction's step: ``("supports", None, ())``,
    #: ``("contradicts", headline id, ())``, ``("differs", headline id, qualifiers)``
    roles: tuple[tuple[str, tuple[str, str | None, tuple[str, ...]]], ...] = ()

    def role(self, claim_id: str) -> tuple[str, str | None, tuple[str, ...]] | None:
        """How claim ``claim_id`` bears on its step, or None (structural, correlative
        and unsigned claims the step does not weigh)."""
        return dict(self.roles).get(claim_id)


def _layers(
    view: StepView, centre: int, depth: int, downstream: bool
) -> list[tuple[int, int, int, int, int]]:
    """Breadth-first ``(node, distance, nearer, rank, support)``; each node's link is its
    strongest step from the previous layer."""
    seen = {centre}
    layer = [centre]
    out: list[tuple[int, int, int, int, int]] = []
    for distance in range(1, depth + 1):
        best: dict[int, tuple[int, int, int]] = {}
        for u in layer:
            for v, r, sup in view.succ(u) if downstream else view.pred(u):
                if v in seen:
                    continue
                cand = (r, sup, -u)
                if v not in best or cand > best[v]:
                    best[v] = cand
        if not best:
            break
        seen.update(best)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        out.extend((v, distance, -u, r, sup) for v, (r, sup, u) in ordered)
        layer = [v for v, _ in ordered]
    return out


def neighbours(
    kg: KnowledgeGraph | PathIndex,
    entity: str | Entity,
    query: PathQuery | None = None,
    *,
    direction: str = "both",
    depth: int = 1,
    limit: int | None = None,
    **options: Any,
) -> Neighbourhood:
    """Entities within ``depth`` causal steps of ``entity``.

    Parameters
    ----------
    kg : KnowledgeGraph or PathIndex
    entity : str or Entity
        By id, label, synonym, other-language label or CURIE.
    query : PathQuery, optional
        Its claim filters (``min_evidence``, ``species``, ``relations``,
        ``correlations``) decide which claims a step may use, as in
        :func:`~mechkg.paths.iter_paths`; its other fields do not apply here.
    direction : {'both', 'downstream', 'upstream'}
        Downstream follows steps out of the entity (what it affects), upstream steps
        into it (what affects it).
    depth : int, default 1
        Most steps from the entity.
    limit : int, optional
        Most neighbours per direction (nearest, then strongest, first).
    **options
        Fields of :class:`~mechkg.paths.PathQuery` (``species="mouse"``), changing
        those of ``query``.

    Returns
    -------
    Neighbourhood

    Raises
    ------
    EntityNotFound, AmbiguousEntity
        For a name that means no entity, or several.
    InvalidQuery
        For a bad direction, depth, limit or filter.

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> [(n.entity.id, n.distance) for n in neighbours(tiny_graph(), "a").neighbours]
    [('b', 1), ('c', 1)]
    >>> [n.entity.id for n in neighbours(tiny_graph(), "a", species="mouse").neighbours]
    ['b']
    """
    if direction not in DIRECTIONS:
        raise InvalidQuery(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    check_count("depth", depth)
    if limit is not None:
        check_count("limit", limit)
    flt = PathQuery.of(query, **options).step_filter
    ix = path_index(kg)
    centre = node_of(ix, entity)
    view = StepView(ix, flt)
    found: list[Neighbour] = []
    omitted = 0
    for name in ("downstream", "upstream"):
        if direction not in (name, "both"):
            continue
        rows = _layers(view, centre, depth, name == "downstream")
        if limit is not None and len(rows) > limit:
            omitted += len(rows) - limit
            rows = rows[:limit]
        for v, distance, nearer, _, _ in rows:
            u, w = (nearer, v) if name == "downstream" else (v, nearer)
            step = make_step(view, u, w)
            found.append(Neighbour(ix.entity(v), distance, name, step))
    return Neighbourhood(ix.entity(centre), tuple(found), depth, omitted)


def explain(
    kg: KnowledgeGraph | PathIndex, subject: str | Entity, object: str | Entity
) -> Explanation:
    """Every claim between two entities, in both directions, whatever its relation
    (negated, ``causes_no_change`` and structural claims included).

    Parameters
    ----------
    kg : KnowledgeGraph or PathIndex
    subject, object : str or Entity
        By id, label, synonym, other-language label or CURIE.

    Returns
    -------
    Explanation

    Raises
    ------
    NoPath
        When no claim links the two; its alternatives mention a path between them if
        there is one.
    EntityNotFound, AmbiguousEntity
        For a name that means no entity, or several.

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> kg = tiny_graph()
    >>> e = explain(kg, "a", "b")
    >>> [c.id for c in e.forward], [c.id for c in e.backward]
    (['c1'], ['c4'])
    """
    ix = path_index(kg)
    u, v = node_of(ix, subject), node_of(ix, object)

    def strongest_first(numbers: list[int]) -> tuple[Claim, ...]:
        claims = [ix.claims[n] for n in numbers]
        return tuple(sorted(claims, key=lambda c: (-c.rank, c.id)))

    forward = strongest_first(ix.claims_between(u, v))
    backward = strongest_first(ix.claims_between(v, u)) if u != v else ()
    s, o = ix.entity(u), ix.entity(v)
    if not forward and not backward:
        hints = []
        for a, b in ((s, o), (o, s)):
            path = next(iter_paths(ix, a, b, correlations=True, cutoff=6), None) if a != b else None
            if path is not None:
                hints.append(f"a path links them: {describe_path(path)} (`mechkg paths`)")
        raise NoPath(f"no claim links {s.label} and {o.label} directly", hints)
    ids: list[str] = []
    contexts: list[str] = []
    for claim in (*forward, *backward):
        ids.extend(references(claim, "source"))
        contexts.extend(references(claim, "context"))
        contexts.extend((*claim.requires, *claim.independent_of))
    sources = [src for sid in dict.fromkeys(ids) if (src := ix.source(sid)) is not None]
    entities = [e for eid in dict.fromkeys(contexts) if (e := ix.entity_by_id(eid)) is not None]
    view = StepView(ix, StepFilter(relations=PATH_RELATIONS))
    roles: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    for x, y, claims in ((u, v, forward), (v, u, backward)):
        if not claims or view.edge(x, y) is None:
            continue
        step = make_step(view, x, y)
        head = step.claim.id
        roles.update((c.id, ("supports", None, ())) for c in step.claims)
        roles.update((c.id, ("contradicts", head, ())) for c in step.contradictions)
        roles.update((d.claim.id, ("differs", head, d.qualifiers)) for d in step.differs)
    return Explanation(
        s, o, forward, backward, tuple(sources), tuple(entities), tuple(sorted(roles.items()))
    )
