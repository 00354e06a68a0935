"""Entity names resolved on an endpoint, as :func:`mechkg.resolve` resolves them locally.

A name is matched, in any case and spacing, against the entities' ids, labels (every
language), synonyms and xref CURIEs; an id beats a label, a label a synonym, a synonym an
xref. The name only ever reaches the query as an escaped literal (or a checked IRI).
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from ..curie import PREFIXES, expand
from ..errors import AmbiguousEntity, EntityNotFound
from ..resolve import fold
from ..vocab import MKG, NS
from .client import Endpoint, EndpointError
from .terms import iri, literal

__all__ = ["RemoteEntity", "resolve_remote", "PREFIX_LINES", "dataset_clause"]

#: Prefix declarations every query of this package starts with.
PREFIX_LINES = "\n".join(f"PREFIX {p}: {iri(ns)}" for p, ns in sorted({**NS, "mkg": MKG}.items()))
_TIERS = (("dcterms:identifier", 0), ("rdfs:label", 1), ("skos:altLabel", 2))
_XREF = 3
#: Most candidate names fetched for "closest matches" suggestions.
MAX_SUGGESTION_ROWS = 5000


@dataclass(frozen=True, slots=True)
class RemoteEntity:
    """An entity of an endpoint's graph: its IRI and mechkg id."""

    iri: str
    id: str


def dataset_clause(graph: str | None) -> str:
    """``FROM <graph>`` for a named graph, nothing for the default graph."""
    return "" if graph is None else f"FROM {iri(graph)}"


def _fold(name: str) -> str:
    return fold(name)  # NFC, case-folded: the local graph's comparison


def _xref_iris(name: str) -> list[str]:
    prefix, sep, local = name.strip().partition(":")
    if not sep:
        return []
    out = []
    for known in PREFIXES:
        if known.casefold() == prefix.casefold():
            try:
                out.append(expand(f"{known}:{local}"))
            except ValueError:
                continue
    return out


def _candidates(ep: Endpoint, name: str, graph: str | None) -> dict[int, set[tuple[str, str]]]:
    key = _fold(name)
    token = max(unicodedata.normalize("NFC", name).lower().split(), key=len)
    unions = " UNION ".join(f"{{ ?e {prop} ?n . BIND({tier} AS ?tier) }}" for prop, tier in _TIERS)
    rows = ep.select(
        f"""{PREFIX_LINES}
SELECT DISTINCT ?e ?id ?n ?tier {dataset_clause(graph)} WHERE {{
  {unions}
  FILTER(CONTAINS(LCASE(STR(?n)), {literal(token)}))
  ?e a mkg:Entity ; dcterms:identifier ?id .
}}"""
    )
    found: dict[int, set[tuple[str, str]]] = {}
    for row in rows:
        if _fold(row["n"]["value"]) == key:
            tier = row["tier"]["value"]
            if not (tier.isascii() and tier.isdigit()) or len(tier) > 3:
                raise EndpointError(f"{ep.query_url}: the answer's ?tier is not a number")
            found.setdefault(int(tier), set()).add((row["e"]["value"], row["id"]["value"]))
    xrefs = _xref_iris(name)
    if xrefs and not found:
        rows = ep.select(
            f"""{PREFIX_LINES}
SELECT DISTINCT ?e ?id {dataset_clause(graph)} WHERE {{
  VALUES ?x {{ {" ".join(iri(x) for x in xrefs)} }}
  ?e skos:exactMatch|skos:closeMatch ?x .
  ?e a mkg:Entity ; dcterms:identifier ?id .
}}"""
        )
        for row in rows:
            found.setdefault(_XREF, set()).add((row["e"]["value"], row["id"]["value"]))
    return found


def _exact_id(ep: Endpoint, name: str, graph: str | None) -> RemoteEntity | None:
    """The entity whose id is ``name`` as written (or in NFC), which the name means
    whatever other names fold to it, as locally: one lookup, where matching names in any
    case and spacing reads every name of the store."""
    spellings = sorted({name, unicodedata.normalize("NFC", name)})
    rows = ep.select(
        f"""{PREFIX_LINES}
SELECT DISTINCT ?e ?id {dataset_clause(graph)} WHERE {{
  VALUES ?id {{ {" ".join(literal(n) for n in spellings)} }}
  ?e dcterms:identifier ?id ; a mkg:Entity .
}}"""
    )
    found = {(row["e"]["value"], row["id"]["value"]) for row in rows}
    ids = {i for _, i in found}
    if len(ids) != 1 or len(found) != 1:
        return None  # no such id (or a store holding one id twice): match the names
    return RemoteEntity(*found.pop())


def _suggestions(ep: Endpoint, name: str, graph: str | None, n: int = 5) -> list[str]:
    key = _fold(name)
    head = key[:3]
    if not head:
        return []
    rows = ep.select(
        f"""{PREFIX_LINES}
SELECT DISTINCT ?n {dataset_clause(graph)} WHERE {{
  ?e a mkg:Entity ; rdfs:label|skos:altLabel|dcterms:identifier ?n .
  FILTER(CONTAINS(LCASE(STR(?n)), {literal(head)}))
}} LIMIT {MAX_SUGGESTION_ROWS}"""
    )
    display: dict[str, str] = {}
    for row in rows:
        display.setdefault(_fold(row["n"]["value"]), row["n"]["value"])
    names = sorted(display)
    found = difflib.get_close_matches(key, names, n=n, cutoff=0.6)
    found += [k for k in names if key in k and k not in found][: n - len(found)]
    return [display[k] for k in found[:n]]


def resolve_remote(ep: Endpoint, name: str, *, graph: str | None = None) -> RemoteEntity:
    """The entity ``name`` means in the endpoint's graph.

    Raises
    ------
    EntityNotFound
        With the closest names the endpoint knows.
    AmbiguousEntity
        When several entities answer to the name equally well.
    EndpointError
        When the endpoint fails.
    """
    if not isinstance(name, str):
        raise TypeError(f"an entity name must be a str, got {type(name).__name__}")
    if not name.split():
        raise EntityNotFound(name)
    exact = _exact_id(ep, name, graph)
    if exact is not None:
        return exact
    found = _candidates(ep, name, graph)
    if not found:
        raise EntityNotFound(name, _suggestions(ep, name, graph))
    best = found[min(found)]
    if len({i for _, i in best}) > 1:
        raise AmbiguousEntity(name, sorted({i for _, i in best}))
    entity_iri, entity_id = min(best)
    return RemoteEntity(entity_iri, entity_id)
