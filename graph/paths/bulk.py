"""The path index of one claims table, assembled column by column.

``mechkg paths`` on a new literature-scale table needs the index, not a million claim
objects. :func:`table_index` reads a plain table (TSV or CSV without quoted cells, every
row defining or naming its entities and its source by id) a column at a time: each
distinct cell of a column is checked once with the table reader's own checks
(:mod:`mechkg.load.tsv_reader`), the definitions of entities and sources are merged by
the reader's own code, and the claims go straight from the columns to the index's
arrays and records.

It never reports a problem itself. Anything it does not handle, or any problem it meets
(a bad cell, an unknown name, a duplicate id, a row of the wrong width ...), makes it
return None, and the caller loads the table with :func:`mechkg.load`, which reports
every problem as it always does. So the problems, and the index of a good table, are
the same either way.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from ..errors import MechkgError, Problem
from ..model import Claim
from ..resolve import NameIndex
from .index import CODE_TYPE, PathIndex, Records, claim_code, index_arrays

__all__ = ["table_index", "CLAIM_COLUMNS"]

#: The claim columns a table may have to be assembled here (a table with others goes
#: through the loader); the definitions of entities and sources (``subject_*``,
#: ``object_*``, ``source_*``) are merged by the reader's own code, whatever they hold.
CLAIM_COLUMNS = frozenset(
    {"id", "subject", "relation", "object", "evidence", "source", "quote", "quote_lang",
     "species", "negated"}
)  # fmt: skip
#: Claim fields the columns fill (the rest keep their defaults).
_FILLED = ("quote", "quote_lang", "species", "negated")


class _Unhandled(Exception):
    """The table needs the full loader."""


def table_index(path: Path, display: str, base: str | None = None) -> PathIndex | None:
    """The path index of the claims table ``path``, or None when it must be loaded with
    :func:`mechkg.load` (see the module docstring)."""
    from ..progress import paused_gc

    try:
        with paused_gc():
            return _build(path, display, base)
    except (_Unhandled, MechkgError, OSError, UnicodeDecodeError, ValueError, KeyError):
        return None


def _plain(data: bytes) -> bool:
    """Whether a table's bytes hold no quote, carriage return or refused character (the
    C1 controls and U+FFFE/U+FFFF are looked for only in a file that may hold them)."""
    from ..load.tsv_reader import _UNPRINTABLE

    if len(data.translate(None, _REFUSED_BYTES)) != len(data):
        return False
    if b"\xc2" in data or b"\xef\xbf" in data:
        return not _UNPRINTABLE.search(data.decode("utf-8"))
    return True


#: The bytes that make a table need the full reader: '"', CR and the C0 controls but tab
#: and line feed, and DEL.
_REFUSED_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0D, 0x20), 0x22, 0x7F])


def _rows(path: Path) -> tuple[str, list[str], int, list[str], list[tuple[str, ...]]]:
    """``(delimiter, header, header line, row lines, columns)`` of a table read as
    plain text."""
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    data = path.read_bytes()
    if not _plain(data):
        raise _Unhandled  # quoted cells, other line ends, refused characters
    text = data.decode("utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines):
        cells = line.split(delimiter)
        if not line or (len(cells) == 1 and not cells[0].strip()):
            continue
        if cells[0].lstrip("\ufeff").startswith("#"):
            continue
        body = lines[n + 1 :]
        width = len(cells)
        if not body or "" in body:
            raise _Unhandled  # blank lines: skipped by the reader, numbered here
        if set(map(str.count, body, itertools.repeat(delimiter))) != {width - 1}:
            raise _Unhandled  # a row of another width
        flat = delimiter.join(body).split(delimiter)
        return delimiter, cells, n + 1, body, [tuple(flat[i::width]) for i in range(width)]
    raise _Unhandled  # no header


def _checked(table: Any, col: str, cells: tuple[str, ...]) -> list[Any]:
    """The checked value of each cell of a vocabulary column (None when blank)."""
    from ..load.tsv_reader import _ABSENT

    values: dict[str, Any] = {"": None}
    for text in set(cells):
        if text not in values:
            ok, value = table._check(col, text)
            if not ok:
                raise _Unhandled
            values[text] = None if value is _ABSENT else value
    return list(map(values.__getitem__, cells))


def _build(path: Path, display: str, base: str | None) -> PathIndex:
    from ..load import tsv_reader as T
    from ..load.bases import file_bases, override_base, record_bases
    from ..load.fields import ID_PATTERN
    from ..load.spec import Located, Reporter

    delimiter, header, header_line, lines, columns = _rows(path)
    problems: list[Problem] = []
    rep = Reporter(display, problems)
    table = T._Table(rep, header, header_line)
    cols = table.cols
    claim_cols = {c for c in cols if c in T.CLAIM_COLUMNS}
    if problems or not table.ok or not claim_cols <= CLAIM_COLUMNS or "id" not in cols:
        raise _Unhandled
    n = len(lines)
    first = header_line + 1  # rows are numbered from the line after the header

    def column(name: str) -> tuple[str, ...]:
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
            if not table._define(
                what, role, loc, plan, lines[row].split(delimiter), line, ids[row]
            ):
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
    source_ids = [s.id for s in sources]
    if not set(names["source"]) <= set(source_ids):
        raise _Unhandled
    if any(map(str.__eq__, names["subject"], names["object"])):
        raise _Unhandled  # a claim relating an entity to itself
    bases = file_bases([data], {display: rep})
    if base is not None:
        bases = dict.fromkeys(bases, override_base(base, problems))
    if problems:
        raise _Unhandled
    kg_base, _ = record_bases(bases, {"entity": {}, "claim": {}, "source": {}})
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
    return _index(ids, names, values, entities, sources, source_ids, kg_base, name_index)


def _quotes(table: Any, cells: tuple[str, ...]) -> list[str | None]:
    """The checked quotes (kept as written; None when blank)."""
    import functools

    from ..load import fields as F

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


def _index(
    ids: list[str],
    names: dict[str, list[str]],
    values: dict[str, list[Any]],
    entities: list[Any],
    sources: list[Any],
    source_ids: list[str],
    kg_base: str,
    name_index: NameIndex,
) -> PathIndex:
    """The index of the checked columns: claims in id order, as the loaded graph has them."""
    from array import array

    order = sorted(range(len(ids)), key=ids.__getitem__)

    def ordered(items: list[Any]) -> list[Any]:
        return list(map(items.__getitem__, order))

    ids = ordered(ids)
    subj, obj, src = (ordered(names[r]) for r in ("subject", "object", "source"))
    rel, evid = ordered(values["relation"]), ordered(values["evidence"])
    filled = {name: ordered(values[name]) for name in _FILLED}
    defaults = {f: Claim.__dataclass_fields__[f].default for f in Claim.__dataclass_fields__}
    given = {"id": ids, "subject": subj, "relation": rel, "object": obj, "evidence": evid,
             "source": src, **filled}  # fmt: skip
    fill = (given[f] if f in given else itertools.repeat(defaults[f], len(ids)) for f in defaults)
    rows = list(zip(*fill, strict=True))
    entity_ids = [e.id for e in entities]
    node_of = {eid: i for i, eid in enumerate(entity_ids)}
    kinds = list(zip(rel, evid, filled["negated"], strict=True))
    codes = {  # one code per (relation, evidence, negated)
        (r, e, neg): claim_code(Claim("c", "a", r, "b", e, "s", negated=neg))
        for r, e, neg in set(kinds)
    }
    known = sorted({s for s in filled["species"] if s is not None})
    species: list[str | None] = [None, *known]
    sp_code = {s: i for i, s in enumerate(species)}
    arrays, max_support = index_arrays(
        len(entity_ids),
        array("i", map(node_of.__getitem__, subj)),
        array("i", map(node_of.__getitem__, obj)),
        array(CODE_TYPE, map(codes.__getitem__, kinds)),
        array("H", map(sp_code.__getitem__, filled["species"])),
    )
    index = PathIndex(
        entity_ids=entity_ids,
        source_ids=source_ids,
        species=species,
        arrays=arrays,
        entities=Records(entities),
        claims=Records(rows=rows, make=Claim),
        sources=Records(sources),
        names=name_index,
        max_support=max_support,
        base=kg_base,
    )
    index._node_of = node_of
    return index
