"""Turtle export: subjects by IRI, streamed subject by subject."""

from __future__ import annotations

from typing import Any

from ..model import KnowledgeGraph
from ..progress import Progress, describe
from ..rdf.build import subject_blocks, subject_count
from ..rdf.serialize import turtle_lines, write_chunks

__all__ = ["to_turtle", "write_turtle"]


def to_turtle(kg: KnowledgeGraph) -> str:
    """The graph as Turtle (deterministic)."""
    return "".join(turtle_lines(subject_blocks(kg), kg.base))


def write_turtle(kg: KnowledgeGraph, path_or_file: Any, *, progress: bool | None = None) -> None:
    """Write the graph as Turtle to a path (atomically) or an open text file.

    The output is streamed: memory does not grow with its size. ``progress`` draws a bar
    on standard error (by default only when that is a terminal and the run is long).
    """
    label = describe("writing", path_or_file, "Turtle")
    with Progress(label, subject_count(kg), unit=" subjects", enabled=progress) as bar:
        write_chunks(path_or_file, turtle_lines(bar.track(subject_blocks(kg)), kg.base))
