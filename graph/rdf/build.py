"""The RDF model (docs/rdf-model.md): a graph's claims, entities and sources as triples.

Functions here yield triples in a fixed order per node; serialisers sort them, so output
depends only on the claims.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..curie import expand
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..vocab import EVIDENCE_LEVELS, MKG, NS, RELATIONS
from .terms import IRI, Literal, Quad, Triple, check_iri, mint

__all__ = [
    "V",
    "SOURCE_CLASSES",
    "entity_iri",
    "claim_iri",
    "source_iri",
    "entity_triples",
    "source_triples",
    "claim_triples",
    "to_triples",
    "to_quads",
    "date_literal",
]


class V:
    """IRIs of the vocabulary terms mechkg writes."""

    type = IRI(NS["rdf"] + "type")
    statement = IRI(NS["rdf"] + "Statement")
    subject = IRI(NS["rdf"] + "subject")
    predicate = IRI(NS["rdf"] + "predicate")
    object = IRI(NS["rdf"] + "object")
    label = IRI(NS["rdfs"] + "label")
    comment = IRI(NS["rdfs"] + "comment")
    alt_label = IRI(NS["skos"] + "altLabel")
    exact = IRI(NS["skos"] + "exactMatch")
    broad = IRI(NS["skos"] + "broadMatch")
    close = IRI(NS["skos"] + "closeMatch")
    identifier = IRI(NS["dcterms"] + "identifier")
    title = IRI(NS["dcterms"] + "title")
    date = IRI(NS["dcterms"] + "date")
    language = IRI(NS["dcterms"] + "language")
    description = IRI(NS["dcterms"] + "description")
    source_prop = IRI(NS["dcterms"] + "source")
    page = IRI(NS["foaf"] + "page")
    derived = IRI(NS["prov"] + "wasDerivedFrom")
    Entity = IRI(MKG + "Entity")
    Claim = IRI(MKG + "Claim")
    Source = IRI(MKG + "Source")
    evidence = IRI(MKG + "evidenceLevel")
    source = IRI(MKG + "source")
    attributed = IRI(MKG + "attributedTo")
    quote = IRI(MKG + "quote")
    species = IRI(MKG + "species")
    anatomy = IRI(MKG + "anatomicalContext")
    model = IRI(MKG + "model")
    method = IRI(MKG + "method")
    eco = IRI(MKG + "evidenceCode")
    negated = IRI(MKG + "negated")
    reports = IRI(MKG + "reports")
    venue = IRI(MKG + "venue")
    doi = IRI(MKG + "doi")
    pmid = IRI(MKG + "pmid")
    pmcid = IRI(MKG + "pmcid")
    np = NS["np"]
    Nanopublication = IRI(np + "Nanopublication")
    has_assertion = IRI(np + "hasAssertion")
    has_provenance = IRI(np + "hasProvenance")
    has_pubinfo = IRI(np + "hasPublicationInfo")


#: source kind -> class IRI
SOURCE_CLASSES = {
    kind: IRI(f"{MKG}{kind.capitalize()}Source")
    for kind in ("article", "review", "preprint", "news", "book", "dataset", "webpage")
}
_XSD = NS["xsd"]
_BOOL = _XSD + "boolean"


def entity_iri(kg: KnowledgeGraph, entity_id: str) -> IRI:
    return mint(kg.base, "entity", entity_id)


def claim_iri(kg: KnowledgeGraph, claim_id: str) -> IRI:
    return mint(kg.base, "claim", claim_id)


def source_iri(kg: KnowledgeGraph, source_id: str) -> IRI:
    return mint(kg.base, "source", source_id)


def date_literal(date: str) -> Literal:
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(date)]
    return Literal(date, _XSD + kind)


def _context(kg: KnowledgeGraph, value: str) -> IRI:
    """A context value is an entity id or a CURIE."""
    if value in kg.entities:
        return entity_iri(kg, value)
    return IRI(expand(value))


def entity_triples(kg: KnowledgeGraph, e: Entity) -> Iterator[Triple]:
    s = entity_iri(kg, e.id)
    yield s, V.type, V.Entity
    yield s, V.type, IRI(MKG + e.type)
    yield s, V.identifier, Literal(e.id)
    yield s, V.label, Literal(e.label, lang="en")
    for syn in e.synonyms:
        yield s, V.alt_label, Literal(syn, lang="en")
    for lang, names in e.labels:
        yield s, V.label, Literal(names[0], lang=lang)
        for other in names[1:]:
            yield s, V.alt_label, Literal(other, lang=lang)
    for prop, curies in (
        (V.exact, e.xrefs),
        (V.broad, e.broad_matches),
        (V.close, e.close_matches),
    ):
        for curie in curies:
            yield s, prop, IRI(expand(curie))
    if e.description:
        yield s, V.description, Literal(e.description)


def source_triples(kg: KnowledgeGraph, src: Source) -> Iterator[Triple]:
    s = source_iri(kg, src.id)
    yield s, V.type, V.Source
    yield s, V.type, SOURCE_CLASSES[src.kind]
    yield s, V.identifier, Literal(src.id)
    if src.title:
        yield s, V.title, Literal(src.title)
    if src.venue:
        yield s, V.venue, Literal(src.venue)
    if src.date:
        yield s, V.date, date_literal(src.date)
    if src.language:
        yield s, V.language, Literal(src.language)
    if src.doi:
        yield s, V.doi, Literal(src.doi)
    if src.pmid:
        yield s, V.pmid, Literal(src.pmid)
    if src.pmcid:
        yield s, V.pmcid, Literal(src.pmcid)
    if src.url:
        yield s, V.page, check_iri(src.url)
    for target in src.reports:
        yield s, V.reports, source_iri(kg, target)


def claim_core(kg: KnowledgeGraph, c: Claim) -> Iterator[Triple]:
    """The direct triple (unless negated) and the claim node's statement triples."""
    s, o = entity_iri(kg, c.subject), entity_iri(kg, c.object)
    p = IRI(RELATIONS[c.relation].iri)
    node = claim_iri(kg, c.id)
    if not c.negated:
        yield s, p, o
    yield node, V.type, V.Claim
    yield node, V.type, V.statement
    yield node, V.subject, s
    yield node, V.predicate, p
    yield node, V.object, o
    yield node, V.negated, Literal("true" if c.negated else "false", _BOOL)


def claim_qualifiers(kg: KnowledgeGraph, c: Claim) -> Iterator[Triple]:
    """Evidence, provenance and context of a claim node."""
    node = claim_iri(kg, c.id)
    yield node, V.identifier, Literal(c.id)
    yield node, V.evidence, IRI(EVIDENCE_LEVELS[c.evidence].iri)
    yield node, V.source, source_iri(kg, c.source)
    if c.attributed_to:
        yield node, V.attributed, source_iri(kg, c.attributed_to)
    if c.quote is not None:
        yield node, V.quote, Literal(c.quote, lang=c.quote_lang)
    if c.species:
        yield node, V.species, IRI(expand(c.species))
    for a in c.anatomy:
        yield node, V.anatomy, _context(kg, a)
    if c.model:
        yield node, V.model, _context(kg, c.model)
    for m in c.method:
        yield node, V.method, Literal(m)
    if c.eco:
        yield node, V.eco, IRI(expand(c.eco))
    if c.note:
        yield node, V.comment, Literal(c.note)


def claim_triples(kg: KnowledgeGraph, c: Claim) -> Iterator[Triple]:
    yield from claim_core(kg, c)
    yield from claim_qualifiers(kg, c)


def to_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    """Every triple of the graph (unsorted; the direct triple of a shared statement may
    repeat: serialisers sort and deduplicate)."""
    for e in kg.entities.values():
        yield from entity_triples(kg, e)
    for src in kg.sources.values():
        yield from source_triples(kg, src)
    for c in kg.claims.values():
        yield from claim_triples(kg, c)


def nanopub_iris(kg: KnowledgeGraph, claim_id: str) -> dict[str, IRI]:
    np_iri = mint(kg.base, "np", claim_id)
    return {
        "np": np_iri,
        **{g: IRI(f"{np_iri}/{g}") for g in ("head", "assertion", "provenance", "pubinfo")},
    }


def to_quads(kg: KnowledgeGraph) -> Iterator[Quad]:
    """The graph as a dataset: entities and sources in the default graph, each claim a
    nanopublication (head, assertion, provenance, publication info graphs)."""
    for e in kg.entities.values():
        for t in entity_triples(kg, e):
            yield (*t, None)
    for src in kg.sources.values():
        for t in source_triples(kg, src):
            yield (*t, None)
    for c in kg.claims.values():
        g = nanopub_iris(kg, c.id)
        head: list[Triple] = [
            (g["np"], V.type, V.Nanopublication),
            (g["np"], V.has_assertion, g["assertion"]),
            (g["np"], V.has_provenance, g["provenance"]),
            (g["np"], V.has_pubinfo, g["pubinfo"]),
        ]
        for t in head:
            yield (*t, g["head"])
        for t in claim_core(kg, c):
            yield (*t, g["assertion"])
        yield g["assertion"], V.derived, source_iri(kg, c.source), g["provenance"]
        for t in claim_qualifiers(kg, c):
            yield (*t, g["provenance"])
        yield g["np"], V.source_prop, source_iri(kg, c.source), g["pubinfo"]
        yield g["np"], V.identifier, Literal(c.id), g["pubinfo"]
