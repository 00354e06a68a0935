"""Reading BEL through PyBEL: BEL scripts (``.bel``) and PyBEL node-link JSON
(``.bel.nodelink.json``). Needs the ``bel`` extra (``pip install 'mechkg[bel]'``).

Each BEL term becomes an entity (its function gives the type, its namespace and
identifier an exact match, a variant such as ``pmod(Ph)`` a form of its own whose broad
match is the unmodified term); each causal, correlative or structural statement a claim:
the relation by :data:`RELATIONS`, the citation its source, the evidence text its quote,
``Species``/``Anatomy``/``Cell``/``CellLine`` annotations its species, anatomy and model,
and the subject/object modifiers (activity, degradation, translocation, location) its
``subject_modifier``/``object_modifier``. A BEL statement has no evidence level: it is
read as ``background`` (a curated assertion, Biolink's ``knowledge_assertion``) unless
an ``EvidenceLevel`` annotation (written by ``mechkg export bel``) says otherwise.
Statements PyBEL cannot parse are problems at their line; what mechkg has no field for
(other annotations, relations such as ``hasVariant``, functions such as ``composite``)
is listed in one warning, other annotations also kept in the claim's note.

Namespaces are not downloaded: identifiers are not validated against BEL namespace files.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from pathlib import Path
from typing import Any

from ..curie import PREFIXES, CurieProblem, check_curie
from ..vocab import EVIDENCE_LEVELS
from .foreign import Builder, missing_extra
from .spec import FileData, Reporter

__all__ = [
    "read_bel_script",
    "read_bel_nodelink",
    "NO_QUOTE",
    "RELATIONS",
    "FUNCTIONS",
    "load_pybel",
]

#: BEL relation -> mechkg relation.
RELATIONS = {
    "increases": "increases",
    "decreases": "decreases",
    "directlyIncreases": "directly_increases",
    "directlyDecreases": "directly_decreases",
    "regulates": "regulates",
    "causesNoChange": "causes_no_change",
    "positiveCorrelation": "positively_correlated",
    "negativeCorrelation": "negatively_correlated",
    "association": "associated",
    "correlation": "associated",
    "partOf": "part_of",
}
_SYMMETRIC = {"positiveCorrelation", "negativeCorrelation", "association", "correlation"}
#: PyBEL node function -> mechkg entity type.
FUNCTIONS = {
    "Protein": "Protein",
    "Gene": "Gene",
    "RNA": "Gene",
    "MicroRNA": "Gene",
    "Abundance": "ChemicalEntity",
    "BiologicalProcess": "BiologicalProcess",
    "Pathology": "Disease",
    "Complex": "MacromolecularComplex",
}
#: annotation -> claim field it fills (anatomy and model take names as entities).
_CONTEXT = {"Anatomy": "anatomy", "Tissue": "anatomy", "Cell": "anatomy",
            "CellType": "anatomy", "CellLine": "model"}  # fmt: skip
_CONTEXT_TYPES = {"anatomy": "AnatomicalEntity", "model": "Cell"}
_OWN = ("EvidenceLevel", "Negated")
#: The evidence text ``mechkg export bel`` writes for a claim without a quote (BEL needs
#: one); read back as no quote.
NO_QUOTE = "No quote (mechkg claim "
_LABEL_SUFFIX = {"RNA": " RNA", "Gene": " gene"}


def load_pybel() -> Any:
    """The ``pybel`` module, or an ImportError saying how to install it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pybel
    except ImportError:
        raise missing_extra("bel", "pybel", "BEL") from None
    return pybel


def read_bel_script(path: Path, display: str, rep: Reporter) -> FileData:
    """Read a BEL script (see the module docstring)."""
    pybel = load_pybel()
    text = path.read_text(encoding="utf-8")  # errors (missing, not UTF-8) as any file's
    log = logging.getLogger("pybel")
    level = log.level
    log.setLevel(logging.CRITICAL)  # PyBEL logs each problem; mechkg reports them
    try:
        # PyBEL prints each problem to stdout (tqdm.write), where mechkg writes its data;
        # mechkg reports the problems itself, from the graph's warnings
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            graph = pybel.BELGraph(path=str(path))
            from pybel.io.line_utils import parse_lines

            parse_lines(graph=graph, lines=text.splitlines(keepends=True),
                        no_identifier_validation=True)  # fmt: skip
    except Exception as exc:  # PyBEL stops at a bad header with its own exceptions
        line = getattr(exc, "line_number", None) or None
        rep.add(line, f"BEL: {_brief(exc)}", "PyBEL could not read it: fix the line")
        return FileData(display)
    finally:
        log.setLevel(level)
    for _, problem, _ctx in graph.warnings:
        line = getattr(problem, "line_number", None) or None
        rep.add(line, f"BEL: {_brief(problem)}", "PyBEL could not read it: fix the line")
    return _convert(graph, display, rep)


def read_bel_nodelink(path: Path, display: str, rep: Reporter) -> FileData:
    """Read a PyBEL node-link JSON file (see the module docstring)."""
    pybel = load_pybel()
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            graph = pybel.from_nodelink(data)
    except json.JSONDecodeError as exc:
        rep.add(exc.lineno, f"not JSON ({exc.msg})", "check the file")
        return FileData(display)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        rep.add(None, f"not PyBEL node-link JSON ({_brief(exc)})",
                "write it with pybel.to_nodelink_file")  # fmt: skip
        return FileData(display)
    return _convert(graph, display, rep)


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:200] + "…"


#: BEL namespace keywords (any case) -> mechkg CURIE prefix
_PREFIXES = {
    **{p.casefold(): p for p in PREFIXES},
    "uniprot": "UniProtKB", "sp": "UniProtKB", "egid": "NCBIGene", "entrez": "NCBIGene",
}  # fmt: skip


def _curie(namespace: str | None, identifier: str | None) -> str | None:
    """The CURIE of a BEL namespace and identifier (``go``, ``0005634``: ``GO:0005634``),
    or None when mechkg does not know the namespace."""
    if not namespace or not identifier:
        return None
    prefix = _PREFIXES.get(namespace.casefold())
    if prefix is None:
        return None
    local = str(identifier)
    if local.casefold().startswith(prefix.casefold() + ":"):  # "GO:0005634" as identifier
        local = local[len(prefix) + 1 :]
    try:
        return check_curie(f"{prefix}:{local}")
    except CurieProblem:
        return None


def _label(node: Any) -> str:
    fn = node.function
    if fn == "Complex" and not getattr(node, "name", None):
        return "complex(" + ", ".join(_label(m) for m in node.members) + ")"
    name = getattr(node, "name", None) or str(node)
    label = name + _LABEL_SUFFIX.get(fn, "")
    variants = getattr(node, "variants", None)
    if variants:
        label += " (" + ", ".join(map(_variant, variants)) + ")"
    return label


def _variant(v: Any) -> str:
    """A variant in words: ``protein phosphorylation at Y340``, else its BEL."""
    concept = v.get("concept") if hasattr(v, "get") else None
    if v.get("kind") in ("pmod", "gmod") and concept and concept.get("name"):
        site = f"{v.get('code') or ''}{v.get('pos') or ''}"
        return concept["name"] + (f" at {site}" if site else "")
    return str(v.as_bel())


def _entity(node: Any, b: Builder, where: str) -> str | None:
    if node.function not in FUNCTIONS:
        b.unmapped(f"BEL function {node.function}", where)
        return None
    key = node.as_bel()

    def make() -> dict[str, Any]:
        curie = _curie(getattr(node, "namespace", None), getattr(node, "identifier", None))
        variant = bool(getattr(node, "variants", None))
        values: dict[str, Any] = {"label": _label(node), "type": FUNCTIONS[node.function],
                                  "description": f"BEL: {key}"}  # fmt: skip
        if curie and variant:
            values["broad_matches"] = [curie]
        elif curie and node.function in ("Protein", "Complex", "Abundance",
                                         "BiologicalProcess", "Pathology"):  # fmt: skip
            values["xrefs"] = [curie]
        elif curie:  # a gene's or an RNA's identifier names the gene: close, not exact
            values["close_matches"] = [curie]
        return values

    return b.entity(key, make, None)


def _modifier(data: dict[str, Any] | None, b: Builder, where: str) -> str | None:
    if not data:
        return None
    parts = []
    kind = data.get("modifier")
    effect = data.get("effect") or {}
    if kind == "Activity":
        term = _curie(effect.get("namespace"), effect.get("identifier"))
        parts.append(f"act(ma({term}))" if term else "act()")
        if effect and not term:
            b.unmapped("activity term of a namespace mechkg does not know", where)
    elif kind == "Degradation":
        parts.append("deg()")
    elif kind == "Translocation":
        src = _curie((effect.get("fromLoc") or {}).get("namespace"),
                     (effect.get("fromLoc") or {}).get("identifier"))  # fmt: skip
        dst = _curie((effect.get("toLoc") or {}).get("namespace"),
                     (effect.get("toLoc") or {}).get("identifier"))  # fmt: skip
        if src and dst:
            parts.append(f"tloc(fromLoc({src}), toLoc({dst}))")
        else:
            b.unmapped("translocation without GO locations", where)
    elif kind:
        b.unmapped(f"modifier {kind}", where)
    loc = data.get("location")
    if loc:
        at = _curie(loc.get("namespace"), loc.get("identifier"))
        if at:
            parts.append(f"loc({at})")
        else:
            b.unmapped("location of a namespace mechkg does not know", where)
    return ", ".join(parts) or None


def _source(data: dict[str, Any], graph: Any, b: Builder, line: int | None) -> str:
    citation = data.get("citation") or {}
    ns = str(citation.get("namespace", "")).lower()
    ident = str(citation.get("identifier", "")).strip()
    title = citation.get("name") or None
    if ns == "pubmed" and ident.isdigit():
        return b.source(f"PMID:{ident}", {"id": f"pmid_{ident}", "kind": "article",
                                          "pmid": ident, "title": title}, line)  # fmt: skip
    if ns == "doi" and ident:
        return b.source(f"doi:{ident}", {"id": f"doi_{ident}", "kind": "article",
                                         "doi": ident, "title": title}, line)  # fmt: skip
    if ns == "url" and ident.startswith(("http://", "https://")):
        return b.source(ident, {"kind": "webpage", "url": ident, "title": title}, line)
    if citation:
        b.unmapped(f"citation of type {ns or '(none)'}", f"line {line}")
    name = graph.name or Path(b.data.path).name
    return b.source("document", {"id": name, "kind": "dataset", "title": name}, line)


def _annotations(data: dict[str, Any], b: Builder, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {"anatomy": [], "note": []}
    for key, entries in (data.get("annotations") or {}).items():
        values = [str(e.get("name") or e.get("identifier")) for e in entries]
        if key == "Species" and values and values[0].isdigit():
            out["species"] = f"NCBITaxon:{values[0]}"
        elif key == "EvidenceLevel" and values and values[0] in EVIDENCE_LEVELS:
            out["evidence"] = values[0]
        elif key == "Negated" and values:
            out["negated"] = values[0].lower() == "true"
        elif key in _CONTEXT:
            field = _CONTEXT[key]
            kind = _CONTEXT_TYPES[field]
            ids = [b.entity(f"{key}:{v}", {"label": v, "type": kind}, None) for v in values]
            if field == "model":
                out["model"] = ids[0]
            else:
                out["anatomy"].extend(ids)
        else:
            b.unmapped(f"annotation {key} (kept in the note)", where)
            out["note"].append(f"{key}: {', '.join(values)}")
    out["note"] = ("BEL annotations: " + "; ".join(out["note"])) if out["note"] else None
    return out


_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(.)")


def _quote(text: str | None) -> str | None:
    """The evidence text with BEL's escapes (``\\"``, ``\\\\``, ``\\n``) undone; None
    for the text mechkg writes for a claim without a quote."""
    if not text or (text.startswith(NO_QUOTE) and text.endswith(")")):
        return None
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[0]), text)


def _convert(graph: Any, display: str, rep: Reporter) -> FileData:
    b = Builder(display, rep)
    stem = Path(display).name.split(".")[0]
    seen: set[tuple[Any, ...]] = set()
    for n, (u, v, data) in enumerate(graph.edges(data=True), start=1):
        line = data.get("line")
        if data.get("relation") in _SYMMETRIC:  # PyBEL holds both directions
            key = (*sorted((u.as_bel(), v.as_bel())), data.get("relation"), line,
                   data.get("evidence"), str(data.get("citation")))  # fmt: skip
            if key in seen:
                continue
            seen.add(key)
        where = f"line {line}" if line else f"edge {n}"
        relation = RELATIONS.get(data.get("relation", ""))
        if relation is None:
            b.unmapped(f"BEL relation {data.get('relation')}", where)
            continue
        subject, obj = _entity(u, b, where), _entity(v, b, where)
        if subject is None or obj is None:
            continue
        ann = _annotations(data, b, where)
        b.claim(f"{stem}_{n}", line, {
            "subject": subject, "relation": relation, "object": obj,
            "evidence": ann.get("evidence", "background"),
            "source": _source(data, graph, b, line),
            "quote": _quote(data.get("evidence")),
            "species": ann.get("species"),
            "anatomy": tuple(ann["anatomy"]),
            "model": ann.get("model"),
            "subject_modifier": _modifier(data.get("source_modifier"), b, where),
            "object_modifier": _modifier(data.get("target_modifier"), b, where),
            "negated": ann.get("negated", False),
            "note": ann["note"],
        })  # fmt: skip
    return b.finish()
