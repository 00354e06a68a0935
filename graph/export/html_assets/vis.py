"""vis-network data for the HTML export: node and edge styles, options and the legend.

The encoding: node colour and shape by entity type; edge colour and arrowhead by sign
(increases, decreases, unsigned, no change), edge width by evidence level, dashes for
evidence without data in the source, dots and a NOT label for negated claims. The claims of
one pair of entities with one look are one edge (its ``claims`` listed, the count as its
label); entities only named as a claim's context are not drawn.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ...model import KnowledgeGraph
from ...vocab import EVIDENCE_LEVELS, RELATIONS

__all__ = [
    "LARGE_GRAPH",
    "LAYERED_MAX",
    "TYPE_STYLES",
    "SIGN_STYLES",
    "OTHER_TYPE",
    "FOCUS_COLOUR",
    "PALETTE",
    "drawn_entities",
    "edge_groups",
    "vis_data",
    "layout",
    "legend",
]

#: Graphs with more nodes than this get the fast style: straight edges, smaller labels,
#: edges hidden while dragging.
LARGE_GRAPH = 1000
#: Graphs up to this many nodes get the layered, left-to-right layout (cause before
#: effect); larger ones a force-directed layout.
LAYERED_MAX = 300

#: Entity type -> (colour, vis-network shape). Shapes group the types: molecules are
#: dots, interventions stars, processes diamonds, behaviour and disease triangles,
#: anatomy hexagons and squares.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Gene": ("#b07aa1", "dot"),
    "Protein": ("#4e79a7", "dot"),
    "MacromolecularComplex": ("#2c4f7c", "dot"),
    "SmallMolecule": ("#f28e2b", "dot"),
    "ChemicalEntity": ("#e0ac2b", "dot"),
    "Procedure": ("#17a2a8", "star"),
    "Treatment": ("#0e6e8c", "star"),
    "BiologicalProcess": ("#ff7fa6", "diamond"),
    "Behavior": ("#9467bd", "triangle"),
    "BehavioralFeature": ("#7b4fa6", "triangle"),
    "PhenotypicFeature": ("#a58b80", "triangle"),
    "Disease": ("#5b3a29", "triangle"),
    "AnatomicalEntity": ("#8fbbd9", "hexagon"),
    "Cell": ("#76b7b2", "hexagon"),
    "CellularComponent": ("#c9b28f", "square"),
    "OrganismTaxon": ("#79706e", "triangleDown"),
}
OTHER_TYPE = ("#9c9c9c", "dot")
#: The ring of a focused entity (``export --focus``).
FOCUS_COLOUR = "#0b6fb8"
#: Colours of the values of a colour-by choice (source, species, condition ...), most
#: frequent value first; further values share the last, grey.
PALETTE = [
    "#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1",
    "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac",
]  # fmt: skip

#: Sign -> (legend label, colour). None is "sign unknown".
SIGN_STYLES: dict[int | None, tuple[str, str]] = {
    1: ("increases", "#1a9641"),
    -1: ("decreases", "#d7301f"),
    None: ("unsigned (regulates, associated, part of)", "#5f7587"),
    0: ("causes no change", "#8c6d1f"),
}
_NEGATED = ("negated: the source says it does not hold", "#9a9a9a")
_DASH_WEAK = [8, 5]  # evidence without data in the source: hypothesis, background, inferred
_DASH_NEGATED = [2, 5]


def _arrow(relation: str) -> str | None:
    rel = RELATIONS[relation]
    if rel.kind == "correlative":
        return None  # correlations have no direction worth an arrowhead
    if rel.kind == "structural":
        return "vee"
    return {1: "arrow", -1: "bar", 0: "circle", None: "arrow"}[rel.sign]


def _width(rank: int) -> float:
    return round(1.0 + 0.65 * rank, 2)


def drawn_entities(kg: KnowledgeGraph, context_fields: tuple[str, ...]) -> list[str]:
    """Entities drawn as nodes: every end of a claim and every entity no claim names; an
    entity only named as a claim's context (a model, an anatomy) is shown on its edges."""
    ends = {end for c in kg.claims.values() for end in (c.subject, c.object)}
    context = {
        entity for c in kg.claims.values() for name in context_fields for entity in _values(c, name)
    }
    return [e for e in kg.entities if e in ends or e not in context]


def _values(claim: Any, name: str) -> tuple[str, ...]:
    value = getattr(claim, name)
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def edge_groups(kg: KnowledgeGraph) -> list[list[str]]:
    """Claim ids grouped into drawn edges: one per subject, object and look (sign, arrow,
    negation), in claim order."""
    groups: dict[tuple[str, str, str, str | None], list[str]] = {}
    for c in kg.claims.values():
        colour = _NEGATED[1] if c.negated else SIGN_STYLES[RELATIONS[c.relation].sign][1]
        groups.setdefault((c.subject, c.object, colour, _arrow(c.relation)), []).append(c.id)
    return list(groups.values())


def _crosses_a_node(
    positions: dict[str, tuple[float, float]], a: str, b: str, drawn: list[str]
) -> bool:
    """Whether the straight line from ``a`` to ``b`` passes within 30 units of another
    drawn node (a layered layout puts chains in one row)."""
    (ax, ay), (bx, by) = positions[a], positions[b]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return False
    for node in drawn:
        if node in (a, b):
            continue
        px, py = positions[node]
        t = ((px - ax) * dx + (py - ay) * dy) / length
        if 0 < t < 1 and math.hypot(ax + t * dx - px, ay + t * dy - py) < 30:
            return True
    return False


def vis_data(
    kg: KnowledgeGraph,
    positions: dict[str, tuple[float, float]],
    drawn: list[str],
    focus: tuple[str, ...] = (),
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """vis-network nodes, edges (one per group of :func:`edge_groups`, its claims listed
    in ``claims``) and options, assembled on a pyvis ``Network``."""
    from pyvis.network import Network

    large = len(drawn) > LARGE_GRAPH
    degree = dict.fromkeys(kg.entities, 0)
    for c in kg.claims.values():
        degree[c.subject] += 1
        degree[c.object] += 1

    nodes = []
    for eid in drawn:
        e = kg.entities[eid]
        x, y = positions[e.id]
        node: dict[str, Any] = {"id": e.id, "label": e.label, "group": e.type, "x": x, "y": y}
        if not large:
            node["size"] = round(min(30.0, 12.0 + 4.0 * math.log2(1 + degree[e.id])), 1)
        if e.id in focus:
            colour = TYPE_STYLES.get(e.type, OTHER_TYPE)[0]
            node["focus"] = True
            node["borderWidth"] = 5
            node["color"] = {"background": colour, "border": FOCUS_COLOUR}
            node["shadow"] = {"enabled": True, "color": FOCUS_COLOUR, "size": 18, "x": 0, "y": 0}
            node["font"] = {"size": 21 if not large else 16}
        nodes.append(node)

    edges = []
    pair_count: dict[tuple[str, str], int] = {}
    for number, group in enumerate(edge_groups(kg)):
        claims = [kg.claims[cid] for cid in group]
        best = claims[0] if len(claims) == 1 else max(claims, key=lambda c: c.rank)
        first = claims[0]
        colour = _NEGATED[1] if first.negated else SIGN_STYLES[RELATIONS[first.relation].sign][1]
        edge: dict[str, Any] = {
            "id": f"e{number}",
            "from": first.subject,
            "to": first.object,
            "claims": group,
            "width": _width(best.rank),
        }
        arrow = _arrow(first.relation)
        edge["arrows"] = {"to": {"enabled": arrow is not None, "type": arrow or "arrow"}}
        label = "NOT" if first.negated else ""
        if len(group) > 1:
            label = (label + " \u00d7" + str(len(group))).strip()
        if label:
            edge["label"] = label
        if first.negated:
            edge["dashes"] = _DASH_NEGATED
        elif not best.level.has_data:
            edge["dashes"] = _DASH_WEAK
        if not best.level.has_data and not first.negated:
            edge["color"] = {"color": colour, "opacity": 0.6}  # claims without data recede
        else:
            edge["color"] = {"color": colour, "opacity": 1.0}
        if not large:
            # Edges of one pair with different looks curve apart so that each stays
            # visible, and so does an edge whose straight line would run through a node.
            key = (min(first.subject, first.object), max(first.subject, first.object))
            nth = pair_count.get(key, 0)
            pair_count[key] = nth + 1
            if (
                not nth
                and len(drawn) <= LAYERED_MAX
                and _crosses_a_node(positions, first.subject, first.object, drawn)
            ):
                nth = 1
            if nth:
                curve = "curvedCW" if (first.subject, first.object) == key else "curvedCCW"
                edge["smooth"] = {
                    "enabled": True,
                    "type": curve,
                    "roundness": round(0.08 + 0.17 * nth, 2),
                }
        edges.append(edge)

    groups = {}
    for type_name in sorted({kg.entities[e].type for e in drawn}):
        colour, shape = TYPE_STYLES.get(type_name, OTHER_TYPE)
        groups[type_name] = {
            "shape": shape,
            "color": {
                "background": colour,
                "border": "#2b2b2b",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
        }
    options = {
        "autoResize": True,
        "groups": groups,
        "nodes": {
            "borderWidth": 1.5,
            "size": 10 if large else 16,
            "widthConstraint": {"maximum": 120 if large else 170},  # long labels wrap
            "font": {
                "size": 12 if large else 17,
                "face": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "color": "#1d1d1d",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrowStrikethrough": False,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
            "smooth": False,
            "font": {"size": 11, "color": "#555555", "strokeWidth": 3, "align": "top"},
        },
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": False,
            "multiselect": False,
            "tooltipDelay": 100,
        },
    }
    net = Network(directed=True, cdn_resources="in_line")
    # Filled directly: add_node/add_edge scan a list on every call.
    net.nodes = nodes
    net.edges = edges
    net.options = options
    vis_nodes, vis_edges, *_, vis_options = net.get_network_data()
    return vis_nodes, vis_edges, json.loads(vis_options)


def layout(kg: KnowledgeGraph, ids: list[str]) -> dict[str, tuple[float, float]]:
    """Positions of the drawn entities ``ids``."""
    from .layout import force_layout, layered_layout

    if len(ids) <= LAYERED_MAX:
        pairs: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
        for c in kg.claims.values():
            pairs[RELATIONS[c.relation].kind == "structural"].append((c.subject, c.object))
        return layered_layout(ids, pairs[False], pairs[True])
    return force_layout(ids, [(c.subject, c.object) for c in kg.claims.values()])


def legend() -> dict[str, Any]:
    signs = [
        [label, colour, arrow]
        for label, colour, arrow in (
            (SIGN_STYLES[1][0], SIGN_STYLES[1][1], "arrow"),
            (SIGN_STYLES[-1][0], SIGN_STYLES[-1][1], "bar"),
            (SIGN_STYLES[None][0], SIGN_STYLES[None][1], "arrow"),
            (SIGN_STYLES[0][0], SIGN_STYLES[0][1], "circle"),
            ("correlation (no arrowhead)", SIGN_STYLES[1][1], None),
            (_NEGATED[0], _NEGATED[1], "arrow"),
        )
    ]
    evidence = [
        [level.name, level.rank, _width(level.rank), not level.has_data, level.definition]
        for level in EVIDENCE_LEVELS.values()
    ]
    return {
        "signs": signs,
        "evidence": evidence,
        "dash_weak": _DASH_WEAK,
        "dash_negated": _DASH_NEGATED,
    }
