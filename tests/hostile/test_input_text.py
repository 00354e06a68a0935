"""Claim text and values that look harmless but are not: terminal controls, YAML 1.1
integers that would rename ids, valid DOIs with unusual characters, RDF claim nodes
that carry two values of one field."""

from __future__ import annotations

import mechkg
import pytest
from mechkg.export import RDF_FORMATS, exporter

HEAD = "mechkg: 1\nsources:\n  s1: {kind: article, title: T}\n"
ENTITIES = "entities:\n  a: {label: A, type: Gene}\n  b: {label: B, type: Gene}\n"


def _problems(path):
    with pytest.raises(mechkg.ValidationError) as info:
        mechkg.load([path])
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    "escape, code",
    [
        ("\\a", "0007"),  # BEL
        ("\\b", "0008"),  # BS
        ("\\x7f", "007F"),  # DEL
        ("\\e", "001B"),  # ESC
        ("\\x9b", "009B"),  # CSI
        ("\\u202e", "202E"),  # right-to-left override
        ("\\u2066", "2066"),  # left-to-right isolate
        ("\\0", "0000"),  # NUL
        ("\\v", "000B"),
    ],
)
def test_terminal_controls_in_yaml_text_are_refused(tmp_path, escape, code):
    path = tmp_path / "c.yaml"
    path.write_text(
        HEAD + ENTITIES + "claims:\n  - {id: c1, subject: a, relation: increases, object: b,"
        f' source: s1, evidence: inferred, quote: "x {escape} y"}}\n'
    )
    (problem,) = _problems(path)
    assert f"{path}:8: claim c1: quote contains the control character U+{code}" in problem


def test_tabs_line_breaks_and_bidi_marks_are_text(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        HEAD + ENTITIES + "claims:\n  - {id: c1, subject: a, relation: increases, object: b,"
        ' source: s1, evidence: inferred, quote: "a\\tb\\nc \\u200f\\u05e9\\u05dc\\u05d5\\u05dd"}\n'
    )
    assert mechkg.load([path]).claims["c1"].quote == "a\tb\nc \u200f\u05e9\u05dc\u05d5\u05dd"


def test_an_rdf_text_with_bell_is_refused(tmp_path):
    path = tmp_path / "g.nt"
    kg = mechkg.load([_yaml(tmp_path, "quote: ok")])
    exporter(RDF_FORMATS["ntriples"])[1](kg, path)
    text = path.read_text().replace('"ok"', '"ok\\u0007\\u0007"')
    path.write_text(text)
    assert any("control character U+0007" in p for p in _problems(path))


def _yaml(tmp_path, extra: str = "", ids=("a", "b"), claim_id="c1", source="") -> object:
    path = tmp_path / "c.yaml"
    path.write_text(
        "mechkg: 1\nsources:\n  s1: {kind: article, title: T" + source + "}\n"
        f"entities:\n  {ids[0]}: {{label: A, type: Gene}}\n  {ids[1]}: {{label: B, type: Gene}}\n"
        f"claims:\n  - {{id: {claim_id}, subject: {ids[0]}, relation: increases, "
        f"object: {ids[1]}, source: s1, evidence: inferred{', ' + extra if extra else ''}}}\n"
    )
    return path


# ---------------------------------------------------------------- YAML 1.1 integers


@pytest.mark.parametrize("written", ["0x1F", "1_000", "0b101", "017", "0o17", "+12"])
def test_yaml_11_integers_keep_the_id_as_written(tmp_path, written):
    path = _yaml(tmp_path, ids=(written, "b"), claim_id=written)
    if written == "+12":  # not an id at all: refused as written, never as 12
        problems = _problems(path)
        assert any("invalid entity id '+12'" in p for p in problems)
        return
    kg = mechkg.load([path])
    assert written in kg.entities and written in kg.claims
    assert kg.claims[written].subject == written


def test_a_yaml_11_integer_where_digits_are_wanted_is_refused(tmp_path):
    (problem,) = _problems(_yaml(tmp_path, source=", pmid: 0x1F"))
    assert "invalid PMID '0x1F'" in problem


def test_plain_decimals_are_still_numbers(tmp_path):
    kg = mechkg.load([_yaml(tmp_path, ids=("12", "b"), source=", pmid: 40225589")])
    assert "12" in kg.entities and kg.sources["s1"].pmid == "40225589"


# ---------------------------------------------------------------- DOIs

DOIS = [
    "10.1002/(SICI)1097-4636(199711)37:2<282::AID-JBM17>3.0.CO;2-H",
    "10.1000/a#b",
    "10.1000/x[1]y",
    '10.1000/q"uote%20',
]


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_valid_dois_with_unusual_characters_round_trip_in_every_rdf_format(tmp_path, fmt):
    sources = "".join(
        f"  s{i}: {{kind: article, title: T, doi: '{d}'}}\n" for i, d in enumerate(DOIS)
    )
    claims = "".join(
        f"  - {{id: c{i}, subject: a, relation: increases, object: b, source: s{i},"
        " evidence: inferred}\n"
        for i in range(len(DOIS))
    )
    path = tmp_path / "c.yaml"
    path.write_text(f"mechkg: 1\nsources:\n{sources}{ENTITIES}claims:\n{claims}")
    kg = mechkg.load([path])
    assert [kg.sources[f"s{i}"].doi for i in range(len(DOIS))] == DOIS
    out = tmp_path / f"g{RDF_FORMATS[fmt].extensions[0]}"
    exporter(RDF_FORMATS[fmt])[1](kg, out)
    back = mechkg.load([out])
    assert back.sources == kg.sources


def test_a_doi_link_is_percent_encoded():
    from mechkg.model import Source

    link = Source("s", "article", doi="10.1000/a#b<c>[d]").link
    assert link == "https://doi.org/10.1000/a%23b%3Cc%3E%5Bd%5D"


@pytest.mark.parametrize("doi", ["10.1000/has space", "10.1000/\\u202eevil", "11.1/x", "10.1/"])
def test_malformed_dois_are_still_refused(tmp_path, doi):
    problems = _problems(_yaml(tmp_path, source=f', doi: "{doi}"'))
    assert any("DOI" in p or "control character" in p for p in problems)


# ---------------------------------------------------------------- RDF claim nodes


@pytest.mark.parametrize(
    "predicate, value",
    [
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject", "entity/a2"),
        ("https://w3id.org/mechkg/ontology#evidenceLevel", "ontology#experiment"),
        ("https://w3id.org/mechkg/ontology#source", "source/s2"),
    ],
    ids=["subject", "evidence", "source"],
)
def test_an_rdf_claim_node_with_two_values_of_a_field_is_an_error(tmp_path, predicate, value):
    path = tmp_path / "c.yaml"
    path.write_text(
        "mechkg: 1\nbase: https://example.org/d/\nsources:\n  s1: {kind: article, title: T}\n"
        "  s2: {kind: article, title: U}\nentities:\n  a: {label: A, type: Gene}\n"
        "  a2: {label: A2, type: Gene}\n  b: {label: B, type: Gene}\n"
        "claims:\n  - {id: c1, subject: a, relation: increases, object: b, source: s1,"
        " evidence: inferred}\n"
    )
    out = tmp_path / "g.nt"
    exporter(RDF_FORMATS["ntriples"])[1](mechkg.load([path]), out)
    base = "https://w3id.org/mechkg/" if value.startswith("ontology") else "https://example.org/d/"
    obj = f"<{base}{value}>"
    with out.open("a") as handle:
        handle.write(f"<https://example.org/d/claim/c1> <{predicate}> {obj} .\n")
    problems = _problems(out)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{out}: claim c1: claim <https://example.org/d/claim/c1> has 2")
    assert "a claim has one of each" in problems[0]


# ---------------------------------------------------------------- long labels in hints


def test_long_labels_are_cut_in_path_hints(cli, tmp_path):
    long = {k: k.upper() * 90_000 for k in "abc"}
    path = tmp_path / "c.yaml"
    path.write_text(
        "mechkg: 1\nsources:\n  s1: {kind: article, title: T}\nentities:\n"
        + "".join(f"  {k}: {{label: {v}, type: Gene}}\n" for k, v in long.items())
        + "claims:\n  - {id: c1, subject: a, relation: increases, object: b, source: s1,"
        " evidence: inferred}\n  - {id: c2, subject: b, relation: increases, object: c,"
        " source: s1, evidence: inferred}\n"
    )
    result = cli("paths", "a", "c", path, "--max-length", "1")
    assert result.exit_code == 1
    assert "longer (--max-length 2)" in result.stderr
    assert len(result.stderr) < 2_000, len(result.stderr)
    assert "AAAA…" in result.stderr
