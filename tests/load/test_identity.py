"""One entity across many files: definitions that share an id or an exact CURIE merge,
files with different bases load together, and the result does not depend on file order."""

from __future__ import annotations

import itertools
from pathlib import Path

import mechkg
import pytest
from mechkg.export import RDF_FORMATS, exporter

DATA = Path(__file__).parent.parent / "data" / "identity"
AUTRY = DATA / "autry2011.yaml"
VOCABULARY = DATA / "vocabulary.yaml"
LR3 = mechkg.bundled_path()


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text("mechkg: 1\n" + text, encoding="utf-8")
    return path


def _errors(paths) -> list[str]:
    return [str(p) for p in mechkg.validate(paths)]


def _warnings(paths) -> list[str]:
    return [str(p) for p in mechkg.validate(paths, warnings=True) if p.severity == "warning"]


def test_a_second_paper_with_its_own_base_and_definitions_loads_with_lr3():
    kg = mechkg.load([LR3, AUTRY])
    lr3 = mechkg.load()
    assert len(kg.claims) == len(lr3.claims) + 7
    bdnf = kg.entities["bdnf"]  # one entity: the same id in both files
    assert {"MGI:88145", "MESH:D019208"} <= set(bdnf.xrefs)
    assert "MGI:88145" not in bdnf.close_matches  # exact in one file: exact in the merge
    assert set(kg.origins["bdnf"]) == {str(LR3), str(AUTRY)}
    assert "UBERON:0002421" in kg.entities["hippocampus"].xrefs
    # the paper's immobility shares NBO:0000573 with LR3's behavioural despair
    assert "immobility" not in kg.entities
    assert kg.claims["autry_bdnf_immobility"].object == "behavioural_despair"
    assert "forced swim immobility" in kg.entities["behavioural_despair"].synonyms


def test_neighbours_upstream_of_bdnf_lists_both_papers(cli):
    result = cli("neighbours", "BDNF", "--upstream", LR3, AUTRY)
    assert result.exit_code == 0, result.stderr
    for name in ("acupuncture at LR3", "chronic social defeat stress", "ketamine"):
        assert f" {name} ─increases→ BDNF" in result.stdout or f" {name} ─decreases→ BDNF" in (
            result.stdout
        )
    assert "eEF2 phosphorylation ─decreases→ BDNF" in result.stdout


def test_every_command_loads_files_with_different_bases(cli):
    for args in (("stats",), ("validate",), ("entities",), ("show", "ketamine")):
        result = cli(*args, LR3, AUTRY)
        assert result.exit_code == 0, (args, result.stderr)
        assert "--base" not in result.stderr


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_merging_is_the_same_in_any_file_order(fmt, tmp_path):
    outputs = set()
    for n, order in enumerate(itertools.permutations([LR3, AUTRY, VOCABULARY])):
        path = tmp_path / f"g{n}{RDF_FORMATS[fmt].extension}"
        exporter(fmt)[1](mechkg.load(list(order)), path)
        outputs.add(path.read_bytes())
    assert len(outputs) == 1


def test_claims_and_sources_keep_their_files_base_and_entities_keep_theirs(tmp_path):
    from mechkg.rdf.build import claim_iri, entity_iri, source_iri

    kg = mechkg.load([AUTRY, LR3])
    assert kg.base == "https://w3id.org/mechkg/lr3/"  # the base most records have
    paper = "https://example.org/ketamine/"
    assert claim_iri(kg, "autry_ketamine_bdnf") == paper + "claim/autry_ketamine_bdnf"
    assert source_iri(kg, "autry2011") == paper + "source/autry2011"
    assert entity_iri(kg, "ketamine") == paper + "entity/ketamine"
    # an entity both define keeps the IRI the larger graph gave it
    assert entity_iri(kg, "bdnf") == entity_iri(mechkg.load(), "bdnf")
    assert claim_iri(kg, "acu_bdnf") == claim_iri(mechkg.load(), "acu_bdnf")
    # --base puts every record under one base
    one = mechkg.load([AUTRY, LR3], base="https://example.org/all/")
    assert one.record_bases == {} and claim_iri(one, "acu_bdnf").startswith(one.base)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_of_several_bases_reads_back_the_same(fmt, tmp_path):
    kg = mechkg.load([LR3, AUTRY, VOCABULARY])
    path = tmp_path / f"g{RDF_FORMATS[fmt].extension}"
    exporter(fmt)[1](kg, path)
    back = mechkg.load([path])
    assert back.claims == kg.claims and back.entities == kg.entities
    assert back.base == kg.base and back.record_bases == kg.record_bases
    again = tmp_path / f"again{RDF_FORMATS[fmt].extension}"
    exporter(fmt)[1](back, again)
    assert again.read_bytes() == path.read_bytes()


def test_entities_sharing_an_exact_curie_merge_whatever_its_spelling(tmp_path):
    a = _file(
        tmp_path,
        "a.yaml",
        "entities:\n  hpc: {label: hippocampus, type: AnatomicalEntity, xrefs: [uberon:0002421],"
        " synonyms: [Ammon's horn], labels: {nb: [hippocampus]}}\n"
        "  stress: {label: stress, type: PhenotypicFeature}\n"
        "sources: {s1: {kind: article}}\n"
        "claims:\n  - {id: a1, subject: stress, relation: decreases, object: hpc,"
        " evidence: experiment, source: s1}\n",
    )
    b = _file(
        tmp_path,
        "b.yaml",
        "entities:\n  hippocampus: {label: hippocampus, type: AnatomicalEntity,"
        " xrefs: [UBERON:0002421, MESH:D006624], labels: {de: [Hippocampus]}}\n"
        "  cort: {label: corticosterone, type: SmallMolecule}\n"
        "sources: {s2: {kind: article}}\n"
        "claims:\n  - {id: b1, subject: cort, relation: decreases, object: hippocampus,"
        " evidence: experiment, source: s2}\n",
    )
    kg = mechkg.load([a, b])
    (hpc,) = [e for e in kg.entities.values() if e.label == "hippocampus"]
    assert hpc.id == "hippocampus"  # of equal counts, the first id in text order
    assert hpc.xrefs == ("MESH:D006624", "UBERON:0002421")
    assert hpc.synonyms == ("Ammon's horn", "hpc")  # a.yaml's id stays a name
    assert hpc.labels == (("de", ("Hippocampus",)), ("nb", ("hippocampus",)))
    assert kg.claims["a1"].object == kg.claims["b1"].object == "hippocampus"
    assert mechkg.resolve(kg, "hpc").id == "hippocampus"  # the other id still resolves
    assert _warnings([a, b]) == []  # same label, type: nothing to warn about


def test_two_entities_of_one_file_are_never_merged_by_another_file(tmp_path):
    a = _file(
        tmp_path,
        "a.yaml",
        "entities:\n  x: {label: X, type: Gene, xrefs: [HGNC:1033]}\n"
        "  y: {label: Y, type: Gene, xrefs: [MGI:88145]}\n",
    )
    b = _file(
        tmp_path,
        "b.yaml",
        "entities:\n  z: {label: Z, type: Gene, xrefs: [HGNC:1033, MGI:88145]}\n",
    )
    (problem,) = _errors([a, b])
    assert f"entities 'x' ({a}:3) and 'y' are one entity by the exact matches" in problem
    assert problem.startswith(f"{a}:4:") and "remove the exact match" in problem


def test_a_shared_exact_match_within_one_file_merges_nothing_and_is_warned(tmp_path):
    a = _file(
        tmp_path,
        "a.yaml",
        "entities:\n  x: {label: X, type: Gene, xrefs: [HGNC:1033]}\n"
        "  y: {label: Y, type: Gene, xrefs: [HGNC:1033]}\n",
    )
    assert set(mechkg.load([a]).entities) == {"x", "y"}
    (warning,) = _warnings([a])
    assert f"{a}:4: warning: entity y: exact match HGNC:1033 is also one of entity 'x'" in warning


def test_sources_defined_differently_name_both_places(tmp_path):
    a = _file(tmp_path, "a.yaml", "sources: {p: {kind: article, title: One}}\n")
    b = _file(tmp_path, "b.yaml", "sources: {p: {kind: article, title: Two}}\n")
    (problem,) = _errors([a, b])
    assert f"source 'p' is already defined differently at {a}:2" in problem
    assert "give the two different ids" in problem and "sources" not in problem.split(";")[1]


def test_curies_are_written_in_one_canonical_form():
    from mechkg.curie import CurieProblem, check_curie

    assert check_curie("uberon:0002421") == "UBERON:0002421"
    assert check_curie("MGI:MGI:88145") == "MGI:88145"
    assert check_curie("UniProt:P21237") == "UniProtKB:P21237"
    assert check_curie("pubmed:21677641") == "PMID:21677641"
    assert check_curie("NCBITaxon:10090") == "NCBITaxon:10090"
    with pytest.raises(CurieProblem, match="unknown CURIE prefix 'UBERONN'"):
        check_curie("UBERONN:0002421")
    kg = mechkg.load([VOCABULARY])
    assert kg.entities["ketamine"].xrefs == ("CHEBI:6121",)  # written chebi:6121


def test_the_label_most_files_give_is_kept(tmp_path):
    paths = [
        _file(tmp_path, f"{n}.yaml", f"entities:\n  x: {{label: {label}, type: Gene}}\n")
        for n, label in enumerate(["Zeta", "Zeta", "Alpha"])
    ]
    kg = mechkg.load(paths)
    assert kg.entities["x"].label == "Zeta" and kg.entities["x"].synonyms == ("Alpha",)
    (warning,) = _warnings(paths)
    assert warning.startswith(f"{paths[2]}:3: warning: entity x: label 'Alpha' differs from 'Zeta'")
