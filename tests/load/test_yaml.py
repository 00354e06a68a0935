"""Loading and validating YAML claim files."""

from __future__ import annotations

import mechkg
import pytest
from mechkg.errors import ValidationError

# The slushy fixture's known errors, in file order: (line, message after the path).
SLUSHY = [
    (6, "source paper1: invalid date '2024-13-01'; use YYYY, YYYY-MM or YYYY-MM-DD (quoted)"),
    (
        8,
        "source blog: unknown source kind 'blogpost'; expected one of: article, review, "
        "preprint, news, book, dataset, webpage",
    ),
    (
        14,
        "entity bdnf: xrefs: malformed CURIE 'MGI88145'; write it as PREFIX:ID, "
        "e.g. UBERON:0003881",
    ),
    (
        14,
        "entity bdnf: xrefs: unknown CURIE prefix 'FOO' in 'FOO:123'; did you mean EFO:? "
        "known prefixes: BFO, biolink, CHEBI, CL, doi, ECO, EFO, GO, HGNC, HP, MAXO, MESH, "
        "MGI, MONDO, MP, NBO, NCBIGene, NCBITaxon, NCIT, PMC, PMID, PR, RO, UBERON, "
        "UniProtKB",
    ),
    (
        17,
        "entity plasticity: unknown entity type 'Process'; did you mean 'Procedure'? "
        "expected one of: Gene, Genotype, RNAProduct, Protein, ProteinIsoform, "
        "MacromolecularComplex, SmallMolecule, "
        "ChemicalEntity, Procedure, Treatment, BiologicalProcess, Behavior, "
        "BehavioralFeature, PhenotypicFeature, Disease, AnatomicalEntity, Cell, "
        "CellularComponent, OrganismTaxon",
    ),
    (21, "entity 'bdnf' is defined twice; entity ids must be unique"),
    (
        28,
        "claim s1: unknown relation 'activates'; did you mean 'increases'? expected one "
        "of: increases, decreases, directly_increases, directly_decreases, regulates, "
        "causes_no_change, positively_correlated, negatively_correlated, associated, "
        "part_of, located_in",
    ),
    (
        36,
        "claim s2: unknown evidence level 'strong'; expected one of: hypothesis, "
        "background, inferred, correlation, experiment, clinical_observation, "
        "clinical_trial, systematic_review",
    ),
    (39, "claim s3: unknown entity 'BDFN' in subject; did you mean 'bdnf'?"),
    (
        44,
        "claim s4: claim has no `source`; add `source:` with a source id (or set it in `defaults`)",
    ),
    (
        49,
        "claim s1: duplicate claim id 's1' (first at {path}:26); claim ids must be "
        "unique across all files",
    ),
    (
        56,
        "claim s6: step 2 of the chain is empty; every arrow needs an entity on both "
        "sides; `A/B` needs both names",
    ),
    (65, "claim s7: quote is not a string (got a list); put the text in quotes"),
    (66, "claim s8: claim relates 'bdnf' to itself; a claim needs two different entities"),
    (
        72,
        "claim s9: claim has no `evidence`; add `evidence:` with one of: hypothesis, "
        "background, inferred, correlation, experiment, clinical_observation, "
        "clinical_trial, systematic_review (or set it in `defaults`)",
    ),
    (
        76,
        "claim s9: unknown key 'evidance' in claim s9; did you mean 'evidence'? allowed "
        "keys: id, subject, relation, object, chain, evidence, source, quote, quote_lang, "
        "attributed_to, species, anatomy, model, condition, dose, route, time, method, eco, "
        "belief, subject_modifier, object_modifier, negated, requires, independent_of, "
        "figure, note",
    ),
    (
        84,
        "claim s10: species: malformed local id 'mouse' in CURIE 'NCBITaxon:mouse'; "
        "NCBITaxon ids are digits, e.g. NCBITaxon:10090",
    ),
    (86, "claim s11: empty chain; write it as `a -> b -| c`"),
    (
        94,
        "claim s12: unknown source 'paper2' in source; did you mean 'paper1'? known "
        "sources: paper1, blog",
    ),
]


def test_slushy_gives_exactly_the_expected_problems(slushy_path):
    problems = mechkg.validate([slushy_path])
    got = [(p.line, str(p).removeprefix(f"{slushy_path}:{p.line}: ")) for p in problems]
    expected = [(line, msg.format(path=slushy_path)) for line, msg in SLUSHY]
    assert got == expected


def test_slushy_load_raises_with_every_problem(slushy_path):
    with pytest.raises(ValidationError) as info:
        mechkg.load([slushy_path])
    assert len(info.value.problems) == len(SLUSHY)
    assert str(info.value).endswith(f"{len(SLUSHY)} problems found")


def test_thorough_is_valid(thorough_path):
    assert mechkg.validate([thorough_path]) == []


def test_chain_fans_out(thorough):
    chain = {
        cid: (c.subject, c.relation, c.object)
        for cid, c in thorough.claims.items()
        if cid.startswith("mech.")
    }
    assert chain == {
        "mech.1": ("drug_x", "increases", "bdnf"),
        "mech.2": ("drug_x", "increases", "plasticity"),
        "mech.3": ("bdnf", "decreases", "behaviour"),
        "mech.4": ("plasticity", "decreases", "behaviour"),
    }
    assert all(thorough.claims[c].evidence == "hypothesis" for c in chain)
    assert all(thorough.claims[c].quote == "nålen aktiverer" for c in chain)


def test_defaults_apply_and_claims_override(thorough):
    c1, c3 = thorough.claims["c1"], thorough.claims["c3"]
    assert c1.source == "news1" and c1.quote_lang == "nb" and c1.model == "stress"
    assert c3.species == "NCBITaxon:9606" and c3.negated
    assert thorough.claims["c1b"].source == "paper1"


def test_entity_fields(thorough):
    e = thorough.entities["drug_x"]
    assert e.synonyms == ("DX", "compound X")
    assert e.labels == (("de", ("Medikament X",)), ("nb", ("legemiddel X", "stoff X")))
    assert e.xrefs == ("CHEBI:6121",)
    assert thorough.entities["vca1"].broad_matches == ("UBERON:0003881",)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("mechkg: 1\nclaims:\n\t- id: x\n", 3, "indent with spaces"),
        ("mechkg: 1\nclaims: [\n", 3, "invalid YAML"),
        ("mechkg: 2\n", 1, "start the file with `mechkg: 1`"),
        ("- just\n- a list\n", 1, "a claims file is a mapping"),
        ("mechkg: 1\nclaims: {a: 1}\n", 2, "`claims` must be a list"),
        ("mechkg: 1\nentities:\n  x: {label: X, type: Protein}\n  <<: {}\n", 4, "merge keys"),
    ],
)
def test_malformed_yaml_is_located(tmp_path, text, line, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    problems = mechkg.validate([path])
    assert problems, text
    assert problems[0].line == line
    assert fragment in str(problems[0])


def test_latin1_and_binary_files(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("mechkg: 1\n# caf\xe9\n".encode("latin-1"))
    (p,) = mechkg.validate([latin])
    assert p.line == 2 and "not UTF-8" in p.message and "iconv" in p.hint
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"mechkg: 1\n\x00\x01\x02")
    (p,) = mechkg.validate([binary])
    assert p.line == 2 and "binary" in p.message


def test_bom_is_accepted(tmp_path, thorough_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + thorough_path.read_bytes())
    assert mechkg.validate([path]) == []


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["mechkg: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = mechkg.validate([path])
    assert any("too many nodes" in p.message for p in problems)


def test_missing_file_and_unknown_extension(tmp_path):
    (p,) = mechkg.validate([tmp_path / "nope.yaml"])
    assert p.message == "file not found"
    other = tmp_path / "claims.docx"
    other.write_text("x")
    (p,) = mechkg.validate([other])
    assert "unknown input type '.docx'" in p.message


def test_same_entity_in_two_files_is_one(tmp_path, thorough_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "mechkg: 1\nbase: https://example.org/thorough/\n"
        "sources: {p9: {kind: article}}\n"
        "entities:\n  bdnf: {label: BDNF, type: Protein, xrefs: [MGI:88145],"
        " close_matches: [HGNC:1033, UniProtKB:P21237]}\n"
        "claims:\n  - {id: x1, subject: BDNF, relation: decreases, object: drug X,"
        " evidence: hypothesis, source: p9}\n",
        encoding="utf-8",
    )
    kg = mechkg.load([thorough_path, extra])
    assert kg.claims["x1"].object == "drug_x" and len(kg.entities) == 6


def test_entity_defined_with_another_label_in_another_file_merges_with_a_warning(
    tmp_path, thorough_path
):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "mechkg: 1\nentities:\n  bdnf: {label: brain-derived neurotrophic factor, type: Protein}\n",
        encoding="utf-8",
    )
    assert mechkg.validate([thorough_path, extra]) == []  # loads: one entity
    (p,) = mechkg.validate([thorough_path, extra], warnings=True)
    assert p.severity == "warning" and p.path == str(extra) and p.line == 3
    assert f"differs from 'BDNF' at {thorough_path}:" in p.message
    kg = mechkg.load([thorough_path, extra])
    assert "brain-derived neurotrophic factor" in kg.entities["bdnf"].synonyms


def test_entity_defined_with_another_type_in_another_file_is_an_error(tmp_path, thorough_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("mechkg: 1\nentities:\n  bdnf: {label: BDNF, type: Gene}\n", encoding="utf-8")
    (p,) = mechkg.validate([thorough_path, extra])
    assert p.path == str(extra) and p.line == 3 and p.severity == "error"
    assert f"type Gene here but type Protein at {thorough_path}:" in p.message
    assert "give them different ids" in p.hint
    assert "entitys" not in str(p)


def test_english_in_other_labels_is_refused(tmp_path):
    path = tmp_path / "en.yaml"
    path.write_text(
        "mechkg: 1\nentities:\n  x:\n    label: X\n    type: Gene\n    labels: {en-GB: [Ex]}\n",
        encoding="utf-8",
    )
    (p,) = mechkg.validate([path])
    assert p.line == 6 and "English entry (en-GB)" in p.message and "synonyms" in p.hint


def test_folder_without_claim_files_is_an_error(tmp_path):
    empty = tmp_path / "claims"
    empty.mkdir()
    (p,) = mechkg.validate([empty])
    assert p.message == "folder has no claim files" and ".yaml" in p.hint
    misnamed = tmp_path / "claims.yaml"
    misnamed.mkdir()
    (p,) = mechkg.validate([misnamed])
    assert p.message == "is a directory"


def test_libyaml_nesting_limit_gives_the_same_message(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("mechkg: 1\nx: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    (p,) = mechkg.validate([deep])
    assert p.line == 2 and "nested more than 100 deep" in p.message


def test_a_belief_too_large_for_a_number_is_a_located_problem(tmp_path, cli):
    path = tmp_path / "big.yaml"
    path.write_text(
        "mechkg: 1\nsources:\n  s: {kind: article}\nentities:\n  a: {label: A, type: Gene}\n"
        "  b: {label: B, type: Gene}\nclaims:\n  - id: c1\n    subject: a\n"
        "    relation: increases\n    object: b\n    evidence: experiment\n    source: s\n"
        "    belief: 1" + "0" * 400 + "\n",
        encoding="utf-8",
    )
    (p,) = mechkg.validate([path])
    assert p.line == 14 and "belief must be a number from 0 to 1" in p.message
    result = cli("validate", str(path))
    assert result.exit_code == 1 and f"{path}:14" in result.output
