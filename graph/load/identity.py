"""One entity across many files: definitions that share an id or an exact-match CURIE are
one entity, their names and matches united.

The result does not depend on the order of the files: the merged entity's id, label and
description are chosen by how many files use them, then by text order, and every list is
sorted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..model import Entity
from .spec import Extension, FileData, Reporter, make_record

__all__ = ["Definition", "Merged", "merge_entities", "extend_entities"]


@dataclass(frozen=True, slots=True)
class Definition:
    """An entity as one file defines it, at its line."""

    entity: Entity
    path: str
    line: int | None

    @property
    def where(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Merged:
    """Entities by id, each merged from its definitions; ``aliases`` maps each id a file
    gave an entity (``(path, id)``) to the merged entity's id, and ``definitions`` lists
    each merged entity's definitions, in file order."""

    entities: dict[str, Entity]
    aliases: dict[tuple[str, str], str]
    definitions: dict[str, tuple[Definition, ...]]


class _Sets:
    """Union-find over definition numbers."""

    def __init__(self, n: int) -> None:
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.up[max(a, b)] = min(a, b)


def _choice(values: Iterable[str]) -> str:
    """The value most definitions give; of those, the first in text order."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _groups(defs: list[Definition]) -> list[list[int]]:
    """The definitions of each entity: same id, or an exact match shared across files
    (never one that a file gives two of its entities: that file says they differ)."""
    sets = _Sets(len(defs))
    first: dict[str, int] = {}
    by_xref: dict[str, list[int]] = {}
    across = len({d.path for d in defs}) > 1  # one file's entities never merge by xref
    for i, d in enumerate(defs):
        sets.union(first.setdefault(d.entity.id, i), i)
        if across:
            for x in d.entity.xrefs:
                by_xref.setdefault(x, []).append(i)
    for members in by_xref.values():
        ids_by_file: dict[str, set[str]] = {}
        for i in members:
            ids_by_file.setdefault(defs[i].path, set()).add(defs[i].entity.id)
        if len(ids_by_file) > 1 and all(len(ids) == 1 for ids in ids_by_file.values()):
            for i in members[1:]:
                sets.union(members[0], i)
    out: dict[int, list[int]] = {}
    for i in range(len(defs)):
        out.setdefault(sets.find(i), []).append(i)
    return list(out.values())


def _why(d: Definition, ref: Definition, members: list[Definition]) -> str:
    """Why definitions ``d`` and ``ref`` are one entity: a shared id or exact match, else
    an exact match ``d`` shares with another of the entity's definitions."""
    a, b = d.entity, ref.entity
    shared = sorted(set(a.xrefs) & set(b.xrefs))
    if a.id == b.id:
        return f"the same id {a.id!r}"
    if shared:
        return "the exact match " + ", ".join(shared)
    for m in members:
        common = sorted(set(a.xrefs) & set(m.entity.xrefs))
        if m is not d and common:
            return f"the exact match {common[0]}, also that of {m.entity.id!r} at {m.where}"
    return f"the id {a.id!r}, shared with another definition"


def _check(members: list[Definition], canonical: Entity, reporters: dict[str, Reporter]) -> bool:
    """Report what the definitions of one entity disagree on; False when they cannot be
    one entity (two types, or two entities of one file)."""
    ok = True
    by_file: dict[str, Definition] = {}
    for d in members:
        other = by_file.setdefault(d.path, d)
        if other.entity.id != d.entity.id:
            reporters[d.path].add(
                d.line,
                f"entities {other.entity.id!r} ({other.where}) and {d.entity.id!r} are "
                "one entity by the exact matches other files give them",
                "a file's entities are distinct: remove the exact match (xrefs) that joins "
                "them in the other file, or make it a close match",
                claim=d.entity.id,
                what="entity",
            )
            ok = False
    ref = next(d for d in members if d.entity.type == canonical.type)
    for d in members:
        e = d.entity
        if e.type != canonical.type:
            reporters[d.path].add(
                d.line,
                f"entity {e.id!r} has type {e.type} here but type {canonical.type} at "
                f"{ref.where} ({ref.entity.id!r}), and they are one entity by "
                f"{_why(d, ref, members)}",
                "make the types agree if they are one entity; if they are two, give them "
                "different ids and no shared exact match (xrefs)",
                claim=e.id,
                what="entity",
            )
            ok = False
    return ok


def _warn_differences(
    members: list[Definition], merged: Entity, reporters: dict[str, Reporter]
) -> None:
    """Warn at each definition whose label or description the merged entity does not
    keep, naming the definition whose it keeps."""
    for attr in ("label", "description"):
        kept = getattr(merged, attr)
        ref = next((d for d in members if getattr(d.entity, attr) == kept), None)
        if ref is None:
            continue
        for d in members:
            value = getattr(d.entity, attr)
            if value is None or value == kept:
                continue
            same = f"(the same entity: {_why(d, ref, members)})"
            if attr == "label":
                message = f"label {value!r} differs from {kept!r} at {ref.where} {same}"
                hint = (
                    f"the entity is labelled {kept!r}, with {value!r} as a synonym; give "
                    "both definitions one label to silence this"
                )
            else:
                message = f"description differs from the one at {ref.where} {same}"
                hint = "the entity keeps that one; give both definitions one description"
            reporters[d.path].warn(d.line, message, hint, claim=d.entity.id)


def _labels(entities: list[Entity]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    preferred: dict[str, list[str]] = {}
    names: dict[str, set[str]] = {}
    for e in entities:
        for lang, (first, *rest) in e.labels:
            preferred.setdefault(lang, []).append(first)
            names.setdefault(lang, set()).update((first, *rest))
    out = []
    for lang in sorted(preferred):
        top = _choice(preferred[lang])
        out.append((lang, (top, *sorted(names[lang] - {top}))))
    return tuple(out)


def _merge(entities: list[Entity], counts: Counter[str]) -> Entity:
    """One entity from the definitions of one type that ``entities`` lists (one per
    definition, so that a label more files give is the one kept)."""
    ident = min(counts, key=lambda v: (-counts[v], v))
    label = _choice(e.label for e in entities)
    descriptions = [e.description for e in entities if e.description is not None]
    values: dict[str, Any] = {
        "label": label,
        "type": entities[0].type,
        # the other ids stay names of the entity, so that each file's own id still works
        "synonyms": {s for e in entities for s in (e.id, e.label, *e.synonyms)} - {ident},
        "labels": _labels(entities),
        "xrefs": {x for e in entities for x in e.xrefs},
        "description": _choice(descriptions) if descriptions else None,
    }
    # a CURIE one file gives as an exact match and another as a close or broad one is
    # an exact match of the merged entity
    for name in ("broad_matches", "close_matches"):
        values[name] = {x for e in entities for x in getattr(e, name)} - values["xrefs"]
    return _record(ident, values)


def _record(ident: str, values: dict[str, Any]) -> Entity:
    labels = values.pop("labels")
    entity: Entity = make_record("entity", ident, values)
    return replace(entity, labels=labels)


def merge_entities(files: list[FileData], reporters: dict[str, Reporter]) -> Merged:
    """Merge the entity definitions of ``files``; disagreements go to ``reporters``."""
    defs = [Definition(e, f.path, line) for f in files for e, line in f.entities]
    entities: dict[str, Entity] = {}
    aliases: dict[tuple[str, str], str] = {}
    definitions: dict[str, tuple[Definition, ...]] = {}
    for group in _groups(defs):
        if len(group) == 1:  # most entities: defined once
            d = defs[group[0]]
            entities[d.entity.id] = d.entity
            definitions[d.entity.id] = (d,)
            aliases[(d.path, d.entity.id)] = d.entity.id
            continue
        members = [defs[i] for i in group]
        distinct = list(dict.fromkeys(d.entity for d in members))
        counts = Counter(d.entity.id for d in {(d.path, d.entity.id): d for d in members}.values())
        canonical_id = min(counts, key=lambda v: (-counts[v], v))
        canonical = replace(distinct[0], id=canonical_id)
        if not _check(members, canonical, reporters):
            merged = canonical  # reported; kept so that the names claims give resolve
        elif len(distinct) == 1:
            merged = distinct[0]
        else:
            merged = _merge([d.entity for d in members], counts)
            _warn_differences(members, merged, reporters)
        entities[merged.id] = merged
        definitions[merged.id] = tuple(members)
        for d in members:
            aliases[(d.path, d.entity.id)] = merged.id
    return Merged(entities, aliases, definitions)


def extend_entities(
    entities: dict[str, Entity], additions: Iterable[tuple[str, Extension]]
) -> dict[str, Entity]:
    """``entities`` with the names and matches of ``additions`` (target id, extension)
    added to their targets."""
    out = dict(entities)
    for target, ext in additions:
        e = out[target]
        values = ext.values
        names = {lang: list(n) for lang, n in e.labels}
        for lang, (first, *rest) in values.get("labels", ()):
            have = names.setdefault(lang, [first])
            have.extend(n for n in (first, *rest) if n not in have)
        out[target] = _record(
            e.id,
            {
                "label": e.label,
                "type": e.type,
                "synonyms": {*e.synonyms, *values.get("synonyms", ())},
                "labels": tuple(
                    (lang, (n[0], *sorted(set(n[1:]) - {n[0]})))
                    for lang, n in sorted(names.items())
                ),
                "xrefs": {*e.xrefs, *values.get("xrefs", ())},
                "broad_matches": {*e.broad_matches, *values.get("broad_matches", ())},
                "close_matches": {*e.close_matches, *values.get("close_matches", ())},
                "description": e.description,
            },
        )
    return out
