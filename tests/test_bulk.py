"""The column-wise index of a claims table (mechkg.paths.bulk): the loader's index, or
the loader itself with its own problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from mechkg import load, validate
from mechkg.errors import ValidationError
from mechkg.load import check
from mechkg.load.columns import table_graph
from mechkg.paths import find_paths
from mechkg.paths.bulk import table_index
from mechkg.paths.cache import load_cached
from mechkg.paths.index import PathIndex

BULK = Path(__file__).resolve().parent / "data" / "bulk"

HEADER = [
    "id", "subject", "relation", "object", "evidence", "source", "quote", "quote_lang",
    "species", "negated", "subject_label", "subject_type", "subject_synonyms", "object_label",
    "object_type", "object_synonyms", "source_kind", "source_title", "source_doi", "_note",
]  # fmt: skip
A = ["a", "alpha", "Gene", "A1|a-one"]
B = ["b", "beta", "Protein", ""]
C = ["c", "gamma", "BiologicalProcess", "G"]
S1 = ["s1", "article", "Study one", "10.1234/x.1"]
NONE = ["", "", ""]


def row(cid, s, rel, o, ev, src, quote="", lang="", sp="", neg="", sdef=None, odef=None,
        srcdef=None, note=""):  # fmt: skip
    """One row: ``sdef``/``odef`` (label, type, synonyms) and ``srcdef`` (kind, title,
    doi) define the subject, object and source; blank when None."""
    return [
        cid, s, rel, o, ev, src, quote, lang, sp, neg, *(sdef or NONE), *(odef or NONE),
        *(srcdef or NONE), note,
    ]  # fmt: skip


GOOD = [
    row("c1", "a", "increases", "b", "experiment", "s1", "a raises b", "en", "NCBITaxon:10090",
        "", A[1:], B[1:], S1[1:]),
    row("c2", " b ", "decreases", "c", "inferred", "s1", "  spaced quote", "en", "", "false",
        None, C[1:], None, "kept out"),
    row("c0", "a", "increases", "c", "correlation", "s2", "", "en", "NCBITaxon:9606", "TRUE",
        ["alpha", "Gene", "a-two"], C[1:], ["review", "", ""]),
    row("c3", "c", "directly_increases", "b", "clinical_trial", "s2", "q", "", "", "",
        None, None, None),
    row("b9", "b", "increases", "a", "experiment", "s1", "", "", "NCBITaxon:10090", "",
        None, None, None),
]  # fmt: skip


def write(tmp_path: Path, rows: list[list[str]], name: str = "t.tsv", *,
          header: list[str] = HEADER, before: str = "", end: str = "\n") -> Path:  # fmt: skip
    sep = "," if name.endswith(".csv") else "\t"
    path = tmp_path / name
    text = before + "".join(sep.join(r) + end for r in [header, *rows])
    path.write_text(text, encoding="utf-8", newline="")
    return path


def same(bulk: PathIndex, loaded: PathIndex) -> None:
    assert list(bulk.entity_ids) == list(loaded.entity_ids)
    assert list(bulk.source_ids) == list(loaded.source_ids)
    assert (bulk.species, bulk.base, bulk.max_support) == (
        loaded.species, loaded.base, loaded.max_support,
    )  # fmt: skip
    for name in PathIndex.ARRAYS:
        assert list(getattr(bulk, name)) == list(getattr(loaded, name)), name
    assert list(bulk.claims) == list(loaded.claims)
    assert list(bulk.entities) == list(loaded.entities)
    assert list(bulk.sources) == list(loaded.sources)
    for name in ("alpha", "A1", "G", "beta"):
        try:
            expected = loaded.names.lookup(name)
        except Exception as exc:
            with pytest.raises(type(exc)):
                bulk.names.lookup(name)
        else:
            assert bulk.names.lookup(name) == expected


def read(path: Path, base: str | None = None):
    """The graph of the table as the reader reads it (``check`` always reads)."""
    kg, problems = check([path], base=base)
    assert kg is not None, problems
    return kg


def loaded(path: Path, base: str | None = None) -> PathIndex:
    return PathIndex.from_kg(read(path, base))


def same_graph(got, expected) -> None:
    for name in ("entities", "sources", "claims"):
        assert list(getattr(got, name).items()) == list(getattr(expected, name).items()), name
    assert (got.base, got.record_bases, got.origins) == (
        expected.base, expected.record_bases, expected.origins,
    )  # fmt: skip
    assert got == expected


@pytest.mark.parametrize("name", ["t.tsv", "t.csv"])
def test_a_plain_table_gives_the_loaders_index(tmp_path, name):
    path = write(tmp_path, GOOD, name, before="# a comment\n\n")
    bulk = table_index(path, str(path))
    assert bulk is not None
    same(bulk, loaded(path))
    assert bulk.claims[0].quote_lang is None  # no quote: no quote language
    assert bulk.entity_by_id("a").synonyms == ("A1", "a-one", "a-two")  # merged rows
    graph = table_graph(path, str(path))
    assert graph is not None
    same_graph(graph, read(path))
    same_graph(load([path]), read(path))


def test_the_base_override_is_the_loaders(tmp_path):
    path = write(tmp_path, GOOD)
    bulk = table_index(path, str(path), "https://example.org/kg/")
    assert bulk is not None and bulk.base == "https://example.org/kg/"
    same(bulk, loaded(path, "https://example.org/kg/"))
    assert table_index(path, str(path), "not a base") is None


def test_a_byte_order_mark_and_a_last_line_without_its_end(tmp_path):
    path = write(tmp_path, GOOD, before="\ufeff")
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    bulk = table_index(path, str(path))
    assert bulk is not None
    same(bulk, loaded(path))


def _variant(kind: str, tmp_path: Path) -> Path:
    rows = [list(r) for r in GOOD]
    header = HEADER
    end = "\n"
    if kind == "quoted":
        rows[0][6] = '"a ""raises"" b"'
    elif kind == "crlf":
        end = "\r\n"
    elif kind == "blank line":
        rows.insert(2, [""])
    elif kind == "label as name":
        rows[3][1] = "gamma"
    elif kind == "synonym as name":
        rows[3][1] = "G"
    elif kind == "other claim column":
        header = [*HEADER[:-1], "note"]
    elif kind == "no id column":
        header = ["_id", *HEADER[1:]]
    elif kind == "accented text":
        rows[0][6] = "a raises b at 37 °C"
    elif kind == "padded id":
        rows[1][0] = " c2 "
    elif kind == "id shared with a synonym":
        rows[3][12] = "b"  # a synonym of c (row 3 defines no subject: define it here)
        rows[3][10:12] = ["gamma", "BiologicalProcess"]
    return write(tmp_path, rows, header=header, end=end)


@pytest.mark.parametrize(
    "kind",
    ["quoted", "crlf", "blank line", "label as name", "synonym as name", "other claim column",
     "no id column", "accented text", "id shared with a synonym", "padded id"],
)  # fmt: skip
def test_tables_it_does_not_assemble_still_give_the_loaders_index(tmp_path, cache, kind):
    path = _variant(kind, tmp_path)
    bulk = table_index(path, str(path))
    expected = loaded(path)
    if bulk is not None:  # handled here: then exactly as loaded
        assert kind in ("accented text", "id shared with a synonym")
        same(bulk, expected)
    same(load_cached([path]), expected)
    same_graph(load([path]), read(path))


BAD = {
    "unknown relation": (0, 2, "activates"),
    "unknown evidence": (1, 4, "strong"),
    "bad species": (0, 8, "mouse"),
    "bad negated": (1, 9, "maybe"),
    "empty subject": (1, 1, " "),
    "unknown entity": (4, 1, "BDFN"),
    "unknown source": (4, 5, "s9"),
    "duplicate id": (1, 0, "c1"),
    "bad claim id": (1, 0, "bad id"),
    "self loop": (4, 3, "b"),
    "differing label": (2, 10, "ALPHA"),
    "bad entity id": (0, 1, "a b"),
    "control character": (0, 6, "a\x07b"),
    "missing type": (0, 11, ""),
    "short row": (2, None, None),
    "long name": (4, 1, "x" * 1001),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_tables_report_the_loaders_problems(tmp_path, cache, kind):
    i, cell, value = BAD[kind]
    rows = [list(r) for r in GOOD]
    if cell is None:
        rows[i] = rows[i][:5]
    else:
        rows[i][cell] = value
    path = write(tmp_path, rows)
    assert table_index(path, str(path)) is None
    with pytest.raises(ValidationError) as expected:
        load([path])
    with pytest.raises(ValidationError) as got:
        load_cached([path])
    assert got.value.problems == expected.value.problems
    assert str(got.value) == str(expected.value)
    assert table_graph(path, str(path)) is None
    assert list(expected.value.problems) == validate([path])  # the reader's problems


@pytest.mark.parametrize("name", ["claims.tsv", "claims.csv", "slushy.tsv"])
def test_the_bundled_test_tables(name):
    path = BULK / name
    bulk = table_index(path, str(path))
    kg, _ = check([path])
    if kg is None:
        assert bulk is None and table_graph(path, str(path)) is None
        with pytest.raises(ValidationError):
            load([path])
    else:
        if bulk is not None:
            same(bulk, PathIndex.from_kg(kg))
        same_graph(load([path]), kg)


def test_the_cache_of_an_assembled_table_answers_as_the_loaded_graph(tmp_path, cache):
    path = write(tmp_path, GOOD)
    first = load_cached([path])  # assembled, written, mapped
    again = load_cached([path])
    same(again, loaded(path))
    for index in (first, again):
        got = find_paths(index, "a", "c", k=5)
        want = find_paths(load([path]), "a", "c", k=5)
        assert [str(p) for p in got.paths] == [str(p) for p in want.paths]


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(folder))
    return folder
