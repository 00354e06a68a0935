"""Strictness: whatever the ids, labels and quotes, every RDF export loads in strict
parsers (``oxigraph convert``), conforms to the SHACL shapes, has only valid IRIs and
well-typed literals, reads back to the same claims, and survives a trip through a store."""

from __future__ import annotations

import subprocess

import mechkg
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mechkg.export import exporter
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.ontology import ONTOLOGY_PATH, SHAPES_PATH
from mechkg.paths import find_paths
from mechkg.rdf.terms import check_iri
from mechkg.sparql import find_paths_sparql, push, query_endpoint

from tests.oxigraph_server import oxigraph_binary
from tests.sparql.nasty import NASTY_IDS, NASTY_TEXT, nasty_graph
from tests.sparql.test_paths import answer

RDF_EXTENSIONS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig"}


@pytest.fixture(scope="module")
def nasty() -> KnowledgeGraph:
    return nasty_graph()


@pytest.fixture(scope="module")
def written(nasty, tmp_path_factory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("nasty")
    paths = {}
    for fmt, ext in RDF_EXTENSIONS.items():
        paths[fmt] = out / f"nasty{ext}"
        exporter(fmt)[1](nasty, paths[fmt])
    return paths


@pytest.mark.parametrize("fmt", sorted(RDF_EXTENSIONS))
def test_oxigraph_convert_accepts_every_rdf_export(written, fmt):
    binary = oxigraph_binary()
    done = subprocess.run(
        [binary, "convert", "--from-file", str(written[fmt]), "--to-format", "nq"],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert len(done.stdout.splitlines()) > 100


@pytest.mark.parametrize("fmt", sorted(RDF_EXTENSIONS))
def test_every_rdf_export_reads_back_the_same_claims(nasty, written, fmt):
    back = mechkg.load([written[fmt]])
    assert back.entities == nasty.entities
    assert back.sources == nasty.sources
    assert back.claims == nasty.claims


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_shacl_conforms(written, fmt):
    import pyshacl

    data = rdflib.Graph().parse(written[fmt])
    conforms, _, text = pyshacl.validate(
        data,
        shacl_graph=rdflib.Graph().parse(SHAPES_PATH),
        ont_graph=rdflib.Graph().parse(ONTOLOGY_PATH),
        inference="none",
    )
    assert conforms, text


def test_iris_are_valid_and_ids_percent_encoded(nasty, written):
    iris = set()
    for quad in ox.parse(path=str(written["ntriples"]), format=ox.RdfFormat.N_TRIPLES):
        for t in (quad.subject, quad.predicate, quad.object):
            if isinstance(t, ox.NamedNode):
                iris.add(t.value)
    for value in iris:
        check_iri(value)  # raises on any invalid character
    base = nasty.base + "entity/"
    assert base + "with%20space" in iris
    assert base + "quote%22d" in iris and base + "hash%23frag%3Fq%3D1%26r" in iris
    assert base + "per%25cent%25zz" in iris
    assert base + "%C3%BCn%C3%AFc%C3%B8d%C3%A9-%CE%B1%CE%B2%CE%B3" in iris
    assert len({i for i in iris if i.startswith(base)}) == len(NASTY_IDS)


def test_literals_are_well_typed(written):
    data = rdflib.Graph().parse(written["turtle"])
    typed = [o for o in data.objects() if isinstance(o, rdflib.Literal) and o.datatype]
    assert typed  # booleans and dates
    assert not [o for o in typed if o.ill_typed], "ill-typed literals"
    texts = {str(o) for o in data.objects() if isinstance(o, rdflib.Literal)}
    assert NASTY_TEXT in texts  # newlines, tabs, quotes and emoji survive as they are


names = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s.strip()
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=st.lists(names, min_size=2, max_size=4, unique=True), text=st.text(max_size=30))
def test_any_ids_and_text_give_strict_rdf(ids, text):
    text = "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff")
    kg = KnowledgeGraph(
        {i: Entity(i, text or i, "Gene") for i in ids},
        {ids[0]: Source(ids[0], "article", title=text or None)},
        {
            ids[-1]: Claim(
                ids[-1], ids[0], "increases", ids[1], "experiment", ids[0], quote=text or None
            )
        },
    )
    for fmt, ext in RDF_EXTENSIONS.items():
        data = exporter(fmt)[0](kg).encode("utf-8")
        fmt_ = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                ".jsonld": ox.RdfFormat.JSON_LD, ".trig": ox.RdfFormat.TRIG}[ext]  # fmt: skip
        quads = list(ox.parse(data, format=fmt_))  # strict: raises on any invalid term
        assert quads


@pytest.mark.server
def test_nasty_graph_through_the_store(oxigraph, nasty):
    g = "https://example.org/test/nasty"
    push(nasty, oxigraph.url, graph=g, replace=True, ontology=False)
    result = query_endpoint(
        oxigraph.url, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
    )
    stored = set(ox.parse(result.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    from mechkg.export.ntriples import to_ntriples

    written = set(ox.parse(to_ntriples(nasty).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert stored == written
    for source, target in [(NASTY_IDS[0], NASTY_IDS[4]), ('quote"d', "emoji🧠")]:
        for options in ({}, {"correlations": True}):
            local = answer(find_paths, nasty, source, target, **options)
            remote = answer(find_paths_sparql, oxigraph.url, source, target, graph=g, **options)
            assert remote == local
