"""Neighbourhoods and explanations as text, JSON or TSV (pure, deterministic)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

from ..cells import table_cell
from ..model import Claim
from ..report import qualifier_lines
from ..schema import as_json
from ..species import species_name
from .explore import Explanation, Neighbourhood
from .render import ARROW, WIDTH, claim_brief, context_note, step_record

__all__ = [
    "NEIGHBOUR_FORMATS",
    "EXPLAIN_FORMATS",
    "neighbours_text",
    "neighbours_json",
    "neighbours_tsv",
    "explain_text",
    "explain_json",
]


def _wrap(text: str, indent: str, more: str = "  ") -> list[str]:
    """Wrap ``text`` to the width; continuation lines are indented by ``more`` past the
    first line's indent."""
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent) + more,
        break_on_hyphens=False,
    ) or [indent]  # fmt: skip


def neighbours_text(hood: Neighbourhood) -> str:
    """Downstream then upstream neighbours, nearest and strongest first."""
    out: list[str] = []
    for direction in ("downstream", "upstream"):
        rows = [n for n in hood.neighbours if n.direction == direction]
        if not rows:
            continue
        if out:
            out.append("")
        what = "affects" if direction == "downstream" else "is affected by"
        steps = "step" if hood.depth == 1 else "steps"
        out.append(f"{hood.entity.label} {what} ({direction}, up to {hood.depth} {steps}):")
        for n in rows:
            step = n.step
            text = (
                f"{step.subject.label} ─{step.relation}{ARROW} {step.object.label} "
                f"[{step.evidence}, {step.claim.id}"
                + (f", +{step.support - 1}" if step.support > 1 else "")
                + "]"
            )
            out += _wrap(text, f"  {n.distance} ", "  ")
            if step.contradictions:
                out += _wrap(
                    "✗ contradicted by "
                    + "; ".join(claim_brief(c) + context_note(c) for c in step.contradictions),
                    "      ",
                )
            if step.differs:
                out += _wrap(
                    "≠ differs by context: "
                    + "; ".join(
                        claim_brief(d.claim)
                        + context_note(d.claim)
                        + ": "
                        + ", ".join(d.qualifiers)
                        for d in step.differs
                    ),
                    "      ",
                )
    if not out:
        out.append(f"{hood.entity.label} has no causal neighbours under these filters.")
    if hood.omitted:
        out += ["", f"{hood.omitted} more not shown: raise --limit."]
    return "\n".join(out) + "\n"


def neighbours_json(hood: Neighbourhood) -> str:
    doc = {
        "entity": {"id": hood.entity.id, "label": hood.entity.label, "type": hood.entity.type},
        "depth": hood.depth,
        "omitted": hood.omitted,
        "neighbours": [
            {
                "id": n.entity.id,
                "label": n.entity.label,
                "distance": n.distance,
                "direction": n.direction,
                "step": step_record(n.step),
            }
            for n in hood.neighbours
        ],
    }
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def neighbours_tsv(hood: Neighbourhood) -> str:
    cols = ("direction", "distance", "id", "label", "subject", "relation", "object",
            "claim", "evidence", "support")  # fmt: skip
    rows = ["\t".join(cols)]
    for n in hood.neighbours:
        s = n.step
        cells = (n.direction, n.distance, n.entity.id, n.entity.label, s.subject.id,
                 s.relation, s.object.id, s.claim.id, s.evidence, s.support)  # fmt: skip
        rows.append("\t".join(table_cell(c) for c in cells))
    return "\n".join(rows) + "\n"


def _claim_lines(claim: Claim, exp: Explanation) -> list[str]:
    rel = ("NOT " if claim.negated else "") + claim.relation
    context = [species_name(claim.species)] if claim.species else []
    labels = {e.id: e.label for e in exp.entities}
    if claim.model:
        context.append(labels.get(claim.model, claim.model))
    context += [labels.get(a, a) for a in claim.anatomy]
    context += list(claim.method)
    out = _wrap(f"{claim.id}: {rel} · {claim.evidence}"
                + (f" · {', '.join(context)}" if context else ""), "  ", "    ")  # fmt: skip
    for line in qualifier_lines(claim, lambda x: labels.get(x, x)):
        out += _wrap(line, "    ")
    role = exp.role(claim.id)
    if role is not None and (role[0] != "supports" or claim.necessity):
        out += _wrap(_role_text(claim, role), "    ")
    if claim.quote:
        lang = f" ({claim.quote_lang})" if claim.quote_lang else ""
        out += _wrap(f"“{claim.quote}”{lang}", "    ")
    sources = {s.id: s for s in exp.sources}
    src = sources.get(claim.source)
    line = f"source: {claim.source}"
    if src is not None:
        line += "".join(f" · {x}" for x in (src.title, src.link) if x)
        if src.reports:
            line += f" (reports {', '.join(src.reports)})"
    out += _wrap(line, "    ")
    if claim.attributed_to:
        out += _wrap(f"attributed to: {claim.attributed_to}", "    ")
    if claim.note:
        out += _wrap(f"note: {claim.note}", "    ")
    return out


def _role_text(claim: Claim, role: tuple[str, str | None, tuple[str, ...]]) -> str:
    kind, head, qualifiers = role
    if kind == "contradicts":
        return f"✗ contradicts {head} (the same context, the opposite result)"
    if kind == "differs":
        return f"≠ differs by context from {head}: " + ", ".join(qualifiers)
    what = "requires" if claim.requires else "is independent of"
    return f"✓ necessity test: the effect {what} the mediator (counts as support)"


def explain_text(exp: Explanation) -> str:
    """Both directions, each claim with its context, quote and source."""
    out: list[str] = []
    for a, b, claims in ((exp.subject, exp.object, exp.forward),
                         (exp.object, exp.subject, exp.backward)):  # fmt: skip
        if out:
            out.append("")
        n = len(claims)
        out += _wrap(f"{a.label} {ARROW} {b.label}: {n} claim{'s' if n != 1 else ''}", "")
        for claim in claims:
            out += _claim_lines(claim, exp)
    return "\n".join(out) + "\n"


def _claim_record(claim: Claim, exp: Explanation) -> dict[str, Any]:
    role = exp.role(claim.id)
    assessment = None
    if role is not None:
        assessment = {"role": role[0], "headline": role[1], "differs_in": list(role[2])}
    return {**as_json(claim), "assessment": assessment}


def explain_json(exp: Explanation) -> str:
    doc = {
        "subject": {"id": exp.subject.id, "label": exp.subject.label},
        "object": {"id": exp.object.id, "label": exp.object.label},
        "forward": [_claim_record(c, exp) for c in exp.forward],
        "backward": [_claim_record(c, exp) for c in exp.backward],
        "sources": [
            {
                "id": s.id,
                "kind": s.kind,
                "title": s.title,
                "link": s.link,
                "reports": list(s.reports),
            }
            for s in exp.sources
        ],
    }
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


NEIGHBOUR_FORMATS: dict[str, Callable[[Neighbourhood], str]] = {
    "text": neighbours_text,
    "json": neighbours_json,
    "tsv": neighbours_tsv,
}
EXPLAIN_FORMATS: dict[str, Callable[[Explanation], str]] = {
    "text": explain_text,
    "json": explain_json,
}
