"""The path index's packed claim code: relation, evidence rank and negated flag share one
number, so the widths are checked (on import and per claim) instead of letting a new
evidence level turn one relation into another."""

from __future__ import annotations

import subprocess
import sys

import pytest
from mechkg.model import Claim
from mechkg.paths.index import (
    LEVEL_NAMES,
    RELATION_NAMES,
    check_code_widths,
    claim_code,
    code_negated,
    code_rank,
    code_relation,
)
from mechkg.vocab import EVIDENCE_LEVELS, EvidenceLevel


def _level(name: str, rank: int) -> EvidenceLevel:
    return EvidenceLevel(name, rank, "a test level", "ECO:0000000", "broadMatch")


def test_every_relation_rank_and_flag_round_trips():
    for relation in RELATION_NAMES:
        for evidence in LEVEL_NAMES:
            for negated in (False, True):
                code = claim_code(Claim("c", "a", relation, "b", evidence, "s", negated=negated))
                assert (code_relation(code), LEVEL_NAMES[code_rank(code)], code_negated(code)) == (
                    relation,
                    evidence,
                    negated,
                )


def test_a_ninth_evidence_level_keeps_its_relation(monkeypatch):
    monkeypatch.setitem(EVIDENCE_LEVELS, "ninth", _level("ninth", 8))
    code = claim_code(Claim("c1", "a", "increases", "b", "ninth", "s"))
    assert code_relation(code) == "increases" and code_rank(code) == 8


def test_a_ninth_evidence_level_in_the_vocabulary_is_searched():
    # The vocabulary grows before the path engine is imported, as when vocab.py is edited.
    script = """
import mechkg.vocab as v
v.EVIDENCE_LEVELS["ninth"] = v.EvidenceLevel("ninth", 8, "x", "ECO:0000000", "broadMatch")
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.paths import find_paths
kg = KnowledgeGraph(
    entities={i: Entity(i, i.upper(), "Gene") for i in "abc"},
    sources={"s": Source("s", "article")},
    claims={"c1": Claim("c1", "a", "increases", "b", "ninth", "s"),
            "c2": Claim("c2", "b", "increases", "c", "experiment", "s"),
            "c3": Claim("c3", "a", "decreases", "c", "ninth", "s")},
)
for p in find_paths(kg, "a", "c").paths:
    print(p.net_effect, p.weakest_evidence, [s.relation for s in p.steps])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "-1 ninth ['decreases']",
        "1 experiment ['increases', 'increases']",
    ]


def test_a_rank_beyond_the_code_raises_instead_of_packing(monkeypatch):
    monkeypatch.setitem(EVIDENCE_LEVELS, "seventeenth", _level("seventeenth", 16))
    with pytest.raises(ValueError, match="evidence rank 16 does not fit"):
        claim_code(Claim("c1", "a", "increases", "b", "seventeenth", "s"))


def test_widths_are_checked():
    check_code_widths(len(RELATION_NAMES), len(LEVEL_NAMES))
    with pytest.raises(RuntimeError, match="17 evidence levels do not fit"):
        check_code_widths(len(RELATION_NAMES), 17)
    with pytest.raises(RuntimeError, match="33 relations do not fit"):
        check_code_widths(33, len(LEVEL_NAMES))


def test_the_index_refuses_to_import_with_a_vocabulary_it_cannot_pack():
    script = (
        "import mechkg.vocab as v\n"
        "for i in range(len(v.EVIDENCE_LEVELS), 17):\n"
        "    v.EVIDENCE_LEVELS[f'level{i}'] = v.EvidenceLevel(f'level{i}', i, 'x', 'ECO:0', 'x')\n"
        "import mechkg.paths.index\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1
    assert "RuntimeError: 17 evidence levels do not fit" in done.stderr
