"""KGX TSV export: nodes and edges with Biolink categories, predicates and qualifiers."""

from __future__ import annotations

import csv
import io

import pytest
from mechkg.cells import tsv_unescape
from mechkg.errors import FormatError
from mechkg.export import infer_format
from mechkg.export.kgx import (
    EDGE_COLUMNS,
    KNOWLEDGE_LEVELS,
    NODE_COLUMNS,
    kgx_paths,
    to_kgx,
    write_kgx,
)
from mechkg.vocab import ENTITY_TYPES, EVIDENCE_LEVELS, RELATIONS

from tests.sparql.nasty import NASTY_TEXT, nasty_graph


def rows(text: str) -> list[dict[str, str]]:
    """The table as KGX reads it: no quoting; then the escapes undone."""
    table = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: tsv_unescape(v) for k, v in row.items()} for row in table]


def test_lr3_tables(lr3):
    files = to_kgx(lr3)
    nodes, edges = rows(files.nodes), rows(files.edges)
    assert tuple(files.nodes.splitlines()[0].split("\t")) == NODE_COLUMNS
    assert tuple(files.edges.splitlines()[0].split("\t")) == EDGE_COLUMNS
    assert len(nodes) == len(lr3.entities) and len(edges) == len(lr3.claims)
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes)
    assert all(n["category"] in ENTITY_TYPES.values() for n in nodes)
    assert {e["subject"] for e in edges} | {e["object"] for e in edges} <= ids
    by_claim = {e["id"].rsplit("/", 1)[1]: e for e in edges}
    for c in lr3.claims.values():
        e = by_claim[c.id]
        rel = RELATIONS[c.relation]
        assert e["predicate"] == (rel.biolink or "biolink:affects")
        assert e["predicate"].startswith("biolink:")
        assert e["knowledge_level"] == KNOWLEDGE_LEVELS[c.evidence]
        assert e["agent_type"] == "manual_agent"
        assert e["primary_knowledge_source"] == "infores:mechkg"
        assert e["species_context_qualifier"] == (c.species or "")
        assert e["evidence_level"] == c.evidence and int(e["evidence_rank"]) == c.rank
        assert e["has_evidence"] == (c.eco or EVIDENCE_LEVELS[c.evidence].eco)
        assert e["supporting_text"] == (c.quote or "")
        assert e["negated"] == str(c.negated or c.relation == "causes_no_change")
        if c.relation in ("increases", "directly_increases"):
            assert e["object_direction_qualifier"] == "increased"
            assert e["qualified_predicate"] == "biolink:causes"
        elif c.relation in ("decreases", "directly_decreases"):
            assert e["object_direction_qualifier"] == "decreased"
        else:
            assert e["object_direction_qualifier"] == ""
        assert e["publications"], c.id  # every LR3 source leads to a DOI
    bdnf = by_claim["acu_bdnf"]
    assert "doi:10.7150/thno.106751" in bdnf["publications"].split("|")
    anatomy = [e for e in edges if e["anatomical_context_qualifier"]]
    assert anatomy and all(
        a in ids or a.startswith("UBERON:")
        for e in anatomy
        for a in e["anatomical_context_qualifier"].split("|")
    )
    assert all(n["id"] not in n["xref"].split("|") for n in nodes)


def test_nasty_values_survive_tsv():
    kg = nasty_graph()
    files = to_kgx(kg)
    nodes, edges = rows(files.nodes), rows(files.edges)
    assert len(nodes) == len(kg.entities) and len(edges) == len(kg.claims)
    assert NASTY_TEXT.replace("|", "%7C") in {e["supporting_text"] for e in edges}
    assert {e["negated"] for e in edges} == {"True", "False"}
    synonyms = next(n["synonym"] for n in nodes if "syn%7C1" in n["synonym"])
    assert len(synonyms.split("|")) == 2  # a | inside a value is written %7C


def test_paths(tmp_path):
    assert kgx_paths(tmp_path / "x.kgx.tsv") == (tmp_path / "x_nodes.tsv", tmp_path / "x_edges.tsv")
    assert kgx_paths(tmp_path / "x.tsv") == (tmp_path / "x_nodes.tsv", tmp_path / "x_edges.tsv")
    assert kgx_paths(tmp_path / "x") == (tmp_path / "x_nodes.tsv", tmp_path / "x_edges.tsv")
    assert kgx_paths(tmp_path) == (tmp_path / "nodes.tsv", tmp_path / "edges.tsv")
    assert infer_format("lr3.kgx.tsv").name == "kgx"


def test_write_both_files(lr3, tmp_path):
    nodes, edges = write_kgx(lr3, tmp_path / "lr3.tsv")
    files = to_kgx(lr3)
    assert nodes.read_text(encoding="utf-8") == files.nodes
    assert edges.read_text(encoding="utf-8") == files.edges
    assert to_kgx(lr3) == files  # deterministic
    with pytest.raises(FormatError, match="two files"):
        write_kgx(lr3, io.StringIO())


def test_failed_write_changes_neither_file(lr3, thorough, tmp_path):
    nodes, edges = write_kgx(thorough, tmp_path / "g.tsv")
    old = edges.read_bytes()
    nodes.unlink()
    nodes.mkdir()  # renaming the nodes file over a directory fails
    with pytest.raises(OSError):
        write_kgx(lr3, tmp_path / "g.tsv")
    assert edges.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g_edges.tsv", "g_nodes.tsv"]


def test_cli(cli, tmp_path):
    result = cli("export", "kgx", "-o", tmp_path / "lr3.kgx.tsv")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "lr3_nodes.tsv").exists() and (tmp_path / "lr3_edges.tsv").exists()
    to_stdout = cli("export", "kgx")
    assert to_stdout.exit_code == 1 and "two files" in to_stdout.stderr


def test_failed_first_rename_changes_neither_file(lr3, thorough, tmp_path):
    nodes, edges = write_kgx(thorough, tmp_path / "g.tsv")
    old = nodes.read_bytes()
    edges.unlink()
    edges.mkdir()  # renaming the edges file (the first renamed) over a directory fails
    with pytest.raises(OSError):
        write_kgx(lr3, tmp_path / "g.tsv")
    assert nodes.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g_edges.tsv", "g_nodes.tsv"]


@pytest.mark.parametrize("existing", [True, False])
def test_failed_second_rename_undoes_the_first(lr3, thorough, tmp_path, existing):
    nodes, edges = kgx_paths(tmp_path / "g.tsv")
    if existing:
        write_kgx(thorough, tmp_path / "g.tsv")
        nodes.unlink()
    old = edges.read_bytes() if existing else None
    nodes.mkdir()  # the nodes file, renamed second, cannot replace a directory
    with pytest.raises(OSError):
        write_kgx(lr3, tmp_path / "g.tsv")
    assert (edges.read_bytes() if edges.exists() else None) == old  # put back or removed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g_edges.tsv"] * existing + [
        "g_nodes.tsv"
    ]


def test_columns_follow_the_schema():
    from mechkg.schema import FIELDS

    for owner, columns in (("entity", NODE_COLUMNS), ("claim", EDGE_COLUMNS)):
        slots = {f.kgx for f in FIELDS[owner].values() if f.kgx}
        assert slots <= set(columns), owner
        assert len(set(columns)) == len(columns)


def test_text_comes_back_from_the_files(thorough, thorough_path, tmp_path):
    """Tabs, line breaks and quotes in a cell survive the files (KGX reads no quoting)."""
    import mechkg

    write_kgx(thorough, tmp_path / "t.tsv")
    assert any("\n" in (e.description or "") for e in thorough.entities.values())
    back = mechkg.load([tmp_path / "t_edges.tsv"])
    assert back.claims == thorough.claims
    for e in thorough.entities.values():
        got = back.entities[e.id]
        assert (got.label, got.description, got.type) == (e.label, e.description, e.type)


def test_odd_ids_come_back_as_slugs(tmp_path):
    import mechkg

    kg = nasty_graph()
    write_kgx(kg, tmp_path / "n.tsv")
    back = mechkg.load([tmp_path / "n_edges.tsv"])
    assert len(back.claims) == len(kg.claims) and len(back.entities) == len(kg.entities)
    assert "angle_b" in back.entities and "paper_1" in back.sources
    assert {e.label for e in back.entities.values()} == {e.label for e in kg.entities.values()}
    assert {c.quote for c in back.claims.values()} == {NASTY_TEXT}


def test_node_ids_follow_biolink_prefix_order():
    from mechkg.export.kgx_ids import biolink_table, node_ids, node_xrefs
    from mechkg.model import Entity, KnowledgeGraph

    entities = [
        Entity("dep", "depression", "Disease", xrefs=("MESH:D003866", "MONDO:0002050")),
        Entity("bdnf", "BDNF", "Gene", xrefs=("MGI:88145", "HGNC:1033", "NCBIGene:627")),
        Entity("a", "a", "Gene", xrefs=("HGNC:1",)),  # shared: identifies neither
        Entity("b", "b", "Gene", xrefs=("HGNC:1",)),
        Entity("walk", "walking", "Behavior", xrefs=("NBO:0000001",)),  # unlisted prefix
        Entity("x y", "none", "Gene"),
    ]
    kg = KnowledgeGraph({e.id: e for e in entities}, {}, {})
    ids = node_ids(kg)
    assert ids == {"dep": "MONDO:0002050", "bdnf": "NCBIGene:627", "a": "MECHKG:a",
                   "b": "MECHKG:b", "walk": "NBO:0000001", "x y": "MECHKG:x%20y"}  # fmt: skip
    assert node_xrefs(entities[0], ids["dep"]) == ["MESH:D003866", "MECHKG:dep"]
    assert node_xrefs(entities[5], ids["x y"]) == []
    table = biolink_table()
    assert table["id_prefixes"]["biolink:Disease"][0] == "MONDO"
    assert set(table["id_prefixes"]) == set(ENTITY_TYPES.values())
