"""Merge parsed files into one graph: resolve names, expand chains, check references."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..curie import known_prefix
from ..errors import AmbiguousEntity, EntityNotFound, Problem
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..resolve import NameIndex
from ..schema import EDGE, FIELDS, REFERENCES
from .bases import file_bases, override_base, record_bases
from .fields import FieldProblem, brief, check_curie_field, closest
from .identity import Merged, extend_entities, merge_entities
from .spec import ChainProblem, ClaimSpec, Extension, FileData, Located, Reporter, parse_chain

__all__ = ["assemble"]


def _merge_defs(
    kind: str, items: Iterable[tuple[str, Any, int | None]], reporters: dict[str, Reporter]
) -> dict[str, Any]:
    """Merge definitions by id: identical repeats are one; different ones are an error."""
    out: dict[str, Any] = {}
    where: dict[str, tuple[str, int | None]] = {}
    for path, obj, line in items:
        prev = out.get(obj.id)
        if prev is None:
            out[obj.id] = obj
            where[obj.id] = (path, line)
        elif prev != obj:
            p, ln = where[obj.id]
            reporters[path].add(
                line,
                f"{kind} {obj.id!r} is already defined differently at {p}:{ln}",
                "give the two different ids, or make the definitions identical",
                claim=obj.id,
                what=kind,
            )
    return out


class _Resolver:
    """Resolves the names claims give: entities by any name, sources by id, contexts as an
    entity or a CURIE. A claim's entity name is looked up first among the entities its
    own file defines, extends or imports, then among all."""

    def __init__(
        self,
        entities: dict[str, Entity],
        sources: dict[str, Source],
        aliases: dict[str, str],
        scopes: dict[str, NameIndex] | None = None,
    ) -> None:
        self.index = NameIndex(entities.values(), aliases)
        self.sources = sources
        self.scopes = scopes or {}
        self.local: NameIndex | None = None
        self.path = ""
        self.origins: dict[str, tuple[str, ...]] = {}
        #: whether to warn about names found in another file beside similar own ones (a
        #: check of ``validate``), and the similar names found, by file and name
        self.similar = False
        self._near: dict[tuple[str, str], tuple[str, ...]] = {}
        self.by_kind = {"entity": self.entity, "context": self.context, "source": self.source}

    def within(self, path: str) -> _Resolver:
        """Resolve the names of file ``path`` from now on."""
        self.local = self.scopes.get(path)
        self.path = path
        return self

    def _lookup(self, rep: Reporter, loc: Located, cid: str) -> str:
        local = self.local
        if local is None:
            return self.index.lookup(loc.value)
        found = local.find(loc.value)
        if found is not None:
            return found
        found = self.index.lookup(loc.value)
        if self.similar:
            key = (self.path, loc.value)
            near = self._near.get(key)
            if near is None:
                near = self._near[key] = tuple(local.closest(loc.value, 3))
            if near:
                where = ", ".join(self.origins.get(found, ())) or "another file"
                rep.warn(
                    loc.line,
                    f"{brief(loc.value)} names entity {found!r} of {where}, not one this "
                    "file defines; this file defines the similar "
                    + ", ".join(repr(n) for n in near),
                    "name this file's entity by its id if it is the one meant; or import "
                    "or extend the other file's entity to make the choice explicit",
                    claim=cid,
                    what="claim",
                )
        return found

    def entity(
        self, rep: Reporter, loc: Located, cid: str, what: str, owner: str = "claim"
    ) -> str | None:
        """The id of the entity ``loc`` names (in field ``what`` of claim, or ``owner``,
        ``cid``); None, reported, when it names none or several."""
        try:
            return self._lookup(rep, loc, cid)
        except EntityNotFound as exc:
            if exc.suggestions:
                hint = "did you mean " + ", ".join(repr(s) for s in exc.suggestions) + "?"
            elif owner == "entity":
                hint = "extend names an entity of another file: load that file too, or import it"
            else:
                hint = (
                    "declare it under `entities:` (in a table: fill its *_label and *_type "
                    "cells); `mechkg entities FILES --search TEXT` lists the entities it may be"
                )
            rep.add(
                loc.line, f"unknown entity {brief(loc.value)} in {what}", hint, claim=cid,
                column=loc.column, what=owner,
            )  # fmt: skip
        except AmbiguousEntity as exc:
            rep.add(
                loc.line,
                f"{what} {brief(loc.value)} names several entities: " + ", ".join(exc.candidates),
                "use the entity's id",
                claim=cid,
                column=loc.column,
                what=owner,
            )
        return None

    def context(self, rep: Reporter, loc: Located, cid: str, what: str) -> str | None:
        """An entity id, or a CURIE with a known prefix."""
        prefix, sep, _ = loc.value.partition(":")
        if sep and known_prefix(prefix) is not None:
            try:
                return check_curie_field(loc.value, what)
            except FieldProblem as exc:
                rep.add(loc.line, exc.message, exc.hint, claim=cid, column=loc.column)
                return None
        return self.entity(rep, loc, cid, what)

    def source(self, rep: Reporter, loc: Located, cid: str, what: str) -> str | None:
        """A source by its id."""
        sources = self.sources
        if loc.value in sources:
            return str(loc.value)
        near = closest(str(loc.value), list(sources), 1)
        hint = (f"did you mean {near[0]!r}? " if near else "") + (
            "declare it under `sources:`" if not sources else "known sources: " + ", ".join(sources)
        )
        rep.add(
            loc.line, f"unknown source {brief(loc.value)} in {what}", hint, claim=cid,
            column=loc.column,
        )  # fmt: skip
        return None


#: The claim fields whose values need work: references, by kind (entity, source or
#: context), and lists; (name, kind or None, many, key for messages).
_SPECIAL = tuple(
    (f.name, f.kind if f.kind in REFERENCES else None, f.many, f.yaml or f.name)
    for f in FIELDS["claim"].values()
    if (f.kind in REFERENCES or f.many) and f.name not in EDGE
)


def _resolve(spec: ClaimSpec, rep: Reporter, res: _Resolver) -> dict[str, Any] | None:
    """The claim's fields besides its edge, references resolved (entity or source ids,
    or CURIEs) and lists sorted without repeats; None when a reference is unknown."""
    out = dict(spec.values)  # a None is the default of every field but the lists
    ok = True
    for name, kind, many, key in _SPECIAL:
        value: Any = out.get(name)
        if value is None:
            out.pop(name, None)
            continue
        if kind is not None:
            resolve = res.by_kind[kind]
            if many:
                value = [resolve(rep, loc, spec.id, key) for loc in value]
                ok = ok and None not in value
            else:
                value = resolve(rep, value, spec.id, key)
                ok = ok and value is not None
        out[name] = tuple(sorted(set(value))) if many else value
    if out.get("quote") is None:  # quote_lang is the language of the quote
        out.pop("quote_lang", None)
    return out if ok else None


def _expand(
    spec: ClaimSpec, rep: Reporter, res: _Resolver
) -> list[tuple[str, str, str, int | None]]:
    """``(subject_id, relation, object_id, line)`` for each edge of the claim or chain."""
    if spec.chain is None:
        assert spec.subject is not None and spec.object is not None and spec.relation
        s = res.entity(rep, spec.subject, spec.id, "subject")
        o = res.entity(rep, spec.object, spec.id, "object")
        if s is None or o is None:
            return []
        return [(s, spec.relation, o, spec.line)]
    try:
        steps = parse_chain(spec.chain.value)
    except ChainProblem as exc:
        rep.add(spec.chain.line, exc.message, exc.hint, claim=spec.id)
        return []
    edges = []
    ok = True
    cache: dict[str, str | None] = {}
    for subjects, relation, objects in steps:
        for name in {*subjects, *objects}:
            if name not in cache:
                cache[name] = res.entity(rep, Located(name, spec.chain.line), spec.id, "chain")
                ok = ok and cache[name] is not None
        if ok:
            for s in subjects:
                for o in objects:
                    edges.append((cache[s], relation, cache[o], spec.chain.line))
    return edges if ok else []  # type: ignore[return-value]


def _scopes(
    files: list[FileData], merged: Merged, extended: dict[str, list[str]], kg: dict[str, Entity]
) -> dict[str, NameIndex]:
    """For each file, the index of the entities it defines, extends or imports (none
    when one file is loaded alone: its scope is everything)."""
    if len(files) < 2:
        return {}
    own: dict[str, list[tuple[str, str]]] = {}
    for (path, written), eid in merged.aliases.items():
        own.setdefault(path, []).append((written, eid))
    out = {}
    for f in files:
        entries = [pair for p in (f.path, *f.scope) for pair in own.get(p, ())]
        ids = {eid for _, eid in entries} | set(extended.get(f.path, ()))
        for p in f.scope:
            ids.update(extended.get(p, ()))
        aliases = {written: eid for written, eid in entries if written != eid}
        if not ids or (not aliases and len(ids) == len(kg)):
            continue  # it defines no entity, or all: its scope is the whole graph's
        out[f.path] = NameIndex((kg[i] for i in sorted(ids) if i in kg), aliases)
    return out


_UNIQUE_IN_FILE = "claim ids must be unique across all files"
_UNIQUE = (
    "claim ids must be unique across the files loaded together, whatever their bases: "
    "prefix one file's ids (with its source id, say)"
)


def _extend(
    files: list[FileData], res: _Resolver, merged: Merged, reporters: dict[str, Reporter]
) -> tuple[list[tuple[str, Extension]], dict[str, list[str]]]:
    """The extensions of every file with the entity each names; by file, the ids
    extended. A file extends entities of other files only: its own it defines."""
    found: list[tuple[str, Extension]] = []
    by_file: dict[str, list[str]] = {}
    for f in files:
        own = {
            merged.aliases[(f.path, e.id)]
            for e, _ in f.entities
            if (f.path, e.id) in merged.aliases
        }
        for ext in f.extensions:
            name = str(ext.target.value)
            rep = reporters[f.path]
            target = res.entity(rep, ext.target, name, "extend", "entity")
            if target in own:
                rep.add(
                    ext.target.line,
                    f"`extend` names {target!r}, an entity this file defines",
                    "add the names to its definition under `entities:` instead",
                    claim=name,
                    what="entity",
                )
            elif target is not None:
                found.append((target, ext))
                by_file.setdefault(f.path, []).append(target)
    return found, by_file


def assemble(
    files: list[FileData],
    problems: list[Problem],
    base: str | None = None,
    checks: Callable[[KnowledgeGraph, list[FileData], Merged, dict[str, Reporter]], None]
    | None = None,
) -> KnowledgeGraph | None:
    """Resolve and merge parsed files; returns None if any error was found.

    ``checks``, when given, is called with the graph, the files, the merged entities and
    the files' reporters once the graph is assembled without error (the warnings of
    ``validate`` across files)."""
    reporters = {f.path: Reporter(f.path, problems) for f in files}
    sources: dict[str, Source] = _merge_defs(
        "source", ((f.path, s, ln) for f in files for s, ln in f.sources), reporters
    )
    merged = merge_entities(files, reporters)
    bases = file_bases(files, reporters)
    if base is not None:
        bases = dict.fromkeys(bases, override_base(base, problems))
    for f in files:
        rep = reporters[f.path]
        for src_def, ln in f.sources:
            for target in src_def.reports:
                if target not in sources:
                    rep.add(
                        ln,
                        f"`reports` names unknown source {target!r}",
                        "declare it under `sources:`",
                        claim=src_def.id,
                        what="source",
                    )
    aliases = {written: eid for (_, written), eid in merged.aliases.items() if written != eid}
    extensions: list[tuple[str, Extension]] = []
    extended: dict[str, list[str]] = {}
    if any(f.extensions for f in files):
        extensions, extended = _extend(
            files, _Resolver(merged.entities, sources, aliases), merged, reporters
        )
    entities = extend_entities(merged.entities, extensions)
    origins = {
        eid: tuple(dict.fromkeys(d.path for d in defs)) for eid, defs in merged.definitions.items()
    }
    for path, ids in extended.items():
        for eid in ids:
            if path not in origins[eid]:
                origins[eid] += (path,)
    res = _Resolver(entities, sources, aliases, _scopes(files, merged, extended, entities))
    res.origins = origins
    res.similar = checks is not None
    homes: dict[str, dict[str, set[str]]] = {"entity": {}, "claim": {}, "source": {}}
    # one base for every record (the common case): no record needs its own
    uniform = len(set(bases.values())) <= 1 and not any(f.record_bases for f in files)

    def home(f: FileData, kind: str, written: str, rid: str) -> None:
        own = f.record_bases.get(kind, {}).get(written) if base is None else None
        homes[kind].setdefault(rid, set()).add(own or bases[f.path])

    for f in files if not uniform else ():
        for e, _ in f.entities:
            home(f, "entity", e.id, merged.aliases.get((f.path, e.id), e.id))
        for src_def, _ in f.sources:
            home(f, "source", src_def.id, src_def.id)
    claims: dict[str, Claim] = {}
    first_seen: dict[str, str] = {}
    written: dict[str, str] = {}
    for f in files:
        for cid, line in f.claim_ids:
            if cid in written:
                reporters[f.path].add(
                    line,
                    f"duplicate claim id {cid!r} (first at {written[cid]})",
                    _UNIQUE if not written[cid].startswith(f"{f.path}:") else _UNIQUE_IN_FILE,
                    claim=cid,
                )
            else:
                written[cid] = f"{f.path}:{line}"
    for f in files:
        rep = reporters[f.path]
        res.within(f.path)
        for spec in f.claims:
            edges = _expand(spec, rep, res)
            values = _resolve(spec, rep, res)
            if not edges or values is None:
                continue
            many = spec.chain is not None
            for n, (s, rel, o, line) in enumerate(edges, start=1):
                cid = f"{spec.id}.{n}" if many else spec.id
                if s == o:
                    rep.add(
                        line,
                        f"claim relates {s!r} to itself",
                        "a claim needs two different entities",
                        claim=cid,
                    )
                    continue
                if cid in claims:
                    if not many:  # reported with the ids written, above
                        continue
                    rep.add(
                        line,
                        f"duplicate claim id {cid!r} (first at {first_seen[cid]})",
                        _UNIQUE
                        if not first_seen[cid].startswith(f"{f.path}:")
                        else _UNIQUE_IN_FILE,
                        claim=cid,
                    )
                    continue
                first_seen[cid] = f"{f.path}:{spec.line}"
                claims[cid] = Claim(id=cid, subject=s, relation=rel, object=o, **values)
                if not uniform:
                    own = f.record_bases.get("claim", {}).get(spec.id) if base is None else None
                    homes["claim"][cid] = {own or bases[f.path]}
    if any(p.severity == "error" for p in problems):
        return None
    kg_base, others = record_bases(bases, homes)
    kg = KnowledgeGraph(
        entities=entities,
        sources=sources,
        claims=claims,
        base=kg_base,
        record_bases=others,
        origins=origins,
    )
    if checks is not None:
        checks(kg, files, merged, reporters)
    return kg
