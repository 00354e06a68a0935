"""Base IRIs: each file names its own (``base:``); records keep their file's, so files
with different bases load together and no IRI depends on the order they were given in."""

from __future__ import annotations

from ..errors import Problem
from ..vocab import DEFAULT_BASE
from .fields import FieldProblem, brief, check_url
from .spec import FileData, Reporter

__all__ = ["override_base", "file_bases", "record_bases"]


def override_base(override: str, problems: list[Problem]) -> str:
    """``override`` (``--base``), which every record then takes; a problem if it is not
    an absolute IRI ending in ``/`` or ``#``."""
    try:
        check_url(override)
        if not override.endswith(("/", "#")):
            raise FieldProblem(
                f"base {brief(override)} must end with '/' or '#'",
                "e.g. --base https://example.org/mygraph/",
            )
    except FieldProblem as exc:
        problems.append(Problem("base", None, exc.message, exc.hint))
    return override


def file_bases(files: list[FileData], reporters: dict[str, Reporter]) -> dict[str, str]:
    """Each file's base IRI (its ``base:``, else the default): files with different
    bases load together, each record keeping its own file's."""
    out: dict[str, str] = {}
    for f in files:
        out[f.path] = DEFAULT_BASE
        if f.base is None:
            continue
        rep = reporters[f.path]
        try:
            value = check_url(f.base.value)
        except FieldProblem as exc:
            rep.add(f.base.line, f"base: {exc.message}", exc.hint)
            continue
        if not value.endswith(("/", "#")):
            rep.add(
                f.base.line,
                f"base {brief(value)} must end with '/' or '#'",
                "e.g. base: https://example.org/mygraph/",
            )
            continue
        out[f.path] = value
    return out


def record_bases(
    bases: dict[str, str], homes: dict[str, dict[str, set[str]]]
) -> tuple[str, dict[str, dict[str, str]]]:
    """The graph's base and, by kind and id, the records under another.

    ``bases`` holds each file's base, ``homes`` the bases of the files that define each
    record. A record takes its file's base; of several files, the first base in text
    order, and the graph's base is the first of all: no IRI depends on the order the
    files were given in.
    """
    chosen = {kind: {rid: min(bases) for rid, bases in ids.items()} for kind, ids in homes.items()}
    used = {b for ids in chosen.values() for b in ids.values()} or set(bases.values())
    base = min(used) if used else DEFAULT_BASE
    others = {kind: {rid: b for rid, b in ids.items() if b != base} for kind, ids in chosen.items()}
    return base, {kind: ids for kind, ids in others.items() if ids}
