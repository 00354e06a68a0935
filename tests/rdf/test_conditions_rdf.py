"""Conditions and necessity tests in RDF: the SHACL shapes accept them and catch their
misuse, and another store can query them (the docs' SPARQL example)."""

from __future__ import annotations

from pathlib import Path

import mechkg
import pyoxigraph as ox
import pytest
import rdflib
from mechkg.export import exporter
from mechkg.ontology import ONTOLOGY_PATH, SHAPES_PATH
from mechkg.vocab import MKG

DATA = Path(__file__).parent.parent / "data" / "conditions"
FILES = [DATA / "qualifiers.yaml", DATA / "ketamine.yaml"]


@pytest.fixture(scope="module")
def kg():
    return mechkg.load(FILES)


@pytest.fixture(scope="module")
def turtle(kg, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("conditions") / "graph.ttl"
    exporter("turtle")[1](kg, path)
    return path


def _shacl(data: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(
        data,
        shacl_graph=rdflib.Graph().parse(SHAPES_PATH),
        ont_graph=rdflib.Graph().parse(ONTOLOGY_PATH),
        inference="none",
    )
    return conforms, text


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_every_condition_qualifier_conforms(kg, fmt, tmp_path):
    path = tmp_path / f"graph.{fmt}"
    exporter(fmt)[1](kg, path)
    conforms, text = _shacl(
        rdflib.Graph().parse(path, format={"ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt))
    )
    assert conforms, text


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ('INSERT DATA { claim:base mkg:time "24 h" }', "at most one mkg:time"),
        ('INSERT DATA { claim:base mkg:dose "1 mg/kg" }', "at most one mkg:dose"),
        ('INSERT DATA { claim:ko mkg:condition "knockout" }', "Each mkg:condition"),
        ("INSERT DATA { claim:ko mkg:requires src:paper }", "Each mkg:requires"),
        ("INSERT DATA { claim:ko mkg:independentOf src:paper }", "Each mkg:independentOf"),
        ('INSERT DATA { claim:ko mkg:figure 2 }', "at most one mkg:figure, a plain string"),
    ],
)  # fmt: skip
def test_shapes_catch_misused_qualifiers(kg, turtle, update, message):
    data = rdflib.Graph().parse(turtle)
    data.update(
        f"PREFIX mkg: <{MKG}> PREFIX claim: <{kg.base}claim/> PREFIX src: <{kg.base}source/> "
        + update
    )
    conforms, text = _shacl(data)
    assert not conforms and message in text, text


def test_a_store_finds_the_mediators_an_effect_requires(kg, turtle):
    store = ox.Store()
    store.load(path=str(turtle), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        f"""PREFIX mkg: <{MKG}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?claim ?effect ?mediator ?condition WHERE {{
          ?c a mkg:Claim ; mkg:requires ?m ; rdf:subject ?s ; rdf:object ?o ;
             <http://purl.org/dc/terms/identifier> ?claim .
          ?s rdfs:label ?sl . ?o rdfs:label ?ol . ?m rdfs:label ?mediator .
          OPTIONAL {{ ?c mkg:condition ?k . ?k rdfs:label ?condition }}
          BIND(CONCAT(STR(?sl), " -> ", STR(?ol)) AS ?effect)
          FILTER(STRSTARTS(STR(?s), "{kg.base}entity/ketamine"))
        }} ORDER BY ?claim ?mediator"""
    )
    got = [tuple(str(row[v].value) for v in ("claim", "effect", "mediator", "condition"))
           for row in rows]  # fmt: skip
    assert got == [
        ("autry_bdnf_ko", "ketamine -> depression-like behaviour", "BDNF", "BDNF knockout"),
        ("li_rapamycin.1", "ketamine -> spine synapse formation", "mTOR signalling", "rapamycin"),
        ("li_rapamycin_behaviour", "ketamine -> depression-like behaviour", "mTOR signalling",
         "rapamycin"),
    ]  # fmt: skip
