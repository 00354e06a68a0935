"""Lower bounds on the number of steps between a node and a query's ends.

A spur search of :func:`mechkg.paths.search.yen` looks for a path of at most ``budget``
steps; a node from which the target cannot be reached in the steps left can be dropped
at once, and so can a node that the source cannot reach in time. :class:`HopBounds`
knows, for every node, a number of steps that any path from the source to it (and from
it to the target) needs at least: a breadth-first search from each end over the index's
claims in the walking direction, whatever their relation, evidence or species (so the
bound holds under every filter and every banned node).

The searches run level by level, each level a few set operations over the neighbour
arrays, and stop when the next level would examine more than their cap of claims: a
node not reached by then is at least one step further than the last complete level,
which is still a bound (a weaker one). On hub-heavy graphs the first levels already
cover most nodes, so the cap keeps the bounds cheap where they would prune least. A
search that stopped at its cap resumes where it stopped when a costlier query raises
the cap (:meth:`HopBounds.widen`): no level is ever searched twice. Whether the next
level fits is found by measuring its nodes' claims a few nodes at a time, up to the cap:
near a hub the next level can hold most of the graph, and measuring all of it only to
find that it does not fit would cost about as much as the levels searched.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import chain, islice

from .budget import WorkBudget
from .index import PathIndex

__all__ = [
    "HopBounds",
    "Reach",
    "hop_bounds",
    "hop_distances",
    "BOUND_ENTRIES",
    "ENTRIES_PER_UNIT",
]

#: Most claims (neighbour array entries) the two ends' breadth-first searches examine.
BOUND_ENTRIES = 200_000
#: A memoized bound is widened once asked for this many times its cap.
WIDEN = 2
#: Nodes of a level measured at first (then twice as many each time) before the level's
#: entries are known to fit the cap: a level far past the cap is never measured whole.
MEASURE_CHUNK = 64
#: Neighbour array entries a breadth-first search examines per work unit (it runs at C
#: speed, a set update per node, so one unit buys more than one spur search step).
ENTRIES_PER_UNIT = 4


class Reach:
    """A breadth-first search from ``root`` over a CSR (``start``, ``nbr``), up to
    ``depth`` levels, that runs level by level while its entries fit a cap and resumes
    where it stopped when given a larger one (see :meth:`extend`).

    ``dist`` holds the step count of every node reached, ``floor`` a count every other
    node needs at least (``depth + 1`` once the search is complete) and ``entries`` the
    neighbour array entries examined so far.

    Examples
    --------
    >>> from array import array
    >>> start, nbr = array("q", [0, 2, 3, 3, 3]), array("i", [1, 2, 3])  # 0->1->3, 0->2
    >>> r = Reach(start, nbr, 0, 5)
    >>> r.extend(2), r.dist, r.floor
    (2, {0: 0, 1: 1, 2: 1}, 2)
    >>> r.extend(10), r.dist, r.floor, r.entries
    (1, {0: 0, 1: 1, 2: 1, 3: 2}, 6, 3)
    """

    __slots__ = (
        "_firsts", "_lasts", "_level", "_nbr", "_pending", "_size", "_start", "depth", "dist",
        "entries", "levels",
    )  # fmt: skip

    def __init__(self, start: Sequence[int], nbr: Sequence[int], root: int, depth: int) -> None:
        self._start, self._nbr, self.depth = start, nbr, depth
        self.dist = {root: 0}
        #: the nodes of each complete level (``levels[i]``: those ``i`` steps away)
        self.levels: list[set[int]] = [{root}]
        self.entries = 0
        self._level = 1  # the next level to reach
        # the next level's nodes not measured yet, and the runs and entries of those that are
        self._pending: Iterator[int] = iter((root,))
        self._firsts: list[int] = []
        self._lasts: list[int] = []
        self._size = 0

    @property
    def floor(self) -> int:
        """Steps every node not in :attr:`dist` needs at least."""
        return self._level

    @property
    def complete(self) -> bool:
        """Whether the search reached every node within ``depth`` steps."""
        return self._level > self.depth

    def _measure(self, room: int) -> bool:
        """Measure the next level's nodes until their entries pass ``room`` or all are
        measured (a level far past the cap is never measured whole); whether all are."""
        at, after = self._start.__getitem__, (1).__add__
        firsts, lasts, pending = self._firsts, self._lasts, self._pending
        chunk = MEASURE_CHUNK
        while self._size <= room:
            nodes = list(islice(pending, chunk))
            if not nodes:
                return True
            head, tail = list(map(at, nodes)), list(map(at, map(after, nodes)))
            firsts += head
            lasts += tail
            self._size += sum(tail) - sum(head)
            chunk *= 2
        return False

    def extend(self, cap: int) -> int:
        """Search on while the entries examined in all stay within ``cap``; returns the
        entries this call examined."""
        before = self.entries
        dist, get = self.dist, self._nbr.__getitem__
        while self._level <= self.depth:
            room = cap - self.entries
            if not self._measure(room) or self._size > room:
                break  # level not complete: unreached nodes need >= this level
            self.entries += self._size
            firsts, lasts = self._firsts, self._lasts
            reached = set(chain.from_iterable(map(get, map(slice, firsts, lasts))))
            reached = reached.difference(dist)
            self._firsts, self._lasts, self._size = [], [], 0
            if not reached:
                self._level = self.depth + 1  # nothing further is reachable at all
                break
            dist.update(dict.fromkeys(reached, self._level))
            self.levels.append(reached)
            self._pending = iter(reached)
            self._level += 1
        if self.complete:
            self._pending, self._firsts, self._lasts, self._size = iter(()), [], [], 0
        return self.entries - before


def hop_distances(
    start: array, nbr: array, root: int, depth: int, cap: int = BOUND_ENTRIES
) -> tuple[dict[int, int], int, int]:
    """Breadth-first step counts from ``root`` over a CSR (``start``, ``nbr``), up to
    ``depth`` levels and ``cap`` entries examined (see :class:`Reach`).

    Returns ``(dist, floor, entries)``: the step count of every node reached, a count
    every other node needs at least, and the entries examined.

    Examples
    --------
    >>> from array import array
    >>> start, nbr = array("q", [0, 1, 2, 2]), array("i", [1, 2])  # 0 -> 1 -> 2
    >>> hop_distances(start, nbr, 0, 5)
    ({0: 0, 1: 1, 2: 2}, 6, 2)
    >>> hop_distances(start, nbr, 0, 1)
    ({0: 0, 1: 1}, 2, 1)
    """
    reach = Reach(start, nbr, root, depth)
    reach.extend(cap)
    return reach.dist, reach.floor, reach.entries


class HopBounds:
    """Step bounds between the ends ``s``, ``t`` of a query of at most ``cutoff`` steps
    and every node (see the module docstring).

    ``to_target(v)`` never exceeds the steps of any ``v -> t`` path and ``from_source(v)``
    those of any ``s -> v`` path; both are :data:`cutoff` + 1 or more for a node that no
    path within the cutoff can use. Each end's search examines at most half of ``cap``
    entries.
    """

    __slots__ = ("_from", "_to", "cap")

    def __init__(
        self, index: PathIndex, s: int, t: int, cutoff: int, cap: int = BOUND_ENTRIES
    ) -> None:
        self._to = Reach(index.in_start, index.in_nbr, t, cutoff)
        self._from = Reach(index.out_start, index.out_nbr, s, cutoff)
        self.cap = 0
        self.widen(cap)

    def widen(self, cap: int) -> int:
        """Raise the cap to ``cap`` (a lower one changes nothing): each end's search goes
        on from where it stopped. Returns the entries this examined."""
        if cap <= self.cap:
            return 0
        self.cap = cap
        half = max(cap // 2, 1)
        return self._to.extend(half) + self._from.extend(half)

    @property
    def entries(self) -> int:
        """Neighbour array entries the two searches examined, of at most ``cap``."""
        return self._to.entries + self._from.entries

    @property
    def capped(self) -> bool:
        """Whether a search stopped at the cap (a larger cap would give tighter bounds)."""
        return not (self._to.complete and self._from.complete)

    def to_target(self, v: int) -> int:
        return self._to.dist.get(v, self._to.floor)

    def from_source(self, v: int) -> int:
        return self._from.dist.get(v, self._from.floor)

    @property
    def to_levels(self) -> tuple[list[set[int]], int]:
        """``(levels, floor)``: the nodes ``i`` steps from the target at most, by ``i``
        (every other node needs ``floor`` steps at least)."""
        return self._to.levels, self._to.floor

    @property
    def from_levels(self) -> tuple[list[set[int]], int]:
        """``(levels, floor)``: :attr:`to_levels` from the source."""
        return self._from.levels, self._from.floor


def hop_bounds(
    index: PathIndex,
    s: int,
    t: int,
    cutoff: int,
    memo: dict[tuple[int, int, int], HopBounds],
    work: WorkBudget,
    cap: int = BOUND_ENTRIES,
) -> HopBounds:
    """The :class:`HopBounds` of ``(s, t, cutoff)`` with searches of up to ``cap`` entries:
    from ``memo`` (widened to ``cap`` if it was capped at less than 1 / :data:`WIDEN` of
    it) or computed; the entries examined are spent from ``work``."""
    key = (s, t, cutoff)
    bounds = memo.get(key)
    if bounds is None:
        bounds = memo[key] = HopBounds(index, s, t, cutoff, cap)
        work.spend(1 + bounds.entries // ENTRIES_PER_UNIT)
    elif bounds.capped and bounds.cap * WIDEN < cap:
        examined = bounds.widen(cap)
        if examined:
            work.spend(1 + examined // ENTRIES_PER_UNIT)
    return bounds
