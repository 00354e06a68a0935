"""Turtle export: subjects by IRI, streamed subject by subject."""

from __future__ import annotations

from ..rdf.build import subject_blocks
from ..rdf.serialize import turtle_lines
from .streamed import streamed

__all__ = ["to_turtle", "write_turtle"]

to_turtle, write_turtle = streamed(__name__, "turtle", "Turtle", subject_blocks, turtle_lines)
