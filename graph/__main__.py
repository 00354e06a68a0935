"""``python -m mechkg`` runs the ``mechkg`` command."""

from .cli.main import main

main(prog_name="mechkg")
