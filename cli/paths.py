"""Path commands: paths, neighbours, explain. Each loads the cached graph index (the claim
files are parsed only when they changed), calls one library function and prints."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .common import (
    emit,
    files_argument,
    format_option,
    guard_outputs,
    handle_errors,
    min_evidence_option,
    output_option,
    relation_option,
    species_option,
)
from .store import store_option

if TYPE_CHECKING:
    from mechkg.paths.index import PathIndex
    from mechkg.paths.spec import PathQuery

__all__ = ["paths", "neighbours", "explain"]

T = TypeVar("T")


def _index(files: Sequence[Path], refresh: bool = False) -> PathIndex:
    """The cached index of the files; cache warnings are printed as one clean line."""
    import warnings

    from mechkg.io import not_regular
    from mechkg.load import input_files, load
    from mechkg.paths.cache import CacheWarning, load_cached
    from mechkg.paths.index import PathIndex

    if any(not_regular(p) for p in input_files(list(files))):
        # never hash a FIFO for the cache key (it would wait for a writer): the loader
        # reports it, with every other problem
        return PathIndex.from_kg(load(list(files)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheWarning)
        index = load_cached(list(files), refresh=refresh)
    for w in caught:
        if issubclass(w.category, CacheWarning):
            click.echo(f"mechkg: warning: {_one_line(str(w.message))}", err=True)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return index


def _one_line(text: str) -> str:
    """``text`` with control characters (line breaks, escapes) shown as ``\\xNN``."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _answer(files: Sequence[Path], ask: Callable[[PathIndex], T]) -> tuple[PathIndex, T]:
    """``ask(index)``; a cache file found damaged while answering is rebuilt, once."""
    from mechkg.paths.cache import CorruptCache

    index = _index(files)
    try:
        return index, ask(index)
    except CorruptCache:
        index = _index(files, refresh=True)
        return index, ask(index)


def _filters(func):  # type: ignore[no-untyped-def]
    options = [
        min_evidence_option("Lowest evidence level a step's claims may have: {choices}."),
        species_option("Only claims in this species (NCBITaxon CURIE, or mouse, human, rat ...)."),
        relation_option("Only this relation (repeatable): {choices}; default the causal ones."),
        click.option(
            "--include-correlations", is_flag=True,
            help="Also follow correlations (never causes_no_change, negated or structural "
            "claims).",
        ),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def _query(**flags: Any) -> PathQuery:
    """The path query of the commands' flags."""
    from mechkg.paths.spec import PathQuery

    names = {"limit": "k", "max_length": "cutoff", "include_correlations": "correlations"}
    values = {names.get(k, k): v for k, v in flags.items()}
    values["relations"] = values["relations"] or None
    return PathQuery(**values)


@click.command()
@click.argument("source")
@click.argument("target")
@files_argument
@click.option("-k", "--limit", default=5, show_default=True, type=click.IntRange(min=1),
              help="How many paths to show (best first).")  # fmt: skip
@click.option("--max-length", default=6, show_default=True, type=click.IntRange(min=1),
              help="Most steps a path may have.")  # fmt: skip
@_filters
@click.option("--via", metavar="ENTITY", default=None, help="Only paths through ENTITY.")
@click.option("--avoid", metavar="ENTITY", multiple=True,
              help="No path through ENTITY (repeatable).")  # fmt: skip
@click.option("--weaker/--no-weaker", default=True, show_default=True,
              help="Also show, per lower evidence level, the route reaching the most "
                   "entities the shown paths do not.")  # fmt: skip
@format_option("mechkg.paths.render:PATH_FORMATS")
@output_option
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write an interactive HTML page of the paths' neighbourhood, "
                   "with the paths highlighted.")  # fmt: skip
@click.option("--title", metavar="TEXT", default=None,
              help="With --html: the page title (default: SOURCE → TARGET).")  # fmt: skip
@click.option("--endpoint", metavar="URL", default=None,
              help="Ask this SPARQL store (holding a graph `mechkg push` uploaded) "
                   "instead of FILES.")  # fmt: skip
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="With --endpoint: the named graph holding the claims.")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help="With --endpoint: seconds the whole search may take (every request "
                   "to the store, to the last byte of its answer)  [default: 60]")  # fmt: skip
@store_option
@handle_errors
def paths(
    source: str, target: str, files: tuple[Path, ...], limit: int, max_length: int,
    min_evidence: str | None, species: str | None, relations: tuple[str, ...],
    include_correlations: bool, via: str | None, avoid: tuple[str, ...], weaker: bool,
    fmt: str, output: Path | None, html: Path | None, title: str | None, endpoint: str | None,
    graph_iri: str | None, timeout: float | None, store_kind: str,
) -> None:  # fmt: skip
    """Find the causal paths from SOURCE to TARGET, best first.

    Paths follow causal claims only (correlations with --include-correlations). Each
    shows its steps with their strongest claim, the net effect (product of the signs),
    the weakest link (lowest evidence level) and whether its steps mix species. Ranked
    by weakest link, then fewer steps, then more supporting claims.

    \b
    Examples:
      mechkg paths needle behaviour
      mechkg paths needle behaviour --min-evidence inferred --format json
      mechkg paths BDNF behaviour claims.yaml -k 10 --max-length 4 --species mouse
      mechkg paths needle behaviour --endpoint http://127.0.0.1:7878
    """
    from mechkg.paths.render import PATH_FORMATS

    guard_outputs(files, output, html)
    query = _query(
        limit=limit, max_length=max_length, min_evidence=min_evidence, species=species,
        relations=relations, include_correlations=include_correlations, via=via, avoid=avoid,
        weaker=weaker,
    )  # fmt: skip
    if endpoint is not None:
        if files:
            raise click.UsageError("give FILES or --endpoint, not both")
        from mechkg.sparql import find_paths_sparql
        from mechkg.sparql.client import DEFAULT_TIMEOUT, Endpoint

        seconds = DEFAULT_TIMEOUT if timeout is None else timeout
        from mechkg.sparql.paths import claims_graph

        store = Endpoint.from_url(endpoint, timeout=seconds, store=store_kind).within(seconds)
        graph_iri = claims_graph(store, graph_iri)
        result = find_paths_sparql(store, source, target, query, graph=graph_iri)
    else:
        if graph_iri is not None:
            raise click.UsageError("--graph needs --endpoint")
        if timeout is not None:
            raise click.UsageError("--timeout needs --endpoint")
        from mechkg.paths.query import find_paths

        index, result = _answer(files, lambda ix: find_paths(ix, source, target, query))
    emit(PATH_FORMATS[fmt](result), output)
    if result.partial and (fmt != "text" or output is not None):
        from mechkg.paths.render import stopped_note

        for part in result.stopped:
            click.echo(f"mechkg: {stopped_note(result, part)}", err=True)
    if title is not None and html is None:
        raise click.UsageError("--title needs --html")
    if html is not None:
        from mechkg.export.html import write_html
        from mechkg.select import subgraph

        if endpoint is not None:
            from mechkg.sparql import path_subgraph

            sub = path_subgraph(store, result, graph=graph_iri)
        else:
            shown = [*result.paths, *(r.path for r in result.weaker)]
            nodes = {index.node(e.id) for p in shown for e in p.nodes}
            sub = index.subgraph(sorted(n for n in nodes if n is not None))
        # The page shows the claims the search could use: the same evidence and species.
        sub = subgraph(sub, min_evidence=min_evidence, species=species)
        carried = {
            "min_evidence": min_evidence, "species": species, "relations": list(relations),
            "include_correlations": include_correlations, "via": via, "avoid": list(avoid),
            "max_length": str(max_length),
        }  # fmt: skip
        write_html(sub, html, highlight_paths=[list(p.claim_ids) for p in result.paths],
                   title=title or f"{result.source.label} → {result.target.label}",
                   filters=carried)  # fmt: skip
        click.echo(f"wrote {html}", err=True)


@click.command()
@click.argument("entity")
@files_argument
@click.option("--upstream", "direction", flag_value="upstream",
              help="Only what affects ENTITY.")  # fmt: skip
@click.option("--downstream", "direction", flag_value="downstream",
              help="Only what ENTITY affects.")  # fmt: skip
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1),
              help="Most steps from ENTITY.")  # fmt: skip
@click.option("-n", "--limit", default=100, show_default=True, type=click.IntRange(min=0),
              help="Most neighbours per direction (0: all).")  # fmt: skip
@_filters
@format_option("mechkg.paths.render_more:NEIGHBOUR_FORMATS")
@output_option
@handle_errors
def neighbours(
    entity: str, files: tuple[Path, ...], direction: str | None, depth: int, limit: int,
    min_evidence: str | None, species: str | None, relations: tuple[str, ...],
    include_correlations: bool, fmt: str, output: Path | None,
) -> None:  # fmt: skip
    """What ENTITY affects (downstream) and what affects it (upstream), step by step.

    \b
    Examples:
      mechkg neighbours BDNF
      mechkg neighbours needle --downstream --depth 3
      mechkg neighbours behaviour --upstream --min-evidence experiment
    """
    from mechkg.paths.explore import neighbours as compute
    from mechkg.paths.render_more import NEIGHBOUR_FORMATS

    guard_outputs(files, output)
    query = _query(min_evidence=min_evidence, species=species, relations=relations,
                   include_correlations=include_correlations)  # fmt: skip
    _, hood = _answer(
        files,
        lambda ix: compute(
            ix, entity, query, direction=direction or "both", depth=depth, limit=limit or None
        ),
    )
    emit(NEIGHBOUR_FORMATS[fmt](hood), output)


@click.command()
@click.argument("subject")
@click.argument("object_", metavar="OBJECT")
@files_argument
@format_option("mechkg.paths.render_more:EXPLAIN_FORMATS")
@output_option
@handle_errors
def explain(
    subject: str, object_: str, files: tuple[Path, ...], fmt: str, output: Path | None
) -> None:
    """Every claim between SUBJECT and OBJECT, both directions, with quotes and sources.

    Negated, causes_no_change, correlation and structural claims are listed too.

    \b
    Examples:
      mechkg explain needle BDNF
      mechkg explain BDNF plasticity --format json
    """
    from mechkg.paths.explore import explain as compute
    from mechkg.paths.render_more import EXPLAIN_FORMATS

    guard_outputs(files, output)
    _, found = _answer(files, lambda ix: compute(ix, subject, object_))
    emit(EXPLAIN_FORMATS[fmt](found), output)
