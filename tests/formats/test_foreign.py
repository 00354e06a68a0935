"""BEL, INDRA Statements and KGX in and out: every PyBEL example network loads,
``mechkg paths`` answers on a BEL network, an INDRA statement set and a KGX graph made
elsewhere, and mechkg -> KGX -> mechkg and mechkg -> BEL -> mechkg keep the claims."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import mechkg
import pytest
from mechkg.load.foreign import ConversionWarning

from tests.ci import skip_unless_ci

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
NETWORKS = ["sialic_acid_graph", "statin_graph", "braf_graph", "egf_graph", "vegf_graph",
            "ampk_graph", "homology_graph", "ras_tloc_graph"]  # fmt: skip


def _quiet_load(paths):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kg = mechkg.load(paths)
    return kg, [w for w in caught if issubclass(w.category, ConversionWarning)]


def _said(kg):
    """The claims by what they say, entities by label, sources by PMID/DOI/URL."""

    def src(s):
        x = kg.sources[s]
        return x.pmid or x.doi or "(none)"

    def ends(c):  # a correlation has no direction: BEL holds it both ways
        pair = (kg.entities[c.subject].label, kg.entities[c.object].label)
        return tuple(sorted(pair)) if c.rel.kind == "correlative" else pair

    return sorted(
        (
            *ends(c),
            c.relation,
            c.evidence,
            src(c.source),
            c.quote,
            c.species,
            c.negated,
            c.subject_modifier,
            c.object_modifier,
        )
        for c in kg.claims.values()
    )


def test_kgx_round_trip_keeps_every_claim(cli, tmp_path):
    assert cli("export", "kgx", "-o", tmp_path / "g.tsv").exit_code == 0
    back = mechkg.load([tmp_path / "g_edges.tsv"])
    kg = mechkg.load()
    assert back.claims == kg.claims
    for e in kg.entities.values():
        got = back.entities[e.id]
        assert (got.label, got.type) == (e.label, e.type)
        assert set(e.xrefs) <= set(got.xrefs)
    folder = mechkg.load([tmp_path])  # the pair read once from its folder
    assert folder.claims == kg.claims


def test_kgx_from_elsewhere_maps_biolink_and_reports_the_rest(cli, tmp_path):
    kg, caught = _quiet_load([DATA / "sialic_acid_edges.jsonl"])
    by = {
        (kg.entities[c.subject].label, kg.entities[c.object].label): c for c in kg.claims.values()
    }
    c = by[("CD33", "PTPN6")]
    assert (c.relation, c.evidence, c.object_modifier) == ("increases", "background", "act()")
    assert kg.sources[c.source].pmid == "26438529" and c.species == "NCBITaxon:9606"
    assert by[("SYK", "TREM2")].evidence == "hypothesis"  # knowledge_level prediction
    assert ("TREM2", "TYROBP") not in by
    (w,) = caught
    assert "biolink:interacts_with" in str(w.message) and "sialic_acid_edges.jsonl:6" in str(
        w.message
    )
    # a fresh cache: the graph is read, so the warning is given (a cached graph is not)
    env = {"MECHKG_CACHE_DIR": str(tmp_path)}
    result = cli("paths", "CD33", "TREM2", DATA / "sialic_acid_edges.jsonl", env=env)
    assert result.exit_code == 0, result.stderr
    assert "PTPN6" in result.stdout and "SYK" in result.stdout
    assert "warning: " in result.stderr and "interacts_with" in result.stderr


def test_a_kgx_edges_file_without_its_nodes_file_is_an_error(cli, tmp_path):
    edges = tmp_path / "x_edges.jsonl"
    edges.write_text((DATA / "sialic_acid_edges.jsonl").read_text(), encoding="utf-8")
    result = cli("validate", edges)
    assert result.exit_code == 1
    assert "no nodes file x_nodes.jsonl" in result.stderr


@pytest.mark.parametrize("name", NETWORKS)
def test_every_pybel_example_network_loads(name, tmp_path):
    import pybel
    import pybel.examples as ex

    graph = getattr(ex, name)
    path = tmp_path / f"{name}.bel.nodelink.json"
    pybel.to_nodelink_file(graph, str(path))
    kg, _ = _quiet_load([path])
    assert kg.claims, name
    causal = [u for u, v, d in graph.edges(data=True) if d.get("relation") in
              ("increases", "decreases", "directlyIncreases", "directlyDecreases")]  # fmt: skip
    assert sum(c.rel.causal for c in kg.claims.values()) == len(causal)


def test_paths_on_a_bel_network_through_the_cli(cli, tmp_path):
    import pybel
    import pybel.examples as ex

    path = tmp_path / "sialic.bel"
    pybel.to_bel_script(ex.sialic_acid_graph, str(path))
    result = cli("paths", "CD33", "TREM2", path, env={"MECHKG_CACHE_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.stderr
    assert "SYK" in result.stdout
    assert "warning: " in result.stderr and "hasVariant" in result.stderr
    kg, _ = _quiet_load([path])
    c = next(c for c in kg.claims.values() if kg.entities[c.object].label == "PTPN6")
    assert c.relation == "directly_increases" and c.object_modifier == "act(ma(GO:0016791))"
    assert c.species == "NCBITaxon:9606" and kg.sources[c.source].pmid == "26438529"
    assert "Confidence: High" in (c.note or "")


def test_bel_round_trip_keeps_what_bel_holds(cli, tmp_path):
    out = tmp_path / "lr3.bel"
    assert cli("export", "bel", "-o", out).exit_code == 0
    back, _ = _quiet_load([out])
    kg = mechkg.load()
    held = mechkg.model.KnowledgeGraph(
        kg.entities,
        kg.sources,
        {k: c for k, c in kg.claims.items() if c.relation != "located_in"},
        kg.base,
    )
    assert _said(back) == _said(held)


def test_a_bad_bel_statement_is_a_located_problem(cli, tmp_path):
    path = tmp_path / "bad.bel"
    path.write_text('SET DOCUMENT Name = "x"\nSET DOCUMENT Version = "1.0.0"\n'
                    'SET Citation = {"PubMed", "26438529"}\nSET SupportingText = "x"\n'
                    "p(HGNC:1659 ! CD33) increases (\n", encoding="utf-8")  # fmt: skip
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "bad.bel:" in result.stderr and "BEL: " in result.stderr
    assert result.stdout == ""  # PyBEL's own printout stays off mechkg's data stream


def test_indra_statements_read_and_paths(cli):
    path = DATA / "sialic_acid.indra.json"
    kg, caught = _quiet_load([path])
    by = {
        (kg.entities[c.subject].label, kg.entities[c.object].label): c for c in kg.claims.values()
    }
    c = by[("CD33", "PTPN6")]
    assert (c.relation, c.evidence, c.belief) == ("directly_increases", "background", "0.86")
    assert by[("SYK", "TREM2")].evidence == "hypothesis"
    assert ("CD33", "CD33 (phosphorylation)") in by
    assert "Complex statement" in str(caught[0].message)
    assert "obj_activity phosphatase" in str(caught[0].message)
    result = cli("paths", "CD33", "TREM2", path)
    assert result.exit_code == 0, result.stderr
    assert "SYK" in result.stdout


def test_indra_export_is_read_by_indra(cli, tmp_path):
    from indra.statements import stmts_from_json

    out = tmp_path / "lr3.indra.json"
    written = cli("export", "indra", "-o", out)
    assert written.exit_code == 0
    assert "warning: " in written.stderr and "23 × regulates claim" in written.stderr
    records = json.loads(out.read_text(encoding="utf-8"))
    stmts = stmts_from_json(records)
    assert len(stmts) == len(records) > 0
    signed = [c for c in mechkg.load().claims.values() if c.relation in
              ("increases", "decreases", "directly_increases", "directly_decreases")]  # fmt: skip
    assert len(stmts) == len(signed)
    ev = stmts[0].evidence[0]
    assert ev.annotations["mechkg_evidence"] in mechkg.vocab.EVIDENCE_LEVELS
    # INDRA's assemblers run on it
    from indra.assemblers.english import EnglishAssembler
    from indra.assemblers.indranet import IndraNetAssembler

    assert "Acupuncture at LR3 increases the amount of BDNF." in (
        EnglishAssembler(stmts).make_model()
    )
    net = IndraNetAssembler(stmts).make_model()
    assert net.number_of_edges() == len(stmts)
    # and mechkg reads its own export back to the same claims
    back = mechkg.load([out])
    kg = mechkg.load()
    said = [(c.subject, c.relation, c.object, c.evidence, c.quote, c.negated) for c in signed]
    assert sorted(map(str, said)) == sorted(
        str((c.subject, c.relation, c.object, c.evidence, c.quote, c.negated))
        for c in back.claims.values()
    )
    assert {c.subject for c in back.claims.values()} <= set(kg.entities)


@pytest.mark.parametrize(("module", "extra", "path"), [
    ("pybel", "bel", "sialic.bel"), ("indra", "indra", "x.indra.json")])  # fmt: skip
def test_a_missing_extra_says_how_to_install_it(cli, tmp_path, monkeypatch, module, extra, path):
    target = tmp_path / path
    target.write_text("[]", encoding="utf-8")
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    result = cli("validate", target)
    assert result.exit_code == 1
    assert f"pip install 'mechkg[{extra}]'" in result.stderr


@pytest.mark.parametrize(("page", "tables"), [
    ("kgx.md", ("PREDICATES", "KNOWLEDGE_LEVELS", "AGENT_TYPES", "CATEGORIES")),
    ("bel.md", ("RELATIONS", "FUNCTIONS")),
    ("indra.md", ("TYPES",)),
])  # fmt: skip
def test_the_format_pages_show_the_mapping_tables(page, tables):
    from mechkg.load import bel_reader, indra_reader, kgx_map

    module = {"kgx.md": kgx_map, "bel.md": bel_reader, "indra.md": indra_reader}[page]
    text = (DATA.parent.parent.parent / "docs" / "formats" / page).read_text(encoding="utf-8")
    for name in tables:
        for key, value in getattr(module, name).items():
            assert f"| `{key}` | `{value}` |" in text, (page, key)
    if page == "kgx.md":
        for (predicate, direction), value in kgx_map.DIRECTED.items():
            assert f"| `{predicate}` | `{direction}` | `{value}` |" in text


#: One statement of PyBEL's sialic acid network as mechkg claims, with every field BEL
#: and KGX carry (modifiers, belief, species).
SIALIC_YAML = """\
mechkg: 1
sources:
  pmid_26438529: {kind: article, pmid: "26438529"}
entities:
  cd33: {label: CD33, type: Protein, xrefs: ["HGNC:1659"]}
  ptpn6: {label: PTPN6, type: Protein, xrefs: ["HGNC:9658"]}
  syk: {label: SYK, type: Protein, xrefs: ["HGNC:11491"]}
claims:
  - id: cd33_ptpn6
    subject: cd33
    relation: directly_increases
    object: ptpn6
    evidence: background
    source: pmid_26438529
    species: NCBITaxon:9606
    subject_modifier: act()
    object_modifier: act(ma(GO:0016791))
    belief: 0.86
    quote: 'activation of the SHP-1 and SHP-2 tyrosine phosphatases [66, 67]. "x"'
  - id: ptpn6_syk
    subject: ptpn6
    relation: directly_decreases
    object: syk
    evidence: hypothesis
    negated: true
    source: pmid_26438529
    object_modifier: act()
"""


def test_indra_model_checker_finds_the_net_effect_in_the_export(cli, tmp_path):
    try:
        import kappy  # noqa: F401
        import pygraphviz  # noqa: F401
    except ImportError:
        skip_unless_ci("INDRA's model checker needs kappy and pygraphviz: pip install '.[check]'")
    from indra.assemblers.indranet import IndraNet, IndraNetAssembler
    from indra.explanation.model_checker import SignedGraphModelChecker
    from indra.statements import Agent, DecreaseAmount, stmts_from_json

    out = tmp_path / "lr3.indra.json"
    assert cli("export", "indra", "-o", out).exit_code == 0
    stmts = stmts_from_json(json.loads(out.read_text(encoding="utf-8")))
    signed_graph = IndraNet.from_df(IndraNetAssembler(stmts).make_df()).to_signed_graph(
        flattening_method=lambda graph, edge: 1.0  # mechkg is no source INDRA has priors for
    )
    effect = DecreaseAmount(Agent("acupuncture at LR3"), Agent("depression-like behaviour"))
    checked = SignedGraphModelChecker(signed_graph, [effect]).check_model()
    assert checked[0][1].path_found
    assert checked[0][1].paths[0][0] == ("acupuncture at LR3", 0)
    assert checked[0][1].paths[0][-1] == ("depression-like behaviour", 1)


def test_modifiers_belief_and_negation_survive_kgx_and_bel(cli, tmp_path):
    claims = tmp_path / "sialic.yaml"
    claims.write_text(SIALIC_YAML, encoding="utf-8")
    kg = mechkg.load([claims])
    assert kg.claims["cd33_ptpn6"].belief == "0.86"
    assert cli("export", "kgx", claims, "-o", tmp_path / "k.tsv").exit_code == 0
    assert mechkg.load([tmp_path / "k_edges.tsv"]).claims == kg.claims
    assert cli("export", "bel", claims, "-o", tmp_path / "s.bel").exit_code == 0
    back, _ = _quiet_load([tmp_path / "s.bel"])
    assert _said(back) == _said(kg)


def test_bad_records_are_located_problems(cli, tmp_path):
    nodes = tmp_path / "g_nodes.jsonl"
    nodes.write_text((DATA / "sialic_acid_nodes.jsonl").read_text(), encoding="utf-8")
    edges = tmp_path / "g_edges.jsonl"
    good = (DATA / "sialic_acid_edges.jsonl").read_text(encoding="utf-8").splitlines()
    edges.write_text("\n".join([good[0], "{not json", *good[1:]]) + "\n", encoding="utf-8")
    result = cli("validate", edges)
    assert result.exit_code == 1
    assert "g_edges.jsonl:2: not JSON" in result.stderr
    statements = tmp_path / "s.indra.json"
    statements.write_text(json.dumps([{"type": "Activation", "subj": {"name": "CD33"}},
                                      {"type": "NoSuchStatement"}]), encoding="utf-8")  # fmt: skip
    result = cli("validate", statements)
    assert result.exit_code == 1
    assert "statement 1: INDRA cannot read it" in result.stderr


def test_a_nodes_file_on_its_own_gives_its_entities(tmp_path):
    nodes = tmp_path / "only_nodes.jsonl"
    nodes.write_text((DATA / "sialic_acid_nodes.jsonl").read_text(), encoding="utf-8")
    kg = mechkg.load([nodes])
    assert kg.entities["HGNC_1659"].label == "CD33" and not kg.claims
    assert kg.entities["HGNC_1659"].xrefs == ("HGNC:1659",)


@pytest.mark.parametrize("name", ["ketamine.yaml", "qualifiers.yaml"])
def test_kgx_round_trip_keeps_conditions_and_necessity_tests(cli, tmp_path, name):
    claims = DATA.parent / "conditions" / name
    assert cli("export", "kgx", str(claims), "-o", tmp_path / "g.tsv").exit_code == 0
    kg = mechkg.load([claims])
    back = mechkg.load([tmp_path / "g_edges.tsv"])
    assert any(c.condition or c.requires or c.time for c in kg.claims.values())
    for cid, c in kg.claims.items():
        got = back.claims[cid]
        for field in ("condition", "dose", "route", "time", "figure", "requires",
                      "independent_of", "model", "anatomy"):  # fmt: skip
            assert getattr(got, field) == getattr(c, field), (cid, field)
