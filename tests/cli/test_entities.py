"""`mechkg entities` lists and searches the graph's entities; the unknown-entity hint
points to it."""

from __future__ import annotations

import json

import mechkg


def test_lists_every_entity_in_id_order(cli):
    kg = mechkg.load()
    result = cli("entities", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == sorted(kg.entities)
    bdnf = next(r for r in rows if r["id"] == "bdnf")
    named = [c for c in kg.claims.values() if "bdnf" in (c.subject, c.object)]
    assert bdnf == {
        "id": "bdnf",
        "label": "BDNF",
        "type": "Protein",
        "claims": len(named),
        "files": [str(mechkg.bundled_path())],
    }


def test_search_matches_any_name_and_type_filters(cli, thorough_path):
    text = cli("entities", "--search", "nevrotrofisk").stdout
    assert text.splitlines()[0].startswith("bdnf  BDNF (Protein, ")
    assert text.splitlines()[-1] == "1 entity"
    tsv = cli("entities", str(thorough_path), "--type", "Protein", "--format", "tsv").stdout
    kg = mechkg.load([thorough_path])
    proteins = sorted(e.id for e in kg.entities.values() if e.type == "Protein")
    assert tsv.splitlines()[0] == "id\tlabel\ttype\tclaims\tfiles"
    assert [line.split("\t")[0] for line in tsv.splitlines()[1:]] == proteins


def test_no_match_exits_1_with_the_closest_names(cli):
    result = cli("entities", "--search", "needel")
    assert result.exit_code == 1 and result.stdout == ""
    assert "matches 'needel'; closest names: 'needle'" in result.stderr


def test_unknown_type_is_a_usage_error(cli):
    result = cli("entities", "--type", "Gnee")
    assert result.exit_code == 2 and "'Gnee' is not one of 'Gene'" in result.stderr


def test_the_unknown_entity_hint_names_a_command_that_lists_entities(cli):
    result = cli("show", "qqqqqq")
    assert result.exit_code == 1
    assert "`mechkg entities` lists the graph's entities" in result.stderr
    listed = cli("entities")
    assert listed.exit_code == 0 and "bdnf" in listed.stdout.split()


def test_lists_the_files_each_entity_comes_from(cli, tmp_path):
    from pathlib import Path

    lr3 = mechkg.bundled_path()
    autry = Path(__file__).parent.parent / "data" / "identity" / "autry2011.yaml"
    rows = json.loads(cli("entities", lr3, autry, "--format", "json").stdout)
    files = {r["id"]: r["files"] for r in rows}
    assert files["bdnf"] == [str(lr3), str(autry)]
    assert files["ketamine"] == [str(autry)] and files["lr3_acupuncture"] == [str(lr3)]
    text = cli("entities", lr3, autry, "--search", "ketamine").stdout
    assert text.splitlines()[0].endswith(f"  from {autry}")
    tsv = cli("entities", autry, lr3, "--type", "Protein", "--format", "tsv").stdout
    bdnf = next(line for line in tsv.splitlines() if line.startswith("bdnf\t"))
    assert bdnf.split("\t")[-1] == f"{autry}|{lr3}"  # in the order the files were given


def test_validate_prints_warnings_and_strict_fails_on_them(cli, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(
        "mechkg: 1\nentities:\n  x: {label: X, type: Gene}\n  y: {label: Y, type: Gene}\n"
        "  z: {label: Z, type: Gene}\nsources: {p: {kind: article}}\n"
        "claims:\n  - {id: c, subject: x, relation: increases, object: y, evidence: hypothesis,"
        " source: p}\n",
        encoding="utf-8",
    )
    result = cli("validate", path)
    assert result.exit_code == 0
    assert f"{path}:5: warning: entity z: entity is defined but no claim names it" in result.stderr
    assert result.stdout.strip().endswith("(1 claim, 3 entities, 1 source, 1 warning)")
    strict = cli("validate", "--strict", path)
    assert strict.exit_code == 1 and "1 warning (--strict)" in strict.stderr
