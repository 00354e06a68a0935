"""Path results as text, JSON, TSV or Mermaid. Each ``to_<fmt>`` is pure and
deterministic; :data:`PATH_FORMATS` registers them by name."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterable
from typing import Any

from ..cells import table_cell
from ..model import Entity
from ..species import species_name
from .render_context import (
    ARROW,
    WIDTH,
    claim_brief,
    context_cell,
    context_note,
    context_record,
    differs_text,
    necessity_lines,
    opposing_record,
    others_text,
)
from .results import Path, PathResult, Route, Step, effect_name

__all__ = [
    "PATH_FORMATS",
    "WIDTH",
    "to_text",
    "to_json",
    "to_tsv",
    "to_mermaid",
    "path_record",
    "step_record",
    "stopped_note",
    "wrap_units",
    "claim_brief",
    "context_note",
    "context_record",
]


def wrap_units(units: Iterable[str], first: str, rest: str, width: int = WIDTH) -> list[str]:
    """Lay out ``units`` on lines starting with ``first`` then ``rest``, each at most
    ``width`` columns; a unit is split (at spaces) only when it cannot fit a line alone."""
    lines: list[str] = []
    line = first
    fresh = True  # nothing on the line yet but its indent
    for unit in units:
        candidate = line + unit if fresh else f"{line} {unit}"
        if len(candidate) <= width:
            line, fresh = candidate, False
            continue
        if not fresh:
            if len(rest + unit) <= width:
                lines.append(line)
                line = rest + unit
                continue
            line += " "  # too wide for any line: continue this one, split at spaces
        pieces = textwrap.wrap(
            unit, width, initial_indent=line, subsequent_indent=rest, break_on_hyphens=False
        )
        lines.extend(pieces[:-1])
        line, fresh = pieces[-1], False
    lines.append(line)
    return lines


def _summary(path: Path, labels: dict[str, str] | None = None) -> list[str]:
    weak = path.steps[path.weakest]
    parts = [
        f"net: {effect_name(path.net_effect)}",
        f"weakest: {path.weakest_evidence} ({weak.subject.label} {ARROW} {weak.object.label})",
    ]
    names = ", ".join(species_name(s) for s in path.species)
    if path.mixed_species:
        parts.append(f"⚠ mixed species: {names}")
    elif names:
        parts.append(names)
    if path.contexts:
        label = "⚠ mixed contexts" if path.mixed_contexts else "context"
        names = ", ".join((labels or {}).get(c, c) for c in path.contexts)
        parts.append(f"{label}: {names}")
    if path.mixed_anatomy:
        names = ", ".join((labels or {}).get(c, c) for c in path.anatomy)
        parts.append(f"⚠ mixed anatomy: {names}")
    if path.mixed_source_kinds:
        parts.append("⚠ mixed sources: " + ", ".join(path.source_kinds))
    return [part + " ·" for part in parts[:-1]] + parts[-1:]


def _step_lines(
    step: Step, indent: str, show_species: bool, labels: dict[str, str] | None = None
) -> list[str]:
    claim = step.claim
    text = (
        f"{step.subject.label} {ARROW} {step.object.label}: {claim.relation}, "
        f"{claim.evidence}, {claim.id} [{claim.source}]"
    )
    if show_species:
        text += f" ({species_name(claim.species)})"
    if claim.condition or claim.necessity:
        text += context_note(claim, labels)
    if step.support > 1:
        text += "; " + others_text(step, labels)
    lines = textwrap.wrap(
        text, WIDTH, initial_indent=indent + "· ", subsequent_indent=indent + "  ",
        break_on_hyphens=False,
    )  # fmt: skip
    for mark, items in (
        ("✗ contradicted by ", [claim_brief(c) + context_note(c, labels)
                                for c in step.contradictions]),
        ("≠ differs by context: ", [differs_text(d, labels) for d in step.differs]),
    ):  # fmt: skip
        if not items:
            continue
        shown = "; ".join(items[:3])
        if len(items) > 3:
            shown += f"; +{len(items) - 3} more"
        lines += textwrap.wrap(
            mark + shown, WIDTH, initial_indent=indent + "  ",
            subsequent_indent=indent + "    ", break_on_hyphens=False,
        )  # fmt: skip
    return lines


def path_lines(number: int, path: Path, labels: dict[str, str] | None = None) -> list[str]:
    """The text block of one path: the chain, a summary line, one line per step."""
    head = f"{number}. "
    pad = " " * len(head)
    units = [path.nodes[0].label] + [f"─{s.relation}{ARROW} {s.object.label}" for s in path.steps]
    lines = wrap_units(units, head, pad + "  ")
    lines += wrap_units(_summary(path, labels), pad, pad + "  ")
    for step in path.steps:
        lines += _step_lines(step, pad, path.mixed_species, labels)
    lines += necessity_lines(path, pad, labels)
    return lines


def _branch_lines(route: Route, pad: str) -> list[str]:
    groups = [
        "/".join(e.label for e in (here, *alts))
        for here, alts in zip(route.path.nodes[1:], route.branches, strict=False)
        if alts
    ]
    if not groups:
        return []
    units = [g + " ·" for g in groups[:-1]] + groups[-1:]
    return wrap_units(["parallel branches:", *units], pad, pad + "  ")


def _options(result: PathResult) -> dict[str, Any]:
    return dict(result.options)


def to_text(result: PathResult) -> str:
    """The paths, numbered best first, readable in an 80-column terminal."""
    n = len(result.paths)
    out = [f"{n} path{'s' if n != 1 else ''} from {result.source.label} to {result.target.label}"
           f" (best first: weakest link, then fewer steps, then more claims)"]  # fmt: skip
    out = textwrap.wrap(out[0], WIDTH, subsequent_indent="  ")
    for i, path in enumerate(result.paths, 1):
        out.append("")
        out.extend(path_lines(i, path, dict(result.context_labels)))
    if _options(result).get("more"):
        out += ["", f"More paths exist: raise --limit (now {_options(result).get('k')})."]
    if "paths" in result.stopped:
        out += ["", *textwrap.wrap(stopped_note(result, "paths"), WIDTH)]
    if result.weaker:
        out += ["", *textwrap.wrap(
            "Weaker routes: at each lower evidence level, the path that reaches the most "
            "entities the paths above do not.", WIDTH,
        )]  # fmt: skip
        for i, route in enumerate(result.weaker, n + 1):
            out.append("")
            lines = path_lines(i, route.path, dict(result.context_labels))
            pad = " " * (len(str(i)) + 2)
            chain_end = next(j for j, line in enumerate(lines) if line.startswith(pad + "net:"))
            out += lines[:chain_end] + _branch_lines(route, pad) + lines[chain_end:]
    if "weaker_routes" in result.stopped:
        out += ["", *textwrap.wrap(stopped_note(result, "weaker_routes"), WIDTH)]
    return "\n".join(out) + "\n"


def stopped_note(result: PathResult, part: str) -> str:
    """What a part of the search that ran out of work means for its results."""
    limit = next(limit for name, limit, _, _ in result.work if name == part)
    if part == "paths":
        return (
            f"PARTIAL RESULT: the search stopped at its work budget ({limit:,} units) after "
            f"{len(result.paths)} path{'s' if len(result.paths) != 1 else ''}. These are the "
            "best paths in order, but more may exist: narrow the query (--max-length, "
            "--min-evidence, --species, --relation) or lower --limit."
        )
    return (
        f"PARTIAL RESULT: the search for weaker routes stopped at its work budget "
        f"({limit:,} units); a level's route is the best of the candidates found by then."
    )


def _entity(entity: Entity) -> dict[str, str]:
    return {"id": entity.id, "label": entity.label, "type": entity.type}


def step_record(step: Step) -> dict[str, Any]:
    """A step as a JSON-ready dict."""
    return {
        "subject": step.subject.id,
        "relation": step.relation,
        "object": step.object.id,
        "claim": step.claim.id,
        "evidence": step.evidence,
        "sources": list(step.sources),
        "support": step.support,
        "other_claims": [c.id for c in step.claims[1:]],
        "species": sorted(step.species),
        "anatomy": sorted(step.anatomy),
        "conditions": sorted(step.conditions),
        "source_kinds": sorted(step.source_kinds),
        "contradictions": [opposing_record(c) for c in step.contradictions],
        "differs_by_context": [
            {**opposing_record(d.claim), "differs_in": list(d.qualifiers)} for d in step.differs
        ],
    }


def path_record(path: Path) -> dict[str, Any]:
    """A path as a JSON-ready dict (see docs/paths.md)."""
    return {
        "nodes": [{"id": e.id, "label": e.label} for e in path.nodes],
        "steps": [step_record(s) for s in path.steps],
        "length": len(path.steps),
        "support": path.support,
        "net_effect": effect_name(path.net_effect),
        "weakest_evidence": path.weakest_evidence,
        "weakest_step": path.weakest,
        "species": list(path.species),
        "mixed_species": path.mixed_species,
        "contexts": list(path.contexts),
        "mixed_contexts": path.mixed_contexts,
        "anatomy": list(path.anatomy),
        "mixed_anatomy": path.mixed_anatomy,
        "source_kinds": list(path.source_kinds),
        "mixed_source_kinds": path.mixed_source_kinds,
        "necessity": [
            {
                "claim": t.claim.id,
                "subject": path.nodes[t.start].id,
                "object": path.nodes[t.end].id,
                "mediator": t.mediator.id,
                "required": t.required,
                "evidence": t.claim.evidence,
            }
            for t in path.necessity
        ],
    }


def to_json(result: PathResult) -> str:
    """The result as JSON (sorted keys, 2-space indent, trailing newline)."""
    options = _options(result)
    doc = {
        "source": _entity(result.source),
        "target": _entity(result.target),
        "query": {
            k: list(v) if isinstance(v, tuple) else v for k, v in options.items() if k != "more"
        },
        "more": bool(options.get("more")),
        "partial": result.partial,
        "work": {
            part: {"limit": limit, "exhausted": exhausted}
            for part, limit, _, exhausted in result.work
        },
        "paths": [path_record(p) for p in result.paths],
        "weaker_routes": [
            {
                **path_record(r.path),
                "branches": [[{"id": e.id, "label": e.label} for e in alts] for alts in r.branches],
            }
            for r in result.weaker
        ],
    }
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    return table_cell(value)  # one line, and never a spreadsheet formula


TSV_COLUMNS = (
    "path", "step", "subject", "subject_label", "relation", "object", "object_label",
    "claim", "evidence", "sources", "support", "contradictions", "net_effect",
    "weakest_evidence", "species", "route", "contradiction_contexts", "differs_by_context",
)  # fmt: skip


def to_tsv(result: PathResult) -> str:
    """One row per step, with the path's summary repeated on each row."""
    rows = ["\t".join(TSV_COLUMNS)]
    routes = [(p, "best") for p in result.paths] + [(r.path, "weaker") for r in result.weaker]
    for i, (path, kind) in enumerate(routes, 1):
        for j, step in enumerate(path.steps, 1):
            cells = (
                i, j, step.subject.id, step.subject.label, step.relation, step.object.id,
                step.object.label, step.claim.id, step.evidence, ",".join(step.sources),
                step.support, ",".join(c.id for c in step.contradictions),
                effect_name(path.net_effect), path.weakest_evidence, ",".join(path.species),
                kind, context_cell((c, ()) for c in step.contradictions),
                context_cell((d.claim, d.qualifiers) for d in step.differs),
            )  # fmt: skip
            rows.append("\t".join(_cell(c) for c in cells))
    return "\n".join(rows) + "\n"


def _mermaid_text(text: str) -> str:
    return (
        " ".join(text.split())
        .replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
    )


def to_mermaid(result: PathResult) -> str:
    """A Mermaid flowchart of every path (shared steps drawn once); steps with no data
    behind them (hypothesis, background, inferred) are dashed."""
    ids: dict[str, str] = {}
    lines = ["flowchart LR"]
    paths = [*result.paths, *(r.path for r in result.weaker)]
    for entity in (result.source, result.target, *(e for p in paths for e in p.nodes)):
        if entity.id not in ids:
            ids[entity.id] = f"n{len(ids)}"
            lines.append(f'  {ids[entity.id]}["{_mermaid_text(entity.label)}"]')
    edges: dict[tuple[str, str], Step] = {}
    for path in paths:
        for step in path.steps:
            edges.setdefault((step.subject.id, step.object.id), step)
    dashed = []
    for n, ((a, b), step) in enumerate(edges.items()):
        label = _mermaid_text(f"{step.relation} ({step.evidence})")
        lines.append(f'  {ids[a]} -->|"{label}"| {ids[b]}')
        if not step.level.has_data:
            dashed.append(str(n))
    for i, path in enumerate(paths, 1):
        lines.append(f"  %% path {i}: " + " -> ".join(ids[e.id] for e in path.nodes))
    lines.append("  classDef endpoint fill:#fde68a,stroke:#92400e")
    lines.append(f"  class {ids[result.source.id]},{ids[result.target.id]} endpoint")
    if dashed:
        lines.append(f"  linkStyle {','.join(dashed)} stroke-dasharray:5 5")
    return "\n".join(lines) + "\n"


#: Output formats of ``mechkg paths``: name -> renderer.
PATH_FORMATS: dict[str, Callable[[PathResult], str]] = {
    "text": to_text,
    "json": to_json,
    "tsv": to_tsv,
    "mermaid": to_mermaid,
}
