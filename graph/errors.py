"""mechkg's exceptions: one root carrying a location, one specific type per query failure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "MechkgError",
    "Problem",
    "ClaimError",
    "ValidationError",
    "EntityNotFound",
    "AmbiguousEntity",
    "NoPath",
    "FormatError",
    "InvalidQuery",
]


class MechkgError(Exception):
    """Root of every error mechkg raises on bad data or a failed query.

    The CLI turns these (and only these) into a one-line message and exit code 1.
    """


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input file, with its location and a hint.

    ``severity`` is ``"error"`` (the input cannot be loaded) or ``"warning"`` (it loads,
    but something in it is likely a mistake: two files that disagree on a label, an
    entity no claim uses).
    """

    path: str
    line: int | None
    message: str
    hint: str | None = None
    claim: str | None = None
    column: int | None = None
    what: str = "claim"  # what ``claim`` names: claim, entity, source
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.severity != "error":
            text += f"{self.severity}: "
        if self.claim is not None:
            text += f"{self.what} {self.claim}: "
        text += self.message
        if self.hint:
            text += f"; {self.hint}"
        return text


class ClaimError(MechkgError):
    """A single located problem in a claim file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def line(self) -> int | None:
        return self.problem.line


class ValidationError(MechkgError):
    """Every problem found in the inputs (validation collects, then reports)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        n = len(self.problems)
        head = "\n".join(str(p) for p in self.problems[:50])
        more = f"\n... and {n - 50} more" if n > 50 else ""
        super().__init__(f"{head}{more}\n{n} problem{'s' if n != 1 else ''} found")


def _cut(name: str, limit: int = 60) -> str:
    """``repr(name)``, cut to ``limit`` characters: a huge label makes no huge message."""
    return repr(name) if len(name) <= limit else repr(name[:limit]) + "…"


class EntityNotFound(MechkgError, LookupError):
    """No entity answers to a name; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        msg = f"unknown entity {_cut(name)}"
        if self.suggestions:
            msg += "; closest matches: " + ", ".join(_cut(s) for s in self.suggestions)
        else:
            msg += "; `mechkg entities` lists the graph's entities (`--search TEXT` to narrow)"
        super().__init__(msg)


class AmbiguousEntity(MechkgError, LookupError):
    """A name that several entities answer to equally well."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        super().__init__(
            f"{name!r} names several entities: {', '.join(map(repr, self.candidates))}; use an id"
        )


class NoPath(MechkgError):
    """No path satisfies the query; ``alternatives`` describes what would."""

    def __init__(self, message: str, alternatives: Sequence[str] = ()) -> None:
        self.alternatives = tuple(alternatives)
        text = message
        if self.alternatives:
            text += "\n" + "\n".join(f"  - {a}" for a in self.alternatives)
        super().__init__(text)


class FormatError(MechkgError):
    """An unknown or uninferable output/input format."""


class InvalidQuery(MechkgError, ValueError):
    """A query option with a bad value: an unknown evidence level or species, a count
    below 1, a relation a path cannot follow. Raised before any search starts."""
