"""A tiny example graph for docstring examples and quick experiments.

Examples
--------
>>> kg = tiny_graph()
>>> sorted(kg.entities), sorted(kg.claims)
(['a', 'b', 'c'], ['c1', 'c2', 'c3', 'c4'])
"""

from __future__ import annotations

from .model import Claim, Entity, KnowledgeGraph, Source

__all__ = ["tiny_graph"]


def tiny_graph() -> KnowledgeGraph:
    """Genes ``a``, ``b``, ``c`` (labels A, B, C) of one article ``s``, with four claims:

    - ``c1``: a increases b (experiment, in mouse)
    - ``c2``: b decreases c (hypothesis)
    - ``c3``: a decreases c (inferred)
    - ``c4``: b causes no change in a (inferred)

    A new graph each call, so examples never share an index.
    """
    return KnowledgeGraph(
        entities={i: Entity(i, i.upper(), "Gene") for i in "abc"},
        sources={"s": Source("s", "article")},
        claims={
            "c1": Claim("c1", "a", "increases", "b", "experiment", "s", species="NCBITaxon:10090"),
            "c2": Claim("c2", "b", "decreases", "c", "hypothesis", "s"),
            "c3": Claim("c3", "a", "decreases", "c", "inferred", "s"),
            "c4": Claim("c4", "b", "causes_no_change", "a", "inferred", "s"),
        },
    )
