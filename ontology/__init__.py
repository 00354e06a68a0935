"""The mechkg vocabulary in OWL (``mechkg.ttl``) and the SHACL shapes of its data
(``shapes.ttl``), shipped as package data.

Examples
--------
>>> from mechkg.ontology import ONTOLOGY_PATH, SHAPES_PATH
>>> ONTOLOGY_PATH.name, SHAPES_PATH.name
('mechkg.ttl', 'shapes.ttl')
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["ONTOLOGY_PATH", "SHAPES_PATH"]

_HERE = files(__package__ or __name__)

#: The OWL 2 ontology of relations, evidence levels, entity types and source kinds.
ONTOLOGY_PATH: Path = Path(str(_HERE.joinpath("mechkg.ttl")))
#: SHACL shapes that every graph mechkg writes satisfies.
SHAPES_PATH: Path = Path(str(_HERE.joinpath("shapes.ttl")))
