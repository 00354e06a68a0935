"""mechkg against a real Virtuoso: push, query and path search give the local answers.

Virtuoso differs from Oxigraph where it matters: its services are ``/sparql`` and
``/sparql-graph-crud``, its Graph Store writes named graphs only, its default graph is
the union of every graph, and it cuts answers at ``ResultSetMaxRows`` rows. All of these
tests share one server (tests/sparql/conftest.py), in this one file so that parallel
runs start it once.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.paths import find_paths
from mechkg.sparql import Endpoint, EndpointError, find_paths_sparql, push, query_endpoint
from mechkg.sparql.client import Truncated
from mechkg.sparql.stores import STORES, detect

from tests.sparql.test_paths import OPTIONS, answer, hand_built

pytestmark = pytest.mark.server

LR3 = "https://example.org/test/virtuoso-lr3"
PAIRS = [
    ("needle", "behaviour"), ("nål", "atferd"), ("LR3", "BDNF"), ("needle", "plasticity"),
    ("csds", "behaviour"), ("behaviour", "needle"), ("BDNF", "behaviour"),
    ("sensory fibres", "behaviour"), ("needle", "anhedonia"),
]  # fmt: skip


@pytest.fixture(scope="module")
def lr3_virtuoso(virtuoso, lr3):
    ep = Endpoint.from_url(virtuoso.url, store="auto")
    report = push(lr3, ep, graph=LR3, replace=True)
    assert virtuoso.count(LR3) == report.triples
    return ep


def test_the_store_is_detected(virtuoso):
    assert detect(virtuoso.url) is STORES["virtuoso"]
    ep = Endpoint.from_url(virtuoso.url + "/sparql", store="auto")
    assert ep.query_url == virtuoso.url + "/sparql"
    assert ep.store_url == virtuoso.url + "/sparql-graph-crud"


def test_paths_are_the_local_ones(lr3_virtuoso, lr3):
    found = 0
    for source, target in PAIRS:
        for options in OPTIONS:
            local = answer(find_paths, lr3, source, target, **options)
            remote = answer(find_paths_sparql, lr3_virtuoso, source, target, graph=LR3, **options)
            assert remote == local, (source, target, options)
            found += not isinstance(local, tuple)
    assert found > 20


def test_the_claims_graph_is_found_without_graph(lr3_virtuoso, lr3):
    """Virtuoso's default graph is every graph: the one holding claims is searched."""
    local = find_paths(lr3, "needle", "behaviour", k=5)
    assert find_paths_sparql(lr3_virtuoso, "needle", "behaviour", k=5) == local


def test_cli_push_and_paths(cli, virtuoso, lr3_virtuoso):
    g = "https://example.org/test/virtuoso-cli"
    refused = cli("push", "--endpoint", virtuoso.url)
    assert refused.exit_code == 1 and "named graphs only" in refused.stderr
    pushed = cli("push", "--endpoint", virtuoso.url, "--graph", g, "--replace")
    assert pushed.exit_code == 0, pushed.stderr
    args = ("paths", "needle", "behaviour", "--format", "json")
    here = json.loads(cli(*args).stdout)["paths"]
    remote = cli(*args, "--endpoint", virtuoso.url, "--graph", g)
    assert remote.exit_code == 0, remote.stderr
    assert json.loads(remote.stdout)["paths"] == here
    # Two graphs hold claims now: without --graph the search asks for one.
    both = cli(*args, "--endpoint", virtuoso.url)
    assert both.exit_code == 1 and "--graph" in both.stderr and "Traceback" not in both.stderr
    counted = cli("query", f"SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s ?p ?o }}",
                  "--endpoint", virtuoso.url, "--format", "json")  # fmt: skip
    assert counted.exit_code == 0, counted.stderr
    assert int(json.loads(counted.stdout)["results"]["bindings"][0]["n"]["value"]) == (
        virtuoso.count(g)
    )
    virtuoso.sql(f"SPARQL CLEAR GRAPH <{g}>;")


def test_ask_answers(lr3_virtuoso):
    result = query_endpoint(lr3_virtuoso, f"ASK {{ GRAPH <{LR3}> {{ ?s ?p ?o }} }}")
    assert result.kind == "ask" and result.boolean is True


def many_claims(n: int) -> KnowledgeGraph:
    """A hub with ``n`` claims to as many entities."""
    entities = {f"e{i}": Entity(f"e{i}", f"entity {i}", "Gene") for i in range(n + 1)}
    claims = {
        f"c{i}": Claim(f"c{i}", "e0", "increases", f"e{i}", "experiment", "s")
        for i in range(1, n + 1)
    }
    return KnowledgeGraph(entities, {"s": Source("s", "article")}, claims,
                          base="https://example.org/hub/")  # fmt: skip


def test_a_cut_answer_is_an_error_not_a_short_one(virtuoso):
    g = "https://example.org/test/virtuoso-hub"
    ep = Endpoint.from_url(virtuoso.url, store="virtuoso")
    push(many_claims(1200), ep, graph=g, replace=True, ontology=False)
    assert virtuoso.count(g) > 10_000
    with pytest.raises(Truncated, match="ResultSetMaxRows"):
        query_endpoint(ep, f"SELECT * FROM <{g}> WHERE {{ ?s ?p ?o }}")
    assert len(query_endpoint(ep, f"SELECT * FROM <{g}> WHERE {{ ?s ?p ?o }} LIMIT 9000").rows)


def test_cut_answers_are_asked_again_in_parts(virtuoso):
    """With a row limit far below the answers' size, the path search still fetches
    everything (asking for fewer entities at a time) and finds the local answers."""
    kg = hand_built()
    g = "https://example.org/test/virtuoso-hand"
    tight = dataclasses.replace(STORES["virtuoso"], max_rows=40)
    ep = Endpoint.from_url(virtuoso.url, store=tight)
    push(kg, ep, graph=g, replace=True)
    for source, target in [("needle", "behaviour"), ("bdnf", "behaviour"), ("needle", "mood ✓")]:
        for options in OPTIONS[:4]:
            local = answer(find_paths, kg, source, target, **options)
            assert answer(find_paths_sparql, ep, source, target, graph=g, **options) == local
    one = dataclasses.replace(STORES["virtuoso"], max_rows=1)
    with pytest.raises(EndpointError, match="cut its answer"):
        find_paths_sparql(Endpoint.from_url(virtuoso.url, store=one), "needle", "bdnf", graph=g)


def test_contexts_and_reporting_sources_come_along(virtuoso):
    """Regions nested by part_of and sources that report others: fetched through paths
    of any length (Virtuoso answers a zero-length path with every node)."""
    from pathlib import Path

    import mechkg

    root = Path(__file__).resolve().parents[1] / "data" / "conditions"
    kg = mechkg.load([root / "ketamine.yaml", root / "qualifiers.yaml"])
    g = "https://example.org/test/virtuoso-conditions"
    ep = Endpoint.from_url(virtuoso.url, store="virtuoso")
    push(kg, ep, graph=g, replace=True)
    push(many_claims(900), ep, graph="https://example.org/test/virtuoso-more", replace=True)
    for source, target in [("ketamine", "depression-like behaviour"), ("drug X", "M mRNA")]:
        for options in OPTIONS[:6]:
            local = answer(find_paths, kg, source, target, **options)
            assert answer(find_paths_sparql, ep, source, target, graph=g, **options) == local
