"""The RDF model (docs/rdf-model.md): a graph's claims, entities and sources as triples.

The graph is produced subject by subject, in an order computed from the ids alone, so a
writer can stream a graph of any size: it only sorts the few triples of one subject at a
time. Subjects come group by group (claim nodes, then entities with the direct triples
they are the subject of, then sources), each group by the IRIs' order; that is the
order of the IRIs themselves, since ``claim/`` < ``entity/`` < ``source/`` under one base.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

from ..curie import expand
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..vocab import EVIDENCE_LEVELS, MKG, NS, RELATIONS
from .terms import IRI, Literal, Quad, Triple, check_iri, mint

__all__ = [
    "V",
    "SOURCE_CLASSES",
    "SUBJECT_ORDERS",
    "Minter",
    "entity_iri",
    "claim_iri",
    "source_iri",
    "entity_triples",
    "source_triples",
    "claim_core",
    "claim_qualifiers",
    "claim_triples",
    "subject_blocks",
    "subject_count",
    "nanopub_iris",
    "nanopub_graphs",
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
_TRUE = Literal("true", _BOOL)
_FALSE = Literal("false", _BOOL)
# Ids made only of these characters are their own percent-encoding (see terms.mint).
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~\-]*\Z")


def _encoded(local_id: str) -> str:
    """The id as it appears in its IRI (percent-encoded)."""
    return local_id if _UNRESERVED.match(local_id) else quote(local_id, safe="-._~")


def _nt_key(local_id: str) -> str:
    # N-Triples lines start with "<IRI> ": sorting ids by encoded id + ">" sorts lines.
    return _encoded(local_id) + ">"


#: Subject orders: ``iri`` sorts subjects by IRI (Turtle, TriG, JSON-LD); ``ntriples``
#: sorts them so that the N-Triples lines come out sorted as text.
SUBJECT_ORDERS: dict[str, Callable[[str], str]] = {"iri": _encoded, "ntriples": _nt_key}


class Minter:
    """The IRIs of one graph's nodes, each entity, source and CURIE minted once."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._entity = kg.base + "entity/"
        self._claim = kg.base + "claim/"
        self._source = kg.base + "source/"
        self._cache: dict[str, IRI] = {}
        self._sources: dict[str, IRI] = {}
        self._curies: dict[str, IRI] = {}

    @staticmethod
    def _mint(ns: str, local_id: str) -> IRI:
        return IRI(ns + _encoded(local_id))

    def entity(self, entity_id: str) -> IRI:
        iri = self._cache.get(entity_id)
        if iri is None:
            iri = self._cache[entity_id] = self._mint(self._entity, entity_id)
        return iri

    def claim(self, claim_id: str) -> IRI:
        return self._mint(self._claim, claim_id)

    def source(self, source_id: str) -> IRI:
        iri = self._sources.get(source_id)
        if iri is None:
            iri = self._sources[source_id] = self._mint(self._source, source_id)
        return iri

    def curie(self, curie: str) -> IRI:
        iri = self._curies.get(curie)
        if iri is None:
            iri = self._curies[curie] = IRI(expand(curie))
        return iri

    def context(self, value: str) -> IRI:
        """A context value is an entity id or a CURIE."""
        if value in self.kg.entities:
            return self.entity(value)
        return self.curie(value)


def entity_iri(kg: KnowledgeGraph, entity_id: str) -> IRI:
    return mint(kg.base, "entity", entity_id)


def claim_iri(kg: KnowledgeGraph, claim_id: str) -> IRI:
    return mint(kg.base, "claim", claim_id)


def source_iri(kg: KnowledgeGraph, source_id: str) -> IRI:
    return mint(kg.base, "source", source_id)


def date_literal(date: str) -> Literal:
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(date)]
    return Literal(date, _XSD + kind)


def _minter(kg: KnowledgeGraph, m: Minter | None) -> Minter:
    return Minter(kg) if m is None else m


def entity_triples(kg: KnowledgeGraph, e: Entity, m: Minter | None = None) -> Iterator[Triple]:
    """The entity node's own triples (not the direct triples of its claims)."""
    s = _minter(kg, m).entity(e.id)
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


def source_triples(kg: KnowledgeGraph, src: Source, m: Minter | None = None) -> Iterator[Triple]:
    m = _minter(kg, m)
    s = m.source(src.id)
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
        yield s, V.reports, m.source(target)


def direct_triple(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Triple | None:
    """``subject relation object``, or None for a negated claim."""
    if c.negated:
        return None
    m = _minter(kg, m)
    return m.entity(c.subject), IRI(RELATIONS[c.relation].iri), m.entity(c.object)


def _claim_node_core(node: IRI, m: Minter, c: Claim) -> Iterator[Triple]:
    yield node, V.type, V.Claim
    yield node, V.type, V.statement
    yield node, V.subject, m.entity(c.subject)
    yield node, V.predicate, IRI(RELATIONS[c.relation].iri)
    yield node, V.object, m.entity(c.object)
    yield node, V.negated, _TRUE if c.negated else _FALSE


def claim_core(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Iterator[Triple]:
    """The direct triple (unless negated) and the claim node's statement triples."""
    m = _minter(kg, m)
    direct = direct_triple(kg, c, m)
    if direct is not None:
        yield direct
    yield from _claim_node_core(m.claim(c.id), m, c)


def _qualifiers(node: IRI, m: Minter, c: Claim) -> Iterator[Triple]:
    yield node, V.identifier, Literal(c.id)
    yield node, V.evidence, IRI(EVIDENCE_LEVELS[c.evidence].iri)
    yield node, V.source, m.source(c.source)
    if c.attributed_to:
        yield node, V.attributed, m.source(c.attributed_to)
    if c.quote is not None:
        yield node, V.quote, Literal(c.quote, lang=c.quote_lang)
    if c.species:
        yield node, V.species, m.curie(c.species)
    for a in c.anatomy:
        yield node, V.anatomy, m.context(a)
    if c.model:
        yield node, V.model, m.context(c.model)
    for method in c.method:
        yield node, V.method, Literal(method)
    if c.eco:
        yield node, V.eco, m.curie(c.eco)
    if c.note:
        yield node, V.comment, Literal(c.note)


def claim_qualifiers(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Iterator[Triple]:
    """Evidence, provenance and context of a claim node."""
    m = _minter(kg, m)
    return _qualifiers(m.claim(c.id), m, c)


def claim_triples(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Iterator[Triple]:
    """The direct triple (unless negated) and every triple of the claim node."""
    m = _minter(kg, m)
    yield from claim_core(kg, c, m)
    yield from claim_qualifiers(kg, c, m)


def _ordered(ids: Iterable[str], order: str) -> list[str]:
    try:
        key = SUBJECT_ORDERS[order]
    except KeyError:
        raise ValueError(
            f"unknown subject order {order!r}; use one of {sorted(SUBJECT_ORDERS)}"
        ) from None
    return sorted(ids, key=key)


def subject_count(kg: KnowledgeGraph) -> int:
    """How many subject blocks :func:`subject_blocks` yields (for progress reports)."""
    return len(kg.claims) + len(kg.entities) + len(kg.sources)


def subject_blocks(kg: KnowledgeGraph, order: str = "iri") -> Iterator[list[Triple]]:
    """Every triple of the graph, one list per subject, subjects in ``order``.

    Claim nodes come first, then entities (each with the direct triples of the claims it
    is the subject of, possibly repeated when claims share one), then sources. Within a
    block the triples are unsorted; writers sort (and deduplicate) one block at a time.

    Parameters
    ----------
    kg : KnowledgeGraph
    order : {"iri", "ntriples"}
        ``iri`` sorts subjects by IRI; ``ntriples`` by IRI followed by ``>``, the order of
        sorted N-Triples lines.
    """
    m = Minter(kg)
    claims = kg.claims
    for cid in _ordered(claims, order):
        c = claims[cid]
        node = m.claim(cid)
        yield [*_claim_node_core(node, m, c), *_qualifiers(node, m, c)]
    for eid in _ordered(kg.entities, order):
        block = list(entity_triples(kg, kg.entities[eid], m))
        for c in kg.claims_from(eid):
            direct = direct_triple(kg, c, m)
            if direct is not None:
                block.append(direct)
        yield block
    for sid in _ordered(kg.sources, order):
        yield list(source_triples(kg, kg.sources[sid], m))


def to_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    """Every triple of the graph, subject by subject (a direct triple shared by several
    claims may repeat: writers deduplicate)."""
    for block in subject_blocks(kg):
        yield from block


def nanopub_iris(kg: KnowledgeGraph, claim_id: str) -> dict[str, IRI]:
    np_iri = mint(kg.base, "np", claim_id)
    return {
        "np": np_iri,
        **{g: IRI(f"{np_iri}/{g}") for g in ("head", "assertion", "provenance", "pubinfo")},
    }


def _nanopub(kg: KnowledgeGraph, c: Claim, m: Minter) -> dict[IRI, list[Triple]]:
    g = nanopub_iris(kg, c.id)
    src = m.source(c.source)
    node = m.claim(c.id)
    assertion = list(_claim_node_core(node, m, c))
    direct = direct_triple(kg, c, m)
    if direct is not None:
        assertion.append(direct)
    return {
        g["head"]: [
            (g["np"], V.type, V.Nanopublication),
            (g["np"], V.has_assertion, g["assertion"]),
            (g["np"], V.has_provenance, g["provenance"]),
            (g["np"], V.has_pubinfo, g["pubinfo"]),
        ],
        g["assertion"]: assertion,
        g["provenance"]: [(g["assertion"], V.derived, src), *_qualifiers(node, m, c)],
        g["pubinfo"]: [(g["np"], V.source_prop, src), (g["np"], V.identifier, Literal(c.id))],
    }


def nanopub_graphs(kg: KnowledgeGraph) -> Iterator[tuple[IRI | None, list[Triple]]]:
    """The graph as a dataset, graph by graph: the default graph (entities, then sources,
    one ``(None, block)`` per subject), then each claim's nanopublication (head,
    assertion, provenance and publication info graphs) by claim IRI, its four graphs
    sorted by name."""
    m = Minter(kg)
    for eid in _ordered(kg.entities, "iri"):
        yield None, list(entity_triples(kg, kg.entities[eid], m))
    for sid in _ordered(kg.sources, "iri"):
        yield None, list(source_triples(kg, kg.sources[sid], m))
    for cid in _ordered(kg.claims, "iri"):
        graphs = _nanopub(kg, kg.claims[cid], m)
        for name in sorted(graphs):
            yield name, graphs[name]


def to_quads(kg: KnowledgeGraph) -> Iterator[Quad]:
    """The graph as a dataset: entities and sources in the default graph, each claim a
    nanopublication (head, assertion, provenance, publication info graphs)."""
    for name, triples in nanopub_graphs(kg):
        for s, p, o in triples:
            yield s, p, o, name
