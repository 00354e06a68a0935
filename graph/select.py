"""Selecting part of a graph: around an entity, above an evidence level, in a species."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import MechkgError
from .model import KnowledgeGraph
from .resolve import resolve
from .species import in_species
from .vocab import EVIDENCE_LEVELS

__all__ = ["subgraph", "check_level"]


def check_level(level: str) -> int:
    """The rank of evidence level ``level``.

    Raises
    ------
    MechkgError
        Naming the valid levels, when ``level`` is not one.
    """
    try:
        return EVIDENCE_LEVELS[level].rank
    except KeyError:
        raise MechkgError(
            f"unknown evidence level {level!r}; expected one of: " + ", ".join(EVIDENCE_LEVELS)
        ) from None


def subgraph(
    kg: KnowledgeGraph,
    *,
    focus: Iterable[str] = (),
    depth: int = 1,
    min_evidence: str | None = None,
    species: str | None = None,
) -> KnowledgeGraph:
    """The part of ``kg`` within ``depth`` claims of the ``focus`` entities (any direction),
    keeping claims at or above ``min_evidence`` and in ``species`` (a CURIE or a common
    name; see :func:`mechkg.species.in_species`). Entities without a kept claim are
    dropped unless focused; sources are those the kept claims cite (with what those
    report on).

    Raises
    ------
    EntityNotFound
        When a focus name matches no entity.
    MechkgError
        For an unknown evidence level or a negative depth.
    """
    if depth < 0:
        raise MechkgError(f"depth must be 0 or more, got {depth}")
    floor = check_level(min_evidence) if min_evidence else 0
    claims = {
        cid: c for cid, c in kg.claims.items() if c.rank >= floor and in_species(c.species, species)
    }
    focus_ids = {resolve(kg, name).id for name in focus}
    if focus_ids:
        keep, frontier = set(focus_ids), set(focus_ids)
        adjacent: dict[str, set[str]] = {}
        for c in claims.values():
            adjacent.setdefault(c.subject, set()).add(c.object)
            adjacent.setdefault(c.object, set()).add(c.subject)
        for _ in range(depth):
            frontier = {n for f in frontier for n in adjacent.get(f, ())} - keep
            keep |= frontier
        claims = {cid: c for cid, c in claims.items() if c.subject in keep and c.object in keep}
    used = {e for c in claims.values() for e in (c.subject, c.object)} | focus_ids
    used |= {ctx for c in claims.values() for ctx in (*c.anatomy, c.model) if ctx in kg.entities}
    cited = {s for c in claims.values() for s in (c.source, c.attributed_to) if s}
    cited |= {r for s in list(cited) for r in kg.sources[s].reports}
    return KnowledgeGraph(
        entities={k: v for k, v in kg.entities.items() if k in used},
        sources={k: v for k, v in kg.sources.items() if k in cited},
        claims=claims,
        base=kg.base,
    )
