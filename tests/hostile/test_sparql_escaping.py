"""SPARQL sent to an endpoint never splices user text unescaped.

Any string becomes a literal that a SPARQL parser reads back as exactly that string; any
IRI is either refused or read back unchanged. Against a real Oxigraph server, entity names
holding quotes, braces, ``>``, newlines and update keywords resolve to the right entity,
path search between them works, every query mechkg sent parses, and the store holds the
same triples afterwards.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.sparql import Endpoint, find_paths_sparql, iri, literal, push
from mechkg.sparql.names import resolve_remote

from .claimsets import ATTACKS, CI_STABLE, texts

#: Every character but lone surrogates (no UTF-8 request can carry those).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


def _evaluate(expression: str) -> object:
    """The value SPARQL gives ``expression`` (run by pyoxigraph on an empty store)."""
    import pyoxigraph as ox

    (row,) = list(ox.Store().query(f"SELECT ?x WHERE {{ BIND({expression} AS ?x) }}"))
    return row["x"]


@settings(max_examples=100, deadline=None, derandomize=CI_STABLE)
@given(text=st.one_of(any_text, texts, st.sampled_from(ATTACKS)))
def test_a_literal_reads_back_as_the_same_string(text):
    value = _evaluate(literal(text))
    assert value.value == text
    tagged = _evaluate(literal(text, lang="nb"))
    assert (tagged.value, tagged.language) == (text, "nb")


_IRI_PARTS = st.sampled_from(
    [*"aZ09-._~!$&'()*+,;=:@/?#[]%", "%20", "%zz", "é", "\ue000", "\ufff0", "🧠", "[::1]", " "]
)


@settings(max_examples=300, deadline=None, derandomize=CI_STABLE)
@given(
    head=st.sampled_from(["https://example.org/", "https://", "urn:", "https://u@h:8/x"]),
    tail=st.one_of(any_text, st.sampled_from(ATTACKS), st.lists(_IRI_PARTS).map("".join)),
)
def test_an_iri_is_refused_or_reads_back_unchanged(head, tail):
    """What mechkg accepts as an IRI, a strict parser accepts and reads back unchanged."""
    import pyoxigraph as ox

    text = head + tail
    try:
        written = iri(text)
    except ValueError:
        return
    assert ox.NamedNode(text).value == text
    assert _evaluate(written).value == text


@pytest.mark.parametrize(
    "text",
    [
        "http://x/> } ; DROP ALL ; <http://y/",
        "http://x/\n",
        'http://x/" . <a> <b> "c',
        "http://x/{y}",
        "relative/iri",
        "http://x/%zz",
    ],
)
def test_iri_breakouts_are_refused(text):
    with pytest.raises(ValueError):
        iri(text)


# ------------------------------------------------------------------ a real endpoint

NAMES = [
    'say "hi"',
    "brace } { in a name",
    "arrow -> and > and <",
    "first line\nsecond line",
    'end" } ; DROP ALL ; INSERT DATA { <http://e/x> <http://e/p> "pwned" } #',
    'back\\slash \\" and \\u0022',
    "?var $var #comment",
    "'single' '''triple'''",
    "emoji 🧠 «ø» עברית",
]


def _hostile_graph() -> KnowledgeGraph:
    ids = [f"e{n}" for n in range(len(NAMES))]
    entities = {
        eid: Entity(eid, name, "Protein", synonyms=(name + " }",))
        for eid, name in zip(ids, NAMES, strict=True)
    }
    claims = {
        f"c{n}": Claim(f"c{n}", a, "increases", b, "experiment", "s", quote=NAMES[n])
        for n, (a, b) in enumerate(itertools.pairwise(ids))
    }
    return KnowledgeGraph(entities, {"s": Source("s", "article", title=NAMES[4])}, claims)


@dataclasses.dataclass(frozen=True)
class RecordingEndpoint(Endpoint):
    """An endpoint that keeps the text of every query and update it sends."""

    sent: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def _sparql(self, url: str, kind: str, text: str, accept: str) -> tuple[Any, bytes]:
        self.sent.append((kind, text))
        return super()._sparql(url, kind, text, accept)


@pytest.fixture(scope="module")
def endpoint():
    from tests.oxigraph_server import running_server

    with running_server() as server:
        push(_hostile_graph(), server.url)
        plain = Endpoint.from_url(server.url)
        fields = {f.name: getattr(plain, f.name) for f in dataclasses.fields(plain)}
        yield RecordingEndpoint(**fields), server


@pytest.mark.server
@pytest.mark.parametrize("number", range(len(NAMES)))
def test_hostile_names_resolve_on_the_endpoint(endpoint, number):
    ep, server = endpoint
    before = server.count()
    found = resolve_remote(ep, NAMES[number])
    assert found.id == f"e{number}"
    assert resolve_remote(ep, NAMES[number] + " }").id == f"e{number}"  # the synonym
    assert server.count() == before
    assert [kind for kind, _ in ep.sent] == ["query"] * len(ep.sent)


@pytest.mark.server
def test_path_search_between_hostile_names(endpoint):
    import pyoxigraph as ox

    ep, server = endpoint
    before = server.count()
    ep.sent.clear()
    result = find_paths_sparql(ep, NAMES[0], NAMES[-1], cutoff=len(NAMES), k=1)
    assert [e.id for e in result.paths[0].nodes] == [f"e{n}" for n in range(len(NAMES))]
    assert [e.label for e in result.paths[0].nodes] == NAMES
    assert server.count() == before
    assert ep.sent
    store = ox.Store()
    for kind, text in ep.sent:
        assert kind == "query"
        store.query(text)  # every query sent is well-formed SPARQL (raises otherwise)
