"""The filter options every command shares: --species through mechkg.species, the
evidence levels as one choice, choice lists read from the registries, and an export that
keeps nothing is an error."""

from __future__ import annotations

import json
from pathlib import Path

import click
import mechkg
import pytest
from mechkg.cli.main import COMMANDS


def _mouse_claims() -> set[str]:
    return {c.id for c in mechkg.load().claims.values() if c.species == "NCBITaxon:10090"}


def test_export_html_by_species_name_keeps_the_mouse_claims(cli, tmp_path):
    mouse = _mouse_claims()
    assert mouse  # the bundled study is in mice
    page = tmp_path / "a.html"
    result = cli("export", "html", "--species", "mouse", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    assert f"(html, {len(mouse)} claims," in result.stderr
    text = page.read_text(encoding="utf-8")
    assert all(f'"{cid}"' in text for cid in mouse)


def test_export_by_name_and_by_curie_are_the_same(cli):
    by_name = cli("export", "ntriples", "--species", "Mouse")
    by_curie = cli("export", "ntriples", "--species", "NCBITaxon:10090")
    assert by_name.exit_code == 0 and by_name.stdout == by_curie.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("paths", "needle", "behaviour", "--format", "json"),
        ("neighbours", "needle", "--format", "json"),
    ],
)
def test_path_commands_by_name_and_by_curie_are_the_same(cli, args):
    by_name = cli(*args, "--species", "mouse")
    by_curie = cli(*args, "--species", "NCBITaxon:10090")
    unfiltered = cli(*args)
    assert by_name.exit_code == 0, by_name.stderr
    assert by_name.stdout == by_curie.stdout != unfiltered.stdout


def test_paths_html_by_species_name(cli, tmp_path):
    page = tmp_path / "p.html"
    result = cli("paths", "needle", "behaviour", "--species", "mouse", "--html", str(page))
    assert result.exit_code == 0, result.stderr
    assert page.read_text(encoding="utf-8").startswith("<!")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "turtle"),
        ("paths", "needle", "behaviour"),
        ("neighbours", "BDNF"),
    ],
)
def test_unknown_species_is_a_usage_error_everywhere(cli, args):
    result = cli(*args, "--species", "elephant")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Invalid value for '--species': unknown species 'elephant'" in result.stderr


@pytest.mark.parametrize(
    "args", [("export", "turtle"), ("paths", "needle", "behaviour"), ("neighbours", "BDNF")]
)
def test_unknown_evidence_level_is_the_same_usage_error_everywhere(cli, args):
    result = cli(*args, "--min-evidence", "strong")
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        "Error: Invalid value for '--min-evidence': 'strong' is not one of 'hypothesis', "
        "'background'" in result.stderr
    )


def test_an_export_that_keeps_nothing_is_an_error(cli, tmp_path, thorough_path):
    kg = mechkg.load([thorough_path])
    assert not any(c.species == "NCBITaxon:7955" for c in kg.claims.values())
    out = tmp_path / "g.ttl"
    result = cli("export", "turtle", str(thorough_path), "--species", "zebrafish", "-o", str(out))
    assert result.exit_code == 1
    assert "passes the filters (species zebrafish); drop or change one" in result.stderr
    assert not out.exists()


def _choices(command: str, option: str) -> list[str]:
    module, _, attr = COMMANDS[command].partition(":")
    cmd = getattr(__import__(module, fromlist=[attr]), attr)
    (param,) = [p for p in cmd.params if p.name == option]
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


def test_choice_lists_come_from_the_registries():
    from mechkg.export import EXPORTERS, RDF_FORMATS
    from mechkg.paths.render import PATH_FORMATS
    from mechkg.paths.render_more import EXPLAIN_FORMATS, NEIGHBOUR_FORMATS
    from mechkg.paths.steps import PATH_RELATIONS
    from mechkg.report import ENTITY_LIST_FORMATS
    from mechkg.sparql.results import RESULT_FORMATS
    from mechkg.vocab import ENTITY_TYPES, EVIDENCE_LEVELS

    assert _choices("paths", "min_evidence") == list(EVIDENCE_LEVELS)
    assert _choices("export", "min_evidence") == list(EVIDENCE_LEVELS)
    assert _choices("paths", "relations") == sorted(PATH_RELATIONS)
    assert _choices("paths", "fmt") == list(PATH_FORMATS)
    assert _choices("neighbours", "fmt") == list(NEIGHBOUR_FORMATS)
    assert _choices("explain", "fmt") == list(EXPLAIN_FORMATS)
    assert _choices("export", "fmt") == sorted(EXPORTERS)
    assert _choices("build", "fmt") == sorted(RDF_FORMATS)
    assert _choices("query", "fmt") == list(RESULT_FORMATS)
    assert _choices("entities", "type_") == list(ENTITY_TYPES)
    assert _choices("entities", "fmt") == list(ENTITY_LIST_FORMATS)


def test_no_vocabulary_list_is_copied_into_the_cli():
    cli = Path(mechkg.cli.__file__).parent
    from mechkg.vocab import EVIDENCE_LEVELS, RELATIONS

    for module in sorted(cli.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        copied = [n for n in (*EVIDENCE_LEVELS, *RELATIONS) if f'"{n}"' in text]
        assert not copied, f"{module.name} spells out {copied}: read them from mechkg.vocab"


def test_help_lists_the_registry_choices(cli):
    from mechkg.paths.steps import PATH_RELATIONS

    text = " ".join(cli("paths", "--help").stdout.split())
    assert ", ".join(sorted(PATH_RELATIONS)) in text
    assert "hypothesis, background, inferred, correlation, experiment," in text


def test_building_the_commands_imports_no_path_engine():
    """`mechkg --help` builds every command: their choice lists must not import the path
    engine or the SPARQL client (they are read when an option is parsed or shown)."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, mechkg.cli.paths, mechkg.cli.core, mechkg.cli.store; "
            "print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    names = json.loads(loaded.stdout)
    assert "mechkg.cli.paths" in names
    assert not [n for n in names if n.startswith(("mechkg.paths", "mechkg.sparql"))]
