"""Base IRIs: each file names its own (``base:``); records keep their file's, so files
with different bases load together and no IRI depends on the order they were given in."""

from __future__ import annotations

from collections import Counter

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
    record. The graph's base is the one most records have (of equals, the first in text
    order); a record takes its file's base, and of several files the graph's base if one
    of them has it, else the first in text order. So no IRI depends on the order the
    files were given in, and an entity a second paper also defines keeps the IRI it had.
    """
    used = Counter(next(iter(b)) for ids in homes.values() for b in ids.values() if len(b) == 1)
    if not used:
        used.update(bases.values())
    base = min(used, key=lambda b: (-used[b], b)) if used else DEFAULT_BASE
    others: dict[str, dict[str, str]] = {}
    for kind, ids in homes.items():
        for rid, candidates in ids.items():
            home = base if base in candidates else min(candidates)
            if home != base:
                others.setdefault(kind, {})[rid] = home
    return base, others
