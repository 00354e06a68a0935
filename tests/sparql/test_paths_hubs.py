"""Path search on an endpoint over graphs with hubs: the local search's answers, with the
corridor's claims ranked from one row each and only the answer's claims fetched whole."""

from __future__ import annotations

import itertools
import random

import pytest
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.paths import find_paths
from mechkg.sparql import Endpoint, find_paths_sparql, push

from tests.sparql.test_paths import OPTIONS, answer, same_up_to_ties

pytestmark = pytest.mark.server

RELATIONS = ["increases", "decreases", "regulates", "positively_correlated",
             "causes_no_change", "directly_increases"]  # fmt: skip
LEVELS = ["hypothesis", "background", "inferred", "correlation", "experiment"]


def hub_graph(seed: int, n: int = 40, m: int = 260) -> KnowledgeGraph:
    """Random claims, a third of them on three hubs, with conditions, necessity tests,
    negations and species."""
    rng = random.Random(seed)
    ids = [f"n{i:02d}" for i in range(n)]
    hubs = ids[:3]
    entities = {i: Entity(i, f"node {i}", "Gene") for i in ids}
    sources = {"s": Source("s", "article"), "t": Source("t", "review")}
    claims = {}
    for k in range(m):
        a, b = rng.sample(ids, 2)
        if rng.random() < 0.35:
            a, b = (rng.choice(hubs), b) if rng.random() < 0.5 else (a, rng.choice(hubs))
        if a == b:
            continue
        rel = rng.choice(RELATIONS)
        signed = rel in ("increases", "decreases", "directly_increases")
        mediator = rng.choice(ids) if signed and rng.random() < 0.15 else None
        claims[f"c{k:03d}"] = Claim(
            f"c{k:03d}", a, rel, b, rng.choice(LEVELS), rng.choice("st"),
            species=rng.choice([None, "NCBITaxon:10090", "NCBITaxon:9606"]),
            condition=(rng.choice(ids),) if rng.random() < 0.1 else (),
            requires=(mediator,) if mediator not in (None, a, b) else (),
            negated=mediator is None and rng.random() < 0.08,
        )  # fmt: skip
    return KnowledgeGraph(entities, sources, claims, base=f"https://example.org/hubs{seed}/")


@pytest.mark.parametrize("seed", range(6))
def test_hub_graphs_answer_as_locally(oxigraph, seed):
    kg = hub_graph(seed)
    g = f"https://example.org/test/paths-hubs-{seed}"
    push(kg, oxigraph.url, graph=g, replace=True, ontology=False)
    rng = random.Random(seed)
    pairs = rng.sample(list(itertools.permutations(kg.entities, 2)), 24)
    hubs = [("n00", "n01"), ("n01", "n02"), ("n05", "n00"), ("n00", "n07")]
    exact = 0
    for (source, target), options in zip(hubs + pairs, itertools.cycle(OPTIONS), strict=False):
        local = answer(find_paths, kg, source, target, **options)
        remote = answer(find_paths_sparql, oxigraph.url, source, target, graph=g, **options)
        assert same_up_to_ties(local, remote), (source, target, options)
        exact += local == remote
    assert exact >= 24  # ties resolved the other way round are rare


def test_only_the_answer_is_fetched_whole(oxigraph, monkeypatch):
    """The corridor's claims are not looked up pair by pair, and only the claims between
    the answer's entities come whole (a CONSTRUCT of their triples)."""
    kg = hub_graph(11, n=60, m=500)
    g = "https://example.org/test/paths-hubs-whole"
    push(kg, oxigraph.url, graph=g, replace=True, ontology=False)
    sent: list[str] = []
    send = Endpoint._sparql

    def recorded(self, url, kind, text, accept):  # type: ignore[no-untyped-def]
        sent.append(text)
        return send(self, url, kind, text, accept)

    monkeypatch.setattr(Endpoint, "_sparql", recorded)
    ep = Endpoint.from_url(oxigraph.url)
    result = find_paths_sparql(ep, "n00", "n01", graph=g, k=2, weaker=False)
    assert result == find_paths(kg, "n00", "n01", k=2, weaker=False)
    along = {(u.id, v.id) for p in result.paths for i, u in enumerate(p.nodes)
             for v in p.nodes[i + 1 :]}  # fmt: skip
    between = {c for c in kg.claims.values() if (c.subject, c.object) in along}
    claims_whole = [t for t in sent if "CONSTRUCT" in t and "?x ?p ?o .\n}" in t]
    named = sum(t.count("/claim/") for t in claims_whole)
    assert named == len(between) > 0
    assert sum("VALUES (?u ?v)" in t for t in sent) == 1  # the answer's pairs, once


def test_exact_id_beats_names_folding_to_it(oxigraph):
    """An id as written means its entity, even when another entity's id, label or
    synonym folds to the same name (as locally); otherwise names match in any case."""
    entities = {
        "A": Entity("A", "first", "Gene"),
        "a": Entity("a", "second", "Gene"),
        "b": Entity("b", "A", "Gene", synonyms=("thing",)),
        "z": Entity("z", "end", "Gene"),
    }
    claims = {
        f"k{i}": Claim(f"k{i}", e, "increases", "z", "experiment", "s")
        for i, e in enumerate(("A", "a", "b"))
    }
    kg = KnowledgeGraph(entities, {"s": Source("s", "article")}, claims,
                        base="https://example.org/exact/")  # fmt: skip
    g = "https://example.org/test/paths-exact-id"
    push(kg, oxigraph.url, graph=g, replace=True, ontology=False)
    for name in ("A", "a", "b", "THING", "First", "SECOND"):
        local = answer(find_paths, kg, name, "end")
        assert answer(find_paths_sparql, oxigraph.url, name, "end", graph=g) == local, name
