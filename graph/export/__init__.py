"""Export formats: one module per format, one registry.

Each module ``mechkg.export.<name>`` exposes a pure ``to_<name>(kg, **options)`` that
returns the serialised document (``str``) and ``write_<name>(kg, path_or_file, **options)``.
The formats are the records of :mod:`mechkg.formats` that have a writer (the same
records input detection reads, so what is written in RDF is read back). Modules are
imported only when their format is used.

Examples
--------
>>> infer_format("graph.json-ld").name, sorted(RDF_FORMATS)
('jsonld', ['jsonld', 'ntriples', 'trig', 'turtle'])
>>> get_format("png")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mechkg.errors.FormatError: unknown format 'png'; choose one of: bel, graphml, html, ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .. import formats as _formats
from ..formats import Format

__all__ = ["EXPORTERS", "RDF_FORMATS", "Format", "exporter", "get_format", "infer_format"]

#: Every export format (the registry's records with a writer).
EXPORTERS: dict[str, Format] = _formats.OUTPUT_FORMATS

#: The subset that is RDF (what ``mechkg build`` writes).
RDF_FORMATS: dict[str, Format] = {name: f for name, f in EXPORTERS.items() if f.rdf}


def get_format(name: str, choices: Mapping[str, Format] | None = None) -> Format:
    """The export format called ``name`` (of ``choices``, by default every one).

    Raises
    ------
    FormatError
        Naming the valid choices.
    """
    return _formats.get_format(name, EXPORTERS if choices is None else choices)


def infer_format(path: str | Path, choices: Mapping[str, Format] | None = None) -> Format:
    """The export format whose extension ``path`` ends with.

    Raises
    ------
    FormatError
        Naming the valid extensions, when none matches.
    """
    return _formats.infer_format(path, EXPORTERS if choices is None else choices)


def exporter(fmt: Format | str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The ``(to_<fmt>, write_<fmt>)`` pair of a format."""
    return (get_format(fmt) if isinstance(fmt, str) else fmt).functions()
