"""KGX TSV export: a nodes file and an edges file with Biolink categories, predicates,
knowledge levels and qualifiers, as the Biolink/Translator tools load them.

KGX is two files. ``write_kgx(kg, "lr3.tsv")`` (or ``lr3.kgx.tsv``, or ``lr3``) writes
``lr3_nodes.tsv`` and ``lr3_edges.tsv`` beside it, the names ``kgx transform`` uses; a
directory gets ``nodes.tsv`` and ``edges.tsv``. Both are written in full to temporary
files before either is renamed into place.

Nodes are identified by their preferred exact CURIE (Biolink's prefix order for their
category, :mod:`mechkg.export.kgx_ids`), with mechkg's id as ``MECHKG:<id>`` among their
xrefs; an entity with no such CURIE keeps ``MECHKG:<id>`` as its id. Edges are identified
by the claim IRI. Each claim is an edge: its relation's Biolink
predicate, ``object_direction_qualifier`` (increased/decreased) with ``qualified_predicate``
``biolink:causes`` for signed causal relations, ``negated``, ``knowledge_level`` from the
evidence level, ``agent_type`` ``manual_agent``, ``publications`` (DOI, PMID or URL of the
source and of the work it reports), ``species_context_qualifier``,
``anatomical_context_qualifier``, ``has_evidence`` (ECO) and the quote as
``supporting_text``. Multi-valued cells are joined with ``|`` (a ``|`` inside a value is
written ``%7C``). Cells are not quoted (KGX reads quotes as text): a backslash, tab or
line break in a value is written ``\\\\``, ``\\t``, ``\\n`` or ``\\r``. A text cell
that a spreadsheet would run as a formula (it begins with
``=``, ``+``, ``-`` or ``@``) gets an apostrophe in front (:mod:`mechkg.cells`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from ..cells import spreadsheet_safe, tsv_escape
from ..errors import FormatError
from ..formats import FORMATS
from ..io import atomic_open
from ..model import Claim, KnowledgeGraph, Source
from ..rdf.build import claim_iri, entity_iri
from ..schema import Field
from ..vocab import ENTITY_TYPES, EVIDENCE_LEVELS
from .columns import Column, Value, columns
from .kgx_ids import node_ids, node_xrefs

__all__ = [
    "KgxFiles",
    "to_kgx",
    "write_kgx",
    "kgx_paths",
    "NODE_COLUMNS",
    "EDGE_COLUMNS",
    "KNOWLEDGE_LEVELS",
]

#: mechkg evidence level -> Biolink knowledge_level (from :mod:`mechkg.vocab`).
KNOWLEDGE_LEVELS = {e.name: e.knowledge_level for e in EVIDENCE_LEVELS.values()}
#: The infores of this resource, for ``primary_knowledge_source``.
INFORES = "infores:mechkg"
_DIRECTION = {1: "increased", -1: "decreased"}


class KgxFiles(NamedTuple):
    """The two KGX tables, as TSV text."""

    nodes: str
    edges: str


class _Context(NamedTuple):
    kg: KnowledgeGraph
    ids: dict[str, str]  # entity id -> node id

    def node(self, value: str) -> str:
        """An entity's node id; a context CURIE as it is."""
        return self.ids.get(value, value)


def _multi(values: list[str] | tuple[str, ...]) -> str:
    return "|".join(v.replace("|", "%7C") for v in values)


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


def _claim_publications(c: Claim, x: _Context) -> str:
    seen: set[str] = set()
    pubs = _publications(x.kg, c.source, seen) + _publications(x.kg, c.attributed_to, seen)
    return _multi(list(dict.fromkeys(pubs)))


def _direction(c: Claim) -> str:
    """``increased`` or ``decreased`` for a signed claim of a causal Biolink ``affects``."""
    rel = c.rel
    affects = rel.causal and rel.biolink == "biolink:affects"
    return _DIRECTION.get(rel.sign or 0, "") if affects else ""


def _value(row: Field) -> Value:
    """A field's cell, by kind: entities as node ids, lists joined with ``|``, flags as
    ``True``/``False``, absent values empty; a ``|`` in a value as ``%7C``."""
    name = row.name
    if row.kind in ("entity", "context"):
        if row.many:
            return lambda r, x: _multi([x.node(v) for v in getattr(r, name)])
        return lambda r, x: x.node(v) if (v := getattr(r, name)) else ""
    if row.many:
        return lambda r, x: _multi(getattr(r, name))
    if row.kind == "bool":
        return lambda r, x: "True" if getattr(r, name) else "False"
    # KGX splits any cell at "|", so a single value's own "|" is written %7C too
    return lambda r, x: (getattr(r, name) or "").replace("|", "%7C")


#: Fields whose KGX value is not their own (Biolink's reading of it).
_VALUES: dict[str, Value] = {
    "claim.relation": lambda c, x: f"mkg:{c.relation}",
    # "causes no change" is a negated statement in Biolink
    "claim.negated": lambda c, x: str(c.negated or c.rel.kind == "negative_result"),
    "claim.eco": lambda c, x: c.eco or c.level.eco,
    "entity.type": lambda e, x: ENTITY_TYPES[e.type],
    "entity.xrefs": lambda e, x: _multi(node_xrefs(e, x.ids[e.id])),
    "entity.synonyms": lambda e, x: _multi(
        [*e.synonyms, *(n for _, names in e.labels for n in names)]
    ),
}


def _cell(row: Field) -> Value:
    return _VALUES.get(f"{row.owner}.{row.name}") or _value(row)


def _const(name: str, value: str) -> Column:
    return Column(name, lambda r, x: value)


#: The node table: the entity fields with a KGX slot, the node id and the entity's IRI.
_NODES = columns(
    "entity",
    "kgx",
    (
        Column("id", lambda e, x: x.ids[e.id]),
        "type", "label", "description", "xrefs", "synonyms",
        Column("iri", lambda e, x: entity_iri(x.kg, e.id)),
    ),
    _cell,
)  # fmt: skip
#: The edge table: each claim field with a KGX slot, and Biolink's association columns.
_EDGES = columns(
    "claim",
    "kgx",
    (
        Column("id", lambda c, x: claim_iri(x.kg, c.id)),
        "subject",
        Column("predicate", lambda c, x: c.rel.biolink or "biolink:affects"),
        "object",
        _const("category", "biolink:Association"),
        Column("qualified_predicate", lambda c, x: "biolink:causes" if _direction(c) else ""),
        Column("object_direction_qualifier", lambda c, x: _direction(c)),
        "negated",
        Column("knowledge_level", lambda c, x: c.level.knowledge_level),
        _const("agent_type", "manual_agent"),
        _const("primary_knowledge_source", INFORES),
        Column("publications", _claim_publications),
        "species", "anatomy", "eco", "quote", "quote_lang", "evidence",
        "belief", "subject_modifier", "object_modifier",
        Column("evidence_rank", lambda c, x: str(c.rank)),
        "relation", "model", "method", "source", "attributed_to", "note",
    ),
    _cell,
)  # fmt: skip
NODE_COLUMNS: tuple[str, ...] = tuple(c.name for c in _NODES)
EDGE_COLUMNS: tuple[str, ...] = tuple(c.name for c in _EDGES)


def _safe(value: Any) -> Any:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _rows(cols: tuple[Column, ...], records: Any, x: _Context) -> list[dict[str, Any]]:
    """The table's rows; every text cell :func:`~mechkg.cells.spreadsheet_safe` (a
    label ``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)``)."""
    return [{c.name: _safe(c.value(r, x)) for c in cols} for r in records]


def _table(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """TSV as KGX reads it: no quoting, tabs and line breaks escaped (:func:`tsv_escape`)."""
    lines = ["\t".join(columns)]
    for row in rows:
        lines.append("\t".join(tsv_escape(str(row.get(c) or "")) for c in columns))
    return "\n".join(lines) + "\n"


def to_kgx(kg: KnowledgeGraph) -> KgxFiles:
    """The graph as KGX nodes and edges tables (deterministic).

    Examples
    --------
    >>> import mechkg
    >>> files = to_kgx(mechkg.load())
    >>> files.edges.splitlines()[0].split("\\t")[:4]
    ['id', 'subject', 'predicate', 'object']
    """
    x = _Context(kg, node_ids(kg))
    nodes = sorted(_rows(_NODES, kg.entities.values(), x), key=lambda row: row["id"])
    edges = _rows(_EDGES, kg.claims.values(), x)
    return KgxFiles(_table(NODE_COLUMNS, nodes), _table(EDGE_COLUMNS, edges))


def kgx_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where :func:`write_kgx` puts the nodes and edges files for ``path``."""
    target = Path(path)
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        return target / "nodes.tsv", target / "edges.tsv"
    name = target.name
    if name.lower() in ("nodes.tsv", "edges.tsv"):  # the names of a folder's pair
        return target.with_name("nodes.tsv"), target.with_name("edges.tsv")
    for suffix in sorted(FORMATS["kgx"].extensions, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return target.with_name(f"{name}_nodes.tsv"), target.with_name(f"{name}_edges.tsv")


def write_kgx(kg: KnowledgeGraph, path_or_file: Any) -> tuple[Path, Path]:
    """Write the KGX nodes and edges files for ``path_or_file`` (see the module
    docstring); both appear whole or neither changes. Returns their paths.

    Both files are written in full to temporary files first; then the edges file is
    renamed into place, then the nodes file. If that second rename fails, the first is
    undone: the old edges file is written back (atomically), or the new one removed.

    Raises
    ------
    FormatError
        For an open file (KGX is two files): give a path.
    OSError
        When either file cannot be written or replaced; neither has changed.
    """
    if not isinstance(path_or_file, (str, os.PathLike)):
        raise FormatError(
            "KGX is two files (nodes and edges); give an output path such as -o lr3.tsv "
            "(writes lr3_nodes.tsv and lr3_edges.tsv) or a directory"
        )
    files = to_kgx(kg)
    nodes_path, edges_path = kgx_paths(path_or_file)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    old_edges = edges_path.read_bytes() if edges_path.is_file() else None
    edges_replaced = False
    try:
        with atomic_open(nodes_path) as nodes:  # renamed last, when the block ends
            nodes.write(files.nodes)
            with atomic_open(edges_path) as edges:
                edges.write(files.edges)
            edges_replaced = True
    except BaseException:
        if edges_replaced and old_edges is None:
            edges_path.unlink()
        elif edges_replaced:
            with atomic_open(edges_path, "wb") as edges:
                edges.write(old_edges)
        raise
    return nodes_path, edges_path
