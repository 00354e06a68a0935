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
    assert bdnf == {"id": "bdnf", "label": "BDNF", "type": "Protein", "claims": len(named)}


def test_search_matches_any_name_and_type_filters(cli, thorough_path):
    text = cli("entities", "--search", "nevrotrofisk").stdout
    assert text.splitlines()[0].startswith("bdnf  BDNF (Protein, ")
    assert text.splitlines()[-1] == "1 entity"
    tsv = cli("entities", str(thorough_path), "--type", "Protein", "--format", "tsv").stdout
    kg = mechkg.load([thorough_path])
    proteins = sorted(e.id for e in kg.entities.values() if e.type == "Protein")
    assert tsv.splitlines()[0] == "id\tlabel\ttype\tclaims"
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
