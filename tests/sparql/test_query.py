"""``mechkg query``: SPARQL on the local graph (embedded store) or on an endpoint."""

from __future__ import annotations

import csv
import io
import json

import mechkg
import pytest
from mechkg.sparql import QueryError, QueryResult, format_result, push, query_endpoint, query_local

RANKS = """PREFIX mkg: <https://w3id.org/mechkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?id ?rank WHERE {
  ?c a mkg:Claim ; dcterms:identifier ?id ; mkg:evidenceLevel/mkg:rank ?rank .
} ORDER BY DESC(?rank) ?id LIMIT 3"""


def test_local_select_ask_construct(thorough):
    r = query_local(thorough, RANKS)
    assert r.kind == "select" and r.variables == ("id", "rank")
    assert [row["rank"]["value"] for row in r.rows] == ["4", "3", "3"]
    assert query_local(thorough, "ASK { ?s ?p ?o }").boolean is True
    g = query_local(thorough, "CONSTRUCT { ?c a ?t } WHERE { ?c a ?t } LIMIT 2")
    assert g.kind == "graph" and len(g.ntriples.splitlines()) == 2


def test_bad_query_is_a_query_error(thorough):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        query_local(thorough, "SELECT WHERE {")


def test_formats():
    r = QueryResult(
        "select",
        ("x", "label"),
        (
            {"x": {"type": "uri", "value": "https://w3id.org/mechkg/ontology#experiment"},
             "label": {"type": "literal", "value": 'say "hi",\nthen', "xml:lang": "en"}},
            {"x": {"type": "uri", "value": "http://other.org/a b"}},
        ),
    )  # fmt: skip
    table = format_result(r, "table")
    assert table.splitlines()[0].split() == ["x", "label"]
    assert "mkg:experiment" in table and 'say "hi", then@en' in table
    assert "<http://other.org/a b>" in table
    rows = list(csv.reader(io.StringIO(format_result(r, "csv"))))
    assert rows == [["x", "label"], [r.rows[0]["x"]["value"], 'say "hi",\nthen'],
                    ["http://other.org/a b", ""]]  # fmt: skip
    doc = json.loads(format_result(r, "json"))
    assert doc["head"]["vars"] == ["x", "label"] and len(doc["results"]["bindings"]) == 2
    assert format_result(QueryResult("ask", boolean=False), "table") == "false\n"
    assert json.loads(format_result(QueryResult("ask", boolean=True), "json"))["boolean"]
    with pytest.raises(ValueError):
        format_result(r, "xml")


def test_cli_query_local(cli, thorough_path, tmp_path):
    result = cli("query", RANKS, str(thorough_path), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "id,rank"
    assert result.stderr.strip() == "3 rows"
    query_file = tmp_path / "ranks.rq"
    query_file.write_text(RANKS, encoding="utf-8")
    again = cli("query", str(query_file), str(thorough_path), "--format", "csv")
    assert again.stdout == result.stdout
    out = tmp_path / "out.json"
    cli("query", str(query_file), str(thorough_path), "--format", "json", "-o", str(out))
    assert len(json.loads(out.read_text())["results"]["bindings"]) == 3


def test_cli_query_errors(cli, thorough_path, tmp_path):
    bad = cli("query", "SELECT WHERE {", str(thorough_path))
    assert bad.exit_code == 1 and "invalid SPARQL" in bad.stderr
    both = cli("query", RANKS, str(thorough_path), "--endpoint", "http://127.0.0.1:1")
    assert both.exit_code == 2
    missing = cli("query", str(tmp_path / "nope.rq"))
    assert missing.exit_code == 2 and "no such query file" in missing.stderr


@pytest.mark.server
def test_endpoint_query_matches_local(oxigraph, thorough):
    g = "https://example.org/test/query"
    push(thorough, oxigraph.url, graph=g, replace=True)
    scoped = RANKS.replace("SELECT ?id ?rank WHERE", f"SELECT ?id ?rank FROM <{g}> WHERE")
    remote = query_endpoint(oxigraph.url, scoped)
    assert remote.rows == query_local(thorough, RANKS).rows
    ask = query_endpoint(oxigraph.url, f"ASK FROM <{g}> {{ ?s ?p ?o }}")
    assert ask.boolean is True
    graph_result = query_endpoint(
        oxigraph.url, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} LIMIT 3"
    )
    assert graph_result.kind == "graph" and len(graph_result.ntriples.splitlines()) == 3
    with pytest.raises(QueryError, match="HTTP 400"):
        query_endpoint(oxigraph.url, "SELECT WHERE {")


@pytest.mark.server
def test_cli_query_endpoint(cli, oxigraph, thorough):
    g = "https://example.org/test/query-cli"
    push(thorough, oxigraph.url, graph=g, replace=True)
    scoped = RANKS.replace("SELECT ?id ?rank WHERE", f"SELECT ?id ?rank FROM <{g}> WHERE")
    result = cli("query", scoped, "--endpoint", oxigraph.url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [b["rank"]["value"] for b in bindings] == ["4", "3", "3"]


def test_local_query_refuses_service_clauses():
    from mechkg.sparql.query import QueryError, query_local

    with pytest.raises(QueryError, match="SERVICE clauses are not run"):
        query_local(mechkg.load(), "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    ok = query_local(mechkg.load(), 'SELECT ?service { BIND("SERVICE" AS ?service) } # SERVICE')
    assert ok.rows
