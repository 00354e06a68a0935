"""Human-readable and JSON reports: graph statistics and one entity with its claims."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

from .cells import table_cell
from .model import Claim, Entity, KnowledgeGraph
from .schema import as_json
from .species import SPECIES_NAMES, species_name
from .stats import GraphStats
from .vocab import RELATIONS

__all__ = [
    "ENTITY_LIST_FORMATS",
    "claim_line",
    "qualifier_lines",
    "entity_dict",
    "entity_text",
    "stats_text",
    "stats_json",
]


def stats_text(kg: KnowledgeGraph, st: GraphStats) -> str:
    lines = [f"{st.entities} entities, {st.claims} claims, {st.sources} sources"]

    def section(title: str, counts: dict[str, int], names: dict[str, str] | None = None) -> None:
        lines.append("")
        lines.append(title)
        width = max((len((names or {}).get(k, k)) for k in counts), default=0)
        for key, n in counts.items():
            lines.append(f"  {(names or {}).get(key, key):<{width}}  {n:>6}")

    section("claims by evidence level (weakest first)", st.claims_by_evidence)
    section("claims by relation", st.claims_by_relation)
    titles = {s.id: f"{s.id} ({s.kind})" for s in kg.sources.values()}
    section("claims by source", st.claims_by_source, titles)
    section(
        "claims by species",
        st.claims_by_species,
        {k: f"{species_name(k)} ({k})" if k in SPECIES_NAMES else k for k in st.claims_by_species},
    )
    section("entities by type", st.entities_by_type)
    if st.negated:
        lines.append("")
        lines.append(f"{st.negated} negated claim(s) (the source denies the relation)")
    return "\n".join(lines)


def stats_json(st: GraphStats) -> str:
    return json.dumps(st.as_dict(), indent=2, sort_keys=True, ensure_ascii=False)


def claim_line(kg: KnowledgeGraph, c: Claim) -> str:
    """``subject ─relation→ object`` with labels."""
    s, o = kg.entities[c.subject].label, kg.entities[c.object].label
    rel = RELATIONS[c.relation].label
    neg = "NOT " if c.negated else ""
    return f"{s} ─{neg}{rel}→ {o}"


def qualifier_lines(c: Claim, label: Callable[[str], str]) -> list[str]:
    """The claim's conditions, treatment (dose, route, time), necessity test and figure,
    one ``what: value`` line each (``label`` names an entity id or CURIE)."""
    out = []
    if c.condition:
        out.append("condition: " + ", ".join(label(x) for x in c.condition))
    treatment = [x for x in (c.dose, c.route) if x] + ([f"at {c.time}"] if c.time else [])
    if treatment:
        out.append("treatment: " + " · ".join(treatment))
    if c.requires:
        out.append("requires: " + ", ".join(label(x) for x in c.requires)
                   + " (the effect is lost without it)")  # fmt: skip
    if c.independent_of:
        out.append("independent of: " + ", ".join(label(x) for x in c.independent_of)
                   + " (the effect persists without it)")  # fmt: skip
    if c.figure:
        out.append("figure: " + c.figure)
    return out


def _claim_block(kg: KnowledgeGraph, c: Claim) -> list[str]:
    src = kg.sources[c.source]
    facts = [c.evidence, species_name(c.species), f"source {src.id} ({src.kind})"]
    if c.attributed_to:
        facts.append(f"attributed to {c.attributed_to}")
    context = [kg.entities[a].label if a in kg.entities else a for a in c.anatomy]
    if c.model:
        context.append(kg.entities[c.model].label if c.model in kg.entities else c.model)
    out = [f"  [{c.id}] {claim_line(kg, c)}", "      " + " · ".join(facts)]
    if context:
        out.append("      context: " + ", ".join(context))
    out.extend(
        "      " + line
        for line in qualifier_lines(c, lambda x: kg.entities[x].label if x in kg.entities else x)
    )
    if c.method:
        out.append("      method: " + ", ".join(c.method))
    if c.quote:
        quoted = f"“{c.quote}”" + (f" ({c.quote_lang})" if c.quote_lang else "")
        out.extend(textwrap.wrap(quoted, 78, initial_indent="      ", subsequent_indent="       "))
    if c.note:
        out.extend(
            textwrap.wrap(
                "note: " + c.note, 78, initial_indent="      ", subsequent_indent="        "
            )
        )
    return out


def entity_text(kg: KnowledgeGraph, e: Entity) -> str:
    """Labels, ids and every claim in and out of ``e``, with evidence, source and quote."""
    lines = [f"{e.label}  ({e.id} · {e.type})"]
    if e.synonyms:
        lines.append("  synonyms: " + ", ".join(e.synonyms))
    for lang, names in e.labels:
        lines.append(f"  {lang}: " + ", ".join(names))
    for title, curies in (
        ("xrefs", e.xrefs),
        ("close matches", e.close_matches),
        ("broad matches", e.broad_matches),
    ):
        if curies:
            lines.append(f"  {title}: " + ", ".join(curies))
    if e.description:
        lines.extend(textwrap.wrap(e.description, 78, initial_indent="  ", subsequent_indent="  "))
    out, into = kg.claims_from(e.id), kg.claims_to(e.id)
    for title, claims in ((f"out ({len(out)} claims)", out), (f"in ({len(into)} claims)", into)):
        lines.append("")
        lines.append(title)
        for c in sorted(claims, key=lambda c: (-c.rank, c.id)):
            lines.extend(_claim_block(kg, c))
    return "\n".join(lines)


def _claim_dict(kg: KnowledgeGraph, c: Claim) -> dict[str, Any]:
    return {**as_json(c), "source_link": kg.sources[c.source].link}


def entity_dict(kg: KnowledgeGraph, e: Entity) -> dict[str, Any]:
    return {
        **as_json(e),
        "out": [_claim_dict(kg, c) for c in kg.claims_from(e.id)],
        "in": [_claim_dict(kg, c) for c in kg.claims_to(e.id)],
    }


def _claim_counts(kg: KnowledgeGraph, entities: list[Entity]) -> dict[str, int]:
    wanted = {e.id: 0 for e in entities}
    for c in kg.claims.values():
        for end in {c.subject, c.object}:
            if end in wanted:
                wanted[end] += 1
    return wanted


def _files(kg: KnowledgeGraph, e: Entity) -> list[str]:
    """The files that define or extend ``e``, in the order they were loaded."""
    return list(kg.origins.get(e.id, ()))


def entities_text(kg: KnowledgeGraph, entities: list[Entity]) -> str:
    """One line per entity: id, label, type and how many claims name it; the files it
    comes from when the graph was loaded from several."""
    counts = _claim_counts(kg, entities)
    width = max((len(e.id) for e in entities), default=0)
    several = len({f for files in kg.origins.values() for f in files}) > 1
    lines = [
        f"{e.id:<{width}}  {e.label} ({e.type}, {counts[e.id]} claim"
        f"{'s' if counts[e.id] != 1 else ''})"
        + (f"  from {', '.join(_files(kg, e))}" if several and _files(kg, e) else "")
        for e in entities
    ]
    n = len(entities)
    lines.append(f"{n} entit{'ies' if n != 1 else 'y'}")
    return "\n".join(lines)


def entities_tsv(kg: KnowledgeGraph, entities: list[Entity]) -> str:
    counts = _claim_counts(kg, entities)
    rows = ["id\tlabel\ttype\tclaims\tfiles"]
    rows += [
        f"{e.id}\t{table_cell(e.label)}\t{e.type}\t{counts[e.id]}\t"
        f"{'|'.join(table_cell(f) for f in _files(kg, e))}"
        for e in entities
    ]
    return "\n".join(rows)


def entities_json(kg: KnowledgeGraph, entities: list[Entity]) -> str:
    counts = _claim_counts(kg, entities)
    rows = [
        {
            "id": e.id,
            "label": e.label,
            "type": e.type,
            "claims": counts[e.id],
            "files": _files(kg, e),
        }
        for e in entities
    ]
    return json.dumps(rows, indent=2, sort_keys=True, ensure_ascii=False)


#: Formats of ``mechkg entities``.
ENTITY_LIST_FORMATS: dict[str, Callable[[KnowledgeGraph, list[Entity]], str]] = {
    "text": entities_text,
    "json": entities_json,
    "tsv": entities_tsv,
}
