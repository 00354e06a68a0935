"""An on-disk cache of the path index, so that queries never parse claim files twice.

The cache file of a set of inputs is named by a key: a SHA-256 over the content of every
input file (not its name or time), the ``base`` override, the cache format, the Python
version and the source of the loader and index code. Changed inputs therefore get a new
file; a file that fails its own checksum (truncated, corrupted) is rebuilt.

File layout (all integers little-endian)::

    b"MECHKGC1"  u64 body length  sha256(body)  body
    body = u64 meta length, pickled meta (arrays, ids, name index, section offsets),
           then the marshalled claim, entity and source records

Loading reads the file once, checks the digest and unpickles only the meta; records are
decoded when a result needs them (see :class:`mechkg.paths.index.Records`).

The cache folder is ``$MECHKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/mechkg``, else
``~/.cache/mechkg``. Writes are atomic (:func:`mechkg.io.atomic_open`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..io import atomic_open
from .index import PathIndex, Records, encode_records

__all__ = [
    "CacheWarning",
    "CorruptCache",
    "cache_dir",
    "cache_key",
    "cache_path",
    "load_cached",
    "read_index",
    "write_index",
]

MAGIC = b"MECHKGC1"
FORMAT = 1
#: Cache files kept in the folder (least recently written are removed first).
MAX_FILES = 16
_HEADER = struct.Struct("<8sQ32s")
_U64 = struct.Struct("<Q")
_CODE_DIRS = ("", "load", "rdf", "paths")
T = TypeVar("T")


class CacheWarning(UserWarning):
    """The cache could not be written (the query still runs, from the claim files)."""


class CorruptCache(ValueError):
    """A cache file that is truncated, altered or of another format."""


def cache_dir() -> Path:
    """The cache folder: ``$MECHKG_CACHE_DIR``, ``$XDG_CACHE_HOME/mechkg`` or
    ``~/.cache/mechkg``."""
    if os.environ.get("MECHKG_CACHE_DIR"):
        return Path(os.environ["MECHKG_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "mechkg"
    return Path.home() / ".cache" / "mechkg"


def _code_digest() -> str:
    """Digest of the code that turns claim files into an index (a change rebuilds)."""
    root = Path(__file__).parent.parent  # the package: the cache is in paths/
    h = hashlib.sha256()
    for sub in _CODE_DIRS:
        folder = root / sub if sub else root
        for file in sorted(folder.glob("*.py")):
            h.update(file.name.encode())
            h.update(file.read_bytes())
    return h.hexdigest()


def _file_digest(path: Path) -> bytes:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            h.update(chunk)
    return h.digest()


def cache_key(paths: Sequence[str | os.PathLike[str]] | None = None, *,
              base: str | None = None) -> str:  # fmt: skip
    """The cache key of a set of input files (see the module docstring).

    Raises
    ------
    OSError
        When an input file cannot be read.
    """
    from ..load import input_files
    from ..load.imports import with_imports

    digests = sorted(_file_digest(p) for p in with_imports(input_files(paths)))
    h = hashlib.sha256()
    h.update(f"{FORMAT}|{sys.version_info[:2]}|{_code_digest()}|{base!r}|".encode())
    for d in digests:
        h.update(d)
    return h.hexdigest()


def cache_path(paths: Sequence[str | os.PathLike[str]] | None = None, *,
               base: str | None = None) -> Path:  # fmt: skip
    """Where the cache file of these inputs lives."""
    return cache_dir() / f"graph-{cache_key(paths, base=base)[:40]}.mkgc"


def write_index(index: PathIndex, path: str | os.PathLike[str], key: str = "") -> None:
    """Write an index as a cache file (atomically)."""
    sections = []
    offsets_of = {}
    pos = 0
    for name in ("claims", "entities", "sources"):
        records: Records[Any] = getattr(index, name)
        blob, offsets = encode_records(list(records))
        offsets_of[name] = (pos, offsets)
        sections.append(blob)
        pos += len(blob)
    meta = {
        "format": FORMAT,
        "key": key,
        "entity_ids": index.entity_ids,
        "source_ids": index.source_ids,
        "species": index.species,
        "arrays": {name: getattr(index, name) for name in PathIndex.ARRAYS},
        "max_support": index.max_support,
        "base": index.base,
        "names": index.names,
        "records": offsets_of,
    }
    meta_bytes = pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL)
    h = hashlib.sha256()
    parts = [_U64.pack(len(meta_bytes)), meta_bytes, *sections]
    for part in parts:
        h.update(part)
    length = sum(len(p) for p in parts)
    with atomic_open(path, "wb") as handle:
        handle.write(_HEADER.pack(MAGIC, length, h.digest()))
        for part in parts:
            handle.write(part)


def read_index(path: str | os.PathLike[str], key: str | None = None) -> PathIndex:
    """Read a cache file written by :func:`write_index`.

    Raises
    ------
    CorruptCache
        When the file is truncated, fails its checksum, is of another format or (given
        ``key``) belongs to other inputs.
    OSError
        When the file cannot be read.
    """
    from ..model import Claim, Entity, Source

    with open(path, "rb") as handle:
        data = handle.read()
    if len(data) < _HEADER.size:
        raise CorruptCache(f"{path}: truncated header")
    magic, length, digest = _HEADER.unpack_from(data)
    body = memoryview(data)[_HEADER.size :]
    if magic != MAGIC:
        raise CorruptCache(f"{path}: not a mechkg cache file")
    if len(body) != length:
        raise CorruptCache(f"{path}: expected {length} bytes, found {len(body)}")
    if hashlib.sha256(body).digest() != digest:
        raise CorruptCache(f"{path}: checksum mismatch")
    (meta_len,) = _U64.unpack_from(body)
    try:
        meta = pickle.loads(body[_U64.size : _U64.size + meta_len])
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as exc:
        raise CorruptCache(f"{path}: unreadable index ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CorruptCache(f"{path}: cache format differs")
    if key is not None and meta.get("key") != key:
        raise CorruptCache(f"{path}: cache of other inputs")
    blobs = body[_U64.size + meta_len :]

    def records(name: str, make: type[T]) -> Records[T]:
        start, offsets = meta["records"][name]
        end = start + (offsets[-1] if len(offsets) else 0)
        return Records(blob=blobs[start:end], offsets=offsets, make=make)

    return PathIndex(
        entity_ids=meta["entity_ids"],
        source_ids=meta["source_ids"],
        species=meta["species"],
        arrays=meta["arrays"],
        entities=records("entities", Entity),
        claims=records("claims", Claim),
        sources=records("sources", Source),
        names=meta["names"],
        max_support=meta["max_support"],
        base=meta["base"],
    )


def _trusted(path: Path) -> bool:
    """Whether ``path`` belongs to this user and no one else may write it.

    A cache file holds a pickled index, so reading one that someone else could have
    written would run their code; such a folder or file is never read."""
    if not hasattr(os, "getuid"):
        return True  # no POSIX ownership to check
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _prune(folder: Path, keep: Path) -> None:
    files = sorted(folder.glob("graph-*.mkgc"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[MAX_FILES:]:
        if old != keep:
            old.unlink(missing_ok=True)


def load_cached(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    base: str | None = None,
    refresh: bool = False,
) -> PathIndex:
    """The path index of the claim files, from the cache when it is current.

    Parameters
    ----------
    paths : sequence of path, optional
        Claim files or folders, as for :func:`mechkg.load`; the bundled LR3 graph when
        empty or None.
    base : str, optional
        Base IRI override, as for :func:`mechkg.load`.
    refresh : bool, default False
        Rebuild the cache even when it is current.

    Returns
    -------
    PathIndex
        Accepted by every function of :mod:`mechkg.paths`.

    Raises
    ------
    ValidationError
        When the claim files have problems (they are only read when the cache is stale).

    Examples
    --------
    >>> from mechkg.paths.cache import load_cached
    >>> from mechkg.paths import find_paths
    >>> index = load_cached()                                    # doctest: +SKIP
    >>> find_paths(index, "needle", "behaviour").paths[0]        # doctest: +SKIP
    """
    from ..load import load

    try:
        key = cache_key(paths, base=base)
    except OSError:
        # Unreadable input: the loader names the file and the problem.
        return PathIndex.from_kg(load(paths, base=base))
    folder = cache_dir()
    target = folder / f"graph-{key[:40]}.mkgc"
    if folder.exists() and not _trusted(folder):
        warnings.warn(f"not using the graph cache in {folder}: it is not owned by this user "
                      "or others may write to it (chmod 700 it, or set MECHKG_CACHE_DIR)",
                      CacheWarning, stacklevel=2)  # fmt: skip
        return PathIndex.from_kg(load(paths, base=base))
    if not refresh and target.exists():
        if _trusted(target):
            try:
                return read_index(target, key)
            except (CorruptCache, OSError, KeyError, ValueError, TypeError):
                pass  # rebuilt below
        else:  # replaced, never read; unlinked so the new file gets safe permissions
            target.unlink(missing_ok=True)
    index = PathIndex.from_kg(load(paths, base=base))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_index(index, target, key)
        _prune(folder, target)
    except OSError as exc:
        warnings.warn(f"cannot write the graph cache in {folder}: {exc.strerror or exc}",
                      CacheWarning, stacklevel=2)  # fmt: skip
    return index
