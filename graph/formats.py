"""One record per syntax, for both directions: name, extensions, media type, reader, writer.

Input detection (:func:`mechkg.load`) and output (:mod:`mechkg.export`, ``mechkg build``)
read the same records, so whatever mechkg writes in a syntax it has a reader for, it
reads back, under every extension listed here. Readers and writers are named by module
and imported only when a file of their syntax is read or written.

Examples
--------
>>> match_format("graph.json-ld", INPUT_FORMATS).name
'jsonld'
>>> FORMATS["turtle"].media_type, FORMATS["turtle"].extension
('text/turtle', '.ttl')
>>> sorted(INPUT_FORMATS)  # doctest: +NORMALIZE_WHITESPACE
['bel', 'bel_nodelink', 'csv', 'indra', 'jsonld', 'kgx', 'kgx_jsonl', 'nquads', 'ntriples',
 'trig', 'tsv', 'turtle', 'yaml']
>>> [match_format(n, INPUT_FORMATS).name for n in ("monarch_edges.tsv", "edges.tsv", "a.tsv")]
['kgx', 'kgx', 'tsv']
>>> infer_format("graph.docx", INPUT_FORMATS)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mechkg.errors.FormatError: cannot tell the format of 'graph.docx' from its extension; ...
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .errors import FormatError

if TYPE_CHECKING:
    from pathlib import Path

    from .load.spec import FileData, Reporter

__all__ = [
    "Format",
    "FORMATS",
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "RDF_INPUT_FORMATS",
    "match_format",
    "infer_format",
    "get_format",
    "choices_text",
]


@dataclass(frozen=True, slots=True)
class Format:
    """A syntax mechkg reads, writes, or both (after pyoxigraph's ``RdfFormat``).

    ``extensions`` come canonical first (an extension starting with ``_`` is the end of
    a name, and also the whole name without the ``_``: ``_edges.tsv`` matches
    ``x_edges.tsv`` and ``edges.tsv``); ``input_extensions``, when given, are the ones
    a file is read under (a KGX ``.tsv`` output is read as a claims table unless it is
    named ``_edges.tsv``); ``reader`` names the function that reads a file
    (``"module:function"``, modules relative to :mod:`mechkg`), ``writer`` the module
    that exposes ``to_<name>(kg)`` and ``write_<name>(kg, path_or_file)``; either is None
    when mechkg does not go that way. ``oxigraph`` is the pyoxigraph ``RdfFormat`` member
    of an RDF syntax.
    """

    name: str
    extensions: tuple[str, ...]
    media_type: str
    label: str
    reader: str | None = None
    writer: str | None = None
    oxigraph: str | None = None
    input_extensions: tuple[str, ...] | None = None

    @property
    def extension(self) -> str:
        """The canonical extension."""
        return self.extensions[0]

    @property
    def rdf(self) -> bool:
        """Whether the syntax is RDF."""
        return self.oxigraph is not None

    @property
    def module(self) -> str:
        """The full name of the writer module (empty when there is no writer)."""
        return f"{__package__}.{self.writer}" if self.writer else ""

    def read(self, path: Path, display: str, rep: Reporter) -> FileData:
        """Read ``path`` with this syntax's reader (problems go to ``rep``)."""
        if self.reader is None:
            raise FormatError(f"mechkg writes {self.label} but does not read it")
        module, function = self.reader.split(":")
        read: Callable[[Path, str, Reporter], FileData] = getattr(
            importlib.import_module(f".{module}", __package__), function
        )
        return read(path, display, rep)

    def functions(self) -> tuple[Callable[..., Any], Callable[..., Any]]:
        """The writer's ``(to_<name>, write_<name>)`` pair."""
        if self.writer is None:
            raise FormatError(f"mechkg reads {self.label} but does not write it")
        module = importlib.import_module(self.module)
        return getattr(module, f"to_{self.name}"), getattr(module, f"write_{self.name}")


_YAML = "load.yaml_reader:read_yaml_claims"
_TABLE = "load.tsv_reader:read_table_claims"
_RDF = "load.rdf_reader:read_rdf_file"
_KGX = "load.kgx_reader:read_kgx_file"


def _rdf(
    name: str, exts: tuple[str, ...], media: str, label: str, ox: str, *, write: bool = True
) -> Format:
    return Format(name, exts, media, label, _RDF, f"export.{name}" if write else None, ox)


def _out(name: str, exts: tuple[str, ...], media: str, label: str) -> Format:
    return Format(name, exts, media, label, writer=f"export.{name}")


#: Every syntax, by name. A new one is one entry here (and its reader or writer module).
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", (".yaml", ".yml"), "application/yaml", "YAML claims", reader=_YAML),
        Format("tsv", (".tsv",), "text/tab-separated-values", "a claims table", reader=_TABLE),
        Format("csv", (".csv",), "text/csv", "a claims table", reader=_TABLE),
        _rdf("turtle", (".ttl",), "text/turtle", "Turtle", "TURTLE"),
        _rdf("ntriples", (".nt",), "application/n-triples", "N-Triples", "N_TRIPLES"),
        _rdf("jsonld", (".jsonld", ".json-ld"), "application/ld+json", "JSON-LD", "JSON_LD"),
        _rdf("trig", (".trig",), "application/trig", "TriG", "TRIG"),
        _rdf("nquads", (".nq",), "application/n-quads", "N-Quads", "N_QUADS", write=False),
        _out("html", (".html", ".htm"), "text/html", "HTML"),
        _out("graphml", (".graphml",), "application/graphml+xml", "GraphML"),
        Format(
            "kgx",
            (".kgx.tsv", "_edges.tsv", "_nodes.tsv", ".tsv"),
            "text/tab-separated-values",
            "KGX",
            reader=_KGX,
            writer="export.kgx",
            input_extensions=("_edges.tsv", "_nodes.tsv"),
        ),
        Format(
            "kgx_jsonl",
            ("_edges.jsonl", "_nodes.jsonl"),
            "application/jsonl",
            "KGX JSON Lines",
            reader=_KGX,
        ),
        Format(
            "bel",
            (".bel",),
            "text/plain",
            "a BEL script",
            reader="load.bel_reader:read_bel_script",
            writer="export.bel",
        ),
        Format(
            "bel_nodelink",
            (".bel.nodelink.json",),
            "application/json",
            "PyBEL node-link JSON",
            reader="load.bel_reader:read_bel_nodelink",
        ),
        Format(
            "indra",
            (".indra.json",),
            "application/json",
            "INDRA Statements JSON",
            reader="load.indra_reader:read_indra_file",
            writer="export.indra",
        ),
        _out("mermaid", (".mmd", ".mermaid"), "text/vnd.mermaid", "Mermaid"),
    )
}

#: The syntaxes mechkg reads (what ``mechkg.load`` and every command accept).
INPUT_FORMATS: dict[str, Format] = {
    n: replace(f, extensions=f.input_extensions) if f.input_extensions else f
    for n, f in FORMATS.items()
    if f.reader
}
#: The syntaxes mechkg writes (``mechkg export FORMAT``).
OUTPUT_FORMATS: dict[str, Format] = {n: f for n, f in FORMATS.items() if f.writer}
#: The RDF syntaxes mechkg reads, by name.
RDF_INPUT_FORMATS: dict[str, Format] = {n: f for n, f in INPUT_FORMATS.items() if f.rdf}


def match_format(path: str | os.PathLike[str], choices: Mapping[str, Format]) -> Format | None:
    """The format of ``choices`` whose extension ``path`` ends with (case-insensitive; the
    longest extension wins, so ``x.kgx.tsv`` is KGX before TSV), or None."""
    name = os.fspath(path).lower()
    base = os.path.basename(name)
    found: tuple[int, Format] | None = None
    for fmt in choices.values():
        for ext in fmt.extensions:
            hit = name.endswith(ext) or (ext[0] == "_" and base == ext[1:])
            if hit and (found is None or len(ext) > found[0]):
                found = (len(ext), fmt)
    return found[1] if found else None


def choices_text(choices: Mapping[str, Format]) -> str:
    """``.ttl (turtle), .nt (ntriples), ...``: every extension of ``choices``."""
    return ", ".join(f"{ext} ({f.name})" for f in choices.values() for ext in f.extensions)


def infer_format(path: str | os.PathLike[str], choices: Mapping[str, Format]) -> Format:
    """The format of ``choices`` that ``path``'s extension names.

    Raises
    ------
    FormatError
        Listing the valid extensions, when none matches.
    """
    found = match_format(path, choices)
    if found is None:
        raise FormatError(
            f"cannot tell the format of {os.fspath(path)!r} from its extension; "
            f"use --format or one of: {choices_text(choices)}"
        )
    return found


def get_format(name: str, choices: Mapping[str, Format]) -> Format:
    """The format called ``name``.

    Raises
    ------
    FormatError
        Naming the valid choices, when there is none of that name.
    """
    try:
        return choices[name]
    except KeyError:
        raise FormatError(
            f"unknown format {name!r}; choose one of: {', '.join(sorted(choices))}"
        ) from None
