"""How Biolink's words in a KGX graph map back to mechkg's: categories to entity types,
predicates and qualifiers to relations, knowledge levels and agent types to evidence
levels. ``docs/formats/kgx.md`` shows the same tables (a test compares them).

The evidence ladder is not Biolink's: Biolink says how a statement was made (asserted,
predicted, a statistical association, an observation), never whether anyone intervened.
So a KGX edge from elsewhere is never read above ``correlation``; only mechkg's own
``evidence_level`` column (written by ``mechkg export kgx``) carries the higher levels back.
"""

from __future__ import annotations

from ..vocab import ENTITY_TYPES, RELATIONS

__all__ = [
    "CATEGORIES",
    "PREDICATES",
    "DIRECTED",
    "KNOWLEDGE_LEVELS",
    "AGENT_TYPES",
    "ASPECTS",
    "relation_of",
    "evidence_of",
]

#: Biolink category -> mechkg entity type: mechkg's own, then the nearest for others.
CATEGORIES: dict[str, str] = {
    **{curie: name for name, curie in ENTITY_TYPES.items()},
    "biolink:GeneOrGeneProduct": "Gene",
    "biolink:Polypeptide": "Protein",
    "biolink:ProteinFamily": "Protein",
    "biolink:GeneFamily": "Gene",
    "biolink:ComplexMolecularMixture": "ChemicalEntity",
    "biolink:MolecularMixture": "ChemicalEntity",
    "biolink:ChemicalMixture": "ChemicalEntity",
    "biolink:Drug": "ChemicalEntity",
    "biolink:MolecularEntity": "SmallMolecule",
    "biolink:Pathway": "BiologicalProcess",
    "biolink:PhysiologicalProcess": "BiologicalProcess",
    "biolink:MolecularActivity": "BiologicalProcess",
    "biolink:BiologicalProcessOrActivity": "BiologicalProcess",
    "biolink:DiseaseOrPhenotypicFeature": "Disease",
    "biolink:GrossAnatomicalStructure": "AnatomicalEntity",
    "biolink:CellLine": "Cell",
}

#: Biolink predicate -> mechkg relation, when no direction qualifier says more.
PREDICATES: dict[str, str] = {
    "biolink:affects": "regulates",
    "biolink:regulates": "regulates",
    "biolink:causes": "increases",
    "biolink:contributes_to": "increases",
    "biolink:positively_regulates": "increases",
    "biolink:negatively_regulates": "decreases",
    "biolink:positively_correlated_with": "positively_correlated",
    "biolink:negatively_correlated_with": "negatively_correlated",
    "biolink:correlated_with": "associated",
    "biolink:associated_with": "associated",
    "biolink:part_of": "part_of",
    "biolink:located_in": "located_in",
}
#: (predicate, object_direction_qualifier) -> relation, for Biolink's causal qualifiers.
DIRECTED: dict[tuple[str, str], str] = {
    (p, d): rel
    for p in ("biolink:affects", "biolink:causes", "biolink:regulates")
    for d, rel in (("increased", "increases"), ("upregulated", "increases"),
                   ("decreased", "decreases"), ("downregulated", "decreases"))
}  # fmt: skip
#: Biolink ``object_aspect_qualifier`` / ``subject_aspect_qualifier`` -> BEL modifier.
ASPECTS = {"activity": "act()", "degradation": "deg()"}

#: Biolink knowledge_level -> the evidence level it can support at most.
KNOWLEDGE_LEVELS: dict[str, str] = {
    "prediction": "hypothesis",
    "knowledge_assertion": "background",
    "logical_entailment": "inferred",
    "statistical_association": "correlation",
    "observation": "correlation",
}
#: Biolink agent_type -> evidence level, when the knowledge level is absent or
#: ``not_provided``.
AGENT_TYPES: dict[str, str] = {
    "manual_agent": "background",
    "manual_validation_of_automated_agent": "background",
    "automated_agent": "background",
    "text_mining_agent": "background",
    "data_analysis_pipeline": "inferred",
    "image_processing_agent": "inferred",
    "computational_model": "hypothesis",
    "not_provided": "background",
}
if not set(PREDICATES.values()) <= set(RELATIONS):  # pragma: no cover - import guard
    raise RuntimeError("mechkg.load.kgx_map: a predicate maps to an unknown relation")


def relation_of(predicate: str, direction: str, qualified: str) -> str | None:
    """The mechkg relation of a Biolink predicate with its direction qualifier (and
    ``qualified_predicate``), or None when mechkg has no such relation."""
    for p in (qualified, predicate):
        if p and direction and (p, direction) in DIRECTED:
            return DIRECTED[(p, direction)]
    return PREDICATES.get(predicate)


def evidence_of(knowledge_level: str, agent_type: str) -> str:
    """The evidence level of an edge's knowledge level and agent type (see the tables)."""
    if knowledge_level in KNOWLEDGE_LEVELS:
        return KNOWLEDGE_LEVELS[knowledge_level]
    return AGENT_TYPES.get(agent_type, "background")
