"""Every RDF syntax mechkg writes, read by parsers other than pyoxigraph and rdflib: Raptor's
``rapper`` and Serd's ``serdi`` (Turtle, N-Triples, TriG), Apache Jena's ``riot`` (all
four; JSON-LD with its 1.0 reader, see :mod:`tests.jena`) and PyLD (JSON-LD). Each must
give the very quads pyoxigraph reads from the same file, for the bundled graph, the
every-feature file and a graph of hostile strings.

Needs ``raptor2-utils``, ``serdi``, ``default-jre-headless`` and ``libapache-jena-java``
(Debian; ``.ci/run`` installs them); a missing one skips locally and fails under CI.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import mechkg
import pyoxigraph as ox
import pytest
from mechkg.export import exporter
from mechkg.formats import FORMATS

from tests.ci import skip_unless_ci
from tests.jena import riot
from tests.sparql.nasty import nasty_graph

DATA = Path(__file__).resolve().parent.parent / "data"
#: format -> (extension, the syntax's name for rapper and serdi; None: they cannot read it)
SYNTAXES = {
    "turtle": (".ttl", "turtle"),
    "ntriples": (".nt", "ntriples"),
    "trig": (".trig", "trig"),
    "jsonld": (".jsonld", None),
}
GRAPHS = {
    "lr3": lambda: mechkg.load(),
    "thorough": lambda: mechkg.load([DATA / "thorough.yaml"]),
    "nasty": nasty_graph,
}


def test_every_rdf_syntax_mechkg_writes_is_checked():
    written = {f.name for f in FORMATS.values() if f.oxigraph and f.writer}
    assert written == set(SYNTAXES)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(graph, format) -> the file mechkg wrote."""
    out = tmp_path_factory.mktemp("rdf")
    files = {}
    for graph, make in GRAPHS.items():
        kg = make()
        for fmt, (ext, _) in SYNTAXES.items():
            path = out / f"{graph}{ext}"
            exporter(fmt)[1](kg, str(path))
            files[graph, fmt] = path
    return files


def _quads(data: bytes | Path, fmt: ox.RdfFormat) -> set[ox.Quad]:
    if isinstance(data, Path):
        return set(ox.parse(path=str(data), format=fmt))
    return set(ox.parse(data, format=fmt))


def _expected(path: Path, fmt: str) -> set[ox.Quad]:
    quads = _quads(path, getattr(ox.RdfFormat, FORMATS[fmt].oxigraph or ""))
    assert quads, path
    return quads


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        skip_unless_ci(f"{name} (apt-get install -y {package})")
    return found or name


def _run(command: list[str], path: Path) -> bytes:
    done = subprocess.run(command, capture_output=True, timeout=300)
    assert done.returncode == 0, f"{command[0]} rejects {path.name}:\n{done.stderr.decode()}"
    return done.stdout


CASES = [(g, f) for g in GRAPHS for f, (_, syntax) in SYNTAXES.items() if syntax]


@pytest.mark.parametrize(("graph", "fmt"), CASES)
def test_rapper_reads_the_same_quads(written, graph, fmt):
    path, syntax = written[graph, fmt], SYNTAXES[fmt][1]
    rapper = _tool("rapper", "raptor2-utils")
    out = _run([rapper, "-q", "-i", syntax or "", "-o", "nquads", str(path)], path)
    assert _quads(out, ox.RdfFormat.N_QUADS) == _expected(path, fmt)


@pytest.mark.parametrize(("graph", "fmt"), CASES)
def test_serdi_reads_the_same_quads(written, graph, fmt):
    path, syntax = written[graph, fmt], SYNTAXES[fmt][1]
    serdi = _tool("serdi", "serdi")
    out = _run([serdi, "-i", syntax or "", "-o", "nquads", str(path)], path)
    assert _quads(out, ox.RdfFormat.N_QUADS) == _expected(path, fmt)


@pytest.mark.parametrize("fmt", sorted(SYNTAXES))
def test_jena_riot_reads_the_same_quads(written, tmp_path, fmt):
    command = riot(tmp_path)
    if command is None:
        skip_unless_ci("Java and Apache Jena (apt-get install -y default-jre-headless "
                       "libapache-jena-java)")  # fmt: skip
    for graph in GRAPHS:
        path = written[graph, fmt]
        syntax = ["--syntax=jsonld10"] if fmt == "jsonld" else []
        out = _run([*(command or []), *syntax, "--output=nquads", str(path)], path)
        assert _quads(out, ox.RdfFormat.N_QUADS) == _expected(path, fmt), graph


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_pyld_reads_the_same_triples(written, graph):
    import json

    from pyld import jsonld

    path = written[graph, "jsonld"]
    document = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert _quads(nquads.encode(), ox.RdfFormat.N_QUADS) == _expected(path, "jsonld")
