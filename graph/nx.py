"""The knowledge graph as a networkx graph (a projection; networkx is imported on use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import KnowledgeGraph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["to_networkx"]


def to_networkx(kg: KnowledgeGraph, *, include_negated: bool = True) -> nx.MultiDiGraph:
    """Project a knowledge graph onto a :class:`networkx.MultiDiGraph`.

    One node per entity (attributes ``label`` and ``type``), one edge per claim from
    subject to object, keyed by the claim id, with attributes ``relation``, ``sign``
    (+1, -1, 0 or None), ``evidence`` (level name), ``rank`` (0-7), ``species``,
    ``source``, ``negated`` and ``kind`` (causal, correlative, negative_result or
    structural). Nodes and edges are added in id order, so the result is deterministic.

    Parameters
    ----------
    kg : KnowledgeGraph
    include_negated : bool, default True
        Whether claims that deny their relation (``negated``) become edges.

    Returns
    -------
    networkx.MultiDiGraph
        With graph attribute ``base`` (the data namespace).

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> g = to_networkx(tiny_graph())
    >>> g.edges["b", "c", "c2"]["sign"], g.edges["a", "b", "c1"]["species"], g.nodes["b"]["type"]
    (-1, 'NCBITaxon:10090', 'Gene')
    """
    import networkx as nx

    g = nx.MultiDiGraph(base=kg.base)
    for entity in kg.entities.values():
        g.add_node(entity.id, label=entity.label, type=entity.type)
    for claim in kg.claims.values():
        if claim.negated and not include_negated:
            continue
        g.add_edge(
            claim.subject,
            claim.object,
            key=claim.id,
            relation=claim.relation,
            sign=claim.sign,
            evidence=claim.evidence,
            rank=claim.rank,
            species=claim.species,
            source=claim.source,
            negated=claim.negated,
            kind=claim.rel.kind,
        )
    return g
