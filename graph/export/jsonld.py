"""JSON-LD export: compacted, with an inline @context (no remote context to fetch),
streamed node by node."""

from __future__ import annotations

from ..rdf.build import subject_blocks
from ..rdf.serialize import jsonld_lines
from .streamed import streamed

__all__ = ["to_jsonld", "write_jsonld"]

_NOTE = "nodes by IRI, sorted keys"
to_jsonld, write_jsonld = streamed(
    __name__, "jsonld", "JSON-LD", subject_blocks, jsonld_lines, note=_NOTE
)
