"""The plain-table reader split into blocks of rows: any block size gives the loader's
graph, and rows it cannot number as the reader does send the table to the reader."""

from __future__ import annotations

import gc
import weakref

import pytest
from mechkg import load
from mechkg.errors import ValidationError
from mechkg.load import check, columns
from mechkg.load.columns import table_graph
from mechkg.paths.bulk import table_index
from mechkg.progress import paused_gc

from .test_bulk import GOOD, loaded, read, same, same_graph, write


@pytest.mark.parametrize("block", [1, 40, 200, 1 << 24])
@pytest.mark.parametrize("name", ["t.tsv", "t.csv"])
def test_any_block_size_gives_the_loaders_index(tmp_path, monkeypatch, block, name):
    monkeypatch.setattr(columns, "_BLOCK", block)
    rows = [list(r) for r in GOOD]
    path = write(tmp_path, rows, name, before="# notes\n")
    bulk = table_index(path, str(path))
    assert bulk is not None
    same(bulk, loaded(path))
    graph = table_graph(path, str(path))
    assert graph is not None
    same_graph(graph, read(path))


@pytest.mark.parametrize("block", [1, 1 << 24])
def test_ids_already_in_order(tmp_path, monkeypatch, block):
    monkeypatch.setattr(columns, "_BLOCK", block)
    path = write(tmp_path, sorted(GOOD, key=lambda r: r[0]))
    bulk = table_index(path, str(path))
    assert bulk is not None
    same(bulk, loaded(path))


@pytest.mark.parametrize("block", [1, 1 << 24])
def test_a_definition_differing_in_a_later_block(tmp_path, monkeypatch, block):
    monkeypatch.setattr(columns, "_BLOCK", block)
    rows = [list(r) for r in GOOD]
    rows[4][10:13] = ["beta", "Gene", ""]  # b is a Protein in row 1
    path = write(tmp_path, rows)
    assert table_index(path, str(path)) is None
    kg, problems = check([path])
    assert kg is None
    with pytest.raises(ValidationError) as got:
        load([path])
    assert list(got.value.problems) == problems  # the reader's, with its line


def _rows_of(kind: str, tmp_path):
    rows = [list(r) for r in GOOD]
    text_end = "\n"
    if kind == "long and short rows":  # as many cells in all, not in each row
        rows[1] = [*rows[1], "extra"]
        rows[3] = rows[3][:-1]
    elif kind == "blank lines at the end":
        text_end = "\n\n\n"
    elif kind == "spaces line":
        rows.insert(2, ["   "])
    elif kind == "no rows":
        rows = []
    path = write(tmp_path, rows)
    if text_end != "\n":
        path.write_text(path.read_text(encoding="utf-8") + text_end[1:], encoding="utf-8")
    return path


@pytest.mark.parametrize("block", [1, 1 << 24])
@pytest.mark.parametrize(
    "kind", ["long and short rows", "blank lines at the end", "spaces line", "no rows"]
)
def test_rows_the_reader_numbers_otherwise_go_to_it(tmp_path, monkeypatch, block, kind):
    monkeypatch.setattr(columns, "_BLOCK", block)
    path = _rows_of(kind, tmp_path)
    assert table_index(path, str(path)) is None
    kg, problems = check([path])
    if kg is None:
        with pytest.raises(ValidationError) as got:
            load([path])
        assert list(got.value.problems) == problems  # the reader's, with their lines
    else:
        same_graph(load([path]), kg)


def test_objects_made_while_paused_are_still_collected():
    class Node:
        pass

    gc.collect()
    with paused_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle, made while the collector is paused
        watch = weakref.ref(a)
        del a, b
    assert gc.isenabled()
    gc.collect()
    assert watch() is None


def test_the_rows_made_one_at_a_time_are_the_rows_made_together(tmp_path):
    path = write(tmp_path, GOOD)
    table = columns.read_columns(path, str(path))
    assert table is not None
    rows = table.rows()
    together = list(rows)
    assert len(rows) == len(together) == len(GOOD)
    assert [rows[i] for i in range(len(rows))] == together
    assert rows[-1] == together[-1]
    assert [r[0] for r in together] == sorted(r[0] for r in GOOD)
    with pytest.raises(IndexError):
        rows[len(rows)]


def test_objects_frozen_by_others_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen
        with paused_gc():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("block", [1, 2, 3, 32])
def test_records_marshalled_a_block_at_a_time(tmp_path, monkeypatch, block):
    from mechkg.paths import cachefile

    monkeypatch.setattr(cachefile, "RECORD_BLOCK", block)
    path = write(tmp_path, GOOD)
    bulk = table_index(path, str(path))
    assert bulk is not None
    target = tmp_path / "graph.mkgc"
    cachefile.write_index(bulk, target)
    same(cachefile.read_index(target), loaded(path))


@pytest.mark.parametrize(
    "cell",
    ["c1", "C-1.b_c", "9", "-c1", "_c", ".c", "c 1", "c\u00e9", "\u0663", "c1\u00a0", "c\u200b",
     "cé", "ｃ1", "c!", "c/1", ""],
)  # fmt: skip
def test_the_column_id_check_is_the_readers(tmp_path, cell):
    from mechkg.load.fields import ID_PATTERN

    path = tmp_path / "ids.tsv"
    path.write_text(f"id\tx\nc0\t1\n{cell}\t2\n", encoding="utf-8")
    _, _, cols = columns._read_columns(path, "\t", lambda header, line: [0, 1])
    assert cols.all_match(0, ID_PATTERN) == bool(ID_PATTERN.match(cell))
