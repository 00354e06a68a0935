"""The work budget of one path query: a hard bound on what a single query may do.

Path search is exponential in the worst case (the number of simple paths of a dense
graph grows with ``k`` and the length limit faster than any machine can follow), so every
search of :mod:`mechkg.paths.search` spends from a :class:`WorkBudget`: one unit per node
a Dijkstra search expands and one per step it examines there, a few for each spur search's
bookkeeping, one per pair of half-paths a ``via`` query combines and some per step of each
path returned (its claims are looked up). When the budget runs out the search stops and
returns the paths it has found so far, which are the best ones in rank order (a run of
equally ranked paths at the end may be incomplete); the result says so (:attr:`PathResult.stopped
<mechkg.paths.results.PathResult.stopped>`), in text and JSON.

Examples
--------
>>> budget = WorkBudget(10)
>>> budget.spend(4), budget.spent, budget.exhausted
(True, 4, False)
>>> budget.spend(7), budget.exhausted
(False, True)
"""

from __future__ import annotations

__all__ = [
    "WorkBudget",
    "QUERY_WORK",
    "WEAKER_WORK",
    "ALTERNATIVES_WORK",
    "MAX_K",
    "MAX_CUTOFF",
]

#: Work units one query's k best paths may use (about half a second on a small laptop).
QUERY_WORK = 1_000_000
#: Work units the weaker routes of one query may use, shared by the evidence levels.
WEAKER_WORK = 100_000
#: Work units the relaxed queries behind a "no path" answer may use, all together.
ALTERNATIVES_WORK = 1_000_000
#: Most paths one query may ask for (``k``).
MAX_K = 1_000_000
#: Most steps a path may have (``cutoff``).
MAX_CUTOFF = 1_000


class WorkBudget:
    """Work units left to one search (see the module docstring).

    Parameters
    ----------
    limit : int or None
        Units the search may spend; None for no bound (a caller that takes only what it
        needs from :func:`~mechkg.paths.iter_paths`).
    """

    __slots__ = ("exhausted", "limit", "spent")

    def __init__(self, limit: int | None = QUERY_WORK) -> None:
        self.limit = limit
        self.spent = 0
        self.exhausted = False

    def spend(self, units: int) -> bool:
        """Spend ``units``; False (and :attr:`exhausted` set) once the limit is passed."""
        self.spent += units
        if self.limit is not None and self.spent > self.limit:
            self.exhausted = True
        return not self.exhausted

    def __repr__(self) -> str:
        return f"WorkBudget(limit={self.limit}, spent={self.spent}, exhausted={self.exhausted})"
