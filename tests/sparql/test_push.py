"""``mechkg push``: the Graph Store Protocol upload, its atomic replace, and its errors,
against a real Oxigraph server."""

from __future__ import annotations

import io
import socket
import threading

import pyoxigraph as ox
import pytest
from mechkg.cli.store import push_progress
from mechkg.export.ntriples import to_ntriples
from mechkg.ontology import ONTOLOGY_PATH
from mechkg.progress import Progress
from mechkg.sparql import Endpoint, EndpointError, push, query_endpoint

from tests.oxigraph_server import FailingProxy, free_port


def _ontology_triples() -> int:
    """Triples of the ontology that push uploads beside the graph."""
    import rdflib
    from mechkg.ontology import ONTOLOGY_PATH

    return len(rdflib.Graph().parse(ONTOLOGY_PATH))


ONTOLOGY = _ontology_triples()

pytestmark = pytest.mark.server

LR3_CLAIM = "https://w3id.org/mechkg/lr3/claim/acu_bdnf"
THOROUGH_BASE = "https://example.org/thorough/"


#: triples of ontology/mechkg.ttl, which push sends beside the data
ONTOLOGY = len(list(ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE)))


def ntriples_count(kg) -> int:
    return len(to_ntriples(kg).splitlines())


def has_subject(server, iri: str, graph_iri: str) -> bool:
    result = query_endpoint(server.url, f"ASK {{ GRAPH <{graph_iri}> {{ <{iri}> ?p ?o }} }}")
    return bool(result.boolean)


def thorough_claim_count(server, graph_iri: str) -> int:
    result = query_endpoint(
        server.url,
        f"SELECT (COUNT(?c) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?c a "
        "<https://w3id.org/mechkg/ontology#Claim> "
        f"FILTER(STRSTARTS(STR(?c), '{THOROUGH_BASE}')) }} }}",
    )
    return int(result.rows[0]["n"]["value"])


def test_push_uploads_graph_and_ontology(oxigraph, lr3):
    g = "https://example.org/test/push-basic"
    report = push(lr3, oxigraph.url, graph=g, batch_size=500)
    assert report.triples == ntriples_count(lr3) + ONTOLOGY
    assert report.batches == 1 + -(-ntriples_count(lr3) // 500)
    assert oxigraph.count(g) == report.triples
    # Evidence ranks are queryable: the ontology went up with the data.
    result = query_endpoint(
        oxigraph.url,
        "PREFIX mkg: <https://w3id.org/mechkg/ontology#> SELECT (MAX(?r) AS ?best) "
        f"FROM <{g}> WHERE {{ ?c mkg:evidenceLevel/mkg:rank ?r }}",
    )
    assert result.rows[0]["best"]["value"] == "4"


def test_replace_swaps_content(oxigraph, lr3, thorough):
    g = "https://example.org/test/replace"
    push(thorough, oxigraph.url, graph=g)
    assert thorough_claim_count(oxigraph, g) == len(thorough.claims)
    before = oxigraph.graphs()
    push(lr3, oxigraph.url, graph=g, replace=True, batch_size=300)
    assert thorough_claim_count(oxigraph, g) == 0
    assert oxigraph.count(g) == ntriples_count(lr3) + ONTOLOGY
    assert oxigraph.graphs() == before  # no staging graph left behind


def test_failed_replace_leaves_the_old_graph_intact(oxigraph, lr3, thorough):
    g = "https://example.org/test/atomic"
    push(lr3, oxigraph.url, graph=g, replace=True)
    old = oxigraph.count(g)
    before = oxigraph.graphs()
    with FailingProxy(oxigraph.url, fail_at=3) as proxy:
        with pytest.raises(EndpointError) as info:
            push(thorough, proxy.url, graph=g, replace=True, batch_size=40, workers=1)
        assert proxy.store_posts == 3  # two batches were stored before the failure
    with FailingProxy(oxigraph.url, fail_at=3) as proxy:
        with pytest.raises(EndpointError, match="left unchanged"):
            push(thorough, proxy.url, graph=g, replace=True, batch_size=40, workers=2)
        # the failure stops the upload: only the requests already queued (2 per worker) go on
        assert 3 <= proxy.store_posts <= 3 + 4
    message = str(info.value)
    assert "HTTP 507" in message and FailingProxy.MESSAGE in message
    assert "left unchanged" in message
    assert oxigraph.count(g) == old
    assert has_subject(oxigraph, LR3_CLAIM, g)
    assert thorough_claim_count(oxigraph, g) == 0
    assert oxigraph.graphs() == before


def test_failed_plain_push_says_what_was_kept(oxigraph, thorough):
    g = "https://example.org/test/partial"
    with FailingProxy(oxigraph.url, fail_at=2) as proxy:
        with pytest.raises(EndpointError, match="use --replace"):
            push(thorough, proxy.url, graph=g, batch_size=40)


def test_default_graph_replace(oxigraph, thorough):
    with FailingProxy(oxigraph.url, fail_at=10**9) as proxy:  # forwards everything
        report = push(thorough, proxy.url, replace=True, ontology=False)
    assert report.graph is None and report.replaced
    result = query_endpoint(oxigraph.url, f"ASK {{ <{THOROUGH_BASE}claim/c4> ?p ?o }}")
    assert result.boolean is True
    oxigraph.update("DROP DEFAULT")


def test_cli_push(cli, oxigraph, thorough_path):
    g = "https://example.org/test/cli"
    result = cli(
        "push", str(thorough_path), "--endpoint", oxigraph.url, "--graph", g, "--replace",
        "--batch-size", "25",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "pushed" in result.stderr and "10 claims" in result.stderr
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal
    assert oxigraph.count(g) > 0


def test_cli_push_reports_server_error(cli, oxigraph, thorough_path):
    with FailingProxy(oxigraph.url, fail_at=1) as proxy:
        result = cli("push", str(thorough_path), "--endpoint", proxy.url)
    assert result.exit_code == 1
    assert "HTTP 507" in result.stderr and FailingProxy.MESSAGE in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_endpoint(cli):
    port = free_port()  # nothing listens there
    result = cli("push", "--endpoint", f"http://127.0.0.1:{port}", "--timeout", "5")
    assert result.exit_code == 1
    assert "cannot reach" in result.stderr


def test_timeout_is_enforced():
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        ep = Endpoint.from_url(f"http://127.0.0.1:{port}", timeout=0.5)
        with pytest.raises(EndpointError, match=r"no complete answer within 0\.5 s"):
            push(["<http://a/> <http://b/> <http://c/> .\n"], ep, ontology=False)


def test_bad_arguments(cli):
    assert cli("push", "--endpoint", "http://127.0.0.1:1", "--graph", "not an iri").exit_code == 2
    bad = cli("push", "--endpoint", "ftp://example.org/")
    assert bad.exit_code == 1 and "http(s)" in bad.stderr
    with pytest.raises(ValueError, match="batch_size"):
        push([], "http://127.0.0.1:1", batch_size=0)


def test_endpoint_urls():
    ep = Endpoint.from_url("http://127.0.0.1:7878/")
    assert (ep.query_url, ep.update_url, ep.store_url) == (
        "http://127.0.0.1:7878/query",
        "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store",
    )
    ep = Endpoint.from_url("http://h:1/ds/sparql")
    assert ep.query_url == "http://h:1/ds/sparql" and ep.store_url == "http://h:1/ds/store"
    assert ep.graph_url("https://ex.org/g?x=1#f") == (
        "http://h:1/ds/store?graph=https%3A%2F%2Fex.org%2Fg%3Fx%3D1%23f"
    )
    with pytest.raises(ValueError):
        ep.graph_url("bad iri")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal():
    quiet = io.StringIO()
    bar = Progress("push", unit=" triples", stream=quiet, delay=0)
    push_progress(bar)(5, 10)
    bar.close()
    assert quiet.getvalue() == ""
    tty = _Tty()
    bar = Progress("push", unit=" triples", stream=tty, delay=0)
    push_progress(bar)(10, 10)
    bar.close()
    text = tty.getvalue()
    assert text.startswith("\rpush [") and "10/10 triples" in text


def test_concurrent_queries_see_old_or_new_graph(oxigraph, lr3, thorough):
    """While a replace runs, readers see the whole old graph or the whole new one."""
    g = "https://example.org/test/readers"
    push(lr3, oxigraph.url, graph=g, replace=True)
    counts: set[int] = set()
    stop = threading.Event()

    def reader() -> None:
        for _ in range(200):
            if stop.is_set():
                return
            counts.add(oxigraph.count(g))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        push(thorough, oxigraph.url, graph=g, replace=True, batch_size=10)
    finally:
        stop.set()
        thread.join(timeout=60)
    new = ntriples_count(thorough) + ONTOLOGY
    old = ntriples_count(lr3) + ONTOLOGY
    assert counts <= {old, new}


def _graphs(server) -> set[str]:
    result = query_endpoint(server.url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {row["g"]["value"] for row in result.rows}


def test_an_interrupted_replace_removes_its_staging_graph(oxigraph, lr3, thorough):
    g = "https://example.org/test/interrupted"
    push(thorough, oxigraph.url, graph=g)
    before = oxigraph.count(g)
    graphs = _graphs(oxigraph)

    def interrupt(done: int, total: int) -> None:
        if done > 600:  # Ctrl-C in the middle of the upload
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        push(lr3, oxigraph.url, graph=g, replace=True, batch_size=100, progress=interrupt)
    assert _graphs(oxigraph) == graphs  # no staging graph left behind
    assert oxigraph.count(g) == before


def test_the_cli_says_what_an_interrupted_push_left(cli, oxigraph, monkeypatch):
    import importlib

    module = importlib.import_module("mechkg.sparql.push")  # the package's `push` is the function

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "push", interrupted)
    result = cli("push", "--endpoint", oxigraph.url, "--replace")
    assert result.exit_code == 130
    assert "push interrupted: the staging graph was removed" in result.stderr


def test_bulk_and_concurrent_pushes_store_the_same_triples(cli, oxigraph, lr3):
    """``--bulk`` (Oxigraph's loader without transactions) and several requests at once
    store exactly what one request at a time stores."""
    from mechkg.sparql.stores import STORES, detect

    assert detect(oxigraph.url) is STORES["oxigraph"]
    one, bulk = "https://example.org/test/push-one", "https://example.org/test/push-bulk"
    push(lr3, oxigraph.url, graph=one, batch_size=97, workers=1)
    result = cli("push", "--endpoint", oxigraph.url, "--graph", bulk, "--bulk", "--replace",
                 "--workers", "4", "--batch-size", "97", "--store", "oxigraph")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    for g in (one, bulk):
        assert oxigraph.count(g) == ntriples_count(lr3) + ONTOLOGY
    same = query_endpoint(
        oxigraph.url,
        f"ASK {{ GRAPH <{one}> {{ ?s ?p ?o }} FILTER(!isBlank(?s) && !isBlank(?o)) "
        f"FILTER NOT EXISTS {{ GRAPH <{bulk}> {{ ?s ?p ?o }} }} }}",  # the ontology's lists
    )
    assert same.boolean is False


def test_a_server_that_names_no_store_gets_the_oxigraph_layout(cli):
    from mechkg.sparql.stores import STORES, detect

    assert detect("http://127.0.0.1:9") is STORES["oxigraph"]  # nothing listens
    ep = Endpoint.from_url("http://127.0.0.1:9/", store="auto", timeout=2)
    assert ep.store_url == "http://127.0.0.1:9/store"
    with pytest.raises(EndpointError, match="unknown store"):
        Endpoint.from_url("http://127.0.0.1:9", store="blazegraph")
