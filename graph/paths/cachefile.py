"""The layout of a path cache file: flat arrays a query maps, records decoded on demand.

A cache file holds no pickle and nothing that runs code when read: the path index's
integer arrays are stored as raw little-endian machine arrays that a query maps with
:mod:`mmap` and reads in place; names and ids are UTF-8 strings with offset arrays; the
claim, entity and source records are marshalled in blocks of :data:`RECORD_BLOCK` (each
block its records' field values, a list per field, of plain strings, numbers and
tuples), a block decoded only when a result shows one of its records. Layout::

    header   b"MECHKGC3", u32 format, u32 sections, u64 file length, 32-byte input key,
             u32 CRC-32 of the section table, u32 0                      (64 bytes)
    table    per section: 24-byte name, u64 offset, u64 length, 1-byte array type code,
             3 bytes 0, u32 CRC-32 of the section                        (48 bytes each)
    sections each at an 8-byte aligned offset

Opening a file reads the header and the table (never the whole file; a file whose size
is not the one its header gives is refused before anything else is read), checks every
section's bounds, alignment and length, the CRC-32 of every section but the record blobs
(a few tens of MB at a million claims) and the arrays' consistency. A block of records is
checked against its own CRC-32, and its shape, when it is decoded. Any failure raises
:class:`CorruptCache`, and the caller rebuilds the file. Once a file has passed, the
caller may vouch for it by its :func:`file_status`: the section checksums of that very
version are then not read again (a write to the file changes its status).
"""

from __future__ import annotations

import itertools
import json
import marshal
import mmap
import operator
import os
import stat
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import fields
from typing import Any, TypeVar

from ..errors import MechkgError
from ..model import Claim, Entity, Source
from ..resolve import NameIndex, entity_names
from ..resolve import fold as fold_name
from .index import PathIndex, Records

__all__ = [
    "CorruptCache", "Strings", "CachedNames", "write_index", "read_index", "file_status", "FORMAT",
]  # fmt: skip

MAGIC = b"MECHKGC3"
FORMAT = 3
_HEADER = struct.Struct("<8sIIQ32sII")
_ENTRY = struct.Struct("<24sQQc3xI")
_MAX_SECTIONS = 64
_ITEM = {"B": 1, "H": 2, "I": 4, "i": 4, "q": 8}
T = TypeVar("T")


class CorruptCache(MechkgError, ValueError):
    """A cache file that is truncated, altered or of another format."""


def _strings(values: Sequence[str]) -> tuple[array, bytes]:
    """``(offsets, blob)`` of UTF-8 strings."""
    chunks = [v.encode("utf-8", "surrogatepass") for v in values]
    offsets = array("q", itertools.accumulate(map(len, chunks), initial=0))
    return offsets, b"".join(chunks)


def _field_columns(items: Sequence[Any], a: int, b: int) -> list[Sequence[Any]]:
    """Each field's values of records ``a`` to ``b`` (in field order)."""
    rows = getattr(items, "rows", None)
    if rows is not None:  # records held as their field tuples
        return list(zip(*(rows[i] for i in range(a, b)), strict=True))
    names = [f.name for f in fields(items[a])]  # one record type per section
    values = operator.attrgetter(*names) if len(names) > 1 else lambda x: (getattr(x, names[0]),)
    return list(zip(*(values(items[i]) for i in range(a, b)), strict=True))


def _record_blocks(items: Sequence[Any], block: int) -> Iterator[bytes]:
    """The records ``block`` at a time, each block the marshalled ``(count, fields)``,
    ``fields`` holding each field's values as a list, or as a 1-tuple when every record
    of the block has the very same value."""
    # a table's columns (:meth:`mechkg.load.columns.Rows.columns`) are sliced as they are
    columns = getattr(getattr(items, "rows", None), "columns", None)
    held = columns() if columns is not None else None
    lists = [j for j, c in enumerate(held or ()) if isinstance(c, list)]
    dumps = marshal.dumps
    for a in range(0, len(items), block):
        b = min(a + block, len(items))
        if held is not None:
            values = list(held)  # the fields without a column: the 1-tuple of the value
            for j in lists:
                values[j] = held[j][a:b]
        else:
            values = [_packed(list(f)) for f in _field_columns(items, a, b)]
        yield dumps((b - a, tuple(values)))


def _packed(values: list[Any]) -> list[Any] | tuple[Any]:
    """A field's values, or the 1-tuple of the one value they all are."""
    first = values[0]
    return (first,) if all(v is first for v in values) else values


def _unblock(data: Any, count: int, width: int) -> Sequence[tuple[Any, ...]]:
    """The field tuples of a decoded block of ``count`` records of ``width`` fields, each
    made when asked for (ValueError when the block is not one)."""
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == count):
        raise ValueError("not a block of records")
    given = data[1]
    if not isinstance(given, tuple) or len(given) != width:
        raise ValueError("a block of records of another width")
    columns: list[Any] = []
    for f in given:
        if isinstance(f, list) and len(f) == count:
            columns.append(f)
        elif isinstance(f, tuple) and len(f) == 1:
            columns.append(f * count)
        else:
            raise ValueError("a block of records of another length")
    return _Rows(columns, count)


class _Rows(Sequence[tuple[Any, ...]]):
    """The field tuples of a block of records, from its columns (a block's records are
    decoded together, but a query shows one or two of them)."""

    __slots__ = ("_columns", "_count")

    def __init__(self, columns: list[Sequence[Any]], count: int) -> None:
        self._columns = columns
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, j: int) -> tuple[Any, ...]:  # type: ignore[override]
        if not 0 <= j < self._count:
            raise IndexError(j)
        return tuple([c[j] for c in self._columns])


#: Records in a block (decoded together when one of them is needed).
RECORD_BLOCK = 32


def _le(values: array) -> memoryview:
    """The bytes of ``values``, little-endian (in place where the machine is)."""
    if sys.byteorder == "big":  # the file is little-endian everywhere
        values = array(values.typecode, values)
        values.byteswap()
    return memoryview(values).cast("B")


def write_index(index: PathIndex, path: str | os.PathLike[str], key: bytes = b"") -> None:
    """Write ``index`` as a cache file (atomically), for inputs of content key ``key``."""
    from ..io import atomic_open

    entity_ids = list(index.entity_ids)
    meta = {
        "format": FORMAT,
        "max_support": index.max_support,
        "base": index.base,
        "species": list(index.species),
        "nodes": index.n_nodes,
        "claims": len(index.claims),
        "sources": len(index.source_ids),
        "ids_sorted": entity_ids == sorted(entity_ids),
        "record_block": RECORD_BLOCK,
    }
    with atomic_open(path, "wb") as handle, _Writer(handle, len(_REQUIRED)) as out:
        out.section("meta", "B", json.dumps(meta).encode())
        for name in PathIndex.ARRAYS:  # written while the rest is made
            arr = getattr(index, name)
            code = arr.typecode if isinstance(arr, array) else arr.format
            out.section(name, code, _le(arr if isinstance(arr, array) else array(code, arr)))
        keys, display, name_off, name_ids = _name_table(index)
        for label, values in (
            ("entity_ids", entity_ids),
            ("source_ids", list(index.source_ids)),
            ("names.keys", keys),
            ("names.display", display),
        ):
            off, strings = _strings(values)
            out.section(f"{label}.off", "q", _le(off))
            out.section(label, "B", strings)
        out.section("names.ids.off", "q", _le(name_off))
        out.section("names.ids", "i", _le(name_ids))
        for label in ("claims", "entities", "sources"):
            records = getattr(index, label)
            held = records if getattr(records, "rows", None) is not None else list(records)
            crcs = array("I")
            offsets = array("q", [0])
            at = 0
            out.begin(label)
            batch: list[bytes] = []
            for chunk in _record_blocks(held, RECORD_BLOCK):
                crcs.append(zlib.crc32(chunk))
                at += len(chunk)
                offsets.append(at)
                batch.append(chunk)
                if len(batch) == _BATCH:
                    out.more(b"".join(batch))
                    batch = []
            out.more(b"".join(batch))
            out.section(f"{label}.off", "q", _le(offsets))
            out.section(f"{label}.crc", "I", _le(crcs))
        out.finish(key)


#: Blocks of records handed to the writing thread at a time.
_BATCH = 256


class _Writer:
    """A cache file's sections written as they are made, by a thread of its own (a
    write, and a checksum of a large section, let the other thread run meanwhile); the
    header and the section table, once every section's place is known, in front of
    them."""

    def __init__(self, handle: Any, count: int) -> None:
        import queue
        import threading

        self.handle = handle
        self.count = count
        self.pos = _HEADER.size + _ENTRY.size * count
        #: name -> [offset, length, type code, CRC-32 (None: not checked)]
        self.entries: dict[str, list[Any]] = {}
        self.error: BaseException | None = None
        #: (section name, or None for padding; bytes), None to stop
        self.queue: queue.Queue[tuple[str | None, bytes | memoryview] | None] = queue.Queue(
            maxsize=8
        )
        self.thread = threading.Thread(target=self._drain, name="mechkg-cache-writer")
        handle.seek(self.pos)
        self.thread.start()

    def _drain(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # failed: the rest is dropped, the caller raises
            name, data = item
            try:
                self.handle.write(data)
                entry = self.entries.get(name) if name is not None else None
                if entry is not None and entry[3] is not None:
                    entry[3] = zlib.crc32(data, entry[3])
            except BaseException as exc:  # (raised by the caller, in finish)
                self.error = exc

    def begin(self, name: str, code: str = "B", checked: bool = False) -> None:
        pad = -self.pos % 8
        if pad:
            self.queue.put((None, b"\0" * pad))
            self.pos += pad
        self.entries[name] = [self.pos, 0, code, 0 if checked else None]
        self.current = name  # the section :meth:`more` adds to

    def more(self, data: bytes | memoryview) -> None:
        if data:
            self.entries[self.current][1] += len(data)
            self.pos += len(data)
            self.queue.put((self.current, data))

    def section(self, name: str, code: str, data: bytes | memoryview) -> None:
        self.begin(name, code, checked=name not in _UNCHECKED)
        self.more(data)

    def finish(self, key: bytes) -> None:
        """Write the header and the table (every section written)."""
        self._stop()
        if self.error is not None:
            raise self.error
        if len(self.entries) != self.count:
            raise ValueError(f"{len(self.entries)} sections, expected {self.count}")
        table = b"".join(
            _ENTRY.pack(name.encode(), at, length, code.encode(), crc or 0)
            for name, (at, length, code, crc) in self.entries.items()
        )
        header = _HEADER.pack(MAGIC, FORMAT, self.count, self.pos, key.ljust(32, b"\0")[:32],
                              zlib.crc32(table), 0)  # fmt: skip
        self.handle.seek(0)
        self.handle.write(header + table)

    def _stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()  # (after an error: the thread ends, the file is not kept)


def _name_table(index: PathIndex) -> tuple[list[str], list[str], array, array]:
    """``(keys, display, offsets, nodes)`` of the index's names: each folded name
    (sorted), the name as first met, and the nodes of the entities it means best (those
    of its lowest tier, sorted), as :class:`~mechkg.resolve.NameIndex` has them."""
    names = index._names
    best: dict[str, tuple[int, Any]] = {}  # folded name -> (tier, node or set of nodes)
    display: dict[str, str] = {}
    if isinstance(names, NameIndex):  # made already: read off it
        node = index.node
        for key, tiers in names._names.items():
            tier = min(tiers)
            best[key] = (tier, {n for n in map(node, tiers[tier]) if n is not None})
        display = names._display
    else:  # from the entities (in node order), without the name index's sets
        for n, entity in enumerate(index.entities):
            for name, tier in entity_names(entity):
                key = fold_name(name)
                got = best.get(key)
                if got is None:
                    best[key] = (tier, n)
                    display[key] = name
                elif tier < got[0]:
                    best[key] = (tier, n)
                elif tier == got[0] and got[1] != n:
                    nodes = got[1]
                    if type(nodes) is int:
                        best[key] = (tier, {nodes, n})
                    else:
                        nodes.add(n)
    keys = sorted(best)
    name_ids = array("i")
    name_off = array("q", [0])
    for k in keys:
        nodes = best[k][1]
        if type(nodes) is int:  # (most names)
            name_ids.append(nodes)
        else:
            name_ids.extend(sorted(nodes))
        name_off.append(len(name_ids))
    return keys, [display[k] for k in keys], name_off, name_ids


#: Sections checked record by record, when a record is decoded.
_UNCHECKED = frozenset({"claims", "entities", "sources"})
_REQUIRED = (
    "meta", *PathIndex.ARRAYS,
    *(f"{s}{x}" for s in ("entity_ids", "source_ids", "names.keys", "names.display")
      for x in (".off", "")),
    "names.ids.off", "names.ids",
    *(f"{s}{x}" for s in ("claims", "entities", "sources") for x in (".off", ".crc", "")),
)  # fmt: skip


class Strings(Sequence[str]):
    """UTF-8 strings held in a mapped blob, decoded one at a time."""

    __slots__ = ("_blob", "_off")

    def __init__(self, blob: memoryview, offsets: memoryview) -> None:
        self._blob = blob
        self._off = offsets

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        try:
            return str(self._blob[self._off[i] : self._off[i + 1]], "utf-8", "surrogatepass")
        except (UnicodeDecodeError, ValueError) as exc:
            raise CorruptCache(f"damaged string {i} in the graph cache: {exc}") from None

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self[i]

    def find(self, value: str) -> int:
        """Where ``value`` is among the strings, which must be sorted, or -1: a binary
        search on their UTF-8 bytes (ordered as their code points), none decoded.

        Examples
        --------
        >>> off, blob = _strings(["a", "b\u00e9", "c"])
        >>> strings = Strings(memoryview(blob), memoryview(off))
        >>> strings.find("b\u00e9"), strings.find("bz"), strings.find("")
        (1, -1, -1)
        """
        key = value.encode("utf-8", "surrogatepass")
        blob, off = self._blob, self._off
        lo, hi = 0, len(off) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if bytes(blob[off[mid] : off[mid + 1]]) < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(off) - 1 and bytes(blob[off[lo] : off[lo + 1]]) == key:
            return lo
        return -1


class CachedNames:
    """The name index of a cached graph, looked up in place (binary search over the
    sorted folded names); the full :class:`~mechkg.resolve.NameIndex` is built from the
    entity records only to suggest names for one that matches nothing."""

    def __init__(self, index: PathIndex, keys: Strings, display: Strings,
                 ids_off: memoryview, ids: memoryview) -> None:  # fmt: skip
        self._index = index
        self._keys = keys
        self._display = display
        self._ids_off = ids_off
        self._ids = ids
        self._full: NameIndex | None = None

    def lookup(self, name: str) -> str:
        """As :meth:`mechkg.resolve.NameIndex.lookup`."""
        from ..errors import AmbiguousEntity, EntityNotFound

        if self._index.node(name) is not None:
            return name
        key = fold_name(name)
        i = self._keys.find(key)
        if i < 0:
            raise EntityNotFound(name, self.closest(name))
        ids = self._index.entity_ids
        found = [ids[n] for n in self._ids[self._ids_off[i] : self._ids_off[i + 1]]]
        if len(found) > 1:
            raise AmbiguousEntity(name, sorted(found))
        return found[0]

    def closest(self, name: str, n: int = 5) -> list[str]:
        """As :meth:`mechkg.resolve.NameIndex.closest`."""
        if self._full is None:
            self._full = NameIndex(self._index.entities)
        return self._full.closest(name, n)


def _fail(path: object, what: str) -> CorruptCache:
    return CorruptCache(f"{path}: {what}")


def file_status(st: os.stat_result) -> tuple[int, ...]:
    """What identifies one version of a file: size, modification and change times, inode
    and device (any write changes the change time, which no user can set)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def read_index(
    path: str | os.PathLike[str],
    key: bytes | None = None,
    vouched: tuple[int, ...] | None = None,
) -> PathIndex:
    """Map a cache file written by :func:`write_index` (see the module docstring).

    ``vouched`` is the :func:`file_status` of a version of the file whose checksums were
    verified before: when the file still has it, the sections' checksums are not read
    again (the header, the table and the arrays' shape still are). The index's
    ``cache_status`` is the status of the file it maps.

    Raises
    ------
    CorruptCache
        When the file is truncated, fails a check, is of another format or (given
        ``key``) belongs to other inputs.
    OSError
        When the file cannot be read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _fail(path, "not a regular file")
        size = st.st_size
        verify = vouched is None or tuple(vouched) != file_status(st)
        head = os.pread(fd, _HEADER.size, 0)
        if len(head) < _HEADER.size:
            raise _fail(path, "truncated header")
        magic, fmt, count, length, stored_key, table_crc, _ = _HEADER.unpack(head)
        if magic != MAGIC:
            raise _fail(path, "not a mechkg cache file of this version")
        if fmt != FORMAT:
            raise _fail(path, f"cache format {fmt}, expected {FORMAT}")
        if length != size:
            raise _fail(path, f"expected {length} bytes, found {size}")
        if not 0 < count <= _MAX_SECTIONS:
            raise _fail(path, f"{count} sections")
        if key is not None and stored_key != key.ljust(32, b"\0")[:32]:
            raise _fail(path, "cache of other inputs")
        table = os.pread(fd, _ENTRY.size * count, _HEADER.size)
        if len(table) != _ENTRY.size * count or zlib.crc32(table) != table_crc:
            raise _fail(path, "damaged section table")
        mapped = mmap.mmap(fd, size, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)
    view = memoryview(mapped)
    sections: dict[str, memoryview] = {}
    for i in range(count):
        raw_name, offset, nbytes, code_b, crc = _ENTRY.unpack_from(table, i * _ENTRY.size)
        name, code = raw_name.rstrip(b"\0").decode("ascii", "replace"), code_b.decode("latin-1")
        item = _ITEM.get(code)
        if item is None or offset % 8 or nbytes % item or offset + nbytes > size:
            raise _fail(path, f"section {name!r} out of bounds or misaligned")
        data = view[offset : offset + nbytes]
        if verify and name not in _UNCHECKED and zlib.crc32(data) != crc:
            raise _fail(path, f"section {name!r} fails its checksum")
        sections[name] = data.cast(code) if code != "B" else data
    missing = [n for n in _REQUIRED if n not in sections]
    if missing:
        raise _fail(path, f"sections missing: {', '.join(missing)}")
    if sys.byteorder == "big":  # pragma: no cover - written little-endian
        raise _fail(path, "cache files are little-endian; this machine is not")
    try:
        meta = json.loads(bytes(sections["meta"]))
        n, claims = int(meta["nodes"]), int(meta["claims"])
        species = [s if s is None else str(s) for s in meta["species"]]
        block = int(meta["record_block"])
        n_sources = len(sections["source_ids.off"]) - 1
        if not 1 <= block <= 1 << 16:
            raise ValueError(f"record block {block}")
    except (ValueError, KeyError, TypeError) as exc:
        raise _fail(path, f"unreadable metadata ({exc})") from None
    _check_shape(path, sections, n, claims, block)
    arrays = {name: sections[name] for name in PathIndex.ARRAYS}

    def strings(label: str) -> Strings:
        return Strings(sections[label], sections[f"{label}.off"])

    def records(label: str, make: type[T], count: int) -> Records[T]:
        crcs, blob = sections[f"{label}.crc"], sections[label]
        offsets = sections[f"{label}.off"]
        width = len(fields(make))  # type: ignore[arg-type]

        def decode(b: int) -> Sequence[tuple[Any, ...]]:
            chunk = blob[offsets[b] : offsets[b + 1]]
            try:
                if zlib.crc32(chunk) != crcs[b]:
                    raise ValueError("fails its checksum")
                return _unblock(marshal.loads(chunk), min(block, count - b * block), width)
            except (ValueError, EOFError, TypeError) as exc:
                _discard(path, st)
                raise _fail(path, f"{label} block {b} {exc} (the damaged file was removed: "
                            "run the command again to rebuild it)") from None  # fmt: skip

        return Records(decode=decode, block=block, count=count, make=make)

    index = PathIndex(
        entity_ids=strings("entity_ids"),  # type: ignore[arg-type]
        source_ids=strings("source_ids"),  # type: ignore[arg-type]
        species=species,
        arrays=arrays,  # type: ignore[arg-type]
        entities=records("entities", Entity, n),
        claims=records("claims", Claim, claims),
        sources=records("sources", Source, n_sources),
        max_support=int(meta.get("max_support", 1)),
        base=str(meta.get("base")),
        sorted_ids=bool(meta.get("ids_sorted")),
    )
    index.cache_status = file_status(st)
    index._names = CachedNames(  # type: ignore[assignment]
        index, strings("names.keys"), strings("names.display"),
        sections["names.ids.off"], sections["names.ids"],
    )  # fmt: skip
    return index


def _discard(path: str | os.PathLike[str], st: os.stat_result) -> None:
    """Remove a damaged cache file, unless another run has replaced it already."""
    try:
        now = os.stat(path)
        if (now.st_ino, now.st_dev) == (st.st_ino, st.st_dev):
            os.unlink(path)
    except OSError:
        pass


def _check_shape(path: object, s: dict[str, memoryview], n: int, claims: int, block: int) -> None:
    """The arrays' lengths and end points agree with each other and with the counts."""
    for side in ("out", "in"):
        start = s[f"{side}_start"]
        if len(start) != n + 1 or start[0] != 0 or start[n] != claims:
            raise _fail(path, f"{side}_start does not match {n} nodes and {claims} claims")
        for part in ("nbr", "code", "sp", "claim"):
            if len(s[f"{side}_{part}"]) != claims:
                raise _fail(path, f"{side}_{part} does not hold {claims} claims")
    counts = {"entity_ids": n, "claims": claims}
    for label in ("entity_ids", "source_ids", "names.keys", "names.display"):
        off, blob = s[f"{label}.off"], s[label]
        if len(off) < 1 or off[0] != 0 or off[-1] != len(blob):
            raise _fail(path, f"{label} offsets do not match their strings")
        if label in counts and len(off) != counts[label] + 1:
            raise _fail(path, f"{label} does not hold {counts[label]} strings")
    if len(s["names.keys.off"]) != len(s["names.display.off"]) or len(s["names.ids.off"]) != len(
        s["names.keys.off"]
    ):
        raise _fail(path, "name sections disagree")
    ids_off = s["names.ids.off"]
    if ids_off[0] != 0 or ids_off[-1] != len(s["names.ids"]):
        raise _fail(path, "name ids do not match their offsets")
    for label, count in (
        ("claims", claims),
        ("entities", n),
        ("sources", len(s["source_ids.off"]) - 1),
    ):
        off, blocks = s[f"{label}.off"], -(-count // block)
        if len(off) != blocks + 1 or off[0] != 0 or off[-1] != len(s[label]):
            raise _fail(path, f"{label} offsets do not match {count} records")
        if any(map(operator.gt, off[:-1], off[1:])):
            raise _fail(path, f"{label} offsets go back")
        if len(s[f"{label}.crc"]) != blocks:
            raise _fail(path, f"{label} checksums do not match {count} records")
