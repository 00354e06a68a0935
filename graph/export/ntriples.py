"""N-Triples export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..io import atomic_open
from ..model import KnowledgeGraph
from ..rdf.build import to_triples
from ..rdf.serialize import ntriples_lines

__all__ = ["to_ntriples", "write_ntriples"]


def _lines(kg: KnowledgeGraph) -> Iterator[str]:
    return ntriples_lines(to_triples(kg))


def to_ntriples(kg: KnowledgeGraph) -> str:
    """The graph as N-Triples (deterministic)."""
    return "".join(_lines(kg))


def write_ntriples(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write the graph as N-Triples to a path (atomically) or an open text file."""
    if hasattr(path_or_file, "write"):
        path_or_file.writelines(_lines(kg))
        return
    with atomic_open(path_or_file) as handle:
        handle.writelines(_lines(kg))
