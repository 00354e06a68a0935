"""The ``mechkg`` command line: thin click commands over the ``graph`` library."""

from .main import main

__all__ = ["main"]
