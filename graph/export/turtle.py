"""Turtle export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..io import atomic_open
from ..model import KnowledgeGraph
from ..rdf.build import to_triples
from ..rdf.serialize import turtle_lines

__all__ = ["to_turtle", "write_turtle"]


def _lines(kg: KnowledgeGraph) -> Iterator[str]:
    return turtle_lines(to_triples(kg), kg.base)


def to_turtle(kg: KnowledgeGraph) -> str:
    """The graph as Turtle (deterministic)."""
    return "".join(_lines(kg))


def write_turtle(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write the graph as Turtle to a path (atomically) or an open text file."""
    if hasattr(path_or_file, "write"):
        path_or_file.writelines(_lines(kg))
        return
    with atomic_open(path_or_file) as handle:
        handle.writelines(_lines(kg))
