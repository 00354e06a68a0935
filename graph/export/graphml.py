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
from ..model import Claim, Entity, KnowledgeGraph
from ..rdf.build import claim_iri, entity_iri
from ..vocab import ENTITY_TYPES, RELATIONS

__all__ = ["to_graphml", "write_graphml", "NODE_KEYS", "EDGE_KEYS"]

#: Node attributes: (name, GraphML type).
NODE_KEYS: tuple[tuple[str, str], ...] = (
    ("label", "string"),
    ("type", "string"),
    ("category", "string"),
    ("iri", "string"),
    ("synonyms", "string"),
    ("labels", "string"),
    ("xrefs", "string"),
    ("broad_matches", "string"),
    ("close_matches", "string"),
    ("description", "string"),
)
#: Edge attributes: (name, GraphML type).
EDGE_KEYS: tuple[tuple[str, str], ...] = (
    ("claim", "string"),
    ("iri", "string"),
    ("relation", "string"),
    ("kind", "string"),
    ("sign", "string"),
    ("evidence", "string"),
    ("rank", "int"),
    ("source", "string"),
    ("source_title", "string"),
    ("source_link", "string"),
    ("attributed_to", "string"),
    ("quote", "string"),
    ("quote_lang", "string"),
    ("species", "string"),
    ("anatomy", "string"),
    ("model", "string"),
    ("method", "string"),
    ("eco", "string"),
    ("negated", "boolean"),
    ("note", "string"),
    ("ro", "string"),
    ("biolink", "string"),
)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR = {**_TEXT, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _text(value: str) -> str:
    return "".join(_TEXT.get(ch, ch) for ch in _clean(value))


def _attr(value: str) -> str:
    return '"' + "".join(_ATTR.get(ch, ch) for ch in _clean(value)) + '"'


def _join(values: tuple[str, ...] | list[str]) -> str:
    return "|".join(values)


def _node_data(kg: KnowledgeGraph, e: Entity) -> dict[str, Any]:
    return {
        "label": e.label,
        "type": e.type,
        "category": ENTITY_TYPES.get(e.type),
        "iri": entity_iri(kg, e.id),
        "synonyms": _join(e.synonyms) or None,
        "labels": _join([f"{lang}:{name}" for lang, names in e.labels for name in names]) or None,
        "xrefs": _join(e.xrefs) or None,
        "broad_matches": _join(e.broad_matches) or None,
        "close_matches": _join(e.close_matches) or None,
        "description": e.description,
    }


def _edge_data(kg: KnowledgeGraph, c: Claim) -> dict[str, Any]:
    rel = RELATIONS[c.relation]
    src = kg.sources.get(c.source)
    return {
        "claim": c.id,
        "iri": claim_iri(kg, c.id),
        "relation": c.relation,
        "kind": rel.kind,
        "sign": {1: "+", -1: "-", 0: "0", None: "?"}[c.sign],
        "evidence": c.evidence,
        "rank": c.rank,
        "source": c.source,
        "source_title": src.title if src else None,
        "source_link": src.link if src else None,
        "attributed_to": c.attributed_to,
        "quote": c.quote,
        "quote_lang": c.quote_lang,
        "species": c.species,
        "anatomy": _join(c.anatomy) or None,
        "model": c.model,
        "method": _join(c.method) or None,
        "eco": c.eco,
        "negated": c.negated,
        "note": c.note,
        "ro": rel.ro,
        "biolink": rel.biolink,
    }


def _value(kind: str, value: Any) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    return _text(str(value))


def _data(keys: tuple[tuple[str, str], ...], prefix: str, data: dict[str, Any]) -> Iterator[str]:
    for i, (name, kind) in enumerate(keys):
        value = data.get(name)
        if value is not None:
            yield f'      <data key="{prefix}{i}">{_value(kind, value)}</data>\n'


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
        yield from _data(NODE_KEYS, "n", _node_data(kg, e))
        yield "    </node>\n"
    for c in kg.claims.values():
        yield (f"    <edge id={_attr(c.id)} source={_attr(c.subject)} target={_attr(c.object)}>\n")
        yield from _data(EDGE_KEYS, "e", _edge_data(kg, c))
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
