"""k-best simple path search over a :class:`~mechkg.paths.steps.StepView`.

Paths are ranked by their weakest link (highest first), then by fewer steps, then by more
supporting claims. The search runs one evidence level at a time, strongest first: at level
``t`` it walks only steps whose evidence rank is at least ``t`` and yields, in order, the
paths whose weakest link is exactly ``t`` (those above ``t`` came from earlier levels).

Within a level the order (fewer steps, then more claims) is the order of a single integer
cost, ``sum(big - support)`` over the steps, with ``big`` larger than any path's total
support. That lets Yen's algorithm (with Lawler's saving of re-spurring only past the
deviation) enumerate simple paths in rank order, each spur path found by a bidirectional
Dijkstra search bounded by the remaining step budget. Nothing ever enumerates all paths,
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
    ``work.exhausted``). Bidirectional Dijkstra; since cost is step-major, the cheapest
    path is also a shortest one, so bounding the number of steps prunes without losing
    paths. With ``bounds`` (of the query whose spur this is, ``s`` being ``offset`` steps
    from its source), a node that no path within the budget can pass is never queued.
    ``big`` exceeds the total support of any path of ``budget`` steps (see the module).
    """
    if budget <= 0 or s == t:
        return None
    work = WorkBudget(None) if work is None else work
    step_lists = (view.succ_at, view.pred_at)
    out_start, in_start = view.index.out_start, view.index.in_start
    decoded = view.decoded
    looked = [0, 0]  # claims each side has looked at (or will, for its next node)
    only_s = frozenset((s,))
    dist: tuple[dict[int, int], dict[int, int]] = ({s: 0}, {t: 0})
    parent: tuple[dict[int, int], dict[int, int]] = ({s: -1}, {t: -1})
    # banned nodes count as done: never queued (each end is done once it is expanded)
    done: tuple[set[int], set[int]] = (set(banned), set(banned))
    done[0].discard(s)
    done[1].discard(t)
    heaps: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([(0, s)], [(0, t)])
    heappop, heappush = heapq.heappop, heapq.heappush
    mu = -1
    meet: tuple[int, int, int] | None = None  # edge a -> b with weight w
    # every path of at most ``budget`` steps costs less than this (a step costs < big),
    # and one of k <= budget steps more than (k - 1) * big (its support is below big):
    # a path's steps are ceil(cost / big)
    longest = budget * big
    # per direction: (steps bound to the far end, its default, most steps allowed)
    if bounds is None:
        near: tuple[tuple[dict[int, int], int, int], ...] = (({}, 0, budget), ({}, 0, budget))
    else:
        near = ((*bounds.to_table, budget), (*bounds.from_table, budget + offset))
    while heaps[0] and heaps[1]:
        bound = heaps[0][0][0] + heaps[1][0][0]  # no path not yet met costs less
        if (meet is not None and bound >= mu) or bound >= longest:
            break
        # balance the claims each side has looked at: a hub waits until the other side
        # has done as much work as expanding it would
        a, b = heaps[0][0][1], heaps[1][0][1]
        ahead = looked[0] + out_start[a + 1] - out_start[a]
        behind = looked[1] + in_start[b + 1] - in_start[b]
        d = 0 if ahead <= behind else 1
        looked[d] = ahead if d == 0 else behind
        heap = heaps[d]
        c, u = heappop(heap)
        mine_done = done[d]
        if u in mine_done:
            continue
        mine_done.add(u)
        h = -(-c // big)
        if h >= budget:
            continue
        mine_d, mine_p = dist[d], parent[d]
        other_d = dist[1 - d]
        steps = step_lists[d](u, level)
        # a node's claims are decoded into steps once: that costs a unit per claim
        if not work.spend(1 + len(steps) + view.decoded - decoded):
            return None
        decoded = view.decoded
        # the first step may not enter banned_next: s -> v forward, v = s backward
        if d == 0:
            skip = banned_next if u == s else _NO_NODES
        else:
            skip = only_s if u in banned_next else _NO_NODES
        if skip:
            steps = [x for x in steps if x[0] not in skip]
        h1 = h + 1
        far, floor, most = near[d]
        room = most - h1  # the steps a neighbour may still need to the far end
        if room < 0:
            continue
        # every bound is at most its floor: with room to spare, none can prune
        prune = floor > room
        # a node the other side has not reached yet it reaches in more steps than the
        # node at the top of its heap: past the budget, only a met node can still help
        fresh = h1 + 1 - (heaps[1 - d][0][0] // -big) <= budget
        c_big = c + big  # a step's cost is big less its support
        for v, _, sup in steps:
            if v in mine_done or (prune and far.get(v, floor) > room):
                continue
            oc = other_d.get(v)
            if oc is None and not fresh:
                continue
            nc = c_big - sup
            old = mine_d.get(v)
            if old is None or nc < old:
                mine_d[v] = nc
                mine_p[v] = u
                heappush(heap, (nc, v))
            if oc is not None and (meet is None or nc + oc < mu) and h1 - (oc // -big) <= budget:
                mu = nc + oc
                meet = (u, v, nc - c) if d == 0 else (v, u, nc - c)
    if meet is None:
        return None
    a, b, w = meet
    forward = []
    x = a
    while x != -1:
        forward.append(x)
        x = parent[0][x]
    forward.reverse()
    backward = []
    x = b
    while x != -1:
        backward.append(x)
        x = parent[1][x]
    nodes = forward + backward
    head = dist[0][a] + w
    prefix = [dist[0][x] for x in forward] + [head + dist[1][b] - dist[1][x] for x in backward]
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
