"""Path queries: k-best causal paths, and what to say when there are none."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import NoPath
from ..model import Entity, KnowledgeGraph
from ..species import species_curie, species_name
from .index import LEVEL_NAMES, PathIndex, path_index
from .results import Path, PathResult, make_path
from .routes import weaker_routes
from .search import graded_paths
from .steps import StepFilter, StepView

__all__ = ["iter_paths", "find_paths", "node_of", "describe_path"]

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


def check_int(name: str, value: object, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    return value


def _prepare(
    kg: KnowledgeGraph | PathIndex,
    source: str | Entity,
    target: str | Entity,
    cutoff: int,
    via: str | Entity | None,
    avoid: Iterable[str | Entity],
    flt: StepFilter,
) -> tuple[StepView, int, int, int | None, frozenset[int]]:
    check_int("cutoff", cutoff, 1)
    ix = path_index(kg)
    s, t = node_of(ix, source), node_of(ix, target)
    m = None if via is None else node_of(ix, via)
    banned = frozenset(node_of(ix, a) for a in ([avoid] if isinstance(avoid, str) else avoid))
    label = ix.entity
    if s == t:
        raise NoPath(
            f"source and target are the same entity ({label(s).label}); "
            "paths are simple and never return to where they started"
        )
    for end in (s, t):
        if end in banned:
            raise NoPath(f"cannot avoid {label(end).label}: it is an end of the path")
    if m is not None and m in (s, t):
        raise NoPath(f"--via {label(m).label} is an end of the path; name a step between")
    if m is not None and m in banned:
        raise NoPath(f"cannot both go through and avoid {label(m).label}")
    if m is not None and cutoff < 2:
        raise NoPath("a path through --via needs at least 2 steps (raise --max-length)")
    return StepView(ix, flt), s, t, m, banned


def iter_paths(
    kg: KnowledgeGraph | PathIndex,
    source: str | Entity,
    target: str | Entity,
    *,
    cutoff: int = 6,
    min_evidence: str | None = None,
    species: str | None = None,
    relations: Iterable[str] | None = None,
    correlations: bool = False,
    via: str | Entity | None = None,
    avoid: Iterable[str | Entity] = (),
) -> Iterator[Path]:
    """Simple causal paths from ``source`` to ``target``, best first.

    Best is the highest weakest link (evidence level of the weakest step), then fewer
    steps, then more supporting claims. The generator is lazy: take what you need with
    :func:`itertools.islice`; no call enumerates every path.

    Parameters
    ----------
    kg : KnowledgeGraph or PathIndex
        The graph (or its cached index, see :func:`mechkg.cache.load_cached`).
    source, target : str or Entity
        Entities by id, label, synonym, other-language label or CURIE.
    cutoff : int, default 6
        Most steps a path may have.
    min_evidence : str, optional
        Lowest evidence level a supporting claim may have.
    species : str, optional
        NCBITaxon CURIE (or a common name such as ``mouse``) every supporting claim must
        have.
    relations : iterable of str, optional
        Relations the steps may use; default the causal ones (increases, decreases,
        directly_increases, directly_decreases, regulates).
    correlations : bool, default False
        Also follow correlations (positively/negatively correlated, associated).
    via : str or Entity, optional
        An entity every path must pass through.
    avoid : iterable of str or Entity
        Entities no path may pass through.

    Returns
    -------
    iterator of Path

    Raises
    ------
    EntityNotFound, AmbiguousEntity
        For a name that means no entity, or several (raised at once, not on iteration).
    NoPath
        When the constraints contradict each other (an end avoided, ``via`` an end).
    ValueError, TypeError
        For a bad evidence level, relation or cutoff.

    Notes
    -----
    Steps never use ``causes_no_change``, negated or structural claims. Several claims
    of one ``subject -> object`` pair make one step (see :mod:`mechkg.paths.steps`).

    Examples
    --------
    >>> from mechkg.model import Claim, Entity, KnowledgeGraph, Source
    >>> ents = {i: Entity(i, i.upper(), "Gene") for i in "abc"}
    >>> kg = KnowledgeGraph(
    ...     entities=ents,
    ...     sources={"s": Source("s", "article")},
    ...     claims={
    ...         "c1": Claim("c1", "a", "increases", "b", "experiment", "s"),
    ...         "c2": Claim("c2", "b", "decreases", "c", "hypothesis", "s"),
    ...         "c3": Claim("c3", "a", "decreases", "c", "inferred", "s"),
    ...     },
    ... )
    >>> [[e.id for e in p.nodes] for p in iter_paths(kg, "a", "c")]
    [['a', 'c'], ['a', 'b', 'c']]
    """
    view, s, t, m, banned = _prepare(
        kg, source, target, cutoff, via, avoid,
        StepFilter.make(min_evidence=min_evidence, species=species, relations=relations,
                        correlations=correlations),
    )  # fmt: skip
    nodes = graded_paths(view, s, t, cutoff, via=m, avoid=banned)
    return (make_path(view, n) for n in nodes)


def describe_path(path: Path) -> str:
    """One line: ``A → B → C (2 steps, weakest: hypothesis)``."""
    chain = " → ".join(e.label for e in path.nodes)
    n = len(path.steps)
    return f"{chain} ({n} step{'s' if n != 1 else ''}, weakest: {path.weakest_evidence})"


def _best(kg: PathIndex, source: Entity, target: Entity, **options: Any) -> Path | None:
    return next(iter_paths(kg, source, target, **options), None)


def _alternatives(ix: PathIndex, s: Entity, t: Entity, options: dict[str, Any]) -> list[str]:
    """What a relaxed query would find, one line per relaxation that finds something."""
    out: list[str] = []
    cutoff = options["cutoff"]
    tries: list[tuple[str, dict[str, Any]]] = []
    if options["min_evidence"] is not None:
        tries.append(("at any evidence level (drop --min-evidence)", {"min_evidence": None}))
    if options["species"] is not None:
        tries.append(("in any species (drop --species)", {"species": None}))
    if options["relations"] is not None:
        tries.append(("through any causal relation (drop --relation)", {"relations": None}))
    if not options["correlations"]:
        tries.append(("with correlations (--include-correlations)", {"correlations": True}))
    if options["via"] is not None:
        tries.append(("not through the --via entity", {"via": None}))
    if options["avoid"]:
        tries.append(("through the avoided entities (drop --avoid)", {"avoid": ()}))
    longer = max(cutoff, min(MAX_ALTERNATIVE_CUTOFF, cutoff * 2))
    relaxed = {"min_evidence": None, "species": None, "relations": None,
               "correlations": True, "via": None, "avoid": (), "cutoff": longer}  # fmt: skip
    for what, change in tries:
        path = _best(ix, s, t, **{**options, **change})
        if path is not None:
            out.append(f"{what}: {describe_path(path)}")
    if longer > cutoff:
        path = _best(ix, s, t, **{**options, "cutoff": longer})
        if path is not None:
            out.append(f"longer (--max-length {len(path.steps)}): {describe_path(path)}")
    if not out:
        path = _best(ix, s, t, **relaxed)
        if path is not None:
            out.append(
                f"with every filter dropped, correlations and up to {longer} steps: "
                f"{describe_path(path)}"
            )
    reverse = _best(ix, t, s, **relaxed)
    if reverse is not None:
        out.append(f"in the opposite direction: {describe_path(reverse)}")
    direct = ix.claims_between(node_of(ix, s), node_of(ix, t))
    if direct and not out:
        out.append(
            f"{len(direct)} claim(s) link them directly but none can be followed "
            "(negated, causes_no_change or structural): see `mechkg explain`"
        )
    return out


def find_paths(
    kg: KnowledgeGraph | PathIndex,
    source: str | Entity,
    target: str | Entity,
    *,
    k: int = 5,
    cutoff: int = 6,
    min_evidence: str | None = None,
    species: str | None = None,
    relations: Iterable[str] | None = None,
    correlations: bool = False,
    via: str | Entity | None = None,
    avoid: Iterable[str | Entity] = (),
    weaker: bool = True,
) -> PathResult:
    """The ``k`` best causal paths from ``source`` to ``target``.

    Takes the options of :func:`iter_paths`, plus ``k`` and ``weaker``. The result's
    ``more`` option says whether further paths exist beyond the ``k`` returned. With
    ``weaker`` (and no ``via``), ``result.weaker`` holds, for each evidence level below
    the shown paths, the route that reaches the most entities they do not (see
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
    ValueError, TypeError
        For bad option values.

    Examples
    --------
    >>> from mechkg.model import Claim, Entity, KnowledgeGraph, Source
    >>> kg = KnowledgeGraph(
    ...     entities={i: Entity(i, i.upper(), "Gene") for i in "ab"},
    ...     sources={"s": Source("s", "article")},
    ...     claims={"c1": Claim("c1", "a", "decreases", "b", "experiment", "s")},
    ... )
    >>> result = find_paths(kg, "a", "b")
    >>> [p.net_effect for p in result.paths]
    [-1]
    >>> find_paths(kg, "b", "a")
    Traceback (most recent call last):
    ...
    mechkg.errors.NoPath: no causal path from B to A within 6 steps
      - in the opposite direction: A → B (1 step, weakest: experiment)
    """
    check_int("k", k, 1)
    options: dict[str, Any] = {
        "cutoff": cutoff, "min_evidence": min_evidence, "species": species,
        "relations": None if relations is None else tuple(sorted(set(relations))),
        "correlations": correlations, "via": via,
        "avoid": (avoid,) if isinstance(avoid, str) else tuple(avoid),
    }  # fmt: skip
    ix = path_index(kg)
    flt = StepFilter.make(
        min_evidence=min_evidence, species=species, relations=options["relations"],
        correlations=correlations,
    )  # fmt: skip
    view, s, t, m, banned = _prepare(ix, source, target, cutoff, via, options["avoid"], flt)
    found = list(itertools.islice(graded_paths(view, s, t, cutoff, via=m, avoid=banned), k + 1))
    if not found:
        source_, target_ = ix.entity(s), ix.entity(t)
        raise NoPath(
            _no_path_message(source_, target_, options),
            _alternatives(ix, source_, target_, options),
        )
    shown = found[:k]
    routes = weaker_routes(view, s, t, cutoff, shown, avoid=banned) if weaker and m is None else []
    record = {
        **options, "k": k, "more": len(found) > k, "species": flt.species,
        "min_evidence": LEVEL_NAMES[flt.min_rank],
        "via": None if m is None else ix.entity_ids[m],
        "avoid": tuple(sorted(ix.entity_ids[b] for b in banned)),
    }  # fmt: skip
    paths = tuple(make_path(view, n) for n in shown)
    contexts = {c for p in (*paths, *(r.path for r in routes)) for c in p.contexts}
    labels = {c: e.label for c in contexts if (e := ix.entity_by_id(c)) is not None}
    return PathResult(
        ix.entity(s), ix.entity(t), paths, tuple(sorted(record.items())), tuple(routes),
        tuple(sorted(labels.items())),
    )  # fmt: skip


def _name(entity: str | Entity) -> str:
    return entity.label if isinstance(entity, Entity) else entity


def _no_path_message(s: Entity, t: Entity, options: dict[str, Any]) -> str:
    what = "causal or correlative" if options["correlations"] else "causal"
    text = f"no {what} path from {s.label} to {t.label} within {options['cutoff']} steps"
    limits = []
    if options["min_evidence"] is not None:
        limits.append(f"evidence at least {options['min_evidence']}")
    if options["species"] is not None:
        limits.append(f"species {species_name(species_curie(options['species']))}")
    if options["relations"] is not None:
        limits.append("relations " + ", ".join(options["relations"]))
    if options["via"] is not None:
        limits.append(f"through {_name(options['via'])}")
    if options["avoid"]:
        limits.append("avoiding " + ", ".join(_name(a) for a in options["avoid"]))
    if limits:
        text += " (" + "; ".join(limits) + ")"
    return text
