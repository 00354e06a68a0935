"""Loading claim files into a :class:`~graph.model.KnowledgeGraph`, with validation that
collects every problem before reporting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path

from ..errors import Problem, ValidationError
from ..model import KnowledgeGraph
from .assemble import assemble
from .spec import FileData, Reporter
from .yaml_reader import read_yaml_claims

__all__ = ["load", "validate", "bundled_path", "READERS", "input_files"]

PathLike = str | os.PathLike[str]
Reader = Callable[[Path, str, Reporter], FileData]


def _rdf_reader(path: Path, display: str, rep: Reporter) -> FileData:
    from ..rdf.read import read_rdf_file

    return read_rdf_file(path, display, rep)


#: input extension -> reader. Claim files (YAML) and mechkg's own RDF.
READERS: dict[str, Reader] = {
    ".yaml": read_yaml_claims,
    ".yml": read_yaml_claims,
    ".ttl": _rdf_reader,
    ".nt": _rdf_reader,
    ".jsonld": _rdf_reader,
    ".trig": _rdf_reader,
    ".nq": _rdf_reader,
}


def bundled_path() -> Path:
    """Path of the bundled LR3 study claims file."""
    return Path(str(resources.files("graph.data").joinpath("lr3.yaml")))


def input_files(paths: Sequence[PathLike] | None) -> list[Path]:
    """The claim files named by ``paths`` (directories give their claim files, sorted);
    the bundled graph when ``paths`` is empty or None."""
    if not paths:
        return [bundled_path()]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(c for c in p.iterdir() if c.suffix.lower() in READERS))
        else:
            out.append(p)
    return out


def _read_all(paths: Iterable[Path], problems: list[Problem]) -> list[FileData]:
    files = []
    for path in paths:
        display = str(path)
        rep = Reporter(display, problems)
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            rep.add(
                None,
                f"unknown input type {path.suffix or '(no extension)'!r}",
                "claim files end in " + ", ".join(sorted(READERS)),
            )
            continue
        try:
            files.append(reader(path, display, rep))
        except FileNotFoundError:
            rep.add(None, "file not found", "check the path")
        except IsADirectoryError:
            rep.add(None, "is a directory", "name the claim files inside it")
        except PermissionError:
            rep.add(None, "permission denied", "check the file's permissions")
        except OSError as exc:
            rep.add(None, f"cannot read the file ({exc.strerror})", "check the path")
    return files


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {p.path: i for i, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (order[p.path], p.line or 0))


def validate(paths: Sequence[PathLike] | None = None, *, base: str | None = None) -> list[Problem]:
    """Every problem in the claim files (an empty list when they are valid)."""
    problems: list[Problem] = []
    files = _read_all(input_files(paths), problems)
    assemble(files, problems, base)
    return _sorted(problems)


def load(paths: Sequence[PathLike] | None = None, *, base: str | None = None) -> KnowledgeGraph:
    """Load claim files (YAML claims or mechkg RDF) into one graph.

    Parameters
    ----------
    paths : sequence of path, optional
        Files or directories; the bundled LR3 study graph when empty or None.
    base : str, optional
        Base IRI for the data, overriding the files' ``base:``.

    Raises
    ------
    ValidationError
        Listing every problem found, each with file, line, claim id and a hint.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> len(kg.claims) > 0
    True
    """
    problems: list[Problem] = []
    files = _read_all(input_files(paths), problems)
    kg = assemble(files, problems, base)
    if kg is None or problems:
        raise ValidationError(_sorted(problems))
    return kg
