"""paths, neighbours and explain, as a user runs them (on the bundled LR3 graph)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_needle_to_behaviour_shows_measured_routes_and_the_proposed_chain(cli):
    # the four measured or inferred routes; the fifth best is already a hypothesis
    result = cli("paths", "needle", "behaviour", "-k", "4")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    first = out.split("\n\n")[1]
    assert first.startswith("1. acupuncture at LR3 ─decreases→ depression-like behaviour")
    assert "net: decreases" in first and "weakest: experiment" in first
    assert "4. " in out and "5. " in out  # four best, then the weaker routes
    weaker = out[out.index("Weaker routes") :]
    assert "sensory nerve fibres" in weaker and "weakest: hypothesis" in weaker
    assert "hypothalamic-pituitary-adrenal axis" in weaker and "neurotrophins" in weaker
    assert "synaptic plasticity → depression-like behaviour: decreases" in weaker


def test_the_proposed_chain_through_the_hpa_axis(cli):
    result = cli("paths", "needle", "behaviour", "--via", "HPA axis", "--format", "json")
    doc = json.loads(result.stdout)
    chains = [[n["id"] for n in p["nodes"]] for p in doc["paths"]]
    head = ["lr3_acupuncture", "sensory_fibres", "reflexes", "hpa_axis"]
    assert all(chain[:4] == head for chain in chains)
    assert [*head, "neurotrophins", "synaptic_plasticity", "depressive_behaviour"] in chains
    assert [*head, "neurotransmitters", "synaptic_plasticity",
            "depressive_behaviour"] in chains  # fmt: skip
    assert {p["weakest_evidence"] for p in doc["paths"]} == {"hypothesis"}
    assert doc["paths"][0]["weakest_step"] == 0


def test_json_output_schema(cli):
    doc = json.loads(cli("paths", "needle", "behaviour", "--format", "json", "-k", "2").stdout)
    assert doc["source"]["id"] == "lr3_acupuncture"
    assert doc["target"]["id"] == "depressive_behaviour"
    assert len(doc["paths"]) == 2 and doc["more"] is True
    path = doc["paths"][0]
    assert path["net_effect"] == "decreases"
    assert path["species"] == ["NCBITaxon:10090"]
    step = path["steps"][0]
    assert {"subject", "relation", "object", "claim", "evidence", "sources"} <= set(step)
    assert doc["weaker_routes"] and all("branches" in r for r in doc["weaker_routes"])


def test_formats_and_output_file(cli, tmp_path):
    tsv = cli("paths", "needle", "behaviour", "--format", "tsv").stdout.splitlines()
    assert tsv[0].startswith("path\tstep\tsubject")
    mermaid = cli("paths", "needle", "behaviour", "--format", "mermaid").stdout
    assert mermaid.startswith("flowchart LR")
    target = tmp_path / "paths.json"
    result = cli("paths", "nål", "behaviour", "--format", "json", "-o", str(target))
    assert result.stdout == ""
    assert json.loads(target.read_text())["source"]["label"] == "acupuncture at LR3"


def test_filters_reach_the_search(cli):
    strong = json.loads(cli("paths", "needle", "behaviour", "--min-evidence", "experiment",
                            "--format", "json").stdout)  # fmt: skip
    assert [len(p["steps"]) for p in strong["paths"]] == [1]
    avoided = json.loads(cli("paths", "needle", "behaviour", "--avoid", "plasticity",
                             "--avoid", "BDNF", "--format", "json", "-k", "20").stdout)  # fmt: skip
    ids = {n["id"] for p in avoided["paths"] for n in p["nodes"]}
    assert not ids & {"synaptic_plasticity", "bdnf"}


def test_no_path_exits_1_with_alternatives(cli):
    result = cli("paths", "behaviour", "needle")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no causal path from depression-like behaviour" in result.stderr
    assert "opposite direction" in result.stderr
    strict = cli("paths", "needle", "behaviour", "--min-evidence", "systematic_review")
    assert strict.exit_code == 1 and "drop --min-evidence" in strict.stderr


def test_unknown_entity_exits_1_with_closest_names(cli):
    result = cli("paths", "nedle", "behaviour")
    assert result.exit_code == 1
    assert "unknown entity 'nedle'; closest matches: 'needle'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_is_a_usage_error(cli):
    assert cli("paths", "needle", "behaviour", "--min-evidence", "strong").exit_code == 2
    assert cli("paths", "needle", "behaviour", "--relation", "part_of").exit_code == 2


def test_neighbours_and_explain(cli):
    down = cli("neighbours", "needle", "--downstream")
    assert down.exit_code == 0 and "acupuncture at LR3 affects (downstream" in down.stdout
    assert "is affected by" not in down.stdout
    deep = json.loads(cli("neighbours", "neurotrophins", "--depth", "2", "--format", "json").stdout)
    assert {n["distance"] for n in deep["neighbours"]} == {1, 2}
    exp = cli("explain", "needle", "BDNF")
    assert exp.exit_code == 0
    assert "BDNF-nivåer” (nb)" in exp.stdout and "https://doi.org/" in exp.stdout
    none = cli("explain", "sensory fibres", "behaviour")
    assert none.exit_code == 1 and "a path links them" in none.stderr


def test_help_has_examples(cli):
    for command in ("paths", "neighbours", "explain"):
        assert "Example" in cli(command, "--help").stdout


def test_html_of_the_paths(cli, tmp_path):
    target = tmp_path / "paths.html"
    result = cli("paths", "needle", "behaviour", "--html", str(target))
    assert result.exit_code == 0 and f"wrote {target}" in result.stderr
    page = target.read_text(encoding="utf-8")
    assert "acu_behaviour" in page  # the best path's claim is in the page


def test_paths_command_imports_no_rdf_or_html_library(tmp_path):
    env = {**os.environ, "MECHKG_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys; from mechkg.cli.main import main\n"
        "try:\n    main(['paths', 'needle', 'behaviour'])\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('rdflib', 'pyvis', 'pyoxigraph', 'networkx')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    for _ in range(2):  # cold cache, then warm
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=root, env=env, check=True).stdout  # fmt: skip
        assert out.strip().endswith("[]"), out
