"""N-Triples export: sorted lines, streamed subject by subject."""

from __future__ import annotations

from typing import Any

from ..model import KnowledgeGraph
from ..progress import Progress, describe
from ..rdf.build import subject_blocks, subject_count
from ..rdf.serialize import ntriples_lines, write_chunks

__all__ = ["to_ntriples", "write_ntriples"]


def to_ntriples(kg: KnowledgeGraph) -> str:
    """The graph as N-Triples (deterministic: the lines are sorted and unique)."""
    return "".join(ntriples_lines(subject_blocks(kg, order="ntriples")))


def write_ntriples(kg: KnowledgeGraph, path_or_file: Any, *, progress: bool | None = None) -> None:
    """Write the graph as N-Triples to a path (atomically) or an open text file.

    The output is streamed: memory does not grow with its size. ``progress`` draws a bar
    on standard error (by default only when that is a terminal and the run is long).
    """
    label = describe("writing", path_or_file, "N-Triples")
    with Progress(label, subject_count(kg), unit=" subjects", enabled=progress) as bar:
        blocks = bar.track(subject_blocks(kg, order="ntriples"))
        write_chunks(path_or_file, ntriples_lines(blocks))
