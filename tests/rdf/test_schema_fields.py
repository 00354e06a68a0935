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

DOSE = MKG + "dose"


def _clear() -> None:
    build._writer.cache_clear()
    rdf_reader._decoders.cache_clear()
    rdf_reader._predicates.cache_clear()


@pytest.fixture
def dosed(monkeypatch, thorough):
    """The thorough graph with a throwaway claim field ``dose`` (a list of texts) in the
    schema and the model, set on one claim."""
    row = Field(
        name="dose", owner="claim", kind="text", label="dose", many=True, rdf=DOSE,
        kgx="dose_slot", graphml="dose",
    )  # fmt: skip
    monkeypatch.setitem(FIELDS["claim"], "dose", row)
    _clear()
    cls = dataclasses.make_dataclass(
        "DosedClaim",
        [("dose", tuple, dataclasses.field(default=()))],
        bases=(Claim,),
        frozen=True,
        slots=True,
    )
    claims = {
        cid: cls(**{f.name: getattr(c, f.name) for f in dataclasses.fields(Claim)})
        for cid, c in thorough.claims.items()
    }
    first = next(iter(claims))
    claims[first] = dataclasses.replace(claims[first], dose=("5 mg/kg", "10 mg/kg"))
    yield KnowledgeGraph(thorough.entities, thorough.sources, claims, base=thorough.base), first
    monkeypatch.undo()
    _clear()


def test_a_new_field_is_written_and_read_back(dosed, tmp_path):
    kg, cid = dosed
    node = claim_iri(kg, cid)
    nt = build.to_triples(kg)
    doses = sorted(o.value for s, p, o in nt if p == DOSE)
    assert doses == ["10 mg/kg", "5 mg/kg"]
    trig = {(s, p, o.value) for _, triples in build.nanopub_graphs(kg) for s, p, o in triples
            if p == DOSE}  # fmt: skip
    assert trig == {(node, DOSE, "5 mg/kg"), (node, DOSE, "10 mg/kg")}

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
    assert values is not None and values["dose"] == ("10 mg/kg", "5 mg/kg")


def test_a_new_field_gets_its_kgx_and_graphml_columns(dosed):
    kg, cid = dosed
    claim = kg.claims[cid]
    (kgx_col,) = [c for c in columns("claim", "kgx", (), kgx._cell) if c.name == "dose_slot"]
    assert kgx_col.value(claim, None) == "5 mg/kg|10 mg/kg"
    (gml_col,) = [c for c in columns("claim", "graphml", (), graphml._value) if c.name == "dose"]
    assert gml_col.value(claim, kg) == "5 mg/kg|10 mg/kg"


def test_a_layout_cannot_place_a_field_without_a_slot():
    with pytest.raises(ValueError, match=r"claim\.subject, which has no slot"):
        columns("claim", "graphml", ("subject",), graphml._value)
