"""Core commands: validate, build, stats, show, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .common import (
    LazyChoice,
    ListedOption,
    counted,
    emit,
    files_argument,
    format_option,
    guard_outputs,
    handle_errors,
    load_graph,
    min_evidence_option,
    output_option,
    species_option,
)

__all__ = ["validate", "build", "stats", "show", "entities", "export"]

max_errors_option = click.option(
    "--max-errors",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Stop reading after N problems (by default every problem is reported).",
)


@click.command()
@files_argument
@max_errors_option
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 on warnings too (names two entities share, entities no claim uses ...).",
)
@handle_errors
def validate(files: tuple[Path, ...], max_errors: int | None, strict: bool) -> None:
    """Check claim FILES and report every problem as file:line: claim ID: what; hint.

    Errors make the files unloadable; warnings point at what is likely a mistake across
    files: two definitions of one entity that disagree, a label, synonym or exact match
    that two entities share, an entity no claim names, a claim name that means another
    file's entity when its own file defines a similar one.

    Exits 0 when the files are valid (with --strict: and without warnings), 1 otherwise.
    With no FILES, checks the bundled graph.

    \b
    Example:
      mechkg validate claims/*.yaml
      mechkg validate --strict lab-vocabulary.yaml papers/
    """
    import mechkg
    from mechkg.load import check

    # one pass: a valid input is loaded once, to say what it holds
    from mechkg.terminal import visible

    kg, problems = check(list(files), max_errors=max_errors)
    for p in problems:
        click.echo(visible(str(p)), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warned = len(problems) - errors
    if kg is None:
        n = errors
        raise click.ClickException(f"{counted(n, 'problem')} found") from None
    names = visible(", ".join(str(p) for p in mechkg.input_files(list(files))))
    also = f", {counted(warned, 'warning')}" if warned else ""
    click.echo(
        f"{names}: valid ({counted(len(kg.claims), 'claim')}, "
        f"{counted(len(kg.entities), 'entity')}, {counted(len(kg.sources), 'source')}{also})"
    )
    if strict and warned:
        raise click.ClickException(
            f"{counted(warned, 'warning')} (--strict); fix them or drop --strict"
        )


@click.command()
@files_argument
@output_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=LazyChoice("mechkg.export:RDF_FORMATS", sort=True),
    default=None,
    help="RDF format; by default inferred from the --output extension "
    "(.ttl .nt .jsonld .trig), Turtle on standard output.",
)
@click.option(
    "--base",
    default=None,
    metavar="IRI",
    help="Base IRI for entities, claims and sources (ends in / or #).",
)
@max_errors_option
@handle_errors
def build(
    files: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    base: str | None,
    max_errors: int | None,
) -> None:
    """Build the RDF graph of claim FILES (the bundled graph when none).

    \b
    Examples:
      mechkg build -o lr3.ttl
      mechkg build claims.yaml -o claims.trig
      mechkg build claims.yaml --format ntriples > claims.nt
    """
    from mechkg.export import RDF_FORMATS, exporter, get_format, infer_format
    from mechkg.io import is_stdout

    if base is not None and not base.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) IRI ending in / or #", param_hint="--base")
    if base is not None and not base.endswith(("/", "#")):
        raise click.BadParameter("must end in / or #", param_hint="--base")
    if fmt is not None:
        chosen = get_format(fmt, RDF_FORMATS)
    elif output is not None and not is_stdout(output):
        chosen = infer_format(output, RDF_FORMATS)
    else:
        chosen = RDF_FORMATS["turtle"]
    guard_outputs(files, output)
    import mechkg

    kg = mechkg.load(list(files), base=base, max_errors=max_errors)
    _, write = exporter(chosen)
    write(kg, sys.stdout if output is None or str(output) == "-" else output)
    if output is not None and not is_stdout(output):
        click.echo(f"wrote {output} ({chosen.name}, {counted(len(kg.claims), 'claim')})", err=True)


@click.command()
@files_argument
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@handle_errors
def stats(files: tuple[Path, ...], fmt: str) -> None:
    """Counts of entities and claims per evidence level, relation, source and species.

    \b
    Example:
      mechkg stats
      mechkg stats claims.yaml --format json
    """
    from mechkg.report import stats_json, stats_text
    from mechkg.stats import stats as compute

    kg = load_graph(files)
    st = compute(kg)
    emit(stats_json(st) if fmt == "json" else stats_text(kg, st))


@click.command()
@click.argument("entity")
@files_argument
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@handle_errors
def show(entity: str, files: tuple[Path, ...], fmt: str) -> None:
    """Show ENTITY: labels, ids, and every claim in and out with evidence, source, quote.

    ENTITY is an id, label, synonym, label in another language or CURIE, in any case.

    \b
    Examples:
      mechkg show BDNF
      mechkg show nål
      mechkg show MGI:88145 --format json
    """
    from mechkg.report import entity_dict, entity_text
    from mechkg.resolve import resolve

    kg = load_graph(files)
    e = resolve(kg, entity)
    if fmt == "json":
        emit(json.dumps(entity_dict(kg, e), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        emit(entity_text(kg, e))


@click.command()
@files_argument
@click.option(
    "--search",
    metavar="TEXT",
    default=None,
    help="Only entities with TEXT in an id, label, synonym, other-language label or CURIE.",
)
@click.option(
    "--type",
    "type_",
    metavar="TYPE",
    type=LazyChoice("mechkg.vocab:ENTITY_TYPES"),
    default=None,
    cls=ListedOption,
    help="Only entities of this type: {choices}.",
)
@format_option("mechkg.report:ENTITY_LIST_FORMATS")
@output_option
@handle_errors
def entities(
    files: tuple[Path, ...], search: str | None, type_: str | None, fmt: str, output: Path | None
) -> None:
    """List the entities of FILES (the bundled graph when none): id, label, type, how
    many claims name each and the files that define it, in id order. Exits 1 when none
    matches (with the closest names).

    \b
    Examples:
      mechkg entities
      mechkg entities --search bdnf
      mechkg entities claims.yaml --type Gene --format tsv
    """
    from mechkg.report import ENTITY_LIST_FORMATS
    from mechkg.resolve import find_entities

    guard_outputs(files, output)
    kg = load_graph(files)
    emit(ENTITY_LIST_FORMATS[fmt](kg, find_entities(kg, search=search, type=type_)), output)


@click.command()
@click.argument("fmt", metavar="FORMAT", type=LazyChoice("mechkg.export:EXPORTERS", sort=True))
@files_argument
@output_option
@click.option(
    "--focus",
    multiple=True,
    metavar="ENTITY",
    help="Keep only the neighbourhood of ENTITY (repeatable).",
)
@click.option(
    "--depth",
    type=click.IntRange(0, 50),
    default=1,
    show_default=True,
    help="With --focus: how many claims away from the focus to keep.",
)
@min_evidence_option("Keep only claims at or above LEVEL: {choices}.")
@species_option(
    "Keep only claims that state this species (NCBITaxon CURIE, or mouse, human, rat ...)."
)
@click.option(
    "--title",
    metavar="TEXT",
    default=None,
    help="html: the page title (default: the focus and the title of the graph's one "
    "primary source, or its claim and source counts).",
)
@handle_errors
def export(
    fmt: str,
    files: tuple[Path, ...],
    output: Path | None,
    focus: tuple[str, ...],
    depth: int,
    min_evidence: str | None,
    species: str | None,
    title: str | None,
) -> None:
    """Export the graph of FILES (the bundled graph when none) as FORMAT.

    Filters that keep no claim are an error (exit 1): nothing is written.

    \b
    Examples:
      mechkg export html -o lr3.html
      mechkg export html --focus BDNF --depth 2 --min-evidence experiment -o bdnf.html
      mechkg export html claims.yaml --title "Needling and BDNF" -o claims.html
      mechkg export jsonld -o lr3.jsonld
    """
    from mechkg.export import exporter, get_format
    from mechkg.select import subgraph

    chosen = get_format(fmt)
    if title is not None and chosen.name != "html":
        raise click.BadParameter("only the html format has a title", param_hint="--title")
    if chosen.name == "kgx" and output is not None and str(output) != "-":
        from mechkg.export.kgx import kgx_paths

        guard_outputs(files, *kgx_paths(output))
    else:
        guard_outputs(files, output)
    kg = load_graph(files)
    focused = []
    if focus:
        from mechkg.resolve import resolve

        focused = [resolve(kg, name) for name in focus]
    if focus or min_evidence or species:
        kg = subgraph(
            kg,
            focus=focus,
            depth=depth,
            min_evidence=min_evidence,
            species=species,
            allow_empty=False,
        )
    _, write = exporter(chosen)
    target = sys.stdout if output is None or str(output) == "-" else output
    if chosen.name == "html":
        from mechkg.export.html import default_title, write_html

        labels = [e.label for e in focused]
        if title is None:
            title = default_title(kg, labels, depth if labels else None)
        carried = {"focus": labels, "depth": str(depth) if focus else None,
                   "min_evidence": min_evidence, "species": species}  # fmt: skip
        written = write_html(
            kg, target, title=title, focus=[e.id for e in focused], filters=carried
        )
    else:
        written = write(kg, target)
    if output is not None and str(output) != "-":
        # Most formats write one file; some (KGX) write several and return their paths.
        names = ", ".join(map(str, written)) if isinstance(written, (list, tuple)) else output
        click.echo(
            f"wrote {names} ({chosen.name}, {counted(len(kg.claims), 'claim')}, "
            f"{counted(len(kg.entities), 'entity')})",
            err=True,
        )
