"""Path queries: k-best causal paths, and what to say when there are none."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import NoPath
from ..model import Entity, KnowledgeGraph
from ..terminal import short
from .budget import (
    ALTERNATIVES_WORK,
    QUERY_SECONDS,
    QUERY_WORK,
    WEAKER_SECONDS,
    WEAKER_WORK,
    WorkBudget,
)
from .index import LEVEL_NAMES, PathIndex, path_index
from .results import Path, PathResult, make_path, named_contexts
from .routes import weaker_routes
from .search import best_paths, graded_paths
from .spec import PathQuery
from .steps import StepView

__all__ = ["iter_paths", "find_paths", "node_of", "describe_path", "PathQuery"]

#: Longest cutoff the "longer paths" alternative tries.
MAX_ALTERNATIVE_CUTOFF = 12


def node_of(ix: PathIndex, entity: str | Entity) -> int:
    """The node number of an entity given by name (id, label, synonym ...) or object.

    Raises
    ------
    EntityNotFound
        When no entity answers to the name (with the closest names).
    AmbiguousEntity
        When several entities answer to it equally.
    """
    entity_id = entity.id if isinstance(entity, Entity) else ix.names.lookup(entity)
    node = ix.node(entity_id)
    if node is None:
        from ..errors import EntityNotFound

        raise EntityNotFound(entity_id, ix.names.closest(entity_id))
    return node


def longer_cutoff(cutoff: int) -> int:
    """The cutoff of the "longer paths" alternative to a query of ``cutoff`` steps."""
    return max(cutoff, min(MAX_ALTERNATIVE_CUTOFF, cutoff * 2))


def _prepare(
    kg: KnowledgeGraph | PathIndex, source: str | Entity, target: str | Entity, q: PathQuery
) -> tuple[StepView, int, int, int | None, frozenset[int]]:
    ix = path_index(kg)
    s, t = node_of(ix, source), node_of(ix, target)
    m = None if q.via is None else node_of(ix, q.via)
    banned = frozenset(node_of(ix, a) for a in q.avoid)
    label = ix.entity
    if s == t:
        raise NoPath(
            f"source and target are the same entity ({short(label(s).label)}); "
            "paths are simple and never return to where they started"
        )
    for end in (s, t):
        if end in banned:
            raise NoPath(f"cannot avoid {short(label(end).label)}: it is an end of the path")
    if m is not None and m in (s, t):
        raise NoPath(f"--via {short(label(m).label)} is an end of the path; name a step between")
    if m is not None and m in banned:
        raise NoPath(f"cannot both go through and avoid {short(label(m).label)}")
    if m is not None and q.cutoff < 2:
        raise NoPath("a path through --via needs at least 2 steps (raise --max-length)")
    return StepView(ix, q.step_filter), s, t, m, banned


def iter_paths(
    kg: KnowledgeGraph | PathIndex,
    source: str | Entity,
    target: str | Entity,
    query: PathQuery | None = None,
    *,
    work: WorkBudget | None = None,
    **options: Any,
) -> Iterator[Path]:
    """Simple causal paths from ``source`` to ``target``, best first.

    Best is the highest weakest link (evidence level of the weakest step), then fewer
    steps, then more supporting claims. The generator is lazy: take what you need with
    :func:`itertools.islice`; no call enumerates every path. Given ``work`` (a
    :class:`~mechkg.paths.budget.WorkBudget`), the stream ends when it runs out and
    ``work.exhausted`` says so.

    Parameters
    ----------
    kg : KnowledgeGraph or PathIndex
        The graph (or its cached index, see :func:`mechkg.paths.cache.load_cached`).
    source, target : str or Entity
        Entities by id, label, synonym, other-language label or CURIE.
    query : PathQuery, optional
        What to look for: ``cutoff``, ``min_evidence``, ``species``, ``relations``,
        ``correlations``, ``via``, ``avoid`` (``k`` and ``weaker`` are for
        :func:`find_paths`); see :class:`~mechkg.paths.PathQuery`.
    **options
        Fields of :class:`~mechkg.paths.PathQuery` (``cutoff=4, species="mouse"``),
        changing those of ``query``.

    Returns
    -------
    iterator of Path

    Raises
    ------
    EntityNotFound, AmbiguousEntity
        For a name that means no entity, or several (raised at once, not on iteration).
    NoPath
        When the constraints contradict each other (an end avoided, ``via`` an end).
    InvalidQuery
        For a bad option value (an unknown evidence level or species, a cutoff below 1).

    Notes
    -----
    Steps never use ``causes_no_change``, negated or structural claims. Several claims
    of one ``subject -> object`` pair make one step (see :mod:`mechkg.paths.steps`).

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> kg = tiny_graph()
    >>> [[e.id for e in p.nodes] for p in iter_paths(kg, "a", "c")]
    [['a', 'c'], ['a', 'b', 'c']]
    >>> [[e.id for e in p.nodes] for p in iter_paths(kg, "a", "c", min_evidence="inferred")]
    [['a', 'c']]
    """
    q = PathQuery.of(query, **options)
    view, s, t, m, banned = _prepare(kg, source, target, q)
    nodes = graded_paths(view, s, t, q.cutoff, via=m, avoid=banned, work=work)
    return (make_path(view, n) for n in nodes)


def describe_path(path: Path) -> str:
    """One line: ``A → B → C (2 steps, weakest: hypothesis)``."""
    chain = " → ".join(short(e.label) for e in path.nodes)
    n = len(path.steps)
    return f"{chain} ({n} step{'s' if n != 1 else ''}, weakest: {path.weakest_evidence})"


def _alternatives(ix: PathIndex, s: Entity, t: Entity, q: PathQuery) -> list[str]:
    """What a relaxed query would find, one line per relaxation that finds something
    (all relaxations together spend at most :data:`ALTERNATIVES_WORK` units)."""
    work = WorkBudget(ALTERNATIVES_WORK, QUERY_SECONDS)

    def _best(ix: PathIndex, source: Entity, target: Entity, q: PathQuery) -> Path | None:
        return (
            next(iter_paths(ix, source, target, q, work=work), None) if not work.exhausted else None
        )

    out: list[str] = []
    cutoff = q.cutoff
    tries: list[tuple[str, dict[str, Any]]] = []
    if q.min_evidence is not None:
        tries.append(("at any evidence level (drop --min-evidence)", {"min_evidence": None}))
    if q.species is not None:
        tries.append(("in any species (drop --species)", {"species": None}))
    if q.relations is not None:
        tries.append(("through any causal relation (drop --relation)", {"relations": None}))
    if not q.correlations:
        tries.append(("with correlations (--include-correlations)", {"correlations": True}))
    if q.via is not None:
        tries.append(("not through the --via entity", {"via": None}))
    if q.avoid:
        tries.append(("through the avoided entities (drop --avoid)", {"avoid": ()}))
    longer = longer_cutoff(cutoff)
    relaxed = PathQuery(cutoff=longer, correlations=True)
    for what, change in tries:
        path = _best(ix, s, t, q.relax(**change))
        if path is not None:
            out.append(f"{what}: {describe_path(path)}")
    if longer > cutoff:
        path = _best(ix, s, t, q.relax(cutoff=longer))
        if path is not None:
            out.append(f"longer (--max-length {len(path.steps)}): {describe_path(path)}")
    if not out:
        path = _best(ix, s, t, relaxed)
        if path is not None:
            out.append(
                f"with every filter dropped, correlations and up to {longer} steps: "
                f"{describe_path(path)}"
            )
    reverse = _best(ix, t, s, relaxed)
    if reverse is not None:
        out.append(f"in the opposite direction: {describe_path(reverse)}")
    direct = ix.claims_between(node_of(ix, s), node_of(ix, t))
    if direct and not out:
        out.append(
            f"{len(direct)} claim(s) link them directly but none can be followed "
            "(negated, causes_no_change or structural): see `mechkg explain`"
        )
    if work.exhausted:
        out.append(
            f"(the search for these alternatives stopped at its work budget of {work.limit:,} "
            "units; others may exist)"
        )
    return out


def find_paths(
    kg: KnowledgeGraph | PathIndex,
    source: str | Entity,
    target: str | Entity,
    query: PathQuery | None = None,
    **options: Any,
) -> PathResult:
    """The ``k`` best causal paths from ``source`` to ``target``.

    Takes what :func:`iter_paths` takes; the query's ``k`` and ``weaker`` apply too. The
    result's ``more`` option says whether further paths exist beyond the ``k`` returned.
    With ``weaker`` (and no ``via``), ``result.weaker`` holds, for each evidence level
    below the shown paths, the route that reaches the most entities they do not (see
    :mod:`mechkg.paths.routes`): a proposed mechanism is shown beside the measured routes
    that outrank it.

    Returns
    -------
    PathResult

    Raises
    ------
    NoPath
        When no path satisfies the query; its ``alternatives`` name the nearest relaxed
        queries that do find one (lower evidence, other species, correlations, longer
        paths, the opposite direction).
    EntityNotFound, AmbiguousEntity
        For a name that means no entity, or several.
    InvalidQuery
        For a bad option value.

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> kg = tiny_graph()
    >>> result = find_paths(kg, "a", "c", PathQuery(k=1))
    >>> [p.net_effect for p in result.paths], dict(result.options)["more"]
    ([-1], True)
    >>> find_paths(kg, "c", "a")
    Traceback (most recent call last):
    ...
    mechkg.errors.NoPath: no causal path from C to A within 6 steps
      - in the opposite direction: A → C (1 step, weakest: inferred)
    """
    q = PathQuery.of(query, **options)
    ix = path_index(kg)
    view, s, t, m, banned = _prepare(ix, source, target, q)
    flt = view.filter
    work = WorkBudget(QUERY_WORK, QUERY_SECONDS)
    shown, more = best_paths(view, s, t, q.cutoff, q.k, via=m, avoid=banned, work=work)
    if not shown:
        source_, target_ = ix.entity(s), ix.entity(t)
        if work.exhausted:
            raise NoPath(_stopped_message(source_, target_, q, work))
        raise NoPath(_no_path_message(source_, target_, q), _alternatives(ix, source_, target_, q))
    spent = [("paths", work.limit, work.spent, work.exhausted)]
    routes = []
    if q.weaker and m is None:
        weaker_work = WorkBudget(WEAKER_WORK, WEAKER_SECONDS)
        routes = weaker_routes(view, s, t, q.cutoff, shown, avoid=banned, work=weaker_work)
        spent.append(("weaker_routes", weaker_work.limit, weaker_work.spent, weaker_work.exhausted))
    record = {
        "cutoff": q.cutoff, "relations": q.relations, "correlations": q.correlations,
        "k": q.k, "more": more, "species": flt.species,
        "min_evidence": LEVEL_NAMES[flt.min_rank],
        "via": None if m is None else ix.entity_ids[m],
        "avoid": tuple(sorted(ix.entity_ids[b] for b in banned)),
    }  # fmt: skip
    paths = tuple(make_path(view, n) for n in shown)
    contexts = named_contexts((*paths, *(r.path for r in routes)))
    labels = {c: e.label for c in contexts if (e := ix.entity_by_id(c)) is not None}
    return PathResult(
        ix.entity(s), ix.entity(t), paths, tuple(sorted(record.items())), tuple(routes),
        tuple(sorted(labels.items())), tuple(spent),
    )  # fmt: skip


def _stopped_message(s: Entity, t: Entity, q: PathQuery, work: WorkBudget) -> str:
    return (
        f"no path from {short(s.label)} to {short(t.label)} found before the search "
        f"reached its work budget ({work.limit:,} units): paths may exist; narrow the "
        f"query (a lower --max-length than {q.cutoff}, --min-evidence, --species, --relation)"
    )


def _no_path_message(s: Entity, t: Entity, q: PathQuery) -> str:
    what = "causal or correlative" if q.correlations else "causal"
    text = f"no {what} path from {short(s.label)} to {short(t.label)} within {q.cutoff} steps"
    limits = q.limits()
    if limits:
        text += " (" + "; ".join(limits) + ")"
    return text
