"""Checks on a query before the embedded store parses it: no ``SERVICE`` clause (it
would make the local store fetch from the network) and bounded nesting (the parser
recurses once per level; thousands of levels overflow its stack and kill the process).

The query is read token by token as the SPARQL 1.1 grammar defines them, so that the
word SERVICE inside a string, an IRI, a comment, a variable or a prefixed name (with
escaped characters such as ``ex:a\\#b``) is not taken for the keyword, and a keyword
hidden behind one of those is still found.

Examples
--------
>>> uses_service('SELECT * { ?s ?p "SERVICE" }  # SERVICE')
False
>>> uses_service("SELECT * { ex:a\\\\#b ?p ?o SERVICE <http://x/> { ?a ?b ?c } }")
True
>>> nesting("SELECT * { { ?s ?p ?o } FILTER((1)) }")
3
"""

from __future__ import annotations

import re

__all__ = ["MAX_NESTING", "nesting", "tokens", "uses_service"]

#: Most nested ``{``, ``(`` and ``[`` a query run on the embedded store may have.
MAX_NESTING = 200

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_TOKEN = re.compile(
    "|".join(
        (
            r"(?P<space>\s+)",
            r"(?P<comment>#[^\r\n]*)",
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\r\n]|\\.)*"'
            r"|'(?:[^'\\\r\n]|\\.)*')",
            r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
            f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            f"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
            f"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
            r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<other>.)",
        )
    ),
    re.DOTALL,
)


def tokens(sparql: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of each token of ``sparql`` (``word``, ``iri``, ``string``,
    ``pname``, ``var``, ``comment``, ``other`` ...), spaces left out."""
    return [
        (m.lastgroup or "other", m.group())
        for m in _TOKEN.finditer(sparql)
        if m.lastgroup != "space"
    ]


def uses_service(sparql: str) -> bool:
    """Whether the query has the keyword SERVICE (a federated call to another
    endpoint), in any case, outside strings, IRIs, comments and names."""
    return any(kind == "word" and text.upper() == "SERVICE" for kind, text in tokens(sparql))


def nesting(sparql: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` in the query (outside strings,
    IRIs and comments)."""
    depth = deepest = 0
    for kind, text in tokens(sparql):
        if kind != "other":
            continue
        if text in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif text in "})]":
            depth -= 1
    return deepest
