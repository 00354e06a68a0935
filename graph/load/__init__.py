"""Loading claim files into a :class:`~mechkg.model.KnowledgeGraph`, with validation that
collects every problem before reporting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ValidationError
from ..formats import INPUT_FORMATS, Format, choices_text, match_format
from ..io import not_regular

if TYPE_CHECKING:  # the readers and checks are imported when a file is read: a cached
    # path query, which only lists its input files, imports none of them
    from ..model import KnowledgeGraph
    from .spec import FileData, Reporter

__all__ = ["load", "validate", "check", "bundled_path", "READERS", "input_files", "input_format"]

PathLike = str | os.PathLike[str]
Reader = Callable[[Path, str, "Reporter"], "FileData"]

#: input extension -> reader: claim files (YAML), claims tables (TSV, CSV) and mechkg's
#: own RDF, from the records of :data:`mechkg.formats.INPUT_FORMATS`.
READERS: dict[str, Reader] = {
    ext: fmt.read for fmt in INPUT_FORMATS.values() for ext in fmt.extensions
}


def input_format(path: PathLike) -> Format | None:
    """The input format of ``path`` by its extension, or None when mechkg reads no such
    file.

    Examples
    --------
    >>> input_format("g.json-ld").name, input_format("claims.yml").name, input_format("a.docx")
    ('jsonld', 'yaml', None)
    """
    return match_format(path, INPUT_FORMATS)


def bundled_path() -> Path:
    """Path of the bundled LR3 study claims file."""
    from importlib import resources  # on first use: it imports tempfile, shutil, random

    return Path(str(resources.files("mechkg.data").joinpath("lr3.yaml")))


def input_files(paths: PathLike | Sequence[PathLike] | None) -> list[Path]:
    """The claim files named by ``paths`` (directories give their claim files, sorted);
    the bundled graph when ``paths`` is empty or None. A KGX edges file brings the nodes
    file read with it (so that a change to either is a change to the input)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one file or folder
    if not paths:
        return [bundled_path()]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(c for c in p.iterdir() if input_format(c) is not None)
            out.extend(found or [p])  # an empty folder is reported by the reader
        else:
            out.append(p)
    return out + _companions(out)


def _companions(files: list[Path]) -> list[Path]:
    """The nodes files of the KGX edges files among ``files`` that are not listed."""
    kgx = [f for f in files if (fmt := input_format(f)) is not None and fmt.reader == _KGX]
    if not kgx:
        return []
    from .kgx_reader import partner, role

    listed = set(files)
    out = []
    for f in kgx:
        other = partner(f)
        if role(f) == "edges" and other is not None and other not in listed and other.is_file():
            listed.add(other)
            out.append(other)
    return out


class _TooMany(Exception):
    """Raised by a capped problem list when it is full: reading stops there."""


class _Capped(list[Problem]):
    """A problem list that stops the run once it holds ``limit`` errors."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.errors = 0

    def append(self, problem: Problem) -> None:
        super().append(problem)
        if problem.severity == "error":  # warnings never stop the reading
            self.errors += 1
            if self.errors >= self.limit:
                raise _TooMany


def _problems(max_errors: int | None) -> list[Problem]:
    if max_errors is None:
        return []
    if max_errors < 1:
        raise ValueError("max_errors must be at least 1")
    return _Capped(max_errors)


def _run(
    paths: PathLike | Sequence[PathLike] | None,
    base: str | None,
    max_errors: int | None,
    checks: bool = False,
) -> tuple[KnowledgeGraph | None, list[Problem]]:
    """Read and assemble the files; the graph (or None) and every problem, sorted (with
    ``checks``, the warnings of the checks across files too)."""
    problems = _problems(max_errors)
    kg = None
    from ..progress import paused_gc
    from .assemble import assemble  # on first use: a cached path query never assembles
    from .checks import cross_checks

    try:
        with paused_gc():  # millions of objects, no cycles: collections would only cost
            files = _read_all(input_files(paths), problems)
            kg = assemble(files, problems, base, cross_checks if checks else None)
    except _TooMany:
        last = problems[-1]
        found = _sorted([p for p in problems if p.severity == "error"])
        found.append(
            Problem(
                last.path,
                None,
                f"reading stopped at the limit of {len(found)} problems; more may follow",
                "fix these, or raise the limit (--max-errors) to see the rest",
            )
        )
        return None, found
    return kg, _sorted(list(problems))


_KGX = "load.kgx_reader:read_kgx_file"
_CLAIM_FILES = "claim files end in one of: " + choices_text(INPUT_FORMATS)


def _read_all(paths: Iterable[Path], problems: list[Problem]) -> list[FileData]:
    """Every file of ``paths`` and the files they import, each read once."""
    from .imports import file_key, follow_imports

    files: list[FileData] = []
    seen: dict[Path, FileData] = {}

    def read(path: Path, display: str) -> FileData | None:
        return _read_one(path, display, problems)

    for path in paths:
        key = file_key(path)
        if key in seen:  # named twice, or imported by a file before it
            continue
        data = read(path, str(path))
        if data is not None:
            seen[key] = data
            files.append(data)
            follow_imports(data, path, read, files, seen, problems)
    return files


def _read_one(path: Path, display: str, problems: list[Problem]) -> FileData | None:
    from .spec import Reporter

    rep = Reporter(display, problems)
    fmt = input_format(path)
    if path.is_dir():
        if fmt is not None:  # named like a claim file
            rep.add(None, "is a directory", "name the claim files inside it")
        else:
            rep.add(None, "folder has no claim files", _CLAIM_FILES)
        return None
    if fmt is None:
        rep.add(None, f"unknown input type {path.suffix or '(no extension)'!r}", _CLAIM_FILES)
        return None
    special = not_regular(path)
    if special is not None:  # opening a FIFO to read it would wait for a writer
        rep.add(None, f"is {special}, not a regular file", "give a claims file")
        return None
    try:
        return fmt.read(path, display, rep)
    except FileNotFoundError:
        rep.add(None, "file not found", "check the path")
    except IsADirectoryError:
        rep.add(None, "is a directory", "name the claim files inside it")
    except PermissionError:
        rep.add(None, "permission denied", "check the file's permissions")
    except OSError as exc:
        rep.add(None, f"cannot read the file ({exc.strerror})", "check the path")
    return None


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {p.path: i for i, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (order[p.path], p.line or 0))


def validate(
    paths: PathLike | Sequence[PathLike] | None = None,
    *,
    base: str | None = None,
    max_errors: int | None = None,
    warnings: bool = False,
) -> list[Problem]:
    """Every error in the claim files (an empty list when they are valid); with
    ``warnings``, the warnings too (``Problem.severity`` tells them apart): definitions
    of one entity that disagree, names two entities share, entities no claim uses, a
    claim name that means another file's entity when its own file defines a similar one.

    With ``max_errors``, reading stops at that many errors; a last problem then says
    so.
    """
    problems = _run(paths, base, max_errors, checks=warnings)[1]
    return problems if warnings else [p for p in problems if p.severity == "error"]


def check(
    paths: PathLike | Sequence[PathLike] | None = None,
    *,
    base: str | None = None,
    max_errors: int | None = None,
) -> tuple[KnowledgeGraph | None, list[Problem]]:
    """The graph of the claim files (None when they hold errors) and every error and
    warning in them (see :func:`validate`), in one pass."""
    kg, problems = _run(paths, base, max_errors, checks=True)
    return (None if any(p.severity == "error" for p in problems) else kg), problems


def load(
    paths: PathLike | Sequence[PathLike] | None = None,
    *,
    base: str | None = None,
    max_errors: int | None = None,
) -> KnowledgeGraph:
    """Load claim files (YAML claims or mechkg RDF) into one graph.

    Parameters
    ----------
    paths : path or sequence of paths, optional
        A file or directory, or several; the bundled LR3 study graph when empty or None.
    base : str, optional
        Base IRI for the data, overriding the files' ``base:``.
    max_errors : int, optional
        Stop reading at this many problems (all are collected by default).

    Raises
    ------
    ValidationError
        Listing every problem found, each with file, line, claim id and a hint.

    Examples
    --------
    >>> import mechkg
    >>> kg = mechkg.load()
    >>> len(kg.claims) > 0
    True
    """
    files = input_files(paths)
    suffix = files[0].suffix.lower() if len(files) == 1 else ""
    if suffix in (".tsv", ".csv", ".yaml", ".yml"):
        if files[0].is_file() and not_regular(files[0]) is None:
            if suffix in (".tsv", ".csv"):
                from .columns import table_graph  # a plain table, read column by column

                kg = table_graph(files[0], str(files[0]), base)
            else:
                from .yamlcolumns import yaml_graph  # claims checked a field at a time

                kg = yaml_graph(files[0], str(files[0]), base)
            if kg is not None:
                return kg
    kg, problems = _run(paths, base, max_errors)
    errors = [p for p in problems if p.severity == "error"]
    if kg is None or errors:
        raise ValidationError(errors)
    return kg
