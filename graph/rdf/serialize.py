"""Deterministic RDF serialisation: sorted N-Triples, Turtle, TriG and JSON-LD.

Written by hand rather than through an rdflib Graph: the output is byte-stable, every
term is checked, and large graphs are written line by line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from ..curie import PREFIXES
from ..vocab import NS
from .terms import IRI, XSD_STRING, Literal, Quad, Term, Triple, escape_string, nt_term

__all__ = [
    "prefixes_for",
    "sort_triples",
    "ntriples_lines",
    "turtle_lines",
    "trig_lines",
    "jsonld_document",
]

_RDF_TYPE = NS["rdf"] + "type"
_PN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_PN_PREFIX = re.compile(r"[A-Za-z]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")


def prefixes_for(base: str) -> list[tuple[str, str]]:
    """The prefixes declared in Turtle/TriG/JSON-LD output for a graph with ``base``."""
    fixed = [(p, ns) for p, ns in NS.items() if p != "sh"]
    data = [
        ("entity", base + "entity/"),
        ("claim", base + "claim/"),
        ("source", base + "source/"),
        ("npub", base + "np/"),
    ]
    obo = [("obo", "http://purl.obolibrary.org/obo/")]
    other = sorted(
        (p, ns)
        for p, ns in PREFIXES.items()
        if not ns.startswith(obo[0][1]) and _PN_PREFIX.match(p)
    )
    return sorted(fixed + data + obo + other)


class _Compactor:
    def __init__(self, prefixes: list[tuple[str, str]]) -> None:
        self.by_ns = sorted(prefixes, key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str | None:
        for prefix, ns in self.by_ns:
            if iri.startswith(ns):
                local = iri[len(ns) :]
                if local and _PN_LOCAL.match(local):
                    return f"{prefix}:{local}"
        return None


def _sort_key(t: Triple) -> tuple[str, int, str, str]:
    s, p, o = t
    return (s, 0 if p == _RDF_TYPE else 1, p, nt_term(o))


def sort_triples(triples: Iterable[Triple]) -> list[Triple]:
    """Unique triples, by subject, then rdf:type first, then predicate and object."""
    return sorted(set(triples), key=_sort_key)


def ntriples_lines(triples: Iterable[Triple]) -> Iterator[str]:
    """Sorted, unique N-Triples lines (each ending in a newline)."""
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples}
    return iter(sorted(lines))


def _turtle_term(term: Term, compact: _Compactor) -> str:
    if isinstance(term, Literal):
        text = f'"{escape_string(term.value)}"'
        if term.lang:
            return f"{text}@{term.lang}"
        if term.datatype and term.datatype != XSD_STRING:
            dt = compact(term.datatype)
            return f"{text}^^{dt or '<' + term.datatype + '>'}"
        return text
    name = compact(term)
    return name if name is not None else f"<{term}>"


def _blocks(triples: list[Triple], compact: _Compactor, indent: str) -> Iterator[str]:
    """Turtle statements for sorted triples, one subject per block."""
    i, n = 0, len(triples)
    while i < n:
        subject = triples[i][0]
        j = i
        while j < n and triples[j][0] == subject:
            j += 1
        preds: list[tuple[str, list[str]]] = []
        for _, p, o in triples[i:j]:
            ps = "a" if p == _RDF_TYPE else _turtle_term(p, compact)
            if preds and preds[-1][0] == ps:
                preds[-1][1].append(_turtle_term(o, compact))
            else:
                preds.append((ps, [_turtle_term(o, compact)]))
        lines = [f"{indent}{_turtle_term(subject, compact)}"]
        for k, (ps, objs) in enumerate(preds):
            end = " ." if k == len(preds) - 1 else " ;"
            lead = " " if k == 0 else f"{indent}    "
            if k == 0:
                lines[0] += f"{lead}{ps} {', '.join(objs)}{end}"
            else:
                lines.append(f"{lead}{ps} {', '.join(objs)}{end}")
        yield "\n".join(lines) + "\n\n"
        i = j


def _prefix_lines(prefixes: list[tuple[str, str]]) -> Iterator[str]:
    for p, ns in prefixes:
        yield f"@prefix {p}: <{ns}> .\n"
    yield "\n"


def turtle_lines(triples: Iterable[Triple], base: str) -> Iterator[str]:
    """A Turtle document, subjects sorted, prefixed names where the local part is safe."""
    prefixes = prefixes_for(base)
    yield from _prefix_lines(prefixes)
    yield from _blocks(sort_triples(triples), _Compactor(prefixes), "")


def trig_lines(quads: Iterable[Quad], base: str) -> Iterator[str]:
    """A TriG document: the default graph first, then named graphs sorted by IRI."""
    prefixes = prefixes_for(base)
    compact = _Compactor(prefixes)
    graphs: dict[IRI | None, list[Triple]] = {}
    for s, p, o, g in quads:
        graphs.setdefault(g, []).append((s, p, o))
    yield from _prefix_lines(prefixes)
    if None in graphs:
        yield from _blocks(sort_triples(graphs.pop(None)), compact, "")
    for g in sorted(graphs):  # type: ignore[type-var]
        assert g is not None
        yield f"{_turtle_term(g, compact)} {{\n"
        for block in _blocks(sort_triples(graphs[g]), compact, "    "):
            yield block.rstrip("\n") + "\n"
        yield "}\n\n"


def _jsonld_value(term: Term, compact: _Compactor) -> object:
    if isinstance(term, Literal):
        if term.lang:
            return {"@language": term.lang, "@value": term.value}
        if term.datatype and term.datatype != XSD_STRING:
            return {"@type": compact(term.datatype) or term.datatype, "@value": term.value}
        return term.value
    return {"@id": compact(term) or str(term)}


def jsonld_document(triples: Iterable[Triple], base: str) -> str:
    """A compacted JSON-LD document with an inline ``@context`` and sorted keys."""
    prefixes = [(p, ns) for p, ns in prefixes_for(base) if ns.endswith(("/", "#", ":"))]
    compact = _Compactor(prefixes)
    nodes: dict[str, dict[str, list[object]]] = {}
    for s, p, o in sort_triples(triples):
        node = nodes.setdefault(s, {})
        if p == _RDF_TYPE and isinstance(o, str):
            node.setdefault("@type", []).append(compact(o) or str(o))
        else:
            node.setdefault(compact(p) or str(p), []).append(_jsonld_value(o, compact))
    graph = [{"@id": compact(s) or s, **props} for s, props in nodes.items()]
    doc = {"@context": dict(prefixes), "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
