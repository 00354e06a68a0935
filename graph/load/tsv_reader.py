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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..model import Entity, Source
from ..progress import Progress, paused_gc
from . import fields as F
from .spec import ClaimSpec, FileData, Located, Reporter
from .yaml_reader import CLAIM_KEYS

__all__ = [
    "read_table_claims",
    "COLUMNS",
    "CLAIM_COLUMNS",
    "ENTITY_FIELDS",
    "SOURCE_FIELDS",
    "LIST_SEPARATOR",
]

#: A row holds the claim keys of a YAML claims file, except the chain shorthand.
CLAIM_COLUMNS = tuple(k for k in CLAIM_KEYS if k != "chain")
#: ``subject_<field>`` and ``object_<field>`` columns define the row's entities.
ENTITY_FIELDS = ("label", "type", "synonyms", "xrefs", "broad_matches", "close_matches")
#: ``source_<field>`` columns define the row's source.
SOURCE_FIELDS = ("kind", "title", "venue", "date", "doi", "pmid", "pmcid", "url", "language")
COLUMNS = (
    CLAIM_COLUMNS
    + tuple(f"{role}_{f}" for role in ("subject", "object") for f in ENTITY_FIELDS)
    + tuple(f"source_{f}" for f in SOURCE_FIELDS)
)
#: Separator of the values in a list cell (anatomy, method, synonyms, xrefs ...).
LIST_SEPARATOR = "|"
_NAMES = ("subject", "object", "source", "attributed_to", "model")
_TEXTS = ("quote", "note")
_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]")
_BOOLS = {"true": True, "false": False}
_ABSENT = object()
_CACHE_LIMIT = 100_000


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]


def _text(what: str) -> Callable[[str], str]:
    return lambda v: F.check_text(v, what).strip()


#: field -> check of a cell's stripped, non-empty text.
_CHECKS: dict[str, Callable[[str], Any]] = {
    "relation": F.check_relation,
    "evidence": F.check_evidence,
    "quote_lang": lambda v: F.check_lang(v, "quote_lang"),
    "species": lambda v: F.check_curie_field(v, "species", ("NCBITaxon",)),
    "eco": lambda v: F.check_curie_field(v, "eco", ("ECO",)),
    "method": lambda v: F.check_text_list(_split(v), "method"),
    "negated": lambda v: F.check_bool(_BOOLS.get(v.casefold(), v), "negated"),
    "label": _text("label"),
    "type": F.check_entity_type,
    "synonyms": lambda v: F.check_text_list(_split(v), "synonyms"),
    "xrefs": lambda v: F.check_curie_list(_split(v), "xrefs"),
    "broad_matches": lambda v: F.check_curie_list(_split(v), "broad_matches"),
    "close_matches": lambda v: F.check_curie_list(_split(v), "close_matches"),
    "kind": F.check_source_kind,
    "title": _text("title"),
    "venue": _text("venue"),
    "date": F.check_date,
    "doi": F.check_doi,
    "pmid": F.check_pmid,
    "pmcid": F.check_pmcid,
    "url": F.check_url,
    "language": F.check_lang,
}


def _field(col: str) -> str:
    for role in ("subject_", "object_", "source_"):
        if col.startswith(role):
            return col[len(role) :]
    return col


class _Draft:
    """An entity or source as the rows define it: single values must agree between
    rows, list values are merged."""

    __slots__ = ("id", "line", "values", "where")

    def __init__(self, ident: str, line: int) -> None:
        self.id = ident
        self.line = line
        self.values: dict[str, Any] = {}
        self.where: dict[str, int] = {}


Plan = list[tuple[int, str, str]]  # (cell index, column, field)


class _Table:
    def __init__(self, rep: Reporter, header: list[str], line: int) -> None:
        self.rep = rep
        self.problems = rep.problems
        self.data = FileData(rep.path)
        self.cols: dict[str, int] = {}
        self.caches: dict[str, dict[str, tuple[bool, Any]]] = {}
        self.names: dict[str, str] = {}  # raw cell -> stripped name, shared between rows
        self.drafts: dict[str, dict[str, _Draft]] = {"entity": {}, "source": {}}
        self.defined: set[tuple[str, Any]] = set()
        self.seen: dict[str, int] = {}  # claim id -> index in data.claims
        self.ok = self._header(header, line)
        col = self.cols.get
        #: (cell index, column, field, cache of checked values) of the qualifier columns
        self.plan = [
            (i, c, c, self.caches.setdefault(c, {})) for c, i in self.cols.items() if c in _CHECKS
        ]
        self.texts = [(i, c) for c, i in self.cols.items() if c in _TEXTS]
        self.defs: dict[str, Plan] = {
            role: [(i, c, _field(c)) for c, i in self.cols.items() if c.startswith(role + "_")]
            for role in ("subject", "object", "source")
        }
        self.at = {c: col(c) for c in (*_NAMES, "id", "anatomy")}
        self.keys = {
            role: operator.itemgetter(*[i for i, _, _ in plan]) if plan else None
            for role, plan in self.defs.items()
        }
        self.required = [
            (c, self.cols.get(c, 0)) for c in ("subject", "relation", "object", "evidence")
        ]

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
        missing = [c for c in ("subject", "relation", "object", "evidence") if c not in self.cols]
        if not {"source", "source_pmid", "source_doi"} & set(self.cols):
            missing.append("source")
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
    def _check(self, field: str, text: str) -> tuple[bool, Any]:
        """``(True, value)`` (``_ABSENT`` for a blank cell) or ``(False, FieldProblem)``,
        computed once per distinct cell text."""
        cache = self.caches.setdefault(field, {})
        hit = cache.get(text)
        if hit is None:
            stripped = text.strip()
            try:
                hit = (True, _CHECKS[field](stripped) if stripped else _ABSENT)
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
        for i, col, field, cache in self.plan:
            text = cells[i]
            if text:
                ok, value = cache.get(text) or self._check(field, text)
                if not ok:
                    self._report(value, line, col, cid)
                elif value is not _ABSENT:
                    values[col] = value
        for i, col in self.texts:
            text = cells[i]
            if text and not text.isspace():
                if len(text) > 100_000:
                    self._report(
                        F.FieldProblem(f"{col} is too long", "keep it under 100,000 characters"),
                        line,
                        col,
                        cid,
                    )
                values[col] = text
        for col, i in self.required:
            if not cells[i] or cells[i].isspace():
                self.rep.add(
                    line, f"empty {col}", f"every row needs a {col}", claim=cid, column=i + 1
                )
        subject = self._entity("subject", cells, line, cid)
        obj = self._entity("object", cells, line, cid)
        source = self._source(cells, values, line, cid)
        anatomy: tuple[Located, ...] = ()
        if self.at["anatomy"] is not None and cells[self.at["anatomy"]]:
            column = self.at["anatomy"] + 1
            anatomy = tuple(Located(n, line, column) for n in _split(cells[column - 1]))
        if len(self.problems) > start or subject is None or obj is None or source is None:
            return
        spec = ClaimSpec(
            id=cid or "",
            path=self.rep.path,
            line=line,
            evidence=values["evidence"],
            source=source,
            subject=subject,
            relation=values["relation"],
            object=obj,
            quote=values.get("quote"),
            quote_lang=values.get("quote_lang"),
            attributed_to=self._name(cells, "attributed_to", line, cid),
            species=values.get("species"),
            anatomy=anatomy,
            model=self._name(cells, "model", line, cid),
            method=values.get("method", ()),
            eco=values.get("eco"),
            negated=values.get("negated", False),
            note=values.get("note"),
        )
        self._keep(spec)

    def _keep(self, spec: ClaimSpec) -> None:
        """Keep the claim unless a row already stated it; ids of rows without one are
        a digest of the claim they state."""
        if not spec.id:
            text = repr(_content(spec)).encode()
            spec.id = "c-" + hashlib.blake2b(text, digest_size=8).hexdigest()
        first = self.seen.get(spec.id)
        if first is not None:
            before = self.data.claims[first]
            if _content(before) != _content(spec):
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

    def _source(
        self, cells: list[str], values: dict[str, Any], line: int, cid: str | None
    ) -> Located | None:
        loc = self._name(cells, "source", line, cid)
        plan = self.defs["source"]
        if loc is None:
            for col, prefix in (("source_pmid", "pmid-"), ("source_doi", "doi-")):
                i = self.cols.get(col)
                if i is not None and cells[i].strip():
                    ok, value = self._check(_field(col), cells[i])
                    if not ok:
                        self._report(value, line, col, cid)
                        return None
                    loc = Located(prefix + _NOT_ID.sub("_", value), line, i + 1)
                    break
        if loc is None:
            if not any(cells[i].strip() for i, _, _ in plan):
                first = min(
                    self.cols[c] for c in ("source", "source_pmid", "source_doi") if c in self.cols
                )
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
        cells: list[str],
        line: int,
        cid: str | None,
    ) -> bool:
        """Merge the definition in the row's ``role`` columns; False on a problem."""
        key = self.keys[role](cells)  # type: ignore[misc]
        if (loc.value, key) in self.defined:
            return True  # the same definition as an earlier row
        if all(not cells[i] or cells[i].isspace() for i, _, _ in plan):
            return True  # no definition in this row: a reference
        start = len(self.problems)
        fields: dict[str, Any] = {}
        for i, col, field in plan:
            if cells[i]:
                ok, value = self._check(field, cells[i])
                if not ok:
                    self._report(value, line, col, cid)
                elif value is not _ABSENT:
                    fields[field] = value
        needed = ("label", "type") if what == "entity" else ()
        for lacking in [f for f in needed if f not in fields]:
            if len(self.problems) == start:
                self.rep.add(
                    line,
                    f"{role}_{lacking} is empty but other {role}_ cells are filled",
                    f"fill {role}_label and {role}_type to define the entity here, or leave "
                    f"the {role}_ cells empty to refer to an entity defined elsewhere",
                    claim=cid,
                    column=self.cols.get(f"{role}_{lacking}", self.cols[role]) + 1,
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
        draft = self.drafts[what].setdefault(loc.value, _Draft(loc.value, line))
        for field, value in fields.items():
            prev = draft.values.get(field)
            if prev is None:
                draft.values[field] = set(value) if isinstance(value, tuple) else value
                draft.where[field] = line
            elif isinstance(prev, set):
                prev.update(value)
            elif prev != value:
                col = f"{role}_{field}"
                self.rep.add(
                    line,
                    f"{col} {value!r} differs from {prev!r} at line {draft.where[field]}",
                    f"every row that defines {what} {loc.value!r} gives it the same {field}",
                    claim=loc.value,
                    what=what,
                    column=self.cols[col] + 1,
                )
        if len(self.problems) > start:
            return False
        self.defined.add((loc.value, key))
        return True

    # -- end ---------------------------------------------------------------------------
    def finish(self) -> FileData:
        for d in self.drafts["entity"].values():
            v = d.values
            label = v["label"]
            entity = Entity(
                id=d.id,
                label=label,
                type=v["type"],
                synonyms=tuple(sorted(v.get("synonyms", set()) - {label})),
                xrefs=tuple(sorted(v.get("xrefs", ()))),
                broad_matches=tuple(sorted(v.get("broad_matches", ()))),
                close_matches=tuple(sorted(v.get("close_matches", ()))),
            )
            self.data.entities.append((entity, d.line))
        for d in self.drafts["source"].values():
            v = dict(d.values)
            kind = v.pop("kind", "article")
            self.data.sources.append((Source(id=d.id, kind=kind, **v), d.line))
        return self.data


def _content(spec: ClaimSpec) -> tuple[Any, ...]:
    """What a claim says, without where it was written."""

    def value(loc: Located | None) -> Any:
        return None if loc is None else loc.value

    return (
        value(spec.subject),
        spec.relation,
        value(spec.object),
        spec.evidence,
        value(spec.source),
        spec.quote,
        spec.quote_lang,
        value(spec.attributed_to),
        spec.species,
        tuple(a.value for a in spec.anatomy),
        value(spec.model),
        spec.method,
        spec.eco,
        spec.negated,
        spec.note,
    )


def _lines(path: Path, rep: Reporter, bar: Progress, delimiter: str) -> Iterator[str]:
    """The file's lines, decoded, advancing ``bar`` by their size in bytes."""
    sep = delimiter.encode()
    with path.open("rb") as handle:
        for n, raw in enumerate(handle, start=1):
            bar.advance(len(raw))
            try:
                yield raw.decode("utf-8")
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
    with paused_gc(), Progress(f"reading {path.name}", size, unit="B") as bar:
        reader = csv.reader(_lines(path, rep, bar, delimiter), delimiter=delimiter, strict=True)
        line = 1
        try:
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                if table is not None:
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
