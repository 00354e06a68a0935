"""JSON-LD export: compacted, with an inline @context (no remote context to fetch)."""

from __future__ import annotations

from typing import Any

from ..io import write_output
from ..model import KnowledgeGraph
from ..rdf.build import to_triples
from ..rdf.serialize import jsonld_document

__all__ = ["to_jsonld", "write_jsonld"]


def to_jsonld(kg: KnowledgeGraph) -> str:
    """The graph as JSON-LD (deterministic: sorted nodes and keys)."""
    return jsonld_document(to_triples(kg), kg.base)


def write_jsonld(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write the graph as JSON-LD to a path (atomically) or an open text file."""
    write_output(path_or_file, to_jsonld(kg))
