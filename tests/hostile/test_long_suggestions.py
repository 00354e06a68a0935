"""A huge label never makes a huge message: names quoted in "did you mean" hints and
"unknown entity" errors are cut to about 60 characters."""

from __future__ import annotations

import mechkg
import pytest
from mechkg.errors import EntityNotFound

LONG = "synaptic plasticity " + "x" * 90_000


def test_unknown_entity_error_cuts_the_name_and_its_suggestions():
    message = str(EntityNotFound(LONG, [LONG, LONG + "y"]))
    assert len(message) < 1_000
    assert "…" in message


def test_a_misspelt_name_in_a_claims_file_suggests_a_cut_label(tmp_path):
    claims = tmp_path / "c.yaml"
    claims.write_text(
        "mechkg: 1\n"
        "sources:\n  s1: {kind: article, doi: 10.1234/abc}\n"
        f"entities:\n  a: {{label: '{LONG}', type: BiologicalProcess}}\n"
        "  b: {label: b, type: Behavior}\n"
        "claims:\n"
        f"  - {{id: c1, subject: '{LONG[:-1]}', relation: increases, object: b, "
        "evidence: experiment, source: s1}\n",
        encoding="utf-8",
    )
    with pytest.raises(mechkg.ValidationError) as caught:
        mechkg.load([claims])
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "unknown entity" in text
    assert len(text) < 2_000, len(text)
