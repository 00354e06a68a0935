"""Subject and object modifiers: what of an entity acts or changes, in BEL's notation.

A claim says ``A increases B``; a BEL statement may say more precisely that A's *kinase
activity* increases B's *translocation to the nucleus*. mechkg keeps those modifiers on
the claim (``subject_modifier``, ``object_modifier``), so the entity stays one node for
path search, written as BEL 2 writes them, with CURIEs for the terms:

========================================  ====================================
``act()``, ``act(ma(GO:0016301))``        an activity (a molecular activity term)
``deg()``                                 degradation
``tloc(fromLoc(GO:1), toLoc(GO:2))``      translocation from one place to another
``loc(GO:0005634)``                       the entity in one place
========================================  ====================================

Parts are joined with ``", "`` (``act(), loc(GO:0005737)``).

Examples
--------
>>> parse_modifier("act(ma(GO:0016301)), loc(GO:0005737)")
(Modifier(kind='act', terms=('GO:0016301',)), Modifier(kind='loc', terms=('GO:0005737',)))
>>> format_modifier(parse_modifier("deg( )"))
'deg()'
>>> parse_modifier("phos()")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: unknown modifier 'phos()'; write act(), act(ma(CURIE)), deg(), ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Modifier", "parse_modifier", "format_modifier", "KINDS"]

#: modifier kind -> how many terms it takes (act: none or one)
KINDS = {"act": (0, 1), "deg": (0,), "tloc": (2,), "loc": (1,)}
_CURIE = r"[A-Za-z][A-Za-z0-9_.]*:[^\s(),\"]+"
_PART = re.compile(
    rf"\s*(?:(?P<act>act)\(\s*(?:ma\(\s*(?P<ma>{_CURIE})\s*\))?\s*\)"
    rf"|(?P<deg>deg)\(\s*\)"
    rf"|(?P<tloc>tloc)\(\s*fromLoc\(\s*(?P<src>{_CURIE})\s*\)\s*,\s*toLoc\(\s*(?P<dst>{_CURIE})\s*\)\s*\)"
    rf"|(?P<loc>loc)\(\s*(?P<at>{_CURIE})\s*\))\s*"
)
_FORMS = "act(), act(ma(CURIE)), deg(), tloc(fromLoc(CURIE), toLoc(CURIE)) or loc(CURIE)"


@dataclass(frozen=True, slots=True)
class Modifier:
    """One part of a modifier: its kind (``act``, ``deg``, ``tloc``, ``loc``) and terms."""

    kind: str
    terms: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "act":
            return f"act(ma({self.terms[0]}))" if self.terms else "act()"
        if self.kind == "tloc":
            return f"tloc(fromLoc({self.terms[0]}), toLoc({self.terms[1]}))"
        if self.kind == "loc":
            return f"loc({self.terms[0]})"
        return "deg()"


def parse_modifier(text: str) -> tuple[Modifier, ...]:
    """The parts of a modifier written as in the module docstring.

    Raises
    ------
    ValueError
        Naming the part that is not a modifier, and the forms that are.
    """
    parts: list[Modifier] = []
    for chunk in _split(text):
        m = _PART.fullmatch(chunk)
        if m is None:
            raise ValueError(f"unknown modifier {chunk.strip()!r}; write {_FORMS}")
        if m["act"]:
            parts.append(Modifier("act", (m["ma"],) if m["ma"] else ()))
        elif m["deg"]:
            parts.append(Modifier("deg"))
        elif m["tloc"]:
            parts.append(Modifier("tloc", (m["src"], m["dst"])))
        else:
            parts.append(Modifier("loc", (m["at"],)))
    kinds = [p.kind for p in parts]
    if len(set(kinds)) != len(kinds):
        raise ValueError(f"modifier {text.strip()!r} names one kind twice; keep one")
    return tuple(parts)


def _split(text: str) -> list[str]:
    """Split at the commas outside parentheses."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def format_modifier(parts: tuple[Modifier, ...]) -> str:
    """The modifier text of ``parts`` (the canonical spelling)."""
    return ", ".join(str(p) for p in parts)
