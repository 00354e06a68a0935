"""Query results, from an endpoint or the embedded store, as tables, CSV or JSON.

A :class:`QueryResult` holds SELECT bindings in the SPARQL 1.1 JSON form
(``{"type": "uri", "value": ...}``), an ASK answer, or a CONSTRUCT/DESCRIBE graph as
N-Triples, whichever store answered.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..cells import spreadsheet_safe
from ..rdf.serialize import prefixes_for
from ..terminal import BIDI_CONTROLS, visible
from ..vocab import DEFAULT_BASE
from .client import EndpointError, check_bindings, parse_json

__all__ = ["QueryResult", "RESULT_FORMATS", "format_result", "to_table", "to_csv", "to_json"]

#: Output formats of ``mechkg query``.
RESULT_FORMATS = ("table", "csv", "json")
Binding = dict[str, dict[str, str]]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer to one query.

    ``kind`` is ``select`` (``variables`` and ``rows``), ``ask`` (``boolean``) or
    ``graph`` (``ntriples``).
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[Binding, ...] = ()
    boolean: bool | None = None
    ntriples: str = ""

    @classmethod
    def from_response(cls, content_type: str, body: bytes) -> QueryResult:
        """Parse an answer in SPARQL 1.1 JSON results or N-Triples.

        Raises
        ------
        EndpointError
            For any other media type or a malformed document.
        """
        media = content_type.split(";")[0].strip().lower()
        if media in ("application/n-triples", "text/plain"):
            return cls("graph", ntriples=_ntriples(body))
        if media not in ("application/sparql-results+json", "application/json"):
            raise EndpointError(
                f"unexpected answer of type {visible(repr(content_type or '(none)'))}; the "
                "endpoint must speak SPARQL 1.1 JSON results or N-Triples"
            )
        doc = parse_json(body, "malformed SPARQL JSON results")
        if isinstance(doc, dict) and "boolean" in doc:
            if not isinstance(doc["boolean"], bool):
                raise EndpointError("malformed SPARQL JSON results: boolean is not true or false")
            return cls("ask", boolean=doc["boolean"])
        variables, rows = check_bindings(doc, "malformed SPARQL JSON results")
        return cls("select", variables=variables, rows=tuple(rows))


def _ntriples(body: bytes) -> str:
    """An N-Triples answer, checked by a strict parser and written out again (so that
    every literal is escaped by the N-Triples rules, whatever the server sent). The C1
    and bidirectional controls, which N-Triples may hold raw, are written as ``\\uXXXX``
    escapes too: they mean the same and cannot reach a terminal."""
    import pyoxigraph as ox

    try:
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"malformed N-Triples answer: {visible(str(exc))}") from None
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04X}", data.decode("utf-8"))


_RAW = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


def _compact_factory(base: str) -> Callable[[str], str]:
    prefixes = sorted(prefixes_for(base), key=lambda kv: -len(kv[1]))

    def compact(value: str) -> str:
        for prefix, ns in prefixes:
            if value.startswith(ns) and len(value) > len(ns):
                local = value[len(ns) :]
                if all(ch.isalnum() or ch in "_-.%" for ch in local):
                    return f"{prefix}:{local}"
        return f"<{value}>"

    return compact


def _cell(term: dict[str, str] | None, compact: Callable[[str], str]) -> str:
    if term is None:
        return ""
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return compact(value)
    if kind == "bnode":
        return f"_:{value}"
    text = " ".join(value.split()) if kind in ("literal", "typed-literal") else value
    lang = term.get("xml:lang")
    return f"{text}@{lang}" if lang else text


def to_table(result: QueryResult, base: str = DEFAULT_BASE) -> str:
    """An aligned text table; IRIs shortened to prefixed names (``mkg:experiment``)."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if result.kind == "graph":
        return result.ntriples
    compact = _compact_factory(base)
    header = [visible(v) for v in result.variables]
    body = [[visible(_cell(row.get(v), compact)) for v in result.variables] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    return "\n".join(lines) + "\n"


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results: a header of variable names, then plain values (a value
    that a spreadsheet would run as a formula gets an apostrophe in front,
    :func:`mechkg.cells.spreadsheet_safe`; control characters, which CSV cannot escape,
    are written as ``\\xNN`` by :func:`mechkg.terminal.visible`)."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if result.kind == "graph":
        return result.ntriples
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([visible(v) for v in result.variables])
    for row in result.rows:
        writer.writerow(
            [spreadsheet_safe(visible(row.get(v, {}).get("value", ""))) for v in result.variables]
        )
    return out.getvalue()


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 JSON results (sorted keys); a graph as its N-Triples in ``ntriples``."""
    doc: dict[str, object]
    if result.kind == "ask":
        doc = {"head": {}, "boolean": result.boolean}
    elif result.kind == "graph":
        doc = {"head": {}, "ntriples": result.ntriples}
    else:
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": list(result.rows)}}
    text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    # JSON escapes the C0 controls itself; DEL, C1 and the bidirectional controls too
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def format_result(result: QueryResult, fmt: str, base: str = DEFAULT_BASE) -> str:
    """``result`` in one of :data:`RESULT_FORMATS`."""
    if fmt == "table":
        return to_table(result, base)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "json":
        return to_json(result)
    raise ValueError(f"unknown result format {fmt!r}; choose one of: {', '.join(RESULT_FORMATS)}")
