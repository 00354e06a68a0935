"""GraphML export for Cytoscape, Gephi, yEd and networkx.

One node per entity, one directed edge per claim (edge id = claim id, so parallel claims
stay apart). Every attribute is declared with a GraphML type and read back by
``networkx.read_graphml``; multi-valued attributes (synonyms, xrefs, anatomy, method)
are joined with ``|``. Text is XML-escaped; characters XML 1.0 cannot carry at all
(NUL and most other C0 controls) become U+FFFD. Output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..io import write_output
from ..model import KnowledgeGraph
from ..rdf.build import claim_iri, entity_iri
from ..schema import Field
from ..vocab import ENTITY_TYPES
from .columns import Column, Value, columns

__all__ = ["to_graphml", "write_graphml", "NODE_KEYS", "EDGE_KEYS"]


def _join(values: tuple[str, ...] | list[str]) -> str:
    return "|".join(values)


def _value(row: Field) -> Value:
    """A field's attribute: its value; a list joined with ``|`` (names in other languages
    as ``lang:name``); None (no attribute) when absent or empty."""
    name = row.name
    if row.kind == "labels":
        return lambda r, kg: (
            _join([f"{lang}:{n}" for lang, names in getattr(r, name) for n in names]) or None
        )
    if row.many:
        return lambda r, kg: _join(getattr(r, name)) or None
    return lambda r, kg: getattr(r, name)


def _type(row: Field) -> str:
    return "boolean" if row.kind == "bool" else "string"


#: Node attributes: the entity fields with a GraphML key, the Biolink category, the IRI.
_NODES = columns(
    "entity",
    "graphml",
    (
        "label", "type",
        Column("category", lambda e, kg: ENTITY_TYPES.get(e.type)),
        Column("iri", lambda e, kg: entity_iri(kg, e.id)),
    ),
    _value,
    _type,
)  # fmt: skip
#: Edge attributes: the claim fields with a GraphML key, and what the relation, the
#: evidence level and the source add.
_EDGES = columns(
    "claim",
    "graphml",
    (
        "id",
        Column("iri", lambda c, kg: claim_iri(kg, c.id)),
        "relation",
        Column("kind", lambda c, kg: c.rel.kind),
        Column("sign", lambda c, kg: {1: "+", -1: "-", 0: "0", None: "?"}[c.sign]),
        "evidence",
        Column("rank", lambda c, kg: c.rank, "int"),
        "source",
        Column("source_title", lambda c, kg: (src := kg.sources.get(c.source)) and src.title),
        Column("source_link", lambda c, kg: (src := kg.sources.get(c.source)) and src.link),
        "attributed_to", "quote", "quote_lang", "species", "anatomy", "model", "method",
        "eco", "negated", "note",
        Column("ro", lambda c, kg: c.rel.ro),
        Column("biolink", lambda c, kg: c.rel.biolink),
    ),
    _value,
    _type,
)  # fmt: skip
#: Node attributes: (name, GraphML type).
NODE_KEYS: tuple[tuple[str, str], ...] = tuple((c.name, c.type) for c in _NODES)
#: Edge attributes: (name, GraphML type).
EDGE_KEYS: tuple[tuple[str, str], ...] = tuple((c.name, c.type) for c in _EDGES)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR = {**_TEXT, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _text(value: str) -> str:
    return "".join(_TEXT.get(ch, ch) for ch in _clean(value))


def _attr(value: str) -> str:
    return '"' + "".join(_ATTR.get(ch, ch) for ch in _clean(value)) + '"'


def _text_of(kind: str, value: Any) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    return _text(str(value))


def _data(cols: tuple[Column, ...], prefix: str, record: Any, kg: KnowledgeGraph) -> Iterator[str]:
    for i, col in enumerate(cols):
        value = col.value(record, kg)
        if value is not None:
            yield f'      <data key="{prefix}{i}">{_text_of(col.type, value)}</data>\n'


def _lines(kg: KnowledgeGraph) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    yield '  <key id="g0" for="graph" attr.name="base" attr.type="string"/>\n'
    for prefix, target, keys in (("n", "node", NODE_KEYS), ("e", "edge", EDGE_KEYS)):
        for i, (name, kind) in enumerate(keys):
            yield (
                f'  <key id="{prefix}{i}" for="{target}" attr.name="{name}" attr.type="{kind}"/>\n'
            )
    yield '  <graph id="mechkg" edgedefault="directed">\n'
    yield f'    <data key="g0">{_text(kg.base)}</data>\n'
    for e in kg.entities.values():
        yield f"    <node id={_attr(e.id)}>\n"
        yield from _data(_NODES, "n", e, kg)
        yield "    </node>\n"
    for c in kg.claims.values():
        yield (f"    <edge id={_attr(c.id)} source={_attr(c.subject)} target={_attr(c.object)}>\n")
        yield from _data(_EDGES, "e", c, kg)
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def to_graphml(kg: KnowledgeGraph) -> str:
    """The graph as GraphML (deterministic).

    Examples
    --------
    >>> import mechkg, networkx as nx, io
    >>> g = nx.read_graphml(io.BytesIO(to_graphml(mechkg.load()).encode()))
    >>> g.nodes["bdnf"]["label"], g.edges["lr3_acupuncture", "bdnf", "acu_bdnf"]["rank"]
    ('BDNF', 4)
    """
    return "".join(_lines(kg))


def write_graphml(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write the graph as GraphML to a path (atomically) or an open text file."""
    write_output(path_or_file, to_graphml(kg))
