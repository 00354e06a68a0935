"""Read a YAML claims file (docs/claims-format.md) into a :class:`FileData`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..model import Entity, Source
from . import fields as F
from .spec import ClaimSpec, FileData, Located, Reporter
from .yamlnodes import LList, LMap, YamlProblem, read_yaml

__all__ = ["read_yaml_claims", "CLAIM_KEYS", "DEFAULT_KEYS"]

TOP_KEYS = ("mechkg", "base", "sources", "entities", "defaults", "claims")
SOURCE_KEYS = (
    "kind",
    "title",
    "venue",
    "date",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "language",
    "reports",
)
ENTITY_KEYS = (
    "label",
    "type",
    "synonyms",
    "labels",
    "xrefs",
    "broad_matches",
    "close_matches",
    "description",
)
CLAIM_KEYS = (
    "id",
    "subject",
    "relation",
    "object",
    "chain",
    "evidence",
    "source",
    "quote",
    "quote_lang",
    "attributed_to",
    "species",
    "anatomy",
    "model",
    "method",
    "eco",
    "negated",
    "note",
)
DEFAULT_KEYS = tuple(
    k for k in CLAIM_KEYS if k not in ("id", "subject", "relation", "object", "chain")
)
FORMAT_VERSION = 1


def _unknown_keys(
    rep: Reporter,
    mapping: LMap,
    allowed: tuple[str, ...],
    where: str,
    claim: str | None = None,
    what: str = "claim",
) -> None:
    for key in mapping:
        if key not in allowed:
            near = F.closest(str(key), list(allowed), 1)
            hint = (
                (f"did you mean {near[0]!r}? " if near else "")
                + "allowed keys: "
                + ", ".join(allowed)
            )
            rep.add(
                mapping.key_lines[key],
                f"unknown key {F.brief(key)} in {where}",
                hint,
                claim=claim,
                what=what,
            )
    for key, line in mapping.duplicates:
        rep.add(
            line,
            f"duplicate key {F.brief(key)} in {where}",
            "each key may appear once",
            claim=claim,
            what=what,
        )


def _field(
    rep: Reporter,
    mapping: LMap,
    key: str,
    check: Callable[[Any], Any],
    claim: str | None = None,
    what: str = "claim",
) -> Any:
    """Check ``mapping[key]`` (absent -> None); report and return None on a problem."""
    if key not in mapping or mapping[key] is None:
        return None
    try:
        return check(mapping[key])
    except F.FieldProblem as exc:
        line = mapping.key_lines.get(key, mapping.line)
        for problem in exc.problems if isinstance(exc, F.FieldProblems) else [exc]:
            rep.add(line, problem.message, problem.hint, claim=claim, what=what)
        return None


def _sources(rep: Reporter, node: Any, data: FileData) -> None:
    if not isinstance(node, LMap):
        rep.add(
            getattr(node, "line", None),
            "`sources` must be a mapping of id to source",
            "see the example in docs/claims-format.md",
        )
        return
    for key, line in node.duplicates:
        rep.add(line, f"source {F.brief(key)} is defined twice", "source ids must be unique")
    for sid, body in node.items():
        line = node.key_lines[sid]
        try:
            sid = F.check_id(sid, "source")
        except F.FieldProblem as exc:
            rep.add(line, exc.message, exc.hint)
            continue
        if not isinstance(body, LMap):
            rep.add(
                line,
                "a source must be a mapping with at least `kind`",
                "e.g. kind: article",
                claim=sid,
                what="source",
            )
            continue
        _unknown_keys(rep, body, SOURCE_KEYS, f"source {sid}", sid, "source")
        if "kind" not in body:
            rep.add(
                line,
                "source has no `kind`",
                "one of: " + ", ".join(F.SOURCE_KINDS),
                claim=sid,
                what="source",
            )
        kind = _field(rep, body, "kind", F.check_source_kind, sid, "source")
        reports = (
            _field(rep, body, "reports", lambda v: F.check_text_list(v, "reports"), sid, "source")
            or ()
        )
        source = Source(
            id=sid,
            kind=kind or "webpage",
            title=_field(rep, body, "title", lambda v: F.check_text(v, "title"), sid, "source"),
            venue=_field(rep, body, "venue", lambda v: F.check_text(v, "venue"), sid, "source"),
            date=_field(rep, body, "date", F.check_date, sid, "source"),
            doi=_field(rep, body, "doi", F.check_doi, sid, "source"),
            pmid=_field(rep, body, "pmid", F.check_pmid, sid, "source"),
            pmcid=_field(rep, body, "pmcid", F.check_pmcid, sid, "source"),
            url=_field(rep, body, "url", F.check_url, sid, "source"),
            language=_field(rep, body, "language", F.check_lang, sid, "source"),
            reports=tuple(sorted(set(reports))),
        )
        data.sources.append((source, line))


def _other_labels(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise F.FieldProblem("`labels` must map a language to names", "e.g. labels: {nb: nål}")
    out = []
    seen: set[str] = set()
    for written, names in value.items():
        lang = F.check_lang(written)
        if lang in seen:
            raise F.FieldProblem(
                f"`labels` lists the language {lang!r} twice",
                "language tags ignore case: put all its names in one list",
            )
        seen.add(lang)
        if lang.lower() == "en" or lang.lower().startswith("en-"):
            raise F.FieldProblem(
                f"`labels` has an English entry ({written})",
                "the English name goes in `label`, other English names in `synonyms`",
            )
        listed = F.check_text_list(names, f"labels.{lang}")
        if not listed:
            raise F.FieldProblem(f"labels.{lang} is empty", "give at least one name")
        rest = tuple(sorted(set(listed[1:]) - {listed[0]}))
        out.append((lang, (listed[0], *rest)))
    return tuple(sorted(out))


def _entities(rep: Reporter, node: Any, data: FileData) -> None:
    if not isinstance(node, LMap):
        rep.add(
            getattr(node, "line", None),
            "`entities` must be a mapping of id to entity",
            "see the example in docs/claims-format.md",
        )
        return
    for key, line in node.duplicates:
        rep.add(line, f"entity {F.brief(key)} is defined twice", "entity ids must be unique")
    for eid, body in node.items():
        line = node.key_lines[eid]
        try:
            eid = F.check_id(eid, "entity")
        except F.FieldProblem as exc:
            rep.add(line, exc.message, exc.hint)
            continue
        if not isinstance(body, LMap):
            rep.add(
                line,
                "an entity must be a mapping with `label` and `type`",
                "e.g. label: BDNF, type: Protein",
                claim=eid,
                what="entity",
            )
            continue
        _unknown_keys(rep, body, ENTITY_KEYS, f"entity {eid}", eid, "entity")
        for required in ("label", "type"):
            if required not in body:
                rep.add(
                    line,
                    f"entity has no `{required}`",
                    "every entity needs a label and a type",
                    claim=eid,
                    what="entity",
                )
        label = _field(
            rep, body, "label", lambda v: F.check_text(v, "label").strip(), eid, "entity"
        )
        etype = _field(rep, body, "type", F.check_entity_type, eid, "entity")
        synonyms = (
            _field(rep, body, "synonyms", lambda v: F.check_text_list(v, "synonyms"), eid, "entity")
            or ()
        )
        entity = Entity(
            id=eid,
            label=label or eid,
            type=etype or "BiologicalProcess",
            synonyms=tuple(sorted({s.strip() for s in synonyms} - {label})),
            labels=_field(rep, body, "labels", _other_labels, eid, "entity") or (),
            xrefs=_field(
                rep, body, "xrefs", lambda v: F.check_curie_list(v, "xrefs"), eid, "entity"
            )
            or (),
            broad_matches=_field(
                rep,
                body,
                "broad_matches",
                lambda v: F.check_curie_list(v, "broad_matches"),
                eid,
                "entity",
            )
            or (),
            close_matches=_field(
                rep,
                body,
                "close_matches",
                lambda v: F.check_curie_list(v, "close_matches"),
                eid,
                "entity",
            )
            or (),
            description=_field(
                rep, body, "description", lambda v: F.check_text(v, "description"), eid, "entity"
            ),
        )
        data.entities.append((entity, line))


def _located(mapping: LMap, key: str) -> Located | None:
    if key not in mapping or mapping[key] is None:
        return None
    return Located(mapping[key], mapping.key_lines[key])


def _name(value: Any, what: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return F.check_text(value, what).strip()


def _claim_values(rep: Reporter, body: LMap, cid: str | None) -> dict[str, Any]:
    """Check every qualifier key present in ``body`` (a claim or the defaults)."""
    out: dict[str, Any] = {}

    def fld(key: str, check: Callable[[Any], Any]) -> None:
        if key in body and body[key] is not None:
            value = _field(rep, body, key, check, cid)
            if value is not None:
                out[key] = value

    fld("evidence", F.check_evidence)
    fld("quote", lambda v: F.check_text(v, "quote"))
    fld("quote_lang", lambda v: F.check_lang(v, "quote_lang"))
    fld("species", lambda v: F.check_curie_field(v, "species", ("NCBITaxon",)))
    fld("method", lambda v: F.check_text_list(v, "method"))
    fld("eco", lambda v: F.check_curie_field(v, "eco", ("ECO",)))
    fld("negated", lambda v: F.check_bool(v, "negated"))
    fld("note", lambda v: F.check_text(v, "note"))
    for key in ("source", "attributed_to", "model"):
        if key in body and body[key] is not None:
            value = _field(rep, body, key, functools.partial(_name, what=key), cid)
            if value is not None:
                out[key] = Located(value, body.key_lines[key])
    if "anatomy" in body and body["anatomy"] is not None:
        raw = body["anatomy"]
        items = raw if isinstance(raw, list) else [raw]
        lines = (
            raw.item_lines if isinstance(raw, LList) else [body.key_lines["anatomy"]] * len(items)
        )
        located = []
        for item, line in zip(items, lines, strict=True):
            try:
                located.append(Located(_name(item, "anatomy"), line))
            except F.FieldProblem as exc:
                rep.add(line, exc.message, exc.hint, claim=cid)
        out["anatomy"] = tuple(located)
    return out


def _claims(rep: Reporter, node: Any, defaults: dict[str, Any], data: FileData) -> None:
    if not isinstance(node, LList):
        rep.add(
            getattr(node, "line", None),
            "`claims` must be a list",
            "start each claim with `- id: ...`",
        )
        return
    for body, line in zip(node, node.item_lines, strict=True):
        if not isinstance(body, LMap):
            rep.add(line, "a claim must be a mapping", "start each claim with `- id: ...`")
            continue
        cid = None
        if "id" not in body:
            rep.add(line, "claim has no `id`", "give every claim a unique id")
        else:
            try:
                cid = F.check_id(body["id"], "claim")
                data.claim_ids.append((cid, body.key_lines["id"]))
            except F.FieldProblem as exc:
                rep.add(body.key_lines["id"], exc.message, exc.hint)
        _unknown_keys(rep, body, CLAIM_KEYS, f"claim {cid}", cid)
        values = {**defaults, **_claim_values(rep, body, cid)}
        has_triple = any(k in body for k in ("subject", "relation", "object"))
        if "chain" in body and has_triple:
            rep.add(
                line,
                "claim has both `chain` and subject/relation/object",
                "use one form or the other",
                claim=cid,
            )
            continue
        if "evidence" not in values and "evidence" not in body:
            rep.add(
                line,
                "claim has no evidence level",
                "add `evidence:` (hypothesis, background, inferred, correlation, "
                "experiment, clinical_observation, clinical_trial, systematic_review)",
                claim=cid,
            )
        if "source" not in values and "source" not in body:
            rep.add(
                line,
                "claim has no source",
                "add `source:` with a source id, or set it in `defaults`",
                claim=cid,
            )
        spec_args: dict[str, Any] = {}
        if "chain" in body:
            try:
                spec_args["chain"] = Located(
                    F.check_text(body["chain"], "chain"), body.key_lines["chain"]
                )
            except F.FieldProblem:
                rep.add(
                    body.key_lines["chain"], "empty chain", "write it as `a -> b -| c`", claim=cid
                )
                continue
        else:
            missing = [k for k in ("subject", "relation", "object") if body.get(k) is None]
            if missing:
                rep.add(
                    line,
                    "claim has no " + "/".join(missing),
                    "give subject, relation and object, or a `chain`",
                    claim=cid,
                )
                continue
            subj = _field(rep, body, "subject", lambda v: _name(v, "subject"), cid)
            obj = _field(rep, body, "object", lambda v: _name(v, "object"), cid)
            rel = _field(rep, body, "relation", F.check_relation, cid)
            if subj is None or obj is None or rel is None:
                continue
            spec_args.update(
                subject=Located(subj, body.key_lines["subject"]),
                relation=rel,
                object=Located(obj, body.key_lines["object"]),
            )
        if cid is None or "evidence" not in values or "source" not in values:
            continue
        data.claims.append(
            ClaimSpec(
                id=cid,
                path=rep.path,
                line=line,
                evidence=values["evidence"],
                source=values["source"],
                quote=values.get("quote"),
                quote_lang=values.get("quote_lang"),
                attributed_to=values.get("attributed_to"),
                species=values.get("species"),
                anatomy=values.get("anatomy", ()),
                model=values.get("model"),
                method=values.get("method", ()),
                eco=values.get("eco"),
                negated=values.get("negated", False),
                note=values.get("note"),
                **spec_args,
            )
        )


def read_yaml_claims(path: Path, display: str, rep: Reporter) -> FileData:
    """Parse one YAML claims file; problems go to ``rep``."""
    data = FileData(display)
    try:
        root = read_yaml(path)
    except YamlProblem as exc:
        rep.add(exc.line, exc.message, exc.hint, column=exc.column)
        return data
    if not isinstance(root, LMap):
        rep.add(
            getattr(root, "line", 1),
            "a claims file is a mapping with `mechkg: 1`, `sources`, `entities` and `claims`",
            "see docs/claims-format.md",
        )
        return data
    _unknown_keys(rep, root, TOP_KEYS, "the file")
    if root.get("mechkg") != FORMAT_VERSION:
        rep.add(
            root.key_lines.get("mechkg", 1),
            f"unsupported or missing format version {F.brief(root.get('mechkg'))}",
            f"start the file with `mechkg: {FORMAT_VERSION}`",
        )
    if root.get("base") is not None:
        data.base = Located(root["base"], root.key_lines["base"])
    if "sources" in root:
        _sources(rep, root["sources"], data)
    if "entities" in root:
        _entities(rep, root["entities"], data)
    defaults: dict[str, Any] = {}
    if root.get("defaults") is not None:
        node = root["defaults"]
        if isinstance(node, LMap):
            _unknown_keys(rep, node, DEFAULT_KEYS, "defaults")
            defaults = _claim_values(rep, node, None)
        else:
            rep.add(
                node.line if hasattr(node, "line") else None,
                "`defaults` must be a mapping",
                "e.g. defaults: {source: paper1}",
            )
    if root.get("claims") is not None:
        _claims(rep, root["claims"], defaults, data)
    return data
