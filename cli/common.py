"""Shared pieces of the commands: the FILES argument, loading, error mapping, output."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from mechkg.model import KnowledgeGraph

__all__ = [
    "LazyChoice",
    "ListedOption",
    "files_argument",
    "format_option",
    "handle_errors",
    "load_graph",
    "min_evidence_option",
    "relation_option",
    "output_option",
    "species_option",
    "emit",
    "guard_outputs",
    "counted",
]

F = TypeVar("F", bound=Callable[..., Any])

files_argument = click.argument(
    "files",
    nargs=-1,
    # readable=False: the loader reports unreadable files like any other bad input
    # (file: permission denied, exit 1), not as a usage error.
    type=click.Path(dir_okay=True, readable=False, path_type=Path),
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    default=None,
    help="Write to FILE (atomically) instead of standard output.",
)


class LazyChoice(click.Choice):
    """A choice whose values are read from a registry (``"module:NAME"`` naming a dict,
    sequence or set) when first needed: parsing the option or showing ``--help``. Building the
    command, and so ``mechkg --help``, imports nothing more."""

    def __init__(self, registry: str, *, sort: bool = False, case_sensitive: bool = True) -> None:
        self.registry = registry
        self.sort = sort
        self.case_sensitive = case_sensitive
        self._choices: tuple[str, ...] | None = None

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        if self._choices is None:
            import importlib

            module, _, name = self.registry.partition(":")
            values = getattr(importlib.import_module(module), name)
            # a dict or sequence keeps its order unless asked to sort; a set is sorted
            unordered = isinstance(values, (set, frozenset))
            self._choices = tuple(sorted(values) if self.sort or unordered else values)
        return self._choices


class ListedOption(click.Option):
    """An option whose help names its choices: ``{choices}`` in the help text is
    replaced, when help is shown, by the option's choices."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None or not isinstance(self.type, click.Choice):
            return record
        return record[0], record[1].replace("{choices}", ", ".join(map(str, self.type.choices)))


def format_option(
    registry: str, default: str = "text", help: str | None = None
) -> Callable[[F], F]:
    """``--format NAME``: one of the formats a registry (``"module:NAME"``) holds."""
    return click.option(
        "--format",
        "fmt",
        type=LazyChoice(registry),
        default=default,
        show_default=True,
        help=help,
    )


def min_evidence_option(help: str) -> Callable[[F], F]:
    """``--min-evidence LEVEL``: one of the evidence levels of :mod:`mechkg.vocab` (a
    usage error, exit 2, otherwise). ``{choices}`` in ``help`` lists them."""
    from mechkg.vocab import EVIDENCE_LEVELS

    return click.option(
        "--min-evidence",
        type=click.Choice(tuple(EVIDENCE_LEVELS), case_sensitive=False),
        default=None,
        metavar="LEVEL",
        cls=ListedOption,
        help=help,
    )


def relation_option(help: str) -> Callable[[F], F]:
    """``--relation REL`` (repeatable): a relation a path may follow
    (:data:`mechkg.paths.steps.PATH_RELATIONS`). ``{choices}`` in ``help`` lists them."""
    return click.option(
        "--relation",
        "relations",
        multiple=True,
        type=LazyChoice("mechkg.paths.steps:PATH_RELATIONS"),
        metavar="REL",
        cls=ListedOption,
        help=help,
    )


def _species(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from mechkg.species import UnknownSpecies, check_species

    try:
        return check_species(value)
    except UnknownSpecies as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def species_option(help: str) -> Callable[[F], F]:
    """``--species CURIE``: an NCBITaxon CURIE or a common name, turned into the CURIE by
    :func:`mechkg.species.check_species` (a usage error, exit 2, otherwise)."""
    return click.option("--species", metavar="CURIE", default=None, callback=_species, help=help)


def handle_errors(func: F) -> F:
    """Turn mechkg's own errors, and files that cannot be written, into a clean message
    on stderr and exit code 1. (Input files that cannot be read are reported by the
    loader, with every other problem.)"""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from mechkg.errors import MechkgError
        from mechkg.terminal import visible

        try:
            return func(*args, **kwargs)
        except MechkgError as exc:  # may quote a file or an endpoint: shown, never obeyed
            raise click.ClickException(visible(str(exc))) from None
        except BrokenPipeError:  # `mechkg ... | head`
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:  # an output that cannot be written: no folder, full disk
            where = (
                f"{visible(str(exc.filename))}: " if exc.filename else "cannot write the output: "
            )
            raise click.ClickException(
                f"{where}{exc.strerror or exc}; check that the folder exists, is writable "
                "and has free space"
            ) from None

    return wrapper  # type: ignore[return-value]


def load_graph(files: Sequence[Path], base: str | None = None) -> KnowledgeGraph:
    """Load the graph the command works on (the bundled one when ``files`` is empty)."""
    import mechkg

    return mechkg.load(list(files), base=base)


def guard_outputs(inputs: Sequence[Path], *outputs: Path | None) -> None:
    """Refuse (exit 1) outputs that are inputs, repeat each other, or would be read as
    claims by later runs on an input folder (:func:`mechkg.io.check_outputs`)."""
    from mechkg.io import OutputConflict, check_outputs

    try:
        check_outputs(outputs, inputs)
    except OutputConflict as exc:
        raise click.ClickException(str(exc)) from None


@contextlib.contextmanager
def _target(output: Path | None) -> Iterator[Any]:
    if output is None or str(output) == "-":
        yield sys.stdout
    else:
        from mechkg.io import atomic_open

        with atomic_open(output) as handle:
            yield handle


def emit(text: str, output: Path | None = None) -> None:
    """Write ``text`` to stdout or (atomically) to ``output``."""
    with _target(output) as handle:
        handle.write(text if text.endswith("\n") else text + "\n")


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1: "1 entity", "3 entities".

    >>> counted(1, "entity"), counted(3, "entity"), counted(0, "claim")
    ('1 entity', '3 entities', '0 claims')
    """
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"
