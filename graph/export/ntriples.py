"""N-Triples export: sorted lines, streamed subject by subject."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import KnowledgeGraph
from ..rdf.build import subject_blocks
from ..rdf.serialize import ntriples_lines
from ..rdf.terms import Triple
from .streamed import streamed

__all__ = ["to_ntriples", "write_ntriples"]


def _blocks(kg: KnowledgeGraph) -> Iterator[list[Triple]]:
    return subject_blocks(kg, order="ntriples")  # sorted lines, block after block


def _lines(blocks: Iterable[list[Triple]], base: str) -> Iterator[str]:
    return ntriples_lines(blocks)  # N-Triples has no prefixes: no base needed


to_ntriples, write_ntriples = streamed(
    __name__, "ntriples", "N-Triples", _blocks, _lines, note="the lines are sorted and unique"
)
