"""TriG (one nanopublication per claim) export, streamed graph by graph."""

from __future__ import annotations

from ..model import KnowledgeGraph
from ..rdf.build import nanopub_graphs
from ..rdf.serialize import trig_lines
from .streamed import streamed

__all__ = ["to_trig", "write_trig"]


def _count(kg: KnowledgeGraph) -> int:
    """How many graphs :func:`nanopub_graphs` yields: one a record, four a claim."""
    return len(kg.entities) + len(kg.sources) + 4 * len(kg.claims)


to_trig, write_trig = streamed(
    __name__, "trig", "TriG", nanopub_graphs, trig_lines, total=_count, unit=" graphs"
)
