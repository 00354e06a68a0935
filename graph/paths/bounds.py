"""Lower bounds on the number of steps between a node and a query's ends.

A spur search of :func:`mechkg.paths.search.yen` looks for a path of at most ``budget``
steps; a node from which the target cannot be reached in the steps left can be dropped
at once, and so can a node that the source cannot reach in time. :class:`HopBounds`
knows, for every node, a number of steps that any path from the source to it (and from
it to the target) needs at least: a breadth-first search from each end over the index's
claims in the walking direction, whatever their relation, evidence or species (so the
bound holds under every filter and every banned node).

The searches run level by level, each level a few set operations over the neighbour
arrays, and stop when the next level would examine more than :data:`BOUND_ENTRIES`
claims: a node not reached by then is at least one step further than the last complete
level, which is still a bound (a weaker one). On hub-heavy graphs the first levels
already cover most nodes, so the cap keeps the bounds cheap where they would prune
least.
"""

from __future__ import annotations

from array import array

from .budget import WorkBudget
from .index import PathIndex

__all__ = ["HopBounds", "hop_bounds", "hop_distances", "BOUND_ENTRIES", "ENTRIES_PER_UNIT"]

#: Most claims (neighbour array entries) one end's breadth-first search examines.
BOUND_ENTRIES = 200_000
#: Neighbour array entries a breadth-first search examines per work unit (it runs at C
#: speed, a set update per node, so one unit buys more than one Dijkstra step).
ENTRIES_PER_UNIT = 4


def hop_distances(
    start: array, nbr: array, root: int, depth: int, cap: int = BOUND_ENTRIES
) -> tuple[dict[int, int], int, int]:
    """Breadth-first step counts from ``root`` over a CSR (``start``, ``nbr``), up to
    ``depth`` levels and ``cap`` entries examined.

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
    dist = {root: 0}
    frontier: list[int] | set[int] = [root]
    entries = 0
    at, after = start.__getitem__, (1).__add__
    for level in range(1, depth + 1):
        firsts = list(map(at, frontier))
        lasts = list(map(at, map(after, frontier)))
        size = sum(lasts) - sum(firsts)
        if entries + size > cap:
            return dist, level, entries  # level not complete: unreached nodes need >= level
        entries += size
        reached: set[int] = set()
        for a, b in zip(firsts, lasts, strict=True):
            reached.update(nbr[a:b])
        reached.difference_update(dist)
        if not reached:
            return dist, depth + 1, entries  # nothing further is reachable at all
        dist.update(dict.fromkeys(reached, level))
        frontier = reached
    return dist, depth + 1, entries


class HopBounds:
    """Step bounds between the ends ``s``, ``t`` of a query of at most ``cutoff`` steps
    and every node (see the module docstring).

    ``to_target(v)`` never exceeds the steps of any ``v -> t`` path and ``from_source(v)``
    those of any ``s -> v`` path; both are :data:`cutoff` + 1 or more for a node that no
    path within the cutoff can use.
    """

    __slots__ = ("_from", "_from_floor", "_to", "_to_floor", "cap", "capped", "entries")

    def __init__(
        self, index: PathIndex, s: int, t: int, cutoff: int, cap: int = BOUND_ENTRIES
    ) -> None:
        half = max(cap // 2, 1)
        self._to, self._to_floor, back = hop_distances(
            index.in_start, index.in_nbr, t, cutoff, half
        )
        self._from, self._from_floor, ahead = hop_distances(
            index.out_start, index.out_nbr, s, cutoff, half
        )
        #: neighbour array entries the two searches examined, of at most ``cap``
        self.entries = back + ahead
        self.cap = cap
        #: whether a search stopped at the cap (a larger cap would give tighter bounds)
        self.capped = min(self._to_floor, self._from_floor) <= cutoff

    def to_target(self, v: int) -> int:
        return self._to.get(v, self._to_floor)

    def from_source(self, v: int) -> int:
        return self._from.get(v, self._from_floor)

    @property
    def to_table(self) -> tuple[dict[int, int], int]:
        """``(steps, floor)``: :meth:`to_target` as a dict and its default."""
        return self._to, self._to_floor

    @property
    def from_table(self) -> tuple[dict[int, int], int]:
        """``(steps, floor)``: :meth:`from_source` as a dict and its default."""
        return self._from, self._from_floor


def hop_bounds(
    index: PathIndex,
    s: int,
    t: int,
    cutoff: int,
    memo: dict[tuple[int, int, int], HopBounds],
    work: WorkBudget,
    cap: int = BOUND_ENTRIES,
) -> HopBounds:
    """The :class:`HopBounds` of ``(s, t, cutoff)`` with searches of up to ``cap`` entries,
    from ``memo`` (unless it was capped at less than a quarter of ``cap``) or computed, its
    entries then spent from ``work``."""
    key = (s, t, cutoff)
    bounds = memo.get(key)
    if bounds is None or (bounds.capped and bounds.cap * 4 < cap):
        bounds = memo[key] = HopBounds(index, s, t, cutoff, cap)
        work.spend(1 + bounds.entries // ENTRIES_PER_UNIT)
    return bounds
