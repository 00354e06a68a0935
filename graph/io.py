"""Output files: every file mechkg writes appears whole or not at all, and never over
one of the command's inputs.

Regular files are written atomically (a temporary file beside the target, renamed over
it); a symbolic link is followed and the file it names is replaced; a target that is not
a regular file (``/dev/null``, a FIFO, a terminal) is written directly, never replaced;
``-``, ``/dev/stdout`` and any other name of the standard output write to it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import MechkgError

__all__ = [
    "OutputConflict",
    "atomic_open",
    "check_outputs",
    "is_stdout",
    "not_regular",
    "write_output",
]


#: Names of the standard output, written to directly even when it is a regular file
#: (replacing that file would lose what a ``>>`` redirection appends to).
_STDOUT_NAMES = frozenset(("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"))


class OutputConflict(MechkgError):
    """An output that would overwrite one of the command's inputs (or another output),
    or be read as an input by later runs on the same folder."""


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names the standard output: ``-``, ``/dev/stdout``, ``/dev/fd/1``
    or any other name of the file it writes to."""
    if str(path) in _STDOUT_NAMES:
        return True
    try:
        out = os.fstat(sys.stdout.fileno())
        st = os.stat(path)
    except (OSError, ValueError, AttributeError):  # no stdout, or stdout is not a file
        return False
    return (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino) and not stat.S_ISREG(st.st_mode)


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it exists and is not a regular file or a folder (``"a
    FIFO"``, ``"a character device"`` ...), else None. A FIFO is never opened to find
    out: opening one for reading waits for a writer."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


@contextlib.contextmanager
def _direct(handle: IO[Any]) -> Iterator[IO[Any]]:
    try:
        yield handle
    finally:
        handle.flush()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    If the block raises (or the process dies), ``path`` keeps its previous content and
    the temporary file is removed (or left as an orphaned ``.*.tmp`` that never shadows
    the real output). A file that is replaced keeps its permissions; a new one gets the
    usual ones (``0o666`` less the umask). A symbolic link is followed: the file it
    names is replaced and the link stays. The standard output (``-``, ``/dev/stdout``)
    and targets that are not regular files (``/dev/null``, a FIFO) are written
    directly.

    Raises
    ------
    OSError
        When the file cannot be created or replaced (a missing folder, no permission, a
        full disk); its ``filename`` is ``path``, not the temporary file.
    """
    if mode not in ("w", "wb"):
        raise ValueError("mode must be 'w' or 'wb'")
    if is_stdout(path):
        stream: IO[Any] = sys.stdout if mode == "w" else sys.stdout.buffer
        with _direct(stream) as out:
            yield out
        return
    target = Path(path)
    if not_regular(target) is not None:  # a device or FIFO: replacing it would break it
        try:
            special: IO[Any] = (
                open(target, "w", encoding="utf-8") if mode == "w" else open(target, "wb")
            )
        except OSError as exc:
            raise _about(exc, target) from None
        with special:
            yield special
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    directory = target.parent if str(target.parent) else Path(".")
    try:
        import tempfile  # on first use: it imports shutil and random

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _about(exc, Path(path)) from None
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
            raise _about(exc, Path(path)) from None
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


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(
    outputs: Iterable[str | os.PathLike[str] | None],
    inputs: Iterable[str | os.PathLike[str]],
) -> None:
    """Refuse outputs that would destroy an input or poison later runs.

    ``inputs`` are the paths a command reads (claim files and folders); ``outputs``
    the files it will write (None, ``-`` and non-regular targets such as ``/dev/null``
    are skipped). Files are compared by identity (device and inode), so a symbolic or
    hard link to an input, or another spelling of its path, is caught.

    Raises
    ------
    OutputConflict
        When an output is an input file, is written twice, or lies in an input folder
        under a name that later runs on that folder would read as a claims file.
    """
    from .load import input_files, input_format

    given = [Path(p) for p in inputs]
    folders = [p for p in given if p.is_dir()]
    files = [p for p in input_files(given) if p.is_file()]
    seen: list[Path] = []
    for raw in outputs:
        if raw is None or is_stdout(raw) or not_regular(raw) is not None:
            continue
        out = Path(raw)
        for earlier in seen:
            if earlier == out or _same(earlier, out):
                raise OutputConflict(
                    f"{out}: named twice as an output; give each output its own file"
                )
        seen.append(out)
        for entry in files:
            if _same(entry, out):
                raise OutputConflict(
                    f"{out}: is also an input of this command ({entry}); writing it would "
                    "destroy that input. Write the output to another file"
                )
        parent = Path(os.path.realpath(out)).parent
        for folder in folders:
            if _same(folder, parent) and input_format(out) is not None:
                raise OutputConflict(
                    f"{out}: is inside the input folder {folder}, where it would be read "
                    "as a claims file by every later run on that folder. Write it "
                    "outside the folder, or with an extension mechkg does not read"
                )
