"""Reading INDRA Statements JSON (``.indra.json``), through the ``indra`` package (the
``indra`` extra: ``pip install 'mechkg[indra]'``).

Each Evidence of a statement becomes one claim: ``Activation``/``IncreaseAmount``
``increases``, ``Inhibition``/``DecreaseAmount`` ``decreases``, an ``Influence`` by the
product of its polarities (``regulates`` when either is unknown), a modification
(``Phosphorylation`` ...) ``increases`` the modified form of its substrate (an entity of
its own whose broad match is the substrate) and its removal (``Dephosphorylation`` ...)
``decreases`` it. The evidence's text is the quote, its PMID (else DOI) the source,
else its ``source_api`` (a dataset); ``epistemics``: ``hypothesis`` gives the evidence
level ``hypothesis`` (else ``background``: INDRA says what a text or database states,
not how it was shown), ``negated`` a negated claim, ``direct`` the ``directly_``
relation. The statement's ``belief`` is the claim's ``belief``, never its evidence level.
``obj_activity`` other than ``activity`` and other statement types are listed in one
warning. Records INDRA cannot read are problems naming the statement's index.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from ..curie import CurieProblem, check_curie
from ..vocab import ENTITY_TYPES, EVIDENCE_LEVELS
from .foreign import Builder, missing_extra
from .spec import FileData, Reporter

__all__ = ["read_indra_file", "DB_REFS", "TYPES", "load_indra"]

#: INDRA db_refs namespace -> (CURIE prefix, whether its ids carry the prefix)
DB_REFS = {"HGNC": ("HGNC", False), "UP": ("UniProtKB", False), "CHEBI": ("CHEBI", True),
           "GO": ("GO", True), "MESH": ("MESH", False), "EGID": ("NCBIGene", False),
           "NCBIGene": ("NCBIGene", False), "HP": ("HP", True), "MONDO": ("MONDO", True),
           "EFO": ("EFO", False), "UBERON": ("UBERON", True), "CL": ("CL", True)}  # fmt: skip
#: db_refs namespace -> the entity type of an agent grounded to it (first match wins).
TYPES = {"HGNC": "Protein", "UP": "Protein", "FPLX": "Protein", "EGID": "Protein",
         "NCBIGene": "Protein", "CHEBI": "SmallMolecule", "PUBCHEM": "SmallMolecule",
         "DRUGBANK": "SmallMolecule", "HMDB": "SmallMolecule", "GO": "BiologicalProcess",
         "HP": "PhenotypicFeature", "MONDO": "Disease", "DOID": "Disease",
         "UBERON": "AnatomicalEntity", "CL": "Cell"}  # fmt: skip
_SIGNED = {"Activation": 1, "IncreaseAmount": 1, "Inhibition": -1, "DecreaseAmount": -1}
_RELATION = {(1, False): "increases", (1, True): "directly_increases",
             (-1, False): "decreases", (-1, True): "directly_decreases"}  # fmt: skip


def load_indra() -> Any:
    """The ``indra.statements`` module, or an ImportError saying how to install it."""
    try:
        logging.getLogger("indra").setLevel(logging.ERROR)  # its import logs its config
        import indra.statements as statements
    except ImportError:
        raise missing_extra("indra", "indra", "INDRA Statements") from None
    return statements


def _xrefs(db_refs: dict[str, Any]) -> list[str]:
    out = []
    for ns, value in db_refs.items():
        if ns not in DB_REFS or not isinstance(value, str):
            continue
        prefix, carries = DB_REFS[ns]
        local = value.split(":", 1)[1] if carries and ":" in value else value
        try:
            out.append(check_curie(f"{prefix}:{local}"))
        except CurieProblem:
            pass
    return out


def _agent(
    agent: Any, b: Builder, where: str, form: str = "", own: str | None = None
) -> str | None:
    """The entity of an agent (``own``: the type ``mechkg export indra`` gave it)."""
    if agent is None:
        return None
    refs = {k: v for k, v in (agent.db_refs or {}).items() if k != "TEXT"}
    kinds = [TYPES[ns] for ns in refs if ns in TYPES]
    if own in ENTITY_TYPES and not form:
        kinds.insert(0, own)
    if not kinds:
        b.unmapped("agent grounded to no namespace mechkg can type", where)
        return None
    if agent.mods or agent.mutations or agent.bound_conditions:
        b.unmapped("agent condition (modification, mutation, bound agent)", where)
    xrefs = _xrefs(refs)
    # one entity per grounding: the same HGNC id with or without a UniProt id is one
    key = json.dumps([sorted(xrefs)[:1] or [agent.name, sorted(refs.items())], form])

    def make() -> dict[str, Any]:
        values: dict[str, Any] = {"label": f"{agent.name}{form}", "type": kinds[0]}
        if "MECHKG" in refs and not form:
            values["id"] = refs["MECHKG"]
        values["broad_matches" if form else "xrefs"] = xrefs
        return values

    return b.entity(key, make, None)


def _edge(stmt: Any, st: Any, b: Builder, where: str) -> tuple[Any, ...] | None:
    """(subject, sign, object, subject modifier, object modifier) of a statement."""
    kind = type(stmt).__name__
    if kind in _SIGNED:
        obj_mod = "act()" if kind in ("Activation", "Inhibition") else None
        if obj_mod and stmt.obj_activity != "activity":
            b.unmapped(f"obj_activity {stmt.obj_activity} (read as activity)", where)
        own = _own_types(stmt)
        if obj_mod and own.get("obj") not in (None, *_AMOUNTS):
            obj_mod = None  # mechkg wrote an Activation of a process, not of its activity
        return (_agent(stmt.subj, b, where, own=own.get("subj")), _SIGNED[kind],
                _agent(stmt.obj, b, where, own=own.get("obj")), None, obj_mod)  # fmt: skip
    if kind == "Influence":
        pol = stmt.overall_polarity()
        subj = _agent(stmt.subj.concept, b, where)
        return subj, pol, _agent(stmt.obj.concept, b, where), None, None
    if isinstance(stmt, st.Modification):
        sign = -1 if isinstance(stmt, st.RemoveModification) else 1
        mod = st.modclass_to_modtype[type(stmt)]
        if sign < 0:  # dephosphorylation decreases the phosphorylated form
            mod = mod.removeprefix("de")
        site = "".join(x for x in (stmt.residue, stmt.position) if x)
        form = f" ({mod}{' at ' + site if site else ''})"
        return (_agent(stmt.enz, b, where), sign, _agent(stmt.sub, b, where, form), None,
                None)  # fmt: skip
    b.unmapped(f"{kind} statement", where)
    return None


#: the types INDRA writes an amount statement for (see mechkg.export.indra)
_AMOUNTS = {"Gene", "Protein", "MacromolecularComplex", "SmallMolecule", "ChemicalEntity"}


def _own_types(stmt: Any) -> dict[str, str]:
    """The entity types ``mechkg export indra`` put in the first evidence's annotations."""
    for ev in stmt.evidence or []:
        types = (ev.annotations or {}).get("mechkg_types")
        if isinstance(types, dict):
            return {k: v for k, v in types.items() if isinstance(v, str)}
    return {}


def _source(ev: Any, b: Builder) -> str:
    refs = ev.text_refs or {}
    pmid = ev.pmid or refs.get("PMID")
    if pmid and str(pmid).isdigit():
        return b.source(f"PMID:{pmid}", {"id": f"pmid_{pmid}", "kind": "article",
                                         "pmid": str(pmid)}, None)  # fmt: skip
    doi = refs.get("DOI")
    if doi:
        return b.source(f"doi:{doi.lower()}", {"id": f"doi_{doi}", "kind": "article",
                                               "doi": doi}, None)  # fmt: skip
    api = ev.source_api or "unknown"
    return b.source(f"api:{api}", {"id": f"indra_{api}", "kind": "dataset",
                                   "title": f"INDRA source {api}"}, None)  # fmt: skip


def read_indra_file(path: Path, display: str, rep: Reporter) -> FileData:
    """Read an INDRA Statements JSON file (see the module docstring)."""
    st = load_indra()
    b = Builder(display, rep)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        rep.add(exc.lineno, f"not JSON ({exc.msg})", "check the file")
        return b.finish()
    if not isinstance(records, list):
        rep.add(None, "INDRA Statements JSON is a list of statements",
                "write it with indra.statements.stmts_to_json")  # fmt: skip
        return b.finish()
    for i, record in enumerate(records):
        where = f"statement {i}"
        try:
            stmt = st.Statement._from_json(record)
        except Exception as exc:  # INDRA raises many kinds on a bad record
            rep.add(None, f"{where}: INDRA cannot read it ({type(exc).__name__}: {exc})",
                    "check the statement against INDRA's JSON schema")  # fmt: skip
            continue
        edge = _edge(stmt, st, b, where)
        if edge is None or edge[0] is None or edge[2] is None:
            continue
        subject, sign, obj, subj_mod, obj_mod = edge
        belief = stmt.belief if isinstance(stmt.belief, (int, float)) else None
        for j, ev in enumerate(stmt.evidence or [], start=1):
            epi = ev.epistemics or {}
            own = (ev.annotations or {}).get("mechkg_evidence")
            level = own if own in EVIDENCE_LEVELS else (
                "hypothesis" if epi.get("hypothesis") else "background")  # fmt: skip
            relation = "regulates" if sign is None else _RELATION[(sign, bool(epi.get("direct")))]
            b.claim(f"{(stmt.uuid or str(i))[:12]}_{j}", None, {
                "subject": subject, "relation": relation, "object": obj,
                "evidence": level, "source": _source(ev, b),
                "quote": ev.text or None, "belief": belief,
                "subject_modifier": subj_mod, "object_modifier": obj_mod,
                "negated": bool(epi.get("negated")),
            })  # fmt: skip
        if not stmt.evidence:
            b.unmapped("statement without evidence", where)
    return b.finish()
