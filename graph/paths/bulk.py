"""The path index of one claims table, built from its columns.

``mechkg paths`` on a new literature-scale table needs the index, not a million claim
objects: :func:`table_index` takes a plain table's checked columns
(:func:`mechkg.load.columns.read_columns`) straight to the index's arrays and records.
A table that is not plain, or that has a problem, gives None, and the caller loads it
with :func:`mechkg.load`, which reports every problem as it always does; the problems,
and the index of a good table, are the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..load.columns import read_columns
from ..model import Claim
from .index import CODE_TYPE, PathIndex, Records, claim_code, index_arrays

__all__ = ["table_index"]


def table_index(path: Path, display: str, base: str | None = None) -> PathIndex | None:
    """The path index of the claims table ``path``, or None when it must be loaded with
    :func:`mechkg.load` (see the module docstring)."""
    from array import array

    from ..progress import paused_gc

    with paused_gc():
        table = read_columns(path, display, base)
        if table is None:
            return None
        claims = table.claims
        subj, obj, rel, evid = (
            claims["subject"],
            claims["object"],
            claims["relation"],
            claims["evidence"],
        )
        entity_ids = [e.id for e in table.entities]
        node_of = {eid: i for i, eid in enumerate(entity_ids)}

        def kinds() -> Iterator[tuple[str, str, bool]]:
            return zip(rel, evid, claims["negated"], strict=True)

        codes = {  # one code per (relation, evidence, negated)
            (r, e, neg): claim_code(Claim("c", "a", r, "b", e, "s", negated=neg))
            for r, e, neg in set(kinds())
        }
        known = sorted({s for s in claims["species"] if s is not None})
        species: list[str | None] = [None, *known]
        sp_code = {s: i for i, s in enumerate(species)}
        arrays, max_support = index_arrays(
            len(entity_ids),
            array("i", map(node_of.__getitem__, subj)),
            array("i", map(node_of.__getitem__, obj)),
            array(CODE_TYPE, map(codes.__getitem__, kinds())),
            array("H", map(sp_code.__getitem__, claims["species"])),
        )
        index = PathIndex(
            entity_ids=entity_ids,
            source_ids=[s.id for s in table.sources],
            species=species,
            arrays=arrays,
            entities=Records(table.entities),
            claims=Records(rows=table.rows(), make=Claim),
            sources=Records(table.sources),
            names=table.names,
            max_support=max_support,
            base=table.base,
        )
    index._node_of = node_of
    return index
