"""The work bound of one path query: no input makes a query run unbounded; a query that
reaches the bound answers with the best paths found, clearly marked as partial."""

from __future__ import annotations

import collections
import itertools
import json
from pathlib import Path

import pytest
from mechkg.errors import InvalidQuery, NoPath
from mechkg.paths import PathQuery, find_paths, iter_paths
from mechkg.paths.budget import MAX_CUTOFF, MAX_K, QUERY_WORK, WEAKER_WORK, WorkBudget
from mechkg.paths.render import to_text

from tests.test_paths import make_kg

LEVELS = ("experiment", "inferred", "hypothesis", "correlation")


@pytest.fixture(autouse=True)
def cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def dense_claims(n: int = 60) -> list[tuple]:
    """Every ordered pair of ``n`` entities linked, at mixed evidence levels."""
    return [
        (f"c{i}_{j}", f"n{i}", "increases", f"n{j}", LEVELS[(7 * i + j) % len(LEVELS)])
        for i in range(n)
        for j in range(n)
        if i != j
    ]


@pytest.fixture(scope="module")
def dense_table(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dense") / "dense.tsv"
    head = "id subject relation object evidence source source_title subject_label subject_type"
    rows = ["\t".join([*head.split(), "object_label", "object_type"])]
    rows += [
        "\t".join([*c, "s1", "a study", c[1].upper(), "Gene", c[3].upper(), "Gene"])
        for c in dense_claims()
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "flags",
    [
        ["-k", "10000"],
        ["-k", "1000000", "--max-length", "100"],
        ["--via", "n30", "-k", "100000"],
    ],
    ids=["k10000", "k1M-length100", "via-k100000"],
)
def test_huge_queries_on_a_dense_graph_stop_at_the_budget(cli, dense_table, flags):
    result = cli("paths", "n0", "n59", dense_table, *flags, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["partial"] is True
    work = doc["work"]["paths"]
    assert work["exhausted"] is True and work["limit"] == QUERY_WORK
    assert 0 < len(doc["paths"]) < int(flags[flags.index("-k") + 1])
    # told on stderr too, since JSON readers may not look
    assert "PARTIAL RESULT" in result.stderr and "work budget" in result.stderr
    text = cli("paths", "n0", "n59", dense_table, *flags)
    assert text.exit_code == 0
    assert "PARTIAL RESULT: the search stopped at its work budget" in " ".join(text.stdout.split())


def test_an_ordinary_query_is_complete_and_says_so(cli, dense_table):
    result = cli("paths", "n0", "n59", dense_table, "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["partial"] is False and doc["work"]["paths"]["exhausted"] is False
    assert doc["work"]["weaker_routes"]["limit"] == WEAKER_WORK
    assert len(doc["paths"]) == 5 and doc["more"] is True
    assert "PARTIAL" not in result.stderr
    assert "PARTIAL" not in cli("paths", "n0", "n59", dense_table).stdout


def test_a_long_query_on_a_100k_claim_graph_stops_at_the_budget():
    from benchmarks.corpus import generate

    kg = generate(100_000, seed=3)
    out = collections.Counter(c.subject for c in kg.claims.values())
    into = collections.Counter(c.object for c in kg.claims.values())
    (hub_out, _), (hub_in, _) = out.most_common(1)[0], into.most_common(1)[0]
    result = find_paths(kg, hub_out, hub_in, k=1000, cutoff=12)
    assert result.partial and "paths" in result.stopped
    assert 0 < len(result.paths) < 1000
    assert dict((p, s) for p, _, s, _ in result.work)["paths"] <= QUERY_WORK + 100_000


def test_a_stopped_search_returns_a_prefix_of_the_full_ranking(monkeypatch):
    kg = make_kg(dense_claims(9))
    full = [[e.id for e in p.nodes] for p in iter_paths(kg, "n0", "n8", cutoff=4)]
    monkeypatch.setattr("mechkg.paths.query.QUERY_WORK", 3_000)
    result = find_paths(kg, "n0", "n8", k=len(full), cutoff=4, weaker=False)
    assert result.partial and result.stopped == ("paths",)
    got = [[e.id for e in p.nodes] for p in result.paths]
    assert 0 < len(got) < len(full)
    # every path but a run of equally ranked ones at the very end is in place
    keys = [p.sort_key()[:3] for p in result.paths]
    last = keys[-1]
    settled = [g for g, key in zip(got, keys, strict=True) if key != last]
    assert settled == full[: len(settled)]
    assert all(g in full for g in got)


def test_iter_paths_spends_a_given_budget_and_is_unbounded_without_one():
    kg = make_kg(dense_claims(12))
    work = WorkBudget(5_000)
    bounded = list(iter_paths(kg, "n0", "n11", cutoff=5, work=work))
    assert work.exhausted and work.spent > 5_000
    unbounded = list(itertools.islice(iter_paths(kg, "n0", "n11", cutoff=5), len(bounded) + 1))
    assert len(unbounded) == len(bounded) + 1


def test_no_path_found_before_the_budget_is_not_reported_as_no_path(monkeypatch):
    kg = make_kg(dense_claims(30))
    monkeypatch.setattr("mechkg.paths.query.QUERY_WORK", 10)
    with pytest.raises(NoPath, match="work budget") as err:
        find_paths(kg, "n0", "n29", min_evidence="hypothesis")
    assert "paths may exist" in str(err.value) and not err.value.alternatives


def test_weaker_routes_share_their_budget_and_say_when_it_ran_out(monkeypatch):
    kg = make_kg(dense_claims(40))
    monkeypatch.setattr("mechkg.paths.query.WEAKER_WORK", 2_000)
    result = find_paths(kg, "n0", "n39", k=2, cutoff=5)
    assert result.stopped == ("weaker_routes",)
    assert "search for weaker routes stopped" in " ".join(to_text(result).split())


def test_k_and_length_are_capped():
    with pytest.raises(InvalidQuery, match="k must be at most"):
        PathQuery(k=MAX_K + 1)
    with pytest.raises(InvalidQuery, match="cutoff must be at most"):
        PathQuery(cutoff=MAX_CUTOFF + 1)
    assert PathQuery(k=MAX_K, cutoff=MAX_CUTOFF).k == MAX_K


def test_a_via_query_past_its_pair_limit_is_marked_partial(monkeypatch):
    kg = make_kg(dense_claims(20))
    monkeypatch.setattr("mechkg.paths.search.MAX_VIA_PAIRS", 50)
    result = find_paths(kg, "n0", "n19", via="n7", k=500, cutoff=4)
    assert result.partial and 0 < len(result.paths) < 500


def test_the_clock_stops_a_query_on_a_machine_slower_than_the_units_assume(monkeypatch):
    assert WorkBudget(None, 60.0).spend(10**9) is True
    late = WorkBudget(None, 0.0)
    assert late.spend(1) is False and late.exhausted
    from mechkg.paths import query

    monkeypatch.setattr(query, "QUERY_SECONDS", 0.0)
    monkeypatch.setattr(query, "WEAKER_SECONDS", 0.0)
    kg = make_kg([(*c, {}) for c in dense_claims(12)], entities=[f"n{i}" for i in range(12)])
    with pytest.raises(NoPath, match="work budget"):
        find_paths(kg, "n0", "n11", k=50)


@pytest.mark.parametrize("kept", [None, 50])
def test_a_query_spends_the_same_whatever_ran_before_it(monkeypatch, kept):
    """Steps decoded by earlier queries are kept for the next ones over the same index,
    but each query counts the entries it reads as if it decoded them itself; so too when
    the kept steps are dropped (``kept``: a tiny limit) between queries."""
    from mechkg.paths.index import path_index

    if kept is not None:
        monkeypatch.setattr("mechkg.paths.steps.KEPT_ENTRIES", kept)
    claims = dense_claims(14)

    def answer(ix, a, b, **options):
        result = find_paths(ix, a, b, k=4, cutoff=4, **options)
        return [[e.id for e in p.nodes] for p in result.paths], result.work

    alone = answer(path_index(make_kg(claims)), "n0", "n13")
    ix = path_index(make_kg(claims))
    for a, b in (("n3", "n13"), ("n0", "n7"), ("n13", "n0"), ("n5", "n9")):
        answer(ix, a, b)
        answer(ix, a, b, min_evidence="hypothesis")
    assert ix.step_cache  # steps were kept
    after = answer(ix, "n0", "n13")
    assert after == alone and after[1][0][2] > 0
