"""Strict SPARQL term syntax: the only way user text enters a query mechkg sends.

Every IRI and literal that a query carries goes through :func:`iri` or :func:`literal`.
An IRI is checked (absolute, none of the characters an IRIREF forbids) and refused
otherwise; a literal is escaped so that quotes, backslashes, newlines, braces or ``>`` in
an entity name stay inside the string. Nothing else is ever spliced into a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..rdf.terms import IRI, Literal, check_iri

__all__ = ["iri", "literal", "term", "values", "LANG_TAG"]

#: A BCP 47 language tag as SPARQL's LANGTAG production accepts it.
LANG_TAG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*\Z")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS = re.compile(r'[\\"\n\r\t\b\f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def iri(text: str) -> str:
    """``text`` as a SPARQL IRIREF (``<...>``), after a strict check.

    Parameters
    ----------
    text : str
        An absolute IRI.

    Raises
    ------
    ValueError
        When ``text`` is relative or contains a character no IRI may contain (space,
        control characters, ``<>"{}|^`\\``, a stray ``%``).

    Examples
    --------
    >>> iri("https://w3id.org/mechkg/data/entity/bdnf")
    '<https://w3id.org/mechkg/data/entity/bdnf>'
    >>> iri("http://x/> } ; DROP ALL ; <http://y/")
    Traceback (most recent call last):
    ...
    ValueError: invalid character in IRI: 'http://x/> } ; DROP ALL ; <http://y/'
    """
    return f"<{check_iri(text)}>"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """``value`` as a SPARQL string literal, escaped so it can never end early.

    Raises
    ------
    ValueError
        For a malformed language tag, a bad datatype IRI or a lone surrogate (which no
        UTF-8 request can carry).

    Examples
    --------
    >>> print(literal('say "hi" } #\\n'))
    "say \\"hi\\" } #\\n"
    >>> literal("nål", lang="nb")
    '"nål"@nb'
    """
    if not isinstance(value, str):
        raise TypeError(f"a literal's value must be a str, got {type(value).__name__}")
    if _SURROGATE.search(value):
        raise ValueError(f"lone surrogate in literal {value!r}")
    text = '"' + _NEEDS.sub(lambda m: _ECHAR[m.group(0)], value) + '"'
    if lang is not None:
        if not LANG_TAG.match(lang):
            raise ValueError(f"invalid language tag {lang!r}")
        return f"{text}@{lang}"
    if datatype is not None:
        return f"{text}^^{iri(datatype)}"
    return text


def term(value: IRI | Literal) -> str:
    """A term of mechkg's RDF model (:mod:`mechkg.rdf.terms`) in SPARQL syntax."""
    if isinstance(value, Literal):
        return literal(value.value, lang=value.lang, datatype=value.datatype)
    return iri(value)


def values(var: str, iris: Iterable[str]) -> str:
    """A ``VALUES ?var { <a> <b> ... }`` block of checked IRIs."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
        raise ValueError(f"invalid variable name {var!r}")
    return f"VALUES ?{var} {{ {' '.join(iri(i) for i in iris)} }}"
