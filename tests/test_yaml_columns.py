"""A YAML claims file's claims checked a field at a time (mechkg.load.yamlcolumns) give
the loader's graph, or send the file to the loader, which reports its problems."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mechkg import load
from mechkg.errors import ValidationError
from mechkg.load import _run
from mechkg.load.yamlcolumns import yaml_graph

from benchmarks.bench_yaml import write_block_claims
from benchmarks.corpus import generate, write_claims

from .test_bulk import same_graph

HEAD = """\
mechkg: 1
sources:
  s1: {kind: article, title: "Study one"}
  s2:
    kind: review
    title: Study two
"""
ENTITIES = """\
entities:
  e1: {label: alpha, type: Gene, synonyms: [al]}
  e2: {label: beta, type: Protein}
  e3:
    label: gamma
    type: Disease
  e4: {label: delta, type: Behavior}
"""


def general(path):
    """The loader's graph of ``path`` the usual way, or None when it has errors."""
    kg, problems = _run([path], None, None)
    return None if kg is None or any(p.severity == "error" for p in problems) else kg


def check_file(path, fast: bool | None = None):
    """The fast graph of ``path`` is the loader's, or None; with ``fast``, it is (not)
    made. ``mechkg.load`` gives the loader's graph or its errors either way."""
    got = yaml_graph(path, str(path))
    expected = general(path)
    if fast is not None:
        assert (got is not None) is fast, path.read_text(encoding="utf-8")
    if expected is None:
        assert got is None, path.read_text(encoding="utf-8")
        with pytest.raises(ValidationError):
            load([path])
        return None
    if got is not None:
        same_graph(got, expected)
    same_graph(load([path]), expected)
    return got


@pytest.fixture(autouse=True, params=["pair by pair", "by Arrow"])
def flow_cutting(request, monkeypatch):
    """Every test twice: the one-line claims cut in Python, then by Arrow (which a file
    of fewer claims than ``_COLUMNS_MIN`` does not use)."""
    from mechkg.load import yamlcolumns

    least = 0 if request.param == "by Arrow" else 10**9
    monkeypatch.setattr(yamlcolumns, "_COLUMNS_MIN", least)
    monkeypatch.setattr(yamlcolumns, "_COLUMNS_MIN_COLD", least)
    return request.param


def write(tmp_path, text, name="c.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("writer", [write_claims, write_block_claims])
def test_the_writers_files_are_read_a_field_at_a_time(tmp_path, writer):
    kg = generate(400, 3)
    path = tmp_path / "g.yaml"
    writer(kg, path)
    got = check_file(path, fast=True)
    assert len(got.claims) == 400


def test_a_large_flow_file_is_cut_by_arrow(tmp_path, monkeypatch, flow_cutting):
    from mechkg.load import yamlcolumns

    used = []
    cut = yamlcolumns._Body._columns_of_pairs
    monkeypatch.setattr(
        yamlcolumns._Body, "_columns_of_pairs", lambda *a: used.append(cut(*a)) or used[-1]
    )
    path = tmp_path / "g.yaml"
    write_claims(generate(3000, 5), path)
    got = check_file(path, fast=True)
    assert len(got.claims) == 3000
    if flow_cutting == "by Arrow":  # (once for the check, once by mechkg.load)
        assert used and all(c is not None for c in used)
    else:
        assert used == []


BLOCK = """\
claims:
  # the first claim
  - id: c1
    subject: e1   # by id
    relation: increases
    object: beta
    evidence: experiment
    source: s1
    quote: "It rose: by 2, then 3 [sic] # not a comment"
    quote_lang: en
  -   id: c2
      subject: Alpha
      relation: decreases
      object: e3
      evidence: 'correlation'
      source: s2
      negated: yes
      species: NCBITaxon:10090

  - {id: c3, subject: al, relation: increases, object: e4, evidence: background, source: s2, \
quote: 'it''s, so: {x}'}
  - {id: c4, subject: e2, relation: directly_decreases, object: e4, evidence: inferred, \
source: s1, note: "a \\"b\\" c"}   # exact
"""


def test_block_and_flow_claims_names_comments_and_quotes(tmp_path):
    got = check_file(write(tmp_path, HEAD + ENTITIES + BLOCK), fast=True)
    assert got.claims["c1"].quote == "It rose: by 2, then 3 [sic] # not a comment"
    assert (got.claims["c2"].subject, got.claims["c2"].negated) == ("e1", True)
    assert got.claims["c3"].quote == "it's, so: {x}" and got.claims["c3"].subject == "e1"
    assert got.claims["c4"].note == 'a "b" c'
    assert got.claims["c2"].quote_lang is None


FLOWS = {
    "quotes holding separators": ('quote: "a, b: c}"', "a, b: c}"),
    "a plain value holding a quote": ('note: say"hi"', 'say"hi"'),
    "an empty quoted value last": ('note: ""', None),
    "an escape": ('quote: "\\u00e9"', "\u00e9"),
    "a single-quoted value": ("quote: 'it''s'", "it's"),
    "a number": ("dose: 3", "3"),
}


@pytest.mark.parametrize("what", FLOWS)
@pytest.mark.parametrize("between", ["", "\n", "  # a comment\n"])
def test_one_line_claims_read_a_section_at_a_time(tmp_path, what, between):
    given, expected = FLOWS[what]
    claim = ("  - {{id: c{n}, subject: e1, relation: increases, object: e{o}, "
             'evidence: experiment, source: s1, figure: "{n}A", {given}}}\n')  # fmt: skip
    text = claim.format(n=1, o=2, given=given) + between + claim.format(n=2, o=3, given=given)
    got = check_file(write(tmp_path, HEAD + ENTITIES + "claims:\n" + text + "\n\n"))
    if expected is None:  # an empty text is a problem
        assert got is None
    elif what != "a number":
        assert got is not None
        key = given.split(":")[0]
        assert [getattr(c, key) for c in got.claims.values()] == [expected] * 2


@pytest.mark.parametrize("scores", [("0.0", "-0.0"), ("-0.0", "0.0"), ("0.0", "'0.5'")])
@pytest.mark.parametrize("missing", [False, True])
def test_scores_equal_as_numbers_are_checked_apart(tmp_path, scores, missing):
    claim = ("  - {{id: c{n}, subject: e1, relation: increases, object: e{o}, "
             "evidence: experiment, source: s1{belief}}}\n")  # fmt: skip
    text = "".join(
        claim.format(n=n, o=n + 1, belief=f", belief: {b}") for n, b in enumerate(scores, 1)
    )
    if missing:
        text += claim.format(n=3, o=4, belief="")
    check_file(write(tmp_path, HEAD + ENTITIES + "claims:\n" + text))


def test_entities_after_the_claims_defaults_and_nulls(tmp_path):
    text = (
        HEAD
        + "defaults: {source: s1, species: 'NCBITaxon:9606', note: shared}\n"
        + "claims:\n"
        + "- id: c1\n  subject: e1\n  relation: increases\n  object: e2\n  evidence: experiment\n"
        + "- id: c2\n  subject: e2\n  relation: decreases\n  object: e3\n  evidence: hypothesis\n"
        + "  source: s2\n  note: ~\n"
        + "\n# the vocabulary\n"
        + ENTITIES
    )
    got = check_file(write(tmp_path, text), fast=True)
    assert (got.claims["c1"].source, got.claims["c1"].species) == ("s1", "NCBITaxon:9606")
    assert (got.claims["c2"].source, got.claims["c2"].note) == ("s2", None)
    assert got.claims["c1"].note == "shared"


BAD_CLAIMS = {
    "an unknown entity": "subject: zeta",
    "a name two entities answer to": "subject: shared",
    "an unknown relation": "relation: boosts",
    "an unknown source": "source: s9",
    "an empty quote": 'quote: ""',
    "an unclosed quote": 'quote: "',
    "a bad species": "species: mouse",
    "a repeated key": "subject: e1\n    subject: e2",
    "a claim relating an entity to itself": "object: e1",
    "no evidence": "evidence: ~",
}


@pytest.mark.parametrize("what", BAD_CLAIMS)
def test_a_claim_with_a_problem_goes_to_the_loader(tmp_path, what):
    entities = ENTITIES + "  e5: {label: shared, type: Gene}\n  e6: {label: shared, type: Gene}\n"
    base = {
        "id": "c1", "subject": "e1", "relation": "increases", "object": "e2",
        "evidence": "experiment", "source": "s1",
    }  # fmt: skip
    key = BAD_CLAIMS[what].split(":")[0]
    lines = [BAD_CLAIMS[what] if k == key else f"{k}: {v}" for k, v in base.items()]
    if key not in base:
        lines.append(BAD_CLAIMS[what])
    text = HEAD + entities + "claims:\n  - " + "\n    ".join(lines) + "\n"
    assert check_file(write(tmp_path, text), fast=False) is None


FALLBACK = {
    "a list": "  - {id: c1, subject: e1, relation: increases, object: e2, evidence: experiment, "
    "source: s1, anatomy: [UBERON:0002421]}\n",
    "a chain": "  - {id: c1, chain: e1 -> e2, evidence: experiment, source: s1}\n",
    "a multi-line quote": "  - id: c1\n    subject: e1\n    relation: increases\n    object: e2\n"
    "    evidence: experiment\n    source: s1\n    quote: one\n      two\n",
    "a block scalar": "  - id: c1\n    subject: e1\n    relation: increases\n    object: e2\n"
    "    evidence: experiment\n    source: s1\n    quote: >\n      folded\n",
    "claims at two dash indentations": "  - {id: c1, subject: e1, relation: increases, "
    "object: e2, evidence: experiment, source: s1}\n"
    "    - {id: c2, subject: e1, relation: increases, object: e3, evidence: experiment, "
    "source: s1}\n",
    "a key right of its claim's column": "  - id: c1\n     subject: e1\n    relation: increases\n"
    "    object: e2\n    evidence: experiment\n    source: s1\n",
    "a key left of its claim's column": "  - id: c1\n   subject: e1\n    relation: increases\n"
    "    object: e2\n    evidence: experiment\n    source: s1\n",
    "block claims at two dash indentations": "  - id: c1\n    subject: e1\n    relation: "
    "increases\n    object: e2\n    evidence: experiment\n    source: s1\n- id: c2\n"
    "  subject: e1\n  relation: increases\n  object: e3\n  evidence: experiment\n  source: s1\n",
    "a key before the first claim": "    note: x\n  - id: c1\n    subject: e1\n    relation: "
    "increases\n    object: e2\n    evidence: experiment\n    source: s1\n",
}


@pytest.mark.parametrize("what", FALLBACK)
def test_what_it_does_not_read_goes_to_the_loader(tmp_path, what):
    check_file(write(tmp_path, HEAD + ENTITIES + "claims:\n" + FALLBACK[what]), fast=False)


def test_imports_and_a_second_claims_key_go_to_the_loader(tmp_path):
    write(tmp_path, HEAD + ENTITIES, "vocab.yaml")
    claim = "  - {id: c1, subject: e1, relation: increases, object: e2, evidence: experiment}\n"
    text = "mechkg: 1\nimport: vocab.yaml\ndefaults: {source: s1}\nclaims:\n" + claim
    assert yaml_graph(write(tmp_path, text), "c.yaml") is None
    assert len(load([tmp_path / "c.yaml"]).claims) == 1
    twice = HEAD + ENTITIES + "claims:\n" + claim.replace("}", ", source: s1}") + "claims:\n"
    check_file(write(tmp_path, twice), fast=False)


# --- random files: the fast graph is the loader's, or the loader reads the file --------

KEYS = ["id", "subject", "relation", "object", "evidence", "source", "quote", "quote_lang",
        "species", "negated", "note", "dose"]  # fmt: skip
TOKENS = {
    "id": ["c1", "c2", "c3", "c4", "12", "'c5'", "-bad", "c1"],
    "subject": ["e1", "e2", "alpha", "Beta", "al", "'e3'", "zeta", '"e4"', "shared"],
    "object": ["e2", "e3", "gamma", "delta", "e1", "E2"],
    "relation": ["increases", "decreases", "directly_increases", "boosts", "'regulates'"],
    "evidence": ["experiment", "correlation", "background", "~", "proof", '"inferred"'],
    "source": ["s1", "s2", "s9", "'s1'"],
    "quote": ['"a, b: c"', "'it''s'", "plain words", '"x \\" y"', '"[x] {y}"', '""',
              "null", "a #b", '"\\u00e9t\\u00e9"', "'x'  # note", "yes", "1.5"],
    "quote_lang": ["en", "de", "'fr'", "English"],
    "species": ["NCBITaxon:10090", '"NCBITaxon:9606"', "mouse", "~"],
    "negated": ["true", "false", "yes", "no", "1", "~", '"true"'],
    "note": ["a note", '"x, y"', "2025-01-01", "~", "'#1'"],
    "dose": ["1 mg/kg", '"2 mg"', "3"],
}  # fmt: skip
DEFAULTS = ["", "defaults: {source: s1}\n", "defaults: {evidence: experiment, note: shared}\n",
            "defaults: {source: s2, species: 'NCBITaxon:10090'}\n",
            "defaults: {anatomy: [e1]}\n"]  # fmt: skip
EXTRA = ["anatomy: [e1]", "chain: e1 -> e2", "figure: 2A", "unknown: x"]


@st.composite
def files(draw, one_line: bool = False):
    claims = []
    for n in range(draw(st.integers(1, 6))):
        keys = ["id", "subject", "relation", "object", "evidence", "source"]
        keys += [k for k in KEYS[6:] if draw(st.integers(0, 3)) == 0]
        if draw(st.integers(0, 24)) == 0:
            keys.remove(draw(st.sampled_from(keys)))
        if draw(st.booleans()):
            keys = draw(st.permutations(keys))
        pairs = []
        for k in keys:
            usual = TOKENS[k][0] if k != "id" else f"c{n}"
            other = draw(st.integers(0, 19)) == 0
            pairs.append(f"{k}: {draw(st.sampled_from(TOKENS[k])) if other else usual}")
        if draw(st.integers(0, 24)) == 0:
            pairs.append(draw(st.sampled_from(EXTRA)))
        if draw(st.integers(0, 39)) == 0:
            pairs.append(pairs[-1])  # a repeated key
        claims.append(pairs)
    dash = draw(st.sampled_from(["", "  "]))
    body = []
    for pairs in claims:
        if one_line or draw(st.booleans()):
            body.append(f"{dash}- {{{', '.join(pairs)}}}")
        else:
            pad = draw(st.sampled_from([" ", "   "]))
            body.append(f"{dash}-{pad}" + f"\n{dash} {pad}".join(pairs))
        if draw(st.integers(0, 4)) == 0:
            body.append(draw(st.sampled_from(["", "  # a comment: here", "#", "   "])))
    entities = ENTITIES + "  e5: {label: shared, type: Gene}\n  e6: {label: shared, type: Gene}\n"
    claims_text = "claims:\n" + "\n".join(body) + "\n"
    parts = [HEAD, draw(st.sampled_from(DEFAULTS))]
    if draw(st.booleans()):
        parts += [entities, claims_text]
    else:
        parts += [claims_text, entities]
    return "".join(parts)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files())
def test_random_files_give_the_loaders_graph(tmp_path, text):
    check_file(write(tmp_path, text))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files(one_line=True))
def test_random_one_line_claims_give_the_loaders_graph(tmp_path, text):
    check_file(write(tmp_path, text))
