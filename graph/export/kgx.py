"""KGX TSV export: a nodes file and an edges file with Biolink categories, predicates,
knowledge levels and qualifiers, as the Biolink/Translator tools load them.

KGX is two files. ``write_kgx(kg, "lr3.tsv")`` (or ``lr3.kgx.tsv``, or ``lr3``) writes
``lr3_nodes.tsv`` and ``lr3_edges.tsv`` beside it, the names ``kgx transform`` uses; a
directory gets ``nodes.tsv`` and ``edges.tsv``. Both are written in full to temporary
files before either is renamed into place.

Nodes are identified by their exact xref CURIE when no other entity shares it, else by
``MECHKG:<id>``; edges by the claim IRI. Each claim is an edge: its relation's Biolink
predicate, ``object_direction_qualifier`` (increased/decreased) with ``qualified_predicate``
``biolink:causes`` for signed causal relations, ``negated``, ``knowledge_level`` from the
evidence level, ``agent_type`` ``manual_agent``, ``publications`` (DOI, PMID or URL of the
source and of the work it reports), ``species_context_qualifier``,
``anatomical_context_qualifier``, ``has_evidence`` (ECO) and the quote as
``supporting_text``. Multi-valued cells are joined with ``|`` (a ``|`` inside a value is
written ``%7C``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from ..errors import FormatError
from ..io import atomic_open
from ..model import Claim, KnowledgeGraph, Source
from ..rdf.build import claim_iri, entity_iri
from ..vocab import ENTITY_TYPES, EVIDENCE_LEVELS, RELATIONS

__all__ = [
    "KgxFiles",
    "to_kgx",
    "write_kgx",
    "kgx_paths",
    "NODE_COLUMNS",
    "EDGE_COLUMNS",
    "KNOWLEDGE_LEVELS",
]

NODE_COLUMNS = ("id", "category", "name", "description", "xref", "synonym", "iri")
EDGE_COLUMNS = (
    "id", "subject", "predicate", "object", "category", "qualified_predicate",
    "object_direction_qualifier", "negated", "knowledge_level", "agent_type",
    "primary_knowledge_source", "publications", "species_context_qualifier",
    "anatomical_context_qualifier", "has_evidence", "supporting_text",
    "supporting_text_language", "evidence_level", "evidence_rank", "original_predicate",
    "condition", "method", "source", "attributed_to", "note",
)  # fmt: skip
#: mechkg evidence level -> Biolink knowledge_level (from :mod:`mechkg.vocab`).
KNOWLEDGE_LEVELS = {e.name: e.knowledge_level for e in EVIDENCE_LEVELS.values()}
#: The infores of this resource, for ``primary_knowledge_source``.
INFORES = "infores:mechkg"
_DIRECTION = {1: "increased", -1: "decreased"}


class KgxFiles(NamedTuple):
    """The two KGX tables, as TSV text."""

    nodes: str
    edges: str


def _multi(values: list[str] | tuple[str, ...]) -> str:
    return "|".join(v.replace("|", "%7C") for v in values)


def _node_ids(kg: KnowledgeGraph) -> dict[str, str]:
    shared = Counter(x for e in kg.entities.values() for x in set(e.xrefs))
    ids = {}
    for e in kg.entities.values():
        unique = [x for x in e.xrefs if shared[x] == 1]
        ids[e.id] = unique[0] if unique else "MECHKG:" + quote(e.id, safe="")
    taken = Counter(ids.values())
    for eid, nid in ids.items():  # an xref equal to another entity's fallback id
        if taken[nid] > 1:
            ids[eid] = "MECHKG:" + quote(eid, safe="")
    return ids


def _publications(kg: KnowledgeGraph, source_id: str | None, seen: set[str]) -> list[str]:
    src: Source | None = kg.sources.get(source_id) if source_id else None
    if src is None or src.id in seen:
        return []
    seen.add(src.id)
    own = f"doi:{src.doi}" if src.doi else f"PMID:{src.pmid}" if src.pmid else src.url or ""
    out = [own] if own else []
    for reported in src.reports:
        out += _publications(kg, reported, seen)
    return out


def _edge(kg: KnowledgeGraph, c: Claim, ids: dict[str, str]) -> dict[str, Any]:
    rel = RELATIONS[c.relation]
    affects = rel.causal and rel.biolink == "biolink:affects"
    direction = _DIRECTION.get(rel.sign or 0, "") if affects else ""

    def context(value: str) -> str:
        return ids.get(value, value)

    seen: set[str] = set()
    pubs = _publications(kg, c.source, seen) + _publications(kg, c.attributed_to, seen)
    return {
        "id": claim_iri(kg, c.id),
        "subject": ids[c.subject],
        "predicate": rel.biolink or "biolink:affects",
        "object": ids[c.object],
        "category": "biolink:Association",
        "qualified_predicate": "biolink:causes" if direction else "",
        "object_direction_qualifier": direction,
        "negated": "True" if c.negated or c.relation == "causes_no_change" else "False",
        "knowledge_level": KNOWLEDGE_LEVELS[c.evidence],
        "agent_type": "manual_agent",
        "primary_knowledge_source": INFORES,
        "publications": _multi(list(dict.fromkeys(pubs))),
        "species_context_qualifier": c.species or "",
        "anatomical_context_qualifier": _multi([context(a) for a in c.anatomy]),
        "has_evidence": c.eco or EVIDENCE_LEVELS[c.evidence].eco,
        "supporting_text": c.quote or "",
        "supporting_text_language": c.quote_lang or "",
        "evidence_level": c.evidence,
        "evidence_rank": str(c.rank),
        "original_predicate": f"mkg:{c.relation}",
        "condition": context(c.model) if c.model else "",
        "method": _multi(c.method),
        "source": c.source,
        "attributed_to": c.attributed_to or "",
        "note": c.note or "",
    }


def _table(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_kgx(kg: KnowledgeGraph) -> KgxFiles:
    """The graph as KGX nodes and edges tables (deterministic).

    Examples
    --------
    >>> import mechkg
    >>> files = to_kgx(mechkg.load())
    >>> files.edges.splitlines()[0].split("\\t")[:4]
    ['id', 'subject', 'predicate', 'object']
    """
    ids = _node_ids(kg)
    nodes = [
        {
            "id": ids[e.id],
            "category": ENTITY_TYPES[e.type],
            "name": e.label,
            "description": e.description or "",
            "xref": _multi([x for x in (*e.xrefs, *e.close_matches) if x != ids[e.id]]),
            "synonym": _multi([*e.synonyms, *(n for _, names in e.labels for n in names)]),
            "iri": entity_iri(kg, e.id),
        }
        for e in kg.entities.values()
    ]
    nodes.sort(key=lambda row: row["id"])
    edges = [_edge(kg, c, ids) for c in kg.claims.values()]
    return KgxFiles(_table(NODE_COLUMNS, nodes), _table(EDGE_COLUMNS, edges))


def kgx_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where :func:`write_kgx` puts the nodes and edges files for ``path``."""
    target = Path(path)
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        return target / "nodes.tsv", target / "edges.tsv"
    name = target.name
    for suffix in (".kgx.tsv", ".tsv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return target.with_name(f"{name}_nodes.tsv"), target.with_name(f"{name}_edges.tsv")


def write_kgx(kg: KnowledgeGraph, path_or_file: Any) -> tuple[Path, Path]:
    """Write the KGX nodes and edges files for ``path_or_file`` (see the module
    docstring); both appear whole or neither changes. Returns their paths.

    Raises
    ------
    FormatError
        For an open file (KGX is two files): give a path.
    """
    if not isinstance(path_or_file, (str, os.PathLike)):
        raise FormatError(
            "KGX is two files (nodes and edges); give an output path such as -o lr3.tsv "
            "(writes lr3_nodes.tsv and lr3_edges.tsv) or a directory"
        )
    files = to_kgx(kg)
    nodes_path, edges_path = kgx_paths(path_or_file)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        # Both temporary files are complete before the first rename happens.
        stack.enter_context(atomic_open(edges_path)).write(files.edges)
        stack.enter_context(atomic_open(nodes_path)).write(files.nodes)
    return nodes_path, edges_path
