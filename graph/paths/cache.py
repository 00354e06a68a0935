"""An on-disk cache of the path index, so that queries never parse claim files twice.

The cache file of a set of inputs is named by their *content key*: a SHA-256 over the
content of every input file (not its name or time), the ``base`` override, the cache
format, the Python version and the source of the loader and index code. Changed inputs
therefore get a new file.

Hashing a literature-scale table on every query would cost more than the query, so a
small *stamp* file maps the inputs' file status — path, size, modification and change
times in nanoseconds, inode and device of each, with the status of the code files — to
their content key. A query stats its inputs, reads the stamp and maps the cache file; the
inputs are read (and hashed) only when their status changed. A file changed within the
last two seconds gets no stamp (as git does for its index: a second write in the same
clock tick could keep size and time), so its content is hashed until it settles.

The file itself (:mod:`mechkg.paths.cachefile`) is mapped, not read: a query touches
the arrays it walks and decodes the records it shows. A file that fails a check
(truncated, corrupted, of another format) is rebuilt. The stamp also keeps the status of
the cache file once its checksums have passed, so that later queries skip them while the
file keeps that status.

The cache folder is ``$MECHKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/mechkg``, else
``~/.cache/mechkg``. Writes are atomic (:func:`mechkg.io.atomic_open`); a folder, cache
file or stamp that someone else owns or may write is never read (SECURITY.md).
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from . import cachefile
from .cachefile import FORMAT, CorruptCache
from .index import PathIndex

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

#: Cache files kept in the folder (least recently written are removed first).
MAX_FILES = 16
#: Stamps kept in the folder.
MAX_STAMPS = 64
#: Inputs changed more recently than this get no stamp (see the module docstring).
SETTLE_NS = 2_000_000_000
#: One claim file or folder, or several (as for :func:`mechkg.load`).
_Paths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None
_CODE_DIRS = ("", "load", "rdf", "paths")


class CacheWarning(UserWarning):
    """The cache could not be used or written (the query still runs, from the claim
    files). ``mechkg`` prints it as one line: ``mechkg: warning: ...``."""


def cache_dir() -> Path:
    """The cache folder: ``$MECHKG_CACHE_DIR``, ``$XDG_CACHE_HOME/mechkg`` or
    ``~/.cache/mechkg``."""
    if os.environ.get("MECHKG_CACHE_DIR"):
        return Path(os.environ["MECHKG_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "mechkg"
    return Path.home() / ".cache" / "mechkg"


def _code_files() -> list[Path]:
    root = Path(__file__).parent.parent  # the package: the cache is in paths/
    return [f for sub in _CODE_DIRS for f in sorted((root / sub if sub else root).glob("*.py"))]


def _code_digest() -> str:
    """Digest of the code that turns claim files into an index (a change rebuilds)."""
    h = hashlib.sha256()
    for file in _code_files():
        h.update(file.name.encode())
        h.update(file.read_bytes())
    return h.hexdigest()


def _file_digest(path: Path) -> bytes:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            h.update(chunk)
    return h.digest()


def cache_key(paths: _Paths = None, *,
              base: str | None = None) -> str:  # fmt: skip
    """The content key of a set of input files (see the module docstring).

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


def _status_key(files: list[Path], base: str | None) -> tuple[str, bool] | None:
    """``(key, settled)`` of the inputs' and the code's file status; None when an input
    is not a regular file (it is read directly, never cached)."""
    h = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}|{base!r}|".encode())
    now = time.time_ns()
    settled = True
    for file in _code_files():
        st = file.stat()
        h.update(f"{file.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    h.update(b"--\n")
    for file in files:
        st = os.stat(file)
        if not stat.S_ISREG(st.st_mode):
            return None
        where = os.path.realpath(file)
        seen = (where, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        h.update("\0".join(map(str, seen)).encode() + b"\n")
        settled &= now - st.st_mtime_ns > SETTLE_NS
    return h.hexdigest(), settled


def cache_path(paths: _Paths = None, *,
               base: str | None = None) -> Path:  # fmt: skip
    """Where the cache file of these inputs lives."""
    return cache_dir() / f"graph-{cache_key(paths, base=base)[:40]}.mkgc"


def _key_bytes(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def write_index(index: PathIndex, path: str | os.PathLike[str], key: str = "") -> None:
    """Write an index as a cache file (atomically), for inputs of content key ``key``."""
    cachefile.write_index(index, path, _key_bytes(key))


def read_index(
    path: str | os.PathLike[str],
    key: str | None = None,
    vouched: tuple[int, ...] | None = None,
) -> PathIndex:
    """Map a cache file written by :func:`write_index` (``vouched``: as for
    :func:`mechkg.paths.cachefile.read_index`).

    Raises
    ------
    CorruptCache
        When the file is truncated, fails a check, is of another format or (given
        ``key``) belongs to other inputs.
    OSError
        When the file cannot be read.
    """
    return cachefile.read_index(path, None if key is None else _key_bytes(key), vouched)


def _trusted(path: Path) -> bool:
    """Whether ``path`` belongs to this user and no one else may write it.

    A cache file decides what a query answers, so one that someone else could have
    written is never read."""
    if not hasattr(os, "getuid"):
        return True  # no POSIX ownership to check
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _read_stamp(stamp: Path) -> tuple[str | None, tuple[int, ...] | None]:
    """The content key a stamp holds and the status of the cache file it vouches for
    (each None when missing, foreign or damaged)."""
    if not _trusted(stamp):
        return None, None
    try:
        with open(stamp, "rb") as handle:
            lines = handle.read(256).decode("ascii").split("\n")
    except (OSError, UnicodeDecodeError):
        return None, None
    key = lines[0].strip()
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        return None, None
    numbers = lines[1].split() if len(lines) > 1 else []
    if len(numbers) != 5 or not all(n.isdigit() and len(n) < 40 for n in numbers):
        return key, None
    return key, tuple(map(int, numbers))


def _write_stamp(stamp: Path, key: str, status: tuple[int, ...] | None = None) -> None:
    from ..io import atomic_open

    with atomic_open(stamp) as handle:
        handle.write(key + "\n")
        if status is not None:
            handle.write(" ".join(map(str, status)) + "\n")


def _prune(folder: Path, keep: Sequence[Path]) -> None:
    for pattern, limit in (("graph-*.mkgc", MAX_FILES), ("stamp-*", MAX_STAMPS)):
        found = []
        for p in folder.glob(pattern):
            try:
                found.append((p.stat().st_mtime, p))
            except OSError:
                continue
        found.sort(reverse=True)
        for _, old in found[limit:]:
            if old not in keep:
                old.unlink(missing_ok=True)


def _warn(message: str) -> None:
    warnings.warn(message, CacheWarning, stacklevel=3)


def load_cached(
    paths: _Paths = None,
    *,
    base: str | None = None,
    refresh: bool = False,
) -> PathIndex:
    """The path index of the claim files, from the cache when it is current.

    Parameters
    ----------
    paths : path or sequence of paths, optional
        A claim file or folder, or several, as for :func:`mechkg.load`; the bundled LR3 graph when
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

    Warns
    -----
    CacheWarning
        When the cache folder is not private or cannot be written.

    Examples
    --------
    >>> from mechkg.paths.cache import load_cached
    >>> from mechkg.paths import find_paths
    >>> index = load_cached()                                    # doctest: +SKIP
    >>> find_paths(index, "needle", "behaviour").paths[0]        # doctest: +SKIP
    """
    from ..load import input_files, load

    def fresh() -> PathIndex:
        if len(files) == 1 and files[0].suffix.lower() in (".tsv", ".csv"):
            from .bulk import table_index

            index = table_index(files[0], str(files[0]), base)
            if index is not None:  # a plain table, assembled column by column
                return index
        return PathIndex.from_kg(load(paths, base=base))

    files: list[Path] = []
    try:
        files = input_files(paths)
        status = _status_key(files, base)
    except OSError:
        status = None
    if status is None:  # missing, unreadable or special input: the loader reports it
        return fresh()
    folder = cache_dir()
    if folder.exists() and not _trusted(folder):
        _warn(f"not using the graph cache in {folder}: it is not owned by this user or "
              "others may write to it (chmod 700 it, or set MECHKG_CACHE_DIR)")  # fmt: skip
        return fresh()
    stamp = folder / f"stamp-{status[0][:40]}"
    key, vouched = (None, None) if refresh else _read_stamp(stamp)
    if key is None:
        try:
            key = cache_key(paths, base=base)
        except OSError:
            return fresh()
    target_key: str = key
    target = folder / f"graph-{key[:40]}.mkgc"

    def vouch(mapped: PathIndex) -> None:
        """Stamp the inputs' key and the status of the checked cache file."""
        if status[1] and mapped.cache_status != vouched:
            _save(folder, lambda: _write_stamp(stamp, target_key, mapped.cache_status))

    if not refresh and target.exists():
        if _trusted(target):
            try:
                index = read_index(target, key, vouched)
            except (CorruptCache, OSError, ValueError):
                pass  # rebuilt below
            else:
                vouch(index)
                return index
        else:  # replaced, never read; unlinked so the new file gets safe permissions
            target.unlink(missing_ok=True)
    from ..progress import paused_gc

    with paused_gc():  # built, written and mapped with one pause: its objects are acyclic
        index = fresh()

        def store(built: PathIndex) -> None:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_index(built, target, target_key)
            _prune(folder, (target, stamp))

        if not _save(folder, functools.partial(store, index)):
            return index
        try:  # the mapped file: a million claim objects less for the collector to walk
            mapped = read_index(target, key)
        except (CorruptCache, OSError, ValueError):
            return index
        del index  # freed before the collector runs again
    vouch(mapped)
    return mapped


def _save(folder: Path, action: Callable[[], None]) -> bool:
    """Run ``action``; False (and a warning) when it cannot write."""
    try:
        action()
    except OSError as exc:
        _warn(f"cannot write the graph cache in {folder}: {exc.strerror or exc}")
        return False
    return True
