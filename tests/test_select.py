"""Selecting part of a graph: the species and evidence filters of `mechkg export`."""

from __future__ import annotations

import pytest
from mechkg.errors import InvalidQuery
from mechkg.examples import tiny_graph
from mechkg.select import NothingSelected, subgraph
from mechkg.species import UnknownSpecies, check_species, in_species


def test_species_by_common_name_or_curie():
    kg = tiny_graph()
    assert sorted(subgraph(kg, species="mouse").claims) == ["c1"]
    assert sorted(subgraph(kg, species="Mouse").claims) == ["c1"]
    assert sorted(subgraph(kg, species="ncbitaxon:10090").claims) == ["c1"]


def test_unknown_species_and_level_are_query_errors():
    with pytest.raises(UnknownSpecies, match="unknown species 'elephant'"):
        subgraph(tiny_graph(), species="elephant")
    with pytest.raises(InvalidQuery, match="depth must be 0 or more"):
        subgraph(tiny_graph(), depth=-1)


def test_nothing_selected_names_the_filters():
    kg = tiny_graph()
    assert subgraph(kg, species="rat").claims == {}  # allowed by default
    with pytest.raises(NothingSelected) as err:
        subgraph(kg, species="rat", min_evidence="experiment", focus=["a"], allow_empty=False)
    assert str(err.value) == (
        "none of the graph's 4 claims passes the filters (evidence at least experiment; "
        "species rat; within 1 claim of a); drop or change one"
    )


def test_check_species():
    assert check_species("human") == "NCBITaxon:9606"
    assert check_species(" NCBITAXON:7955 ") == "NCBITaxon:7955"
    for bad in ("elephant", "NCBITaxon:mouse", "MGI:1", ""):
        with pytest.raises(UnknownSpecies):
            check_species(bad)
    assert in_species("NCBITaxon:9606", "Human") and not in_species(None, "human")
