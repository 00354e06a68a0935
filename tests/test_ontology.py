"""The mechkg ontology and SHACL shapes: syntax, OWL hygiene, agreement with
``graph/vocab.py`` and the reference term list, consistency, and the shapes on valid and
broken data."""

from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

import pytest
import rdflib
from mechkg.curie import contract, expand
from mechkg.ontology import ONTOLOGY_PATH, SHAPES_PATH
from mechkg.vocab import ENTITY_TYPES, EVIDENCE_LEVELS, MKG, RELATIONS, SOURCE_KINDS
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from tests.ci import skip_unless_ci

M = Namespace(MKG)
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY_IRI = URIRef("https://w3id.org/mechkg/ontology")
REPO = Path(__file__).resolve().parents[1]

#: The five OWL declarations; every term has exactly one.
DECLARATIONS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)
#: Predicates OWL 2 knows without a declaration.
BUILTIN_PREDICATES = {
    RDF.type, RDF.first, RDF.rest,
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.versionIRI, OWL.versionInfo, OWL.members, OWL.imports,
}  # fmt: skip
KIND_GROUP = {
    "causal": M.causalRelation,
    "correlative": M.correlativeRelation,
    "negative_result": M.negativeResultRelation,
    "structural": M.structuralRelation,
}
SKOS_MATCH = {"exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch,
              "broadMatch": SKOS.broadMatch}  # fmt: skip


def kind_class(kind: str) -> URIRef:
    """The class of a source kind, as docs/rdf-model.md names it."""
    return M[kind.capitalize() + "Source"]


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_PATH, format="turtle")


def mkg_terms(g: rdflib.Graph) -> set[URIRef]:
    return {
        t
        for triple in g
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(MKG) and t != URIRef(MKG)
    }


def declared(g: rdflib.Graph, term: URIRef) -> list[URIRef]:
    return [d for d in DECLARATIONS if (term, RDF.type, d) in g]


# --- syntax -------------------------------------------------------------------------


def test_package_paths_point_at_the_files() -> None:
    assert ONTOLOGY_PATH.is_file() and ONTOLOGY_PATH.name == "mechkg.ttl"
    assert SHAPES_PATH.is_file() and SHAPES_PATH.name == "shapes.ttl"


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, SHAPES_PATH], ids=lambda p: p.name)
def test_parses_strictly_with_pyoxigraph(path: Path) -> None:
    import pyoxigraph

    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(rdflib.Graph().parse(path, format="turtle"))


def test_header(onto: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert list(onto.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/mechkg/ontology/0.1.0"
    )
    assert onto.value(ONTOLOGY_IRI, DCTERMS.title)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.description)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(onto.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == MKG


# --- OWL hygiene --------------------------------------------------------------------


def test_every_mkg_term_is_declared_once(onto: rdflib.Graph) -> None:
    problems = []
    for term in sorted(mkg_terms(onto)):
        kinds = declared(onto, term)
        if len(kinds) != 1:
            problems.append(f"{term}: declared as {kinds or 'nothing'}")
        elif kinds == [OWL.NamedIndividual]:
            classes = set(onto.objects(term, RDF.type)) - {OWL.NamedIndividual}
            if not classes:
                problems.append(f"{term}: individual without a class")
    assert problems == []


def test_every_mkg_term_has_a_label(onto: rdflib.Graph) -> None:
    unlabelled = [
        t
        for t in sorted(mkg_terms(onto))
        if onto.value(t, RDFS.label) is None and onto.value(t, SKOS.prefLabel) is None
    ]
    assert unlabelled == []


def test_every_term_has_at_most_one_declaration(onto: rdflib.Graph) -> None:
    """No punning: no IRI is both a class and a property, or two kinds of property."""
    subjects = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    punned = {str(s): declared(onto, s) for s in subjects if len(declared(onto, s)) > 1}
    assert punned == {}


def test_every_predicate_is_builtin_or_declared(onto: rdflib.Graph) -> None:
    undeclared = sorted(
        {
            str(p)
            for s, p, _ in onto
            if isinstance(s, URIRef) and p not in BUILTIN_PREDICATES and len(declared(onto, p)) != 1
        }
    )
    assert undeclared == []


def test_every_class_used_is_declared(onto: rdflib.Graph) -> None:
    used = set(onto.objects(None, RDFS.subClassOf)) | {
        o for s, o in onto.subject_objects(RDF.type) if (s, RDF.type, OWL.NamedIndividual) in onto
    }
    used |= set(onto.objects(None, RDFS.domain)) | {
        o for p, o in onto.subject_objects(RDFS.range) if (p, RDF.type, OWL.ObjectProperty) in onto
    }
    used.discard(OWL.NamedIndividual)
    assert sorted(str(c) for c in used if (c, RDF.type, OWL.Class) not in onto) == []


def test_no_reserved_vocabulary_as_class(onto: rdflib.Graph) -> None:
    """OWL 2 DL forbids rdf:, rdfs:, xsd: and owl: IRIs (but owl:Thing) as classes."""
    reserved = (str(RDF), str(RDFS), str(XSD), str(OWL))
    classes = set(onto.subjects(RDF.type, OWL.Class)) | set(onto.objects(None, RDFS.subClassOf))
    bad = [str(c) for c in classes if str(c).startswith(reserved) and c != OWL.Thing]
    assert bad == []


def test_annotation_values_are_not_properties_of_other_kinds(onto: rdflib.Graph) -> None:
    """mkg:sign is an annotation with integer values: never on an individual."""
    for prop, value in onto.subject_objects(M.sign):
        assert (prop, RDF.type, OWL.ObjectProperty) in onto
        assert isinstance(value, Literal) and value.datatype == XSD.integer


# --- agreement with graph/vocab.py --------------------------------------------------


def test_relations_agree_with_vocab(onto: rdflib.Graph) -> None:
    grouped = {p for group in KIND_GROUP.values() for p in onto.subjects(RDFS.subPropertyOf, group)}
    assert grouped == {URIRef(r.iri) for r in RELATIONS.values()}
    for rel in RELATIONS.values():
        p = URIRef(rel.iri)
        assert declared(onto, p) == [OWL.ObjectProperty], rel.name
        assert onto.value(p, RDFS.label) == Literal(rel.label, lang="en"), rel.name
        assert onto.value(p, SKOS.definition) is not None, rel.name
        assert list(onto.objects(p, RDFS.subPropertyOf)) == [KIND_GROUP[rel.kind]], rel.name
        signs = [s.toPython() for s in onto.objects(p, M.sign)]
        assert signs == ([] if rel.sign is None else [rel.sign]), rel.name
        assert onto.value(p, RDFS.domain) == M.Entity
        assert onto.value(p, RDFS.range) == M.Entity
        obo = {o for o in onto.objects(p, SKOS.closeMatch) if "obolibrary" in str(o)}
        assert obo == ({URIRef(expand(rel.ro))} if rel.ro else set()), rel.name
        biolink = {
            (name, o)
            for name, match in SKOS_MATCH.items()
            for o in onto.objects(p, match)
            if str(o).startswith("https://w3id.org/biolink/")
        }
        expected = {URIRef(expand(rel.biolink))} if rel.biolink else set()
        assert {o for _, o in biolink} == expected, rel.name
        assert len(biolink) == len(expected), f"{rel.name}: one Biolink match, one kind"


def test_biolink_alignment_direction(onto: rdflib.Graph) -> None:
    """biolink:affects says nothing about direction: it is broader than increases."""
    affects = URIRef(expand("biolink:affects"))
    for name in ("increases", "decreases", "directly_increases", "directly_decreases"):
        assert (M[name], SKOS.broadMatch, affects) in onto


def test_grouping_properties(onto: rdflib.Graph) -> None:
    for group in KIND_GROUP.values():
        assert declared(onto, group) == [OWL.ObjectProperty]
        assert onto.value(group, RDFS.subPropertyOf) is None
        assert onto.value(group, M.sign) is None


def test_evidence_levels_agree_with_vocab(onto: rdflib.Graph) -> None:
    individuals = set(onto.subjects(RDF.type, M.EvidenceLevel))
    assert individuals == {URIRef(e.iri) for e in EVIDENCE_LEVELS.values()}
    assert (M.EvidenceLevel, RDFS.subClassOf, SKOS.Concept) in onto
    assert (M.EvidenceScale, RDF.type, SKOS.ConceptScheme) in onto
    for level in EVIDENCE_LEVELS.values():
        i = URIRef(level.iri)
        assert (i, RDF.type, OWL.NamedIndividual) in onto, level.name
        assert onto.value(i, M.rank) == Literal(level.rank), level.name
        assert onto.value(i, M.rank).datatype == XSD.integer
        assert str(onto.value(i, SKOS.definition)) == level.definition, level.name
        label = Literal(level.name.replace("_", " "), lang="en")
        assert onto.value(i, SKOS.prefLabel) == label, level.name
        assert onto.value(i, SKOS.inScheme) == M.EvidenceScale, level.name
        eco = {(m, o) for m, p in SKOS_MATCH.items() for o in onto.objects(i, p)}
        assert eco == {(level.eco_match, URIRef(expand(level.eco)))}, level.name
    assert declared(onto, M.rank) == [OWL.DatatypeProperty]


def test_entity_types_agree_with_vocab(onto: rdflib.Graph) -> None:
    types = set(onto.subjects(RDFS.subClassOf, M.Entity))
    assert types == {M[name] for name in ENTITY_TYPES}
    for name, category in ENTITY_TYPES.items():
        cls = M[name]
        assert declared(onto, cls) == [OWL.Class], name
        assert list(onto.objects(cls, SKOS.exactMatch)) == [URIRef(expand(category))], name


def test_source_kinds_agree_with_vocab(onto: rdflib.Graph) -> None:
    kinds = set(onto.subjects(RDFS.subClassOf, M.Source))
    assert kinds == {kind_class(k) for k in SOURCE_KINDS}
    for kind, description in SOURCE_KINDS.items():
        cls = kind_class(kind)
        assert declared(onto, cls) == [OWL.Class], kind
        assert str(onto.value(cls, SKOS.definition)) == description, kind
    assert (M.ArticleSource, SKOS.broadMatch, URIRef(expand("biolink:Article"))) in onto
    assert (M.Source, SKOS.closeMatch, URIRef(expand("biolink:Publication"))) in onto


def test_every_term_the_writer_uses_is_in_the_ontology(onto: rdflib.Graph) -> None:
    from mechkg.rdf.build import SOURCE_CLASSES, V

    written_terms = {
        URIRef(value)
        for name, value in vars(V).items()
        if not name.startswith("_") and isinstance(value, str) and value.startswith(MKG)
    }
    assert len(written_terms) > 15
    assert sorted(str(t) for t in written_terms if not declared(onto, t)) == []
    assert {k: URIRef(c) for k, c in SOURCE_CLASSES.items()} == {
        k: kind_class(k) for k in SOURCE_KINDS
    }


@pytest.mark.parametrize(
    ("prop", "kind", "domain", "range_"),
    [
        ("evidenceLevel", OWL.ObjectProperty, M.Claim, M.EvidenceLevel),
        ("source", OWL.ObjectProperty, M.Claim, M.Source),
        ("attributedTo", OWL.ObjectProperty, M.Claim, M.Source),
        ("quote", OWL.DatatypeProperty, M.Claim, RDFS.Literal),
        ("species", OWL.ObjectProperty, M.Claim, None),
        ("anatomicalContext", OWL.ObjectProperty, M.Claim, None),
        ("model", OWL.ObjectProperty, M.Claim, None),
        ("method", OWL.DatatypeProperty, M.Claim, XSD.string),
        ("evidenceCode", OWL.ObjectProperty, M.Claim, None),
        ("negated", OWL.DatatypeProperty, M.Claim, XSD.boolean),
        ("reports", OWL.ObjectProperty, M.Source, M.Source),
        ("venue", OWL.DatatypeProperty, M.Source, XSD.string),
        ("doi", OWL.DatatypeProperty, M.Source, XSD.string),
        ("pmid", OWL.DatatypeProperty, M.Source, XSD.string),
        ("pmcid", OWL.DatatypeProperty, M.Source, XSD.string),
    ],
)
def test_qualifier_properties(onto: rdflib.Graph, prop, kind, domain, range_) -> None:
    p = M[prop]
    assert declared(onto, p) == [kind]
    assert onto.value(p, RDFS.label) is not None
    assert onto.value(p, SKOS.definition) is not None
    assert onto.value(p, RDFS.domain) == domain
    assert onto.value(p, RDFS.range) == range_


@pytest.mark.parametrize(
    ("prop", "match", "target"),
    [
        ("species", "exactMatch", "biolink:species_context_qualifier"),
        ("anatomicalContext", "exactMatch", "biolink:anatomical_context_qualifier"),
        ("source", "closeMatch", "biolink:publications"),
        ("quote", "closeMatch", "biolink:supporting_text"),
        ("evidenceCode", "closeMatch", "biolink:has_evidence"),
        ("time", "closeMatch", "biolink:temporal_context_qualifier"),
    ],
)
def test_qualifier_biolink_alignment(onto: rdflib.Graph, prop, match, target) -> None:
    assert (M[prop], SKOS_MATCH[match], URIRef(expand(target))) in onto


# --- reference term list ------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_terms() -> dict[str, str]:
    default = REPO.parent / "shared" / "reference"
    folder = Path(os.environ.get("MECHKG_REFERENCE_DIR", default))
    path = folder / "ontology_terms.tsv"
    if not path.is_file():
        skip_unless_ci(f"{path} not found; set MECHKG_REFERENCE_DIR to the folder that holds it")
    terms: dict[str, str] = {}
    # the shared list, then terms checked against their ontology's pages since it was made
    for table in (path, REPO / "tests" / "data" / "conditions" / "verified_terms.tsv"):
        with table.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t")
            terms.update((row["curie"], row["label"]) for row in rows)
    return terms


def test_every_external_id_is_a_reference_term(
    onto: rdflib.Graph, reference_terms: dict[str, str]
) -> None:
    iris = {t for triple in onto for t in triple if isinstance(t, URIRef)}
    curies = {c for c in map(contract, map(str, iris)) if c is not None}
    assert curies, "the ontology should align to external terms"
    assert sorted(curies - set(reference_terms)) == []


def test_entity_type_labels_are_the_biolink_labels(
    onto: rdflib.Graph, reference_terms: dict[str, str]
) -> None:
    for name, category in ENTITY_TYPES.items():
        assert str(onto.value(M[name], RDFS.label)) == reference_terms[category], name


# --- consistency --------------------------------------------------------------------


def owl_rl_errors(*graphs: rdflib.Graph) -> list[str]:
    """Inconsistencies that the OWL 2 RL rules find in the union of ``graphs``."""
    import owlrl

    union = rdflib.Graph()
    for g in graphs:
        union += g
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(union)
    err = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
    errors = [str(m) for m in union.objects(None, err.error)]
    errors += [f"{s} is unsatisfiable" for s in union.subjects(RDF.type, OWL.Nothing)]
    errors += [
        f"{s} is unsatisfiable"
        for s in union.subjects(RDFS.subClassOf, OWL.Nothing)
        if s != OWL.Nothing
    ]
    return sorted(errors)


VALID = """
@prefix mkg: <https://w3id.org/mechkg/ontology#> .
@prefix ent: <https://w3id.org/mechkg/data/entity/> .
@prefix claim: <https://w3id.org/mechkg/data/claim/> .
@prefix src: <https://w3id.org/mechkg/data/source/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .

ent:lr3_acupuncture mkg:increases ent:bdnf .
ent:vca1 mkg:part_of ent:hippocampus .

claim:bdnf_up a mkg:Claim, rdf:Statement ;
    dcterms:identifier "bdnf_up" ;
    rdf:subject ent:lr3_acupuncture ;
    rdf:predicate mkg:increases ;
    rdf:object ent:bdnf ;
    mkg:evidenceLevel mkg:experiment ;
    mkg:source src:ilive2025 ;
    mkg:attributedTo src:thno2025 ;
    mkg:quote "\u00f8kte BDNF-niv\u00e5er"@nb ;
    mkg:species obo:NCBITaxon_10090 ;
    mkg:anatomicalContext ent:hippocampus, obo:UBERON_0001954 ;
    mkg:model ent:csds ;
    mkg:method "western blot", "Golgi staining" ;
    mkg:evidenceCode obo:ECO_0006169 ;
    mkg:negated false ;
    rdfs:comment "a curator's note" .

claim:vca1_in_hippocampus a mkg:Claim, rdf:Statement ;
    dcterms:identifier "vca1_in_hippocampus" ;
    rdf:subject ent:vca1 ;
    rdf:predicate mkg:part_of ;
    rdf:object ent:hippocampus ;
    mkg:evidenceLevel mkg:background ;
    mkg:source src:thno2025 ;
    mkg:negated false .

claim:no_bdnf_down a mkg:Claim, rdf:Statement ;
    dcterms:identifier "no_bdnf_down" ;
    rdf:subject ent:lr3_acupuncture ;
    rdf:predicate mkg:decreases ;
    rdf:object ent:bdnf ;
    mkg:evidenceLevel mkg:hypothesis ;
    mkg:source src:ilive2025 ;
    mkg:quote "not a decrease" ;
    mkg:negated true .

ent:lr3_acupuncture a mkg:Entity, mkg:Procedure ;
    dcterms:identifier "lr3_acupuncture" ;
    rdfs:label "acupuncture at LR3"@en, "akupunktur ved LR3"@nb ;
    skos:altLabel "needle"@en, "LR3"@en, "n\u00e5l"@nb ;
    skos:exactMatch obo:MAXO_0000083 ;
    dcterms:description "Manual acupuncture at liver-3 (Taichong)." .

ent:bdnf a mkg:Entity, mkg:Protein ;
    dcterms:identifier "bdnf" ;
    rdfs:label "BDNF"@en ;
    skos:exactMatch <http://identifiers.org/mgi/MGI:88145> .

ent:hippocampus a mkg:Entity, mkg:AnatomicalEntity ;
    dcterms:identifier "hippocampus" ;
    rdfs:label "hippocampus"@en, "hippocampus"@nb ;
    skos:exactMatch obo:UBERON_0001954 .

ent:vca1 a mkg:Entity, mkg:AnatomicalEntity ;
    dcterms:identifier "vca1" ;
    rdfs:label "ventral CA1"@en ;
    skos:broadMatch obo:UBERON_0003881 .

ent:csds a mkg:Entity, mkg:Procedure ;
    dcterms:identifier "csds" ;
    rdfs:label "chronic social defeat stress"@en ;
    skos:closeMatch <http://id.nlm.nih.gov/mesh/D000083703> .

src:ilive2025 a mkg:Source, mkg:NewsSource ;
    dcterms:identifier "ilive2025" ;
    dcterms:title "Kan et skudd i foten hjelpe mot depresjon?" ;
    dcterms:date "2025-08-10"^^xsd:date ;
    dcterms:language "nb" ;
    foaf:page <https://example.org/article> ;
    mkg:reports src:thno2025 .

src:thno2025 a mkg:Source, mkg:ArticleSource ;
    dcterms:identifier "thno2025" ;
    dcterms:title "Acupuncture alleviates CSDS-induced depressive-like behaviors" ;
    dcterms:date "2025"^^xsd:gYear ;
    mkg:venue "Theranostics" ;
    mkg:doi "10.7150/thno.106751" ;
    mkg:pmid "40225589" ;
    mkg:pmcid "PMC11984413" .
"""


def shacl_messages(data: rdflib.Graph, shapes: rdflib.Graph) -> set[tuple[str, str]]:
    """(focus node, message) of every SHACL violation of ``data``; empty if it conforms."""
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
    )
    found = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert conforms == (not found)
    return found


def valid_data() -> rdflib.Graph:
    return rdflib.Graph().parse(data=VALID, format="turtle")


def test_shapes_are_valid_shacl(shapes: rdflib.Graph) -> None:
    import pyshacl

    conforms, _, text = pyshacl.validate(
        rdflib.Graph(), shacl_graph=shapes, meta_shacl=True, inference="none"
    )
    assert conforms, text


def test_every_shape_message_is_english(shapes: rdflib.Graph) -> None:
    messages = list(shapes.objects(None, SH.message))
    assert len(messages) >= 30
    assert all(isinstance(m, Literal) and m.language == "en" for m in messages)


def test_shapes_list_every_relation_and_level(shapes: rdflib.Graph) -> None:
    def listed(shape: URIRef) -> set[URIRef]:
        return set(rdflib.collection.Collection(shapes, shapes.value(shape, SH["in"])))

    mkgsh = Namespace("https://w3id.org/mechkg/shapes#")
    assert listed(mkgsh.ClaimPredicate) == {URIRef(r.iri) for r in RELATIONS.values()}
    assert listed(mkgsh.ClaimEvidenceLevel) == {URIRef(e.iri) for e in EVIDENCE_LEVELS.values()}
    entity_types = shapes.value(mkgsh.EntityType, SH.qualifiedValueShape)
    assert listed(entity_types) == {M[t] for t in ENTITY_TYPES}
    kinds = shapes.value(mkgsh.SourceKind, SH.qualifiedValueShape)
    assert listed(kinds) == {kind_class(k) for k in SOURCE_KINDS}
    for rel in RELATIONS.values():
        assert (mkgsh.RelationSubjectShape, SH.targetSubjectsOf, URIRef(rel.iri)) in shapes
        assert (mkgsh.RelationObjectShape, SH.targetObjectsOf, URIRef(rel.iri)) in shapes


def test_valid_data_conforms(shapes: rdflib.Graph) -> None:
    assert shacl_messages(valid_data(), shapes) == set()


def test_valid_data_is_consistent_with_the_ontology(onto: rdflib.Graph) -> None:
    assert owl_rl_errors(onto, valid_data()) == []


def test_owl_rl_finds_a_claim_that_is_also_a_source(onto: rdflib.Graph) -> None:
    data = valid_data()
    data.add((URIRef("https://w3id.org/mechkg/data/claim/bdnf_up"), RDF.type, M.Source))
    assert owl_rl_errors(onto, data) != []


DATA = "https://w3id.org/mechkg/data/"
PREFIXES = f"""
PREFIX mkg: <{MKG}>
PREFIX ent: <{DATA}entity/>
PREFIX claim: <{DATA}claim/>
PREFIX src: <{DATA}source/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
"""
BROKEN = {
    "claim without source": (
        "DELETE WHERE { claim:bdnf_up mkg:source ?s }",
        "claim/bdnf_up",
        "A claim needs exactly one mkg:source, a source of the graph (typed mkg:Source) "
        "that makes the claim.",
    ),
    "unknown evidence level": (
        "DELETE { claim:bdnf_up mkg:evidenceLevel ?l }"
        " INSERT { claim:bdnf_up mkg:evidenceLevel mkg:anecdote }"
        " WHERE { claim:bdnf_up mkg:evidenceLevel ?l }",
        "claim/bdnf_up",
        "A claim needs exactly one mkg:evidenceLevel, one of: hypothesis, background, "
        "inferred, correlation, experiment, clinical_observation, clinical_trial, "
        "systematic_review.",
    ),
    "entity without English label": (
        'DELETE DATA { ent:bdnf rdfs:label "BDNF"@en }'
        ' ; INSERT DATA { ent:bdnf rdfs:label "BDNF"@nb }',
        "entity/bdnf",
        "An entity needs exactly one English rdfs:label (tagged @en).",
    ),
    "entity with two types": (
        "INSERT DATA { ent:bdnf a mkg:Gene }",
        "entity/bdnf",
        "An entity needs exactly one entity type besides mkg:Entity: one of mkg:Gene, "
        "Genotype, RNAProduct, Protein, ProteinIsoform, MacromolecularComplex, SmallMolecule, "
        "ChemicalEntity, Procedure, Treatment, BiologicalProcess, Behavior, BehavioralFeature, "
        "PhenotypicFeature, Disease, AnatomicalEntity, Cell, CellularComponent, OrganismTaxon.",
    ),
    "species not NCBITaxon": (
        "DELETE { claim:bdnf_up mkg:species ?s }"
        " INSERT { claim:bdnf_up mkg:species obo:UBERON_0001954 }"
        " WHERE { claim:bdnf_up mkg:species ?s }",
        "claim/bdnf_up",
        "A claim has at most one mkg:species, an NCBI Taxonomy IRI such as "
        "http://purl.obolibrary.org/obo/NCBITaxon_10090 (CURIE NCBITaxon:10090).",
    ),
    "two English labels": (
        'INSERT DATA { ent:bdnf rdfs:label "brain-derived neurotrophic factor"@en }',
        "entity/bdnf",
        "An entity's rdfs:label values are language-tagged, at most one per language "
        "(put other names in skos:altLabel).",
        "An entity needs exactly one English rdfs:label (tagged @en).",
    ),
    "missing direct triple": (
        "DELETE DATA { ent:lr3_acupuncture mkg:increases ent:bdnf }",
        "claim/bdnf_up",
        f"Claim {DATA}claim/bdnf_up is not negated, so the graph must also hold its "
        f"direct triple: {DATA}entity/lr3_acupuncture {MKG}increases {DATA}entity/bdnf.",
    ),
    "relation to something that is not an entity": (
        "INSERT DATA { ent:bdnf mkg:increases obo:UBERON_0001954 }",
        "http://purl.obolibrary.org/obo/UBERON_0001954",
        "The object of a mechkg relation must be an entity of the graph (typed mkg:Entity).",
    ),
    "source date without a date type": (
        "DELETE { src:thno2025 <http://purl.org/dc/terms/date> ?d }"
        ' INSERT { src:thno2025 <http://purl.org/dc/terms/date> "2025" }'
        " WHERE { src:thno2025 <http://purl.org/dc/terms/date> ?d }",
        "source/thno2025",
        "A source has at most one dcterms:date, typed xsd:date (YYYY-MM-DD), "
        "xsd:gYearMonth (YYYY-MM) or xsd:gYear (YYYY).",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_data_fails_with_a_clear_message(shapes: rdflib.Graph, case: str) -> None:
    update, focus, *messages = BROKEN[case]
    data = valid_data()
    before = len(data)
    data.update(PREFIXES + update)
    assert len(data) != before or "INSERT" in update, "the update changed nothing"
    focus_iri = focus if focus.startswith("http") else DATA + focus
    assert shacl_messages(data, shapes) == {(focus_iri, m) for m in messages}


# --- graphs that mechkg writes ------------------------------------------------------

THOROUGH = REPO / "tests" / "data" / "thorough.yaml"
#: Claim files whose written RDF must conform: the fixture with every feature, and the
#: bundled LR3 study graph (None).
GRAPHS: dict[str, list[Path] | None] = {"thorough": [THOROUGH], "bundled": None}


@functools.cache
def written(name: str, fmt: str) -> rdflib.Graph:
    """The claims of ``GRAPHS[name]`` as mechkg writes them in ``fmt``, read back into one
    rdflib graph (a dataset's graphs merged). Made once per run: callers must not change
    it (``owl_rl_errors`` expands a copy)."""
    import mechkg
    from mechkg.export import exporter

    to_text, _ = exporter(fmt)
    text = to_text(mechkg.load(GRAPHS[name]))
    if fmt == "trig":
        import pyoxigraph

        quads = pyoxigraph.parse(input=text, format=pyoxigraph.RdfFormat.TRIG)
        triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
        text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode()
        fmt = "nt"
    return rdflib.Graph().parse(data=text, format=fmt)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_written_graph_conforms(shapes: rdflib.Graph, name: str, fmt: str) -> None:
    data = written(name, fmt)
    assert len(set(data.subjects(RDF.type, M.Claim))) > 3
    assert shacl_messages(data, shapes) == set()


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_written_graph_is_consistent_with_the_ontology(onto: rdflib.Graph, name: str) -> None:
    assert owl_rl_errors(onto, written(name, "turtle")) == []
