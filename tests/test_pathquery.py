"""One path query value: PathQuery checks every option once, with one error type, and
every path function (local, neighbours, endpoint) takes it or keywords that build it."""

from __future__ import annotations

import dataclasses

import pytest
from mechkg.errors import InvalidQuery, MechkgError
from mechkg.examples import tiny_graph
from mechkg.paths import PathQuery, find_paths, iter_paths
from mechkg.paths.explore import neighbours
from mechkg.paths.render import to_json
from mechkg.select import subgraph
from mechkg.species import UnknownSpecies
from mechkg.vocab import UnknownEvidenceLevel


def test_fields_are_checked_and_normalised():
    q = PathQuery(species="Mouse", relations=["increases", "decreases", "increases"], avoid="b")
    assert q.species == "NCBITaxon:10090"
    assert q.relations == ("decreases", "increases")
    assert q.avoid == ("b",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.k = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("options", "error", "text"),
    [
        ({"min_evidence": "strong"}, UnknownEvidenceLevel, "unknown evidence level 'strong'"),
        ({"species": "elephant"}, UnknownSpecies, "unknown species 'elephant'"),
        ({"k": 0}, InvalidQuery, "k must be at least 1, got 0"),
        ({"cutoff": True}, InvalidQuery, "cutoff must be an int, got bool"),
        ({"relations": ["part_of"]}, InvalidQuery, "paths cannot follow part_of"),
        ({"relations": []}, InvalidQuery, "at least one relation"),
        ({"correlations": "yes"}, InvalidQuery, "correlations must be True or False"),
    ],
)
def test_bad_values_raise_one_error_type(options, error, text):
    with pytest.raises(error, match=text) as err:
        PathQuery(**options)
    # one type for every bad option, a mechkg error (exit 1 in the CLI) and a ValueError
    assert isinstance(err.value, InvalidQuery)
    assert isinstance(err.value, MechkgError) and isinstance(err.value, ValueError)


def test_unknown_evidence_level_is_one_error_in_paths_neighbours_and_export():
    kg = tiny_graph()
    for call in (
        lambda: iter_paths(kg, "a", "c", min_evidence="strong"),
        lambda: find_paths(kg, "a", "c", min_evidence="strong"),
        lambda: neighbours(kg, "a", min_evidence="strong"),
        lambda: subgraph(kg, min_evidence="strong"),
    ):
        with pytest.raises(UnknownEvidenceLevel, match="expected one of: hypothesis, "):
            call()


def test_unknown_option_is_a_type_error_naming_the_fields():
    with pytest.raises(TypeError, match="unknown path query option max_length; expected"):
        find_paths(tiny_graph(), "a", "c", max_length=3)


def test_a_query_value_and_keywords_give_the_same_answer():
    kg = tiny_graph()
    q = PathQuery(k=1, cutoff=2, min_evidence="hypothesis", weaker=False)
    by_value = find_paths(kg, "a", "c", q)
    by_keywords = find_paths(kg, "a", "c", k=1, cutoff=2, min_evidence="hypothesis", weaker=False)
    assert to_json(by_value) == to_json(by_keywords)
    # keywords change the fields of a given query
    wider = find_paths(kg, "a", "c", q, k=2)
    assert len(wider.paths) == 2 and len(by_value.paths) == 1
    assert dict(wider.options)["k"] == 2


def test_species_name_and_curie_are_one_filter():
    kg = tiny_graph()
    named = neighbours(kg, "a", species="mouse")
    curie = neighbours(kg, "a", PathQuery(species="NCBITaxon:10090"))
    assert [n.entity.id for n in named.neighbours] == [n.entity.id for n in curie.neighbours]
    assert [n.entity.id for n in named.neighbours] == ["b"]  # c1 is the one mouse claim


def test_neighbours_checks_its_own_arguments_with_the_same_error():
    with pytest.raises(InvalidQuery, match="depth must be at least 1"):
        neighbours(tiny_graph(), "a", depth=0)
    with pytest.raises(InvalidQuery, match="direction must be one of"):
        neighbours(tiny_graph(), "a", direction="sideways")
