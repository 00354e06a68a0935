"""Reading conditions, treatments, figures and necessity tests, and the hints that speak
biology: from YAML (keys and the chain shorthand) and from tables."""

from __future__ import annotations

import json
from pathlib import Path

import mechkg
import pytest

DATA = Path(__file__).parent.parent / "data" / "conditions"


@pytest.fixture(scope="module")
def kg():
    return mechkg.load([DATA / "qualifiers.yaml"])


def _doc(*claims: dict, **extra) -> dict:
    return {
        "mechkg": 1,
        "sources": {"p": {"kind": "article"}},
        "entities": {
            "drug": {"label": "drug", "type": "SmallMolecule"},
            "bdnf": {"label": "BDNF", "type": "Protein"},
            "trkb": {"label": "TrkB", "type": "Protein"},
            "fst": {"label": "immobility", "type": "BehavioralFeature"},
            "ko": {"label": "BDNF knockout", "type": "Genotype"},
        },
        "defaults": {"source": "p", "evidence": "experiment"},
        "claims": list(claims),
        **extra,
    }


def _write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps(doc), encoding="utf-8")  # JSON is YAML
    return path


def _problems(tmp_path: Path, *claims: dict, **extra) -> list[str]:
    path = _write(tmp_path, _doc(*claims, **extra))
    return [str(p).removeprefix(f"{path}:") for p in mechkg.validate([path])]


EDGE = {"subject": "drug", "relation": "decreases", "object": "fst"}


def test_every_condition_qualifier_is_read(kg):
    base = kg.claims["base"]
    assert (base.dose, base.route, base.time, base.figure) == (
        '10 mg/kg "i.p."', "intraperitoneal", "30 min", "Fig. 1a"
    )  # fmt: skip
    assert kg.claims["ko"].condition == ("m_ko",) and kg.claims["ko"].requires == ("m_protein",)
    assert kg.entities["m_ko"].type == "Genotype"
    assert kg.entities["m_mrna"].type == "RNAProduct"
    assert kg.entities["pm"].type == "ProteinIsoform"


def test_the_chain_clause_states_a_necessity_test(kg):
    blocked = kg.claims["blocked.1"]
    assert (blocked.subject, blocked.relation, blocked.object) == (
        "drug_x",
        "decreases",
        "behaviour",
    )
    assert blocked.requires == ("m_protein",) and blocked.independent_of == ("n_protein",)
    assert blocked.condition == ("CHEBI:6121", "blocker")  # an entity and a CURIE, sorted
    assert "blocked.2" not in kg.claims


def test_null_unsets_a_file_default(kg):
    assert kg.claims["base"].species == "NCBITaxon:10090"  # the file's default
    assert kg.claims["human"].species is None


def test_null_on_a_required_default_is_reported(tmp_path):
    assert _problems(tmp_path, {"id": "c1", **EDGE, "source": None}) == [
        "1: claim c1: claim has no `source`; add `source:` with a source id (or set it in "
        "`defaults`)"
    ]


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ({**EDGE, "requires": ["drug"]},
         "the effect of 'drug' on 'fst' cannot need or do without 'drug' itself"),
        ({**EDGE, "requires": ["bdnf"], "independent_of": ["BDNF"]},
         "the claim both requires and is independent of 'bdnf'"),
        ({**EDGE, "relation": "causes_no_change", "requires": ["bdnf"]},
         "a necessity test needs a signed effect, not 'causes_no_change'"),
        ({**EDGE, "negated": True, "requires": ["bdnf"]},
         "a necessity test needs a signed effect, not 'decreases' negated"),
        ({"chain": "drug -> BDNF -| immobility; requires TrkB"},
         "`requires` and `independent of` need a chain of one step"),
        ({"chain": "drug -| immobility; needs TrkB"}, "unknown chain clause 'needs TrkB'"),
        ({"chain": "drug -| immobility; requires"}, "`requires` in the chain names no entity"),
        ({"chain": "drug -| immobility; requires TrkX"}, "unknown entity 'TrkX' in requires"),
    ],
)  # fmt: skip
def test_a_wrong_necessity_test_is_explained(tmp_path, claim, message):
    (problem,) = _problems(tmp_path, {"id": "c1", **claim})
    assert message in problem, problem


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("activates", "did you mean 'increases'?"),
        ("induces", "did you mean 'increases'?"),
        ("Inhibits", "did you mean 'decreases'?"),
        ("blocks", "did you mean 'decreases'?"),
        ("no effect", "did you mean 'causes_no_change'?"),
        ("required for", "a necessity is not a relation"),
        ("requires", "add `requires: [mediator]`"),
        ("independent of", "add `independent_of: [entity]`"),
    ],
)
def test_relation_hints_speak_biology(tmp_path, word, hint):
    (problem,) = _problems(tmp_path, {"id": "c1", **EDGE, "relation": word})
    assert f"unknown relation {word!r}" in problem and hint in problem, problem
    assert "expected one of: increases, decreases" in problem


@pytest.mark.parametrize("written", ["Experiment", "EXPERIMENT", " experiment "])
def test_evidence_levels_ignore_case(tmp_path, written):
    path = _write(tmp_path, _doc({"id": "c1", **EDGE, "evidence": written}))
    assert mechkg.load([path]).claims["c1"].evidence == "experiment"


def test_evidence_level_words_may_be_spaced(tmp_path):
    path = _write(tmp_path, _doc({"id": "c1", **EDGE, "evidence": "Clinical trial"}))
    assert mechkg.load([path]).claims["c1"].evidence == "clinical_trial"


def test_every_problem_of_a_claim_is_reported_at_once(tmp_path):
    problems = _problems(
        tmp_path,
        {"id": "c1", "subject": "drugg", "relation": "activates", "object": "fst",
         "evidence": "strong", "condition": ["knockout of nothing"]},
        {"id": "c2 bad", "subject": "drug", "relation": "decreases", "object": "immobilty"},
        {"id": "c3", "chain": "drug -| fst", "subject": "drug", "source": None},
    )  # fmt: skip
    text = "\n".join(problems)
    for part in (
        "claim c1: unknown relation 'activates'",
        "claim c1: unknown evidence level 'strong'",
        "claim c1: unknown entity 'drugg' in subject",
        "claim c1: unknown entity 'knockout of nothing' in condition",
        "invalid claim id 'c2 bad'",
        "unknown entity 'immobilty' in object",
        "claim c3: claim has no `source`",
        "claim c3: claim has both `chain` and subject/relation/object",
    ):
        assert part in text, (part, text)


def test_tables_carry_every_condition_column(tmp_path):
    header = ["subject", "relation", "object", "evidence", "source", "condition", "dose",
              "route", "time", "figure", "requires", "independent_of"]  # fmt: skip
    row = ["drug", "decreases", "fst", "Experiment", "p", "ko|CHEBI:6121", "10 mg/kg",
           "i.p.", "24 h", "Fig. 3", "bdnf", "trkb"]  # fmt: skip
    table = tmp_path / "t.tsv"
    table.write_text("\t".join(header) + "\n" + "\t".join(row) + "\n", encoding="utf-8")
    defined = _write(tmp_path, _doc())
    (claim,) = mechkg.load([defined, table]).claims.values()
    assert claim.evidence == "experiment"
    assert claim.condition == ("CHEBI:6121", "ko")
    assert (claim.dose, claim.route, claim.time, claim.figure) == ("10 mg/kg", "i.p.", "24 h",
                                                                   "Fig. 3")  # fmt: skip
    assert (claim.requires, claim.independent_of) == (("bdnf",), ("trkb",))
