"""``import:``: a claims file names shared entity files (a lab's vocabulary) to load with
it, by paths relative to itself. Each file is read once, however many files import it;
a cycle of imports or a missing file is an error at the ``import`` line."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import Problem
from .fields import brief
from .spec import FileData, Reporter

__all__ = ["file_key", "follow_imports", "with_imports"]

#: (path, display path) -> the file read, or None when it could not be (reported)
Read = Callable[[Path, str], FileData | None]


def file_key(path: Path) -> Path:
    """What identifies a file however it is named: its absolute path, links resolved."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL: reported later
        return path.absolute()


def _kind(path: Path) -> str | None:
    """None for a file; else what it is instead (for the message)."""
    try:
        if path.is_file():
            return None
        return "is a directory" if path.is_dir() else "not found"
    except (OSError, ValueError):  # a NUL byte, a name too long for the system
        return "cannot be a file name"


def follow_imports(
    data: FileData,
    path: Path,
    read: Read,
    files: list[FileData],
    seen: dict[Path, FileData],
    problems: list[Problem],
    chain: tuple[tuple[Path, str], ...] = (),
) -> None:
    """Read the files ``data`` (read from ``path``) imports, and theirs, appending each
    new one to ``files``; ``data.scope`` gets the display paths of all of them."""
    chain = (*chain, (file_key(path), data.path))
    rep = Reporter(data.path, problems)
    for loc in data.imports:
        written = str(loc.value)
        target = path.parent / written
        display = os.path.normpath(os.path.join(os.path.dirname(data.path), written))
        key = file_key(target)
        ancestors = [shown for k, shown in chain if k == key]
        if ancestors:
            names = [shown for _, shown in chain[chain.index((key, ancestors[0])) :]]
            rep.add(
                loc.line,
                "import cycle: " + " imports ".join((*names, ancestors[0])),
                "a shared file must not import, directly or through others, a file that "
                "imports it; move what both need into a file that imports neither",
            )
            continue
        imported = seen.get(key)
        if imported is None:
            problem = _kind(target)
            if problem is not None:
                rep.add(
                    loc.line,
                    f"imported file {brief(written)} {problem} (looked for {brief(display)})",
                    "import paths are relative to the importing file's folder",
                )
                continue
            imported = read(target, display)
            if imported is None:
                continue
            seen[key] = imported
            files.append(imported)
            follow_imports(imported, target, read, files, seen, problems, chain)
        for shown in (imported.path, *imported.scope):
            if shown != data.path and shown not in data.scope:
                data.scope.append(shown)


_IMPORT = re.compile(rb"^import[ \t]*:", re.M)
_YAML = (".yaml", ".yml")


def with_imports(paths: Iterable[Path]) -> list[Path]:
    """``paths`` and every file they import, directly or not, each once: what a cache of
    the graph they make depends on. Files that cannot be read, or imports that name no
    file, are left to the loader to report."""
    from .yaml_reader import read_yaml_claims

    out: list[Path] = []
    seen: set[Path] = set()
    pending = list(paths)
    while pending:
        path = pending.pop(0)
        key = file_key(path)
        if key in seen:
            continue
        seen.add(key)
        out.append(path)
        if not path.name.lower().endswith(_YAML):
            continue
        try:
            if not _IMPORT.search(path.read_bytes()):  # most files import nothing
                continue
        except OSError:
            continue
        data = read_yaml_claims(path, str(path), Reporter(str(path), []))
        pending.extend(
            path.parent / str(loc.value)
            for loc in data.imports
            if _kind(path.parent / str(loc.value)) is None
        )
    return out
