"""Merge parsed files into one graph: resolve names, expand chains, check references."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..errors import Problem
from ..model import Claim, KnowledgeGraph, Source
from ..schema import EDGE, FIELDS, REFERENCES
from .bases import file_bases, override_base, record_bases
from .identity import Merged, extend_entities, merge_entities
from .scope import Resolver, scopes
from .spec import (
    MAX_FILE_CHAIN_CLAIMS,
    ChainProblem,
    ClaimSpec,
    Extension,
    FileData,
    Located,
    Reporter,
    parse_chain,
)

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


#: The claim fields whose values need work: references, by kind (entity, source or
#: context), and lists; (name, kind or None, many, key for messages).
_SPECIAL = tuple(
    (f.name, f.kind if f.kind in REFERENCES else None, f.many, f.yaml or f.name)
    for f in FIELDS["claim"].values()
    if (f.kind in REFERENCES or f.many) and f.name not in EDGE
)


def _resolve(spec: ClaimSpec, rep: Reporter, res: Resolver) -> dict[str, Any] | None:
    """The claim's fields besides its edge, references resolved (entity or source ids,
    or CURIEs) and lists sorted without repeats; None when a reference is unknown."""
    out = dict(spec.values)  # a None is the default of every field but the lists
    cid = spec.id or None
    ok = True
    for name, kind, many, key in _SPECIAL:
        value: Any = out.get(name)
        if value is None:
            out.pop(name, None)
            continue
        if kind is not None:
            resolve = res.by_kind[kind]
            if many:
                value = [resolve(rep, loc, cid, key) for loc in value]
                ok = ok and None not in value
            else:
                value = resolve(rep, value, cid, key)
                ok = ok and value is not None
        # an unknown reference (None, reported) leaves the list unsorted: it is not kept
        out[name] = tuple(sorted(set(value))) if many and None not in value else value
    if out.get("quote") is None:  # quote_lang is the language of the quote
        out.pop("quote_lang", None)
    return out if ok else None


def _expand(
    spec: ClaimSpec, rep: Reporter, res: Resolver
) -> list[tuple[str, str, str, int | None]]:
    """``(subject_id, relation, object_id, line)`` for each edge of the claim or chain."""
    cid = spec.id or None
    if spec.chain is None:
        assert spec.subject is not None and spec.object is not None
        s = res.entity(rep, spec.subject, cid, "subject")
        o = res.entity(rep, spec.object, cid, "object")
        if s is None or o is None or spec.relation is None:
            return []
        return [(s, spec.relation, o, spec.line)]
    try:
        steps = parse_chain(spec.chain.value)
    except ChainProblem as exc:
        rep.add(spec.chain.line, exc.message, exc.hint, claim=cid)
        return []
    edges = []
    ok = True
    cache: dict[str, str | None] = {}
    for subjects, relation, objects in steps:
        for name in {*subjects, *objects}:
            if name not in cache:
                cache[name] = res.entity(rep, Located(name, spec.chain.line), cid, "chain")
                ok = ok and cache[name] is not None
        if ok:
            for s in subjects:
                for o in objects:
                    edges.append((cache[s], relation, cache[o], spec.chain.line))
    return edges if ok else []  # type: ignore[return-value]


def _necessity_problem(claim: Claim) -> tuple[str, str] | None:
    """What is wrong with a claim's necessity test (``requires``, ``independent_of``):
    ``(message, hint)``, or None."""
    if not claim.necessity:
        return None
    named = (*claim.requires, *claim.independent_of)
    for ends in (claim.subject, claim.object):
        if ends in named:
            return (
                f"the effect of {claim.subject!r} on {claim.object!r} cannot need or do "
                f"without {ends!r} itself",
                "`requires` and `independent_of` name a mediator between subject and object",
            )
    both = sorted(set(claim.requires) & set(claim.independent_of))
    if both:
        return (
            f"the claim both requires and is independent of {both[0]!r}",
            "keep one: a knockout or blocker either abolishes the effect or leaves it",
        )
    if claim.negated or claim.rel.sign not in (1, -1):
        return (
            f"a necessity test needs a signed effect, not {claim.relation!r}"
            + (" negated" if claim.negated else ""),
            "state the effect the mediator is needed for (e.g. `decreases`); the arm in "
            "which it is lost goes in the quote, and `condition` names the knockout or blocker",
        )
    return None


_UNIQUE_IN_FILE = "claim ids must be unique across all files"
_UNIQUE = (
    "claim ids must be unique across the files loaded together, whatever their bases: "
    "prefix one file's ids (with its source id, say)"
)


def _extend(
    files: list[FileData], res: Resolver, merged: Merged, reporters: dict[str, Reporter]
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
            files, Resolver(merged.entities, sources, aliases), merged, reporters
        )
    entities = extend_entities(merged.entities, extensions)
    origins = {
        eid: tuple(dict.fromkeys(d.path for d in defs)) for eid, defs in merged.definitions.items()
    }
    for path, ids in extended.items():
        for eid in ids:
            if path not in origins[eid]:
                origins[eid] += (path,)
    res = Resolver(entities, sources, aliases, scopes(files, merged, extended, entities))
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
        from_chains = 0
        for spec in f.claims:
            if spec.chain is not None and from_chains > MAX_FILE_CHAIN_CLAIMS:
                continue  # reported once, at the chain that crossed the limit
            edges = _expand(spec, rep, res)
            if spec.chain is not None:
                from_chains += len(edges)
                if from_chains > MAX_FILE_CHAIN_CLAIMS:
                    rep.add(
                        spec.chain.line,
                        f"the chains of this file stand for more than "
                        f"{MAX_FILE_CHAIN_CLAIMS:,} claims; this one and the rest are not read",
                        "write large fan-outs as a claims table (TSV)",
                        claim=spec.id,
                    )
                    continue
            values = _resolve(spec, rep, res)
            if not edges or values is None or spec.broken:
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
                claim = Claim(id=cid, subject=s, relation=rel, object=o, **values)
                problem = _necessity_problem(claim)
                if problem is not None:
                    rep.add(line, *problem, claim=cid)
                    continue
                claims[cid] = claim
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
