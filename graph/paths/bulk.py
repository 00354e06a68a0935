"""The path index of one claims table, built from its columns.

``mechkg paths`` on a new literature-scale table needs the index, not a million claim
objects: :func:`table_index` takes a plain table's checked columns
(:func:`mechkg.load.columns.read_columns`) straight to the index's arrays and records.
A table that is not plain, or that has a problem, gives None, and the caller loads it
with :func:`mechkg.load`, which reports every problem as it always does; the problems,
and the index of a good table, are the same either way.
"""

from __future__ import annotations

from pathlib import Path

from ..load.columns import read_columns
from ..model import Claim
from .index import _DTYPES, CODE_TYPE, PathIndex, Records, claim_code, index_arrays

__all__ = ["table_index"]


def table_index(path: Path, display: str, base: str | None = None) -> PathIndex | None:
    """The path index of the claims table ``path``, or None when it must be loaded with
    :func:`mechkg.load` (see the module docstring)."""
    import numpy as np

    from ..progress import paused_gc

    with paused_gc():
        table = read_columns(path, display, base)
        if table is None:
            return None
        coded = table.coded
        rel, evid, neg, sp = (coded[c] for c in ("relation", "evidence", "negated", "species"))
        # one code per (relation, evidence, negated): the distinct triples of their codes
        sizes = (len(evid[0]), len(neg[0]))
        kind = (rel[1] * sizes[0] + evid[1]) * sizes[1] + neg[1]
        kinds, of_claim = np.unique(kind, return_inverse=True)
        code_of = [
            claim_code(Claim("c", "a", rel[0][r], "b", evid[0][e], "s", negated=neg[0][g]))
            for r, e, g in zip(*np.unravel_index(kinds, (len(rel[0]), *sizes)), strict=True)
        ]
        known = sorted({s for s in sp[0] if s is not None})
        species: list[str | None] = [None, *known]
        sp_code = [species.index(s) for s in sp[0]]
        entity_ids = [e.id for e in table.entities]
        arrays, max_support = index_arrays(
            len(entity_ids),
            np.ascontiguousarray(coded["subject"][1], dtype=np.int32),
            np.ascontiguousarray(coded["object"][1], dtype=np.int32),
            np.asarray(code_of, dtype=_DTYPES[CODE_TYPE])[of_claim.reshape(-1)],
            np.asarray(sp_code, dtype=np.uint16)[sp[1]],
        )
        index = PathIndex(
            entity_ids=entity_ids,
            source_ids=[s.id for s in table.sources],
            species=species,
            arrays=arrays,
            entities=Records(table.entities),
            claims=Records(rows=table.rows(), make=Claim),
            sources=Records(table.sources),
            names_from=lambda: table.names,  # (the cache file's names need no index)
            max_support=max_support,
            base=table.base,
        )
    return index
