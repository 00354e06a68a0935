"""Atomic output: every file mechkg writes appears whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_open", "write_output"]


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    If the block raises (or the process dies), ``path`` keeps its previous content and
    the temporary file is removed (or left as an orphaned ``.*.tmp`` that never shadows
    the real output). A file that is replaced keeps its permissions; a new one gets the
    usual ones (``0o666`` less the umask).

    Raises
    ------
    OSError
        When the file cannot be created or replaced (a missing folder, no permission, a
        full disk); its ``filename`` is ``path``, not the temporary file.
    """
    if mode not in ("w", "wb"):
        raise ValueError("mode must be 'w' or 'wb'")
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _about(exc, target) from None
    try:
        if mode == "w":
            handle: IO[Any] = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            handle = os.fdopen(fd, "wb")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600: keep the permissions of the file replaced (a private
        # output stays private), else give the usual ones.
        try:
            permissions = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            permissions = 0o666 & ~umask
        os.chmod(tmp, permissions)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _about(exc, target) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _about(exc: OSError, target: Path) -> OSError:
    """The same error, naming the output rather than its temporary file."""
    return type(exc)(exc.errno, exc.strerror, str(target))


def write_output(path_or_file: Any, data: str | bytes) -> None:
    """Write ``data`` to a path (atomically) or to an open file object."""
    if isinstance(path_or_file, (str, os.PathLike)):
        mode = "wb" if isinstance(data, bytes) else "w"
        with atomic_open(path_or_file, mode) as handle:
            handle.write(data)
        return
    handle = path_or_file
    if isinstance(data, bytes) and not hasattr(handle, "mode") and hasattr(handle, "buffer"):
        handle = handle.buffer
    handle.write(data)
