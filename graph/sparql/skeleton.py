"""The ranking fields of a corridor's claims, fetched as one row per claim.

A path search ranks steps by their claims' relation, evidence level, species, and
whether a claim holds under a condition or tests a mediator; nothing else of a claim
(quotes, contexts, sources) changes which paths come out, or in what order. The corridor
of a query can hold thousands of claims: fetching each claim whole (a dozen triples, its
entities and sources) and loading that as a graph is most of the time of a search on a
large store. :func:`skeleton` fetches only those fields, with the ids of the claims and
of their entities, as a :class:`KnowledgeGraph` whose claims the local search ranks as it
ranks the whole claims. Only the claims and entities that the answer shows are then
fetched whole (:func:`merged`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..curie import contract
from ..model import Claim, Entity, KnowledgeGraph
from ..vocab import EVIDENCE_LEVELS, RELATIONS
from .client import Endpoint
from .corridor import _split
from .names import PREFIX_LINES, dataset_clause
from .terms import iri

__all__ = ["skeleton", "merged"]

_RELATION = {r.iri: name for name, r in RELATIONS.items()}
_LEVEL = {e.iri: name for name, e in EVIDENCE_LEVELS.items()}


def _ask(ep: Endpoint, chunk: Sequence[str], graph: str | None) -> list[dict]:  # type: ignore[type-arg]
    return ep.select(
        f"""{PREFIX_LINES}
SELECT ?c ?id ?u ?uid ?v ?vid ?p ?level ?negated ?sp ?cond ?need ?free {dataset_clause(graph)}
WHERE {{
  VALUES ?c {{ {" ".join(iri(c) for c in chunk)} }}
  ?c dcterms:identifier ?id ; rdf:subject ?u ; rdf:object ?v ; rdf:predicate ?p ;
     mkg:evidenceLevel ?level ; mkg:negated ?negated .
  ?u dcterms:identifier ?uid .
  ?v dcterms:identifier ?vid .
  OPTIONAL {{ ?c mkg:species ?sp }}
  OPTIONAL {{ ?c mkg:condition ?cond }}
  OPTIONAL {{ ?c mkg:requires ?need }}
  OPTIONAL {{ ?c mkg:independentOf ?free }}
}}"""
    )


class Skeleton:
    """Claims with their ranking fields only, and the IRI of each entity they name."""

    def __init__(self) -> None:
        self.claims: dict[str, Claim] = {}
        self.iris: dict[str, str] = {}  # entity id -> IRI
        self.claim_iris: dict[str, str] = {}  # claim id -> IRI

    def graph(self, entities: dict[str, Entity]) -> KnowledgeGraph:
        """The claims as a graph; ``entities`` (whole) stand for those they name."""
        ents = {eid: Entity(eid, eid, "entity") for eid in self.iris}
        ents.update(entities)
        return KnowledgeGraph(entities=ents, sources={}, claims=dict(self.claims))


def _value(row: dict, name: str) -> str | None:  # type: ignore[type-arg]
    cell = row.get(name)
    return None if cell is None else str(cell["value"])


def skeleton(ep: Endpoint, claims: Iterable[str], graph: str | None) -> Skeleton:
    """The ranking fields of the claims (IRIs) passing the corridor's filters."""
    out = Skeleton()
    seen: dict[str, dict[str, object]] = {}
    for rows in _split(sorted(set(claims)), lambda chunk: _ask(ep, chunk, graph)):
        for row in rows:
            rel = _RELATION.get(_value(row, "p") or "")
            level = _LEVEL.get(_value(row, "level") or "")
            if rel is None or level is None:
                continue  # not a claim a path can use
            cid, uid, vid = _value(row, "id"), _value(row, "uid"), _value(row, "vid")
            assert cid is not None and uid is not None and vid is not None
            out.iris[uid], out.iris[vid] = _value(row, "u") or "", _value(row, "v") or ""
            out.claim_iris[cid] = _value(row, "c") or ""
            fields = seen.setdefault(
                cid,
                {"subject": uid, "object": vid, "relation": rel, "evidence": level,
                 "negated": _value(row, "negated") in ("true", "1"), "species": None,
                 "condition": set(), "requires": set()},
            )  # fmt: skip
            sp = _value(row, "sp")
            if sp is not None:
                fields["species"] = contract(sp) or sp
            for name, key in (("cond", "condition"), ("need", "requires"), ("free", "requires")):
                value = _value(row, name)
                if value is not None:
                    fields[key].add(value)  # type: ignore[attr-defined]
    for cid, f in seen.items():
        out.claims[cid] = Claim(
            cid, str(f["subject"]), str(f["relation"]), str(f["object"]), str(f["evidence"]),
            "", species=f["species"], negated=bool(f["negated"]),  # type: ignore[arg-type]
            condition=tuple(sorted(f["condition"])),  # type: ignore[call-overload]
            requires=tuple(sorted(f["requires"])),  # type: ignore[call-overload]
        )  # fmt: skip
    return out


def merged(bones: Skeleton, whole: KnowledgeGraph) -> KnowledgeGraph:
    """The skeleton's claims with those of ``whole`` in place of theirs, and ``whole``'s
    entities and sources: the answer reads the whole claims, the ranking is unchanged."""
    claims = dict(bones.claims)
    claims.update(whole.claims)
    ents = {eid: Entity(eid, eid, "entity") for eid in bones.iris}
    ents.update(whole.entities)
    return KnowledgeGraph(
        entities=ents, sources=dict(whole.sources), claims=claims, base=whole.base,
        record_bases=whole.record_bases,
    )  # fmt: skip
