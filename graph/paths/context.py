"""When two claims of one step disagree: a contradiction, or a difference of context.

A result holds under conditions. An opposite-sign, no-change or negated claim contradicts
a step only when its context is compatible with that of a claim supporting the step: for
each qualifier of :data:`QUALIFIERS`, the same value or an unstated one on either side.
A condition is never unstated: a claim without one is a baseline result, so a knockout or
pretreatment result differs from it. Otherwise the claims *differ by context*, and the
qualifiers that differ are named.

A necessity test (a claim with ``requires`` or ``independent_of``) is never a
contradiction: a knockout abolishing an effect is evidence for the mechanism.

Examples
--------
>>> from mechkg.model import Claim
>>> up = Claim("a", "x", "increases", "y", "experiment", "p", species="NCBITaxon:10116")
>>> flat = Claim("b", "x", "causes_no_change", "y", "experiment", "q",
...              species="NCBITaxon:10090")
>>> differences(up, flat)
('species',)
>>> contra, differ = split_opposing([up], [flat])
>>> contra, [(d.claim.id, d.qualifiers) for d in differ]
((), [('b', ('species',))])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..model import Claim
from ..species import species_name

__all__ = [
    "QUALIFIERS",
    "ContextDifference",
    "differences",
    "nested",
    "Within",
    "within_from",
    "split_opposing",
    "describe",
]

#: The qualifiers whose values must agree for two claims to contradict each other, in the
#: order they are named.
QUALIFIERS = ("species", "anatomy", "model", "condition", "time")


@dataclass(frozen=True, slots=True)
class ContextDifference:
    """An opposing claim whose context differs from every supporting claim's, and the
    qualifiers that differ from the closest supporting claim."""

    claim: Claim
    qualifiers: tuple[str, ...]


def _time(value: str | None) -> str | None:
    return None if value is None else " ".join(value.casefold().split())


#: region -> the regions it is part of, itself included (from the graph's part_of and
#: located_in claims); a region the graph says nothing about is only itself
Within = Callable[[str], frozenset[str]]


def _alone(region: str) -> frozenset[str]:
    return frozenset((region,))


def within_from(parents: Callable[[str], Iterable[str]]) -> Within:
    """The :data:`Within` of a graph whose ``parents(region)`` are the regions a region is
    directly part of (or located in): each region's closure, computed once.

    >>> within = within_from({"vca1": ["vhpc"], "vhpc": ["hpc"]}.get)
    >>> sorted(within("vca1"))
    ['hpc', 'vca1', 'vhpc']
    """
    found: dict[str, frozenset[str]] = {}

    def within(region: str) -> frozenset[str]:
        if region not in found:
            seen = {region}
            todo = [region]
            while todo:
                for parent in parents(todo.pop()) or ():
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found[region] = frozenset(seen)
        return found[region]

    return within


def nested(a: Iterable[str], b: Iterable[str], within: Within = _alone) -> bool:
    """Whether a region of ``a`` lies within one of ``b``, or the other way round (the
    same region, or ventral CA1 and the hippocampus it is part of).

    >>> nested(["vca1"], ["hippocampus"], lambda r: frozenset({r, "hippocampus"}))
    True
    >>> nested(["vca1"], ["pfc"])
    False
    """
    b = tuple(b)
    for x in a:
        up = within(x)
        for y in b:
            if y in up or x in within(y):
                return True
    return False


def differences(a: Claim, b: Claim, within: Within = _alone) -> tuple[str, ...]:
    """The qualifiers of :data:`QUALIFIERS` on which ``a`` and ``b`` are incompatible:
    both stated and different (anatomy: no region of one within a region of the other),
    or, for conditions, not the same set (a baseline result is a context of its own)."""
    out = []
    if a.species and b.species and a.species != b.species:
        out.append("species")
    if a.anatomy and b.anatomy and not nested(a.anatomy, b.anatomy, within):
        out.append("anatomy")
    if a.model and b.model and a.model != b.model:
        out.append("model")
    if set(a.condition) != set(b.condition):
        out.append("condition")
    ta, tb = _time(a.time), _time(b.time)
    if ta and tb and ta != tb:
        out.append("time")
    return tuple(out)


def split_opposing(
    support: Sequence[Claim], opposing: Iterable[Claim], within: Within = _alone
) -> tuple[tuple[Claim, ...], tuple[ContextDifference, ...]]:
    """Split the claims that oppose a step into ``(contradictions, differences)``.

    An opposing claim contradicts the step when its context is compatible with a
    supporting claim's; otherwise it differs by context, named against the supporting
    claim it differs from least (the strongest one first). Necessity tests are neither:
    they are left out. A supporting necessity test counts in the context of its control
    arm (no condition): the knockout arm itself, a no-change claim under the knockout,
    differs from it by condition.

    >>> ko = Claim("ko", "x", "decreases", "y", "experiment", "p", condition=("m_ko",),
    ...            requires=("m",))
    >>> arm = Claim("arm", "x", "causes_no_change", "y", "experiment", "p", condition=("m_ko",))
    >>> [(d.claim.id, d.qualifiers) for d in split_opposing([ko], [arm])[1]]
    [('arm', ('condition',))]
    """
    contra: list[Claim] = []
    differ: list[ContextDifference] = []
    # a necessity test's effect is its control arm's: its condition removed the mediator
    # and abolished the effect, so the context its effect holds in has no condition
    support = [dataclasses.replace(s, condition=()) if s.necessity else s for s in support]
    for claim in opposing:
        if claim.necessity:
            continue
        best: tuple[str, ...] | None = None
        for s in support:
            diff = differences(s, claim, within)
            if best is None or len(diff) < len(best):
                best = diff
            if not diff:
                break
        if not best:
            contra.append(claim)
        else:
            differ.append(ContextDifference(claim, best))
    return tuple(contra), tuple(differ)


def describe(claim: Claim, labels: dict[str, str] | None = None) -> str:
    """A claim's context in a few words, qualifier by qualifier: ``mouse ·
    hippocampus · condition: rapamycin · 24 h``, or ``baseline`` when it states none."""
    names = labels or {}
    parts = []
    if claim.species:
        parts.append(species_name(claim.species))
    parts.extend(names.get(a, a) for a in claim.anatomy)
    if claim.model:
        parts.append(names.get(claim.model, claim.model))
    if claim.condition:
        parts.append("condition: " + ", ".join(names.get(c, c) for c in claim.condition))
    if claim.time:
        parts.append(claim.time)
    return " · ".join(parts) if parts else "no context stated"
