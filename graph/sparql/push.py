"""Upload a graph to a triple store through the SPARQL 1.1 Graph Store Protocol.

The graph goes up as sorted N-Triples in batches (mechkg writes no blank nodes, so any
split is safe), with the ontology beside it so that evidence ranks and relation signs are
queryable. With ``replace``, everything goes first into a fresh staging graph and one
SPARQL Update ``MOVE`` swaps it in: the store applies an update whole or not at all, so a
failed upload leaves the old graph as it was.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..model import KnowledgeGraph
from .client import Endpoint, EndpointError
from .terms import iri

__all__ = ["PushReport", "push", "DEFAULT_BATCH_SIZE"]

#: Triples per request.
DEFAULT_BATCH_SIZE = 50_000
NTRIPLES = "application/n-triples"
#: ``progress(done, total)`` is called after each batch.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PushReport:
    """What :func:`push` sent: triples, requests, seconds, and where."""

    triples: int
    batches: int
    seconds: float
    graph: str | None
    replaced: bool

    @property
    def rate(self) -> float:
        """Triples per second."""
        return self.triples / self.seconds if self.seconds > 0 else float("inf")


def _ontology() -> tuple[bytes, int]:
    """The ontology's Turtle and its number of triples. It is sent in one request: its
    OWL lists are blank nodes, which must not be split across requests."""
    import pyoxigraph as ox
    from mechkg.ontology import ONTOLOGY_PATH

    data = ONTOLOGY_PATH.read_bytes()
    return data, sum(1 for _ in ox.parse(data, format=ox.RdfFormat.TURTLE))


def _batches(lines: Sequence[str], size: int) -> Iterator[tuple[bytes, str, int]]:
    for start in range(0, len(lines), size):
        chunk = lines[start : start + size]
        yield "".join(chunk).encode("utf-8"), NTRIPLES, len(chunk)


def _target(graph: str | None) -> str:
    return "DEFAULT" if graph is None else f"GRAPH {iri(graph)}"


def _drop(ep: Endpoint, staging: str) -> None:
    """Remove a staging graph after a failed or interrupted upload (within at most 10 s,
    whatever the deadline of the upload was)."""
    cleanup = dataclasses.replace(ep, timeout=min(ep.timeout, 10.0), deadline=None)
    try:
        cleanup.update(f"DROP SILENT GRAPH {iri(staging)}")
    except EndpointError:
        pass  # the staging graph has a random name: leftovers never shadow data


def push(
    data: KnowledgeGraph | Sequence[str],
    endpoint: Endpoint | str,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    ontology: bool = True,
    progress: Progress | None = None,
) -> PushReport:
    """Upload a graph (and the ontology) to a store with the Graph Store Protocol.

    Parameters
    ----------
    data : KnowledgeGraph or sequence of str
        The graph, or its N-Triples lines (without blank nodes, each ending in a
        newline) as :func:`mechkg.export.ntriples.to_ntriples` writes them.
    endpoint : Endpoint or str
        The store (``http://localhost:7878`` for an Oxigraph server).
    graph : str, optional
        IRI of the named graph to write; the default graph when None.
    replace : bool, default False
        Replace the graph's content, atomically: the upload goes to a staging graph
        that one SPARQL Update ``MOVE`` swaps in. Without it, triples are added.
    batch_size : int, default 50 000
        Triples per request.
    ontology : bool, default True
        Also upload ``ontology/mechkg.ttl`` (ranks, signs, relation groups).
    progress : callable, optional
        Called as ``progress(done, total)`` after each batch.

    Returns
    -------
    PushReport

    Raises
    ------
    EndpointError
        When a request fails; the message has the server's explanation and says what
        the failure left behind (with ``replace``: the old graph, unchanged).
    KeyboardInterrupt
        Passed on after an interrupted ``replace`` upload has removed its staging
        graph (the old graph is unchanged).
    ValueError
        For a malformed graph IRI or a batch size below 1.
    """
    if isinstance(data, KnowledgeGraph):
        from ..export.ntriples import to_ntriples

        lines: Sequence[str] = to_ntriples(data).splitlines(keepends=True)
    else:
        lines = data
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    ep = Endpoint.from_url(endpoint) if isinstance(endpoint, str) else endpoint
    if graph is not None:
        iri(graph)  # refuse a malformed graph name before anything is sent
    parts: list[tuple[bytes, str, int]] = []
    if ontology:
        turtle, count = _ontology()
        parts.append((turtle, "text/turtle", count))
    total = len(lines) + sum(n for _, _, n in parts)
    staging = f"urn:uuid:{uuid.uuid4()}" if replace else None
    into = staging if staging is not None else graph
    done = batches = 0
    start = time.perf_counter()
    try:
        for payload, media, count in itertools.chain(parts, _batches(lines, batch_size)):
            ep.post_data(into, payload, media)
            done += count
            batches += 1
            if progress is not None:
                progress(done, total)
        if staging is not None:
            if not batches:  # nothing staged: the replacement is an empty graph
                ep.update(f"DROP SILENT {_target(graph)}")
            else:
                ep.update(f"MOVE GRAPH {iri(staging)} TO {_target(graph)}")
    except KeyboardInterrupt:
        if staging is not None:
            _drop(ep, staging)
        raise
    except EndpointError as exc:
        where = "the default graph" if graph is None else graph
        if staging is not None:
            _drop(ep, staging)
            raise EndpointError(
                f"{exc}\nupload failed after {done} of {total} triples; {where} was left unchanged"
            ) from None
        hint = (
            f"\nupload failed after {done} of {total} triples, which {where} kept; "
            "use --replace for an all-or-nothing upload"
            if done
            else ""
        )
        raise EndpointError(f"{exc}{hint}") from None
    return PushReport(done, batches, time.perf_counter() - start, graph, replace)
