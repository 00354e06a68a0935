"""GraphML export: networkx reads back every node and edge attribute."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from mechkg.export import infer_format
from mechkg.export.graphml import EDGE_KEYS, NODE_KEYS, to_graphml, write_graphml
from mechkg.vocab import ENTITY_TYPES, RELATIONS

from tests.sparql.nasty import NASTY_TEXT, nasty_graph


def read(text: str) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)


def check_round_trip(kg) -> nx.MultiDiGraph:
    g = read(to_graphml(kg))
    assert set(g.nodes) == set(kg.entities)
    assert g.graph["base"] == kg.base
    for e in kg.entities.values():
        data = g.nodes[e.id]
        assert data["label"] == e.label and data["type"] == e.type
        assert data["category"] == ENTITY_TYPES[e.type]
        assert data.get("xrefs", "") == "|".join(e.xrefs)
        assert data.get("synonyms", "") == "|".join(e.synonyms)
        assert data.get("close_matches", "") == "|".join(e.close_matches)
        assert data.get("description") == e.description
        assert data["iri"].startswith(kg.base + "entity/")
    edges = {key: (u, v, d) for u, v, key, d in g.edges(keys=True, data=True)}
    assert set(edges) == set(kg.claims)
    for c in kg.claims.values():
        u, v, d = edges[c.id]
        assert (u, v) == (c.subject, c.object)
        assert d["claim"] == c.id and d["relation"] == c.relation
        assert d["evidence"] == c.evidence and d["rank"] == c.rank
        assert d["negated"] is c.negated
        assert d["sign"] == {1: "+", -1: "-", 0: "0", None: "?"}[c.sign]
        assert d["source"] == c.source and d.get("quote") == c.quote
        assert d.get("quote_lang") == c.quote_lang and d.get("species") == c.species
        assert d.get("anatomy", "") == "|".join(c.anatomy)
        assert d.get("model") == c.model and d.get("method", "") == "|".join(c.method)
        assert d.get("attributed_to") == c.attributed_to and d.get("note") == c.note
        assert d["kind"] == RELATIONS[c.relation].kind
    return g


def test_lr3_round_trips_every_attribute(lr3):
    g = check_round_trip(lr3)
    assert g.edges["lr3_acupuncture", "bdnf", "acu_bdnf"]["source_title"]


def test_thorough_round_trips(thorough):
    check_round_trip(thorough)


def test_nasty_text_round_trips():
    check_round_trip(nasty_graph())
    g = read(to_graphml(nasty_graph()))
    assert NASTY_TEXT in {d.get("quote") for _, _, d in g.edges(data=True)}


def test_characters_xml_cannot_carry_are_replaced(thorough):
    from dataclasses import replace

    claims = dict(thorough.claims)
    first = next(iter(claims))
    claims[first] = replace(claims[first], quote="nul\x00 and bell\x07 end")
    kg = type(thorough)(thorough.entities, thorough.sources, claims, base=thorough.base)
    text = to_graphml(kg)
    ET.fromstring(text.encode("utf-8"))  # well-formed
    quotes = {d.get("quote") for _, _, d in read(text).edges(data=True)}
    assert "nul\ufffd and bell\ufffd end" in quotes


def test_keys_are_typed_and_unique(lr3):
    root = ET.fromstring(to_graphml(lr3).encode("utf-8"))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = root.findall(f"{ns}key")
    assert len(keys) == 1 + len(NODE_KEYS) + len(EDGE_KEYS)
    assert len({k.get("id") for k in keys}) == len(keys)
    assert {k.get("attr.type") for k in keys} == {"string", "int", "boolean"}


def test_deterministic_and_written_atomically(lr3, tmp_path):
    assert to_graphml(lr3) == to_graphml(lr3)
    path = tmp_path / "lr3.graphml"
    write_graphml(lr3, path)
    assert path.read_text(encoding="utf-8") == to_graphml(lr3)
    buffer = io.StringIO()
    write_graphml(lr3, buffer)
    assert buffer.getvalue() == to_graphml(lr3)
    assert infer_format(path).name == "graphml"


def test_cli_export(cli, tmp_path):
    out = tmp_path / "bdnf.graphml"
    result = cli("export", "graphml", "--focus", "BDNF", "-o", out)
    assert result.exit_code == 0, result.stderr
    g = read(out.read_text(encoding="utf-8"))
    assert "bdnf" in g.nodes and g.number_of_edges() > 0


@pytest.mark.parametrize("bad_id", ['a"b', "x<y>&z", "new\nline", "tab\tid", " lead"])
def test_node_ids_survive_xml_attributes(thorough, bad_id):
    from mechkg.model import Claim, Entity, KnowledgeGraph, Source

    kg = KnowledgeGraph(
        {bad_id: Entity(bad_id, "A", "Gene"), "b": Entity("b", "B", "Gene")},
        {"s": Source("s", "article")},
        {bad_id: Claim(bad_id, bad_id, "increases", "b", "experiment", "s")},
    )
    g = read(to_graphml(kg))
    assert bad_id in g.nodes and (bad_id, "b", bad_id) in g.edges
