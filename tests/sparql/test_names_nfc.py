"""Names typed with combining accents (NFD) find their precomposed (NFC) labels on a store,
as they do in a local graph."""

from __future__ import annotations

import unicodedata

import mechkg
import pytest
from mechkg.sparql import Endpoint, push
from mechkg.sparql.names import resolve_remote


@pytest.mark.server
def test_a_decomposed_name_resolves_on_the_endpoint():
    from tests.oxigraph_server import running_server

    with running_server() as server:
        push(mechkg.load(), server.url)
        ep = Endpoint.from_url(server.url)
        decomposed = unicodedata.normalize("NFD", "nål")
        assert decomposed != "nål"
        assert resolve_remote(ep, decomposed).id == "lr3_acupuncture"
