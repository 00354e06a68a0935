"""Read a bulk claims table (TSV or CSV, docs/bulk-format.md) into a :class:`FileData`.

One claim per row. Cells are checked with the same field checks as YAML claim files
(:mod:`mechkg.load.fields`), then resolved and merged with the other input files by
:mod:`mechkg.load.assemble`; every problem is located as ``file:line:column``.

Built for literature-scale tables: each distinct cell value of a vocabulary column
(relation, evidence, species ...) is checked once, an entity or source definition
repeated on many rows is checked once, and names are shared between rows.
"""

from __future__ import annotations

import csv
import hashlib
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..progress import Progress, paused_gc
from ..schema import EDGE, FIELDS, REFERENCES, Field
from . import fields as F
from .spec import ClaimSpec, FileData, Located, Reporter, make_records

__all__ = [
    "read_table_claims",
    "COLUMNS",
    "CLAIM_COLUMNS",
    "ENTITY_FIELDS",
    "SOURCE_FIELDS",
    "LIST_SEPARATOR",
]

#: The claim fields' columns (:mod:`mechkg.schema`): a row is one claim.
CLAIM_COLUMNS = tuple(f.column for f in FIELDS["claim"].values() if f.column is not None)
#: ``subject_<column>`` and ``object_<column>`` columns define the row's entities.
ENTITY_FIELDS = tuple(
    f.column for f in FIELDS["entity"].values() if f.column is not None and f.name != "id"
)
#: ``source_<column>`` columns define the row's source.
SOURCE_FIELDS = tuple(
    f.column for f in FIELDS["source"].values() if f.column is not None and f.name != "id"
)
#: The column prefixes of the definitions: (prefix, what it defines).
_ROLES = (("subject", "entity"), ("object", "entity"), ("source", "source"))
#: column -> the schema field it holds.
_FIELD_OF: dict[str, Field] = {
    **{f.column: f for f in FIELDS["claim"].values() if f.column is not None},
    **{
        f"{role}_{f.column}": f
        for role, owner in _ROLES
        for f in FIELDS[owner].values()
        if f.column is not None and f.name != "id"
    },
}
COLUMNS = tuple(_FIELD_OF)
#: Separator of the values in a list cell (anatomy, method, synonyms, xrefs ...).
LIST_SEPARATOR = "|"
#: A row's source when it defines one without ``source_kind``.
DEFAULT_SOURCE_KIND = "article"
_ID = FIELDS["claim"]["id"].column or "id"
#: The claim columns every row fills (the source may instead come from its PMID or DOI).
_REQUIRED = tuple(
    f.column for f in FIELDS["claim"].values() if f.required and f.column and f.name != "id"
)
_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]")
#: Characters a YAML claims file cannot hold (C0 controls but tab and line breaks, DEL, C1
#: controls but NEL, lone surrogates, U+FFFE, U+FFFF): refused in every cell of a table too,
#: so that table text reaches a terminal no more than YAML text does.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BOOLS = {"true": True, "false": False}
_ABSENT = object()
_CACHE_LIMIT = 100_000


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]


def _cell_check(f: Field) -> Callable[[str], Any]:
    """The check of a cell's stripped, non-empty text: list cells are split at ``|``,
    booleans are ``true`` or ``false`` in any case."""
    check = F.checker(f)
    if f.many:
        return lambda v: check(_split(v))
    if f.kind == "bool":
        return lambda v: check(_BOOLS.get(v.casefold(), v))
    return check


def _verbatim(f: Field) -> bool:
    """A claim's free text (quote, note) is kept as written, untrimmed."""
    return f.owner == "claim" and f.kind == "text" and not f.many


#: column -> check of its cells, for the columns whose distinct cells are checked once
#: (all but the claim's id, its references and its free text)
_CHECKS: dict[str, Callable[[str], Any]] = {
    col: _cell_check(f)
    for col, f in _FIELD_OF.items()
    if f.kind not in REFERENCES and not _verbatim(f) and col != _ID
}
#: column -> key of the cache of its checked cells (``subject_type`` and ``object_type``
#: share one)
_CACHE_KEY = {col: f"{f.owner}.{f.name}" for col, f in _FIELD_OF.items()}
#: Values of the fields a definition may leave out.
_TABLE_DEFAULTS: dict[str, dict[str, Any]] = {
    "entity": {},
    "source": {"kind": DEFAULT_SOURCE_KIND},
}
#: The fields a row that defines an entity or source must fill.
_NEEDED = {
    owner: tuple(
        f for f in FIELDS[owner].values()
        if f.required and f.name != "id" and f.name not in _TABLE_DEFAULTS[owner]
    )
    for owner in _TABLE_DEFAULTS
}  # fmt: skip
_SOURCE = FIELDS["claim"]["source"].column or "source"
#: The claim's references that rows do not define: (column, field name, many).
_REFS = tuple(
    (f.column, f.name, f.many)
    for f in FIELDS["claim"].values()
    if f.kind in REFERENCES and f.column and f.name not in dict(_ROLES)
)
#: Columns that name a row's source by an identifier when ``source`` is empty, and the
#: prefix of the source id they give.
_SOURCE_IDS = {"source_pmid": "pmid-", "source_doi": "doi-"}


class _Draft:
    """An entity or source as the rows define it: single values must agree between
    rows, list values are merged."""

    __slots__ = ("id", "line", "values", "where")

    def __init__(self, ident: str, line: int) -> None:
        self.id = ident
        self.line = line
        self.values: dict[str, Any] = {}
        self.where: dict[str, int] = {}


Plan = list[tuple[int, str, str]]  # (cell index, column, field name)


class _Table:
    def __init__(self, rep: Reporter, header: list[str], line: int) -> None:
        self.rep = rep
        self.problems = rep.problems
        self.data = FileData(rep.path)
        self.cols: dict[str, int] = {}
        self.caches: dict[str, dict[str, tuple[bool, Any]]] = {}
        self.names: dict[str, str] = {}  # raw cell -> stripped name, shared between rows
        self.drafts: dict[str, dict[str, _Draft]] = {"entity": {}, "source": {}}
        self.defined: set[tuple[str, str, Any]] = set()
        self.seen: dict[str, int] = {}  # claim id -> index in data.claims
        self.ok = self._header(header, line)
        claim_cols = [(c, i, _FIELD_OF[c]) for c, i in self.cols.items() if c in CLAIM_COLUMNS]
        #: (cell index, column, field, cache of checked cells) of the checked claim columns
        self.plan = [
            (i, c, f.name, self.caches.setdefault(_CACHE_KEY[c], {}))
            for c, i, f in claim_cols
            if c in _CHECKS
        ]
        #: (cell index, column, field, check) of the claim's free text
        self.texts = [(i, c, f.name, F.checker(f)) for c, i, f in claim_cols if _verbatim(f)]
        self.defs: dict[str, Plan] = {
            role: [
                (i, c, _FIELD_OF[c].name) for c, i in self.cols.items() if c.startswith(role + "_")
            ]
            for role, _ in _ROLES
        }
        #: each role's definition plan with the cache of its checked cells
        self.def_caches = {
            role: [(i, c, name, self.caches.setdefault(_CACHE_KEY[c], {})) for i, c, name in plan]
            for role, plan in self.defs.items()
        }
        self.at = {c: self.cols.get(c) for c in (_ID, *EDGE, _SOURCE, *(c for c, _, _ in _REFS))}
        #: (column, cell index, field, many) of the claim's other references in the table
        self.refs = [(c, self.cols[c], name, many) for c, name, many in _REFS if c in self.cols]
        self.keys = {
            role: operator.itemgetter(*[i for i, _, _ in plan]) if plan else None
            for role, plan in self.defs.items()
        }
        self.required = [(c, self.cols.get(c, 0)) for c in _REQUIRED if c != _SOURCE]

    # -- header ------------------------------------------------------------------------
    def _header(self, header: list[str], line: int) -> bool:
        ok = True
        for n, raw in enumerate(header, start=1):
            name = raw.strip().lstrip("\ufeff")
            if name.startswith("_"):
                continue  # the user's own column: kept in the file, ignored here
            if name not in COLUMNS:
                near = F.closest(name, list(COLUMNS), 1)
                hint = (f"did you mean {near[0]!r}? " if near else "") + (
                    "the columns are listed in docs/bulk-format.md; "
                    "start a column's name with '_' to have it ignored"
                )
                self.rep.add(line, f"unknown column {name!r}", hint, column=n)
                ok = False
            elif name in self.cols:
                self.rep.add(line, f"column {name!r} appears twice", "keep one", column=n)
                ok = False
            else:
                self.cols[name] = n - 1
        missing = [c for c in _REQUIRED if c != _SOURCE and c not in self.cols]
        if not {_SOURCE, *_SOURCE_IDS} & set(self.cols):
            missing.append(_SOURCE)
        if missing:
            self.rep.add(
                line,
                "the header has no " + ", ".join(repr(c) for c in missing) + " column",
                "a claims table needs subject, relation, object, evidence and source "
                "(or source_pmid or source_doi) columns",
            )
            ok = False
        self.width = len(header)
        return ok

    # -- cells -------------------------------------------------------------------------
    def _check(self, col: str, text: str) -> tuple[bool, Any]:
        """``(True, value)`` (``_ABSENT`` for a blank cell) or ``(False, FieldProblem)``,
        computed once per distinct cell text."""
        cache = self.caches.setdefault(_CACHE_KEY[col], {})
        hit = cache.get(text)
        if hit is None:
            stripped = text.strip()
            try:
                hit = (True, _CHECKS[col](stripped) if stripped else _ABSENT)
            except F.FieldProblem as exc:
                hit = (False, exc)
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[text] = hit
        return hit

    def _report(self, exc: F.FieldProblem, line: int, col: str, claim: str | None) -> None:
        for p in exc.problems if isinstance(exc, F.FieldProblems) else [exc]:
            self.rep.add(line, p.message, p.hint, claim=claim, column=self.cols[col] + 1)

    def _name(self, cells: list[str], col: str, line: int, cid: str | None) -> Located | None:
        """The name in column ``col`` (None when the column or the cell is empty)."""
        i = self.at[col]
        if i is None:
            return None
        raw = cells[i]
        name = self.names.get(raw)
        if name is None:
            name = raw.strip()
            if not name:
                return None
            if len(name) > 1000:
                self.rep.add(
                    line,
                    f"{col} is {len(name):,} characters long",
                    "a name is an id or a label: keep it under 1,000",
                    claim=cid,
                    column=i + 1,
                )
                return None
            if len(self.names) < _CACHE_LIMIT * 10:
                self.names[raw] = name
        return Located(name, line, i + 1)

    # -- rows --------------------------------------------------------------------------
    def refuse_controls(self, cells: list[str], line: int) -> None:
        """Report every cell of a row that holds a control character (the row is not
        kept)."""
        names = {i: c for c, i in self.cols.items()}
        i_id = self.at["id"]
        cid = cells[i_id].strip() if i_id is not None and i_id < len(cells) else ""
        claim = cid if F.ID_PATTERN.match(cid) else None
        for i, cell in enumerate(cells):
            bad = _UNPRINTABLE.search(cell)
            if bad:
                self.rep.add(
                    line,
                    f"{names.get(i, f'cell {i + 1}')} contains the control character "
                    f"U+{ord(bad.group()):04X}",
                    "remove it: control characters are not allowed in claim text",
                    claim=claim,
                    column=i + 1,
                )

    def row(self, cells: list[str], line: int) -> None:
        """Check one row and keep its claim; its problems are reported in column order."""
        start = len(self.problems)
        try:
            self._row(cells, line)
        finally:
            if len(self.problems) - start > 1:
                self.problems[start:] = sorted(self.problems[start:], key=lambda p: p.column or 0)

    def _row(self, cells: list[str], line: int) -> None:
        if len(cells) != self.width:
            self.rep.add(
                line,
                f"row has {len(cells)} cells but the header has {self.width}",
                "give every row one cell per column (empty for no value); quote cells "
                "that contain the separator or a line break",
                column=min(len(cells), self.width) + 1,
            )
            return
        start = len(self.problems)
        cid = None
        if self.at["id"] is not None:
            cid = cells[self.at["id"]].strip() or None
            if cid is not None:
                try:
                    F.check_id(cid, "claim")
                except F.FieldProblem as exc:
                    self._report(exc, line, "id", None)
                    cid = None
        values: dict[str, Any] = {}
        for i, col, name, cache in self.plan:
            text = cells[i]
            if text:
                ok, value = cache.get(text) or self._check(col, text)
                if not ok:
                    self._report(value, line, col, cid)
                elif value is not _ABSENT:
                    values[name] = value
        for i, col, name, check in self.texts:
            text = cells[i]
            if text and not text.isspace():
                try:
                    values[name] = check(text)
                except F.FieldProblem as exc:
                    self._report(exc, line, col, cid)
        for col, i in self.required:
            if not cells[i] or cells[i].isspace():
                self.rep.add(
                    line, f"empty {col}", f"every row needs a {col}", claim=cid, column=i + 1
                )
        subject = self._entity("subject", cells, line, cid)
        obj = self._entity("object", cells, line, cid)
        source = self._source(cells, line, cid)
        for col, i, name, many in self.refs:
            if not many:
                loc = self._name(cells, col, line, cid)
                if loc is not None:
                    values[name] = loc
            elif cells[i]:
                values[name] = tuple(Located(n, line, i + 1) for n in _split(cells[i]))
        if len(self.problems) > start or subject is None or obj is None or source is None:
            return
        spec = ClaimSpec(
            cid or "", self.rep.path, line, subject=subject, object=obj, source=source, **values
        )
        self._keep(spec)

    def _keep(self, spec: ClaimSpec) -> None:
        """Keep the claim unless a row already stated it; ids of rows without one are
        a digest of the claim they state."""
        if not spec.id:
            text = repr(spec.said()).encode()
            spec.id = "c-" + hashlib.blake2b(text, digest_size=8).hexdigest()
        first = self.seen.get(spec.id)
        if first is not None:
            before = self.data.claims[first]
            if before.said() != spec.said():
                self.rep.add(
                    spec.line,
                    f"duplicate claim id {spec.id!r} (first at line {before.line}) "
                    "with a different claim",
                    "claim ids must be unique; a row repeated exactly is kept once",
                    claim=spec.id,
                    column=self.at["id"] + 1 if self.at["id"] is not None else None,
                )
            return
        self.seen[spec.id] = len(self.data.claims)
        self.data.claims.append(spec)
        self.data.claim_ids.append((spec.id, spec.line))

    # -- definitions -------------------------------------------------------------------
    def _entity(self, role: str, cells: list[str], line: int, cid: str | None) -> Located | None:
        loc = self._name(cells, role, line, cid)
        plan = self.defs[role]
        if loc is None or not plan:
            return loc  # a reference: resolved against every loaded file
        if not self._define("entity", role, loc, plan, cells, line, cid):
            return None
        return loc

    def _source(self, cells: list[str], line: int, cid: str | None) -> Located | None:
        loc = self._name(cells, _SOURCE, line, cid)
        plan = self.defs["source"]
        if loc is None:
            for col, prefix in _SOURCE_IDS.items():
                i = self.cols.get(col)
                if i is not None and cells[i].strip():
                    ok, value = self._check(col, cells[i])
                    if not ok:
                        self._report(value, line, col, cid)
                        return None
                    loc = Located(prefix + _NOT_ID.sub("_", value), line, i + 1)
                    break
        if loc is None:
            if not any(cells[i].strip() for i, _, _ in plan):
                first = min(self.cols[c] for c in (_SOURCE, *_SOURCE_IDS) if c in self.cols)
                self.rep.add(
                    line,
                    "empty source",
                    "give a source id, or the source's PMID or DOI",
                    claim=cid,
                    column=first + 1,
                )
            return None
        if plan and not self._define("source", "source", loc, plan, cells, line, cid):
            return None
        return loc

    def _define(
        self,
        what: str,
        role: str,
        loc: Located,
        plan: Plan,
        cells: list[str] | Mapping[int, str],
        line: int,
        cid: str | None,
    ) -> bool:
        """Merge the definition in the row's ``role`` columns (``cells``: the row, or its
        cells of those columns by index); False on a problem."""
        key = self.keys[role](cells)  # type: ignore[misc]
        if (role, loc.value, key) in self.defined:
            return True  # the same definition as an earlier row
        if all(not cells[i] or cells[i].isspace() for i, _, _ in plan):
            return True  # no definition in this row: a reference
        start = len(self.problems)
        fields: dict[str, Any] = {}  # field name -> checked value
        for i, col, name, cache in self.def_caches[role]:
            text = cells[i]
            if text:
                ok, value = cache.get(text) or self._check(col, text)
                if not ok:
                    self._report(value, line, col, cid)
                elif value is not _ABSENT:
                    fields[name] = value
        for f in _NEEDED[what]:
            if f.name not in fields and len(self.problems) == start:
                needed = " and ".join(f"{role}_{n.column}" for n in _NEEDED[what])
                self.rep.add(
                    line,
                    f"{role}_{f.column} is empty but other {role}_ cells are filled",
                    f"fill {needed} to define the {what} here, or leave the "
                    f"{role}_ cells empty to refer to an {what} defined elsewhere",
                    claim=cid,
                    column=self.cols.get(f"{role}_{f.column}", self.cols[role]) + 1,
                )
        if not F.ID_PATTERN.match(loc.value):
            self.rep.add(
                line,
                f"invalid {what} id {loc.value!r}",
                f"a row that defines its {role} gives the {what}'s id here: letters, digits, "
                "'_', '.' or '-', starting with a letter or digit",
                claim=cid,
                column=loc.column,
            )
        if len(self.problems) > start:
            return False
        drafts = self.drafts[what]
        draft = drafts.get(loc.value) or drafts.setdefault(loc.value, _Draft(loc.value, line))
        for name, value in fields.items():
            prev = draft.values.get(name)
            if prev is None:
                draft.values[name] = set(value) if isinstance(value, tuple) else value
                draft.where[name] = line
            elif isinstance(prev, set):
                prev.update(value)
            elif prev != value:
                col = f"{role}_{FIELDS[what][name].column}"
                self.rep.add(
                    line,
                    f"{col} {value!r} differs from {prev!r} at line {draft.where[name]}",
                    f"every row that defines {what} {loc.value!r} gives it the same {name}",
                    claim=loc.value,
                    what=what,
                    column=self.cols[col] + 1,
                )
        if len(self.problems) > start:
            return False
        self.defined.add((role, loc.value, key))
        return True

    # -- end ---------------------------------------------------------------------------
    def finish(self) -> FileData:
        for what, drafts in self.drafts.items():
            out = self.data.entities if what == "entity" else self.data.sources
            defaults = _TABLE_DEFAULTS[what]
            made = make_records(what, {i: {**defaults, **d.values} for i, d in drafts.items()})
            by_id = {r.id: r for r in made}
            out.extend((by_id[i], d.line) for i, d in drafts.items())  # in order of definition
        return self.data


def _lines(
    path: Path, rep: Reporter, bar: Progress, delimiter: str, flagged: list[int]
) -> Iterator[str]:
    """The file's lines, decoded, advancing ``bar`` by their size in bytes; the numbers of
    lines holding a control character are appended to ``flagged``."""
    sep = delimiter.encode()
    unprintable = _UNPRINTABLE.search
    with path.open("rb") as handle:
        for n, raw in enumerate(handle, start=1):
            bar.advance(len(raw))
            try:
                text = raw.decode("utf-8")
                if unprintable(text):
                    flagged.append(n)
                yield text
            except UnicodeDecodeError as exc:
                rep.add(
                    n,
                    f"text is not UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start})",
                    "save the file as UTF-8",
                    column=raw[: exc.start].count(sep) + 1,
                )
                yield "\n"


def read_table_claims(path: Path, display: str, rep: Reporter) -> FileData:
    """Parse one TSV (``.tsv``) or CSV (``.csv``) claims table; problems go to ``rep``.

    Lines before the header that start with ``#`` are comments; blank lines are skipped.
    """
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    table: _Table | None = None
    size = path.stat().st_size
    flagged: list[int] = []
    with paused_gc(), Progress(f"reading {path.name}", size, unit="B") as bar:
        lines = _lines(path, rep, bar, delimiter, flagged)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        line = 1
        try:
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                if table is not None:
                    if flagged and flagged[-1] >= start:  # a line of this row
                        table.refuse_controls(cells, start)
                    else:
                        table.row(cells, start)
                elif not cells[0].lstrip("\ufeff").startswith("#"):
                    table = _Table(rep, cells, start)
                    if not table.ok:
                        return table.data
        except csv.Error as exc:
            rep.add(
                line,
                f"cannot read the table: {exc}",
                'a quoted cell must end with a quote ("" for a quote inside it)',
            )
    if table is None:
        rep.add(1, "the table has no header", "start it with a header row; see docs/bulk-format.md")
        return FileData(display)
    return table.finish()
