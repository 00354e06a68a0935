"""Read a YAML claims file (docs/claims-format.md) into a :class:`FileData`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..schema import EDGE, FIELDS, REFERENCES, Field
from . import fields as F
from .spec import (
    ChainProblem,
    ClaimSpec,
    Extension,
    FileData,
    Located,
    Reporter,
    make_record,
    split_necessity,
)
from .yamlnodes import LList, LMap, YamlProblem, read_yaml

__all__ = ["read_yaml_claims", "read_head", "CLAIM_KEYS", "DEFAULT_KEYS", "SOURCE_KEYS",
           "ENTITY_KEYS", "EXTEND_KEYS"]  # fmt: skip

TOP_KEYS = ("mechkg", "base", "import", "sources", "entities", "extend", "defaults", "claims")
#: The YAML-only key of a claim that stands for its edge: ``chain: a -> b -| c``.
CHAIN = "chain"


def _key(f: Field) -> str:
    return f.yaml or f.name


#: The claim fields a file's ``defaults`` may set: all but the id and the edge.
_QUALIFIERS = tuple(
    f for f in FIELDS["claim"].values() if f.yaml is not None and f.name not in ("id", *EDGE)
)
#: (field, check) of each key of a source or entity body (its id is the mapping's key).
_BODY = {
    owner: tuple((f, F.checker(f)) for f in FIELDS[owner].values() if f.yaml is not None)
    for owner in ("source", "entity")
}
_ID = _key(FIELDS["claim"]["id"])
_EDGE_KEYS = tuple(_key(FIELDS["claim"][name]) for name in EDGE)
SOURCE_KEYS = tuple(_key(f) for f, _ in _BODY["source"])
ENTITY_KEYS = tuple(_key(f) for f, _ in _BODY["entity"])
DEFAULT_KEYS = tuple(_key(f) for f in _QUALIFIERS)
CLAIM_KEYS = (_ID, *_EDGE_KEYS, CHAIN, *DEFAULT_KEYS)
#: (field, check) of the edge, and of each qualifier (of each item, for a reference list).
_EDGE_CHECKS = tuple((FIELDS["claim"][name], F.checker(FIELDS["claim"][name])) for name in EDGE)
_CLAIM_CHECKS = tuple(
    (f, F.item_check(f) if f.kind in REFERENCES else F.checker(f)) for f in _QUALIFIERS
)
#: The qualifiers a claim must have, from its own keys or the file's defaults.
_REQUIRED = tuple(f for f in _QUALIFIERS if f.required)
FORMAT_VERSION = 1
_CLAIM_KEY_SET = frozenset(CLAIM_KEYS)
#: Each qualifier's key -> its position in ``_CLAIM_CHECKS`` (the order values are
#: checked and problems reported in).
_QUALIFIER_AT = {_key(f): i for i, (f, _) in enumerate(_CLAIM_CHECKS)}
#: (field, key, check, a reference, a list of references) of each qualifier, in order.
_QUALIFIER_ROWS = tuple(
    (f, _key(f), check, f.kind in REFERENCES, f.kind in REFERENCES and f.many)
    for f, check in _CLAIM_CHECKS
)
_REQUIRED_ROWS = tuple((f.name, _key(f), f) for f in _REQUIRED)
#: Distinct text values a file's check remembers the outcome of, per field.
_MEMO_LIMIT = 50_000
#: Kinds of field whose values are free text, seldom repeated: checked every time.
_FREE_TEXT = frozenset({"text", "score"})
#: Key shapes (the keys of a claim, in order) a file remembers the qualifiers of.
_SHAPE_LIMIT = 1_000

_Check = Callable[[Any], Any]
_Outcome = tuple[bool, Any]
_Row = tuple[Field, str, _Check, bool, bool, "dict[str, _Outcome] | None"]


def _report(rep: Reporter, problem: F.FieldProblem, line: int, cid: str | None) -> None:
    """Report a field's problem (each of several) at ``line``."""
    for p in problem.problems if isinstance(problem, F.FieldProblems) else [problem]:
        rep.add(line, p.message, p.hint, claim=cid)


def _outcome(check: _Check, value: Any, seen: dict[str, _Outcome] | None = None) -> _Outcome:
    """``(True, checked value)`` or ``(False, the problem)``; for a text ``value``, kept in
    (and taken from) ``seen``, so that a file's repeated values are checked once."""
    if seen is not None and type(value) is str:
        hit = seen.get(value)
        if hit is not None:
            return hit
    try:
        hit = (True, check(value))
    except F.FieldProblem as exc:
        hit = (False, exc)
    if seen is not None and type(value) is str and len(seen) < _MEMO_LIMIT:
        seen[value] = hit
    return hit


class _Checks:
    """The claim checks of one file, each with the outcomes it has had (a file repeats
    its vocabulary, names and sources from claim to claim; checks are pure)."""

    def __init__(self) -> None:
        self.qualifiers: tuple[_Row, ...] = tuple(
            (f, k, c, r, m, None if f.kind in _FREE_TEXT else {})
            for f, k, c, r, m in _QUALIFIER_ROWS
        )
        #: a claim's keys, in order -> the positions of its qualifiers, in check order
        self.shapes: dict[tuple[Any, ...], list[int]] = {}
        self.edge: tuple[tuple[Field, str, _Check, dict[str, _Outcome]], ...]
        self.edge = tuple((f, _key(f), check, {}) for f, check in _EDGE_CHECKS)


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


def _needs(f: Field) -> str:
    """What a missing required field wants, for a hint."""
    words = F.VOCABULARIES.get(f.check or "")
    if words:
        return f"add `{_key(f)}:` with one of: " + ", ".join(words)
    return f"add `{_key(f)}:`" + (" with a source id" if f.kind == "source" else "")


def _records(rep: Reporter, node: Any, data: FileData, owner: str, plural: str) -> None:
    """The sources or entities (``owner``) of a file's ``plural`` mapping, each checked
    field by field as the schema says."""
    if not isinstance(node, LMap):
        rep.add(
            getattr(node, "line", None),
            f"`{plural}` must be a mapping of id to {owner}",
            "see the example in docs/claims-format.md",
        )
        return
    for key, line in node.duplicates:
        rep.add(line, f"{owner} {F.brief(key)} is defined twice", f"{owner} ids must be unique")
    body_fields = _BODY[owner]
    keys = tuple(_key(f) for f, _ in body_fields)
    required = [f for f, _ in body_fields if f.required]
    for rid, body in node.items():
        line = node.key_lines[rid]
        try:
            rid = F.check_id(rid, owner)
        except F.FieldProblem as exc:
            rep.add(line, exc.message, exc.hint)
            continue
        if not isinstance(body, LMap):
            rep.add(
                line,
                f"{'an' if owner[0] in 'aeiou' else 'a'} {owner} must be a mapping with "
                + " and ".join(f"`{_key(f)}`" for f in required),
                "see the example in docs/claims-format.md",
                claim=rid,
                what=owner,
            )
            continue
        _unknown_keys(rep, body, keys, f"{owner} {rid}", rid, owner)
        for f in required:
            if _key(f) not in body:
                rep.add(line, f"{owner} has no `{_key(f)}`", _needs(f), claim=rid, what=owner)
        values: dict[str, Any] = {}
        for f, check in body_fields:
            value = _field(rep, body, _key(f), check, rid, owner)
            # a stand-in keeps a definition with problems, so its references still resolve
            if value is not None or f.required:
                values[f.name] = rid if value is None else value
        record = make_record(owner, rid, values)
        (data.sources if owner == "source" else data.entities).append((record, line))


#: The entity fields ``extend:`` may add to an entity defined elsewhere: its other names
#: and matches (never its label, type or description, which its definition owns).
EXTEND_FIELDS = ("synonyms", "labels", "xrefs", "close_matches", "broad_matches")
_EXTEND = tuple((f, check) for f, check in _BODY["entity"] if f.name in EXTEND_FIELDS)
EXTEND_KEYS = tuple(_key(f) for f, _ in _EXTEND)


def _imports(rep: Reporter, root: LMap, data: FileData) -> None:
    """``import: shared.yaml`` or a list of paths, relative to the file."""
    node = root["import"]
    items = node if isinstance(node, LList) else [node]
    lines = node.item_lines if isinstance(node, LList) else [root.key_lines["import"]]
    for item, line in zip(items, lines, strict=True):
        try:
            path = F.check_text(item, "import path")
            bad = next((c for c in path if ord(c) < 0x20 or ord(c) == 0x7F), None)
            if bad is not None:
                raise F.FieldProblem(
                    f"import path contains the control character U+{ord(bad):04X}",
                    "a file path holds no control characters",
                )
        except F.FieldProblem as exc:
            hint = "e.g. import: [../vocabulary/entities.yaml] (relative to this file)"
            rep.add(line, exc.message, hint if "string" in exc.message else exc.hint)
            continue
        data.imports.append(Located(path, line))


def _extensions(rep: Reporter, node: Any, data: FileData) -> None:
    """``extend:``: names and matches added to entities defined in other files."""
    if not isinstance(node, LMap):
        rep.add(
            getattr(node, "line", None),
            "`extend` must be a mapping of entity name to the names it adds",
            "e.g. extend: {bdnf: {synonyms: [Bdnf]}}",
        )
        return
    for key, line in node.duplicates:
        rep.add(line, f"entity {F.brief(key)} is extended twice", "merge the two entries")
    for name, body in node.items():
        line = node.key_lines[name]
        if not isinstance(name, str) or not isinstance(body, LMap) or not body:
            rep.add(
                line,
                f"`extend` entry {F.brief(name)} must map an entity's name to what it adds: "
                + ", ".join(EXTEND_KEYS),
                "e.g. extend: {bdnf: {synonyms: [Bdnf]}}; to define an entity, put it under "
                "`entities:`",
            )
            continue
        _unknown_keys(rep, body, EXTEND_KEYS, f"extend {name}", name, "entity")
        values = {}
        for f, check in _EXTEND:
            value = _field(rep, body, _key(f), check, name, "entity")
            if value is not None:
                values[f.name] = value
        data.extensions.append(Extension(Located(name, line), values))


def _claim_values(
    rep: Reporter,
    body: LMap,
    cid: str | None,
    checks: _Checks | None = None,
    nulls: list[str] | None = None,
) -> dict[str, Any]:
    """Check every qualifier key present in ``body`` (a claim or the defaults): references
    are kept as located names, each item of a list at its own line. The names of the
    qualifiers given as null are added to ``nulls``."""
    checks = checks or _Checks()
    rows = checks.qualifiers
    shape = tuple(body)
    present = checks.shapes.get(shape)
    if present is None:
        at = _QUALIFIER_AT
        present = sorted([at[key] for key in shape if key in at])
        if len(checks.shapes) < _SHAPE_LIMIT:
            checks.shapes[shape] = present
    out: dict[str, Any] = {}
    key_lines = body.key_lines
    for i in present:
        f, key, check, ref, many, seen = rows[i]
        raw = body[key]
        if raw is None:
            if nulls is not None:
                nulls.append(f.name)
            continue
        if not many:
            hit = seen.get(raw) if seen is not None and type(raw) is str else None
            good, value = _outcome(check, raw, seen) if hit is None else hit
            if not good:
                _report(rep, value, key_lines.get(key, body.line), cid)
                continue
            if value is not None:
                out[f.name] = Located(value, key_lines[key]) if ref else value
        else:
            items = raw if isinstance(raw, list) else [raw]
            lines = raw.item_lines if isinstance(raw, LList) else [key_lines[key]] * len(items)
            located = []
            for item, line in zip(items, lines, strict=True):
                try:
                    located.append(Located(check(item), line))
                except F.FieldProblem as exc:
                    rep.add(line, exc.message, exc.hint, claim=cid)
            out[f.name] = tuple(located)
    return out


def _claims(rep: Reporter, node: Any, defaults: dict[str, Any], data: FileData) -> None:
    if not isinstance(node, LList):
        rep.add(
            getattr(node, "line", None),
            "`claims` must be a list",
            "start each claim with `- id: ...`",
        )
        return
    checks = _Checks()
    problems = rep.problems
    claim_ids = data.claim_ids
    for body, line in zip(node, node.item_lines, strict=True):
        if not isinstance(body, LMap):
            rep.add(line, "a claim must be a mapping", "start each claim with `- id: ...`")
            continue
        before = len(problems)
        cid = None
        if _ID not in body:
            rep.add(line, f"claim has no `{_ID}`", "give every claim a unique id")
        else:
            try:
                cid = F.check_id(body[_ID], "claim")
                claim_ids.append((cid, body.key_lines[_ID]))
            except F.FieldProblem as exc:
                rep.add(body.key_lines[_ID], exc.message, exc.hint)
        if body.duplicates or not _CLAIM_KEY_SET.issuperset(body):
            _unknown_keys(rep, body, CLAIM_KEYS, f"claim {cid}", cid)
        nulls: list[str] = []
        values = {**defaults, **_claim_values(rep, body, cid, checks, nulls)}
        for name in nulls:  # `key: null` unsets the file's default
            values.pop(name, None)
        for name, key, f in _REQUIRED_ROWS:
            if name not in values and body.get(key) is None:
                hint = _needs(f) + " (or set it in `defaults`)"
                rep.add(line, f"claim has no `{key}`", hint, claim=cid)
        if CHAIN in body:
            if any(k in body for k in _EDGE_KEYS):
                rep.add(
                    line,
                    f"claim has both `{CHAIN}` and {'/'.join(_EDGE_KEYS)}",
                    "use one form or the other",
                    claim=cid,
                )
                continue
            edge = _chain(rep, body, cid, values)
        else:
            edge = _edge(rep, body, line, cid, checks)
        if edge is None:
            continue
        spec = ClaimSpec(cid or "", rep.path, line, **edge, **values)
        # a claim with problems still has its names resolved, to report them all at once
        spec.broken = cid is None or len(problems) > before
        data.claims.append(spec)


def _chain(
    rep: Reporter, body: LMap, cid: str | None, values: dict[str, Any]
) -> dict[str, Any] | None:
    """The chain, its necessity clauses (``; requires m``) added to ``values``."""
    line = body.key_lines[CHAIN]
    try:
        text = F.check_text(body[CHAIN], CHAIN)
    except F.FieldProblem:
        rep.add(line, "empty chain", "write it as `a -> b -| c`", claim=cid)
        return None
    try:
        head, clauses = split_necessity(text)
    except ChainProblem as exc:
        rep.add(line, exc.message, exc.hint, claim=cid)
        return None
    for name, names in clauses.items():
        values[name] = (*values.get(name, ()), *(Located(n, line) for n in names))
    return {"chain": Located(head, line)}


def _edge(
    rep: Reporter, body: LMap, line: int, cid: str | None, checks: _Checks | None = None
) -> dict[str, Any] | None:
    """The claim's subject, relation and object, the names located; None on a problem."""
    missing = [k for k in _EDGE_KEYS if body.get(k) is None]
    if missing:
        rep.add(
            line,
            "claim has no " + "/".join(missing),
            "give " + ", ".join(_EDGE_KEYS[:-1]) + f" and {_EDGE_KEYS[-1]}, or a `{CHAIN}`",
            claim=cid,
        )
        return None
    edge: dict[str, Any] = {}
    key_lines = body.key_lines
    for f, key, check, seen in (checks or _Checks()).edge:
        raw = body[key]
        hit = seen.get(raw) if type(raw) is str else None
        good, value = _outcome(check, raw, seen) if hit is None else hit
        if not good:
            _report(rep, value, key_lines.get(key, body.line), cid)
            continue
        if value is not None:
            edge[f.name] = Located(value, key_lines[key]) if f.kind in REFERENCES else value
    # a bad relation (reported) leaves the names, which are still resolved
    return edge if "subject" in edge and "object" in edge else None


def read_yaml_claims(path: Path, display: str, rep: Reporter, *, fast: bool = True) -> FileData:
    """Parse one YAML claims file; problems go to ``rep``. ``fast=False`` reads every file
    with the YAML event walk (see :func:`~mechkg.load.yamlnodes.read_yaml`)."""
    data = FileData(display)
    try:
        root = read_yaml(path, fast=fast)
    except YamlProblem as exc:
        rep.add(exc.line, exc.message, exc.hint, column=exc.column)
        return data
    defaults = read_head(rep, root, data)
    if defaults is not None and root.get("claims") is not None:
        _claims(rep, root["claims"], defaults, data)
    return data


def read_head(rep: Reporter, root: Any, data: FileData) -> dict[str, Any] | None:
    """Everything of a file's tree ``root`` but its claims, into ``data``: its version,
    base, imports, sources, entities and extensions. Returns the checked ``defaults``
    of its claims (references located), or None when ``root`` is no mapping
    (reported)."""
    if not isinstance(root, LMap):
        rep.add(
            getattr(root, "line", 1),
            "a claims file is a mapping with `mechkg: 1`, `sources`, `entities` and `claims`",
            "see docs/claims-format.md",
        )
        return None
    _unknown_keys(rep, root, TOP_KEYS, "the file")
    if root.get("mechkg") != FORMAT_VERSION:
        rep.add(
            root.key_lines.get("mechkg", 1),
            f"unsupported or missing format version {F.brief(root.get('mechkg'))}",
            f"start the file with `mechkg: {FORMAT_VERSION}`",
        )
    if root.get("base") is not None:
        data.base = Located(root["base"], root.key_lines["base"])
    if root.get("import") is not None:
        _imports(rep, root, data)
    if "sources" in root:
        _records(rep, root["sources"], data, "source", "sources")
    if "entities" in root:
        _records(rep, root["entities"], data, "entity", "entities")
    if root.get("extend") is not None:
        _extensions(rep, root["extend"], data)
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
    return defaults
