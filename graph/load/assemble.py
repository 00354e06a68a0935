"""Merge parsed files into one graph: resolve names, expand chains, check references."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..curie import PREFIXES
from ..errors import AmbiguousEntity, EntityNotFound, Problem
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..resolve import NameIndex
from ..schema import EDGE, FIELDS, REFERENCES
from ..vocab import DEFAULT_BASE
from .fields import FieldProblem, brief, check_curie_field, check_url, closest
from .spec import (
    MAX_FILE_CHAIN_CLAIMS,
    ChainProblem,
    ClaimSpec,
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
                f"give the {kind}s different ids or make the definitions identical",
                claim=obj.id,
                what=kind,
            )
    return out


def _base(
    files: list[FileData],
    reporters: dict[str, Reporter],
    override: str | None,
    problems: list[Problem],
) -> str:
    if override is not None:
        try:
            check_url(override)
            if not override.endswith(("/", "#")):
                raise FieldProblem(
                    f"base {brief(override)} must end with '/' or '#'",
                    "e.g. --base https://example.org/mygraph/",
                )
        except FieldProblem as exc:
            problems.append(Problem("base", None, exc.message, exc.hint))
        return override
    base: str | None = None
    for f in files:
        if f.base is None:
            continue
        rep = reporters[f.path]
        try:
            value = check_url(f.base.value)
        except FieldProblem as exc:
            rep.add(f.base.line, f"base: {exc.message}", exc.hint)
            continue
        if not value.endswith(("/", "#")):
            rep.add(
                f.base.line,
                f"base {brief(value)} must end with '/' or '#'",
                "e.g. base: https://example.org/mygraph/",
            )
            continue
        if base is not None and value != base:
            rep.add(
                f.base.line,
                f"base {brief(value)} differs from {brief(base)} in another file",
                "files loaded together share one base; use --base to set it",
            )
            continue
        base = value
    return base or DEFAULT_BASE


class _Resolver:
    """Resolves the names claims give: entities by any name, sources by id, contexts as an
    entity or a CURIE."""

    def __init__(self, entities: dict[str, Entity], sources: dict[str, Source]) -> None:
        self.index = NameIndex(entities.values())
        self.sources = sources
        self.by_kind = {"entity": self.entity, "context": self.context, "source": self.source}

    def entity(self, rep: Reporter, loc: Located, cid: str | None, what: str) -> str | None:
        try:
            return self.index.lookup(loc.value)
        except EntityNotFound as exc:
            hint = (
                "did you mean " + ", ".join(repr(s) for s in exc.suggestions) + "?"
                if exc.suggestions
                else "declare it under `entities:` (in a table: fill its *_label and *_type cells)"
            )
            rep.add(
                loc.line, f"unknown entity {brief(loc.value)} in {what}", hint, claim=cid,
                column=loc.column,
            )  # fmt: skip
        except AmbiguousEntity as exc:
            rep.add(
                loc.line,
                f"{what} {brief(loc.value)} names several entities: " + ", ".join(exc.candidates),
                "use the entity's id",
                claim=cid,
                column=loc.column,
            )
        return None

    def context(self, rep: Reporter, loc: Located, cid: str | None, what: str) -> str | None:
        """An entity id, or a CURIE with a known prefix."""
        prefix, sep, _ = loc.value.partition(":")
        if sep and prefix in PREFIXES:
            try:
                return check_curie_field(loc.value, what)
            except FieldProblem as exc:
                rep.add(loc.line, exc.message, exc.hint, claim=cid, column=loc.column)
                return None
        return self.entity(rep, loc, cid, what)

    def source(self, rep: Reporter, loc: Located, cid: str | None, what: str) -> str | None:
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
    spec: ClaimSpec, rep: Reporter, res: _Resolver
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


def assemble(
    files: list[FileData], problems: list[Problem], base: str | None = None
) -> KnowledgeGraph | None:
    """Resolve and merge parsed files; returns None if any problem was found."""
    reporters = {f.path: Reporter(f.path, problems) for f in files}
    sources: dict[str, Source] = _merge_defs(
        "source", ((f.path, s, ln) for f in files for s, ln in f.sources), reporters
    )
    entities: dict[str, Entity] = _merge_defs(
        "entity", ((f.path, e, ln) for f in files for e, ln in f.entities), reporters
    )
    kg_base = _base(files, reporters, base, problems)
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
    res = _Resolver(entities, sources)
    claims: dict[str, Claim] = {}
    first_seen: dict[str, str] = {}
    written: dict[str, str] = {}
    for f in files:
        for cid, line in f.claim_ids:
            if cid in written:
                reporters[f.path].add(
                    line,
                    f"duplicate claim id {cid!r} (first at {written[cid]})",
                    "claim ids must be unique across all files",
                    claim=cid,
                )
            else:
                written[cid] = f"{f.path}:{line}"
    for f in files:
        rep = reporters[f.path]
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
                    rep.add(
                        line,
                        f"duplicate claim id {cid!r} (first at {first_seen[cid]})",
                        "claim ids must be unique across all files",
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
    if problems:
        return None
    return KnowledgeGraph(entities=entities, sources=sources, claims=claims, base=kg_base)
