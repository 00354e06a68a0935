"""A field added to the schema reaches the RDF writer and reader, KGX and GraphML, with no
change to their modules: each derives its properties and columns from the schema rows."""

from __future__ import annotations

import dataclasses

import pytest
from mechkg.export import graphml, kgx
from mechkg.export.columns import columns
from mechkg.load import rdf_reader
from mechkg.load.spec import Reporter
from mechkg.model import Claim, KnowledgeGraph
from mechkg.rdf import build
from mechkg.rdf.build import claim_iri
from mechkg.schema import FIELDS, Field
from mechkg.vocab import MKG

TEMPERATURE = MKG + "temperature"


def _clear() -> None:
    build._writer.cache_clear()
    rdf_reader._decoders.cache_clear()
    rdf_reader._predicates.cache_clear()


@pytest.fixture
def temperatured(monkeypatch, thorough):
    """The thorough graph with a throwaway claim field ``temperature`` (a list of texts) in the
    schema and the model, set on one claim."""
    row = Field(
        name="temperature", owner="claim", kind="text", label="temperature", many=True,
        rdf=TEMPERATURE, kgx="temperature_slot", graphml="temperature",
    )  # fmt: skip
    monkeypatch.setitem(FIELDS["claim"], "temperature", row)
    _clear()
    cls = dataclasses.make_dataclass(
        "TemperedClaim",
        [("temperature", tuple, dataclasses.field(default=()))],
        bases=(Claim,),
        frozen=True,
        slots=True,
    )
    claims = {
        cid: cls(**{f.name: getattr(c, f.name) for f in dataclasses.fields(Claim)})
        for cid, c in thorough.claims.items()
    }
    first = next(iter(claims))
    claims[first] = dataclasses.replace(claims[first], temperature=("5 C", "10 C"))
    yield KnowledgeGraph(thorough.entities, thorough.sources, claims, base=thorough.base), first
    monkeypatch.undo()
    _clear()


def test_a_new_field_is_written_and_read_back(temperatured, tmp_path):
    kg, cid = temperatured
    node = claim_iri(kg, cid)
    nt = build.to_triples(kg)
    temperatures = sorted(o.value for s, p, o in nt if p == TEMPERATURE)
    assert temperatures == ["10 C", "5 C"]
    trig = {(s, p, o.value) for _, triples in build.nanopub_graphs(kg) for s, p, o in triples
            if p == TEMPERATURE}  # fmt: skip
    assert trig == {(node, TEMPERATURE, "5 C"), (node, TEMPERATURE, "10 C")}

    from mechkg.export.ntriples import write_ntriples

    path = tmp_path / "g.nt"
    write_ntriples(kg, path)
    rep = Reporter(str(path), [])
    nodes = rdf_reader._parse(path, rep)
    assert nodes is not None and rep.problems == []
    refs = rdf_reader._Refs(
        {build.entity_iri(kg, e): e for e in kg.entities},
        {build.source_iri(kg, s): s for s in kg.sources},
    )
    (values,) = [
        rdf_reader._decode("claim", iri, view, refs, rep)
        for iri, view in nodes.of_type(build.V.Claim)
        if iri == node
    ]
    assert values is not None and values["temperature"] == ("10 C", "5 C")


def test_a_new_field_gets_its_kgx_and_graphml_columns(temperatured):
    kg, cid = temperatured
    claim = kg.claims[cid]
    (kgx_col,) = [c for c in columns("claim", "kgx", (), kgx._cell) if c.name == "temperature_slot"]
    assert kgx_col.value(claim, None) == "5 C|10 C"
    (gml_col,) = [
        c for c in columns("claim", "graphml", (), graphml._value) if c.name == "temperature"
    ]
    assert gml_col.value(claim, kg) == "5 C|10 C"


def test_a_layout_cannot_place_a_field_without_a_slot():
    with pytest.raises(ValueError, match=r"claim\.subject, which has no slot"):
        columns("claim", "graphml", ("subject",), graphml._value)
