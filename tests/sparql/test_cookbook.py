"""Every query of docs/sparql.md runs, against the Oxigraph server and the embedded store,
and answers what the cookbook says it answers. The queries are read from the markdown,
so the documentation and the tests cannot drift apart."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import mechkg
import pyoxigraph as ox
import pytest
from mechkg.export.ntriples import to_ntriples
from mechkg.sparql import local_store, push, query_endpoint, query_local

DOC = Path(__file__).resolve().parents[2] / "docs" / "sparql.md"


def cookbook() -> list[tuple[str, str]]:
    """``(section title, query)`` for every ```sparql block, in order."""
    text = DOC.read_text(encoding="utf-8")
    out = []
    for match in re.finditer(r"```sparql\n(.*?)```", text, re.S):
        titles = re.findall(r"^## (.+)$", text[: match.start()], re.M)
        out.append((titles[-1], match.group(1)))
    return out


QUERIES = cookbook()


def values(result, var: str) -> list[str]:
    return [row[var]["value"] for row in result.rows if var in row]


def check(title: str, query: str, result) -> None:
    """What each recipe must find in the bundled graph (plus the thorough fixture)."""
    assert result.kind == "select" and result.rows, title
    if title == "Causal chains by property path" and "?id ?label" in query:
        ids = values(result, "id")
        assert {"bdnf", "depressive_behaviour", "synaptic_plasticity"} <= set(ids)
        assert "lr3_acupuncture" not in ids and "meridian_qi" not in ids  # denied
    elif title == "Causal chains by property path":
        assert {row["net"]["value"] for row in result.rows} <= {"1", "-1", "0"}
        assert ("bdnf", "synaptic_plasticity") in {
            (r["middle"]["value"], r["end"]["value"]) for r in result.rows
        }
    elif title == "Claims by evidence rank":
        ranks = [int(v) for v in values(result, "rank")]
        assert min(ranks) >= 4 and ranks == sorted(ranks, reverse=True)
        assert "acu_bdnf" in values(result, "claim")
    elif title == "Claims per source":
        counts = {r["source"]["value"]: int(r["claims"]["value"]) for r in result.rows}
        cited = Counter(c.source for c in mechkg.load().claims.values())
        assert counts["ilive2025"] == cited["ilive2025"] > 0
        assert counts["thno2025"] == cited["thno2025"] > 0
    elif title == "Contradicting claims":
        pairs = {(r["claim1"]["value"], r["claim2"]["value"]) for r in result.rows}
        assert ("c4", "mech.3") in pairs  # correlated up vs decreases (thorough fixture)
    elif title == "Claims in one species":
        assert "acu_bdnf" in values(result, "claim")
    elif title.startswith("The news article and the paper"):
        triples = {(r["subject"]["value"], r["object"]["value"]) for r in result.rows}
        assert ("csds", "depressive_behaviour") in triples
    else:
        pytest.fail(f"docs/sparql.md has a query under {title!r} that no test checks")


def test_cookbook_has_the_recipes():
    titles = {t for t, _ in QUERIES}
    assert titles == {
        "Causal chains by property path",
        "Claims by evidence rank",
        "Claims per source",
        "Contradicting claims",
        "Claims in one species",
        "The news article and the paper on the same triple",
    }


@pytest.fixture(scope="module")
def store(lr3, thorough):
    s = local_store(lr3)
    s.bulk_load(to_ntriples(thorough).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return s


@pytest.fixture(scope="module")
def server(oxigraph, lr3, thorough):
    push(lr3, oxigraph.url, replace=True)
    push(thorough, oxigraph.url, ontology=False)
    yield oxigraph
    oxigraph.update("DROP DEFAULT")


@pytest.mark.parametrize(("title", "query"), QUERIES, ids=[f"{i}" for i in range(len(QUERIES))])
def test_recipe_locally(store, title, query):
    check(title, query, query_local(store, query))


@pytest.mark.server
@pytest.mark.parametrize(("title", "query"), QUERIES, ids=[f"{i}" for i in range(len(QUERIES))])
def test_recipe_on_the_server(server, store, title, query):
    result = query_endpoint(server.url, query)
    check(title, query, result)
    ordered = "ORDER BY" in query
    local = query_local(store, query).rows
    assert (result.rows if ordered else sorted(map(str, result.rows))) == (
        local if ordered else sorted(map(str, local))
    )
