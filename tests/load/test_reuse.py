"""Reuse across files: ``import`` of a shared entity file, ``extend`` of an entity defined
elsewhere, claim names resolved in their own file first, and the warnings of
``validate`` across files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import mechkg

LR3 = mechkg.bundled_path()


def _file(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("mechkg: 1\n" + text, encoding="utf-8")
    return path


def _problems(paths, severity: str) -> list[str]:
    return [str(p) for p in mechkg.validate(paths, warnings=True) if p.severity == severity]


_VOCAB = (
    "entities:\n"
    "  ketamine: {label: ketamine, type: SmallMolecule, xrefs: [CHEBI:6121]}\n"
    "  immobility: {label: immobility, type: BehavioralFeature}\n"
)
_PAPER = (
    "import: ../vocabulary.yaml\n"
    "sources: {p1: {kind: article}}\n"
    "claims:\n"
    "  - {id: k1, subject: ketamine, relation: decreases, object: immobility,"
    " evidence: experiment, source: p1}\n"
)


def test_import_loads_a_shared_file_relative_to_the_importing_file(tmp_path, monkeypatch):
    _file(tmp_path / "lab" / "vocabulary.yaml", _VOCAB)
    paper = _file(tmp_path / "lab" / "papers" / "a.yaml", _PAPER)
    monkeypatch.chdir(tmp_path)  # relative to the file, not to the working directory
    kg = mechkg.load([Path("lab/papers/a.yaml")])
    assert kg.claims["k1"].subject == "ketamine"
    assert kg.origins["ketamine"] == (str(Path("lab/vocabulary.yaml")),)
    # a file imported by several, or also named, is read once
    other = _file(tmp_path / "lab" / "papers" / "b.yaml", _PAPER.replace("k1", "k2"))
    kg = mechkg.load([paper, other, tmp_path / "lab" / "vocabulary.yaml"])
    assert set(kg.claims) == {"k1", "k2"} and len(kg.entities) == 2


def test_a_missing_import_is_an_error_at_its_line(tmp_path):
    paper = _file(tmp_path / "papers" / "a.yaml", _PAPER)
    (problem,) = _problems([paper], "error")[:1]
    assert problem.startswith(f"{paper}:2: imported file '../vocabulary.yaml' not found")
    assert "relative to the importing file's folder" in problem


def test_an_import_cycle_is_an_error_at_its_line(tmp_path):
    a = _file(tmp_path / "a.yaml", "import: [b.yaml]\n" + _VOCAB)
    b = _file(tmp_path / "b.yaml", "import:\n  - a.yaml\n")
    (problem,) = _problems([a], "error")
    assert problem.startswith(f"{b}:3: import cycle: {a} imports {b} imports {a}")
    (problem,) = _problems([_file(tmp_path / "self.yaml", "import: self.yaml\n")], "error")
    assert "import cycle:" in problem and problem.count("self.yaml") >= 3


def test_extend_adds_names_to_an_entity_defined_elsewhere(tmp_path):
    ext = _file(
        tmp_path / "ext.yaml",
        "extend:\n"
        "  BDNF:\n"
        "    synonyms: [neurotrophin BDNF]\n"
        "    labels: {de: [BDNF-Spiegel]}\n"
        "    xrefs: [HGNC:1033]\n"
        "sources: {p1: {kind: article}}\n"
        "claims:\n"
        "  - {id: e1, subject: neurotrophin BDNF, relation: increases, object: synaptic"
        " plasticity, evidence: hypothesis, source: p1}\n",
    )
    kg = mechkg.load([LR3, ext])
    bdnf = kg.entities["bdnf"]
    before = mechkg.load().entities["bdnf"]
    assert bdnf.label == before.label and bdnf.type == before.type
    assert "neurotrophin BDNF" in bdnf.synonyms and "HGNC:1033" in bdnf.xrefs
    assert ("de", ("BDNF-Spiegel",)) in bdnf.labels
    assert kg.claims["e1"].subject == "bdnf"
    assert str(ext) in kg.origins["bdnf"]


def test_extend_cannot_redefine_and_must_name_a_known_entity(tmp_path):
    ext = _file(
        tmp_path / "ext.yaml",
        "extend:\n  bdnf: {label: Brain BDNF, type: Gene}\n  nosuch: {synonyms: [x]}\n",
    )
    problems = _problems([LR3, ext], "error")
    assert any("unknown key 'label' in extend bdnf" in p for p in problems)
    assert any("unknown key 'type' in extend bdnf" in p for p in problems)
    unknown = f"{ext}:4: entity nosuch: unknown entity 'nosuch' in extend"
    assert any(p.startswith(unknown) for p in problems)


def test_a_claim_name_means_its_own_files_entity_first(tmp_path):
    # the paper renames its BDNF (no shared id or exact match with LR3's): its claims'
    # `bdnf` is its own entity, not LR3's
    paper = _file(
        tmp_path / "paper.yaml",
        "entities:\n"
        "  bdnf_k: {label: BDNF, type: Protein}\n"
        "  ketamine: {label: ketamine, type: SmallMolecule}\n"
        "sources: {p1: {kind: article}}\n"
        "claims:\n"
        "  - {id: k1, subject: ketamine, relation: increases, object: bdnf,"
        " evidence: experiment, source: p1}\n",
    )
    kg = mechkg.load([LR3, paper])
    assert kg.claims["k1"].object == "bdnf_k"
    assert kg.claims["acu_bdnf"].object == "bdnf"  # LR3's claims keep LR3's entity
    warnings = _problems([LR3, paper], "warning")
    assert any("label 'BDNF' is also the label of entity 'bdnf'" in w for w in warnings)


def test_a_name_meaning_another_files_entity_beside_a_similar_own_one_is_warned(tmp_path):
    paper = _file(
        tmp_path / "paper.yaml",
        "entities:\n"
        "  bdnf_k: {label: BDNF protein, type: Protein}\n"
        "  ketamine: {label: ketamine, type: SmallMolecule}\n"
        "sources: {p1: {kind: article}}\n"
        "claims:\n"
        "  - {id: k1, subject: ketamine, relation: increases, object: bdnf,"
        " evidence: experiment, source: p1}\n",
    )
    assert mechkg.load([LR3, paper]).claims["k1"].object == "bdnf"
    (warning,) = [w for w in _problems([LR3, paper], "warning") if "claim k1" in w]
    assert warning.startswith(f"{paper}:7: warning: claim k1: 'bdnf' names entity 'bdnf' of ")
    assert str(LR3) in warning and "'bdnf_k'" in warning


def test_validate_warns_about_shared_names_and_exact_matches_and_unused_entities(tmp_path):
    a = _file(
        tmp_path / "a.yaml",
        "entities:\n"
        "  fst_immobility: {label: immobility, type: BehavioralFeature, xrefs: [NBO:0000573]}\n"
        "  tst_immobility: {label: tail suspension immobility, type: BehavioralFeature,"
        " synonyms: [Immobility]}\n"
        "  drug: {label: drug, type: SmallMolecule}\n"
        "  unused: {label: never named, type: SmallMolecule}\n"
        "sources: {p1: {kind: article}}\n"
        "claims:\n"
        "  - {id: a1, subject: drug, relation: decreases, object: fst_immobility,"
        " evidence: experiment, source: p1}\n"
        "  - {id: a2, subject: drug, relation: decreases, object: tst_immobility,"
        " evidence: experiment, source: p1}\n",
    )
    b = _file(
        tmp_path / "b.yaml",
        "entities:\n  despair: {label: despair, type: BehavioralFeature, xrefs: [NBO:0000573]}\n",
    )
    assert mechkg.validate([a]) == []  # warnings never make a file invalid
    warnings = _problems([a], "warning")
    shared = (
        f"{a}:4: warning: entity tst_immobility: synonym 'Immobility' is also the label of "
        f"entity 'fst_immobility' ({a}:3)"
    )
    assert any(w.startswith(shared) for w in warnings)
    assert any(w.startswith(f"{a}:6: warning: entity unused: entity is defined but no claim")
               for w in warnings)  # fmt: skip
    # one exact match, two files, two ids: they merge; in one file they would be warned
    merged = mechkg.load([a, b])
    assert merged.claims["a1"].object == "despair" and "fst_immobility" not in merged.entities
    assert not any("unused" in w and str(b) in w for w in _problems([a, b], "warning"))


def test_a_name_written_decomposed_resolves_to_a_precomposed_label(tmp_path):
    label = "nål"  # precomposed å (NFC)
    decomposed = unicodedata.normalize("NFD", label)
    assert decomposed != label
    path = _file(
        tmp_path / "nfc.yaml",
        f"entities:\n  needle: {{label: {label}, type: Procedure}}\n"
        "  pain: {label: pain, type: PhenotypicFeature}\n"
        "sources: {p1: {kind: article}}\n"
        f"claims:\n  - {{id: n1, subject: {decomposed}, relation: increases, object: pain,"
        " evidence: hypothesis, source: p1}\n",
    )
    kg = mechkg.load([path])
    assert kg.claims["n1"].subject == "needle"
    assert mechkg.resolve(kg, decomposed).id == "needle"
    assert mechkg.resolve(mechkg.load(), unicodedata.normalize("NFD", "nål")).id == (
        "lr3_acupuncture"
    )


def test_a_changed_import_is_a_new_path_cache_key(tmp_path, monkeypatch):
    from mechkg.paths import find_paths
    from mechkg.paths.cache import cache_path, load_cached

    monkeypatch.setenv("MECHKG_CACHE_DIR", str(tmp_path / "cache"))
    vocab = _file(tmp_path / "vocabulary.yaml", _VOCAB)
    paper = _file(tmp_path / "papers" / "a.yaml", _PAPER)
    before = cache_path([paper])
    assert find_paths(load_cached([paper]), "ketamine", "immobility").paths
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text.replace("6121]}", "6121], synonyms: [Ketalar]}"), encoding="utf-8")
    assert cache_path([paper]) != before
    assert find_paths(load_cached([paper]), "Ketalar", "immobility").paths


def test_an_import_that_cannot_be_a_file_name_is_an_error(tmp_path):
    cases = (
        ('"a\\0b.yaml"', f"{tmp_path / 'a.yaml'}:2: import path contains the control character"),
        ("x" * 5000, f"{tmp_path / 'a.yaml'}:2: imported file 'xxx"),
        ("{a: 1}", f"{tmp_path / 'a.yaml'}:2: import path is not a string"),
    )
    for name, start in cases:
        path = _file(tmp_path / "a.yaml", f"import: [{name}]\n")
        (problem,) = _problems([path], "error")
        assert problem.startswith(start), problem
        assert len(problem) < 400


def test_a_file_extends_other_files_entities_not_its_own(tmp_path):
    path = _file(
        tmp_path / "own.yaml",
        "entities:\n  x: {label: X, type: Gene}\nextend:\n  x: {synonyms: [ex]}\n",
    )
    (problem,) = _problems([path], "error")
    assert problem.startswith(f"{path}:5: entity x: `extend` names 'x', an entity this file")


def test_the_same_claim_id_in_two_files_is_an_error_whatever_their_bases(tmp_path):
    body = (
        "sources: {p: {kind: article}}\n"
        "entities:\n  a: {label: A, type: Gene}\n  b: {label: B, type: Gene}\n"
        "claims:\n  - {id: c1, subject: a, relation: increases, object: b,"
        " evidence: hypothesis, source: p}\n"
    )
    one = _file(tmp_path / "one.yaml", "base: https://example.org/one/\n" + body)
    two = _file(tmp_path / "two.yaml", "base: https://example.org/two/\n" + body)
    (problem,) = _problems([one, two], "error")
    assert problem.startswith(f"{two}:8: claim c1: duplicate claim id 'c1' (first at {one}:8)")
    assert "whatever their bases" in problem


def test_one_paper_cited_under_two_source_ids_is_warned(tmp_path):
    a = _file(
        tmp_path / "a.yaml", "sources: {autry2011: {kind: article, doi: 10.1038/nature10130}}\n"
    )
    b = _file(
        tmp_path / "b.yaml", "sources: {Autry11: {kind: article, doi: 10.1038/NATURE10130}}\n"
    )
    (warning,) = _problems([a, b], "warning")
    assert warning.startswith(f"{b}:2: warning: source Autry11: doi 10.1038/NATURE10130 is also")
    assert f"source 'autry2011' ({a}:2)" in warning
