"""Parsed-but-unresolved claim files, shared by the YAML and TSV readers.

A reader turns one file into a :class:`FileData`: sources and entities already checked,
claims as :class:`ClaimSpec` whose entity names are not yet resolved (a claim may name an
entity declared in another file). :mod:`mechkg.load.assemble` resolves and merges them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..model import Entity, Source

__all__ = ["Located", "ClaimSpec", "FileData", "Reporter", "parse_chain", "ChainProblem"]


@dataclass(frozen=True, slots=True)
class Located:
    """A value with the line (and column) it was read from."""

    value: Any
    line: int | None
    column: int | None = None


@dataclass(slots=True)
class ClaimSpec:
    """One claim (or chain) as written, before entity names are resolved."""

    id: str
    path: str
    line: int | None
    evidence: str
    source: Located
    subject: Located | None = None
    relation: str | None = None
    object: Located | None = None
    chain: Located | None = None
    quote: str | None = None
    quote_lang: str | None = None
    attributed_to: Located | None = None
    species: str | None = None
    anatomy: tuple[Located, ...] = ()
    model: Located | None = None
    method: tuple[str, ...] = ()
    eco: str | None = None
    negated: bool = False
    note: str | None = None


@dataclass(slots=True)
class FileData:
    path: str
    base: Located | None = None
    sources: list[tuple[Source, int | None]] = field(default_factory=list)
    entities: list[tuple[Entity, int | None]] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)
    #: every claim id written in the file with its line, valid claim or not
    claim_ids: list[tuple[str, int | None]] = field(default_factory=list)


class Reporter:
    """Collects problems for one file."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def add(
        self,
        line: int | None,
        message: str,
        hint: str | None = None,
        *,
        claim: str | None = None,
        what: str = "claim",
        column: int | None = None,
    ) -> None:
        self.problems.append(Problem(self.path, line, message, hint, claim, column, what))


class ChainProblem(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_ARROW = re.compile(r"\s*(->|-\||→|⊣)\s*")
_ARROWS = {"->": "increases", "→": "increases", "-|": "decreases", "⊣": "decreases"}


def _brief(text: str, limit: int = 60) -> str:
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "…"


def parse_chain(text: str) -> list[tuple[list[str], str, list[str]]]:
    """Split a chain into steps ``(subjects, relation, objects)``.

    ``"a -> b/c -| d"`` gives ``[(["a"], "increases", ["b", "c"]),
    (["b", "c"], "decreases", ["d"])]``.

    Raises
    ------
    ChainProblem
        For an empty chain, a chain of one step or an empty step.
    """
    if not text.strip():
        raise ChainProblem("empty chain", "write it as `a -> b -| c`")
    parts = _ARROW.split(text.strip())
    names = parts[0::2]
    arrows = parts[1::2]
    if not arrows:
        raise ChainProblem(
            f"chain {_brief(text)} has no arrow",
            "link steps with -> (increases) or -| (decreases)",
        )
    groups: list[list[str]] = []
    for position, step in enumerate(names, start=1):
        members = [m.strip() for m in step.split("/")]
        if not step.strip() or any(not m for m in members):
            raise ChainProblem(
                f"step {position} of the chain is empty",
                "every arrow needs an entity on both sides; `A/B` needs both names",
            )
        groups.append(members)
    return [(groups[i], _ARROWS[arrow], groups[i + 1]) for i, arrow in enumerate(arrows)]
