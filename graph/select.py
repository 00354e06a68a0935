"""Selecting part of a graph: around an entity, above an evidence level, in a species.

Examples
--------
>>> from mechkg.examples import tiny_graph
>>> sorted(subgraph(tiny_graph(), species="mouse").claims)
['c1']
>>> sorted(subgraph(tiny_graph(), min_evidence="inferred", focus=["c"]).claims)
['c3']
>>> subgraph(tiny_graph(), species="rat", allow_empty=False)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mechkg.select.NothingSelected: none of the graph's 4 claims passes the filters (species rat); ...
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import InvalidQuery, MechkgError
from .model import KnowledgeGraph
from .resolve import resolve
from .schema import references
from .species import check_species, in_species, species_name
from .vocab import check_evidence_level

__all__ = ["subgraph", "NothingSelected"]


class NothingSelected(MechkgError):
    """Filters that leave no claim of a graph that has some."""


def _filters(
    focus: Iterable[str], depth: int, min_evidence: str | None, species: str | None
) -> list[str]:
    out = []
    if min_evidence:
        out.append(f"evidence at least {min_evidence}")
    if species is not None:
        out.append(f"species {species_name(species)}")
    names = ", ".join(focus)
    if names:
        out.append(f"within {depth} claim{'s' if depth != 1 else ''} of {names}")
    return out


def subgraph(
    kg: KnowledgeGraph,
    *,
    focus: Iterable[str] = (),
    depth: int = 1,
    min_evidence: str | None = None,
    species: str | None = None,
    allow_empty: bool = True,
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
    InvalidQuery
        For an unknown evidence level or species, or a negative depth.
    NothingSelected
        Without ``allow_empty``, when no claim of a graph that has claims is kept.
    """
    if depth < 0:
        raise InvalidQuery(f"depth must be 0 or more, got {depth}")
    floor = check_evidence_level(min_evidence).rank if min_evidence else 0
    wanted = None if species is None else check_species(species)
    focus = tuple(focus)
    claims = {
        cid: c for cid, c in kg.claims.items() if c.rank >= floor and in_species(c.species, wanted)
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
    if not claims and kg.claims and not allow_empty:
        n = len(kg.claims)
        raise NothingSelected(
            f"none of the graph's {n} claim{'s' if n != 1 else ''} passes the filters ("
            + "; ".join(_filters(focus, depth, min_evidence, wanted))
            + "); drop or change one"
        )
    used = {e for c in claims.values() for e in (c.subject, c.object)} | focus_ids
    used |= {x for c in claims.values() for x in references(c, "context") if x in kg.entities}
    cited = {s for c in claims.values() for s in references(c, "source")}
    cited |= {r for s in list(cited) for r in kg.sources[s].reports}
    kept = {"entity": used, "claim": claims.keys(), "source": cited}
    return KnowledgeGraph(
        entities={k: v for k, v in kg.entities.items() if k in used},
        sources={k: v for k, v in kg.sources.items() if k in cited},
        claims=claims,
        base=kg.base,
        record_bases={
            kind: {k: b for k, b in ids.items() if k in kept[kind]}
            for kind, ids in kg.record_bases.items()
        },
        origins={k: v for k, v in kg.origins.items() if k in used},
    )
