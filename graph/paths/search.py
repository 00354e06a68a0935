"""k-best simple path search over a :class:`~mechkg.paths.steps.StepView`.

Paths are ranked by their weakest link (highest first), then by fewer steps, then by more
supporting claims. The search runs one evidence level at a time, strongest first: at level
``t`` it walks only steps whose evidence rank is at least ``t`` and yields, in order, the
paths whose weakest link is exactly ``t`` (those above ``t`` came from earlier levels).

Within a level the order (fewer steps, then more claims) is the order of a single integer
cost, ``sum(big - support)`` over the steps, with ``big`` larger than any path's total
support. That lets Yen's algorithm (with Lawler's saving of re-spurring only past the
deviation) enumerate simple paths in rank order, each spur path found by a bidirectional
breadth-first search bounded by the remaining step budget (the fewest steps first, then
the most supported of the shortest paths). Nothing ever enumerates all paths,
and every search spends from a :class:`~mechkg.paths.budget.WorkBudget`: when it runs
out, the streams end with the paths found so far (a prefix of the full ranking).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Set

from .bounds import BOUND_ENTRIES, HopBounds, hop_bounds
from .budget import WorkBudget
from .index import LEVEL_NAMES
from .steps import StepView

__all__ = [
    "shortest", "yen", "graded_paths", "best_paths", "path_grade", "MAX_VIA_PAIRS", "WorkBudget",
]  # fmt: skip

#: Most equal-cost paths buffered to order them by entity ids (see _tie_ordered).
TIE_BUFFER = 256
#: Most (source->via, via->target) pairs examined per evidence level for a --via query.
MAX_VIA_PAIRS = 20_000
#: Work units of a spur search's bookkeeping (its root and banned nodes), beside the units
#: of the search itself.
SPUR_UNITS = 8
#: Work units per step of a path the search returns (looking up its claims costs about
#: as much as expanding this many steps).
PATH_UNITS = 64
#: Work units a k-best search spends before it computes step bounds (see :mod:`.bounds`).
LAZY_BOUNDS = 3_000
_NO_NODES: frozenset[int] = frozenset()
_NEXT = (1).__add__


def shortest(
    view: StepView,
    s: int,
    t: int,
    level: int,
    budget: int,
    big: int,
    banned: Set[int] = _NO_NODES,
    banned_next: Set[int] = _NO_NODES,
    work: WorkBudget | None = None,
    bounds: HopBounds | None = None,
    offset: int = 0,
) -> tuple[int, list[int], list[int]] | None:
    """The cheapest ``s -> t`` path of at most ``budget`` steps, each of rank >= ``level``,
    through no ``banned`` node and with no first step into ``banned_next``.

    Returns ``(cost, nodes, prefix_costs)`` or None (also when ``work`` runs out: check
    ``work.exhausted``). Since cost is step-major, the cheapest path is a shortest one: a
    bidirectional breadth-first search finds the fewest steps, a whole layer of nodes at a
    time (set operations over each node's step ends, the side whose frontier has fewer
    index entries first), then the most supported of the shortest paths is picked over
    the nodes those paths can pass only. With ``bounds`` (of the query whose spur this is,
    ``s`` being ``offset`` steps from its source), a node that no path within the budget
    can pass is never reached. ``big`` exceeds the total support of any path of
    ``budget`` steps (see the module).
    """
    if budget <= 0 or s == t:
        return None
    work = WorkBudget(None) if work is None else work
    starts = (view.index.out_start, view.index.in_start)
    ends_at = (view.succ_ids_at, view.pred_ids_at)
    # the layers of each side: nodes first reached in 0, 1, 2 ... steps from s (forward)
    # or to t (backward); banned nodes are never reached
    layers: tuple[list[set[int]], list[set[int]]] = ([{s}], [{t}])
    reached = ({s}, {t})
    # index entries of each side's frontier (a hub waits until the other side has one)
    entries = [starts[0][s + 1] - starts[0][s], starts[1][t + 1] - starts[1][t]]
    # per direction: (the levels of the bound to the far end, its floor, most steps)
    if bounds is None:
        near: tuple[tuple[list[set[int]], int, int], ...] = (([], 0, budget), ([], 0, budget))
    else:
        near = ((*bounds.to_levels, budget), (*bounds.from_levels, budget + offset))
    decoded = view.decoded
    met: set[int] = set()
    while len(layers[0]) + len(layers[1]) - 2 < budget:
        d = 0 if entries[0] <= entries[1] else 1
        mine = layers[d]
        h1 = len(mine)  # steps to the nodes of the new layer
        ends = ends_at[d]
        new: set[int] = set()
        for u in mine[-1]:
            nbrs = ends(u, level)
            # a node's claims are decoded into steps once: that costs a unit per claim
            if not work.spend(1 + len(nbrs) + view.decoded - decoded):
                return None
            decoded = view.decoded
            # the first step may not enter banned_next: s -> v forward, v = s backward
            if d == 0:
                if u == s and banned_next:
                    nbrs = tuple([v for v in nbrs if v not in banned_next])
            elif u in banned_next:
                nbrs = tuple([v for v in nbrs if v != s])
            new.update(nbrs)
        new = new.difference(reached[d])
        if banned:
            new = new.difference(banned)
        far, floor, most = near[d]
        room = most - h1  # the steps a node of the layer may still need to the far end
        if floor > room:  # every bound is at most its floor: else none can prune
            # only the nodes within ``room`` steps of the far end are kept
            new = set().union(*[new.intersection(level) for level in far[: room + 1]])
        met = new.intersection(reached[1 - d])
        mine.append(new)
        if met or not new:
            break
        reached[d].update(new)
        if len(layers[0]) + len(layers[1]) - 2 < budget:
            at = starts[d].__getitem__
            entries[d] = sum(map(at, map(_NEXT, new))) - sum(map(at, new))
    if not met:
        return None
    return _most_supported(view, s, t, level, layers, met, banned_next, big, work)


def _most_supported(
    view: StepView,
    s: int,
    t: int,
    level: int,
    layers: tuple[list[set[int]], list[set[int]]],
    met: set[int],
    banned_next: Set[int],
    big: int,
    work: WorkBudget,
) -> tuple[int, list[int], list[int]]:
    """The most supported of the shortest paths through ``met``, the nodes where the
    layers of :func:`shortest` met (the last layer of each side holds them all), and of
    those the first by entity ids: the same path whatever the node numbers, the side
    the search expanded first or the part of the graph indexed (an endpoint's corridor)."""
    ahead, behind = len(layers[0]) - 1, len(layers[1]) - 1
    # at[p]: the nodes p steps from s on a shortest path, found from the meeting nodes
    # back to each end over the steps the layers came by
    forward = [met]
    for layer in reversed(layers[0][:ahead]):
        nxt = forward[-1]
        forward.append({u for u in layer if not nxt.isdisjoint(view.succ_ids_at(u, level))})
    backward = [met]
    for layer in reversed(layers[1][:behind]):
        nxt = backward[-1]
        # a step into a node of banned_next may not come from s
        but_s = nxt - {s} if s in nxt else nxt
        backward.append(
            {x for x in layer if not (but_s if x in banned_next else nxt).isdisjoint(
                view.pred_ids_at(x, level))}
        )  # fmt: skip
    at = forward[::-1] + backward[1:]
    # most[u]: the most support of a shortest path from u to t; after[u]: the step it
    # takes (of those with the most, the one into the first node: nodes are numbered in
    # entity id order)
    most, after = {t: 0}, {t: -1}
    looked = 0
    for p in range(ahead + behind - 1, -1, -1):
        here, there = at[p], at[p + 1]
        if p >= ahead:  # the steps into the backward layers, from their lists
            for v in there:
                to_t = most[v]
                steps = view.pred_at(v, level)
                looked += len(steps)
                for u, _, sup in steps:
                    if u not in here or (u == s and v in banned_next):
                        continue
                    old = most.get(u, -1)
                    if to_t + sup > old or (to_t + sup == old and v < after[u]):
                        most[u] = to_t + sup
                        after[u] = v
        else:  # the steps out of the forward layers
            for u in here:
                best, step = -1, -1
                steps = view.succ_at(u, level)
                looked += len(steps)
                for v, _, sup in steps:
                    if v in there and ((c := most[v] + sup) > best or (c == best and v < step)):
                        best, step = c, v
                most[u], after[u] = best, step
    work.spend(looked)
    nodes, x = [], s
    while x != -1:
        nodes.append(x)
        x = after[x]
    total = most[s]
    prefix = [i * big - (total - most[x]) for i, x in enumerate(nodes)]
    return prefix[-1], nodes, prefix


def yen(
    view: StepView,
    s: int,
    t: int,
    level: int,
    cutoff: int,
    big: int,
    banned: Set[int] = _NO_NODES,
    work: WorkBudget | None = None,
) -> Iterator[tuple[int, list[int]]]:
    """Simple ``s -> t`` paths of at most ``cutoff`` steps, each step of rank >= ``level``,
    avoiding ``banned``, as ``(cost, nodes)`` in increasing cost (ties by node numbers).
    The stream ends early when ``work`` runs out; what it yielded is still in order."""
    work = WorkBudget(None) if work is None else work
    bounds = view.bounds.get((s, t, cutoff))
    if bounds is not None and bounds.to_target(s) > cutoff:
        return
    began = work.spent
    first = shortest(view, s, t, level, cutoff, big, banned, work=work, bounds=bounds)
    if first is None:
        return
    cost, nodes, prefix = first
    # after[root]: the nodes that accepted paths starting with ``root`` go to next
    after: dict[tuple[int, ...], set[int]] = {}
    _accept(after, nodes)
    seen = {tuple(nodes)}
    candidates: list[tuple[int, tuple[int, ...], int, list[int]]] = []
    deviation = 0
    yield cost, nodes
    while True:
        for i in range(deviation, len(nodes) - 1):
            root = nodes[: i + 1]
            banned_next = after[tuple(root)]
            work.spend(SPUR_UNITS + i)  # the spur's bookkeeping, beside its search
            spent = work.spent - began
            if spent > LAZY_BOUNDS and (bounds is None or bounds.capped):
                # costly so far: bound the spur searches, the bounds examining at most twice
                # as many entries as were spent (a wider bound resumes where it stopped)
                bounds = hop_bounds(
                    view.index, s, t, cutoff, view.bounds, work, min(BOUND_ENTRIES, 2 * spent)
                )
            spur = shortest(
                view, nodes[i], t, level, cutoff - i, big, banned | set(root[:-1]), banned_next,
                work, bounds, i,
            )  # fmt: skip
            if spur is None:
                continue
            spur_cost, spur_nodes, spur_prefix = spur
            full = tuple(root[:-1] + spur_nodes)
            if full in seen:
                continue
            seen.add(full)
            full_prefix = prefix[:i] + [prefix[i] + p for p in spur_prefix]
            heapq.heappush(candidates, (prefix[i] + spur_cost, full, i, full_prefix))
        if not candidates or work.exhausted:
            return  # out of work: a spur path not searched could come next
        cost, full, deviation, prefix = heapq.heappop(candidates)
        nodes = list(full)
        _accept(after, nodes)
        work.spend(len(nodes))
        yield cost, nodes


def _accept(after: dict[tuple[int, ...], set[int]], nodes: list[int]) -> None:
    """Record an accepted path in the prefix table of :func:`yen`."""
    for i in range(len(nodes) - 1):
        after.setdefault(tuple(nodes[: i + 1]), set()).add(nodes[i + 1])


def path_grade(view: StepView, nodes: list[int]) -> int:
    """The lowest step rank on a path (its weakest link)."""
    ranks = []
    for u, v in itertools.pairwise(nodes):
        edge = view.edge(u, v)
        assert edge is not None
        ranks.append(edge[0])
    return min(ranks)


def _via(
    view: StepView,
    s: int,
    m: int,
    t: int,
    level: int,
    cutoff: int,
    big: int,
    banned: Set[int],
    work: WorkBudget | None = None,
) -> Iterator[tuple[int, list[int]]]:
    """Simple ``s -> m -> t`` paths in increasing cost: the two halves' k-best streams,
    merged pair by pair (a pair whose halves share a node is not simple and is skipped).
    Examining more than :data:`MAX_VIA_PAIRS` pairs exhausts ``work``."""
    work = WorkBudget(None) if work is None else work
    heads = yen(view, s, m, level, cutoff - 1, big, banned | {t}, work)
    tails = yen(view, m, t, level, cutoff - 1, big, banned | {s}, work)
    first: list[tuple[int, list[int]]] = []
    second: list[tuple[int, list[int]]] = []

    def get(stream: Iterator[tuple[int, list[int]]], got: list, i: int) -> bool:
        while len(got) <= i:
            item = next(stream, None)
            if item is None:
                return False
            got.append(item)
        return True

    if not (get(heads, first, 0) and get(tails, second, 0)):
        return
    frontier = [(first[0][0] + second[0][0], 0, 0)]
    pushed = {(0, 0)}
    examined = 0
    while frontier:
        if examined >= MAX_VIA_PAIRS:
            work.exhausted = True
        if not work.spend(1):
            return
        cost, i, j = heapq.heappop(frontier)
        examined += 1
        nodes = first[i][1] + second[j][1][1:]
        if len(nodes) - 1 > cutoff:
            return  # costs are step-major: every later pair is longer still
        if len(set(nodes)) == len(nodes):
            yield cost, nodes
        for a, b in ((i + 1, j), (i, j + 1)):
            if (a, b) not in pushed and get(heads, first, a) and get(tails, second, b):
                pushed.add((a, b))
                heapq.heappush(frontier, (first[a][0] + second[b][0], a, b))
        if work.exhausted:
            return  # a half-path stream ended early: a pair not formed could come next


def _graded(
    view: StepView,
    s: int,
    t: int,
    cutoff: int,
    via: int | None,
    avoid: Set[int],
    work: WorkBudget,
) -> Iterator[tuple[int, int, list[int]]]:
    """``(level, cost, nodes)`` of the simple ``s -> t`` paths, strongest level first and
    in increasing cost within a level (ties in the order the search met them)."""
    big = cutoff * view.max_support + 1
    for level in range(len(LEVEL_NAMES) - 1, -1, -1):  # strongest level first
        if level < view.filter.min_rank or work.exhausted:
            return
        if via is None:
            stream = yen(view, s, t, level, cutoff, big, avoid, work)
        else:
            stream = _via(view, s, via, t, level, cutoff, big, avoid, work)
        for cost, nodes in stream:
            if path_grade(view, nodes) == level:
                yield level, cost, nodes


def graded_paths(
    view: StepView,
    s: int,
    t: int,
    cutoff: int,
    *,
    via: int | None = None,
    avoid: Set[int] = _NO_NODES,
    work: WorkBudget | None = None,
) -> Iterator[list[int]]:
    """Simple ``s -> t`` paths of at most ``cutoff`` steps, best first: highest weakest
    link, then fewer steps, then more supporting claims. With ``work``, the stream ends
    when it runs out (``work.exhausted`` then says so); the paths yielded are the best
    ones, in order."""
    work = WorkBudget(None) if work is None else work
    for nodes, _ in _tie_ordered(view, _graded(view, s, t, cutoff, via, avoid, work)):
        work.spend(PATH_UNITS * (len(nodes) - 1))  # the path's claims, looked up
        yield nodes


def best_paths(
    view: StepView,
    s: int,
    t: int,
    cutoff: int,
    k: int,
    *,
    via: int | None = None,
    avoid: Set[int] = _NO_NODES,
    work: WorkBudget | None = None,
) -> tuple[list[list[int]], bool]:
    """The first ``k`` paths of :func:`graded_paths`, and whether it has another.

    The same paths as ``islice(graded_paths(...), k + 1)`` less the last, for less work:
    another path need only be met, not ranked among its ties, so the search stops at the
    first path past the ``k``-th's run of ties."""
    work = WorkBudget(None) if work is None else work
    out: list[list[int]] = []
    for nodes, more in _tie_ordered(view, _graded(view, s, t, cutoff, via, avoid, work)):
        work.spend(PATH_UNITS * (len(nodes) - 1))  # the path's claims, looked up
        out.append(nodes)
        if len(out) == k:
            return out, more
    return out, False


def _tie_ordered(
    view: StepView, stream: Iterator[tuple[int, int, list[int]]]
) -> Iterator[tuple[list[int], bool]]:
    """The paths of a ``(level, cost, nodes)`` stream, those of equal level and cost in
    the order of their entity ids, so that the order depends on the paths alone, not on
    node numbering or on how the search met them (the endpoint search runs on a subgraph
    and must agree); each with whether another path follows it. Runs of ties longer than
    TIE_BUFFER are ordered in chunks, which keeps the first answer fast on graphs with
    huge ties."""
    ids = view.index.entity_ids
    run: list[list[int]] = []
    run_key: tuple[int, int] | None = None
    for level, cost, nodes in stream:
        if run and ((level, cost) != run_key or len(run) >= TIE_BUFFER):
            run.sort(key=lambda n: [ids[i] for i in n])
            for done in run:
                yield done, True  # the path just met comes after every one of the run
            run = []
        run_key = (level, cost)
        run.append(nodes)
    run.sort(key=lambda n: [ids[i] for i in n])
    last = len(run) - 1
    for i, done in enumerate(run):
        yield done, i < last
