"""The networkx projection: one node per entity, one keyed edge per claim."""

from __future__ import annotations

import networkx as nx
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.nx import to_networkx


def small() -> KnowledgeGraph:
    return KnowledgeGraph(
        entities={
            "a": Entity("a", "A", "Gene"),
            "b": Entity("b", "B", "Protein"),
            "lonely": Entity("lonely", "L", "Cell"),
        },
        sources={"s": Source("s", "article")},
        claims={
            "c1": Claim("c1", "a", "increases", "b", "experiment", "s", species="NCBITaxon:10090"),
            "c2": Claim("c2", "a", "decreases", "b", "hypothesis", "s"),
            "c3": Claim("c3", "b", "increases", "a", "inferred", "s", negated=True),
            "c4": Claim("c4", "b", "part_of", "a", "background", "s"),
        },
    )


def test_nodes_edges_and_attributes():
    g = to_networkx(small())
    assert isinstance(g, nx.MultiDiGraph)
    assert list(g.nodes) == ["a", "b", "lonely"]
    assert g.nodes["a"] == {"label": "A", "type": "Gene"}
    assert sorted(g.edges(keys=True)) == [
        ("a", "b", "c1"), ("a", "b", "c2"), ("b", "a", "c3"), ("b", "a", "c4"),
    ]  # fmt: skip
    assert g.edges["a", "b", "c1"] == {
        "relation": "increases", "sign": 1, "evidence": "experiment", "rank": 4,
        "species": "NCBITaxon:10090", "source": "s", "negated": False, "kind": "causal",
    }  # fmt: skip
    assert g.edges["a", "b", "c2"]["sign"] == -1
    assert g.edges["b", "a", "c3"]["sign"] is None and g.edges["b", "a", "c3"]["negated"]
    assert g.edges["b", "a", "c4"]["kind"] == "structural"
    assert g.graph["base"] == small().base


def test_negated_claims_can_be_left_out():
    g = to_networkx(small(), include_negated=False)
    assert ("b", "a", "c3") not in g.edges(keys=True)
    assert g.number_of_edges() == 3


def test_pure_and_deterministic(thorough):
    first, second = to_networkx(thorough), to_networkx(thorough)
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))
    assert first.number_of_edges() == len(thorough.claims)
    assert set(first.nodes) == set(thorough.entities)
