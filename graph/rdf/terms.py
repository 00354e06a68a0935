"""A minimal RDF 1.1 term model with strict N-Triples escaping.

mechkg writes RDF itself (no rdflib Graph in memory): IRIs are checked when minted so the
output loads in strict parsers, and literals are escaped per the N-Triples grammar.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote

from ..vocab import NS

__all__ = [
    "IRI",
    "Literal",
    "Term",
    "Triple",
    "Quad",
    "mint",
    "check_iri",
    "nt_term",
    "XSD_STRING",
    "LANG_STRING",
]

XSD_STRING = NS["xsd"] + "string"
LANG_STRING = NS["rdf"] + "langString"
# Characters RFC 3987 / N-Triples forbid in an IRIREF.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")

# The IRI grammar of RFC 3987 (section 2.2), which strict parsers enforce. Stricter in two
# places: private-use characters only in the query (as the RFC says), and an IP literal
# host must be an IPv6 address (checked with the ipaddress module).
_UCS = (
    r"\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(rf"\U{p:04x}0000-\U{p:04x}fffd" for p in range(0x1, 0xD))
    + r"\U000d1000-\U000dfffd\U000e1000-\U000efffd"
)
_PRIVATE = r"\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_PCT_ENC = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[A-Za-z0-9\-._~{_UCS}!$&'()*+,;=:@]|{_PCT_ENC})"
_REG = rf"(?:[A-Za-z0-9\-._~{_UCS}!$&'()*+,;=]|{_PCT_ENC})"
_USER = rf"(?:[A-Za-z0-9\-._~{_UCS}!$&'()*+,;=:]|{_PCT_ENC})"
_RFC3987_PATTERN = (
    r"[A-Za-z][A-Za-z0-9+.\-]*:"
    rf"(?://(?:{_USER}*@)?(?P<host>\[[0-9A-Fa-f:.]+\]|{_REG}*)(?::[0-9]*)?(?:/{_PCHAR}*)*"
    rf"|/?(?:{_PCHAR}+(?:/{_PCHAR}*)*)?)"
    rf"(?:\?(?:{_PCHAR}|[/?{_PRIVATE}])*)?"
    rf"(?:#(?:{_PCHAR}|[/?])*)?\Z"
)


@functools.cache
def _rfc3987() -> re.Pattern[str]:
    """The RFC 3987 grammar, compiled on first use (compiling it takes a path query's
    time; most commands check no IRI)."""
    return re.compile(_RFC3987_PATTERN)


class IRI(str):
    """An absolute IRI (a ``str`` subclass, so it sorts and hashes as its text)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True, order=True)
class Literal:
    """A literal: plain string, language-tagged, or typed."""

    value: str
    datatype: str | None = None
    lang: str | None = None


Term = IRI | Literal
Triple = tuple[IRI, IRI, Term]
Quad = tuple[IRI, IRI, Term, IRI | None]


def check_iri(text: str) -> IRI:
    """Return ``text`` as an :class:`IRI` after checking it is absolute and well formed
    by RFC 3987 (no space, quote or bracket outside an IPv6 host, one ``#`` at most, a
    numeric port, no code point outside the IRI ranges), so strict parsers read it.

    Raises
    ------
    ValueError
        When the text is relative or has characters no IRI may contain.
    """
    if not _SCHEME.match(text):
        raise ValueError(f"not an absolute IRI: {text!r}")
    if _BAD_IRI.search(text) or _PCT.search(text):
        raise ValueError(f"invalid character in IRI: {text!r}")
    match = _rfc3987().match(text)
    host = match and match.group("host")
    if host and host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            match = None
    if not match:
        raise ValueError(f"invalid IRI: {text!r}")
    return IRI(text)


def mint(base: str, kind: str, local_id: str) -> IRI:
    """The IRI of a data node: ``{base}{kind}/{id}`` with the id percent-encoded, so
    any id gives a valid IRI and different ids give different IRIs."""
    return IRI(f"{base}{kind}/{quote(local_id, safe='-._~')}")


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_NEEDS = re.compile(r'["\\\n\r\t\b\f\x00-\x1f\x7f\ufffe\uffff]')


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    return f"\\u{ord(ch):04X}"


def escape_string(value: str) -> str:
    """Escape a literal's text for N-Triples / Turtle double-quoted strings."""
    return _NEEDS.sub(_escape_char, value)


def nt_term(term: Term) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, Literal):
        text = f'"{escape_string(term.value)}"'
        if term.lang:
            return f"{text}@{term.lang}"
        if term.datatype and term.datatype != XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"
