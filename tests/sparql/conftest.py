"""The Oxigraph server the SPARQL tests share (one per session, always stopped)."""

from __future__ import annotations

import pytest

from tests.oxigraph_server import Server, running_server


@pytest.fixture(scope="session")
def oxigraph() -> Server:
    with running_server() as server:
        yield server
