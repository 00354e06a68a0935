"""The ``mechkg`` command group. Subcommands are imported only when they run, so that
``mechkg --help`` and each command start fast."""

from __future__ import annotations

import importlib
import sys
import warnings
from typing import Any

import click

__all__ = ["main", "COMMANDS"]

#: command name -> "module:attribute". A new command is one module and one entry here.
COMMANDS: dict[str, str] = {
    "validate": "mechkg.cli.core:validate",
    "build": "mechkg.cli.core:build",
    "stats": "mechkg.cli.core:stats",
    "show": "mechkg.cli.core:show",
    "entities": "mechkg.cli.core:entities",
    "export": "mechkg.cli.core:export",
    "push": "mechkg.cli.store:push",
    "query": "mechkg.cli.store:query",
    "paths": "mechkg.cli.paths:paths",
    "neighbours": "mechkg.cli.paths:neighbours",
    "explain": "mechkg.cli.paths:explain",
}


_show = warnings.showwarning


def _show_warning(message: Any, category: type[Warning], *args: Any, **kw: Any) -> None:
    """Print what a reader left out as ``warning: ...``, not Python's warning format."""
    if category.__name__ == "ConversionWarning":
        sys.stderr.write(f"warning: {message}\n")
    else:
        _show(message, category, *args, **kw)


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        warnings.showwarning = _show_warning
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=None, package_name="mechkg", message="mechkg %(version)s")
def main() -> None:
    """mechkg: mechanistic claims from the literature as a typed, evidence-graded
    RDF knowledge graph.

    With no FILES, commands use the bundled LR3 acupuncture study graph.

    \b
    Examples:
      mechkg stats
      mechkg show BDNF
      mechkg paths needle behaviour
      mechkg build -o lr3.ttl
    """
