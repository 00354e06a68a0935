"""The verbs of the streamed RDF formats (Turtle, N-Triples, JSON-LD, TriG), made once.

Each of those modules is a source of units (the subject blocks or the graphs of
:mod:`mechkg.rdf.build`) and a serialiser of them (:mod:`mechkg.rdf.serialize`);
:func:`streamed` makes its ``to_<name>`` and ``write_<name>`` from the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..model import KnowledgeGraph
from ..progress import Progress, describe
from ..rdf.build import subject_count
from ..rdf.serialize import write_chunks

__all__ = ["streamed"]

#: the graph -> its units, in output order
Units = Callable[[KnowledgeGraph], Iterable[Any]]
#: (the units, the graph's base IRI) -> the text, chunk by chunk
Lines = Callable[[Iterable[Any], str], Iterable[str]]


def streamed(
    module: str,
    name: str,
    label: str,
    units: Units,
    lines: Lines,
    *,
    note: str = "",
    total: Callable[[KnowledgeGraph], int] = subject_count,
    unit: str = " subjects",
) -> tuple[Callable[[KnowledgeGraph], str], Callable[..., None]]:
    """``(to_<name>, write_<name>)`` of a streamed format: ``to`` returns the whole text,
    ``write`` streams it to a path (atomically) or an open text file, with a progress bar
    counting ``total(kg)`` ``unit``."""

    def to(kg: KnowledgeGraph) -> str:
        return "".join(lines(units(kg), kg.base))

    def write(kg: KnowledgeGraph, path_or_file: Any, *, progress: bool | None = None) -> None:
        with Progress(
            describe("writing", path_or_file, label), total(kg), unit=unit, enabled=progress
        ) as bar:
            write_chunks(path_or_file, lines(bar.track(units(kg)), kg.base))

    to.__doc__ = f"The graph as {label} (deterministic{': ' + note if note else ''})."
    write.__doc__ = (
        f"Write the graph as {label} to a path (atomically) or an open text file.\n\n"
        "The output is streamed: memory does not grow with its size. ``progress`` draws a "
        "bar\non standard error (by default only when that is a terminal and the run is "
        "long)."
    )
    for function, verb in ((to, "to"), (write, "write")):
        function.__name__ = function.__qualname__ = f"{verb}_{name}"
        function.__module__ = module
    return to, write
