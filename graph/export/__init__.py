"""Export formats: one module per format, one registry.

Each module ``mechkg.export.<name>`` exposes a pure ``to_<name>(kg, **options)`` that
returns the serialised document (``str``) and ``write_<name>(kg, path_or_file, **options)``.
Modules are imported only when their format is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FormatError

__all__ = ["EXPORTERS", "RDF_FORMATS", "Format", "exporter", "get_format", "infer_format"]


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: name, file extensions (first is canonical), media type."""

    name: str
    extensions: tuple[str, ...]
    media_type: str
    rdf: bool = False
    module: str = ""

    @property
    def extension(self) -> str:
        return self.extensions[0]


def _fmt(name: str, exts: tuple[str, ...], media: str, *, rdf: bool = False) -> Format:
    return Format(name, exts, media, rdf, f"{__name__}.{name}")


#: Every export format. A new format is one module and one entry here.
EXPORTERS: dict[str, Format] = {
    f.name: f
    for f in (
        _fmt("turtle", (".ttl",), "text/turtle", rdf=True),
        _fmt("ntriples", (".nt",), "application/n-triples", rdf=True),
        _fmt("jsonld", (".jsonld", ".json-ld"), "application/ld+json", rdf=True),
        _fmt("trig", (".trig",), "application/trig", rdf=True),
        _fmt("html", (".html", ".htm"), "text/html"),
        _fmt("graphml", (".graphml",), "application/graphml+xml"),
        _fmt("kgx", (".kgx.tsv", ".tsv"), "text/tab-separated-values"),
        _fmt("mermaid", (".mmd", ".mermaid"), "text/vnd.mermaid"),
    )
}

#: The subset that is RDF (what ``mechkg build`` writes).
RDF_FORMATS = {name: f for name, f in EXPORTERS.items() if f.rdf}


def get_format(name: str, choices: dict[str, Format] | None = None) -> Format:
    choices = EXPORTERS if choices is None else choices
    try:
        return choices[name]
    except KeyError:
        raise FormatError(
            f"unknown format {name!r}; choose one of: {', '.join(sorted(choices))}"
        ) from None


def infer_format(path: str | Path, choices: dict[str, Format] | None = None) -> Format:
    """The format whose extension ``path`` ends with.

    Raises
    ------
    FormatError
        Naming the valid extensions, when none matches.
    """
    choices = EXPORTERS if choices is None else choices
    name = str(path).lower()
    for fmt in choices.values():
        if any(name.endswith(ext) for ext in fmt.extensions):
            return fmt
    known = ", ".join(f"{ext} ({f.name})" for f in choices.values() for ext in f.extensions)
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its extension; "
        f"use --format or one of: {known}"
    )


def exporter(fmt: Format | str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The ``(to_<fmt>, write_<fmt>)`` pair of a format."""
    if isinstance(fmt, str):
        fmt = get_format(fmt)
    module = importlib.import_module(fmt.module)
    return getattr(module, f"to_{fmt.name}"), getattr(module, f"write_{fmt.name}")
