"""The mechkg vocabulary: relations, evidence levels, entity types, source kinds.

This module is the single source of truth for the names a claim file may use and for
the IRIs mechkg writes. ``ontology/mechkg.ttl`` describes the same terms in OWL; a test
checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidQuery

__all__ = [
    "MKG",
    "DEFAULT_BASE",
    "Relation",
    "RELATIONS",
    "EvidenceLevel",
    "EVIDENCE_LEVELS",
    "ENTITY_TYPES",
    "SOURCE_KINDS",
    "NS",
    "evidence_rank",
    "check_evidence_level",
    "UnknownEvidenceLevel",
    "MAX_RANK",
]

#: Ontology namespace (terms of the mechkg vocabulary).
MKG = "https://w3id.org/mechkg/ontology#"
#: Default namespace for data (entities, claims, sources); configurable per file.
DEFAULT_BASE = "https://w3id.org/mechkg/data/"

#: Well-known namespaces used in the RDF that mechkg writes.
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "np": "http://www.nanopub.org/nschema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "mkg": MKG,
}


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation a claim may use.

    ``sign`` is +1, -1, 0 (no change) or None (sign unknown); ``kind`` is one of
    ``causal``, ``correlative``, ``negative_result`` or ``structural``.
    """

    name: str
    sign: int | None
    kind: str
    ro: str | None
    biolink: str | None
    label: str

    @property
    def iri(self) -> str:
        return MKG + self.name

    @property
    def causal(self) -> bool:
        return self.kind == "causal"

    @property
    def symbol(self) -> str:
        return {1: "+", -1: "-", 0: "0", None: "?"}[self.sign]


#: Relations of DESIGN.md, BEL's vocabulary aligned to RO and Biolink.
RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation("increases", 1, "causal", "RO:0002304", "biolink:affects", "increases"),
        Relation("decreases", -1, "causal", "RO:0002305", "biolink:affects", "decreases"),
        Relation(
            "directly_increases",
            1,
            "causal",
            "RO:0002629",
            "biolink:affects",
            "directly increases",
        ),
        Relation(
            "directly_decreases",
            -1,
            "causal",
            "RO:0002630",
            "biolink:affects",
            "directly decreases",
        ),
        Relation("regulates", None, "causal", "RO:0002211", "biolink:regulates", "regulates"),
        Relation("causes_no_change", 0, "negative_result", None, None, "causes no change in"),
        Relation(
            "positively_correlated",
            1,
            "correlative",
            "RO:0017003",
            "biolink:positively_correlated_with",
            "positively correlated with",
        ),
        Relation(
            "negatively_correlated",
            -1,
            "correlative",
            "RO:0017004",
            "biolink:negatively_correlated_with",
            "negatively correlated with",
        ),
        Relation(
            "associated",
            None,
            "correlative",
            "RO:0002610",
            "biolink:correlated_with",
            "associated with",
        ),
        Relation("part_of", None, "structural", "BFO:0000050", "biolink:part_of", "part of"),
        Relation(
            "located_in", None, "structural", "RO:0001025", "biolink:located_in", "located in"
        ),
    )
}


@dataclass(frozen=True, slots=True)
class EvidenceLevel:
    """One step of the ordinal evidence scale (a SKOS concept with a rank)."""

    name: str
    rank: int
    definition: str
    eco: str
    eco_match: str  # "closeMatch" or "broadMatch"
    #: Biolink ``knowledge_level`` of a claim at this level (KGX export and import).
    knowledge_level: str = "knowledge_assertion"
    #: Whether the source has data of its own behind the claim (hypothesis, background
    #: and inferred claims do not: they are drawn dashed and flagged in path output).
    has_data: bool = True

    @property
    def iri(self) -> str:
        return MKG + self.name


#: The ordinal evidence scale of DESIGN.md, weakest first.
EVIDENCE_LEVELS: dict[str, EvidenceLevel] = {
    e.name: e
    for e in (
        EvidenceLevel(
            "hypothesis",
            0,
            "Proposed or speculated; the source has no data for it.",
            "ECO:0000034",
            "closeMatch",
            "prediction",
            False,
        ),
        EvidenceLevel(
            "background",
            1,
            "Stated as established knowledge, from other work.",
            "ECO:0000033",
            "closeMatch",
            "knowledge_assertion",
            False,
        ),
        EvidenceLevel(
            "inferred",
            2,
            "The authors infer it from their data but did not measure it.",
            "ECO:0006185",
            "closeMatch",
            "logical_entailment",
            False,
        ),
        EvidenceLevel(
            "correlation",
            3,
            "An association measured in data, with no intervention.",
            "ECO:0000006",
            "broadMatch",
            "statistical_association",
        ),
        EvidenceLevel(
            "experiment",
            4,
            "A controlled intervention, in vitro or in animals (the species says which).",
            "ECO:0000006",
            "closeMatch",
        ),
        EvidenceLevel(
            "clinical_observation",
            5,
            "Observed in humans without randomisation.",
            "ECO:0000180",
            "broadMatch",
            "observation",
        ),
        EvidenceLevel(
            "clinical_trial",
            6,
            "A randomised controlled trial in humans.",
            "ECO:0000180",
            "closeMatch",
        ),
        EvidenceLevel(
            "systematic_review",
            7,
            "A meta-analysis or independent replications.",
            "ECO:0000000",
            "broadMatch",
        ),
    )
}


#: Ranks must fit the path index's packed claim byte (see :mod:`mechkg.paths.index`).
MAX_RANK = 15
if sorted(e.rank for e in EVIDENCE_LEVELS.values()) != list(range(len(EVIDENCE_LEVELS))):
    raise RuntimeError("evidence ranks must be 0, 1, 2 ... in order, one per level")


class UnknownEvidenceLevel(InvalidQuery):
    """An evidence level name that is not on the scale (the message lists the valid ones)."""


def check_evidence_level(name: str) -> EvidenceLevel:
    """The evidence level called ``name``.

    Raises
    ------
    UnknownEvidenceLevel
        Naming the valid levels, weakest first.

    Examples
    --------
    >>> check_evidence_level("experiment").rank, check_evidence_level("Clinical trial").rank
    (4, 6)
    >>> check_evidence_level("strong")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mechkg.vocab.UnknownEvidenceLevel: unknown evidence level 'strong'; expected one of: ...
    """
    try:
        return EVIDENCE_LEVELS[name]
    except (KeyError, TypeError):
        if isinstance(name, str):
            folded = "_".join(name.strip().casefold().replace("-", " ").split())
            if folded in EVIDENCE_LEVELS:
                return EVIDENCE_LEVELS[folded]
        raise UnknownEvidenceLevel(
            f"unknown evidence level {name!r}; expected one of: " + ", ".join(EVIDENCE_LEVELS)
        ) from None


def evidence_rank(name: str) -> int:
    """Rank of an evidence level name (0 = hypothesis ... 7 = systematic_review)."""
    return EVIDENCE_LEVELS[name].rank


#: Entity types: mkg class name -> Biolink category CURIE.
ENTITY_TYPES: dict[str, str] = {
    "Gene": "biolink:Gene",
    "Genotype": "biolink:Genotype",
    "RNAProduct": "biolink:RNAProduct",
    "Protein": "biolink:Protein",
    "ProteinIsoform": "biolink:ProteinIsoform",
    "MacromolecularComplex": "biolink:MacromolecularComplex",
    "SmallMolecule": "biolink:SmallMolecule",
    "ChemicalEntity": "biolink:ChemicalEntity",
    "Procedure": "biolink:Procedure",
    "Treatment": "biolink:Treatment",
    "BiologicalProcess": "biolink:BiologicalProcess",
    "Behavior": "biolink:Behavior",
    "BehavioralFeature": "biolink:BehavioralFeature",
    "PhenotypicFeature": "biolink:PhenotypicFeature",
    "Disease": "biolink:Disease",
    "AnatomicalEntity": "biolink:AnatomicalEntity",
    "Cell": "biolink:Cell",
    "CellularComponent": "biolink:CellularComponent",
    "OrganismTaxon": "biolink:OrganismTaxon",
}

#: Source kinds: mkg class name -> a short description.
SOURCE_KINDS: dict[str, str] = {
    "article": "A peer-reviewed research article.",
    "review": "A review article.",
    "preprint": "A preprint, not yet peer reviewed.",
    "news": "A news or popular-science article reporting on research.",
    "book": "A book or book chapter.",
    "dataset": "A dataset or database release.",
    "webpage": "Any other web page.",
}
