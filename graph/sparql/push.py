"""Upload a graph to a triple store through the SPARQL 1.1 Graph Store Protocol.

The graph goes up as sorted N-Triples in batches (mechkg writes no blank nodes, so any
split is safe), with the ontology beside it so that evidence ranks and relation signs are
queryable. The N-Triples are serialised batch by batch while earlier batches are on the
wire (a few requests at a time where the store takes them, see
:attr:`~mechkg.sparql.stores.Store.workers`): the whole graph's text is never held.
With ``replace``, everything goes first into a fresh staging graph and one SPARQL Update
``MOVE`` swaps it in: the store applies an update whole or not at all, so a failed upload
leaves the old graph as it was. With ``bulk`` (and always with ``replace``, whose staging
graph nobody reads), a store that has a loader without transactions (Oxigraph's
``no_transaction``) uses it.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from ..model import KnowledgeGraph
from .client import Endpoint, EndpointError
from .terms import iri

__all__ = ["PushReport", "push", "DEFAULT_BATCH_SIZE"]

#: Triples per request.
DEFAULT_BATCH_SIZE = 50_000
NTRIPLES = "application/n-triples"
#: ``progress(done, total)`` is called after each batch (``total`` is None until the last
#: batch is serialised).
Progress = Callable[[int, int | None], None]


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


def _graph_lines(kg: KnowledgeGraph) -> Iterator[str]:
    """The graph's N-Triples, a subject's lines at a time, as they are serialised."""
    from ..rdf.build import subject_blocks
    from ..rdf.serialize import ntriples_lines

    return ntriples_lines(subject_blocks(kg, order="ntriples"))


def _batches(chunks: Iterable[str], size: int) -> Iterator[tuple[bytes, str, int]]:
    """Requests of about ``size`` triples from text chunks of whole lines."""
    held: list[str] = []
    count = 0
    for chunk in chunks:
        n = chunk.count("\n")
        if count and count + n > size:
            yield "".join(held).encode("utf-8"), NTRIPLES, count
            held, count = [], 0
        if n > size:  # a chunk larger than a batch: split it at lines
            lines = chunk.splitlines(keepends=True)
            for start in range(0, len(lines) - size, size):
                yield "".join(lines[start : start + size]).encode("utf-8"), NTRIPLES, size
            rest = lines[(len(lines) - 1) // size * size :]
            held, count = ["".join(rest)], len(rest)
            continue
        held.append(chunk)
        count += n
    if count:
        yield "".join(held).encode("utf-8"), NTRIPLES, count


def _send_all(
    ep: Endpoint,
    into: str | None,
    parts: Iterable[tuple[bytes, str, int]],
    workers: int,
    bulk: bool,
    sent: Callable[[int], None],
) -> None:
    """POST every part, ``workers`` at a time (at most twice that many serialised and
    waiting); the first failure stops the rest and is raised once the others are done."""
    if workers <= 1:
        for payload, media, count in parts:
            ep.post_data(into, payload, media, bulk=bulk)
            sent(count)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mechkg-push")
    pending: dict[Future[None], int] = {}
    try:
        for payload, media, count in parts:
            while len(pending) >= 2 * workers:
                _reap(pending, sent)
            pending[pool.submit(ep.post_data, into, payload, media, bulk=bulk)] = count
        while pending:
            _reap(pending, sent)
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True)
        for future, count in pending.items():  # stored while the failure was reported
            if not future.cancelled() and future.exception() is None:
                sent(count)


def _reap(pending: dict[Future[None], int], sent: Callable[[int], None]) -> None:
    """Count the finished requests; raise the first failure after counting the rest."""
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    failed = [f for f in done if f.exception() is not None]
    for future in done:
        if future not in failed:
            sent(pending.pop(future))
    for future in failed:
        pending.pop(future)
    if failed:
        failed[0].result()


def _of(total: int | None) -> str:
    return "" if total is None else f" of {total}"


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
    workers: int | None = None,
    bulk: bool = False,
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
    workers : int, optional
        Requests on the wire at once; the store's own number when None (2 for
        Oxigraph, 1 for Virtuoso).
    bulk : bool, default False
        Load through the store's loader without transactions where it has one
        (Oxigraph's ``no_transaction``: faster; a failed upload may leave part of a
        batch behind). ``replace`` always loads this way: its staging graph is dropped
        on failure.

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
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    ep = Endpoint.from_url(endpoint) if isinstance(endpoint, str) else endpoint
    if graph is not None:
        iri(graph)  # refuse a malformed graph name before anything is sent
    ep.graph_url(graph)  # a store without a writable default graph says so now
    chunks: Iterable[str] = _graph_lines(data) if isinstance(data, KnowledgeGraph) else data
    parts: list[tuple[bytes, str, int]] = []
    if ontology:
        turtle, count = _ontology()
        parts.append((turtle, "text/turtle", count))
    queued = [0]  # triples serialised so far
    total: int | None = None  # known once the last batch is serialised

    def batches_of(chunks: Iterable[str]) -> Iterator[tuple[bytes, str, int]]:
        nonlocal total
        for part in itertools.chain(parts, _batches(chunks, batch_size)):
            queued[0] += part[2]
            yield part
        total = queued[0]

    staging = f"urn:uuid:{uuid.uuid4()}" if replace else None
    into = staging if staging is not None else graph
    done = batches = 0
    start = time.perf_counter()

    def sent(count: int) -> None:
        nonlocal done, batches
        done += count
        batches += 1
        if progress is not None:
            progress(done, total)

    try:
        _send_all(
            ep, into, batches_of(chunks),
            ep.store.workers if workers is None else max(1, workers), bulk or replace, sent,
        )  # fmt: skip
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
                f"{exc}\nupload failed after {done}{_of(total)} triples; {where} was left unchanged"
            ) from None
        hint = (
            f"\nupload failed after {done}{_of(total)} triples, which {where} kept; "
            "use --replace for an all-or-nothing upload"
            if done
            else ""
        )
        raise EndpointError(f"{exc}{hint}") from None
    if progress is not None and batches:
        progress(done, done)
    return PushReport(done, batches, time.perf_counter() - start, graph, replace)
