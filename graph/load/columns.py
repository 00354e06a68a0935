"""A plain claims table read column by column, for literature-scale tables.

:func:`read_columns` reads a plain table (TSV or CSV without quoted cells or blank lines,
its claim columns among :data:`CLAIM_COLUMNS`, every entity named by its id) a column at a
time: Arrow's CSV parser splits the rows (after the bytes are checked as the reader checks
them), each column is dictionary-encoded, each distinct cell is checked once with the
table reader's own checks
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
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import MechkgError, Problem
from ..model import Claim, Entity, KnowledgeGraph, Source, from_columns
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

    __slots__ = ("_names", "base", "claims", "coded", "display", "entities", "record_bases",
                 "sources")  # fmt: skip

    def __init__(self, *, claims: dict[str, list[Any]], entities: list[Entity],
                 sources: list[Source], base: str, record_bases: dict[str, dict[str, str]],
                 display: str, coded: dict[str, tuple[list[Any], Any]]) -> None:  # fmt: skip
        self.claims = claims
        #: the subject, object, relation, evidence, negated and species of the claims
        #: coded: ``(values, codes)``, each claim's value ``values[codes[i]]`` (the
        #: subject and object: the entities, in id order)
        self.coded = coded
        self.entities = entities
        self.sources = sources
        self.base = base
        self.record_bases = record_bases
        self._names: NameIndex | None = None
        self.display = display

    @property
    def names(self) -> NameIndex:
        """The entities' name index (made when first asked for)."""
        if self._names is None:
            self._names = NameIndex(self.entities)
        return self._names

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
        made = from_columns(Claim, self.rows().columns(), len(self))
        return dict(zip(self.claims["id"], made, strict=True))


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

    def columns(self) -> list[list[Any] | tuple[Any]]:
        """Each field's values, in field order: a list, or the 1-tuple of the one value
        of a field the table has no column for."""
        claims, fields = self._table.claims, Claim.__dataclass_fields__
        return [claims[f] if f in claims else (fields[f].default,) for f in _FIELDS]


def read_columns(path: Path, display: str, base: str | None = None) -> TableColumns | None:
    """The claims table ``path`` as :class:`TableColumns`, or None when the reader must
    read it (see the module docstring)."""
    from ..progress import paused_gc

    try:
        with paused_gc():
            return _build(path, display, base)
    except (_Unhandled, MechkgError, OSError, UnicodeDecodeError, ValueError, KeyError,
            ImportError):  # fmt: skip
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
    C1 controls and U+FFFE/U+FFFF are looked for only in a file that may hold them), and
    are UTF-8."""
    from .tsv_reader import _UNPRINTABLE

    if len(data.translate(None, _REFUSED_BYTES)) != len(data):
        return False
    if data.isascii():
        return True
    text = data.decode("utf-8")  # (raises on a byte that is not UTF-8)
    if b"\xc2" in data or b"\xef\xbf" in data:
        return not _UNPRINTABLE.search(text)
    return True


#: The bytes that make a table need the full reader: '"', CR and the C0 controls but tab
#: and line feed, and DEL.
_REFUSED_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0D, 0x20), 0x22, 0x7F])


#: Bytes of the table checked at a time by :func:`_plain` (the whole text is never
#: decoded at once; a piece this small is made again and again in the same memory).
_BLOCK = 1 << 20
#: Bytes of the table the column parser reads at a time (a row must fit in one).
_PARSE_BLOCK = 1 << 24


def _checked_pieces(handle: Any) -> None:
    """Check the rest of the table's bytes (from ``handle``, a binary file) a piece of
    whole lines at a time: each :func:`_plain`, and no line blank (the reader skips blank
    lines, so that the rows would be numbered otherwise)."""
    rest = b""
    while chunk := handle.read(_BLOCK):
        data = rest + chunk
        cut = data.rfind(b"\n") + 1
        rest = data[cut:]
        if cut:
            _check_piece(data[:cut])
    if rest:
        _check_piece(rest)


def _check_piece(piece: bytes) -> None:
    if piece.startswith(b"\n") or b"\n\n" in piece or not _plain(piece):
        raise _Unhandled  # a blank line, quoted cells, other line ends, refused bytes


def _header(handle: Any, delimiter: str) -> tuple[list[str], int, int]:
    """``(header cells, header line, offset of the next line)`` of the table open as
    ``handle`` (a binary file): the first line that is neither blank nor a comment, as
    the reader finds it."""
    number, pos = 0, 0
    for raw in handle:
        if not raw.endswith(b"\n"):
            raise _Unhandled  # a last line without its end: no rows
        pos += len(raw)
        raw = raw[:-1]
        if not _plain(raw):
            raise _Unhandled
        line, number = raw.decode("utf-8"), number + 1
        cells = line.split(delimiter)
        if not line or (len(cells) == 1 and not cells[0].strip()):
            continue
        if cells[0].lstrip("\ufeff").startswith("#"):
            continue
        return cells, number, pos
    raise _Unhandled  # no header


class _Columns:
    """The rows of a table as columns of cells: :meth:`text` a column's cells as a list,
    :meth:`encoded` its distinct cells (in order of first appearance) and each row's
    index among them."""

    def __init__(self, table: Any) -> None:
        self._table = table
        self.n = table.num_rows
        self._encoded: dict[int, tuple[list[str], Any]] = {}
        self._texts: dict[int, list[str]] = {}

    def text(self, i: int) -> list[str]:
        got = self._texts.get(i)
        if got is None:
            got = self._texts[i] = self._text(i)
        return got

    def _text(self, i: int) -> list[str]:
        return self._table.column(str(i)).to_pylist()  # type: ignore[no-any-return]

    def encoded(self, i: int) -> tuple[list[str], Any]:
        got = self._encoded.get(i)
        if got is None:
            got = self._encoded[i] = self._encode(i)
        return got

    def prepare(self, encoded: Iterable[int], texts: Iterable[int]) -> None:
        """Make the columns ``encoded`` (:meth:`encoded`) and ``texts`` (:meth:`text`) on
        two threads: while one makes Python objects, Arrow's kernels run on the other."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(2, thread_name_prefix="mechkg-columns") as pool:
            # the texts first: their conversion holds the interpreter the longest
            made = {i: pool.submit(self._text, i) for i in texts if i not in self._texts}
            coded = {i: pool.submit(self._encode, i) for i in encoded if i not in self._encoded}
            for i, text in made.items():
                self._texts[i] = text.result()
            for i, codes in coded.items():
                self._encoded[i] = codes.result()

    def _encode(self, i: int) -> tuple[list[str], Any]:
        coded = self._table.column(str(i)).combine_chunks().dictionary_encode()
        return coded.dictionary.to_pylist(), _numpy(coded.indices)

    def all_match(self, i: int, pattern: re.Pattern[str]) -> bool:
        """Whether every cell of the column matches ``pattern`` (a :func:`re.match` of
        characters, classes and repeats that ends with ``\\Z``)."""
        import pyarrow.compute as pc

        assert pattern.pattern.endswith("\\Z")
        whole = "^(?:" + pattern.pattern[:-2] + ")$"
        column = self._table.column(str(i))
        return bool(pc.all(pc.match_substring_regex(column, whole)).as_py())

    def blank_rows(self, i: int, cells: list[str]) -> list[int]:
        """The rows whose cell (of column ``i``, whose cells are ``cells``) is empty or
        all white space (as :meth:`str.isspace` has it). Only cells without a printable
        ASCII character are looked at in Python: no other cell can be blank."""
        import pyarrow.compute as pc

        column = self._table.column(str(i))
        maybe = pc.invert(pc.match_substring_regex(column, "[!-~]"))
        rows = _numpy(pc.indices_nonzero(maybe)).tolist()
        return [r for r in rows if not cells[r] or cells[r].isspace()]

    def distinct_count(self, i: int) -> int:
        import pyarrow.compute as pc

        return int(pc.count_distinct(self._table.column(str(i))).as_py())

    def in_order(self, i: int) -> bool:
        """Whether the column's cells rise strictly (by code point)."""
        import pyarrow.compute as pc

        column = self._table.column(str(i)).combine_chunks()
        if len(column) < 2:
            return True
        rising = pc.less(column.slice(0, len(column) - 1), column.slice(1))
        return bool(pc.all(rising).as_py())

    def order(self, i: int) -> Any:
        """The rows' order by the column's cells."""
        import numpy as np
        import pyarrow.compute as pc

        return _numpy(pc.sort_indices(self._table.column(str(i)))).astype(np.int64)


def _read_columns(path: Path, delimiter: str, wanted: Callable[[list[str], int], list[int]]
                  ) -> tuple[list[str], int, _Columns]:  # fmt: skip
    """``(header, header line, columns)`` of a plain table; ``wanted(header, line)`` gives
    the indexes of the columns to read (it may raise :class:`_Unhandled`)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    with open(path, "rb") as handle:
        header, number, start = _header(handle, delimiter)
        columns = wanted(header, number)
        handle.seek(start)
        _checked_pieces(handle)
        if handle.tell() == start:
            raise _Unhandled  # no rows
    names = [str(i) for i in range(len(header))]
    try:
        with pa.OSFile(str(path)) as source:
            source.seek(start)
            table = pcsv.read_csv(
                source,
                read_options=pcsv.ReadOptions(
                    column_names=names, block_size=_PARSE_BLOCK, use_threads=True
                ),
                parse_options=pcsv.ParseOptions(
                    delimiter=delimiter,
                    quote_char=False,
                    double_quote=False,
                    escape_char=False,
                    newlines_in_values=False,
                    ignore_empty_lines=False,
                ),
                convert_options=pcsv.ConvertOptions(
                    column_types={names[i]: pa.string() for i in columns},
                    include_columns=[names[i] for i in columns],
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    null_values=[],
                    true_values=[],
                    false_values=[],
                    check_utf8=True,
                ),
            )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise _Unhandled from None  # a row of another width, a row too long ...
    if table.num_rows == 0:
        raise _Unhandled
    return header, number, _Columns(table)


def _checked(table: Any, col: str, cells: list[str]) -> list[Any]:
    """The checked values (None when blank) of distinct cells of a vocabulary column."""
    from .tsv_reader import _ABSENT

    out: list[Any] = []
    for text in cells:
        if text == "":
            out.append(None)
            continue
        ok, value = table._check(col, text)
        if not ok:
            raise _Unhandled
        out.append(None if value is _ABSENT else value)
    return out


def _definition_cells(col: str, cells: list[str]) -> list[Any]:
    """The checked values (``_ABSENT`` when blank) of the distinct cells of a definition
    column. A name or a text is checked over every cell at once: trimmed, no longer than
    a text may be, no control character (a line break is never a cell's)."""
    import functools

    from . import fields as F
    from .tsv_reader import _ABSENT, _CHECKS

    check = _CHECKS[col]
    if isinstance(check, functools.partial) and check.func in (F.check_label, F.check_text):
        stripped = [t.strip() for t in cells]
        if not _texts_pass(stripped):
            raise _Unhandled
        return [t or _ABSENT for t in stripped]
    try:
        return [check(s) if s else _ABSENT for s in map(str.strip, cells)]
    except F.FieldProblem:
        raise _Unhandled from None


def _texts_pass(texts: list[str]) -> bool:
    """Whether every one of ``texts`` passes the text check's length and control
    characters, looked for in all of them at once (a line break is never a cell's)."""
    from . import fields as F

    return max(map(len, texts), default=0) <= F._MAX_TEXT and not F._CONTROL.search(
        "\n".join(texts)
    )


def _dense(codes: Any) -> Any:
    """The codes renumbered 0, 1, ... in order of first appearance."""
    import numpy as np
    import pyarrow as pa

    codes = np.ascontiguousarray(codes, dtype=np.int64)
    given = pa.Array.from_buffers(pa.int64(), len(codes), [None, pa.py_buffer(codes)])
    return _numpy(given.dictionary_encode().indices).astype(np.int64)


def _numpy(values: Any) -> Any:
    """The NumPy view of an Arrow array of integers without nulls (read from its buffer:
    Arrow's own conversion would import pandas where it is installed)."""
    import numpy as np

    dtype = np.dtype(str(values.type))  # int32, uint64 ...: the same names
    data = np.frombuffer(values.buffers()[1], dtype=dtype)
    return data[values.offset : values.offset + len(values)]


def _column_values(values: list[Any], codes: Any) -> list[Any]:
    """Each row's value: ``values[code]``."""
    import numpy as np

    lookup = np.empty(len(values), dtype=object)
    lookup[:] = values
    return lookup[codes].tolist()  # type: ignore[no-any-return]


def _build(path: Path, display: str, base: str | None) -> TableColumns:
    import numpy as np

    from . import tsv_reader as T
    from .bases import file_bases, override_base, record_bases
    from .fields import ID_PATTERN
    from .spec import Reporter, records_of_columns

    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    problems: list[Problem] = []
    rep = Reporter(display, problems)
    tables: list[Any] = []
    roles = ("subject", "object", "source")

    def wanted(header: list[str], line: int) -> list[int]:
        table = T._Table(rep, header, line)
        tables.append(table)
        cols = table.cols
        claim_cols = {c for c in cols if c in T.CLAIM_COLUMNS}
        if problems or not table.ok or not claim_cols <= CLAIM_COLUMNS or "id" not in cols:
            raise _Unhandled
        if not {"subject", "object", "source"} <= cols.keys():
            raise _Unhandled  # every claim's source (or subject, object) is blank
        defs = [i for r in roles for i, _, _ in table.defs[r]]
        return sorted({*(cols[c] for c in claim_cols), *defs})

    _, _, columns = _read_columns(path, delimiter, wanted)
    (table,) = tables
    cols = table.cols
    n = columns.n
    columns.prepare(  # every column read below
        [*(i for name, i in table.required if name not in roles), *(cols[r] for r in roles),
         *(i for r in roles for i, _, _ in table.defs[r]),
         *(cols[c] for c in _VALUES if c in cols)],
        [cols[c] for c in ("id", "quote") if c in cols],
    )  # fmt: skip
    # a blank subject or object is found among the distinct names below
    for name, i in table.required:
        if name not in roles and not all(map(str.strip, columns.encoded(i)[0])):
            raise _Unhandled
    i_id = cols["id"]
    if not columns.all_match(i_id, ID_PATTERN):
        raise _Unhandled  # invalid (or padded) or missing ids
    rising = columns.in_order(i_id)  # strictly: no id repeated
    if not rising and columns.distinct_count(i_id) != n:
        raise _Unhandled  # repeated ids
    order = None if rising else columns.order(i_id)
    id_rows = None if order is None else order.tolist()  # (list items taken by Python ints)

    def by_id(codes: Any) -> Any:
        """A column's codes (or list) in claim id order, as a graph has its claims."""
        if order is None or id_rows is None:
            return codes
        return list(map(codes.__getitem__, id_rows)) if isinstance(codes, list) else codes[order]

    # each role's names: distinct stripped names, and each row's index among them
    names: dict[str, list[str]] = {}
    name_codes: dict[str, Any] = {}
    for role in roles:
        raw, codes = columns.encoded(cols[role])
        stripped = [v.strip() for v in raw]
        if any(not v or len(v) > 1000 for v in stripped):
            raise _Unhandled
        distinct = list(dict.fromkeys(stripped))
        at = {v: k for k, v in enumerate(distinct)}
        lut = np.fromiter(map(at.__getitem__, stripped), dtype=np.int64, count=len(stripped))
        names[role], name_codes[role] = distinct, lut[codes]
    # each role's distinct definitions (name and cells), each distinct cell checked once:
    # (field names, given names, each field's given values), merged below by _merge
    defined: dict[str, list[tuple[list[str], list[str], list[list[Any]]]]] = {
        "entity": [],
        "source": [],
    }
    for role in roles:
        plan = table.defs[role]
        if not plan:
            continue
        group = name_codes[role]
        by_cell = []  # each definition column's checked values (by distinct cell), codes
        for i, col, _ in plan:
            distinct, codes = columns.encoded(i)
            by_cell.append((_definition_cells(col, distinct), codes))
            group = _dense(group * len(distinct) + codes)
        # the groups are numbered in order of first appearance: where the running
        # maximum rises is the first row of each
        top = np.maximum.accumulate(group)
        starts = np.flatnonzero(np.concatenate(([True], top[1:] > top[:-1])))
        given_names = [names[role][k] for k in name_codes[role][starts].tolist()]
        given = [[values[k] for k in codes[starts].tolist()] for values, codes in by_cell]
        defined["source" if role == "source" else "entity"].append(
            ([name for _, _, name in plan], given_names, given)
        )
    if problems:
        raise _Unhandled
    records = []
    for what, roles_defined in defined.items():
        ids, merged = _merge(roles_defined, [f.name for f in T._NEEDED[what]])
        if not all(map(ID_PATTERN.match, ids)):
            raise _Unhandled
        for name, default in T._TABLE_DEFAULTS[what].items():
            column = merged.get(name, [T._ABSENT] * len(ids))
            merged[name] = [default if v is T._ABSENT else v for v in column]
        try:
            records.append(records_of_columns(what, ids, merged, absent=T._ABSENT))
        except TypeError:
            raise _Unhandled from None
    entities, sources = records
    data = table.data
    # a name must be its entity's id, nothing else (a name that is no id, even one that
    # resolves to an entity's label, synonym or NFC form, needs the reader)
    if not {*names["subject"], *names["object"]} <= {e.id for e in entities}:
        raise _Unhandled
    if not set(names["source"]) <= {s.id for s in sources}:
        raise _Unhandled
    # each claim's subject and object as node numbers (entities in id order)
    node_of = {e.id: k for k, e in enumerate(entities)}
    nodes = {
        r: np.array([node_of[v] for v in names[r]], dtype=np.int32)[name_codes[r]]
        for r in ("subject", "object")
    }
    if bool((nodes["subject"] == nodes["object"]).any()):
        raise _Unhandled  # a claim relating an entity to itself
    bases = file_bases([data], {display: rep})
    if base is not None:
        bases = dict.fromkeys(bases, override_base(base, problems))
    if problems:
        raise _Unhandled
    kg_base, others = record_bases(bases, {"entity": {}, "claim": {}, "source": {}})

    values: dict[str, list[Any]] = {}
    coded: dict[str, tuple[list[Any], Any]] = {}
    for c in _VALUES:
        if c in cols:
            raw, codes = columns.encoded(cols[c])
            checked = _checked(table, c, raw)
            if c == "negated":
                checked = [bool(v) for v in checked]
            coded[c] = (checked, by_id(codes))
            values[c] = _column_values(*coded[c])
        else:
            values[c] = [False if c == "negated" else None] * n
            coded[c] = ([values[c][0]], np.zeros(n, dtype=np.int64))
    if "quote" in cols:
        text = columns.text(cols["quote"])
        values["quote"] = by_id(_quotes(table, text, columns.blank_rows(cols["quote"], text)))
    else:
        values["quote"] = [None] * n
    if None in values["quote"] and any(v is not None for v in coded["quote_lang"][0]):
        values["quote_lang"] = [
            lang if quote is not None else None
            for lang, quote in zip(values["quote_lang"], values["quote"], strict=True)
        ]
    claims = {
        "id": by_id(columns.text(i_id)),
        **{r: _column_values(names[r], by_id(name_codes[r])) for r in roles},
        **values,
    }
    for r in ("subject", "object"):
        coded[r] = (entities, by_id(nodes[r]))
    return TableColumns(
        claims=claims,
        coded=coded,
        entities=entities,
        sources=sources,
        base=kg_base,
        record_bases=others,
        display=display,
    )


def _merge(
    defined: list[tuple[list[str], list[str], list[list[Any]]]], needed: list[str]
) -> tuple[list[str], dict[str, list[Any]]]:
    """The ids defined and each field's merged values (``_ABSENT`` where none is given),
    of definitions ``(fields, names, given)``: ``names[k]`` is given the values
    ``given[j][k]`` of ``fields[j]`` (``_ABSENT`` for a blank cell). Definitions of one id
    agree on each single value and join their lists, as the reader merges them; raises
    _Unhandled where they do not, or where one leaves out a field in ``needed``."""
    import numpy as np

    from .tsv_reader import _ABSENT

    fields = list(dict.fromkeys(f for fs, _, _ in defined for f in fs))
    # a needed field no column gives: every row that defines anything leaves it out
    lacking = any(f not in fields for f in needed)
    need = [fields.index(f) for f in needed if f in fields]
    at: dict[str, int] = {}  # id -> its row in merged
    ids: list[str] = []
    merged: list[tuple[Any, ...]] = []
    for fs, names, given in defined:
        where = {f: j for j, f in enumerate(fs)}
        blank = [_ABSENT] * len(names)
        aligned = [given[where[f]] if f in where else blank for f in fields]
        absent = np.array([[v is _ABSENT for v in g] for g in aligned], dtype=bool)
        rows = ~absent.all(axis=0)  # a row with no definition is a reference
        if rows.any() and (lacking or bool((absent[need].any(axis=0) & rows).any())):
            raise _Unhandled
        keep = np.flatnonzero(rows).tolist()
        kept = [list(map(g.__getitem__, keep)) for g in aligned]
        for name, row in zip(map(names.__getitem__, keep), zip(*kept, strict=True), strict=True):
            k = at.setdefault(name, len(merged))
            if k == len(merged):
                ids.append(name)
                merged.append(row)
            elif merged[k] != row:
                merged[k] = tuple(map(_merge_value, merged[k], row))
    return ids, {f: [r[j] for r in merged] for j, f in enumerate(fields)}


def _merge_value(known: Any, value: Any) -> Any:
    """One field of two definitions of an id, merged: a list joined, a single value given
    once or twice alike (raises _Unhandled where two differ)."""
    from .tsv_reader import _ABSENT

    if known is _ABSENT:
        return value
    if value is _ABSENT:
        return known
    if isinstance(value, tuple):
        return (*known, *value)
    if known != value:
        raise _Unhandled
    return known


def _quotes(table: Any, cells: list[str], blank: list[int]) -> list[str | None]:
    """The checked quotes (kept as written; None when blank: the rows ``blank``)."""
    import functools

    from . import fields as F

    ((_, _, _, check),) = [t for t in table.texts if t[1] == "quote"]
    quotes: list[str | None] = list(cells)
    for r in blank:
        quotes[r] = None
    given = [t for t in quotes if t is not None] if blank else cells
    if isinstance(check, functools.partial) and check.func is F.check_text:
        # the text check, over every quote at once (a line break is never a quote's)
        if not _texts_pass(given):
            raise _Unhandled
        return quotes
    try:
        return [None if t is None else check(t) for t in quotes]
    except F.FieldProblem:
        raise _Unhandled from None
