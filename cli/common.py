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

__all__ = ["files_argument", "handle_errors", "load_graph", "output_option", "emit"]

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


def handle_errors(func: F) -> F:
    """Turn mechkg's own errors, and files that cannot be written, into a clean message
    on stderr and exit code 1. (Input files that cannot be read are reported by the
    loader, with every other problem.)"""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from mechkg.errors import MechkgError

        try:
            return func(*args, **kwargs)
        except MechkgError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:  # `mechkg ... | head`
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:  # an output that cannot be written: no folder, full disk
            where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
            raise click.ClickException(
                f"{where}{exc.strerror or exc}; check that the folder exists, is writable "
                "and has free space"
            ) from None

    return wrapper  # type: ignore[return-value]


def load_graph(files: Sequence[Path], base: str | None = None) -> KnowledgeGraph:
    """Load the graph the command works on (the bundled one when ``files`` is empty)."""
    import mechkg

    return mechkg.load(list(files), base=base)


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
