"""RDF inputs are untrusted like claim files: the same field checks, clear errors."""

from __future__ import annotations

import mechkg
from mechkg.export import exporter

MKG = "https://w3id.org/mechkg/ontology#"
DC = "http://purl.org/dc/terms/identifier"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _entity(iri: str, ident: str, label: str) -> str:
    return (
        f"<{iri}> <{TYPE}> <{MKG}Entity> .\n<{iri}> <{TYPE}> <{MKG}Gene> .\n"
        f'<{iri}> <{DC}> "{ident}" .\n<{iri}> <{LABEL}> "{label}"@en .\n'
    )


def test_ids_and_labels_from_rdf_are_checked(tmp_path):
    path = tmp_path / "g.nt"
    path.write_text(
        _entity("https://e.org/entity/a", "a\\rb", "fine")
        + _entity("https://e.org/entity/b", "b", "clear \\u001B[2J screen"),
        encoding="utf-8",
    )
    problems = mechkg.validate([path])
    messages = sorted(p.message for p in problems)
    assert len(problems) == 2, messages
    assert any("invalid entity id" in m for m in messages)
    assert any("control character" in m or "escape" in m.lower() for m in messages), messages


def test_foreign_rdf_is_an_error_not_an_empty_graph(tmp_path):
    path = tmp_path / "foaf.ttl"
    path.write_text('<http://e/me> <http://xmlns.com/foaf/0.1/name> "Me" .\n', encoding="utf-8")
    (p,) = mechkg.validate([path])
    assert p.message == "no mechkg entities, sources or claims in this RDF"


def test_base_is_recovered_without_claims(tmp_path):
    path = tmp_path / "only-entities.yaml"
    path.write_text(
        "mechkg: 1\nbase: https://example.org/kg/\n"
        "entities:\n  bdnf: {label: BDNF, type: Protein}\n",
        encoding="utf-8",
    )
    kg = mechkg.load([path])
    out = tmp_path / "g.ttl"
    exporter("turtle")[1](kg, out)
    back = mechkg.load([out])
    assert back.base == "https://example.org/kg/" and back.entities == kg.entities


def test_oversized_term_is_a_located_error(tmp_path):
    path = tmp_path / "big.nt"
    path.write_text('<http://e/a> <http://e/p> "' + "x" * 60_000_000 + '" .\n', encoding="utf-8")
    (p,) = mechkg.validate([path])
    assert p.path == str(path) and "too large to read" in p.message
