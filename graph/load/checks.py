"""Warnings across files (``mechkg validate``): names or exact matches that two entities
share, entities that no claim uses, and one paper cited as two sources.

A shared name is the mistake a graph of many papers makes most: a claim that names it
means one entity or is refused as ambiguous, depending on which files are loaded with
it. Each warning is at a definition's line, and names the other's.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import KnowledgeGraph
from ..resolve import fold
from ..schema import FIELDS
from .identity import Definition, Merged
from .spec import FileData, Reporter

__all__ = ["cross_checks"]

#: The claim fields that name entities (contexts name an entity or a CURIE).
_USES = tuple(f.name for f in FIELDS["claim"].values() if f.kind in ("entity", "context"))


def _first(merged: Merged, eid: str) -> Definition:
    return merged.definitions[eid][0]


def _names(kg: KnowledgeGraph, eid: str) -> Iterator[tuple[str, str]]:
    """``(name, what)`` for each name the entity answers to besides its id."""
    e = kg.entities[eid]
    yield e.label, "label"
    for s in e.synonyms:
        yield s, "synonym"
    for lang, names in e.labels:
        for n in names:
            yield n, f"label ({lang})"


def _shared(kg: KnowledgeGraph, merged: Merged, reporters: dict[str, Reporter]) -> None:
    by_name: dict[str, dict[str, tuple[str, str]]] = {}
    by_xref: dict[str, list[str]] = {}
    for eid in kg.entities:
        if eid not in merged.definitions:
            continue
        for name, what in _names(kg, eid):
            by_name.setdefault(fold(name), {}).setdefault(eid, (what, name))
        for x in kg.entities[eid].xrefs:
            by_xref.setdefault(x, []).append(eid)
    for _, owners in sorted(by_name.items()):
        if len(owners) < 2:
            continue
        first, *others = sorted(owners)
        for eid in others:
            d, ref = _first(merged, eid), _first(merged, first)
            (what, name), (their, _) = owners[eid], owners[first]
            reporters[d.path].warn(
                d.line,
                f"{what} {name!r} is also the {their} of entity {first!r} ({ref.where})",
                "a claim that names it may mean either; remove it from one entity, or give "
                "both one exact match (xrefs) if they are one entity",
                claim=eid,
            )
    for x, holders in sorted(by_xref.items()):
        first, *others = sorted(set(holders))
        for eid in others:
            d, ref = _first(merged, eid), _first(merged, first)
            reporters[d.path].warn(
                d.line,
                f"exact match {x} is also one of entity {first!r} ({ref.where})",
                "an exact match says two entities are one: remove it from one of them, or "
                "make it a close match (close_matches)",
                claim=eid,
            )


def _unused(
    kg: KnowledgeGraph, files: list[FileData], merged: Merged, reporters: dict[str, Reporter]
) -> None:
    """Entities a file with claims defines and no claim names: a shared vocabulary (a
    file without claims) may define entities its importers do not all use."""
    used: set[str] = set()
    for claim in kg.claims.values():
        for name in _USES:
            value = getattr(claim, name)
            used.update(value if isinstance(value, tuple) else (value,))
    with_claims = {f.path for f in files if f.claim_ids}
    for eid in kg.entities:
        if eid in used:
            continue
        d = next((d for d in merged.definitions.get(eid, ()) if d.path in with_claims), None)
        if d is not None:
            reporters[d.path].warn(
                d.line,
                "entity is defined but no claim names it",
                "remove it, or move it to a shared vocabulary file that claim files import",
                claim=eid,
            )


def _same_paper(files: list[FileData], reporters: dict[str, Reporter]) -> None:
    """Sources with different ids and one DOI, PMID or PMCID: one paper cited twice, whose
    claims would count as two sources'."""
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for f in files:
        for src, line in f.sources:
            for what in ("doi", "pmid", "pmcid"):
                value = getattr(src, what)
                if value is None:
                    continue
                where = f.path if line is None else f"{f.path}:{line}"
                other = first.setdefault((what, value.casefold()), (src.id, where))
                if other[0] != src.id:
                    reporters[f.path].warn(
                        line,
                        f"{what} {value} is also that of source {other[0]!r} ({other[1]})",
                        "one paper is one source: give both files the same source id and "
                        "definition",
                        claim=src.id,
                        what="source",
                    )


def cross_checks(
    kg: KnowledgeGraph, files: list[FileData], merged: Merged, reporters: dict[str, Reporter]
) -> None:
    """Report the warnings of ``validate`` about the assembled graph ``kg``."""
    _shared(kg, merged, reporters)
    _unused(kg, files, merged, reporters)
    _same_paper(files, reporters)
