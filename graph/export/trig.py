"""TriG (one nanopublication per claim) export, streamed graph by graph."""

from __future__ import annotations

from typing import Any

from ..model import KnowledgeGraph
from ..progress import Progress, describe
from ..rdf.build import nanopub_graphs
from ..rdf.serialize import trig_lines, write_chunks

__all__ = ["to_trig", "write_trig"]


def to_trig(kg: KnowledgeGraph) -> str:
    """The graph as TriG, one nanopublication per claim (deterministic)."""
    return "".join(trig_lines(nanopub_graphs(kg), kg.base))


def write_trig(kg: KnowledgeGraph, path_or_file: Any, *, progress: bool | None = None) -> None:
    """Write the graph as TriG to a path (atomically) or an open text file.

    The output is streamed: memory does not grow with its size. ``progress`` draws a bar
    on standard error (by default only when that is a terminal and the run is long).
    """
    total = len(kg.entities) + len(kg.sources) + 4 * len(kg.claims)
    label = describe("writing", path_or_file, "TriG")
    with Progress(label, total, unit=" graphs", enabled=progress) as bar:
        write_chunks(path_or_file, trig_lines(bar.track(nanopub_graphs(kg)), kg.base))
