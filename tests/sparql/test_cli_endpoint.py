"""The three store commands of the README, end to end through the CLI against a real
Oxigraph server: push, query --endpoint, paths --endpoint."""

from __future__ import annotations

import json

GRAPH = "https://example.org/test/cli-endpoint"


def test_push_query_and_paths_through_the_cli(cli, oxigraph, tmp_path):
    pushed = cli("push", "--endpoint", oxigraph.url, "--graph", GRAPH, "--replace")
    assert pushed.exit_code == 0, pushed.stderr

    query = (
        "PREFIX mkg: <https://w3id.org/mechkg/ontology#> "
        f"SELECT (COUNT(?c) AS ?n) FROM <{GRAPH}> WHERE {{ ?c a mkg:Claim }}"
    )
    counted = cli("query", query, "--endpoint", oxigraph.url, "--format", "json")
    assert counted.exit_code == 0, counted.stderr
    local = cli("query", query.replace(f"FROM <{GRAPH}> ", ""), "--format", "json")
    assert json.loads(counted.stdout) == json.loads(local.stdout)

    remote = cli(
        "paths",
        "needle",
        "behaviour",
        "--endpoint",
        oxigraph.url,
        "--graph",
        GRAPH,
        "--format",
        "json",
    )
    here = cli("paths", "needle", "behaviour", "--format", "json")
    assert remote.exit_code == 0, remote.stderr
    assert json.loads(remote.stdout)["paths"] == json.loads(here.stdout)["paths"]

    page = tmp_path / "paths.html"
    with_html = cli(
        "paths",
        "needle",
        "behaviour",
        "--endpoint",
        oxigraph.url,
        "--graph",
        GRAPH,
        "--html",
        str(page),
    )
    assert with_html.exit_code == 0 and page.read_text(encoding="utf-8").startswith("<!")


def test_endpoint_and_files_are_exclusive(cli, oxigraph, thorough_path):
    result = cli("paths", "a", "b", str(thorough_path), "--endpoint", oxigraph.url)
    assert result.exit_code == 2 and "not both" in result.stderr
    result = cli("paths", "a", "b", "--graph", GRAPH)
    assert result.exit_code == 2 and "--graph needs --endpoint" in result.stderr


def test_unreachable_endpoint_is_a_clean_error(cli):
    result = cli("paths", "needle", "behaviour", "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error:")
