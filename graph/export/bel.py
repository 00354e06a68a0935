"""BEL script export, written by PyBEL (needs the ``bel`` extra).

Each claim whose relation BEL has becomes a statement: the entity's type gives the BEL
function (``Protein`` ``p()``, ``Gene`` ``g()``, complexes ``complex()``, chemicals
``a()``, processes, behaviours and procedures ``bp()``, diseases and phenotypes
``path()``), its first exact match of a namespace BEL uses (else ``MECHKG:<id>``) the
term; the source's PMID, DOI or URL the citation; the quote the evidence text (BEL
requires one: a claim without a quote says ``No quote (mechkg claim <id>)``); species
and anatomy the ``Species`` and ``Anatomy`` annotations; the modifiers ``act()``,
``deg()``, ``tloc()``, ``loc()``; and the evidence level and negation mechkg's own
``EvidenceLevel`` and ``Negated`` annotations, so that ``mechkg`` reads the script back
to the same claims. ``located_in`` claims have no BEL relation and are left out (BEL
says where with ``loc()``); what else BEL cannot hold is listed in ``docs/formats/bel.md``.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from ..io import write_output
from ..load.bel_reader import NO_QUOTE, RELATIONS, load_pybel
from ..load.foreign import left_by_relation, warn_not_written
from ..model import Claim, Entity, KnowledgeGraph
from ..modifiers import parse_modifier
from ..vocab import EVIDENCE_LEVELS

__all__ = ["to_bel", "write_bel", "BEL_RELATIONS", "BEL_NAMESPACES"]

#: mechkg relation -> BEL relation (the inverse of the reader's table).
BEL_RELATIONS = {mine: bel for bel, mine in RELATIONS.items() if bel != "correlation"}
#: The CURIE prefixes an entity's exact match may name its BEL term by.
BEL_NAMESPACES = ("HGNC", "MGI", "NCBIGene", "UniProtKB", "CHEBI", "GO", "MESH", "HP",
                  "MONDO", "UBERON", "CL", "EFO", "NCIT")  # fmt: skip
_FUNCTIONS = {
    "Protein": "Protein", "Gene": "Gene", "MacromolecularComplex": "NamedComplexAbundance",
    "SmallMolecule": "Abundance", "ChemicalEntity": "Abundance", "Disease": "Pathology",
    "PhenotypicFeature": "Pathology",
}  # fmt: skip


def _node(e: Entity, dsl: Any) -> Any:
    kind = getattr(dsl, _FUNCTIONS.get(e.type, "BiologicalProcess"))
    for x in e.xrefs:
        prefix, _, local = x.partition(":")
        if prefix in BEL_NAMESPACES:
            return kind(namespace=prefix, name=e.label, identifier=local)
    return kind(namespace="MECHKG", name=e.label, identifier=e.id)


def _term(curie: str) -> dict[str, str]:
    prefix, _, local = curie.partition(":")
    return {"namespace": prefix, "identifier": local, "name": curie}


def _modifier(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    out: dict[str, Any] = {}
    for part in parse_modifier(text):
        if part.kind == "act":
            out["modifier"] = "Activity"
            if part.terms:
                out["effect"] = _term(part.terms[0])
        elif part.kind == "deg":
            out["modifier"] = "Degradation"
        elif part.kind == "tloc":
            out["modifier"] = "Translocation"
            out["effect"] = {"fromLoc": _term(part.terms[0]), "toLoc": _term(part.terms[1])}
        else:
            out["location"] = _term(part.terms[0])
    return out


def _escape(text: str) -> str:
    """A BEL string's inside: backslash, double quote and line breaks escaped (PyBEL
    writes evidence as given, so mechkg escapes it first)."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))  # fmt: skip


def _citation(kg: KnowledgeGraph, c: Claim) -> tuple[str, str]:
    src = kg.sources[c.source]
    if src.pmid:
        return ("pubmed", src.pmid)
    if src.doi:
        return ("doi", src.doi)
    if src.url:
        return ("url", src.url)
    return ("url", f"{kg.base}source/{src.id}")


def _graph(kg: KnowledgeGraph) -> Any:
    pybel = load_pybel()
    from pybel import dsl

    graph = pybel.BELGraph(name="mechkg export", version="1.0.0",
                           description="Claims exported by mechkg", authors="mechkg",
                           contact="https://w3id.org/mechkg")  # fmt: skip
    annotations = {"EvidenceLevel": set(EVIDENCE_LEVELS), "Negated": {"true", "false"}}
    graph.annotation_list.update(annotations)
    graph.annotation_pattern.update({"Species": r"^\d+$", "Anatomy": ".*"})
    nodes = {eid: _node(e, dsl) for eid, e in kg.entities.items()}
    for ns in sorted({n.namespace for n in nodes.values()}):
        graph.namespace_pattern[ns] = ".*"
    for c in kg.claims.values():
        relation = BEL_RELATIONS.get(c.relation)
        if relation is None:
            continue
        ann: dict[str, Any] = {"EvidenceLevel": [c.evidence]}
        if c.negated:
            ann["Negated"] = ["true"]
        if c.species:
            ann["Species"] = [c.species.split(":", 1)[1]]
        if c.anatomy:
            ann["Anatomy"] = [kg.entities[a].label if a in kg.entities else a for a in c.anatomy]
        graph.add_qualified_edge(
            nodes[c.subject], nodes[c.object], relation=relation,
            evidence=_escape(c.quote or f"{NO_QUOTE}{c.id})"),
            citation=_citation(kg, c), annotations=ann,
            source_modifier=_modifier(c.subject_modifier),
            target_modifier=_modifier(c.object_modifier),
        )  # fmt: skip
    return graph


def to_bel(kg: KnowledgeGraph) -> str:
    """The graph as a BEL script (PyBEL's canonical layout; deterministic for a graph).

    Raises
    ------
    ImportError
        Without the ``bel`` extra, saying how to install it.
    """
    graph = _graph(kg)
    from pybel.canonicalize import to_bel_script_lines

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lines = list(to_bel_script_lines(graph))
    out = io.StringIO()
    for line in lines:
        if line.startswith("# This document was created by PyBEL"):
            line = "# This document was created by mechkg with PyBEL"  # no clock time
        out.write(line + "\n")
    return out.getvalue()


def write_bel(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write the BEL script to a path (atomically) or an open text file; warns
    (:class:`~mechkg.load.foreign.ConversionWarning`) naming the claims left out."""
    write_output(path_or_file, to_bel(kg))
    left = left_by_relation(kg, BEL_RELATIONS, "no BEL relation")
    warn_not_written(path_or_file, "BEL", left)
