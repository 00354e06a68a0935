"""Weaker routes: what the k best paths leave out.

The k best paths of a well-studied pair are often all at one strong evidence level, and
a proposed mechanism (say, a news article's hypothesis chain) ranks below every measured
route. For each evidence level below the shown paths, :func:`weaker_routes` picks the
path that reaches the most entities none of the shown paths reach (ties: the better
ranked), and names its parallel branches: at each position, the other entities that could
stand there (linked to both neighbours at the same level), as the chain shorthand's
``A/B`` does.

The search spends from a :class:`~mechkg.paths.budget.WorkBudget`, shared fairly between
the levels (each gets what is left over the levels still to search), so a level whose
paths are costly to enumerate cannot starve the others or hold up the answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Set

from .budget import WEAKER_WORK, WorkBudget
from .results import Route, make_path
from .search import path_grade, yen
from .steps import StepView

__all__ = ["Route", "weaker_routes", "CANDIDATES_PER_LEVEL"]

#: Index entries the branches' set intersections look at per work unit.
BRANCH_ENTRIES_PER_UNIT = 16
#: Paths examined per evidence level (the search never enumerates every path).
CANDIDATES_PER_LEVEL = 64


def _branches(view: StepView, nodes: list[int], level: int) -> tuple[list[list[int]], int]:
    """The parallel branches of each inner position of ``nodes`` and the index entries
    looked at (only the neighbours two steps share are decoded: hubs stay cheap)."""
    ix = view.index
    on_path = set(nodes)
    out, entries = [], 0
    for before, after in zip(nodes, nodes[2:], strict=False):
        lo, hi = ix.out_start[before], ix.out_start[before + 1]
        lo2, hi2 = ix.in_start[after], ix.in_start[after + 1]
        entries += hi - lo + hi2 - lo2
        shared = set(ix.out_nbr[lo:hi]).intersection(ix.in_nbr[lo2:hi2])
        alts = []
        for x in shared - on_path:
            first, second = view.edge(before, x), view.edge(x, after)
            if first is not None and second is not None and min(first[0], second[0]) >= level:
                alts.append(x)
        out.append(sorted(alts, key=lambda n: ix.entity_ids[n]))
    return out, entries


def weaker_routes(
    view: StepView,
    s: int,
    t: int,
    cutoff: int,
    shown: list[list[int]],
    *,
    avoid: Set[int] = frozenset(),
    work: WorkBudget | None = None,
) -> list[Route]:
    """One route per evidence level below the weakest shown path (see the module
    docstring), strongest level first. Routes through ``--via`` are not looked for.

    ``work`` (default :data:`~mechkg.paths.budget.WEAKER_WORK` units) is shared between
    the levels; when a level uses up its share, its route is the best of the candidates
    found by then and ``work.exhausted`` is set."""
    work = WorkBudget(WEAKER_WORK) if work is None else work
    if not shown:
        return []
    floor = min(path_grade(view, p) for p in shown)
    seen_nodes = {n for p in shown for n in p}
    big = cutoff * view.max_support + 1
    routes = []
    levels = range(floor - 1, view.filter.min_rank - 1, -1)
    for left, level in zip(range(len(levels), 0, -1), levels, strict=True):
        best: tuple[int, list[int]] | None = None
        share = None if work.limit is None else max(work.limit - work.spent, 0) // left
        part = WorkBudget(share, deadline=work.deadline)
        stream = yen(view, s, t, level, cutoff, big, avoid, part)
        for _, nodes in itertools.islice(stream, CANDIDATES_PER_LEVEL):
            if path_grade(view, nodes) != level:
                continue
            novel = len(set(nodes) - seen_nodes)
            if novel and (best is None or novel > best[0]):
                best = (novel, nodes)
        work.spent += part.spent
        work.exhausted |= part.exhausted
        if best is None:
            continue
        nodes = best[1]
        seen_nodes.update(nodes)
        ix = view.index
        decoded = view.decoded
        found, entries = _branches(view, nodes, level)
        work.spend(entries // BRANCH_ENTRIES_PER_UNIT + view.decoded - decoded)
        branches = tuple(tuple(ix.entity(n) for n in alts) for alts in found)
        routes.append(Route(make_path(view, nodes), branches))
    return routes
