"""INDRA Statements JSON export (plain JSON: no extra needed to write it).

Each signed causal claim becomes one statement with one Evidence: ``increases`` and
``directly_increases`` an ``IncreaseAmount`` of a gene, protein, complex or chemical
(an ``Activation`` when the object modifier is an activity, or the object is a process,
behaviour, phenotype or disease), ``decreases`` a ``DecreaseAmount`` or an
``Inhibition``. Agents carry the entity's label and exact matches as ``db_refs``
(``HGNC``, ``UP``, ``CHEBI``, ``GO``, ``MESH``, ``EGID`` ...) and its mechkg id as
``MECHKG``. The Evidence has the quote as ``text``, the source's PMID (``pmid`` and
``text_refs``) or DOI, ``source_api`` ``mechkg``, ``epistemics`` (``direct`` for the
``directly_`` relations, ``negated``, ``hypothesis`` for the hypothesis level) and the
evidence level, claim id and entity types as ``annotations``; the claim's ``belief``
is the statement's ``belief`` (1 when it has none, INDRA's prior for a curated
statement). Claims of other
relations (``regulates``, correlations, structural, no change) have no INDRA statement of
their sign and are left out. INDRA's ``stmts_from_json`` reads the file, and its
assemblers run on the statements.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from ..io import write_output
from ..model import Claim, Entity, KnowledgeGraph

__all__ = ["to_indra", "write_indra", "statements"]

#: CURIE prefix -> (INDRA db_refs namespace, whether the value keeps the prefix)
_NAMESPACES = {"HGNC": ("HGNC", False), "UniProtKB": ("UP", False), "CHEBI": ("CHEBI", True),
               "GO": ("GO", True), "MESH": ("MESH", False), "NCBIGene": ("EGID", False),
               "HP": ("HP", True), "MONDO": ("MONDO", True), "EFO": ("EFO", False),
               "UBERON": ("UBERON", True), "CL": ("CL", True)}  # fmt: skip
_AMOUNTS = {"Gene", "Protein", "MacromolecularComplex", "SmallMolecule", "ChemicalEntity"}
_KINDS = {(1, True): "Activation", (-1, True): "Inhibition",
          (1, False): "IncreaseAmount", (-1, False): "DecreaseAmount"}  # fmt: skip
_SIGN = {"increases": 1, "directly_increases": 1, "decreases": -1, "directly_decreases": -1}


def _agent(e: Entity) -> dict[str, Any]:
    refs: dict[str, str] = {"TEXT": e.label, "MECHKG": e.id}
    for x in e.xrefs:
        prefix, _, local = x.partition(":")
        if prefix in _NAMESPACES:
            ns, carries = _NAMESPACES[prefix]
            refs.setdefault(ns, x if carries else local)
    return {"name": e.label, "db_refs": refs}


def _evidence(kg: KnowledgeGraph, c: Claim) -> dict[str, Any]:
    src = kg.sources[c.source]
    ev: dict[str, Any] = {"source_api": "mechkg", "source_id": c.id}
    if c.quote:
        ev["text"] = c.quote
    refs: dict[str, str] = {}
    if src.pmid:
        ev["pmid"] = refs["PMID"] = src.pmid
    if src.doi:
        refs["DOI"] = src.doi
    if refs:
        ev["text_refs"] = refs
    ev["epistemics"] = {
        "direct": c.relation.startswith("directly_"),
        "negated": c.negated,
        "hypothesis": c.evidence == "hypothesis",
    }
    ev["annotations"] = {
        "mechkg_evidence": c.evidence,
        "mechkg_claim": c.id,
        # INDRA agents have no type: mechkg's own, for reading the file back
        "mechkg_types": {"subj": kg.entities[c.subject].type, "obj": kg.entities[c.object].type},
    }
    return ev


def _statement(kg: KnowledgeGraph, c: Claim) -> dict[str, Any] | None:
    sign = _SIGN.get(c.relation)
    if sign is None:
        return None
    obj = kg.entities[c.object]
    activity = (c.object_modifier or "").startswith("act(") or obj.type not in _AMOUNTS
    kind = _KINDS[(sign, activity)]
    # a stable id per claim, so the file is the same for the same graph
    digest = hashlib.sha1(f"{kg.base}claim/{c.id}".encode()).digest()[:16]
    out: dict[str, Any] = {"type": kind, "subj": _agent(kg.entities[c.subject]),
                           "obj": _agent(obj)}  # fmt: skip
    if activity:
        out["obj_activity"] = "activity"
    out["belief"] = float(c.belief) if c.belief is not None else 1
    out["evidence"] = [_evidence(kg, c)]
    out["id"] = str(uuid.UUID(bytes=digest))
    return out


def statements(kg: KnowledgeGraph) -> list[dict[str, Any]]:
    """The graph's claims as INDRA statement JSON objects (those INDRA can hold)."""
    return [s for c in kg.claims.values() if (s := _statement(kg, c)) is not None]


def to_indra(kg: KnowledgeGraph) -> str:
    """The graph as INDRA Statements JSON text (a list, indented, deterministic)."""
    return json.dumps(statements(kg), indent=1, ensure_ascii=False) + "\n"


def write_indra(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write INDRA Statements JSON to a path (atomically) or an open text file; warns
    (:class:`~mechkg.load.foreign.ConversionWarning`) naming the claims left out."""
    from ..load.foreign import left_by_relation, warn_not_written

    write_output(path_or_file, to_indra(kg))
    left = left_by_relation(kg, _SIGN, "no signed INDRA statement")
    warn_not_written(path_or_file, "INDRA Statements", left)
