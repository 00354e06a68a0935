"""The Oxigraph server and the Virtuoso the SPARQL tests share (one each per session,
always stopped)."""

from __future__ import annotations

import pytest

from tests.oxigraph_server import Server, running_server
from tests.virtuoso_server import Virtuoso, running_virtuoso


@pytest.fixture(scope="session")
def oxigraph() -> Server:
    with running_server() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso() -> Virtuoso:
    """One Virtuoso for the session (it takes seconds to start), always stopped."""
    with running_virtuoso() as server:
        yield server
