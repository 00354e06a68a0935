"""Path search: ranking, filters, constraints, results, failures, rendering."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mechkg.errors import AmbiguousEntity, EntityNotFound, InvalidQuery, NoPath
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.paths import PathQuery, find_paths, iter_paths, path_index
from mechkg.paths.explore import explain, neighbours
from mechkg.paths.render import PATH_FORMATS, to_json, to_mermaid, to_text, to_tsv
from mechkg.paths.render_more import EXPLAIN_FORMATS, NEIGHBOUR_FORMATS
from mechkg.paths.search import best_paths, graded_paths
from mechkg.paths.steps import StepView
from mechkg.vocab import EVIDENCE_LEVELS

MOUSE, HUMAN = "NCBITaxon:10090", "NCBITaxon:9606"


def make_kg(claims, entities=None, names=None) -> KnowledgeGraph:
    """A graph from ``(id, subject, relation, object, evidence, **extra)`` tuples."""
    ids = {c[1] for c in claims} | {c[3] for c in claims} | set(entities or ())
    names = names or {}
    ents = {i: Entity(i, names.get(i, i.upper()), "BiologicalProcess") for i in ids}
    built = {}
    for c in claims:
        cid, s, rel, o, ev, *rest = c
        extra = rest[0] if rest else {}
        built[cid] = Claim(cid, s, rel, o, ev, extra.pop("source", "src"), **extra)
    sources = {x: Source(x, "article") for x in {c.source for c in built.values()}}
    return KnowledgeGraph(ents, sources, built)


def lr3_like() -> KnowledgeGraph:
    m = {"species": MOUSE, "model": "csds"}
    claims = [
        ("m.1", "lr3", "increases", "fibres", "hypothesis", dict(m)),
        ("m.2", "fibres", "increases", "hpa", "hypothesis", dict(m)),
        ("m.3", "hpa", "increases", "bdnf", "hypothesis", dict(m)),
        ("m.4", "hpa", "increases", "ampa", "hypothesis", dict(m)),
        ("m.5", "bdnf", "increases", "plast", "hypothesis", dict(m)),
        ("m.6", "ampa", "increases", "plast", "hypothesis", dict(m)),
        ("m.7", "plast", "decreases", "dep", "hypothesis", dict(m)),
        ("bdnf_up", "lr3", "increases", "bdnf", "experiment", dict(m, source="thno")),
        ("beh", "lr3", "decreases", "dep", "experiment", dict(m, source="thno")),
        ("bdnf_pl", "bdnf", "increases", "plast", "background", dict(m, source="thno")),
        ("h_bdnf", "bdnf", "decreases", "dep", "clinical_observation", {"species": HUMAN}),
        ("nochange", "bdnf", "causes_no_change", "plast", "experiment", dict(m)),
        ("spines", "lr3", "increases", "spine", "experiment", dict(m)),
        ("corr", "spine", "negatively_correlated", "dep", "correlation", dict(m)),
        ("part", "fibres", "part_of", "dep", "experiment"),
    ]
    names = {"lr3": "acupuncture at LR3", "dep": "depression-like behaviour"}
    kg = make_kg(claims, names=names)
    ents = dict(kg.entities)
    ents["lr3"] = Entity("lr3", "acupuncture at LR3", "Procedure", synonyms=("needle",))
    ents["dep"] = Entity("dep", "depression-like behaviour", "Behavior", synonyms=("behaviour",))
    return KnowledgeGraph(ents, kg.sources, kg.claims)


def chains(result) -> list[list[str]]:
    return [[e.id for e in p.nodes] for p in result.paths]


# -- ranking ---------------------------------------------------------------------------


def test_ranked_by_weakest_link_then_length_then_support():
    kg = make_kg(
        [
            ("a1", "a", "increases", "b", "hypothesis"),
            ("a2", "b", "increases", "z", "hypothesis"),  # a b z: grade 0, 2 steps
            ("b1", "a", "increases", "c", "experiment"),
            ("b2", "c", "increases", "d", "experiment"),
            ("b3", "d", "increases", "z", "experiment"),  # a c d z: grade 4, 3 steps
            ("c1", "a", "increases", "e", "experiment"),
            ("c2", "e", "increases", "z", "inferred"),  # a e z: grade 2, 2 steps
            ("d1", "a", "increases", "f", "inferred"),
            ("d2", "f", "increases", "z", "inferred"),
            ("d3", "f", "increases", "z", "hypothesis"),  # a f z: grade 2, 2 steps, 3 claims
        ]
    )
    result = find_paths(kg, "a", "z", k=10)
    assert chains(result) == [
        ["a", "c", "d", "z"],
        ["a", "f", "z"],
        ["a", "e", "z"],
        ["a", "b", "z"],
    ]
    assert [p.weakest_evidence for p in result.paths] == [
        "experiment", "inferred", "inferred", "hypothesis",
    ]  # fmt: skip
    assert [p.support for p in result.paths] == [3, 3, 2, 2]


def brute_force(kg, s, t, cutoff, **options):
    """Every simple path, ranked: the oracle for the k-best search."""
    ix = path_index(kg)
    view = StepView(ix, PathQuery(**options).step_filter)
    found = []

    def walk(path):
        u = path[-1]
        if u == ix.node(t):
            edges = [view.edge(a, b) for a, b in itertools.pairwise(path)]
            key = (-min(e[0] for e in edges), len(edges), -sum(e[1] for e in edges))
            found.append((key, [ix.entity_ids[n] for n in path]))
            return
        if len(path) > cutoff:
            return
        for v, _, _ in view.succ(u):
            if v not in path:
                walk([*path, v])

    walk([ix.node(s)])
    return sorted(found)


def brute_keys(kg, s, t, cutoff, via=None, **options):
    return [k for k, nodes in brute_force(kg, s, t, cutoff, **options) if via in (None, *nodes)]


RELS = ["increases", "decreases", "directly_increases", "regulates", "causes_no_change",
        "positively_correlated", "associated", "part_of"]  # fmt: skip
claim_strategy = st.tuples(
    st.integers(0, 7), st.integers(0, 7), st.sampled_from(RELS),
    st.sampled_from(list(EVIDENCE_LEVELS)), st.booleans(), st.sampled_from([None, MOUSE, HUMAN]),
)  # fmt: skip


def random_kg(claims) -> KnowledgeGraph:
    """The graph of ``claim_strategy`` tuples over the entities n0 to n7."""
    rows = [
        (
            f"c{i:02d}",
            f"n{a}",
            rel,
            f"n{b}",
            ev,
            {"negated": neg and rel != "part_of", "species": sp},
        )
        for i, (a, b, rel, ev, neg, sp) in enumerate(claims)
        if a != b
    ]
    return make_kg(rows, entities=[f"n{i}" for i in range(8)])


@settings(max_examples=150, deadline=None)
@given(
    claims=st.lists(claim_strategy, min_size=1, max_size=45),
    cutoff=st.integers(1, 6),
    options=st.sampled_from(
        [
            {},
            {"correlations": True},
            {"min_evidence": "inferred"},
            {"species": "mouse"},
            {"relations": ["decreases", "regulates"]},
        ]
    ),
)
def test_search_order_matches_brute_force(claims, cutoff, options):
    kg = random_kg(claims)
    expected = brute_keys(kg, "n0", "n7", cutoff, **options)
    got = [p.sort_key()[:3] for p in iter_paths(kg, "n0", "n7", cutoff=cutoff, **options)]
    assert got == expected
    if cutoff >= 2:  # through a via node: exactly the oracle's paths that pass through it
        expected = brute_keys(kg, "n0", "n7", cutoff, via="n3", **options)
        paths = list(iter_paths(kg, "n0", "n7", cutoff=cutoff, via="n3", **options))
        assert [p.sort_key()[:3] for p in paths] == expected
        assert all("n3" in chains_of(p) for p in paths)


@settings(max_examples=150, deadline=None)
@given(
    claims=st.lists(claim_strategy, min_size=1, max_size=45),
    cutoff=st.integers(1, 6),
    k=st.integers(1, 6),
    via=st.booleans(),
)
def test_best_paths_are_the_first_k_and_say_whether_more_exist(claims, cutoff, k, via):
    # the k best paths and "more" of find_paths, with less search: the same answer as
    # taking k + 1 paths from the ranked stream
    ix = path_index(random_kg(claims))
    view = StepView(ix, PathQuery().step_filter)
    m = ix.node("n3") if via and cutoff >= 2 else None
    s, t = ix.node("n0"), ix.node("n7")
    ranked = list(itertools.islice(graded_paths(view, s, t, cutoff, via=m), k + 1))
    assert best_paths(view, s, t, cutoff, k, via=m) == (ranked[:k], len(ranked) > k)


def test_best_paths_rank_a_run_of_ties_whole():
    # five equal two-step paths a -> m_i -> z: the k shown are the first by entity id,
    # whatever order the search meets them in, and the rest make "more" true
    rows = [(f"u{i}", "a", "increases", f"m{i}", "experiment") for i in (3, 1, 4, 0, 2)]
    rows += [(f"v{i}", f"m{i}", "increases", "z", "experiment") for i in range(5)]
    kg = make_kg(rows)
    for k in range(1, 7):
        result = find_paths(kg, "a", "z", k=k)
        assert [p.nodes[1].id for p in result.paths] == [f"m{i}" for i in range(min(k, 5))]
        assert dict(result.options)["more"] is (k < 5)


def test_best_paths_see_the_path_after_a_closed_run_of_ties():
    # three tied two-step paths, then a longer one: "more" holds at the end of the run
    rows = [(f"u{i}", "a", "increases", f"m{i}", "experiment") for i in range(3)]
    rows += [(f"v{i}", f"m{i}", "increases", "z", "experiment") for i in range(3)]
    rows += [
        (f"w{i}", u, "increases", v, "experiment") for i, (u, v) in enumerate("ax xy yz".split())
    ]
    kg = make_kg(rows)
    for k, more in ((2, True), (3, True), (4, False)):
        result = find_paths(kg, "a", "z", k=k)
        assert len(result.paths) == min(k, 4) and dict(result.options)["more"] is more
    assert [p.nodes[1].id for p in find_paths(kg, "a", "z", k=4).paths] == ["m0", "m1", "m2", "x"]


def test_k_best_does_not_enumerate_every_path():
    # A ladder of 40 rungs has 2**40 simple paths from one end to the other.
    rows = []
    for i in range(40):
        for a, b in itertools.product("xy", repeat=2):
            rows.append((f"c{i}{a}{b}", f"{a}{i}", "increases", f"{b}{i + 1}", "experiment"))
    kg = make_kg(rows)
    start = time.perf_counter()
    result = find_paths(kg, "x0", "x40", k=5, cutoff=40)
    assert len(result.paths) == 5
    assert time.perf_counter() - start < 5
    assert all(len(p.steps) == 40 for p in result.paths)


# -- what a step may use ---------------------------------------------------------------


def test_steps_never_use_no_change_negated_or_structural_claims():
    kg = make_kg(
        [
            ("n", "a", "causes_no_change", "b", "experiment"),
            ("neg", "a", "increases", "b", "experiment", {"negated": True}),
            ("p", "a", "part_of", "b", "experiment"),
            ("cor", "a", "positively_correlated", "b", "experiment"),
        ]
    )
    with pytest.raises(NoPath) as err:
        find_paths(kg, "a", "b")
    assert any("--include-correlations" in a for a in err.value.alternatives)
    result = find_paths(kg, "a", "b", correlations=True)
    assert [p.claim_ids for p in result.paths] == [("cor",)]
    # the negated and no-change claims contradict the correlation step
    assert {c.id for c in result.paths[0].steps[0].contradictions} == {"n", "neg"}


def test_filters_min_evidence_species_relations():
    kg = lr3_like()
    best = find_paths(kg, "lr3", "dep", min_evidence="experiment", k=10)
    assert chains(best) == [["lr3", "dep"], ["lr3", "bdnf", "dep"]]
    mouse = find_paths(kg, "needle", "behaviour", species="mouse", k=10)
    assert all(p.species == (MOUSE,) and not p.mixed_species for p in mouse.paths)
    assert ["lr3", "bdnf", "dep"] not in chains(mouse)
    only_up = find_paths(kg, "lr3", "plast", relations=["increases"], k=10)
    assert all(s.relation == "increases" for p in only_up.paths for s in p.steps)
    with pytest.raises(ValueError, match="cannot follow"):
        iter_paths(kg, "lr3", "dep", relations=["part_of"])
    with pytest.raises(ValueError, match="evidence level"):
        iter_paths(kg, "lr3", "dep", min_evidence="strong")


def test_via_and_avoid():
    kg = lr3_like()
    via = find_paths(kg, "needle", "behaviour", via="ampa", k=10)
    assert chains(via) == [
        ["lr3", "fibres", "hpa", "ampa", "plast", "dep"],
    ]
    avoid = find_paths(kg, "needle", "behaviour", avoid=["bdnf", "ampa"], k=10)
    assert chains(avoid) == [["lr3", "dep"]]
    with pytest.raises(NoPath, match="end of the path"):
        find_paths(kg, "lr3", "dep", avoid=["lr3"])
    with pytest.raises(NoPath, match="--via"):
        find_paths(kg, "lr3", "dep", via="dep")


def test_arguments_are_checked_before_iteration():
    kg = lr3_like()
    with pytest.raises(EntityNotFound) as err:
        iter_paths(kg, "BDFN", "dep")  # no next(): raised on the call
    assert [s.casefold() for s in err.value.suggestions] == ["bdnf"]
    with pytest.raises(InvalidQuery):
        iter_paths(kg, "lr3", "dep", cutoff=0)
    with pytest.raises(InvalidQuery):
        find_paths(kg, "lr3", "dep", k="5")


def test_ambiguous_name():
    kg = make_kg([("c", "a", "increases", "b", "experiment")], names={"a": "X", "b": "X"})
    with pytest.raises(AmbiguousEntity):
        find_paths(kg, "X", "b")


# -- the path's report -----------------------------------------------------------------


def test_net_effect_grade_and_contradictions():
    kg = lr3_like()
    result = find_paths(kg, "needle", "behaviour", k=10)
    chain = next(p for p in result.paths if [e.id for e in p.nodes][1] == "fibres")
    assert chain.net_effect == -1
    assert chain.weakest_evidence == "hypothesis" and chain.weakest == 0
    via_bdnf = next(p for p in result.paths if chains_of(p) == ["lr3", "bdnf", "plast", "dep"])
    step = via_bdnf.steps[1]
    assert step.claim.id == "bdnf_pl" and step.support == 2  # strongest shown, one more
    assert [c.id for c in step.contradictions] == ["nochange"]
    mixed = next(p for p in result.paths if chains_of(p) == ["lr3", "bdnf", "dep"])
    assert mixed.mixed_species and set(mixed.species) == {MOUSE, HUMAN}
    regulated = make_kg(
        [("r1", "a", "regulates", "b", "experiment"), ("r2", "b", "increases", "c", "experiment")]
    )
    assert find_paths(regulated, "a", "c").paths[0].net_effect is None


def chains_of(path) -> list[str]:
    return [e.id for e in path.nodes]


def test_opposite_signs_make_one_step_with_contradictions():
    kg = make_kg(
        [
            ("up", "a", "increases", "b", "experiment"),
            ("up2", "a", "directly_increases", "b", "inferred"),
            ("down", "a", "decreases", "b", "hypothesis"),
        ]
    )
    (path,) = find_paths(kg, "a", "b").paths
    assert path.net_effect == 1 and path.support == 2
    assert [c.id for c in path.steps[0].contradictions] == ["down"]


# -- no path ---------------------------------------------------------------------------


def test_no_path_names_the_nearest_alternatives():
    kg = lr3_like()
    with pytest.raises(NoPath) as err:
        find_paths(kg, "needle", "behaviour", min_evidence="systematic_review")
    assert "systematic_review" in str(err.value)
    assert any("drop --min-evidence" in a for a in err.value.alternatives)
    with pytest.raises(NoPath) as err:
        find_paths(kg, "lr3", "plast", cutoff=1)
    assert any("--max-length 2" in a for a in err.value.alternatives)
    with pytest.raises(NoPath) as err:
        find_paths(kg, "dep", "lr3")
    assert any("opposite direction" in a for a in err.value.alternatives)
    with pytest.raises(NoPath) as err:
        find_paths(kg, "needle", "behaviour", species="rat")
    assert any("drop --species" in a for a in err.value.alternatives)


# -- rendering -------------------------------------------------------------------------


def long_kg() -> KnowledgeGraph:
    labels = {f"n{i}": f"a rather long entity label number {i} with words" for i in range(7)}
    rows = [(f"c{i}", f"n{i}", "directly_decreases", f"n{i + 1}", "hypothesis") for i in range(6)]
    return make_kg(rows, names=labels)


def test_text_fits_80_columns_and_reads_as_a_chain():
    text = to_text(find_paths(long_kg(), "n0", "n6"))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "1. a rather long entity label number 0" in text
    assert "net: increases · weakest: hypothesis" in text
    lr3 = to_text(find_paths(lr3_like(), "needle", "behaviour", k=10))
    assert "⚠ mixed species" in lr3
    assert "✗ contradicted by nochange" in lr3
    assert max(len(line) for line in lr3.splitlines()) <= 80


def test_json_schema_and_determinism():
    result = find_paths(lr3_like(), "needle", "behaviour", k=3)
    doc = json.loads(to_json(result))
    assert set(doc) >= {"source", "target", "paths"}
    assert doc["source"] == {"id": "lr3", "label": "acupuncture at LR3", "type": "Procedure"}
    path = doc["paths"][0]
    assert set(path) >= {"nodes", "steps", "net_effect", "weakest_evidence", "weakest_step",
                         "species"}  # fmt: skip
    assert set(path["nodes"][0]) == {"id", "label"}
    assert set(path["steps"][0]) >= {"subject", "relation", "object", "claim", "evidence",
                                     "sources"}  # fmt: skip
    again = to_json(find_paths(lr3_like(), "needle", "behaviour", k=3))
    assert again == to_json(result)
    kg = lr3_like()
    resolved = json.loads(
        to_json(
            find_paths(
                kg,
                kg.entities["lr3"],
                "behaviour",
                via=kg.entities["bdnf"],
                avoid=["AMPA"],
                species="mouse",
            )
        )
    )["query"]
    assert (resolved["via"], resolved["avoid"], resolved["species"]) == ("bdnf", ["ampa"], MOUSE)


def test_tsv_and_mermaid():
    result = find_paths(lr3_like(), "needle", "behaviour", k=2)
    rows = [r.split("\t") for r in to_tsv(result).splitlines()]
    assert rows[0][:3] == ["path", "step", "subject"]
    assert all(len(r) == len(rows[0]) for r in rows)
    labels = {"a": 'say "hi" <b>', "b": "B"}
    mer = to_mermaid(find_paths(make_kg([("c", "a", "increases", "b", "inferred")],
                                        names=labels), "a", "b"))  # fmt: skip
    assert mer.startswith("flowchart LR\n")
    assert "#quot;hi#quot; #lt;b#gt;" in mer and '"say "' not in mer
    assert set(PATH_FORMATS) == {"text", "json", "tsv", "mermaid"}


# -- neighbours and explain ------------------------------------------------------------


def test_neighbours_both_directions_and_depth():
    kg = lr3_like()
    hood = neighbours(kg, "bdnf", depth=2)
    down = [(n.entity.id, n.distance) for n in hood.neighbours if n.direction == "downstream"]
    up = [(n.entity.id, n.distance) for n in hood.neighbours if n.direction == "upstream"]
    assert down == [("dep", 1), ("plast", 1)]
    assert up == [("lr3", 1), ("hpa", 1), ("fibres", 2)]
    only = neighbours(kg, "bdnf", direction="upstream", limit=1)
    assert [n.entity.id for n in only.neighbours] == ["lr3"] and only.omitted == 1
    for fmt in NEIGHBOUR_FORMATS.values():
        assert fmt(hood).endswith("\n")
    with pytest.raises(ValueError):
        neighbours(kg, "bdnf", direction="sideways")


def test_explain_lists_every_claim_both_ways():
    kg = lr3_like()
    exp = explain(kg, "bdnf", "plast")
    assert [c.id for c in exp.forward] == ["nochange", "bdnf_pl", "m.5"]
    assert exp.backward == ()
    text = EXPLAIN_FORMATS["text"](exp)
    assert "causes_no_change" in text and "source: thno" in text
    with pytest.raises(NoPath) as err:
        explain(kg, "fibres", "bdnf")
    assert any("a path links them" in a for a in err.value.alternatives)


@pytest.mark.parametrize(
    "module", ["mechkg.paths.index", "mechkg.paths.query", "mechkg.paths.explore", "mechkg.nx"]
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
