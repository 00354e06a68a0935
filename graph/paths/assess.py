"""How each claim bears on its step, for the whole graph at once (the HTML export).

Each pair of entities with claims is one step, as path search sees it with every
causal and correlative relation allowed (:func:`mechkg.paths.steps.step_claims`); each of
its claims supports the step, contradicts it or differs from it by context
(:mod:`mechkg.paths.context`).

Examples
--------
>>> from mechkg.model import Claim, KnowledgeGraph, Entity, Source
>>> e = {i: Entity(i, i, "Gene") for i in "kdm"}
>>> cs = [Claim("wt", "k", "decreases", "d", "experiment", "a", species="NCBITaxon:10090"),
...       Claim("ko", "k", "decreases", "d", "experiment", "a", condition=("m",),
...             requires=("m",), species="NCBITaxon:10090"),
...       Claim("rat", "k", "causes_no_change", "d", "experiment", "a",
...             species="NCBITaxon:10116")]
>>> kg = KnowledgeGraph(e, {"a": Source("a", "article")}, {c.id: c for c in cs})
>>> {cid: (a.role, a.headline, a.differs_in) for cid, a in sorted(assess(kg).items())}
{'ko': ('supports', 'wt', ()), 'rat': ('differs', 'wt', ('species',)), 'wt': ('supports', 'wt', ())}
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Claim, KnowledgeGraph
from ..vocab import RELATIONS
from .context import split_opposing, within_from
from .steps import PATH_RELATIONS, step_claims

__all__ = ["Assessment", "assess"]

_STRUCTURAL = frozenset(n for n, r in RELATIONS.items() if r.kind == "structural")


@dataclass(frozen=True, slots=True)
class Assessment:
    """How a claim bears on the step of its entity pair: ``role`` is ``supports``,
    ``contradicts`` (the same context, the opposite result) or ``differs`` (by context:
    ``differs_in`` names the qualifiers); ``headline`` is the step's headline claim."""

    role: str
    headline: str
    differs_in: tuple[str, ...] = ()


def _passes(claim: Claim) -> bool:
    return not claim.negated and claim.relation in PATH_RELATIONS


def assess(kg: KnowledgeGraph) -> dict[str, Assessment]:
    """Claim id -> :class:`Assessment`, for every claim that supports or opposes a step
    (structural claims, and claims that neither support nor oppose their pair's step,
    are left out)."""

    def parents(region: str) -> list[str]:
        return [
            c.object for c in kg.claims_from(region)
            if c.relation in _STRUCTURAL and not c.negated
        ]  # fmt: skip

    within = within_from(parents)
    pairs: dict[tuple[str, str], list[Claim]] = {}
    for claim in kg.claims.values():
        pairs.setdefault((claim.subject, claim.object), []).append(claim)
    out: dict[str, Assessment] = {}
    for claims in pairs.values():
        if len(claims) == 1:  # most pairs: nothing to weigh
            if _passes(claims[0]):
                out[claims[0].id] = Assessment("supports", claims[0].id)
            continue
        support_at, opposing_at = step_claims(claims, _passes)
        if not support_at:
            continue
        support = [claims[i] for i in support_at]
        head = support[0].id
        contra, differ = split_opposing(support, (claims[i] for i in opposing_at), within)
        out.update((c.id, Assessment("supports", head)) for c in support)
        out.update((c.id, Assessment("contradicts", head)) for c in contra)
        out.update((d.claim.id, Assessment("differs", head, d.qualifiers)) for d in differ)
    return out
