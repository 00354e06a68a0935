"""Strict SPARQL term syntax: hostile text can never change a query."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mechkg.rdf.terms import IRI, Literal
from mechkg.sparql.terms import iri, literal, term, values

HOSTILE = [
    'a" } ; DROP ALL ; #',
    "x'} UNION { ?s ?p ?o }",
    "line\nbreak\r\n",
    "> <http://evil/> {",
    "back\\slash\\u0022 and \\",
    "\\u0022} ; CLEAR ALL #",
    "tab\there\b\f",
    '"""triple"""',
    "{}|^`",
    "nål ✓ 🧠",
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    p = ox.NamedNode("http://ex.org/p")
    for i, text in enumerate(HOSTILE):
        s.add(ox.Quad(ox.NamedNode(f"http://ex.org/s{i}"), p, ox.Literal(text)))
    s.add(ox.Quad(ox.NamedNode("http://ex.org/canary"), p, ox.Literal("alive")))
    return s


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_literal_matches_only_itself(store, text):
    rows = list(store.query(f"SELECT ?s WHERE {{ ?s <http://ex.org/p> {literal(text)} }}"))
    assert [r["s"].value for r in rows] == [f"http://ex.org/s{HOSTILE.index(text)}"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_literal_in_update_inserts_one_literal(text):
    s = ox.Store()
    s.update(f"INSERT DATA {{ <http://ex.org/a> <http://ex.org/p> {literal(text)} }}")
    assert [q.object.value for q in s] == [text]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_text_round_trips_through_a_literal(text):
    s = ox.Store()
    s.update(f"INSERT DATA {{ <http://ex.org/a> <http://ex.org/p> {literal(text)} }}")
    assert [q.object.value for q in s] == [text]


def test_language_and_datatype():
    assert literal("nål", lang="nb") == '"nål"@nb'
    assert literal("4", datatype="http://www.w3.org/2001/XMLSchema#integer") == (
        '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )
    with pytest.raises(ValueError, match="language tag"):
        literal("x", lang="en } ; DROP ALL")
    with pytest.raises(ValueError, match="IRI"):
        literal("x", datatype="http://x/> ; DROP ALL ; <")
    with pytest.raises(ValueError, match="surrogate"):
        literal("\ud800")
    with pytest.raises(TypeError):
        literal(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        "http://x/> } ; DROP ALL ; <http://y/",
        "http://x/a b",
        "http://x/\n",
        'http://x/"',
        "http://x/{}",
        "http://x/%zz",
        "relative/path",
        "",
    ],
)
def test_bad_iris_are_refused(bad):
    with pytest.raises(ValueError):
        iri(bad)


def test_good_iris_and_terms():
    assert iri("https://w3id.org/mechkg/data/entity/a%20b") == (
        "<https://w3id.org/mechkg/data/entity/a%20b>"
    )
    assert term(IRI("http://ex.org/x")) == "<http://ex.org/x>"
    assert term(Literal('a"b', lang="en")) == '"a\\"b"@en'
    assert values("x", ["http://a/", "http://b/"]) == "VALUES ?x { <http://a/> <http://b/> }"
    with pytest.raises(ValueError):
        values("x }", ["http://a/"])
