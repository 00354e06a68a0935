"""Commands that talk to triple stores: push (upload) and query (SPARQL)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from mechkg.io import not_regular

from .common import (
    emit,
    files_argument,
    format_option,
    guard_outputs,
    handle_errors,
    load_graph,
    output_option,
)

if TYPE_CHECKING:
    from mechkg.progress import Progress

__all__ = ["push", "query", "push_progress", "store_option"]


def push_progress(bar: Progress) -> Callable[[int, int | None], None]:
    """The ``progress(done, total)`` callback of an upload, drawn on ``bar``."""

    def tick(done: int, total: int | None) -> None:
        bar.total = total
        bar.update(done)

    return tick


timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds each request may take, from connecting to the last byte of the answer.",
)


store_option = click.option(
    "--store",
    "store_kind",
    type=click.Choice(["auto", "oxigraph", "virtuoso", "fuseki", "graphdb"]),
    default="auto",
    show_default=True,
    help="The kind of store, for where its services are and how it differs (see "
    "docs/stores.md); auto asks the server.",
)


def _check_graph(graph: str | None) -> None:
    if graph is None:
        return
    from mechkg.sparql.terms import iri

    try:
        iri(graph)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--graph") from None


@click.command()
@files_argument
@click.option(
    "--endpoint",
    metavar="URL",
    required=True,
    help="The store: its base URL (an Oxigraph server: http://localhost:7878).",
)
@click.option("--graph", "graph_iri", metavar="IRI", help="Named graph to write (default graph).")
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the graph's content, atomically: upload to a staging graph, then swap it "
    "in with one SPARQL Update MOVE (a failed upload leaves the old graph unchanged).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="Triples per request.",
)
@click.option("--no-ontology", is_flag=True, help="Do not upload ontology/mechkg.ttl.")
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=16),
    default=None,
    help="Requests on the wire at once [default: the store's, 2 for Oxigraph, 1 for Virtuoso].",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="Load through the store's loader without transactions where it has one "
    "(Oxigraph); a failed upload may leave part of a batch. --replace always loads this "
    "way, into its staging graph.",
)
@store_option
@timeout_option
@handle_errors
def push(
    files: tuple[Path, ...],
    endpoint: str,
    graph_iri: str | None,
    replace: bool,
    batch_size: int,
    no_ontology: bool,
    workers: int | None,
    bulk: bool,
    store_kind: str,
    timeout: float,
) -> None:
    """Upload the graph of FILES (the bundled graph when none), with the ontology, to a
    triple store through the SPARQL 1.1 Graph Store Protocol.

    Triples are added to the default graph or to --graph; with --replace the graph's
    old content is swapped out atomically.

    \b
    Examples:
      oxigraph serve --location store --bind 127.0.0.1:7878 &
      mechkg push --endpoint http://127.0.0.1:7878
      mechkg push claims.yaml --endpoint http://127.0.0.1:7878 \\
          --graph https://example.org/claims --replace
    """
    from mechkg.progress import Progress
    from mechkg.sparql.client import Endpoint
    from mechkg.sparql.push import push as upload

    _check_graph(graph_iri)
    ep = Endpoint.from_url(endpoint, timeout=timeout, store=store_kind)
    ep.graph_url(graph_iri)  # a store that writes named graphs only says so before loading
    kg = load_graph(files)
    bar = Progress("push", unit=" triples")
    try:
        report = upload(
            kg,
            ep,
            graph=graph_iri,
            replace=replace,
            batch_size=batch_size,
            ontology=not no_ontology,
            progress=push_progress(bar),
            workers=workers,
            bulk=bulk,
        )
    except KeyboardInterrupt:
        bar.close()
        left = (
            "the staging graph was removed and the old content is unchanged"
            if replace
            else (
                "what was sent before stays in the store; use --replace for an "
                "all-or-nothing upload"
            )
        )
        click.echo(f"push interrupted: {left}", err=True)
        sys.exit(130)
    finally:
        bar.close()
    where = "the default graph" if graph_iri is None else f"<{graph_iri}>"
    click.echo(
        f"pushed {report.triples:,} triples ({len(kg.claims):,} claims) to {where} of "
        f"{endpoint} in {report.batches} request{'s' if report.batches != 1 else ''}, "
        f"{report.seconds:.2f} s ({report.rate:,.0f} triples/s)"
        + ("; old content replaced" if replace else ""),
        err=True,
    )


def _query_file(text: str) -> Path | None:
    """The file that ``text`` names, or None when it is the query itself: text with a
    line break, or a name no file system accepts (over 255 bytes a component), or no
    file at all (unless it ends like a query file)."""
    if "\n" in text or "\r" in text:
        return None
    path = Path(text)
    try:
        exists = path.exists()
    except (OSError, ValueError):  # "file name too long", a NUL byte: not a file name
        return None
    if not exists:
        if path.suffix.lower() in (".rq", ".sparql", ".ru"):
            raise click.BadParameter(f"no such query file: {text}")
        return None
    what = not_regular(path)
    if what is not None or path.is_dir():
        raise click.BadParameter(
            f"{text} is {what or 'a folder'}; give a query file or the query's text"
        )
    return path


def _read_query(text: str) -> str:
    path = _query_file(text)
    if path is None:
        return text
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {text}: {exc}") from None


@click.command()
@click.argument("sparql", metavar="SPARQL_OR_FILE")
@files_argument
@click.option(
    "--endpoint",
    metavar="URL",
    help="Query this store (SPARQL 1.1 Protocol) instead of the local graph.",
)
@format_option(
    "mechkg.sparql.results:RESULT_FORMATS",
    default="table",
    help="SELECT results as an aligned table, SPARQL CSV or SPARQL JSON; CONSTRUCT and "
    "DESCRIBE give N-Triples.",
)
@output_option
@store_option
@timeout_option
@handle_errors
def query(
    sparql: str,
    files: tuple[Path, ...],
    endpoint: str | None,
    fmt: str,
    output: Path | None,
    store_kind: str,
    timeout: float,
) -> None:
    """Run a SPARQL query (text, or a file holding it) on the graph of FILES, loaded
    with the ontology into an embedded store, or on a store with --endpoint.

    \b
    Examples:
      mechkg query 'SELECT ?x WHERE { ?x a <https://w3id.org/mechkg/ontology#Gene> }'
      mechkg query chains.rq claims.yaml --format csv
      mechkg query chains.rq --endpoint http://127.0.0.1:7878 --format json
    """
    from mechkg.sparql.query import query_endpoint, query_local
    from mechkg.sparql.results import format_result
    from mechkg.vocab import DEFAULT_BASE

    if endpoint is not None and files:
        raise click.UsageError("give FILES or --endpoint, not both")
    query_file = _query_file(sparql)
    guard_outputs([*files, *([query_file] if query_file else [])], output)
    text = _read_query(sparql)
    if endpoint is not None:
        from mechkg.sparql.client import Endpoint

        ep = Endpoint.from_url(endpoint, timeout=timeout, store=store_kind)
        result = query_endpoint(ep, text)
        base = DEFAULT_BASE
    else:
        kg = load_graph(files)
        result = query_local(kg, text)
        base = kg.base
    emit(format_result(result, fmt, base), output)
    if result.kind == "select":
        n = len(result.rows)
        click.echo(f"{n} row{'s' if n != 1 else ''}", err=True)
