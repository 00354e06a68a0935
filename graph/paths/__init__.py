"""Causal path queries over a knowledge graph.

The main entry points are :func:`find_paths`, :func:`iter_paths`,
:func:`~mechkg.paths.explore.neighbours` and :func:`~mechkg.paths.explore.explain`. A
query's options are one :class:`PathQuery` value, or keyword arguments that build one:

>>> import mechkg
>>> from mechkg.paths import PathQuery, find_paths
>>> kg = mechkg.load()
>>> result = find_paths(kg, "needle", "behaviour", PathQuery(k=5, cutoff=6))
>>> path = result.paths[0]
>>> path.net_effect, path.weakest_evidence, [e.label for e in path.nodes]
(-1, 'experiment', ['acupuncture at LR3', 'depression-like behaviour'])
>>> len(find_paths(kg, "needle", "behaviour", k=2, species="mouse").paths)
2

Every function takes a :class:`~mechkg.model.KnowledgeGraph` or the
:class:`~mechkg.paths.index.PathIndex` that :func:`mechkg.paths.cache.load_cached` returns.
"""

from __future__ import annotations

from .index import PathIndex, path_index
from .query import describe_path, find_paths, iter_paths
from .results import Path, PathResult, Step, effect_name
from .spec import PathQuery
from .steps import CAUSAL_RELATIONS, CORRELATIVE_RELATIONS, PATH_RELATIONS, StepFilter

__all__ = [
    "CAUSAL_RELATIONS",
    "CORRELATIVE_RELATIONS",
    "PATH_RELATIONS",
    "Path",
    "PathIndex",
    "PathQuery",
    "PathResult",
    "Step",
    "StepFilter",
    "describe_path",
    "effect_name",
    "find_paths",
    "iter_paths",
    "path_index",
]
