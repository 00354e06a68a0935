"""``python -m cli`` runs the ``mechkg`` command."""

from .main import main

main(prog_name="mechkg")
