"""JSON-LD export: compacted, with an inline @context (no remote context to fetch),
streamed node by node."""

from __future__ import annotations

from typing import Any

from ..model import KnowledgeGraph
from ..progress import Progress, describe
from ..rdf.build import subject_blocks, subject_count
from ..rdf.serialize import jsonld_lines, write_chunks

__all__ = ["to_jsonld", "write_jsonld"]


def to_jsonld(kg: KnowledgeGraph) -> str:
    """The graph as JSON-LD (deterministic: nodes by IRI, sorted keys)."""
    return "".join(jsonld_lines(subject_blocks(kg), kg.base))


def write_jsonld(kg: KnowledgeGraph, path_or_file: Any, *, progress: bool | None = None) -> None:
    """Write the graph as JSON-LD to a path (atomically) or an open text file.

    The output is streamed: memory does not grow with its size. ``progress`` draws a bar
    on standard error (by default only when that is a terminal and the run is long).
    """
    label = describe("writing", path_or_file, "JSON-LD")
    with Progress(label, subject_count(kg), unit=" subjects", enabled=progress) as bar:
        write_chunks(path_or_file, jsonld_lines(bar.track(subject_blocks(kg)), kg.base))
