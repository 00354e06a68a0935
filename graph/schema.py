"""One schema: every field of a claim, an entity and a source, described once.

Each :class:`Field` row says how one field is written in every view: its YAML key, its
table column, its RDF property, its KGX (Biolink) slot, its GraphML key, its label in
human-readable output, and the check a reader applies to it. The readers, the RDF writer
and reader, the JSON, KGX and GraphML views and the docs' key lists derive from these
rows; a test compares them with ``ontology/shapes.ttl`` and ``ontology/mechkg.ttl``.

The rows follow the frozen value objects of :mod:`mechkg.model` field for field (checked
when this module is imported), so adding a field is one attribute there, one row here and
its one check.

Examples
--------
>>> [f.name for f in CLAIM_FIELDS][:6]
['id', 'subject', 'relation', 'object', 'evidence', 'source']
>>> FIELDS["claim"]["species"].rdf
'https://w3id.org/mechkg/ontology#species'
>>> FIELDS["claim"]["quote"].kgx, FIELDS["entity"]["xrefs"].column
('supporting_text', 'xrefs')
>>> FIELDS["source"]["doi"].check
'check_doi'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .model import Claim, Entity, Source
from .vocab import MKG, NS

__all__ = [
    "Field",
    "CLAIM_FIELDS",
    "ENTITY_FIELDS",
    "SOURCE_FIELDS",
    "FIELDS",
    "KINDS",
    "REFERENCES",
    "EDGE",
    "yaml_keys",
    "columns",
    "as_json",
    "references",
]

#: What a field's value is. ``entity``, ``source`` and ``context`` are references (an
#: entity id; a source id; an entity id or a CURIE), resolved after every file is read.
KINDS = (
    "id",  # a slug: letters, digits, _ . -
    "text",  # free text (quotes, notes, titles)
    "word",  # one of a vocabulary (relation, evidence level, entity type, source kind)
    "lang",  # a BCP 47 language tag
    "bool",
    "curie",  # a CURIE of a known prefix
    "date",  # YYYY, YYYY-MM or YYYY-MM-DD
    "doi",
    "pmid",
    "pmcid",
    "url",
    "entity",
    "source",
    "context",
    "labels",  # names in other languages: {lang: name or [names]}
    "score",  # a decimal from 0 to 1 as canonical decimal text (a reading system's belief)
    "modifier",  # BEL's subject/object modifier notation (mechkg.modifiers)
)
#: The kinds whose values name another record (an entity, a source, an entity or a term).
REFERENCES = frozenset({"entity", "source", "context"})
#: The claim fields a chain (``chain: a -> b -| c``) stands for; its steps share the rest.
EDGE = ("subject", "relation", "object")

_RDF = NS["rdf"]
_RDFS = NS["rdfs"]
_SKOS = NS["skos"]
_DCT = NS["dcterms"]


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a claim, entity or source, and how each view writes it.

    ``yaml`` and ``column`` are None where the format does not carry the field (a
    claim's id is the YAML mapping key of nothing: it is the ``id`` key; a claim's
    ``quote_lang`` is the RDF language tag of its quote, so it has no property).
    ``required`` fields must be given (or come from a file's defaults, for claims).
    ``check`` names the function of :mod:`mechkg.load.fields` that checks and normalises
    a value (each item of a list field: ``many``); ``prefixes`` limits a CURIE field to
    those prefixes.
    """

    name: str
    owner: str  # "claim", "entity" or "source"
    kind: str
    label: str
    many: bool = False
    required: bool = False
    # how each view writes it
    yaml: str | None = None
    column: str | None = None
    rdf: str | None = None
    kgx: str | None = None
    graphml: str | None = None
    # how a reader checks it
    prefixes: tuple[str, ...] | None = None
    check: str | None = None
    description: str = ""

    @property
    def default(self) -> object:
        """The value of an absent field: an empty tuple (lists), False or None."""
        if self.many or self.kind == "labels":
            return ()
        return False if self.kind == "bool" else None


def _f(
    owner: str,
    name: str,
    kind: str,
    label: str,
    *,
    rdf: str | None,
    kgx: str | None,
    check: str | None,
    description: str,
    many: bool = False,
    required: bool = False,
    yaml: str | None = "",
    column: str | None = "",
    graphml: str | None = "",
    prefixes: tuple[str, ...] | None = None,
) -> Field:
    return Field(
        name=name,
        owner=owner,
        kind=kind,
        label=label,
        many=many,
        required=required,
        yaml=name if yaml == "" else yaml,
        column=name if column == "" else column,
        rdf=rdf,
        kgx=kgx,
        graphml=name if graphml == "" else graphml,
        check=check,
        description=description,
        prefixes=prefixes,
    )


def _claim(name: str, kind: str, label: str, **kw: object) -> Field:
    return _f("claim", name, kind, label, **kw)  # type: ignore[arg-type]


def _entity(name: str, kind: str, label: str, **kw: object) -> Field:
    return _f("entity", name, kind, label, **kw)  # type: ignore[arg-type]


def _source(name: str, kind: str, label: str, **kw: object) -> Field:
    return _f("source", name, kind, label, **kw)  # type: ignore[arg-type]


#: The fields of a claim, in the order of :class:`mechkg.model.Claim`.
CLAIM_FIELDS: tuple[Field, ...] = (
    _claim("id", "id", "claim", required=True, rdf=_DCT + "identifier", kgx=None,
           graphml="claim", check="check_id",
           description="Stable claim id, unique across every loaded file."),
    _claim("subject", "entity", "subject", required=True, rdf=_RDF + "subject", kgx="subject",
           graphml=None, check="check_name",
           description="The entity that acts (id, label, synonym or CURIE)."),
    _claim("relation", "word", "relation", required=True, rdf=_RDF + "predicate",
           kgx="original_predicate", check="check_relation",
           description="One of the relations (increases, decreases, ...)."),
    _claim("object", "entity", "object", required=True, rdf=_RDF + "object", kgx="object",
           graphml=None, check="check_name",
           description="The entity acted on."),
    _claim("evidence", "word", "evidence", required=True, rdf=MKG + "evidenceLevel",
           kgx="evidence_level", check="check_evidence",
           description="Evidence level, hypothesis ... systematic_review."),
    _claim("source", "source", "source", required=True, rdf=MKG + "source", kgx="source",
           check="check_name",
           description="Id of the source the claim is read from."),
    _claim("quote", "text", "quote", rdf=MKG + "quote", kgx="supporting_text",
           check="check_text",
           description="Verbatim text of the source that states the claim."),
    _claim("quote_lang", "lang", "quote language", rdf=None, kgx="supporting_text_language",
           check="check_lang",
           description="Language of the quote (BCP 47; the RDF language tag of the quote)."),
    _claim("attributed_to", "source", "attributed to", rdf=MKG + "attributedTo",
           kgx="attributed_to", check="check_name",
           description="The source a reporting source credits with the claim."),
    _claim("species", "curie", "species", rdf=MKG + "species",
           kgx="species_context_qualifier", check="check_curie_field",
           prefixes=("NCBITaxon",),
           description="NCBITaxon CURIE of the species the claim holds in."),
    _claim("anatomy", "context", "anatomy", many=True, rdf=MKG + "anatomicalContext",
           kgx="anatomical_context_qualifier", check="check_name",
           description="Anatomical context: entity ids or UBERON CURIEs."),
    _claim("model", "context", "model", rdf=MKG + "model", kgx="condition",
           check="check_name",
           description="Disease or experimental model studied (entity id or CURIE)."),
    _claim("condition", "context", "condition", many=True, rdf=MKG + "condition",
           kgx="experimental_condition", check="check_name",
           description="What the result was obtained under besides the model: genotypes, "
                       "pretreatments, co-treatments (entity ids or CURIEs)."),
    _claim("dose", "text", "dose", rdf=MKG + "dose", kgx="dose", check="check_text",
           description="Dose of the subject, as written (e.g. 3 mg/kg)."),
    _claim("route", "text", "route", rdf=MKG + "route", kgx="route", check="check_text",
           description="Route of administration (e.g. intraperitoneal)."),
    _claim("time", "text", "time", rdf=MKG + "time", kgx="temporal_context_qualifier",
           check="check_text",
           description="When the effect was measured, after treatment (e.g. 30 min, 24 h)."),
    _claim("method", "text", "method", many=True, rdf=MKG + "method", kgx="method",
           check="check_text",
           description="Methods that produced the evidence (e.g. fiber photometry)."),
    _claim("eco", "curie", "ECO", rdf=MKG + "evidenceCode", kgx="has_evidence",
           check="check_curie_field", prefixes=("ECO",),
           description="A more specific ECO evidence code."),
    _claim("belief", "score", "belief", rdf=MKG + "belief", kgx="belief",
           check="check_score",
           description="A reading system's belief in the claim, 0 to 1 (INDRA); "
                       "never its evidence level."),
    _claim("subject_modifier", "modifier", "subject modifier", rdf=MKG + "subjectModifier",
           kgx="subject_modifier", column="modifier_of_subject", check="check_modifier",
           description="What of the subject acts, in BEL: `act(ma(GO:0016301))`, `deg()`, "
                       "`tloc(fromLoc(GO:0005737), toLoc(GO:0005634))`, `loc(GO:0005634)`."),
    _claim("object_modifier", "modifier", "object modifier", rdf=MKG + "objectModifier",
           kgx="object_modifier", column="modifier_of_object", check="check_modifier",
           description="What of the object changes, in BEL (as `subject_modifier`)."),
    _claim("negated", "bool", "negated", rdf=MKG + "negated", kgx="negated",
           check="check_bool",
           description="True when the source says the relation does not hold."),
    _claim("requires", "entity", "requires", many=True, rdf=MKG + "requires",
           kgx="requires", check="check_name",
           description="Entities the effect needs: it is abolished or attenuated when they "
                       "are removed or blocked (a necessity test)."),
    _claim("independent_of", "entity", "independent of", many=True,
           rdf=MKG + "independentOf", kgx="independent_of", check="check_name",
           description="Entities the effect persists without: removing or blocking them "
                       "leaves it intact."),
    _claim("figure", "text", "figure", rdf=MKG + "figure", kgx="figure", check="check_text",
           description="Figure or table panel that shows the result (e.g. Fig. 2b)."),
    _claim("note", "text", "note", rdf=_RDFS + "comment", kgx="note", check="check_text",
           description="Curator's note."),
)  # fmt: skip

#: The fields of an entity, in the order of :class:`mechkg.model.Entity`.
ENTITY_FIELDS: tuple[Field, ...] = (
    _entity("id", "id", "id", required=True, yaml=None, rdf=_DCT + "identifier", kgx=None,
            graphml=None, check="check_id",
            description="Stable slug id (the key under `entities:`)."),
    _entity("label", "text", "label", required=True, rdf=_RDFS + "label", kgx="name",
            check="check_label", description="Preferred English name."),
    _entity("type", "word", "type", required=True, rdf=_RDF + "type", kgx="category",
            check="check_entity_type", description="Entity type (a Biolink category)."),
    _entity("synonyms", "text", "synonyms", many=True, rdf=_SKOS + "altLabel", kgx="synonym",
            check="check_label", description="Other English or language-neutral names."),
    _entity("labels", "labels", "names in other languages", column=None,
            rdf=_RDFS + "label", kgx=None, check="check_labels",
            description="Names in other languages: `{lang: name}` or `{lang: [names]}`."),
    _entity("xrefs", "curie", "exact matches", many=True, rdf=_SKOS + "exactMatch",
            kgx="xref", check="check_curie_field",
            description="CURIEs of the same thing in other resources."),
    _entity("broad_matches", "curie", "broader terms", many=True, rdf=_SKOS + "broadMatch",
            kgx=None, check="check_curie_field",
            description="CURIEs of broader terms."),
    _entity("close_matches", "curie", "close matches", many=True, rdf=_SKOS + "closeMatch",
            kgx=None, check="check_curie_field",
            description="CURIEs of nearly the same thing."),
    _entity("description", "text", "description", column=None, rdf=_DCT + "description",
            kgx="description", check="check_text", description="Free-text description."),
)  # fmt: skip

#: The fields of a source, in the order of :class:`mechkg.model.Source`.
SOURCE_FIELDS: tuple[Field, ...] = (
    _source("id", "id", "id", required=True, yaml=None, column="source",
            rdf=_DCT + "identifier", kgx=None, graphml=None, check="check_id",
            description="Stable slug id (the key under `sources:`)."),
    _source("kind", "word", "kind", required=True, rdf=_RDF + "type", kgx=None,
            check="check_source_kind", description="article, review, preprint, news ..."),
    _source("title", "text", "title", rdf=_DCT + "title", kgx=None, check="check_text",
            description="Title."),
    _source("venue", "text", "venue", rdf=MKG + "venue", kgx=None, check="check_text",
            description="Journal, newspaper or site."),
    _source("date", "date", "date", rdf=_DCT + "date", kgx=None, check="check_date",
            description="Publication date: YYYY, YYYY-MM or YYYY-MM-DD."),
    _source("doi", "doi", "DOI", rdf=MKG + "doi", kgx=None, check="check_doi",
            description="DOI, without https://doi.org/."),
    _source("pmid", "pmid", "PMID", rdf=MKG + "pmid", kgx=None, check="check_pmid",
            description="PubMed id."),
    _source("pmcid", "pmcid", "PMCID", rdf=MKG + "pmcid", kgx=None, check="check_pmcid",
            description="PubMed Central id."),
    _source("url", "url", "URL", rdf=NS["foaf"] + "page", kgx=None, check="check_url",
            description="Web address."),
    _source("language", "lang", "language", rdf=_DCT + "language", kgx=None,
            check="check_lang", description="Language of the source (BCP 47)."),
    _source("reports", "source", "reports on", many=True, column=None, rdf=MKG + "reports",
            kgx=None, check="check_name",
            description="Ids of the sources this one reports on (a news article's paper)."),
)  # fmt: skip

#: owner -> field name -> field.
FIELDS: dict[str, dict[str, Field]] = {
    owner: {f.name: f for f in rows}
    for owner, rows in (("claim", CLAIM_FIELDS), ("entity", ENTITY_FIELDS),
                        ("source", SOURCE_FIELDS))
}  # fmt: skip


def yaml_keys(owner: str) -> tuple[str, ...]:
    """The YAML keys of ``owner``'s fields, in schema order."""
    return tuple(f.yaml for f in FIELDS[owner].values() if f.yaml is not None)


def columns(owner: str) -> tuple[str, ...]:
    """The table columns of ``owner``'s fields, in schema order."""
    return tuple(f.column for f in FIELDS[owner].values() if f.column is not None)


def as_json(record: Claim | Entity | Source) -> dict[str, object]:
    """A claim, entity or source as a JSON-ready dict, one key per schema field (lists
    for tuples, ``{lang: [names]}`` for names in other languages): the record every JSON
    view starts from.

    Examples
    --------
    >>> as_json(Entity("bdnf", "BDNF", "Protein", labels=(("nb", ("BDNF",)),)))["labels"]
    {'nb': ['BDNF']}
    >>> list(as_json(Source("s", "news")))[:3]
    ['id', 'kind', 'title']
    """
    out: dict[str, object] = {}
    for name, convert in _JSON[type(record)]:
        value = getattr(record, name)
        out[name] = value if convert is None else convert(value)
    return out


def references(claim: Claim, kind: str) -> list[str]:
    """The ids a claim refers to through its fields of ``kind`` (``source``: the source and
    whom it attributes the claim to; ``context``: anatomy, model and conditions;
    ``entity``: subject, object and the mediators a necessity test names), in schema order.

    Examples
    --------
    >>> c = Claim("c", "a", "increases", "b", "inferred", "news", attributed_to="paper",
    ...           anatomy=("vca1",), model="csds")
    >>> references(c, "source"), references(c, "context")
    (['news', 'paper'], ['vca1', 'csds'])
    """
    if kind not in REFERENCES:
        raise ValueError(f"{kind!r} is not a reference kind; expected one of {sorted(REFERENCES)}")
    out: list[str] = []
    for row in _REFERENCE_ROWS[kind]:
        value = getattr(claim, row.name)
        if row.many:
            out.extend(value)
        elif value:
            out.append(value)
    return out


def _labels_json(value: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[str]]:
    return {lang: list(names) for lang, names in value}


def _json_steps(rows: tuple[Field, ...]) -> tuple[tuple[str, Any], ...]:
    """Per field: its name and how its value becomes JSON (None: as it is)."""
    return tuple(
        (f.name, _labels_json if f.kind == "labels" else list if f.many else None) for f in rows
    )


_JSON: dict[type, tuple[tuple[str, Any], ...]] = {
    Claim: _json_steps(CLAIM_FIELDS),
    Entity: _json_steps(ENTITY_FIELDS),
    Source: _json_steps(SOURCE_FIELDS),
}
_REFERENCE_ROWS: dict[str, tuple[Field, ...]] = {
    kind: tuple(f for f in CLAIM_FIELDS if f.kind == kind) for kind in REFERENCES
}


def _guard() -> None:
    """The rows follow the model's dataclasses exactly (names and order)."""
    for owner, cls in (("claim", Claim), ("entity", Entity), ("source", Source)):
        model = [f.name for f in dataclasses.fields(cls)]
        rows = list(FIELDS[owner])
        if model != rows:
            raise RuntimeError(
                f"mechkg.schema: the {owner} rows {rows} do not follow "
                f"mechkg.model.{cls.__name__} {model}; add or move the row"
            )
        for row in FIELDS[owner].values():
            if row.kind not in KINDS:
                raise RuntimeError(f"mechkg.schema: {owner}.{row.name} has unknown kind")


_guard()
