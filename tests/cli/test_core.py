"""The core commands, as a user runs them."""

from __future__ import annotations

import json

import mechkg


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("mechkg ")
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("build", "export", "show", "stats", "validate"):
        assert command in result.stdout


def test_validate_ok_and_bad(cli, thorough_path, slushy_path):
    ok = cli("validate", str(thorough_path))
    assert ok.exit_code == 0 and "valid (10 claims, 6 entities, 2 sources)" in ok.stdout
    bad = cli("validate", str(slushy_path))
    assert bad.exit_code == 1
    assert bad.stdout == ""
    assert f"{slushy_path}:28: claim s1: unknown relation 'activates'" in bad.stderr
    assert "19 problems found" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_build_infers_format_and_writes_atomically(cli, thorough_path, tmp_path):
    for name, fmt in (
        ("g.ttl", "@prefix"),
        ("g.nt", "<https://"),
        ("g.jsonld", '"@context"'),
        ("g.trig", "npub:"),
    ):
        out = tmp_path / name
        result = cli("build", str(thorough_path), "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert fmt in out.read_text(encoding="utf-8")
        assert f"wrote {out}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonld", "g.nt", "g.trig", "g.ttl"]


def test_build_to_stdout_and_bad_extension(cli, thorough_path, tmp_path):
    result = cli("build", str(thorough_path))
    assert result.stdout.startswith("@prefix")
    bad = cli("build", str(thorough_path), "-o", str(tmp_path / "g.xyz"))
    assert bad.exit_code == 1
    assert "cannot tell the format" in bad.stderr and ".ttl (turtle)" in bad.stderr
    assert not (tmp_path / "g.xyz").exists()


def test_build_base_override(cli, thorough_path):
    result = cli("build", str(thorough_path), "--base", "https://example.com/kg/", "-f", "ntriples")
    assert "<https://example.com/kg/claim/c1>" in result.stdout
    bad = cli("build", str(thorough_path), "--base", "not an iri")
    assert bad.exit_code == 2


def test_bad_input_leaves_previous_output(cli, slushy_path, thorough_path, tmp_path):
    out = tmp_path / "g.ttl"
    cli("build", str(thorough_path), "-o", str(out))
    before = out.read_bytes()
    result = cli("build", str(slushy_path), "-o", str(out))
    assert result.exit_code == 1
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_stats_text_and_json(cli, thorough_path):
    text = cli("stats", str(thorough_path)).stdout
    assert text.startswith("6 entities, 10 claims, 2 sources")
    assert "hypothesis" in text and "news1 (news)" in text
    data = json.loads(cli("stats", str(thorough_path), "--format", "json").stdout)
    assert data["claims_by_evidence"]["hypothesis"] == 4
    assert data["claims_by_source"] == {"news1": 8, "paper1": 2}


def test_show_resolves_any_name(cli, thorough_path):
    for name in ("drug_x", "DRUG X", "dx", "legemiddel x", "stoff X", "CHEBI:6121"):
        result = cli("show", name, str(thorough_path))
        assert result.exit_code == 0, name
        assert result.stdout.startswith("drug X  (drug_x · SmallMolecule)")
    text = cli("show", "BDNF", str(thorough_path)).stdout
    assert "[c1] drug X ─increases→ BDNF" in text
    assert "“økte BDNF-nivåer" in text and "experiment · mouse" in text


def test_show_unknown_entity_suggests(cli, thorough_path):
    result = cli("show", "BDFN", str(thorough_path))
    assert result.exit_code == 1
    assert "unknown entity 'BDFN'; closest matches: 'bdnf'" in result.stderr


def test_show_json(cli, thorough_path):
    data = json.loads(cli("show", "bdnf", str(thorough_path), "--format", "json").stdout)
    assert data["id"] == "bdnf" and {c["id"] for c in data["in"]} >= {"c1", "c1b"}


def test_bundled_graph_is_the_default(cli):
    result = cli("stats")
    kg = mechkg.load()
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{len(kg.entities)} entities, {len(kg.claims)} claims")


def test_export_focus_and_min_evidence(cli, thorough_path):
    result = cli("export", "ntriples", str(thorough_path), "--focus", "vCA1", "--depth", "1")
    assert "entity/vca1>" in result.stdout and "entity/drug_x>" not in result.stdout
    strong = cli("export", "jsonld", str(thorough_path), "--min-evidence", "experiment")
    data = json.loads(strong.stdout)
    claims = [n for n in data["@graph"] if "mkg:Claim" in n.get("@type", [])]
    assert [c["dcterms:identifier"] for c in claims] == [["c1"]]
    bad = cli("export", "turtle", str(thorough_path), "--min-evidence", "strong")
    assert bad.exit_code == 2 and "'strong' is not one of 'hypothesis'" in bad.stderr
