"""The on-disk index cache: keyed by content, checked, rebuilt, never re-parsing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mechkg.paths import find_paths, path_index
from mechkg.paths.cache import (
    CacheWarning,
    CorruptCache,
    cache_dir,
    cache_path,
    load_cached,
    read_index,
    write_index,
)
from mechkg.paths.render import to_json

CLAIMS = """\
mechkg: 1
sources:
  s1: {kind: article, doi: 10.1234/x.1}
entities:
  a: {label: alpha, type: Gene, synonyms: [A1]}
  b: {label: beta, type: Protein}
  c: {label: gamma, type: BiologicalProcess}
defaults: {source: s1, species: "NCBITaxon:10090"}
claims:
  - {id: ab, subject: a, relation: increases, object: b, evidence: experiment, quote: "a up b"}
  - {id: bc, subject: b, relation: decreases, object: c, evidence: RANK}
"""


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(folder))
    return folder


def write(tmp_path: Path, rank: str = "inferred") -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(CLAIMS.replace("RANK", rank), encoding="utf-8")
    return path


def forbid_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the claim files were parsed again")

    monkeypatch.setattr(sys.modules["mechkg.load"], "load", refuse)


def test_second_load_reads_the_cache_without_parsing(tmp_path, cache, monkeypatch):
    path = write(tmp_path)
    first = load_cached([path])
    assert list(cache.glob("graph-*.mkgc")) == [cache_path([path])]
    forbid_parsing(monkeypatch)
    second = load_cached([path])
    assert to_json(find_paths(first, "A1", "gamma")) == to_json(find_paths(second, "A1", "gamma"))
    claim = second.claims[0]
    assert (claim.id, claim.quote, claim.species) == ("ab", "a up b", "NCBITaxon:10090")
    assert second.entity_by_id("a").synonyms == ("A1",)
    assert second.source("s1").doi == "10.1234/x.1"


def test_changed_content_is_a_new_key(tmp_path, cache):
    path = write(tmp_path)
    before = find_paths(load_cached([path]), "a", "c").paths[0].weakest_evidence
    old = cache_path([path])
    write(tmp_path, "hypothesis")  # same name, same size class, new content
    assert cache_path([path]) != old
    after = find_paths(load_cached([path]), "a", "c").paths[0].weakest_evidence
    assert (before, after) == ("inferred", "hypothesis")


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "grow"])
def test_corrupt_cache_is_detected_and_rebuilt(tmp_path, cache, damage):
    path = write(tmp_path)
    load_cached([path])
    target = cache_path([path])
    data = bytearray(target.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":  # a byte of the index arrays, checked when the file is opened
        data[_section(target, "out_nbr")[0]] ^= 0xFF
    elif damage == "grow":
        data += b"\0" * 100
    else:
        data = bytearray(b"not a cache at all")
    target.write_bytes(bytes(data))
    with pytest.raises(CorruptCache):
        read_index(target)
    rebuilt = load_cached([path])
    assert [c.id for c in rebuilt.claims] == ["ab", "bc"]
    read_index(target)  # the file was rewritten whole


def _section(target: Path, name: str) -> tuple[int, int]:
    """``(offset, length)`` of a section of a cache file."""
    import struct

    from mechkg.paths import cachefile

    data = target.read_bytes()
    count = struct.unpack_from("<I", data, 12)[0]
    for i in range(count):
        raw, offset, length, _, _ = cachefile._ENTRY.unpack_from(data, 64 + 48 * i)
        if raw.rstrip(b"\0").decode() == name:
            return offset, length
    raise AssertionError(name)


def test_a_damaged_record_is_refused_when_decoded_and_the_file_removed(
    tmp_path, cache, monkeypatch
):
    from mechkg.paths import cachefile

    monkeypatch.setattr(cachefile, "RECORD_BLOCK", 1)  # a block of one record each
    path = write(tmp_path)
    load_cached([path])
    target = cache_path([path])
    data = bytearray(target.read_bytes())
    offset, length = _section(target, "claims")
    data[offset + length - 3] ^= 0x01  # inside the last claim's quote text
    target.write_bytes(bytes(data))
    index = read_index(target)  # records are checked when used, not when the file opens
    assert index.claims[0].id == "ab"
    with pytest.raises(CorruptCache, match="fails its checksum"):
        index.claims[1]
    assert not target.exists()
    assert [c.id for c in load_cached([path]).claims] == ["ab", "bc"]


def test_a_huge_sparse_cache_file_is_refused_without_reading_it(tmp_path, cache):
    import resource

    path = write(tmp_path)
    load_cached([path])
    target = cache_path([path])
    with open(target, "r+b") as handle:
        handle.truncate(4 << 30)  # 4 GiB, sparse: costs no disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(CorruptCache, match="expected"):
        read_index(target)
    assert [c.id for c in load_cached([path]).claims] == ["ab", "bc"]
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200_000  # reading it whole would take 4 GiB


def test_a_touched_file_keeps_its_cache_and_is_hashed_once(tmp_path, cache, monkeypatch):
    import os

    from mechkg.paths import cache as cache_module

    path = write(tmp_path)
    old = path.stat().st_mtime_ns - 10 * 10**9
    os.utime(path, ns=(old, old))  # settled: older than the stamp's two seconds
    load_cached([path])
    assert len(list(cache.glob("stamp-*"))) == 1
    hashed = []
    real = cache_module._file_digest
    monkeypatch.setattr(cache_module, "_file_digest", lambda p: hashed.append(p) or real(p))
    forbid_parsing(monkeypatch)
    load_cached([path])
    assert hashed == []  # status unchanged: neither hashed nor parsed
    os.utime(path, ns=(old + 10**9, old + 10**9))  # touched: same content
    load_cached([path])
    assert hashed == [path]  # hashed once, found the same cache file
    load_cached([path])
    assert hashed == [path]
    assert len(list(cache.glob("graph-*.mkgc"))) == 1


def test_a_checked_cache_file_is_vouched_for_by_its_status(tmp_path, cache, monkeypatch):
    import os
    import types
    import zlib

    from mechkg.paths import cachefile

    path = write(tmp_path)
    old = path.stat().st_mtime_ns - 10 * 10**9
    os.utime(path, ns=(old, old))
    load_cached([path])
    target = cache_path([path])
    (stamp,) = cache.glob("stamp-*")
    key, status = stamp.read_text().splitlines()
    assert tuple(map(int, status.split())) == cachefile.file_status(os.stat(target))
    summed: list[int] = []

    def crc32(data, start=0):
        summed.append(len(data))
        return zlib.crc32(data, start)

    monkeypatch.setattr(cachefile, "zlib", types.SimpleNamespace(crc32=crc32))
    assert [c.id for c in load_cached([path]).claims] == ["ab", "bc"]
    # the section table and the block of the two claim records decoded: the sections were
    # checked before
    assert len(summed) == 2
    data = bytearray(target.read_bytes())
    data[_section(target, "out_nbr")[0]] ^= 0xFF  # same size, but a new change time
    target.write_bytes(bytes(data))
    summed.clear()
    rebuilt = load_cached([path])
    assert len(summed) > 1  # a changed file is checked again, found damaged and rebuilt
    assert [c.id for c in rebuilt.claims] == ["ab", "bc"]
    read_index(target)
    assert stamp.read_text().splitlines()[0] == key


def test_a_file_changed_just_now_is_hashed_until_it_settles(tmp_path, cache, monkeypatch):
    from mechkg.paths import cache as cache_module

    path = write(tmp_path)  # written just now: a same-size rewrite could keep its time
    load_cached([path])
    assert not list(cache.glob("stamp-*"))
    hashed = []
    real = cache_module._file_digest
    monkeypatch.setattr(cache_module, "_file_digest", lambda p: hashed.append(p) or real(p))
    load_cached([path])
    assert hashed == [path]


def test_names_resolve_in_a_mapped_cache_as_in_the_graph(tmp_path, cache):
    from mechkg.errors import AmbiguousEntity, EntityNotFound

    text = CLAIMS.replace("RANK", "inferred").replace("{label: beta,", "{label: alpha,")
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    load_cached([path])
    index = read_index(cache_path([path]))
    assert index.names.lookup("A1") == "a" and index.names.lookup("GAMMA") == "c"
    assert index.names.lookup("b") == "b"  # an exact id beats a label
    with pytest.raises(AmbiguousEntity):
        index.names.lookup("Alpha")
    with pytest.raises(EntityNotFound) as err:
        index.names.lookup("gama")
    assert "gamma" in str(err.value)
    assert index.node("c") == 2 and index.node("zz") is None


def test_cache_warnings_print_as_one_clean_line(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(blocker / "sub"))
    result = cli("paths", "a", "c", write(tmp_path))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mechkg: warning: cannot write the graph cache")
    assert "CacheWarning" not in result.stderr and ".py:" not in result.stderr


def test_roundtrip_keeps_every_record(thorough, tmp_path):
    index = path_index(thorough)
    target = tmp_path / "x.mkgc"
    write_index(index, target, key="k")
    again = read_index(target, key="k")
    assert list(again.claims) == list(thorough.claims.values())
    assert list(again.entities) == list(thorough.entities.values())
    assert list(again.sources) == list(thorough.sources.values())
    for name in index.ARRAYS:
        assert getattr(again, name) == getattr(index, name)
    with pytest.raises(CorruptCache, match="other inputs"):
        read_index(target, key="other")


def test_subgraph_is_a_knowledge_graph(thorough):
    index = path_index(thorough)
    nodes = list(range(index.n_nodes))
    sub = index.subgraph(nodes)
    assert set(sub.claims) == set(thorough.claims)
    assert set(sub.sources) <= set(thorough.sources)


def test_cache_folder_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(tmp_path / "a"))
    assert cache_dir() == tmp_path / "a"
    monkeypatch.delenv("MECHKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "mechkg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "mechkg"


def test_cache_in_a_file_path_warns_and_still_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(blocker / "sub"))
    with pytest.warns(CacheWarning):
        index = load_cached([write(tmp_path)])
    assert len(index) == 2


def test_bad_files_still_report_their_problems(tmp_path, cache):
    from mechkg.errors import ValidationError

    with pytest.raises(ValidationError):
        load_cached([tmp_path / "missing.yaml"])
    bad = tmp_path / "bad.yaml"
    bad.write_text(CLAIMS.replace("RANK", "strong"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad\.yaml"):
        load_cached([bad])


@given(
    st.lists(st.text(st.characters(codec="utf-8"), max_size=6), unique=True, max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=6),
)
def test_cached_strings_are_found_by_their_bytes_as_by_their_code_points(values, probe):
    from mechkg.paths.cachefile import Strings, _strings

    values.sort()
    off, blob = _strings(values)
    strings = Strings(memoryview(blob), memoryview(off))
    for i, v in enumerate(values):
        assert strings.find(v) == i
    assert strings.find(probe) == (values.index(probe) if probe in values else -1)


def test_a_block_of_records_gives_each_record_alone():
    from mechkg.paths.cachefile import _unblock

    rows = _unblock((3, (["a", "b", "c"], ("same",), [1, 2, 3])), 3, 3)
    assert len(rows) == 3 and rows[1] == ("b", "same", 2) and list(rows)[2] == ("c", "same", 3)
    with pytest.raises(IndexError):
        rows[3]
    with pytest.raises(ValueError, match="another length"):
        _unblock((3, (["a", "b"], ("same",), [1, 2, 3])), 3, 3)


def test_the_names_written_from_the_entities_are_the_name_index_s(tmp_path):
    import mechkg
    from mechkg.paths.cachefile import _name_table
    from mechkg.paths.index import PathIndex

    text = CLAIMS.replace("RANK", "inferred").replace(
        "b: {label: beta, type: Protein}",
        'b: {label: "Alpha ", type: Protein, synonyms: [gamma, A1], xrefs: ["HGNC:1"]}',
    )
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    for kg in (mechkg.load([path]), mechkg.load()):
        direct, built = PathIndex.from_kg(kg), PathIndex.from_kg(kg)
        assert built.names.find(built.entity_ids[0]) == built.entity_ids[0]  # made first
        got, want = _name_table(direct), _name_table(built)
        assert got[:2] == want[:2] and [list(x) for x in got[2:]] == [list(x) for x in want[2:]]
        assert len(got[0]) > 5 and direct._names is None
    keys, display, off, nodes = _name_table(PathIndex.from_kg(mechkg.load([path])))
    at = keys.index("alpha")
    assert display[at] == "alpha" and list(nodes[off[at] : off[at + 1]]) == [0, 1]
    at = keys.index("gamma")  # c's label beats b's synonym
    assert list(nodes[off[at] : off[at + 1]]) == [2]


def test_a_write_failing_midway_leaves_no_cache_file_and_the_query_answers(
    tmp_path, cache, monkeypatch
):
    import errno

    import mechkg
    from mechkg.paths import cachefile

    class Full:
        """A file on a disk that fills up after a few kB."""

        def __init__(self, handle):
            self.handle, self.written = handle, 0

        def write(self, data):
            self.written += len(data)
            if self.written > 2000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.handle.write(data)

        def seek(self, pos):
            return self.handle.seek(pos)

    init = cachefile._Writer.__init__
    monkeypatch.setattr(
        cachefile._Writer, "__init__", lambda self, handle, count: init(self, Full(handle), count)
    )
    monkeypatch.setattr(cachefile, "_BATCH", 1)
    path = write(tmp_path)
    with pytest.warns(CacheWarning, match="No space left on device"):
        index = load_cached([path])
    assert to_json(find_paths(index, "a", "c")) == to_json(
        find_paths(path_index(mechkg.load([path])), "a", "c")
    )
    assert sorted(p.name for p in cache.iterdir()) == []  # no cache file, no stamp, no temp
    monkeypatch.undo()
    monkeypatch.setenv("MECHKG_CACHE_DIR", str(cache))
    load_cached([path])
    assert len(list(cache.glob("graph-*.mkgc"))) == 1
    assert len(read_index(cache_path([path]))) == 2


@given(
    st.text(
        alphabet=st.sampled_from(list("aB Z09-_:\t\n\x1c\x1f\x7f\x85\xa0ßİΣé\u0301")), max_size=8
    )
)
def test_a_folded_name_is_nfc_case_folded_with_single_spaces(name):
    import unicodedata

    from mechkg.resolve import fold

    assert fold(name) == " ".join(unicodedata.normalize("NFC", name).casefold().split())
