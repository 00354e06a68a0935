"""``python -m mechkg.cli`` runs the ``mechkg`` command."""

from .main import main

main(prog_name="mechkg")
