"""Deterministic RDF serialisation, streamed: N-Triples, Turtle, TriG and JSON-LD.

Written by hand rather than through an rdflib Graph: the output is byte-stable, every
term is checked, and a graph of any size is written with only one subject's triples
sorted in memory at a time. The writers take the subject blocks of
:func:`mechkg.rdf.build.subject_blocks` (or the graphs of
:func:`mechkg.rdf.build.nanopub_graphs`), which already come in output order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..curie import PREFIXES
from ..io import atomic_open
from ..vocab import NS
from .terms import IRI, XSD_STRING, Literal, Term, Triple, escape_string, nt_term

__all__ = [
    "prefixes_for",
    "sort_triples",
    "ntriples_lines",
    "turtle_lines",
    "trig_lines",
    "jsonld_lines",
    "jsonld_document",
    "write_chunks",
]

_RDF_TYPE = NS["rdf"] + "type"
_PN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_PN_PREFIX = re.compile(r"[A-Za-z]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_NS_END = re.compile(r"[/#_:]")
_CACHE_LIMIT = 2_000_000  # a bound on memory for graphs with millions of entities


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
    """IRI -> prefixed name (the longest namespace whose local part is safe), or None."""

    def __init__(self, prefixes: list[tuple[str, str]]) -> None:
        self.by_ns = sorted(prefixes, key=lambda kv: -len(kv[1]))
        self.ns: dict[str, str] = {}
        for prefix, ns in self.by_ns:
            self.ns.setdefault(ns, prefix)
        # Every namespace ending in / # _ or : can be found by splitting the IRI there.
        self.split = all(_NS_END.match(ns[-1:]) for ns in self.ns)
        # Claim and nanopublication IRIs occur once or twice each: not worth keeping.
        self.once = tuple(ns for p, ns in prefixes if p in ("claim", "npub"))
        self.cache: dict[str, str | None] = {}
        #: IRI -> its Turtle text (a prefixed name or <IRI>), filled by :meth:`term`
        self.texts: dict[str, str] = {}

    def term(self, iri: str) -> str:
        """The Turtle text of an IRI: a prefixed name or ``<IRI>`` (cached)."""
        text = self.texts.get(iri)
        if text is None:
            name = self._compact(iri)
            text = self._keep(self.texts, iri, name if name is not None else f"<{iri}>")
        return text

    def __call__(self, iri: str) -> str | None:
        try:
            return self.cache[iri]
        except KeyError:
            return self._keep(self.cache, iri, self._compact(iri))

    def _keep(self, cache: dict[str, Any], iri: str, value: Any) -> Any:
        """``value``, remembered for ``iri`` unless the IRI occurs once (the cache is
        emptied when full)."""
        if not iri.startswith(self.once):
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[iri] = value
        return value

    def _compact(self, iri: str) -> str | None:
        if not self.split:
            for prefix, ns in self.by_ns:
                if iri.startswith(ns):
                    local = iri[len(ns) :]
                    if local and _PN_LOCAL.match(local):
                        return f"{prefix}:{local}"
            return None
        for end in reversed([m.end() for m in _NS_END.finditer(iri)]):
            found = self.ns.get(iri[:end])
            if found is not None:
                local = iri[end:]
                if local and _PN_LOCAL.match(local):
                    return f"{found}:{local}"
        return None


def _sort_key(t: Triple) -> tuple[str, int, str, str]:
    s, p, o = t
    return (s, 0 if p == _RDF_TYPE else 1, p, nt_term(o))


def sort_triples(triples: Iterable[Triple]) -> list[Triple]:
    """Unique triples, by subject, then rdf:type first, then predicate and object."""
    return sorted(set(triples), key=_sort_key)


def ntriples_lines(blocks: Iterable[list[Triple]]) -> Iterator[str]:
    """N-Triples text, one chunk per block: its lines unique and sorted.

    Given the blocks of ``subject_blocks(kg, order="ntriples")`` the whole output is
    sorted, as ``LC_ALL=C sort -u`` would sort it.
    """
    for block in blocks:
        if not block:
            continue
        head = f"<{block[0][0]}> <"
        lines = {
            f"{head}{p}> <{o}> .\n" if type(o) is not Literal else f"{head}{p}> {nt_term(o)} .\n"
            for _, p, o in block
        }
        yield "".join(sorted(lines))


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


Row = tuple[tuple[int, str, str], Term]  # ((rdf:type first, predicate, object key), object)


def _rows(triples: Iterable[Triple]) -> list[Row]:
    """One subject's triples, unique and sorted: rdf:type first, then by predicate and by
    the object's N-Triples form."""
    rows = {
        (0 if p == _RDF_TYPE else 1, p, nt_term(o) if type(o) is Literal else f"<{o}>"): o
        for _, p, o in triples
    }
    return sorted(rows.items())


def _statement(subject: str, rows: list[Row], compact: _Compactor, indent: str) -> str:
    """The Turtle statement of one subject: predicates joined by ``;``, objects by ``,``."""
    texts = compact.texts
    lines = [f"{indent}{texts.get(subject) or compact.term(subject)}"]
    preds: list[tuple[str, list[str]]] = []
    last = None
    for (_, p, key), o in rows:
        if type(o) is not Literal:
            text = texts.get(o) or compact.term(o)  # type: ignore[arg-type]
        elif not o.datatype or o.datatype == XSD_STRING:
            text = key  # a plain or language-tagged literal reads the same in Turtle
        else:
            text = _turtle_term(o, compact)
        if p == last:
            preds[-1][1].append(text)
        else:
            preds.append(("a" if p == _RDF_TYPE else texts.get(p) or compact.term(p), [text]))
            last = p
    for k, (ps, objs) in enumerate(preds):
        end = " ." if k == len(preds) - 1 else " ;"
        if k == 0:
            lines[0] += f" {ps} {', '.join(objs)}{end}"
        else:
            lines.append(f"{indent}    {ps} {', '.join(objs)}{end}")
    return "\n".join(lines) + "\n\n"


def _blocks(triples: Iterable[Triple], compact: _Compactor, indent: str) -> Iterator[str]:
    """Turtle statements for triples of any subjects, subjects sorted."""
    by_subject: dict[str, list[Triple]] = {}
    for t in triples:
        by_subject.setdefault(t[0], []).append(t)
    for subject in sorted(by_subject):
        yield _statement(subject, _rows(by_subject[subject]), compact, indent)


def _prefix_lines(prefixes: list[tuple[str, str]]) -> Iterator[str]:
    for p, ns in prefixes:
        yield f"@prefix {p}: <{ns}> .\n"
    yield "\n"


def turtle_lines(blocks: Iterable[list[Triple]], base: str) -> Iterator[str]:
    """A Turtle document: the prefixes, then one statement per subject block, the
    block's triples sorted (rdf:type first, then by predicate and object)."""
    prefixes = prefixes_for(base)
    compact = _Compactor(prefixes)
    yield from _prefix_lines(prefixes)
    for block in blocks:
        if block:
            yield _statement(block[0][0], _rows(block), compact, "")


def trig_lines(graphs: Iterable[tuple[IRI | None, list[Triple]]], base: str) -> Iterator[str]:
    """A TriG document from ``(graph name, triples)`` pairs in output order: triples of
    the default graph (name None) at the top level, each named graph in braces."""
    prefixes = prefixes_for(base)
    compact = _Compactor(prefixes)
    yield from _prefix_lines(prefixes)
    for name, triples in graphs:
        if name is None:
            yield from _blocks(triples, compact, "")
            continue
        yield f"{compact.term(name)} {{\n"
        for block in _blocks(triples, compact, "    "):
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


def _jsonld_node(block: list[Triple], compact: _Compactor) -> dict[str, object]:
    node: dict[str, list[object]] = {}
    for _, p, o in sort_triples(block):
        if p == _RDF_TYPE and not isinstance(o, Literal):
            node.setdefault("@type", []).append(compact(o) or str(o))
        else:
            node.setdefault(compact(p) or str(p), []).append(_jsonld_value(o, compact))
    subject = block[0][0]
    return {"@id": compact(subject) or subject, **node}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def jsonld_lines(blocks: Iterable[list[Triple]], base: str) -> Iterator[str]:
    """A compacted JSON-LD document with an inline ``@context`` and sorted keys, one
    node per subject block, written node by node.

    The text is what ``json.dumps(document, indent=1, sort_keys=True)`` gives for the
    whole document, without building it in memory.
    """
    prefixes = [(p, ns) for p, ns in prefixes_for(base) if ns.endswith(("/", "#", ":"))]
    compact = _Compactor(prefixes)
    context = _dumps(dict(prefixes)).replace("\n", "\n ")
    yield '{\n "@context": ' + context + ',\n "@graph": ['
    first = True
    for block in blocks:
        if not block:
            continue
        text = _dumps(_jsonld_node(block, compact)).replace("\n", "\n  ")
        yield ("\n  " if first else ",\n  ") + text
        first = False
    yield ("]" if first else "\n ]") + "\n}\n"


def jsonld_document(blocks: Iterable[list[Triple]], base: str) -> str:
    """The whole JSON-LD document of :func:`jsonld_lines` as one string."""
    return "".join(jsonld_lines(blocks, base))


def write_chunks(path_or_file: Any, chunks: Iterable[str], buffer: int = 1 << 20) -> None:
    """Write text chunks to a path (atomically) or an open text file, in writes of
    about ``buffer`` characters."""

    def pour(handle: Any) -> None:
        pending: list[str] = []
        size = 0
        for chunk in chunks:
            pending.append(chunk)
            size += len(chunk)
            if size >= buffer:
                handle.write("".join(pending))
                pending.clear()
                size = 0
        handle.write("".join(pending))

    if hasattr(path_or_file, "write"):
        pour(path_or_file)
        return
    with atomic_open(path_or_file) as handle:
        pour(handle)
