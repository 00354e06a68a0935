"""The RDF model (docs/rdf-model.md): a graph's claims, entities and sources as triples.

The graph is produced subject by subject, in an order computed from the ids alone, so a
writer can stream a graph of any size: it only sorts the few triples of one subject at a
time. Subjects come group by group (claim nodes, then entities with the direct triples
they are the subject of, then sources), each group by the IRIs' order; that is the
order of the IRIs themselves, since ``claim/`` < ``entity/`` < ``source/`` under one base.
(A graph of files with different bases orders each group by base, then id.)

A record's triples come from the rows of :mod:`mechkg.schema` (each field's property,
kind and ``many``, see :mod:`mechkg.rdf.fields`): a new field is written without a change
here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from operator import attrgetter
from typing import Any
from urllib.parse import quote

from ..curie import expand
from ..model import Claim, Entity, KnowledgeGraph, Source
from ..schema import FIELDS, Field
from ..vocab import MKG, NS
from .fields import ASSERTION, CLASSES, ENGLISH, SOURCE_CLASSES, WORDS, V, key, lang_field
from .terms import IRI, Literal, Quad, Term, Triple, check_iri, mint

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
        bases = kg.record_bases
        self._bases = {kind: bases.get(kind, {}) for kind in ("entity", "claim", "source")}
        self._entities: dict[str, IRI] = {}
        self._sources: dict[str, IRI] = {}
        self._curies: dict[str, IRI] = {}

    @staticmethod
    def _mint(ns: str, local_id: str) -> IRI:
        return IRI(ns + _encoded(local_id))

    @staticmethod
    def _keep(cache: dict[str, IRI], local: str, iri: IRI) -> IRI:
        cache[local] = iri
        return iri

    def _ns(self, kind: str, local_id: str, default: str) -> str:
        other = self._bases[kind].get(local_id)
        return default if other is None else f"{other}{kind}/"

    def entity(self, entity_id: str) -> IRI:
        return self._entities.get(entity_id) or self._keep(
            self._entities,
            entity_id,
            self._mint(self._ns("entity", entity_id, self._entity), entity_id),
        )

    def claim(self, claim_id: str) -> IRI:
        return self._mint(self._ns("claim", claim_id, self._claim), claim_id)

    def source(self, source_id: str) -> IRI:
        return self._sources.get(source_id) or self._keep(
            self._sources,
            source_id,
            self._mint(self._ns("source", source_id, self._source), source_id),
        )

    def curie(self, curie: str) -> IRI:
        return self._curies.get(curie) or self._keep(self._curies, curie, IRI(expand(curie)))

    def context(self, value: str) -> IRI:
        """A context value is an entity id or a CURIE."""
        if value in self.kg.entities:
            return self.entity(value)
        return self.curie(value)


def entity_iri(kg: KnowledgeGraph, entity_id: str) -> IRI:
    return mint(kg.base_of("entity", entity_id), "entity", entity_id)


def claim_iri(kg: KnowledgeGraph, claim_id: str) -> IRI:
    return mint(kg.base_of("claim", claim_id), "claim", claim_id)


def source_iri(kg: KnowledgeGraph, source_id: str) -> IRI:
    return mint(kg.base_of("source", source_id), "source", source_id)


def date_literal(date: str) -> Literal:
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(date)]
    return Literal(date, _XSD + kind)


# -- a record's triples, from its schema rows ----------------------------------------------
#: (minter, record, value) -> the value's term; None for a plain literal of the value
ToTerm = Callable[[Minter, Any, Any], Term]
#: (subject, minter, record) -> the record's triples
RecordWriter = Callable[[IRI, Minter, Any], list[Triple]]
_ONE, _MANY, _ALWAYS, _LABELS = range(4)

#: value -> term, by kind (kinds not listed are plain literals)
_TERMS: dict[str, ToTerm] = {
    "bool": lambda m, r, v: _TRUE if v else _FALSE,
    "curie": lambda m, r, v: m.curie(v),
    "date": lambda m, r, v: date_literal(v),
    "score": lambda m, r, v: Literal(v, _XSD + "decimal"),
    "url": lambda m, r, v: check_iri(v),
    "entity": lambda m, r, v: m.entity(v),
    "source": lambda m, r, v: m.source(v),
    "context": lambda m, r, v: m.context(v),
}


def _term(row: Field) -> ToTerm | None:
    if row.kind == "word":
        iris = WORDS.get(key(row))
        if iris is None:
            return lambda m, r, v: IRI(MKG + v)
        return lambda m, r, v: iris[v]
    if row.kind == "text":
        if key(row) in ENGLISH:
            return lambda m, r, v: Literal(v, lang="en")
        tag = lang_field(row)
        if tag is not None:
            return lambda m, r, v: Literal(v, lang=getattr(r, tag))
    return _TERMS.get(row.kind)


def _step(row: Field) -> tuple[IRI, ToTerm | None, int]:
    """How a field is written: one triple per value (each item of a list field; a flag
    always, true or false; nothing for an empty value; names in other languages as a
    label and alt labels)."""
    if row.kind == "labels":
        mode = _LABELS
    else:
        mode = _MANY if row.many else _ALWAYS if row.kind == "bool" else _ONE
    return IRI(row.rdf or ""), _term(row), mode


@cache
def _writer(owner: str, part: str = "all") -> RecordWriter:
    """The function that writes ``owner``'s records from the schema rows: its classes
    (unless ``part`` is ``provenance``), then each field with a property. For claims,
    ``part`` picks the ``assertion`` fields or the ``provenance`` ones (the rest)."""
    rows = [
        row for row in FIELDS[owner].values()
        if row.rdf is not None
        and (part == "all" or (row.name in ASSERTION) == (part == "assertion"))
    ]  # fmt: skip
    names = [row.name for row in rows]
    get = attrgetter(*names) if len(names) > 1 else lambda r: (getattr(r, names[0]),)
    steps = tuple(_step(row) for row in rows)
    classes = () if part == "provenance" else CLASSES[owner]
    rdf_type, alt = V.type, V.alt_label

    def write(s: IRI, m: Minter, r: Any) -> list[Triple]:
        out: list[Triple] = [(s, rdf_type, c) for c in classes]
        append = out.append
        for v, (prop, term, mode) in zip(get(r), steps, strict=True):
            if mode == _ONE:
                if v:
                    append((s, prop, Literal(v) if term is None else term(m, r, v)))
            elif mode == _MANY:
                for x in v:
                    append((s, prop, Literal(x) if term is None else term(m, r, x)))
            elif mode == _ALWAYS:
                append((s, prop, Literal(v) if term is None else term(m, r, v)))
            else:
                for lang, labels in v:
                    append((s, prop, Literal(labels[0], lang=lang)))
                    out.extend([(s, alt, Literal(x, lang=lang)) for x in labels[1:]])
        return out

    return write


def _record(s: IRI, m: Minter, record: Any, owner: str, part: str = "all") -> list[Triple]:
    """A record's triples: its classes (unless ``part`` is ``provenance``), then its
    fields."""
    return _writer(owner, part)(s, m, record)


def _minter(kg: KnowledgeGraph, m: Minter | None) -> Minter:
    return Minter(kg) if m is None else m


def entity_triples(kg: KnowledgeGraph, e: Entity, m: Minter | None = None) -> Iterator[Triple]:
    """The entity node's own triples (not the direct triples of its claims)."""
    m = _minter(kg, m)
    return iter(_record(m.entity(e.id), m, e, "entity"))


def source_triples(kg: KnowledgeGraph, src: Source, m: Minter | None = None) -> Iterator[Triple]:
    """The source node's triples."""
    m = _minter(kg, m)
    return iter(_record(m.source(src.id), m, src, "source"))


def direct_triple(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Triple | None:
    """``subject relation object``, or None for a negated claim."""
    if c.negated:
        return None
    m = _minter(kg, m)
    return m.entity(c.subject), WORDS["claim.relation"][c.relation], m.entity(c.object)


def claim_core(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Iterator[Triple]:
    """The direct triple (unless negated) and the claim node's statement triples."""
    m = _minter(kg, m)
    direct = direct_triple(kg, c, m)
    if direct is not None:
        yield direct
    yield from _record(m.claim(c.id), m, c, "claim", "assertion")


def claim_qualifiers(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Iterator[Triple]:
    """Evidence, provenance and context of a claim node."""
    m = _minter(kg, m)
    return iter(_record(m.claim(c.id), m, c, "claim", "provenance"))


def claim_triples(kg: KnowledgeGraph, c: Claim, m: Minter | None = None) -> Iterator[Triple]:
    """The direct triple (unless negated) and every triple of the claim node."""
    m = _minter(kg, m)
    yield from claim_core(kg, c, m)
    yield from claim_qualifiers(kg, c, m)


def _ordered(
    ids: Iterable[str], order: str, kg: KnowledgeGraph | None = None, kind: str = ""
) -> list[str]:
    try:
        sort_key = SUBJECT_ORDERS[order]
    except KeyError:
        raise ValueError(
            f"unknown subject order {order!r}; use one of {sorted(SUBJECT_ORDERS)}"
        ) from None
    bases = kg.record_bases.get(kind) if kg is not None else None
    if bases:  # records under several bases: by IRI, base first
        default = kg.base if kg is not None else ""
        return sorted(ids, key=lambda i: (bases.get(i, default), sort_key(i)))
    return sorted(ids, key=sort_key)


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
    claim, entity, source = (_writer(owner) for owner in ("claim", "entity", "source"))
    for cid in _ordered(claims, order, kg, "claim"):
        yield claim(m.claim(cid), m, claims[cid])
    for eid in _ordered(kg.entities, order, kg, "entity"):
        block = entity(m.entity(eid), m, kg.entities[eid])
        for c in kg.claims_from(eid):
            direct = direct_triple(kg, c, m)
            if direct is not None:
                block.append(direct)
        yield block
    for sid in _ordered(kg.sources, order, kg, "source"):
        yield source(m.source(sid), m, kg.sources[sid])


def to_triples(kg: KnowledgeGraph) -> Iterator[Triple]:
    """Every triple of the graph, subject by subject (a direct triple shared by several
    claims may repeat: writers deduplicate)."""
    for block in subject_blocks(kg):
        yield from block


def nanopub_iris(kg: KnowledgeGraph, claim_id: str) -> dict[str, IRI]:
    np_iri = mint(kg.base_of("claim", claim_id), "np", claim_id)
    return {
        "np": np_iri,
        **{g: IRI(f"{np_iri}/{g}") for g in ("head", "assertion", "provenance", "pubinfo")},
    }


def _nanopub(kg: KnowledgeGraph, c: Claim, m: Minter) -> dict[IRI, list[Triple]]:
    g = nanopub_iris(kg, c.id)
    src = m.source(c.source)
    node = m.claim(c.id)
    assertion = _record(node, m, c, "claim", "assertion")
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
        g["provenance"]: [
            (g["assertion"], V.derived, src),
            *_record(node, m, c, "claim", "provenance"),
        ],
        g["pubinfo"]: [(g["np"], V.source_prop, src), (g["np"], V.identifier, Literal(c.id))],
    }


def nanopub_graphs(kg: KnowledgeGraph) -> Iterator[tuple[IRI | None, list[Triple]]]:
    """The graph as a dataset, graph by graph: the default graph (entities, then sources,
    one ``(None, block)`` per subject), then each claim's nanopublication (head,
    assertion, provenance and publication info graphs) by claim IRI, its four graphs
    sorted by name."""
    m = Minter(kg)
    for eid in _ordered(kg.entities, "iri", kg, "entity"):
        yield None, _record(m.entity(eid), m, kg.entities[eid], "entity")
    for sid in _ordered(kg.sources, "iri", kg, "source"):
        yield None, _record(m.source(sid), m, kg.sources[sid], "source")
    for cid in _ordered(kg.claims, "iri", kg, "claim"):
        graphs = _nanopub(kg, kg.claims[cid], m)
        for name in sorted(graphs):
            yield name, graphs[name]


def to_quads(kg: KnowledgeGraph) -> Iterator[Quad]:
    """The graph as a dataset: entities and sources in the default graph, each claim a
    nanopublication (head, assertion, provenance, publication info graphs)."""
    for name, triples in nanopub_graphs(kg):
        for s, p, o in triples:
            yield s, p, o, name
