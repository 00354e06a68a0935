"""Every RDF format: loads strictly (pyoxigraph) and in rdflib, is deterministic, has no
blank nodes, and reads back into the same claims."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import mechkg
import pytest
from mechkg.export import RDF_FORMATS, exporter

FORMATS = sorted(RDF_FORMATS)
OX_FORMATS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD", "trig": "TRIG"}


def _write(kg, fmt: str, tmp_path: Path) -> Path:
    path = tmp_path / f"graph{RDF_FORMATS[fmt].extension}"
    exporter(fmt)[1](kg, path)
    return path


CONDITIONS = [Path(__file__).parent.parent / "data" / "conditions" / name
              for name in ("qualifiers.yaml", "ketamine.yaml")]  # fmt: skip


@pytest.fixture(params=["thorough", "lr3", "conditions"])
def kg(request, thorough):
    if request.param == "conditions":  # every condition qualifier and necessity test
        return mechkg.load(CONDITIONS)
    return thorough if request.param == "thorough" else mechkg.load()


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_gives_the_same_claims(kg, fmt, tmp_path):
    back = mechkg.load([_write(kg, fmt, tmp_path)])
    assert back.claims == kg.claims
    assert back.entities == kg.entities
    assert back.sources == kg.sources
    assert back.base == kg.base


@pytest.mark.parametrize("fmt", FORMATS)
def test_strict_parse_and_no_blank_nodes(kg, fmt, tmp_path):
    import pyoxigraph as ox

    path = _write(kg, fmt, tmp_path)
    quads = list(ox.parse(path=str(path), format=getattr(ox.RdfFormat, OX_FORMATS[fmt])))
    assert quads
    for q in quads:
        for term in (q.subject, q.object, q.graph_name):
            assert not isinstance(term, ox.BlankNode)
        assert not isinstance(q.object, ox.Triple)  # RDF 1.1 only: no triple terms


@pytest.mark.parametrize("fmt", FORMATS)
def test_rdflib_reads_the_same_graph(kg, fmt, tmp_path):
    import rdflib
    from rdflib.compare import isomorphic

    reference = rdflib.Graph().parse(_write(kg, "ntriples", tmp_path), format="nt")
    path = _write(kg, fmt, tmp_path)
    if fmt == "trig":
        ds = rdflib.Dataset()
        ds.parse(path, format="trig")
        union = rdflib.Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        nanopub = rdflib.URIRef("http://www.nanopub.org/nschema#")
        union = _without(union, kg, nanopub)
        assert isomorphic(union, reference)
    else:
        assert isomorphic(
            rdflib.Graph().parse(
                path, format={"ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt)
            ),
            reference,
        )


def _without(g, kg, np_ns):
    """The TriG union minus the nanopublication bookkeeping triples."""
    import rdflib

    out = rdflib.Graph()
    np_base = kg.base + "np/"
    prov = rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    for s, p, o in g:
        if str(s).startswith(np_base) or str(p).startswith(str(np_ns)) or p == prov:
            continue
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_byte_identical_across_processes(thorough_path, fmt, tmp_path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}{RDF_FORMATS[fmt].extension}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "mechkg.cli", "build", str(thorough_path), "-o", str(out)],
            check=True,
            env=env,
            capture_output=True,
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_shared_triple_written_once(thorough):
    nt = exporter("ntriples")[0](thorough)
    direct = (
        f"<{thorough.base}entity/drug_x> <https://w3id.org/mechkg/ontology#increases> "
        f"<{thorough.base}entity/bdnf> ."
    )
    assert nt.count(direct + "\n") == 1  # c1, c1b and mech.1 share it


def test_negated_claim_has_no_direct_triple(thorough):
    nt = exporter("ntriples")[0](thorough)
    direct = (
        f"<{thorough.base}entity/bdnf> <https://w3id.org/mechkg/ontology#increases> "
        f"<{thorough.base}entity/plasticity> ."
    )
    assert direct not in nt
    assert '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in nt


def test_hostile_ids_and_text_give_valid_iris_and_literals(tmp_path):
    import pyoxigraph as ox

    path = tmp_path / "hostile.yaml"
    path.write_text(
        'mechkg: 1\nsources:\n  s.1: {kind: webpage, title: "a\\"b\\\\c\\n\\t<>{}"}\n'
        "entities:\n"
        '  a-b: {label: "<script>alert(1)</script>", type: Gene, synonyms: ["x y", "}"]}\n'
        '  c.d: {label: "ﻣﺮﺣﺒﺎ 👋 \\u2028", type: Gene}\n'
        "claims:\n"
        '  - {id: "1.2", subject: a-b, relation: increases, object: c.d, evidence: hypothesis,'
        ' source: s.1, quote: "\\"quoted\\" \\r\\n and \\u200f mark"}\n',
        encoding="utf-8",
    )
    kg = mechkg.load([path])
    for fmt in FORMATS:
        out = _write(kg, fmt, tmp_path)
        assert list(ox.parse(path=str(out), format=getattr(ox.RdfFormat, OX_FORMATS[fmt])))
        assert mechkg.load([out]).claims == kg.claims
