"""The context of claims in path output: the brackets of the text report, the JSON
context of an opposing claim, the TSV cells, and the lines of necessity tests."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from ..model import Claim
from .context import ContextDifference, describe, differences
from .results import Path, Step

__all__ = [
    "ARROW",
    "WIDTH",
    "claim_brief",
    "context_note",
    "context_record",
    "differs_text",
    "others_text",
    "necessity_lines",
    "opposing_record",
    "context_cell",
]

#: Text output fits this many columns.
WIDTH = 80
ARROW = "→"


def claim_brief(claim: Claim) -> str:
    """``c12 (decreases, experiment, src2024)``; negated claims say so."""
    rel = ("not " if claim.negated else "") + claim.relation
    return f"{claim.id} ({rel}, {claim.evidence}, {claim.source})"


def context_note(claim: Claim, labels: dict[str, str] | None = None) -> str:
    """A claim's context and test in brackets: `` [mouse · hippocampal formation]``;
    empty when it states none."""
    text = describe(claim, labels) if _has_context(claim) else ""
    names = labels or {}
    tests = [f"requires {', '.join(names.get(m, m) for m in claim.requires)}"] * bool(
        claim.requires
    ) + [f"independent of {', '.join(names.get(m, m) for m in claim.independent_of)}"] * bool(
        claim.independent_of
    )
    text = " · ".join([t for t in (text, *tests) if t])
    return f" [{text}]" if text else ""


def _has_context(claim: Claim) -> bool:
    return bool(claim.species or claim.anatomy or claim.model or claim.condition or claim.time)


def differs_text(diff: ContextDifference, labels: dict[str, str] | None) -> str:
    return (
        claim_brief(diff.claim)
        + context_note(diff.claim, labels)
        + ": "
        + ", ".join(diff.qualifiers)
    )


def necessity_lines(path: Path, pad: str, labels: dict[str, str] | None) -> list[str]:
    lines = []
    for test in path.necessity:
        start, end = path.nodes[test.start].label, path.nodes[test.end].label
        what = "requires" if test.required else "is independent of"
        mark = "✓" if test.required else "⚠"
        text = (
            f"{mark} necessity-tested: {start} {ARROW} {end} {what} {test.mediator.label}: "
            + claim_brief(test.claim)
            + context_note(test.claim, labels)
        )
        lines += textwrap.wrap(
            text, WIDTH, initial_indent=pad, subsequent_indent=pad + "  ",
            break_on_hyphens=False,
        )  # fmt: skip
    return lines


def others_text(step: Step, labels: dict[str, str] | None) -> str:
    """``+2 more claims`` and, for those whose context or test differs from the
    headline's, what differs: ``(c4: time 24 h; c5: requires BDNF)``."""
    n = step.support - 1
    text = f"+{n} more claim{'s' if n > 1 else ''}"
    head = step.claim
    notes = []
    for c in step.claims[1:]:
        diff = differences(head, c)
        if "condition" in diff or "time" in diff or c.necessity or (c.time and not head.time):
            notes.append(c.id + context_note(c, labels))
    if notes:
        shown = notes[:3] + ([f"+{len(notes) - 3} more"] if len(notes) > 3 else [])
        text += " (" + "; ".join(shown) + ")"
    return text


def opposing_record(c: Claim) -> dict[str, Any]:
    """An opposing claim as JSON: what it says, and its context."""
    return {
        "claim": c.id,
        "relation": c.relation,
        "negated": c.negated,
        "evidence": c.evidence,
        "source": c.source,
        "context": context_record(c),
    }


def context_record(c: Claim) -> dict[str, Any]:
    """A claim's context qualifiers as JSON (each key always present)."""
    return {
        "species": c.species,
        "anatomy": list(c.anatomy),
        "model": c.model,
        "condition": list(c.condition),
        "time": c.time,
    }


def context_cell(claims: Iterable[tuple[Claim, tuple[str, ...]]]) -> str:
    """``c5=mouse · hippocampal formation,c7=...`` (with ``(species,anatomy)``, the
    qualifiers that differ, for claims that differ by context)."""
    out = []
    for c, diff in claims:
        note = describe(c)
        out.append(f"{c.id}={note}" + (f" ({','.join(diff)})" if diff else ""))
    return "; ".join(out)
