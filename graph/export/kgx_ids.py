"""KGX node ids: an entity's preferred exact CURIE, in Biolink's prefix order for its
category, else ``MECHKG:<id>``.

The order is the Biolink model's ``id_prefixes`` of the category (a Gene prefers
``NCBIGene`` to ``HGNC`` to ``MGI``; a Behavior takes BiologicalProcess's list), from
``mechkg/data/biolink_prefixes.yaml``, which ``scripts/biolink_prefixes.py`` generates from
the ``biolink-model`` package (its version is in the file). Exact matches whose prefix
the category does not list come after the listed ones, in the entity's order; a prefix
the Biolink prefix map does not know is never an id (Biolink tools reject it). A CURIE
is written with Biolink's spelling of its prefix.

An exact match that another entity shares identifies neither (nor do two that Biolink
spells alike). A node with a CURIE id lists the entity's own id among its ``xref`` as
``MECHKG:<id>`` (percent-encoded), which brings it back on reading.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from ..model import Entity, KnowledgeGraph
from ..vocab import ENTITY_TYPES

__all__ = ["node_ids", "node_xrefs", "own_id", "biolink_table", "OWN_PREFIX"]

#: The prefix of a node id that is mechkg's own entity id.
OWN_PREFIX = "MECHKG:"


@cache
def biolink_table() -> dict[str, Any]:
    """The vendored Biolink table: ``biolink_model`` (version), ``prefixes`` (mechkg's
    prefix -> Biolink's spelling) and ``id_prefixes`` (category -> prefixes, best first)."""
    import yaml

    text = resources.files("mechkg.data").joinpath("biolink_prefixes.yaml").read_text("utf-8")
    table: dict[str, Any] = yaml.safe_load(text)
    return table


def own_id(entity_id: str) -> str:
    """``MECHKG:<id>``, the id percent-encoded so that it is one CURIE."""
    return OWN_PREFIX + quote(entity_id, safe="")


def _biolink(curie: str, spelling: dict[str, str]) -> str | None:
    """``curie`` with Biolink's spelling of its prefix, or None for a prefix Biolink's
    prefix map does not know."""
    prefix, _, local = curie.partition(":")
    known = spelling.get(prefix)
    return f"{known}:{local}" if known else None


def _ranked(e: Entity, usable: set[str], table: dict[str, Any]) -> list[str]:
    """The entity's usable exact matches in Biolink spelling, best first."""
    order = table["id_prefixes"].get(ENTITY_TYPES[e.type], [])
    rank = {p: i for i, p in enumerate(order)}
    found = [
        (rank.get(c.partition(":")[0], len(rank)), i, c)
        for i, x in enumerate(e.xrefs)
        if x in usable and (c := _biolink(x, table["prefixes"]))
    ]
    return [c for *_, c in sorted(found)]


def node_xrefs(e: Entity, node_id: str) -> list[str]:
    """The node's ``xref`` cell: its exact and close matches (Biolink spelling) but the
    node id, then ``MECHKG:<id>`` when the node id is another CURIE."""
    spelling = biolink_table()["prefixes"]
    matches = [_biolink(m, spelling) or m for m in (*e.xrefs, *e.close_matches)]
    out = [m for m in dict.fromkeys(matches) if m != node_id]
    own = own_id(e.id)
    return out if node_id == own else [*out, own]


def node_ids(kg: KnowledgeGraph) -> dict[str, str]:
    """Entity id -> KGX node id, distinct for distinct entities (see the module)."""
    table = biolink_table()
    shared = Counter(x for e in kg.entities.values() for x in set(e.xrefs))
    usable = {x for x, n in shared.items() if n == 1}
    ids = {}
    for e in kg.entities.values():
        ranked = _ranked(e, usable, table)
        ids[e.id] = ranked[0] if ranked else own_id(e.id)
    taken = Counter(ids.values())  # two spellings Biolink writes alike
    return {eid: nid if taken[nid] == 1 else own_id(eid) for eid, nid in ids.items()}
