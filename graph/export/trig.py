"""TriG (one nanopublication per claim) export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..io import atomic_open
from ..model import KnowledgeGraph
from ..rdf.build import to_quads
from ..rdf.serialize import trig_lines

__all__ = ["to_trig", "write_trig"]


def _lines(kg: KnowledgeGraph) -> Iterator[str]:
    return trig_lines(to_quads(kg), kg.base)


def to_trig(kg: KnowledgeGraph) -> str:
    """The graph as TriG, one nanopublication per claim (deterministic)."""
    return "".join(_lines(kg))


def write_trig(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write the graph as TriG to a path (atomically) or an open text file."""
    if hasattr(path_or_file, "write"):
        path_or_file.writelines(_lines(kg))
        return
    with atomic_open(path_or_file) as handle:
        handle.writelines(_lines(kg))
