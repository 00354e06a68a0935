"""Summary counts of a graph."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import KnowledgeGraph
from .vocab import EVIDENCE_LEVELS, RELATIONS

__all__ = ["GraphStats", "stats"]


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Counts of entities, sources and claims, broken down for ``mechkg stats``."""

    entities: int
    sources: int
    claims: int
    entities_by_type: dict[str, int]
    claims_by_relation: dict[str, int]
    claims_by_evidence: dict[str, int]
    claims_by_source: dict[str, int]
    claims_by_species: dict[str, int]
    negated: int

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}


def stats(kg: KnowledgeGraph) -> GraphStats:
    """Counts of ``kg``: relations in vocabulary order, evidence levels weakest first."""
    claims = list(kg.claims.values())
    rel = Counter(c.relation for c in claims)
    ev = Counter(c.evidence for c in claims)
    return GraphStats(
        entities=len(kg.entities),
        sources=len(kg.sources),
        claims=len(claims),
        entities_by_type=dict(sorted(Counter(e.type for e in kg.entities.values()).items())),
        claims_by_relation={r: rel[r] for r in RELATIONS if rel[r]},
        claims_by_evidence={e: ev[e] for e in EVIDENCE_LEVELS if ev[e]},
        claims_by_source=dict(sorted(Counter(c.source for c in claims).items())),
        claims_by_species=dict(sorted(Counter(c.species or "-" for c in claims).items())),
        negated=sum(c.negated for c in claims),
    )
