"""Definitions merged column by column (mechkg.load.columns) give the reader's entities and
sources, or send the table to the reader; records made a field at a time are the records
their constructors make."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mechkg.load.columns import table_graph
from mechkg.load.spec import make_record, make_records
from mechkg.model import Claim, Entity, Source, from_columns
from mechkg.paths.bulk import table_index

from .test_bulk import HEADER, loaded, row, same, same_graph, write

NAMES = ["a", "b", "c", "d"]
SOURCES = ["s1", "s2"]
TYPES = {"a": "Gene", "b": "Protein", "c": "Gene", "d": "Disease"}
# other cells: that define alike once stripped, differ, join lists, or are refused
OTHER_LABELS = ["label a ", "other", "", " ", "label \u202e"]
OTHER_TYPES = [" Gene", "Protein", "", "NoSuchType"]
SYNONYMS = ["x", "x|y", " y | z ", "|", "label a", "x", "y|x", "bad\x07"]
KINDS = ["", "article", "review", "blog"]
TITLES = ["", "Study", " Study ", "Other", "Study\u2066"]
DOIS = ["", "10.1234/x.1", "10.1234/x.2", "not a doi"]


def _usual(draw, usual, others, tenths=8):
    """Mostly (``tenths`` in ten) the ``usual`` cell, so that rows agree; else another."""
    return usual if draw(st.integers(0, 9)) < tenths else draw(st.sampled_from(others))


def _entity(draw, name):
    return [_usual(draw, f"label {name}", OTHER_LABELS), _usual(draw, TYPES[name], OTHER_TYPES),
            _usual(draw, "", SYNONYMS, 5)]  # fmt: skip


def _source(draw, name):
    return [_usual(draw, "article", KINDS), _usual(draw, f"Study {name}", TITLES),
            _usual(draw, "", DOIS)]  # fmt: skip


@st.composite
def tables(draw):
    """Tables whose rows define their subject, object and source or refer to them; each
    name is defined at its first row, or at a later one (or never, rarely)."""
    rows, first = [], {}
    for n in range(draw(st.integers(1, 8))):
        s = draw(st.sampled_from(NAMES))
        o = draw(st.sampled_from([x for x in NAMES if x != s]))
        src = draw(st.sampled_from(SOURCES))
        defs = [None if draw(st.booleans()) else make(draw, name)
                for name, make in ((s, _entity), (o, _entity), (src, _source))]  # fmt: skip
        for k, name in enumerate((s, o, src)):
            first.setdefault(name, (n, k))
        rows.append([f"c{n}", s, o, src, defs])
    defined = {r[1 + k] for r in rows for k in range(3) if r[4][k] is not None}
    for name, (n, k) in first.items():
        if name not in defined and draw(st.integers(0, 19)):
            make = _source if k == 2 else _entity
            rows[n][4][k] = [f"label {name}", TYPES[name], ""] if k < 2 else make(draw, name)
    return [
        row(cid, s, "increases", o, "experiment", src, sdef=sd, odef=od, srcdef=sr)
        for cid, s, o, src, (sd, od, sr) in rows
    ]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=tables())
def test_merged_definitions_are_the_readers(tmp_path, rows):
    _agrees(write(tmp_path, rows))


# quotes that are blank (empty, ASCII or other white space, NEL), are not, or are refused
QUOTES = ["", "  ", "\u00a0\u3000", "\u200b", " spaced ", "x\u00a0y", "bidi \u202e", "\u0085"]


@pytest.mark.parametrize("quote", QUOTES)
def test_quotes_are_the_readers(tmp_path, quote):
    rows = [
        row("c1", "a", "increases", "b", "experiment", "s1", quote, "en",
            sdef=["A", "Gene", ""], odef=["B", "Gene", ""], srcdef=["article", "S", ""]),
        row("c2", "b", "increases", "a", "experiment", "s1", "a quote", "en"),
    ]  # fmt: skip
    graph, kg = _agrees(write(tmp_path, rows))
    refused = quote == "bidi \u202e"
    assert (graph is None) == refused  # the columns answer for every quote the reader takes
    if quote in ("", "  ", "\u00a0\u3000", "\u0085"):
        assert kg.claims["c1"].quote is None


def _agrees(path):
    """The table's graph from its columns is the reader's, or the columns do not answer
    where the reader refuses the table: both graphs (each None where not made)."""
    graph = table_graph(path, str(path))
    from mechkg.load import check

    kg, problems = check([path])
    if kg is None or any(p.severity == "error" for p in problems):
        assert graph is None  # the reader refuses it: the columns never answer
        assert table_index(path, str(path)) is None
    elif graph is not None:
        same_graph(graph, kg)
        bulk = table_index(path, str(path))
        assert bulk is not None
        same(bulk, loaded(path))
    return graph, kg


def test_the_header_used_has_every_definition_column():
    assert {"subject_synonyms", "object_type", "source_doi"} <= set(HEADER)


def _defaults(kind):
    return [(f.default,) for f in dataclasses.fields(kind)]


def test_records_made_a_field_at_a_time_are_the_constructors():
    rows = [
        ("c1", "a", "increases", "b", "experiment", "s1"),
        ("c2", "b", "decreases", "a", "inferred", "s2"),
    ]
    columns = [list(c) for c in zip(*rows, strict=True)] + _defaults(Claim)[6:]
    columns[21] = [True, False]  # negated
    made = from_columns(Claim, columns, 2)
    assert made == [Claim(*rows[0], negated=True), Claim(*rows[1])]
    assert [hash(c) for c in made] == [hash(Claim(*rows[0], negated=True)), hash(Claim(*rows[1]))]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].relation = "decreases"  # type: ignore[misc]


def test_columns_of_the_wrong_length_are_refused():
    columns = [["c1", "c2"], ["a"], *[(v,) for v in ("r", "o", "e", "s")], *_defaults(Claim)[6:]]
    with pytest.raises(ValueError, match="the subject column has 1 values for 2 records"):
        from_columns(Claim, columns, 2)
    with pytest.raises(ValueError, match="columns for the 26 Claim fields"):
        from_columns(Claim, columns[:-1], 2)
    assert from_columns(Entity, [[], [], [], *_defaults(Entity)[3:]], 0) == []


def test_records_made_together_are_records_made_one_by_one():
    values = {
        "b": {"label": "beta", "type": "Protein", "synonyms": ["beta", "z", "y", "z"]},
        "a": {"label": "alpha", "type": "Gene", "xrefs": ("HGNC:1",), "description": "d"},
    }
    made = make_records("entity", values)
    assert made == [make_record("entity", i, values[i]) for i in ("a", "b")]
    assert made[1] == Entity("b", "beta", "Protein", synonyms=("y", "z"))
    assert make_records("source", {"s": {"kind": "article"}}) == [Source("s", "article")]
    with pytest.raises(TypeError, match="Entity needs a type"):
        make_records("entity", {"a": {"label": "alpha"}})
    with pytest.raises(TypeError, match="Source has no field 'colour'"):
        make_records("source", {"s": {"kind": "article", "colour": "red"}})


ROLE_HEADER = (
    "id subject relation object evidence source subject_label subject_type subject_synonyms "
    "object_label object_type object_xrefs source_kind source_title"
).split()


def test_alike_cells_in_columns_of_other_fields_define_what_their_columns_say(tmp_path):
    """The same cells under the subject's and the object's columns are one definition only
    where the columns are of the same fields: here the third is synonyms for one role and
    xrefs for the other, and both are given."""
    rows = [
        ["c1", "x", "increases", "y", "experiment", "s1", "L", "Gene", "HGNC:1",
         "Y", "Gene", "", "article", "S"],
        ["c2", "y", "increases", "x", "experiment", "s1", "", "", "", "L", "Gene", "HGNC:1",
         "", ""],
    ]  # fmt: skip
    graph, kg = _agrees(write(tmp_path, rows, header=ROLE_HEADER))
    assert graph is not None
    assert (kg.entities["x"].synonyms, kg.entities["x"].xrefs) == (("HGNC:1",), ("HGNC:1",))


def test_an_entity_and_a_source_of_one_id_and_alike_cells_are_both_defined(tmp_path):
    header = "id subject relation object evidence source subject_label subject_type".split()
    header += "object_label object_type source_kind source_title".split()
    rows = [
        ["c1", "a", "increases", "b", "experiment", "x", "A", "Gene", "B", "Gene",
         "article", "Gene"],
        ["c2", "x", "increases", "a", "experiment", "x", "article", "Gene", "", "", "", ""],
    ]  # fmt: skip
    graph, kg = _agrees(write(tmp_path, rows, header=header))
    assert graph is not None and kg.entities["x"].label == "article"
    assert kg.sources["x"].title == "Gene"
