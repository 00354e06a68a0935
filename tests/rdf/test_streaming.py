"""Streamed RDF output: the order is computed per subject, the text equals a whole-graph
sort, memory stays flat, an interrupted build leaves the previous file, progress shows
only on a terminal."""

from __future__ import annotations

import io
import itertools
import json
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import mechkg
import pytest
from mechkg.export import exporter
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.progress import Progress
from mechkg.rdf import serialize as S
from mechkg.rdf.build import nanopub_graphs, to_quads, to_triples

ROOT = Path(__file__).resolve().parent.parent.parent
# Ids whose IRI order differs from their order as text, or from the order of the lines
# they start: prefixes of each other, characters below '>' and ones percent-encoded.
ODD_IDS = ["c1", "c10", "c1-x", "c1.2", "c1_", "C2", "a b", "é", "a%", "z~"]


def _odd_graph() -> KnowledgeGraph:
    entities = {i: Entity(i, f"entity {i}", "Protein", synonyms=("x",)) for i in ODD_IDS}
    sources = {i: Source(i, "article", title=f"paper {i}") for i in ("s1", "s10", "s1.a")}
    claims = {}
    for n, cid in enumerate(ODD_IDS):
        s, o = ODD_IDS[n], ODD_IDS[(n + 3) % len(ODD_IDS)]
        claims[cid] = Claim(
            cid, s, "increases", o, "experiment", ("s1", "s10", "s1.a")[n % 3],
            quote=f'said "{cid}"\n', anatomy=tuple(sorted(("UBERON:0002421", ODD_IDS[n - 1]))),
            negated=n % 4 == 0,
        )  # fmt: skip
    # two claims sharing one direct triple
    claims["c1bis"] = Claim("c1bis", "c1", "increases", "C2", "inferred", "s1")
    return KnowledgeGraph(entities, sources, claims)


@pytest.fixture(params=["odd", "thorough", "lr3"])
def kg(request, thorough, lr3):
    return {"odd": _odd_graph, "thorough": lambda: thorough, "lr3": lambda: lr3}[request.param]()


def _by_subject(kg: KnowledgeGraph) -> dict[str, list]:
    groups: dict[str, list] = {}
    for t in to_triples(kg):
        groups.setdefault(t[0], []).append(t)
    return groups


def test_ntriples_lines_are_sorted_and_unique(kg):
    text = exporter("ntriples")[0](kg)
    lines = text.splitlines(keepends=True)
    assert lines == sorted(set(lines))
    assert set(lines) == {f"{S.nt_term(s)} <{p}> {S.nt_term(o)} .\n" for s, p, o in to_triples(kg)}


def test_turtle_equals_a_whole_graph_sort(kg):
    prefixes = S.prefixes_for(kg.base)
    compact = S._Compactor(prefixes)
    groups = _by_subject(kg)
    expected = "".join(S._prefix_lines(prefixes)) + "".join(
        S._statement(s, S._rows(groups[s]), compact, "") for s in sorted(groups)
    )
    assert exporter("turtle")[0](kg) == expected


def test_jsonld_equals_dumping_the_whole_document(kg):
    prefixes = [(p, ns) for p, ns in S.prefixes_for(kg.base) if ns.endswith(("/", "#", ":"))]
    compact = S._Compactor(prefixes)
    groups = _by_subject(kg)
    doc = {
        "@context": dict(prefixes),
        "@graph": [S._jsonld_node(groups[s], compact) for s in sorted(groups)],
    }
    expected = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert exporter("jsonld")[0](kg) == expected


def test_trig_keeps_each_nanopublication_together(kg):
    import pyoxigraph as ox

    names = [name for name, _ in nanopub_graphs(kg) if name is not None]
    assert len(names) == len(set(names)) == 4 * len(kg.claims)
    claims = [n.rsplit("/", 1)[0] for n in names]
    assert claims == [c for i, c in enumerate(claims) if i % 4 == 0 for _ in range(4)]
    text = exporter("trig")[0](kg)
    parsed = {
        (q.subject.value, q.predicate.value, str(q.object), q.graph_name)
        for q in ox.parse(text.encode(), format=ox.RdfFormat.TRIG)
    }
    assert len(parsed) == len(set(to_quads(kg)))


def test_odd_ids_read_back(tmp_path):
    kg = _odd_graph()
    for fmt, ext in (("ntriples", ".nt"), ("turtle", ".ttl"), ("jsonld", ".jsonld")):
        out = tmp_path / f"odd{ext}"
        exporter(fmt)[1](kg, out)
        back = mechkg.load([out])
        assert back.claims == kg.claims and back.entities == kg.entities


#: Characters of quote per claim in the memory tests: the output outgrows the writers'
#: 1 MiB write buffer at a few hundred claims, so two small graphs show whether the peak
#: follows the output (a writer that holds it all) or stays flat.
QUOTE = 2_500


def _big_graph(n: int) -> KnowledgeGraph:
    n_entities = max(10, n // 10)
    entities = {f"e{i}": Entity(f"e{i}", f"entity {i}", "Gene") for i in range(n_entities)}
    sources = {"s": Source("s", "article", title="a paper")}
    claims = {
        f"c{j}": Claim(
            f"c{j}", f"e{j % n_entities}", "increases", f"e{(j * 7 + 1) % n_entities}",
            "experiment", "s", quote=f"finding number {j} " + "x" * QUOTE,
            species="NCBITaxon:10090",
        )
        for j in range(n)
    }  # fmt: skip
    return KnowledgeGraph(entities, sources, claims)


def _peak(kg: KnowledgeGraph, fmt: str, out: Path) -> tuple[int, int]:
    """Peak memory allocated while writing ``kg``, and the size of the output."""
    tracemalloc.start()
    try:
        exporter(fmt)[1](kg, out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, out.stat().st_size


@pytest.mark.parametrize("fmt", ["ntriples", "turtle", "trig", "jsonld"])
def test_memory_does_not_grow_with_the_output(fmt, tmp_path):
    small, small_size = _peak(_big_graph(500), fmt, tmp_path / "small")
    large, large_size = _peak(_big_graph(2_000), fmt, tmp_path / "large")
    assert small_size > 1 << 20, "the small output must outgrow the write buffer"
    assert large_size > 3.9 * small_size
    # what grows is only the sorted list of ids and the per-entity IRI caches: holding
    # the text, or anything the size of each claim's output, would pass 1.25 x
    assert large < 1.25 * small, f"{fmt}: peak {small:,} -> {large:,} bytes"
    assert large < large_size / 1.5, f"{fmt}: peak {large:,} bytes for {large_size:,}"


def test_writing_to_an_open_file_gives_the_same_text(thorough):
    for fmt in ("ntriples", "turtle", "trig", "jsonld"):
        to, write = exporter(fmt)
        buffer = io.StringIO()
        write(thorough, buffer)
        assert buffer.getvalue() == to(thorough)


def _table(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("subject\tsubject_label\tsubject_type\trelation\tobject\tobject_label\t")
        out.write("object_type\tevidence\tsource_pmid\tquote\n")
        for j in range(n):
            s, o = j % 997, (j * 13 + 1) % 1009 + 997
            out.write(
                f"E{s}\tentity {s}\tGene\tincreases\tE{o}\tentity {o}\tProtein\t"
                f"experiment\t{j % 500 + 1}\tfinding {j}\n"
            )


#: Rows of the table the killed build reads: its output (about 150 lines of text a row)
#: takes a dozen 1 MiB writes, time enough to be caught writing.
ROWS = 10_000


def test_killed_build_leaves_the_previous_output(tmp_path, cli):
    table = tmp_path / "big.tsv"
    _table(table, ROWS)
    out = tmp_path / "graph.nt"
    out.write_text("previous output\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mechkg.cli", "build", str(table), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    temp: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        temp = [p for p in tmp_path.iterdir() if p.name.startswith(".graph.nt.")]
        if temp and temp[0].stat().st_size > 0:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    assert temp, "the build never started writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert out.read_text(encoding="utf-8") == "previous output\n"
    # at most the orphaned temporary file is left: hidden, and named apart from the output
    left = {p.name for p in tmp_path.iterdir()} - {"big.tsv", "graph.nt"}
    assert left <= {p.name for p in temp}
    assert all(n.startswith(".graph.nt.") and n.endswith(".tmp") for n in left)
    # a new build replaces the file whole, whatever the orphan
    assert cli("build", table, "-o", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) > ROWS * 10 and lines == sorted(lines)


def test_progress_is_silent_off_a_terminal():
    stream = io.StringIO()
    with Progress("writing x.nt", 100, stream=stream, delay=0) as bar:
        for _ in bar.track(range(100)):
            pass
    assert stream.getvalue() == ""
    assert not bar.enabled


def test_progress_draws_and_erases_when_enabled(monkeypatch):
    stream = io.StringIO()
    clock = itertools.count()
    monkeypatch.setattr("mechkg.progress.time.monotonic", lambda: float(next(clock)))
    with Progress("writing x.nt", 2000, unit=" subjects", stream=stream, enabled=True) as bar:
        items = list(bar.track(range(2000)))
    assert items == list(range(2000))
    text = stream.getvalue()
    assert "\rwriting x.nt [" in text and "%" in text and "subjects/s" in text
    assert text.endswith("\r\x1b[K")
    frame = Progress("reading t.tsv", 4_000_000, unit="B", enabled=False)
    frame.update(1_000_000)
    shown = frame.render(frame._start + 2)
    assert shown.startswith("reading t.tsv [######------------------]  25% 1.0M/4.0MB")
    assert "ETA 0:06" in shown


def test_progress_is_off_when_asked(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert Progress("x", stream=Tty()).enabled
    monkeypatch.setenv("MECHKG_PROGRESS", "0")
    assert not Progress("x", stream=Tty()).enabled
