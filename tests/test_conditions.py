"""Conditions and necessity in path search, neighbours and explain: a knockout or blocker
experiment supports the mechanism, a result from another context differs from a step
rather than contradicting it, and a step is headlined by its strongest baseline claim."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import mechkg
import pytest
from mechkg.model import Claim
from mechkg.paths import find_paths
from mechkg.paths.assess import assess
from mechkg.paths.context import differences, nested, split_opposing
from mechkg.paths.explore import neighbours

DATA = Path(__file__).parent / "data" / "conditions"
KETAMINE = DATA / "ketamine.yaml"
QUALIFIERS = DATA / "qualifiers.yaml"


@pytest.fixture(scope="module")
def ketamine():
    return mechkg.load([KETAMINE])


@pytest.fixture(scope="module")
def qualifiers():
    return mechkg.load([QUALIFIERS])


def _flat(text: str) -> str:
    """Text output with its line wrapping undone."""
    return " ".join(text.split())


def _path(result, *ids):
    return next(p for p in result.paths if tuple(e.id for e in p.nodes) == ids)


# -- the context rules ---------------------------------------------------------------------


def _c(cid: str, relation: str = "increases", **kw) -> Claim:
    return Claim(cid, "x", relation, "y", "experiment", "p", **kw)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({}, {}, ()),
        ({"species": "NCBITaxon:10090"}, {}, ()),  # unstated on one side: compatible
        ({"species": "NCBITaxon:10090"}, {"species": "NCBITaxon:10116"}, ("species",)),
        ({"anatomy": ("a",)}, {"anatomy": ("b",)}, ("anatomy",)),
        ({"anatomy": ("a", "b")}, {"anatomy": ("b",)}, ()),
        ({"model": "csds"}, {"model": "cums"}, ("model",)),
        ({}, {"condition": ("ko",)}, ("condition",)),  # baseline is a context of its own
        ({"condition": ("ko",)}, {"condition": ("ko",)}, ()),
        ({"time": "30 min"}, {"time": "30  MIN"}, ()),
        ({"time": "30 min"}, {"time": "24 h"}, ("time",)),
        ({"time": "30 min"}, {}, ()),
        ({"species": "NCBITaxon:10090", "time": "24 h"},
         {"species": "NCBITaxon:9606", "time": "1 h", "condition": ("ko",)},
         ("species", "condition", "time")),
    ],
)  # fmt: skip
def test_differences_name_each_incompatible_qualifier(a, b, expected):
    assert differences(_c("a", **a), _c("b", "decreases", **b)) == expected
    assert differences(_c("b", "decreases", **b), _c("a", **a)) == expected


def test_a_region_within_another_is_the_same_context():
    within = {"a1": frozenset({"a1", "a"}), "a": frozenset({"a"})}.get
    assert nested(["a1"], ["a"], within) and nested(["a"], ["a1"], within)
    assert not nested(["a1"], ["b"], lambda r: frozenset({r}))


def test_an_opposing_claim_contradicts_when_any_supporting_context_is_compatible():
    mouse = _c("mouse", species="NCBITaxon:10090")
    rat = _c("rat", species="NCBITaxon:10116")
    flat_rat = _c("flat", "causes_no_change", species="NCBITaxon:10116")
    contra, differ = split_opposing([mouse, rat], [flat_rat])
    assert [c.id for c in contra] == ["flat"] and differ == ()
    contra, differ = split_opposing([mouse], [flat_rat])
    assert contra == () and [(d.claim.id, d.qualifiers) for d in differ] == [("flat", ("species",))]


def test_a_necessity_test_never_opposes():
    wt = _c("wt")
    ko = _c("ko", "causes_no_change", condition=("ko",), species="NCBITaxon:10090")
    test = Claim("t", "x", "decreases", "y", "experiment", "p", requires=("m",))
    contra, differ = split_opposing([wt], [test])
    assert contra == () and differ == ()
    assert [d.claim.id for d in split_opposing([wt], [ko])[1]] == ["ko"]


def test_the_knockout_arm_beside_its_necessity_test_is_no_contradiction():
    test = _c("ko", "decreases", condition=("m_ko",), requires=("m",))
    arm = _c("arm", "causes_no_change", condition=("m_ko",))
    contra, differ = split_opposing([test], [arm])
    assert contra == () and [(d.claim.id, d.qualifiers) for d in differ] == [
        ("arm", ("condition",))
    ]


# -- the done-when example: ketamine, BDNF and mTOR ----------------------------------------


def test_the_bdnf_knockout_supports_the_direct_step_and_names_its_mediator(ketamine):
    result = find_paths(ketamine, "ketamine", "depression-like behaviour")
    (direct,) = [p for p in result.paths if len(p.steps) == 1]
    step = direct.steps[0]
    assert step.claim.id == "autry_fst"  # the baseline result, not the knockout
    assert {c.id for c in step.claims} == {
        "autry_fst", "autry_bdnf_ko", "li_rapamycin_behaviour"
    }  # fmt: skip
    assert step.contradictions == () and step.differs == ()
    bdnf = _path(result, "ketamine", "phospho_eef2", "bdnf", "despair")
    assert [(t.claim.id, t.mediator.id, t.required) for t in bdnf.necessity] == [
        ("autry_bdnf_ko", "bdnf", True)
    ]


def test_mtor_in_mouse_hippocampus_differs_from_rat_prefrontal_cortex(ketamine):
    result = find_paths(ketamine, "ketamine", "depression-like behaviour")
    mtor = _path(result, "ketamine", "mtor_signalling", "synaptogenesis", "despair")
    first = mtor.steps[0]
    assert first.claim.id == "li_mtor" and first.contradictions == ()
    assert [(d.claim.id, d.qualifiers) for d in first.differs] == [
        ("autry_mtor", ("species", "anatomy"))
    ]
    assert {(t.claim.id, t.end) for t in mtor.necessity} == {
        ("li_rapamycin.1", 2), ("li_rapamycin_behaviour", 3)
    }  # fmt: skip


def test_paths_text_json_and_tsv_say_so(cli):
    args = ("paths", "ketamine", "depression-like behaviour", KETAMINE)
    text = _flat(cli(*args).stdout)
    assert "✗ contradicted" not in text
    assert "≠ differs by context: autry_mtor (causes_no_change, experiment, autry2011)" in text
    assert "[mouse · UBERON:0002421]: species, anatomy" in text
    assert "✓ necessity-tested: ketamine → depression-like behaviour requires BDNF:" in text
    assert (
        "autry_bdnf_ko (decreases, experiment, autry2011) "
        "[mouse · condition: BDNF knockout · requires BDNF]" in text
    )
    doc = json.loads(cli(*args, "--format", "json").stdout)
    steps = [s for p in doc["paths"] for s in p["steps"] if s["object"] == "mtor_signalling"]
    (differs,) = steps[0]["differs_by_context"]
    assert differs["claim"] == "autry_mtor" and differs["differs_in"] == ["species", "anatomy"]
    assert differs["context"] == {
        "species": "NCBITaxon:10090", "anatomy": ["UBERON:0002421"], "model": None,
        "condition": [], "time": None,
    }  # fmt: skip
    necessity = [t for p in doc["paths"] for t in p["necessity"]]
    assert {"claim": "autry_bdnf_ko", "subject": "ketamine", "object": "despair",
            "mediator": "bdnf", "required": True,
            "evidence": "experiment"} in necessity  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "tsv").stdout), delimiter="\t"))
    (row,) = [r for r in rows if r["object"] == "mtor_signalling"]
    assert row["contradictions"] == "" and row["contradiction_contexts"] == ""
    assert row["differs_by_context"] == "autry_mtor=mouse · UBERON:0002421 (species,anatomy)"


def test_explain_marks_the_knockout_as_support_and_the_disagreement_as_context(cli):
    text = _flat(cli("explain", "ketamine", "depression-like behaviour", KETAMINE).stdout)
    ko = text[text.index("autry_bdnf_ko:") : text.index("autry_fst:")]
    assert "condition: BDNF knockout" in ko and "requires: BDNF" in ko
    assert "✓ necessity test" in ko and "✗" not in text
    text = _flat(cli("explain", "ketamine", "mTOR signalling", KETAMINE).stdout)
    assert "≠ differs by context from li_mtor: species, anatomy" in text
    doc = json.loads(
        cli("explain", "ketamine", "mtor_signalling", KETAMINE, "--format", "json").stdout
    )
    roles = {c["id"]: c["assessment"] for c in doc["forward"]}
    assert roles["autry_mtor"] == {
        "role": "differs", "headline": "li_mtor", "differs_in": ["species", "anatomy"]
    }  # fmt: skip
    assert roles["li_mtor"]["role"] == "supports"


def test_neighbours_show_the_difference_of_context(ketamine):
    hood = neighbours(ketamine, "ketamine", direction="downstream")
    (step,) = [n.step for n in hood.neighbours if n.entity.id == "mtor_signalling"]
    assert step.contradictions == () and [d.claim.id for d in step.differs] == ["autry_mtor"]


def test_assess_agrees_with_the_paths(ketamine):
    roles = assess(ketamine)
    assert roles["autry_mtor"].role == "differs"
    assert roles["autry_mtor"].differs_in == ("species", "anatomy")
    assert roles["autry_bdnf_ko"].role == "supports"
    assert roles["autry_bdnf_ko"].headline == "autry_fst"


# -- every qualifier, on a made-up graph ---------------------------------------------------


def test_headline_is_the_strongest_baseline_claim_and_others_say_what_differs(qualifiers, cli):
    result = find_paths(qualifiers, "drug X", "a behaviour")
    (direct,) = [p for p in result.paths if len(p.steps) == 1]
    step = direct.steps[0]
    assert step.claim.id == "base"
    assert [c.id for c in step.claims] == ["base", "late", "blocked.1", "ko"]
    text = _flat(cli("paths", "drug X", "a behaviour", QUALIFIERS).stdout)
    assert "+3 more claims (late [mouse · 24 h];" in text
    assert "ko [mouse · condition: M knockout · requires M protein]" in text


def test_a_condition_alone_makes_a_difference_of_context(qualifiers):
    result = find_paths(qualifiers, "drug X", "a behaviour")
    long = next(p for p in result.paths if len(p.steps) == 4)
    by_object = {s.object.id: s for s in long.steps}
    assert [(d.claim.id, d.qualifiers) for d in by_object["pm"].differs] == [
        ("blocked_pm", ("condition",))
    ]
    # compatible contexts still contradict: unstated anatomy, and a subregion of region A
    assert {c.id for c in by_object["m_mrna"].contradictions} == {"flat", "down_a1"}


def test_independence_is_reported_on_the_path_it_speaks_against(qualifiers):
    result = find_paths(qualifiers, "drug X", "a behaviour")
    n = _path(result, "drug_x", "n_protein", "behaviour")
    assert [(t.claim.id, t.mediator.id, t.required) for t in n.necessity] == [
        ("blocked.1", "n_protein", False)
    ]


def test_paths_flag_steps_stitched_from_different_kinds_of_source(qualifiers, tmp_path):
    result = find_paths(qualifiers, "drug X", "a behaviour")
    long = next(p for p in result.paths if len(p.steps) == 4)
    # the news article's claim supports a step a paper supports too: corroboration
    assert long.steps[0].source_kinds == {"article", "news"}
    assert not long.mixed_source_kinds and long.source_kinds == ("article",)
    doc = {
        "mechkg": 1,
        "sources": {"p": {"kind": "article"}, "n": {"kind": "news", "reports": ["p"]}},
        "entities": {i: {"label": i, "type": "Gene"} for i in ("a", "b", "c")},
        "defaults": {"evidence": "experiment"},
        "claims": [
            {"id": "ab", "subject": "a", "relation": "increases", "object": "b", "source": "p"},
            {"id": "bc", "subject": "b", "relation": "increases", "object": "c", "source": "n"},
        ],
    }  # fmt: skip
    path = tmp_path / "stitched.yaml"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (stitched,) = find_paths(mechkg.load([path]), "a", "c").paths
    assert stitched.mixed_source_kinds and stitched.source_kinds == ("article", "news")


def test_a_path_across_regions_that_do_not_nest_is_flagged(tmp_path):
    doc = {
        "mechkg": 1,
        "sources": {"p": {"kind": "article"}},
        "entities": {i: {"label": i, "type": "Gene"} for i in ("a", "b", "c")}
        | {r: {"label": r, "type": "AnatomicalEntity"} for r in ("hpc", "vca1", "pfc")},
        "defaults": {"source": "p", "evidence": "experiment"},
        "claims": [
            {"id": "ab", "subject": "a", "relation": "increases", "object": "b",
             "anatomy": ["vca1"]},
            {"id": "bc", "subject": "b", "relation": "increases", "object": "c",
             "anatomy": ["hpc"]},
            {"id": "part", "subject": "vca1", "relation": "part_of", "object": "hpc"},
            {"id": "ac", "subject": "a", "relation": "increases", "object": "c",
             "anatomy": ["pfc"]},
            {"id": "ca", "subject": "c", "relation": "decreases", "object": "a",
             "anatomy": ["pfc"]},
        ],
    }  # fmt: skip
    path = tmp_path / "regions.yaml"
    path.write_text(json.dumps(doc), encoding="utf-8")
    kg = mechkg.load([path])
    nested_path = _path(find_paths(kg, "a", "c"), "a", "b", "c")
    assert not nested_path.mixed_anatomy  # vCA1 is part of the hippocampus
    mixed = _path(find_paths(kg, "b", "a"), "b", "c", "a")
    assert mixed.mixed_anatomy and mixed.anatomy == ("hpc", "pfc")
