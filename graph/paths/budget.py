"""The work budget of one path query: a hard bound on what a single query may do.

Path search is exponential in the worst case (the number of simple paths of a dense
graph grows with ``k`` and the length limit faster than any machine can follow), so every
search of :mod:`mechkg.paths.search` spends from a :class:`WorkBudget`: one unit per node
a spur search expands, one per step it examines there and one per claim decoded into
steps (a hub's claims cost their number once, whatever they yield, so a unit takes about
the same time on any graph), one per 4 claims the step bounds (:mod:`.bounds`) look at
and per 16 the weaker routes' branches do, a few for each spur search's bookkeeping, one
per pair of half-paths a ``via`` query combines and some per step of each path returned
(its claims are looked up). A query's budgets also stop at :data:`QUERY_SECONDS` and
:data:`WEAKER_SECONDS`, a backstop for a machine much slower than the units assume. When
the budget runs out the search stops and returns the paths it has found so far, which
are the best ones in rank order (a run of equally ranked paths at the end may be
incomplete); the result says so (:attr:`PathResult.stopped
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

import time

__all__ = [
    "WorkBudget",
    "QUERY_WORK",
    "WEAKER_WORK",
    "ALTERNATIVES_WORK",
    "MAX_K",
    "QUERY_SECONDS",
    "WEAKER_SECONDS",
    "MAX_CUTOFF",
]

#: Work units one query's k best paths may use (about half a second on a small laptop).
QUERY_WORK = 1_000_000
#: Work units the weaker routes of one query may use, shared by the evidence levels.
WEAKER_WORK = 100_000
#: Work units the relaxed queries behind a "no path" answer may use, all together.
ALTERNATIVES_WORK = 1_000_000
#: Seconds one query's k best paths (and, separately, its relaxed queries) may take at
#: most, whatever the units say: a few times what their units take on a small laptop.
QUERY_SECONDS = 2.0
#: Seconds the weaker routes of one query may take at most.
WEAKER_SECONDS = 0.25
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
    seconds : float or None
        Also stop once this much time has passed since the budget was made: a backstop
        for a machine far slower than the units assume (a loaded or paging one), where
        the result then says it stopped at its budget as for units. None for no clock.
    deadline : float or None
        The :func:`time.perf_counter` time to stop at, instead of ``seconds`` (a part of
        another budget shares its deadline).
    """

    __slots__ = ("deadline", "exhausted", "limit", "spent")

    def __init__(
        self,
        limit: int | None = QUERY_WORK,
        seconds: float | None = None,
        *,
        deadline: float | None = None,
    ) -> None:
        self.limit = limit
        self.spent = 0
        self.exhausted = False
        if seconds is not None:
            deadline = time.perf_counter() + seconds
        self.deadline = deadline

    def spend(self, units: int) -> bool:
        """Spend ``units``; False (and :attr:`exhausted` set) once the limit is passed."""
        self.spent += units
        if self.limit is not None and self.spent > self.limit:
            self.exhausted = True
        elif self.deadline is not None and time.perf_counter() > self.deadline:
            self.exhausted = True
        return not self.exhausted

    def __repr__(self) -> str:
        return f"WorkBudget(limit={self.limit}, spent={self.spent}, exhausted={self.exhausted})"
