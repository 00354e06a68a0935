"""Reading KGX graphs (Biolink TSV or JSON Lines, a nodes file and an edges file).

``x_edges.tsv`` (or ``edges.tsv``, ``x_edges.jsonl``) is read with the nodes file beside
it (``x_nodes.tsv`` ...): nodes become entities (category -> type, name -> label,
synonyms, xrefs, description), edges claims (predicate and qualifiers -> relation,
``knowledge_level``/``agent_type`` -> evidence level, ``publications`` -> sources, one
claim per publication, ``supporting_text`` -> quote, the context qualifiers, ``negated``,
``has_evidence``). The mapping tables are in :mod:`mechkg.load.kgx_map`. mechkg's own
columns (``evidence_level``, ``original_predicate`` ``mkg:...``, ``source`` ...), written
by ``mechkg export kgx``, are read back first, so a graph mechkg wrote comes back whole.

A nodes file named on its own gives its entities; beside its edges file it is read with
that file (so naming both, or their folder, reads each once). What has no mechkg
meaning (an unknown category or predicate, a qualifier mechkg has no field for) is left
out and listed in one :class:`~mechkg.load.foreign.ConversionWarning`.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..cells import tsv_unescape
from ..curie import CurieProblem, check_curie
from ..schema import FIELDS
from ..vocab import EVIDENCE_LEVELS, RELATIONS
from . import kgx_map as M
from .foreign import Builder, slug
from .spec import FileData, Reporter

__all__ = [
    "read_kgx_file",
    "partner",
    "role",
    "node_id",
    "KNOWN_EDGE_COLUMNS",
    "KNOWN_NODE_COLUMNS",
]

_ROLE = re.compile(r"(?i)(^|_)(nodes|edges)(\.tsv|\.jsonl)$")
_PUB = re.compile(r"(?i)^(pmid|doi):\s*(\S+)$")
#: Biolink slots mechkg reads; a filled column outside these is reported.
KNOWN_NODE_COLUMNS = frozenset(
    {"id", "category", "name", "synonym", "xref", "description", "iri", "provided_by"}
)
KNOWN_EDGE_COLUMNS = frozenset(
    {"id", "subject", "predicate", "object", "category", "qualified_predicate",
     "object_direction_qualifier", "object_aspect_qualifier", "subject_aspect_qualifier",
     "negated", "knowledge_level", "agent_type", "primary_knowledge_source",
     "aggregator_knowledge_source", "publications", "evidence_rank", "knowledge_source",
     "provided_by", "relation"}
    | {f.kgx for f in FIELDS["claim"].values() if f.kgx}
)  # fmt: skip


def role(path: Path) -> str | None:
    """``"nodes"`` or ``"edges"`` for a file named as one of a KGX pair, else None."""
    m = _ROLE.search(path.name)
    return m[2].lower() if m else None


def partner(path: Path) -> Path | None:
    """The other file of a KGX pair (``x_nodes.tsv`` for ``x_edges.tsv``), or None when
    ``path`` is not named as one."""
    m = _ROLE.search(path.name)
    if m is None:
        return None
    other = "nodes" if m[2].lower() == "edges" else "edges"
    return path.with_name(path.name[: m.start(2)] + other + path.name[m.end(2) :])


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, record) of a TSV or JSON Lines table; list cells as lists."""
    if path.name.lower().endswith(".jsonl"):
        with path.open(encoding="utf-8") as handle:
            for line, text in enumerate(handle, start=1):
                if text.strip():
                    try:
                        record = json.loads(text)
                    except json.JSONDecodeError as exc:
                        raise _Bad(line, f"not JSON ({exc.msg})") from None
                    if not isinstance(record, dict):
                        raise _Bad(line, "a KGX JSON Lines record is a JSON object")
                    yield line, record
        return
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for record in reader:
            yield (
                reader.line_num,
                {
                    k: [unquote(v) for v in text.split("|")] if "|" in text else text
                    for k, cell in record.items()
                    if k is not None and cell and (text := tsv_unescape(cell))
                },
            )


class _Bad(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _all(value: Any) -> list[str]:
    if value in (None, "", []):
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v).replace("%7C", "|") for v in values if v not in (None, "")]


def _one(value: Any) -> str:
    values = _all(value)
    return values[0] if values else ""


def _curie(value: str) -> str | None:
    try:
        return check_curie(value)
    except CurieProblem:
        return None


_MINTED = re.compile(r"/entity/([^/#?]+)$")


def node_id(value: str, iri: str = "") -> str:
    """The entity id of a node: mechkg's own ``MECHKG:x`` is ``x`` (as a node id or, beside
    a CURIE id, among the xrefs), as is a node whose ``iri`` mechkg minted
    (``<base>entity/x``); any other node id is made an id."""
    if value.startswith("MECHKG:"):
        return unquote(value[7:])
    minted = _MINTED.search(iri)
    return unquote(minted[1]) if minted else slug(value)


def _nodes(path: Path, b: Builder, rep: Reporter) -> dict[str, str]:
    """Read a nodes file into ``b`` (its problems to ``rep``); node id -> entity id of
    the nodes kept."""
    kept: dict[str, str] = {}
    where = path.name
    for line, row in _rows(path):
        nid = _one(row.get("id"))
        if not nid:
            rep.add(line, "node without an id", "give every node an id (a CURIE)")
            continue
        types = [M.CATEGORIES[c] for c in _all(row.get("category")) if c in M.CATEGORIES]
        if not types:
            b.unmapped(f"node of category {_one(row.get('category')) or '(none)'}",
                       f"{where}:{line}")  # fmt: skip
            continue
        listed = _all(row.get("xref"))
        own = next((x for x in listed if x.startswith("MECHKG:")), "")  # mechkg's node ids
        xrefs = [x for x in (nid, *listed) if not x.startswith("MECHKG:")]
        good = [c for c in map(_curie, xrefs) if c]
        for x in xrefs:
            if _curie(x) is None:
                b.unmapped("xref of a prefix mechkg does not know", f"{where}:{line}")
        for extra in sorted(set(row) - KNOWN_NODE_COLUMNS):
            b.unmapped(f"node column {extra}", f"{where}:{line}")
        ident = node_id(own or nid, _one(row.get("iri")))
        if ident in kept.values():
            rep.add(line, f"node id {nid!r} gives the entity id {ident!r} twice",
                      "node ids must differ in more than punctuation", claim=ident,
                      what="entity")  # fmt: skip
            continue
        values: dict[str, Any] = {
            "id": ident,
            "label": _one(row.get("name")) or nid,
            "type": types[0],
            "synonyms": _all(row.get("synonym")),
            "xrefs": good,
        }
        if _one(row.get("description")):
            values["description"] = _one(row.get("description"))
        kept[nid] = b.entity(nid, values, line)  # the id as the builder made it
    return kept


def _relation(row: dict[str, Any]) -> str | None:
    own = _one(row.get("original_predicate"))
    if own.startswith("mkg:") and own[4:] in RELATIONS:
        return own[4:]
    return M.relation_of(
        _one(row.get("predicate")),
        _one(row.get("object_direction_qualifier")),
        _one(row.get("qualified_predicate")),
    )


def _sources(row: dict[str, Any], b: Builder, line: int) -> list[str]:
    """The source ids of an edge: mechkg's own column, else one per publication, else
    the primary knowledge source (a dataset)."""
    own = _one(row.get("source"))
    if own:
        return [b.source(f"mechkg:{own}", _pub_values(own, row), line)]
    out = []
    for pub in _all(row.get("publications")):
        m = _PUB.match(pub)
        if m and m[1].lower() == "pmid":
            out.append(b.source(f"PMID:{m[2]}", {"id": f"pmid_{m[2]}", "kind": "article",
                                                  "pmid": m[2]}, line))  # fmt: skip
        elif m:
            out.append(b.source(f"doi:{m[2]}", {"id": f"doi_{m[2]}", "kind": "article",
                                                 "doi": m[2]}, line))  # fmt: skip
        elif pub.startswith(("http://", "https://")):
            out.append(b.source(pub, {"kind": "webpage", "url": pub}, line))
        else:
            b.unmapped("publication that is not a PMID, DOI or URL", f"line {line}")
    if not out:
        infores = _one(row.get("primary_knowledge_source")) or "infores:unknown"
        out.append(b.source(infores, {"id": infores, "kind": "dataset"}, line))
    return out


def _pub_values(own: str, row: dict[str, Any]) -> dict[str, Any]:
    """mechkg's own source column: the id, and the one publication when the claim
    credits no other work (else the publications may be the other work's)."""
    values: dict[str, Any] = {"id": own, "kind": "article"}
    pubs = _all(row.get("publications"))
    if len(pubs) != 1 or _one(row.get("attributed_to")):
        return values
    m = _PUB.match(pubs[0]) if pubs else None
    if m:
        values["pmid" if m[1].lower() == "pmid" else "doi"] = m[2]
    elif pubs and pubs[0].startswith(("http://", "https://")):
        values["url"] = pubs[0]
    return values


def _claim_id(row: dict[str, Any], line: int) -> str:
    eid = _one(row.get("id"))
    if eid.startswith(("http://", "https://")):
        return unquote(re.split(r"[/#]", eid.rstrip("/"))[-1])
    return eid or f"edge{line}"


def _edges(path: Path, b: Builder, nodes: dict[str, str]) -> None:
    where = path.name
    for line, row in _rows(path):
        at = f"{where}:{line}"
        subj, obj = _one(row.get("subject")), _one(row.get("object"))
        if not subj or not obj:
            b.rep.add(line, "edge without a subject or object", "give both node ids")
            continue
        if subj not in nodes or obj not in nodes:
            b.unmapped("edge to a node that is not kept", at)
            continue
        relation = _relation(row)
        if relation is None:
            b.unmapped(f"edge of predicate {_one(row.get('predicate')) or '(none)'}", at)
            continue
        for extra in sorted(set(row) - KNOWN_EDGE_COLUMNS):
            b.unmapped(f"edge column {extra}", at)
        own = _one(row.get("evidence_level"))
        evidence = own if own in EVIDENCE_LEVELS else M.evidence_of(
            _one(row.get("knowledge_level")), _one(row.get("agent_type")))  # fmt: skip
        negated = _one(row.get("negated")).lower() == "true"
        if relation == "causes_no_change":
            negated = False  # the relation says it; mechkg writes negated for Biolink
        modifiers = {}
        for role in ("subject", "object"):
            own_mod = _one(row.get(f"{role}_modifier"))
            aspect = _one(row.get(f"{role}_aspect_qualifier"))
            if own_mod:
                modifiers[f"{role}_modifier"] = own_mod
            elif aspect in M.ASPECTS:
                modifiers[f"{role}_modifier"] = M.ASPECTS[aspect]
            elif aspect:
                b.unmapped(f"{role}_aspect_qualifier {aspect}", at)
        quotes = _all(row.get("supporting_text"))
        if len(quotes) > 1:
            b.unmapped("supporting_text beyond the first", at)
        species = _one(row.get("species_context_qualifier"))
        base = _claim_id(row, line)
        sources = _sources(row, b, line)
        for n, source in enumerate(sources, start=1):
            b.claim(base if len(sources) == 1 else f"{base}_{n}", line, {
                "subject": nodes[subj],
                "relation": relation,
                "object": nodes[obj],
                "evidence": evidence,
                "source": source,
                "quote": quotes[0] if quotes else None,
                "quote_lang": _one(row.get("supporting_text_language")) or None,
                # a source's id as the builder makes it (mechkg's own column)
                "attributed_to": slug(a) if (a := _one(row.get("attributed_to"))) else None,
                "species": species or None,
                "anatomy": tuple(nodes.get(a, a)
                                 for a in _all(row.get("anatomical_context_qualifier"))),
                "model": nodes.get(m, m) if (m := _one(row.get("condition"))) else None,
                "condition": tuple(nodes.get(c, c)
                                   for c in _all(row.get("experimental_condition"))),
                "dose": _one(row.get("dose")) or None,
                "route": _one(row.get("route")) or None,
                "time": _one(row.get("temporal_context_qualifier")) or None,
                "method": tuple(_all(row.get("method"))),
                "eco": _eco(row, evidence),
                "belief": _one(row.get("belief")) or None,
                **modifiers,
                "negated": negated,
                "requires": tuple(nodes.get(r, r) for r in _all(row.get("requires"))),
                "independent_of": tuple(nodes.get(r, r)
                                        for r in _all(row.get("independent_of"))),
                "figure": _one(row.get("figure")) or None,
                "note": _one(row.get("note")) or None,
            })  # fmt: skip


def _eco(row: dict[str, Any], evidence: str) -> str | None:
    """``has_evidence``, unless it is only the evidence level's own default code."""
    eco = _one(row.get("has_evidence"))
    return eco if eco and eco != EVIDENCE_LEVELS[evidence].eco else None


def read_kgx_file(path: Path, display: str, rep: Reporter) -> FileData:
    """Read one KGX file (see the module docstring); problems go to ``rep``."""
    b = Builder(display, rep)
    other = partner(path)
    try:
        if other is not None and role(path) == "edges":
            if not other.is_file():
                rep.add(None, f"no nodes file {other.name} beside this edges file",
                        "KGX is two files: keep the nodes file beside the edges file")  # fmt: skip
                return b.finish()
            nodes_rep = Reporter(str(Path(display).with_name(other.name)), rep.problems)
            try:
                nodes = _nodes(other, b, nodes_rep)
            except _Bad as exc:
                nodes_rep.add(exc.line, exc.message, "each line is one KGX record")
                return b.finish()
            _edges(path, b, nodes)
        elif other is not None and other.is_file():
            path.stat()  # read with its edges file; still report a file that is gone
        else:
            _nodes(path, b, rep)
    except _Bad as exc:
        rep.add(exc.line, exc.message, "each line is one KGX record")
    except UnicodeDecodeError:
        rep.add(None, "is not UTF-8 text", "save the KGX files as UTF-8")
    except csv.Error as exc:
        rep.add(None, f"is not a readable TSV table ({exc})", "check the file")
    return b.finish()
