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
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import MechkgError, Problem
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..resolve import NameIndex

__all__ = ["Rows", "TableColumns", "read_columns", "table_graph", "CLAIM_COLUMNS"]

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
#: Claim fields of vocabulary columns (checked cell by distinct cell).
_VALUES = ("relation", "evidence", "quote_lang", "species", "negated")


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

    def _fields(self) -> list[Iterable[Any]]:
        """Each :class:`~mechkg.model.Claim` field's values, in field order."""
        n = len(self)
        fields = Claim.__dataclass_fields__
        return [
            self.claims[f] if f in self.claims else itertools.repeat(fields[f].default, n)
            for f in _FIELDS
        ]

    def rows(self) -> Rows:
        """Each claim's field tuple, in :class:`~mechkg.model.Claim` field order (made
        when asked for, not held)."""
        return Rows(self)

    def records(self) -> dict[str, Claim]:
        """The claims by id, in id order."""
        return dict(zip(self.claims["id"], map(Claim, *self._fields()), strict=True))


class Rows(Sequence[tuple[Any, ...]]):
    """The claims' field tuples of a :class:`TableColumns`, made one at a time."""

    __slots__ = ("_table",)

    def __init__(self, table: TableColumns) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __getitem__(self, i: int) -> tuple[Any, ...]:  # type: ignore[override]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        claims, fields = self._table.claims, Claim.__dataclass_fields__
        return tuple(claims[f][i] if f in claims else fields[f].default for f in _FIELDS)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return zip(*self._table._fields(), strict=True)


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
        return KnowledgeGraph(
            entities={e.id: e for e in table.entities},
            sources={s.id: s for s in table.sources},
            claims=table.records(),
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


#: Bytes of the table read, checked and split at a time (the cells of a block are held
#: only until their columns take them; the whole text is never held).
_BLOCK = 1 << 24


def _pieces(path: Path) -> Iterator[str]:
    """The text of ``path`` in pieces of about :data:`_BLOCK` bytes, each of whole lines
    (each ending with its line break, but maybe the last), each checked by
    :func:`_plain`."""
    with open(path, "rb") as handle:
        rest = b""
        while chunk := handle.read(_BLOCK):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                yield _decoded(data[:cut])
        if rest:
            yield _decoded(rest)


def _decoded(data: bytes) -> str:
    if not _plain(data):
        raise _Unhandled  # quoted cells, other line ends, refused characters
    return data.decode("utf-8")


def _rows(path: Path) -> tuple[list[str], int, Iterator[list[list[str]]]]:
    """``(header, header line, blocks)`` of a table read as plain text: each block the
    columns of a run of rows (see :func:`_blocks`)."""
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    pieces = _pieces(path)
    number = 0
    for text in pieces:
        pos = 0
        while pos < len(text):
            end = text.find("\n", pos)
            if end < 0:
                raise _Unhandled  # a last line without its end: no rows
            line, pos, number = text[pos:end], end + 1, number + 1
            cells = line.split(delimiter)
            if not line or (len(cells) == 1 and not cells[0].strip()):
                continue
            if cells[0].lstrip("\ufeff").startswith("#"):
                continue
            rest = itertools.chain([text[pos:]], pieces)
            return cells, number, _blocks(rest, delimiter, len(cells))
    raise _Unhandled  # no header


def _blocks(pieces: Iterable[str], delimiter: str, width: int) -> Iterator[list[list[str]]]:
    """The columns of the rows of each piece of text."""
    mark = delimiter + "\n"
    any_rows = False
    for piece in pieces:
        if not piece:
            continue
        block = piece[:-1] if piece.endswith("\n") else piece
        del piece
        rows = block.count("\n") + 1
        # each line break starts a cell; the rows all have ``width`` cells when every
        # ``width``-th cell (and so no other) starts with one (a blank line, skipped by
        # the reader but numbered here, is a row of one cell)
        flat = block.replace("\n", mark).split(delimiter)
        del block
        if len(flat) != rows * width or not all(
            map(str.startswith, itertools.islice(flat, width, None, width), itertools.repeat("\n"))
        ):
            raise _Unhandled  # a row of another width, or a blank line
        parts = [flat[i::width] for i in range(width)]
        del flat
        parts[0][1:] = [cell[1:] for cell in itertools.islice(parts[0], 1, None)]
        any_rows = True
        yield parts
    if not any_rows:
        raise _Unhandled  # no rows


def _checker(table: Any, col: str) -> Callable[[list[str]], Iterator[Any]]:
    """The checked values (None when blank) of the cells of a vocabulary column, a block
    of cells at a time, each distinct cell checked once."""
    from .tsv_reader import _ABSENT

    values: dict[str, Any] = {"": None}

    def checked(cells: list[str]) -> Iterator[Any]:
        for text in set(cells):
            if text not in values:
                ok, value = table._check(col, text)
                if not ok:
                    raise _Unhandled
                values[text] = None if value is _ABSENT else value
        return map(values.__getitem__, cells)

    return checked


def _build(path: Path, display: str, base: str | None) -> TableColumns:
    from . import tsv_reader as T
    from .bases import file_bases, override_base, record_bases
    from .fields import ID_PATTERN
    from .spec import Located, Reporter

    header, header_line, blocks = _rows(path)
    problems: list[Problem] = []
    rep = Reporter(display, problems)
    table = T._Table(rep, header, header_line)
    cols = table.cols
    claim_cols = {c for c in cols if c in T.CLAIM_COLUMNS}
    if problems or not table.ok or not claim_cols <= CLAIM_COLUMNS or "id" not in cols:
        raise _Unhandled
    if not {"subject", "object", "source"} <= cols.keys():
        raise _Unhandled  # every claim's source (or subject, object) is blank
    first = header_line + 1  # rows are numbered from the line after the header
    roles = ("subject", "object", "source")
    vocab = [c for c in _VALUES if c in cols]
    checkers = {c: _checker(table, c) for c in vocab}
    # a blank subject or object is found among the distinct names below
    required = [cols[name] for name, _ in table.required if name not in roles]
    kept: dict[str, list[Any]] = {c: [] for c in ("id", *roles, "quote", *vocab) if c in cols}
    # the distinct definitions of each role (name and cells) -> the last row giving them;
    # the definition columns are not kept
    seen: dict[str, dict[str, int]] = {r: {} for r in roles if table.defs[r]}
    names_kept: dict[str, str] = {}
    n = 0
    for parts in blocks:
        if not all(all(map(str.strip, set(parts[i]))) for i in required):
            raise _Unhandled
        rows = range(n, n + len(parts[0]))
        n += len(parts[0])
        for col, into in kept.items():
            cells = parts[cols[col]]
            if col in checkers:
                into.extend(checkers[col](cells))
            elif col == "quote":
                into.extend(cells)
            else:
                stripped = list(map(str.strip, cells))
                if col != "id":  # names repeat: one copy of each is kept
                    stripped = list(map(names_kept.setdefault, stripped, stripped))
                into.extend(stripped)
                if col in seen:
                    # a definition's cells joined by a line break, which no cell holds
                    plan_cells = (parts[i] for i, _, _ in table.defs[col])
                    keys = map("\n".join, zip(stripped, *plan_cells, strict=True))
                    seen[col].update(zip(keys, rows, strict=True))
        parts.clear()
    ids = kept["id"]
    if not all(map(ID_PATTERN.match, ids)) or len(set(ids)) != n:
        raise _Unhandled  # invalid, missing or repeated ids
    names = {r: kept[r] for r in roles}
    for role in roles:
        if any(not v or len(v) > 1000 for v in set(names[role])):
            raise _Unhandled
    for role, defs in seen.items():
        plan = table.defs[role]
        what = "source" if role == "source" else "entity"
        # one row of each distinct definition (its problems would send the table to
        # the reader, so which row does not matter)
        at = cols[role] + 1
        defined = table.defined
        where = [i for i, _, _ in plan]  # the only cells a definition reads
        for joined, row in defs.items():
            key = joined.split("\n")
            if (key[0], tuple(key[1:])) in defined:
                continue  # the same cells as a definition read already
            line = first + row
            loc = Located(key[0], line, at)
            row_cells = dict(zip(where, key[1:], strict=True))
            if not table._define(what, role, loc, plan, row_cells, line, ids[row]):
                raise _Unhandled
    del seen, names_kept
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
    values = {c: kept[c] if c in kept else [None] * n for c in _VALUES}
    values["quote"] = _quotes(table, kept["quote"]) if "quote" in kept else [None] * n
    values["negated"] = [bool(v) for v in values["negated"]]
    values["quote_lang"] = [
        lang if quote is not None else None
        for lang, quote in zip(values["quote_lang"], values["quote"], strict=True)
    ]
    given = {"id": ids, "subject": names["subject"], "object": names["object"],
             "source": names["source"], **values}  # fmt: skip
    if not all(map(str.__lt__, ids, itertools.islice(ids, 1, None))):
        order = sorted(range(n), key=ids.__getitem__)  # claims in id order, as a graph has them
        given = {f: list(map(col.__getitem__, order)) for f, col in given.items()}
    return TableColumns(
        claims=given,
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
