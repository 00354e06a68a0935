"""One format registry for both directions: what mechkg writes in RDF, it reads back under
every extension the registry lists, and a name it cannot place lists the choices."""

from __future__ import annotations

import json
import re
from pathlib import Path

import mechkg
import pytest
from mechkg.errors import FormatError
from mechkg.export import EXPORTERS, RDF_FORMATS, infer_format
from mechkg.formats import FORMATS, INPUT_FORMATS, OUTPUT_FORMATS, match_format
from mechkg.load import input_files

ROOT = Path(__file__).resolve().parent.parent
#: (format, extension): every extension of every RDF format mechkg writes
WRITTEN = [(name, ext) for name, f in sorted(RDF_FORMATS.items()) for ext in f.extensions]


@pytest.mark.parametrize(("fmt", "ext"), WRITTEN)
def test_build_output_is_read_back_by_validate_and_stats(cli, fmt, ext, tmp_path):
    out = tmp_path / f"g{ext}"
    built = cli("build", "-o", str(out))
    assert built.exit_code == 0, built.stderr
    assert f"({fmt}," in built.stderr
    claims = len(mechkg.load().claims)
    checked = cli("validate", str(out))
    assert checked.exit_code == 0, checked.stderr
    assert f"valid ({claims} claims" in checked.stdout
    stats = cli("stats", str(out), "--format", "json")
    assert stats.exit_code == 0, stats.stderr
    assert json.loads(stats.stdout)["claims"] == claims


@pytest.mark.parametrize(("fmt", "ext"), WRITTEN)
def test_export_output_loads_into_the_same_graph(cli, fmt, ext, tmp_path):
    out = tmp_path / f"g{ext.upper()}"  # extensions are matched in any case
    assert cli("export", fmt, "-o", str(out)).exit_code == 0
    back = mechkg.load([out])
    kg = mechkg.load()
    assert back.claims == kg.claims and back.entities == kg.entities
    assert back.sources == kg.sources


def test_a_folder_of_written_rdf_is_read(cli, tmp_path):
    for fmt, ext in WRITTEN:
        assert cli("build", "-o", str(tmp_path / f"{fmt}-{ext[1:]}{ext}")).exit_code == 0
    kg = mechkg.load()
    files = input_files([tmp_path])
    assert len(files) == len(WRITTEN)
    for path in files:
        assert mechkg.load([path]).claims == kg.claims, path.name


def test_every_written_rdf_syntax_has_a_reader():
    for name, fmt in RDF_FORMATS.items():
        assert fmt is FORMATS[name] and name in INPUT_FORMATS, name
        assert fmt.reader is not None and fmt.oxigraph is not None


def test_one_record_per_syntax():
    assert EXPORTERS == OUTPUT_FORMATS
    for direction in (INPUT_FORMATS, OUTPUT_FORMATS):
        extensions = [ext for f in direction.values() for ext in f.extensions]
        assert len(extensions) == len(set(extensions)), "an extension names two formats"
    for f in FORMATS.values():
        assert f.reader or f.writer, f.name
        # an extension starts with "." (or "_": the end of a name, as KGX's "_edges.tsv")
        assert f.extensions and all(e[0] in "._" and e == e.lower() for e in f.extensions)
        assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", f.media_type), f.media_type
        assert match_format(f"x{f.extension}", {f.name: f}) is f


def test_the_longest_extension_wins():
    assert infer_format("lr3.kgx.tsv").name == "kgx"
    assert match_format("claims.tsv", INPUT_FORMATS).name == "tsv"
    for kgx in ("monarch_edges.tsv", "x_nodes.tsv", "edges.tsv", "nodes.jsonl"):
        assert match_format(kgx, INPUT_FORMATS).name.startswith("kgx"), kgx
    assert match_format("xedges.tsv", INPUT_FORMATS).name == "tsv"  # "_" ends a name
    assert match_format("G.JSON-LD", INPUT_FORMATS).name == "jsonld"
    assert match_format("claims.docx", INPUT_FORMATS) is None


def test_an_unknown_input_lists_every_readable_extension(cli, tmp_path):
    path = tmp_path / "claims.docx"
    path.write_text("x", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "unknown input type '.docx'" in result.stderr
    for f in INPUT_FORMATS.values():
        for ext in f.extensions:
            assert f"{ext} ({f.name})" in result.stderr


def test_an_unknown_output_lists_the_choices(cli, tmp_path):
    result = cli("build", "-o", str(tmp_path / "g.docx"))
    assert result.exit_code == 1
    for f in RDF_FORMATS.values():
        for ext in f.extensions:
            assert f"{ext} ({f.name})" in result.stderr
    with pytest.raises(FormatError, match=r"\.json-ld \(jsonld\)"):
        infer_format("g.docx")
    with pytest.raises(FormatError, match="choose one of: bel, graphml, html, indra, jsonld"):
        mechkg.export.get_format("png")


def test_read_rdf_names_the_rdf_extensions(tmp_path):
    with pytest.raises(mechkg.ValidationError) as caught:
        mechkg.read_rdf(tmp_path / "g.yaml")
    (problem,) = caught.value.problems
    assert "not an RDF file extension" in problem.message
    assert ".json-ld (jsonld)" in problem.hint and ".nq (nquads)" in problem.hint


def test_a_format_without_a_reader_says_so(tmp_path):
    with pytest.raises(FormatError, match="does not read"):
        FORMATS["html"].read(tmp_path / "x.html", "x.html", None)  # type: ignore[arg-type]
    with pytest.raises(FormatError, match="does not write"):
        FORMATS["yaml"].functions()


def test_docs_list_every_rdf_extension():
    text = (ROOT / "docs" / "rdf-model.md").read_text(encoding="utf-8")
    table = text[text.index("## Formats") :]
    for f in INPUT_FORMATS.values():
        if f.rdf:
            for ext in f.extensions:
                assert f"`{ext}`" in table, ext
