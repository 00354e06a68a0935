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
        assert pairs == _pairs("contradicts"), "the recipe and mechkg.paths disagree"
        # necessity tests and results from other contexts are not contradictions
        named = {c for pair in pairs for c in pair}
        assert not named & {"autry_bdnf_ko", "li_rapamycin_behaviour", "autry_mtor", "li_mtor"}
    elif title == "Claims that differ by context":
        found = {
            (r["claim1"]["value"], r["claim2"]["value"]): r["differsIn"]["value"]
            for r in result.rows
        }
        assert found[("autry_mtor", "li_mtor")] == "species,anatomy"
        assert set(found) == _pairs("differs"), "the recipe and mechkg.paths disagree"
        assert not {c for pair in found for c in pair} & {"autry_bdnf_ko", "li_rapamycin.1"}
    elif title == "Necessity tests":
        rows = {(r["claim"]["value"], r["test"]["value"].rsplit("#", 1)[1],
                 r["mediator"]["value"], r.get("condition", {}).get("value"))
                for r in result.rows}  # fmt: skip
        assert ("autry_bdnf_ko", "requires", "bdnf", "bdnf_knockout") in rows
        assert ("li_rapamycin_behaviour", "requires", "mtor_signalling", "rapamycin") in rows
    elif title == "Claims in one species":
        assert "acu_bdnf" in values(result, "claim")
    elif title.startswith("The news article and the paper"):
        triples = {(r["subject"]["value"], r["object"]["value"]) for r in result.rows}
        assert ("csds", "depressive_behaviour") in triples
    else:
        pytest.fail(f"docs/sparql.md has a query under {title!r} that no test checks")


def _graphs() -> list:
    """The graphs the recipes run on: the bundled one, the thorough fixture and the
    ketamine example (necessity tests, results from other contexts)."""
    root = Path(__file__).resolve().parents[1] / "data"
    return [mechkg.load(), mechkg.load([root / "thorough.yaml"]),
            mechkg.load([root / "conditions" / "ketamine.yaml"])]  # fmt: skip


def _pairs(role: str) -> set[tuple[str, str]]:
    """Pairs of claims that mechkg's own assessment puts in one ``role`` (a claim that
    contradicts or differs from a step's supporting claim), as the recipes list them:
    the step's supporting claims that the opposing claim is compared with, by
    ``mechkg.paths.context.differences``."""
    from mechkg.paths.assess import assess
    from mechkg.paths.context import differences

    out = set()
    for kg in _graphs():
        roles = assess(kg)
        for cid, a in roles.items():
            if a.role not in ("contradicts", "differs"):
                continue
            claim = kg.claims[cid]
            for other in kg.claims_from(claim.subject):
                if other.object != claim.object or roles.get(other.id) is None:
                    continue
                if roles[other.id].role != "supports" or other.necessity:
                    continue
                if bool(differences(other, claim)) == (role == "differs"):
                    iris = sorted((other.id, cid), key=lambda x: f"{kg.base}claim/{x}")
                    out.add((iris[0], iris[1]))
    return out


def test_cookbook_has_the_recipes():
    titles = {t for t, _ in QUERIES}
    assert titles == {
        "Causal chains by property path",
        "Claims by evidence rank",
        "Claims per source",
        "Contradicting claims",
        "Claims that differ by context",
        "Necessity tests",
        "Claims in one species",
        "The news article and the paper on the same triple",
    }


@pytest.fixture(scope="module")
def store(lr3):
    s = local_store(lr3)
    for kg in _graphs()[1:]:
        s.bulk_load(to_ntriples(kg).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return s


@pytest.fixture(scope="module")
def server(oxigraph, lr3):
    push(lr3, oxigraph.url, replace=True)
    for kg in _graphs()[1:]:
        push(kg, oxigraph.url, ontology=False)
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
