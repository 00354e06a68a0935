"""The local store never runs a SERVICE clause, however it is hidden, and never parses a
query nested deep enough to overflow the parser's stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mechkg
import pytest
from mechkg.sparql import QueryError
from mechkg.sparql.guard import MAX_NESTING
from mechkg.sparql.query import query_local

from tests.misbehaving_server import answer, misbehaving

ROOT = Path(__file__).parents[2]
EMPTY = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'

HIDDEN = [
    "PREFIX ex: <http://x/> SELECT * {{ ex:a\\#b ?p ?o SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <http://x/> SELECT * {{ ?s ex:a\\#b ?o . SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <http://x/> SELECT * {{ ex:\\'x\\' ?p ?o SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?s ?p 'it''s' SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * {{ sErViCe <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?s ?p ?o }} VALUES ?x {{ 1 }} #\nSERVICE",
]


@pytest.mark.parametrize("template", HIDDEN, ids=range(len(HIDDEN)))
def test_no_spelling_of_service_reaches_the_network(template):
    calls = []

    def record(h):
        calls.append(h.path)
        answer(EMPTY)(h)

    with misbehaving(record) as url:
        with pytest.raises(QueryError, match="SERVICE clauses are not run"):
            query_local(mechkg.load(), template.format(url=url))
    assert calls == []


def test_service_inside_text_names_and_comments_is_allowed():
    for text in (
        'SELECT ?service { BIND("SERVICE" AS ?service) } # SERVICE',
        "PREFIX SERVICE: <http://x/> SELECT * { ?s SERVICE:x ?o }",
        "SELECT * { ?s <http://x/SERVICE> ?o }",
        "SELECT ?SERVICE { ?SERVICE ?p ?o } LIMIT 1",
        "SELECT * { ?s ?p '''a\nSERVICE <http://127.0.0.1:9/>''' }",
    ):
        query_local(mechkg.load(), text)


def test_deep_nesting_is_refused_before_parsing():
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    with pytest.raises(QueryError, match=f"nests 5000 levels.*more than {MAX_NESTING}"):
        query_local(mechkg.load(), deep)
    parens = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(QueryError, match="nests 5002 levels"):
        query_local(mechkg.load(), parens)
    ok = "ASK " + "{" * MAX_NESTING + " ?s ?p ?o " + "}" * MAX_NESTING
    assert query_local(mechkg.load(), ok).boolean is True


def test_the_cli_answers_a_deep_query_with_an_error_not_a_crash(tmp_path):
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000)
    done = subprocess.run(
        [sys.executable, "-m", "mechkg.cli", "query", str(query)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert "nests 5000 levels" in done.stderr
