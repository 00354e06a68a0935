"""A hostile or broken endpoint gets a clear error, in bounded time and memory: answers
that never end, trickle, are huge, have the wrong shape or nest deeply, and text that
would drive the terminal."""

from __future__ import annotations

import json
import time

import pytest
from mechkg.sparql.client import Endpoint, EndpointError
from mechkg.sparql.push import push

from tests.misbehaving_server import answer, misbehaving, stream_forever, trickle

SELECT = "SELECT ?x WHERE { ?x ?p ?o }"
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\u202egnp.exe\x08\x08"


def _clean(text: str) -> None:
    for ch in ("\x1b", "\x07", "\x08", "\u202e"):
        assert ch not in text


def _no_traceback(result) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    _clean(result.stderr)
    _clean(result.stdout)


# ------------------------------------------------------------------ time and size


def test_a_trickling_answer_is_cut_at_the_timeout(cli):
    with misbehaving(trickle) as url:
        for args in (
            ("query", SELECT, "--endpoint", url, "--timeout", "1"),
            ("push", "--endpoint", url, "--timeout", "1", "--no-ontology"),
            ("paths", "a", "b", "--endpoint", url, "--timeout", "1"),
        ):
            start = time.monotonic()
            result = cli(*args)
            took = time.monotonic() - start
            _no_traceback(result)
            assert "no complete answer within" in result.stderr, result.stderr
            assert took < 6, (args, took)


def test_a_deadline_bounds_many_requests_together():
    def slow_but_valid(h):
        time.sleep(0.4)
        answer(json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode())(h)

    with misbehaving(slow_but_valid) as url:
        ep = Endpoint.from_url(url, timeout=1.0)
        for _ in range(4):  # each request alone is within the timeout
            assert ep.select(SELECT) == []
        task = ep.within(1.0)  # what `paths --endpoint --timeout 1` uses
        start = time.monotonic()
        with pytest.raises(EndpointError, match=r"within the --timeout of 1 s"):
            for _ in range(4):
                task.select(SELECT)
        assert time.monotonic() - start < 1.5


def test_paths_timeout_needs_an_endpoint(cli):
    result = cli("paths", "a", "b", "--timeout", "3")
    assert result.exit_code == 2 and "--timeout needs --endpoint" in result.stderr


def test_an_endless_answer_is_refused_at_the_size_limit():
    with misbehaving(stream_forever) as url:
        ep = Endpoint.from_url(url, timeout=30, max_bytes=8 << 20)
        start = time.monotonic()
        with pytest.raises(EndpointError, match="larger than 8,388,608 bytes"):
            ep.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert time.monotonic() - start < 10


def test_a_huge_declared_length_is_refused_before_reading():
    def huge(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.send_header("Content-Length", str(1 << 40))
        h.end_headers()
        h.wfile.write(b"{")

    with misbehaving(huge) as url:
        with pytest.raises(EndpointError, match="larger than"):
            Endpoint.from_url(url, timeout=5).query(SELECT)


def test_push_timeout_is_a_deadline_per_request():
    with misbehaving(trickle) as url:
        ep = Endpoint.from_url(url, timeout=0.5)
        start = time.monotonic()
        with pytest.raises(EndpointError, match=r"no complete answer within 0\.5 s"):
            push(["<http://a/> <http://b/> <http://c/> .\n"], ep, ontology=False)
        assert time.monotonic() - start < 4


# ------------------------------------------------------------------ shapes


WRONG_SHAPES = [
    b"[]",
    b'"just a string"',
    b'{"boolean": "yes"}',
    b'{"head": {"vars": "x"}, "results": {"bindings": []}}',
    b'{"head": {"vars": ["x"]}, "results": {"bindings": {"x": 1}}}',
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": "not a term"}]}}',
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}',
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [["x"]]}}',
    b'{"head": [], "results": 3}',
    b"[" * 200_000,
    b'{"a":' * 200_000,
    b"\xff\xfe not json",
]


@pytest.mark.parametrize("body", WRONG_SHAPES, ids=range(len(WRONG_SHAPES)))
def test_wrong_shapes_are_errors_not_tracebacks(cli, body):
    with misbehaving(answer(body)) as url:
        result = cli("query", SELECT, "--endpoint", url, "--timeout", "10")
        _no_traceback(result)
        assert "malformed SPARQL JSON results" in result.stderr
        paths = cli("paths", "a", "b", "--endpoint", url, "--timeout", "10")
        _no_traceback(paths)


PATH_SHAPES = [
    # rows without the variables the name lookup needs
    {"head": {"vars": ["e"]}, "results": {"bindings": [{"e": {"type": "uri", "value": "x:y"}}]}},
    # a tier that is not a number
    {
        "head": {"vars": ["e", "id", "n", "tier"]},
        "results": {
            "bindings": [
                {
                    "e": {"type": "uri", "value": "http://x/e"},
                    "id": {"type": "literal", "value": "a"},
                    "n": {"type": "literal", "value": "a"},
                    "tier": {"type": "literal", "value": "first"},
                }
            ]
        },
    },
    # a malformed IRI that would be spliced into the next query
    {
        "head": {"vars": ["e", "id", "n", "tier"]},
        "results": {
            "bindings": [
                {
                    "e": {"type": "uri", "value": "http://x/> } ; DROP ALL ; <http://y/"},
                    "id": {"type": "literal", "value": "a"},
                    "n": {"type": "literal", "value": "a"},
                    "tier": {"type": "literal", "value": "0"},
                }
            ]
        },
    },
]


@pytest.mark.parametrize("doc", PATH_SHAPES, ids=["missing-var", "tier", "iri"])
def test_path_queries_check_every_row(cli, doc):
    with misbehaving(answer(json.dumps(doc).encode())) as url:
        result = cli("paths", "a", "b", "--endpoint", url, "--timeout", "10")
    _no_traceback(result)
    assert url in result.stderr


def test_a_graph_answer_that_is_not_ntriples_is_refused(cli):
    with misbehaving(answer(b"<not n-triples", "application/n-triples")) as url:
        result = cli("query", "CONSTRUCT WHERE { ?s ?p ?o }", "--endpoint", url)
    _no_traceback(result)
    assert "malformed N-Triples answer" in result.stderr


# ------------------------------------------------------------------ terminal escapes


def test_escapes_in_an_error_body_are_shown_not_obeyed(cli):
    body = f"boom {ESCAPES}".encode()
    with misbehaving(answer(body, "text/plain", status=500)) as url:
        result = cli("query", SELECT, "--endpoint", url)
    _no_traceback(result)
    assert "HTTP 500: boom \\x1b]0;owned\\x07" in result.stderr
    assert "\\u202e" in result.stderr


def test_escapes_in_result_values_are_shown_not_obeyed(cli):
    doc = {
        "head": {"vars": ["x", ESCAPES]},
        "results": {"bindings": [{"x": {"type": "literal", "value": ESCAPES}}]},
    }
    with misbehaving(answer(json.dumps(doc).encode())) as url:
        result = cli("query", SELECT, "--endpoint", url)
    assert result.exit_code == 0, result.stderr
    _clean(result.stdout)
    assert "\\x1b]0;owned\\x07" in result.stdout
    graph = '<http://a/> <http://b/> "\\u001B[2J \u202e \u0085" .\n'.encode()
    with misbehaving(answer(graph, "application/n-triples")) as url:
        result = cli("query", "CONSTRUCT WHERE { ?s ?p ?o }", "--endpoint", url)
    assert result.exit_code == 0, result.stderr
    _clean(result.stdout)
    assert "\\u202E" in result.stdout and "\\u0085" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_escapes_in_json_and_csv_results_are_escaped(cli, fmt):
    doc = {
        "head": {"vars": ["x"]},
        "results": {"bindings": [{"x": {"type": "literal", "value": ESCAPES + "\u0085"}}]},
    }
    with misbehaving(answer(json.dumps(doc).encode())) as url:
        result = cli("query", SELECT, "--endpoint", url, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    _clean(result.stdout)
    assert "\u0085" not in result.stdout
    if fmt == "json":  # the same value, escaped the JSON way
        value = json.loads(result.stdout)["results"]["bindings"][0]["x"]["value"]
        assert value == ESCAPES + "\u0085"


def test_hostile_text_in_fetched_claims_names_the_endpoint(cli):
    entity = "https://w3id.org/mechkg/data/entity/a"
    rows = {
        "head": {"vars": ["e", "id", "n", "tier"]},
        "results": {
            "bindings": [
                {
                    "e": {"type": "uri", "value": entity},
                    "id": {"type": "literal", "value": "a"},
                    "n": {"type": "literal", "value": "a"},
                    "tier": {"type": "literal", "value": "0"},
                }
            ]
        },
    }
    graph = (
        f"<{entity}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/mechkg/ontology#Entity> .\n"
        f"<{entity}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/mechkg/ontology#Gene> .\n"
        f'<{entity}> <http://purl.org/dc/terms/identifier> "a" .\n'
        f'<{entity}> <http://www.w3.org/2000/01/rdf-schema#label> "A\\u001B]0;owned\\u0007"@en .\n'
    ).encode()

    def store(h):
        if b"CONSTRUCT" in h.body:
            answer(graph, "application/n-triples")(h)
        else:
            answer(json.dumps(rows).encode())(h)

    with misbehaving(store) as url:
        result = cli("paths", "a", "a", "--endpoint", url, "--timeout", "10")
    _no_traceback(result)
    assert f"{url}/query: the claims it answered are not valid mechkg data" in result.stderr
    assert "control character U+001B" in result.stderr
