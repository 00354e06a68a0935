"""Causal path queries over a knowledge graph.

The main entry points::

    from mechkg.paths import find_paths, iter_paths, neighbours, explain
    result = find_paths(kg, "needle", "behaviour", k=5, cutoff=6)
    for path in result.paths:
        print(path.net_effect, path.weakest_evidence, [e.label for e in path.nodes])

Every function takes a :class:`~mechkg.model.KnowledgeGraph` or the
:class:`~mechkg.paths.index.PathIndex` that :func:`mechkg.cache.load_cached` returns.
"""

from __future__ import annotations

from .index import PathIndex, path_index
from .query import describe_path, find_paths, iter_paths
from .results import Path, PathResult, Step, effect_name
from .steps import CAUSAL_RELATIONS, CORRELATIVE_RELATIONS, PATH_RELATIONS, StepFilter

__all__ = [
    "CAUSAL_RELATIONS",
    "CORRELATIVE_RELATIONS",
    "PATH_RELATIONS",
    "Path",
    "PathIndex",
    "PathResult",
    "Step",
    "StepFilter",
    "describe_path",
    "effect_name",
    "find_paths",
    "iter_paths",
    "path_index",
]
