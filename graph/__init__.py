"""mechkg: mechanistic claims from the literature as a typed, evidence-graded RDF
knowledge graph.

The public API:

>>> import mechkg
>>> kg = mechkg.load()                      # the bundled LR3 study graph
>>> mechkg.validate([mechkg.bundled_path()])  # every problem, located (none here)
[]
>>> mechkg.resolve(kg, "hjerneavledet nevrotrofisk faktor").id   # id, label, synonym, CURIE
'bdnf'
>>> query = mechkg.PathQuery(k=3, species="mouse")  # what to look for, checked once
>>> best = mechkg.find_paths(kg, "needle", "behaviour", query).paths[0]  # weakest link graded
>>> best.weakest_evidence
'experiment'
>>> import mechkg.export
>>> mechkg.export.exporter("turtle")[0](kg).startswith("@prefix")   # (to_turtle, write_turtle)
True

Your own claim files load the same way: ``mechkg.load(["claims.yaml"])``.
"""

from __future__ import annotations

from .errors import (
    AmbiguousEntity,
    ClaimError,
    EntityNotFound,
    FormatError,
    MechkgError,
    NoPath,
    Problem,
    ValidationError,
)
from .load import bundled_path, input_files, load, validate
from .model import Claim, Entity, KnowledgeGraph, Source
from .resolve import resolve
from .stats import stats
from .vocab import ENTITY_TYPES, EVIDENCE_LEVELS, RELATIONS, SOURCE_KINDS

# Imported on first use: networkx, the path engine and the RDF reader are not needed by
# `import mechkg` (a cached path query imports none of them).
_LAZY = {
    "read_rdf": "mechkg.load.rdf_reader",
    "to_networkx": "mechkg.nx",
    "find_paths": "mechkg.paths",
    "PathQuery": "mechkg.paths",
    "load_cached": "mechkg.paths.cache",
    "subgraph": "mechkg.select",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mechkg' has no attribute {name!r}")


__all__ = [
    "AmbiguousEntity",
    "Claim",
    "ClaimError",
    "ENTITY_TYPES",
    "EVIDENCE_LEVELS",
    "Entity",
    "EntityNotFound",
    "FormatError",
    "KnowledgeGraph",
    "MechkgError",
    "NoPath",
    "PathQuery",
    "Problem",
    "RELATIONS",
    "SOURCE_KINDS",
    "Source",
    "ValidationError",
    "bundled_path",
    "find_paths",
    "input_files",
    "load",
    "load_cached",
    "read_rdf",
    "resolve",
    "stats",
    "subgraph",
    "to_networkx",
    "validate",
]
