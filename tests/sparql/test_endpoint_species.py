"""`mechkg paths --endpoint` filters by species like the local search: a common name or a
CURIE, through mechkg.species, with the same answer and the same usage error."""

from __future__ import annotations

import json

import pytest
from mechkg.paths import PathQuery, find_paths
from mechkg.sparql import find_paths_sparql, push

GRAPH = "https://example.org/test/endpoint-species"


@pytest.fixture(scope="module")
def pushed(oxigraph, lr3):
    push(lr3, oxigraph.url, graph=GRAPH, replace=True)
    return oxigraph.url


@pytest.mark.parametrize("species", ["mouse", "Mouse", "NCBITaxon:10090", "human"])
def test_endpoint_species_as_the_local_search(cli, pushed, species):
    args = ("paths", "needle", "behaviour", "--species", species, "--format", "json")
    remote = cli(*args, "--endpoint", pushed, "--graph", GRAPH)
    here = cli(*args)
    assert (remote.exit_code, remote.stderr) == (here.exit_code, here.stderr)
    if here.exit_code == 0:
        assert json.loads(remote.stdout) == json.loads(here.stdout)


def test_endpoint_takes_one_path_query(pushed, lr3):
    q = PathQuery(k=2, species="mouse", min_evidence="inferred")
    remote = find_paths_sparql(pushed, "needle", "behaviour", q, graph=GRAPH)
    local = find_paths(lr3, "needle", "behaviour", q)
    assert remote.paths == local.paths and remote.options == local.options
    assert dict(remote.options)["species"] == "NCBITaxon:10090"


def test_endpoint_unknown_species_is_refused_before_any_request(cli, pushed):
    result = cli("paths", "needle", "behaviour", "--endpoint", pushed, "--species", "elephant")
    assert result.exit_code == 2 and "unknown species 'elephant'" in result.stderr
