"""A plain claims table read column by column, for literature-scale tables.

:func:`read_columns` reads a plain table (TSV or CSV without quoted cells, its claim
columns among :data:`CLAIM_COLUMNS`, every entity named by its id) a column at a time:
each distinct cell of a column is checked once with the table reader's own checks
(:mod:`mechkg.load.tsv_reader`), the definitions of entities and sources are merged by
the reader's own code, and the claims stay columns of checked values, in claim id order,
with no claim object built. :func:`table_graph` makes them a graph for
:func:`mechkg.load`; :func:`mechkg.paths.bulk.table_index` goes straight to the path
index.

It never reports a problem itself. Anything it does not handle, or any problem it meets
(a bad cell, an unknown name, a duplicate id, a row of the wrong width ...), makes it
return None, and the caller reads the table with the reader, which reports every problem
as it always does. So the problems, and the graph of a good table, are the same either
way.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from ..errors import MechkgError, Problem
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..resolve import NameIndex

__all__ = ["TableColumns", "read_columns", "table_graph", "CLAIM_COLUMNS"]

#: The claim columns a table may have to be read here (a table with others goes through
#: the reader); the definitions of entities and sources (``subject_*``, ``object_*``,
#: ``source_*``) are merged by the reader's own code, whatever they hold.
CLAIM_COLUMNS = frozenset(
    {"id", "subject", "relation", "object", "evidence", "source", "quote", "quote_lang",
     "species", "negated"}
)  # fmt: skip
#: Claim fields the columns fill (the rest keep their defaults).
_FILLED = ("quote", "quote_lang", "species", "negated")
_FIELDS = tuple(Claim.__dataclass_fields__)


class _Unhandled(Exception):
    """The table needs the reader."""


class TableColumns:
    """The checked claims of a table as columns (by claim field, in claim id order), its
    entities and sources (by id), the graph's base and the entities' name index."""

    __slots__ = ("base", "claims", "display", "entities", "names", "record_bases", "sources")

    def __init__(self, *, claims: dict[str, list[Any]], entities: list[Entity],
                 sources: list[Source], base: str, record_bases: dict[str, dict[str, str]],
                 names: NameIndex, display: str) -> None:  # fmt: skip
        self.claims = claims
        self.entities = entities
        self.sources = sources
        self.base = base
        self.record_bases = record_bases
        self.names = names
        self.display = display

    def __len__(self) -> int:
        return len(self.claims["id"])

    def rows(self) -> list[tuple[Any, ...]]:
        """Each claim's field tuple, in :class:`~mechkg.model.Claim` field order."""
        n = len(self)
        fields = Claim.__dataclass_fields__
        fill = (
            self.claims[f] if f in self.claims else itertools.repeat(fields[f].default, n)
            for f in _FIELDS
        )
        return list(zip(*fill, strict=True))


def read_columns(path: Path, display: str, base: str | None = None) -> TableColumns | None:
    """The claims table ``path`` as :class:`TableColumns`, or None when the reader must
    read it (see the module docstring)."""
    from ..progress import paused_gc

    try:
        with paused_gc():
            return _build(path, display, base)
    except (_Unhandled, MechkgError, OSError, UnicodeDecodeError, ValueError, KeyError):
        return None


def table_graph(path: Path, display: str, base: str | None = None) -> KnowledgeGraph | None:
    """The graph :func:`mechkg.load` gives of the claims table ``path``, or None when the
    reader must read it."""
    from ..progress import paused_gc

    with paused_gc():
        table = read_columns(path, display, base)
        if table is None:
            return None
        claims = {row[0]: Claim(*row) for row in table.rows()}
        return KnowledgeGraph(
            entities={e.id: e for e in table.entities},
            sources={s.id: s for s in table.sources},
            claims=claims,
            base=table.base,
            record_bases=table.record_bases,
            origins={e.id: (display,) for e in table.entities},
        )


def _plain(data: bytes) -> bool:
    """Whether a table's bytes hold no quote, carriage return or refused character (the
    C1 controls and U+FFFE/U+FFFF are looked for only in a file that may hold them)."""
    from .tsv_reader import _UNPRINTABLE

    if len(data.translate(None, _REFUSED_BYTES)) != len(data):
        return False
    if b"\xc2" in data or b"\xef\xbf" in data:
        return not _UNPRINTABLE.search(data.decode("utf-8"))
    return True


#: The bytes that make a table need the full reader: '"', CR and the C0 controls but tab
#: and line feed, and DEL.
_REFUSED_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0D, 0x20), 0x22, 0x7F])


#: Rows split at a time (the cells of a chunk are held only until their columns take them).
_CHUNK = 100_000
#: A column whose first cells repeat this much keeps one copy of each distinct cell.
_REPEATS = 2


def _rows(path: Path) -> tuple[list[str], int, list[list[str]]]:
    """``(header, header line, columns)`` of a table read as plain text."""
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    data = path.read_bytes()
    if not _plain(data):
        raise _Unhandled  # quoted cells, other line ends, refused characters
    text = data.decode("utf-8")
    del data
    lines = text.split("\n")
    del text
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines):
        cells = line.split(delimiter)
        if not line or (len(cells) == 1 and not cells[0].strip()):
            continue
        if cells[0].lstrip("\ufeff").startswith("#"):
            continue
        del lines[: n + 1]
        return cells, n + 1, _columns(lines, delimiter, len(cells))
    raise _Unhandled  # no header


def _columns(lines: list[str], delimiter: str, width: int) -> list[list[str]]:
    """The columns of the rows ``lines`` (emptied on the way), a chunk of rows at a time;
    a column of repeated cells keeps one copy of each."""
    if not lines or "" in lines:
        raise _Unhandled  # no rows, or blank lines (skipped by the reader, numbered here)
    if set(map(str.count, lines, itertools.repeat(delimiter))) != {width - 1}:
        raise _Unhandled  # a row of another width
    chunks: list[list[list[str]]] = [[] for _ in range(width)]
    shared: list[dict[str, str] | None] = []
    while lines:
        chunk = lines[-_CHUNK:]
        del lines[-_CHUNK:]
        flat = delimiter.join(chunk).split(delimiter)
        del chunk
        parts = [flat[i::width] for i in range(width)]
        del flat
        if not shared:
            shared = [{} if len(set(p)) * _REPEATS <= len(p) else None for p in parts]
        for i, part in enumerate(parts):
            canon = shared[i]
            chunks[i].append(part if canon is None else list(map(canon.setdefault, part, part)))
        parts.clear()
    return [list(itertools.chain.from_iterable(reversed(c))) for c in chunks]


def _checked(table: Any, col: str, cells: list[str]) -> list[Any]:
    """The checked value of each cell of a vocabulary column (None when blank)."""
    from .tsv_reader import _ABSENT

    values: dict[str, Any] = {"": None}
    for text in set(cells):
        if text not in values:
            ok, value = table._check(col, text)
            if not ok:
                raise _Unhandled
            values[text] = None if value is _ABSENT else value
    return list(map(values.__getitem__, cells))


def _build(path: Path, display: str, base: str | None) -> TableColumns:
    from . import tsv_reader as T
    from .bases import file_bases, override_base, record_bases
    from .fields import ID_PATTERN
    from .spec import Located, Reporter

    header, header_line, columns = _rows(path)
    problems: list[Problem] = []
    rep = Reporter(display, problems)
    table = T._Table(rep, header, header_line)
    cols = table.cols
    claim_cols = {c for c in cols if c in T.CLAIM_COLUMNS}
    if problems or not table.ok or not claim_cols <= CLAIM_COLUMNS or "id" not in cols:
        raise _Unhandled
    n = len(columns[0])
    first = header_line + 1  # rows are numbered from the line after the header

    def column(name: str) -> list[str]:
        return columns[cols[name]]

    for name, _ in table.required:
        if any(not v or v.isspace() for v in set(column(name))):
            raise _Unhandled
    ids = list(map(str.strip, column("id")))
    match = ID_PATTERN.match
    if not all(map(match, ids)) or len(set(ids)) != n:
        raise _Unhandled  # invalid, missing or repeated ids
    names = {}
    for role in ("subject", "object", "source"):
        raw = column(role) if role in cols else ("",) * n
        stripped = list(map(str.strip, raw))
        if any(not v or len(v) > 1000 for v in set(stripped)):
            raise _Unhandled
        names[role] = stripped
        plan = table.defs[role]
        if not plan:
            continue
        what = "source" if role == "source" else "entity"
        # one row of each distinct definition (its problems would send the table to
        # the reader, so which row does not matter)
        keys = zip(stripped, *(columns[i] for i, _, _ in plan), strict=True)
        seen = dict(zip(keys, range(n), strict=True))
        at = cols[role] + 1
        defined = table.defined
        for key, row in seen.items():
            if (key[0], key[1:]) in defined:
                continue  # the same cells as a definition read already
            line = first + row
            loc = Located(key[0], line, at)
            if not table._define(what, role, loc, plan, [c[row] for c in columns], line, ids[row]):
                raise _Unhandled
    if problems:
        raise _Unhandled
    data = table.finish()
    entities = sorted((e for e, _ in data.entities), key=lambda e: e.id)
    sources = sorted((s for s, _ in data.sources), key=lambda s: s.id)
    name_index = NameIndex(entities)
    lookup = name_index.lookup  # a name must be its entity's id, nothing else
    for name in {*names["subject"], *names["object"]}:
        if lookup(name) != name:
            raise _Unhandled
    if not set(names["source"]) <= {s.id for s in sources}:
        raise _Unhandled
    if any(map(str.__eq__, names["subject"], names["object"])):
        raise _Unhandled  # a claim relating an entity to itself
    bases = file_bases([data], {display: rep})
    if base is not None:
        bases = dict.fromkeys(bases, override_base(base, problems))
    if problems:
        raise _Unhandled
    kg_base, others = record_bases(bases, {"entity": {}, "claim": {}, "source": {}})
    values = {}
    for col in ("relation", "evidence", *_FILLED):
        if col == "quote":
            continue
        values[col] = _checked(table, col, column(col)) if col in cols else [None] * n
    values["quote"] = _quotes(table, column("quote")) if "quote" in cols else [None] * n
    values["negated"] = [bool(v) for v in values["negated"]]
    values["quote_lang"] = [
        lang if quote is not None else None
        for lang, quote in zip(values["quote_lang"], values["quote"], strict=True)
    ]
    order = sorted(range(n), key=ids.__getitem__)  # claims in id order, as a graph has them
    given = {"id": ids, "subject": names["subject"], "object": names["object"],
             "source": names["source"], **values}  # fmt: skip
    return TableColumns(
        claims={f: list(map(col.__getitem__, order)) for f, col in given.items()},
        entities=entities,
        sources=sources,
        base=kg_base,
        record_bases=others,
        names=name_index,
        display=display,
    )


def _quotes(table: Any, cells: list[str]) -> list[str | None]:
    """The checked quotes (kept as written; None when blank)."""
    import functools

    from . import fields as F

    ((_, _, _, check),) = [t for t in table.texts if t[1] == "quote"]
    quotes = [t if t and not t.isspace() else None for t in cells]
    given = [t for t in quotes if t is not None]
    if isinstance(check, functools.partial) and check.func is F.check_text:
        # the text check, over every quote at once (a line break is never a quote's)
        if max(map(len, given), default=0) > F._MAX_TEXT or F._CONTROL.search("\n".join(given)):
            raise _Unhandled
        return quotes
    try:
        return [None if t is None else check(t) for t in quotes]
    except F.FieldProblem:
        raise _Unhandled from None
