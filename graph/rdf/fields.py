"""The RDF view of the schema: which property carries each field, and the few facts about
terms that the schema's rows do not hold.

Each row of :mod:`mechkg.schema` with an RDF property (``Field.rdf``) is written by
:mod:`mechkg.rdf.build` and read back by :mod:`mechkg.load.rdf_reader` by its ``kind``
and ``many``: a new field is one row there and nothing here. Stated here, once, for both
directions:

- :data:`WORDS`: the IRI of each value of a vocabulary field (relation, evidence level,
  entity type, source kind);
- :data:`ENGLISH`: the text fields written with the language tag ``en`` (a field
  ``<name>_lang`` without a property is instead the language tag of ``<name>``);
- :data:`CLASSES`: the classes of every record of an owner;
- :data:`ASSERTION`: the claim fields of a nanopublication's assertion (the other fields
  are its provenance).

Examples
--------
>>> [f.name for f in rdf_fields("entity")][:4]
['id', 'label', 'type', 'synonyms']
>>> lang_field(FIELDS["claim"]["quote"]), lang_field(FIELDS["claim"]["note"])
('quote_lang', None)
>>> WORDS["source.kind"]["news"]
'https://w3id.org/mechkg/ontology#NewsSource'
"""

from __future__ import annotations

from ..schema import FIELDS, Field
from ..vocab import ENTITY_TYPES, EVIDENCE_LEVELS, MKG, NS, RELATIONS, SOURCE_KINDS
from .terms import IRI

__all__ = [
    "V",
    "SOURCE_CLASSES",
    "WORDS",
    "ENGLISH",
    "CLASSES",
    "ASSERTION",
    "rdf_fields",
    "lang_field",
    "key",
]


class V:
    """IRIs of the vocabulary terms mechkg writes besides the fields' own properties.

    Each schema field's property is here too, as ``<owner>_<field>`` (``V.claim_quote``),
    so that ``vars(V)`` lists every term the writer uses.
    """

    type = IRI(NS["rdf"] + "type")
    statement = IRI(NS["rdf"] + "Statement")
    identifier = IRI(NS["dcterms"] + "identifier")
    alt_label = IRI(NS["skos"] + "altLabel")
    source_prop = IRI(NS["dcterms"] + "source")
    derived = IRI(NS["prov"] + "wasDerivedFrom")
    Entity = IRI(MKG + "Entity")
    Claim = IRI(MKG + "Claim")
    Source = IRI(MKG + "Source")
    np = NS["np"]
    Nanopublication = IRI(np + "Nanopublication")
    has_assertion = IRI(np + "hasAssertion")
    has_provenance = IRI(np + "hasProvenance")
    has_pubinfo = IRI(np + "hasPublicationInfo")


def key(row: Field) -> str:
    """``owner.name``: how the tables of this module name a field."""
    return f"{row.owner}.{row.name}"


def rdf_fields(owner: str) -> tuple[Field, ...]:
    """The fields of ``owner`` that have an RDF property, in schema order."""
    return tuple(row for row in FIELDS[owner].values() if row.rdf is not None)


def lang_field(row: Field) -> str | None:
    """The field that holds the language tag of text field ``row`` (``quote`` has
    ``quote_lang``), or None."""
    tag = FIELDS[row.owner].get(row.name + "_lang")
    return tag.name if tag is not None and tag.kind == "lang" and tag.rdf is None else None


for _row in (row for owner in FIELDS for row in rdf_fields(owner)):
    setattr(V, f"{_row.owner}_{_row.name}", IRI(_row.rdf or ""))

#: source kind -> class IRI
SOURCE_CLASSES: dict[str, IRI] = {
    kind: IRI(f"{MKG}{kind.capitalize()}Source") for kind in SOURCE_KINDS
}
#: vocabulary field (``owner.name``) -> value -> IRI
WORDS: dict[str, dict[str, IRI]] = {
    "claim.relation": {name: IRI(r.iri) for name, r in RELATIONS.items()},
    "claim.evidence": {name: IRI(e.iri) for name, e in EVIDENCE_LEVELS.items()},
    "entity.type": {name: IRI(MKG + name) for name in ENTITY_TYPES},
    "source.kind": SOURCE_CLASSES,
}
#: Text fields written in English (``@en``); a list field also reads untagged names.
ENGLISH = frozenset({"entity.label", "entity.synonyms"})
#: owner -> the classes each of its records has (besides a vocabulary type)
CLASSES: dict[str, tuple[IRI, ...]] = {
    "claim": (V.Claim, V.statement),
    "entity": (V.Entity,),
    "source": (V.Source,),
}
#: The claim fields of a nanopublication's assertion graph (with the claim's classes).
ASSERTION = frozenset({"subject", "relation", "object", "negated"})
