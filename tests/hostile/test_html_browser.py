"""Hostile claim sets exported as HTML run no script in a real browser (Chromium).

A handful of Hypothesis-drawn graphs (their text full of script, markup and event-handler
payloads that would set ``window.pwned``) and one claims file exported by the CLI are
opened offline; every node and claim is shown in the side panel and searched for, and the
page must raise no dialog, page error or console error, request nothing from the network,
draw one node per entity (context-only entities are badges) and one edge per pair of
entities and look, list every claim, and show the text as text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from mechkg.export.html import CONTEXT_FIELDS, write_html
from mechkg.export.html_assets.vis import drawn_entities, edge_groups
from mechkg.model import KnowledgeGraph

from tests.browser import BrowserSession, open_offline

from .claimsets import CI_STABLE, claim_documents, knowledge_graphs, quoted_yaml

pytest_plugins = ["tests.browser"]  # the session's one Chromium: the `browser` fixture

COUNTS = """() => [network.body.data.nodes.length, network.body.data.edges.length,
  performance.getEntriesByType("resource").map((e) => e.name)]"""
INJECTED = """() => [window.pwned,
  document.querySelectorAll('img, iframe, object, embed, form, base, meta[http-equiv=refresh]')
    .length + document.scripts.length - 3,
  [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some(
    (a) => a.name.startsWith('on'))).map((e) => e.outerHTML.slice(0, 200)),
  [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))
    .filter((h) => !/^https?:/.test(h))]"""

#: Focus each entity in turn; the side panel's heading after each.
SHOW_EACH = """(ids) => ids.map((id) => {
  mechkg.focusEntity(id);
  return document.querySelector("#panel h2").innerText;
})"""


#: Show each claim through its edge; the first claim card's id after each.
SHOW_CLAIMS = """(ids) => ids.map((id) => {
  mechkg.showClaim(id);
  return document.querySelector("#panel .claim").dataset.claim;
})"""


def _exercise(session: BrowserSession, kg: KnowledgeGraph, page_path: Path) -> None:
    """Open the page and show every entity and claim; check nothing ran."""
    session.goto(page_path)
    nodes, edges, requests = session.evaluate(COUNTS)
    context = tuple(name for name, _ in CONTEXT_FIELDS)
    assert (nodes, edges) == (len(drawn_entities(kg, context)), len(edge_groups(kg)))
    assert [r for r in requests if not r.startswith("file:")] == []
    page = session.page
    shown = session.evaluate(SHOW_EACH, list(kg.entities))
    for entity, heading in zip(kg.entities.values(), shown, strict=True):
        assert heading.split() == entity.label.split(), (heading, entity.label)
    listed = session.evaluate(SHOW_CLAIMS, list(kg.claims))
    assert listed == list(kg.claims)  # each claim's edge lists it first
    for entity in list(kg.entities.values())[:3]:
        page.fill("#search", entity.label[:40])
        page.press("#search", "Enter")
    for claim in list(kg.claims.values())[:3]:  # quotes and sources are searched too
        page.fill("#search", (claim.quote or claim.source)[:40])
        page.press("#search", "Enter")
    for facet in ("source", "kind", "species", "condition", "relation"):
        session.evaluate("(f) => { mechkg.setColour(f); mechkg.setFilter(f, []); }", facet)
        session.evaluate("(f) => mechkg.setFilter(f, null)", facet)
    session.evaluate("() => [mechkg.svgText(), mechkg.pngDataURL()]")
    pwned, injected, handlers, links = session.evaluate(INJECTED)
    assert pwned is None
    assert injected == 0  # the page's own scripts: data block, vis-network, app
    assert handlers == []
    assert links == []
    assert session.problems == []


@pytest.mark.browser
@settings(
    max_examples=5,
    deadline=None,
    derandomize=CI_STABLE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(kg=knowledge_graphs(max_claims=6))
def test_generated_graphs_run_no_script(browser, kg):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        write_html(kg, path, title=next(iter(kg.entities.values())).label)
        session = open_offline(browser)
        try:
            _exercise(session, kg, path)
        finally:
            session.close()


@pytest.mark.browser
@settings(
    max_examples=3, deadline=None, derandomize=CI_STABLE, suppress_health_check=list(HealthCheck)
)
@given(doc=claim_documents(max_claims=5))
def test_claims_file_exported_by_the_cli_runs_no_script(browser, cli, doc):
    import mechkg

    with tempfile.TemporaryDirectory() as tmp:
        claims = Path(tmp) / "claims.yaml"
        claims.write_text(quoted_yaml(doc), encoding="utf-8")
        page_path = Path(tmp) / "graph.html"
        done = cli("export", "html", claims, "-o", page_path)
        assert done.exit_code == 0, done.stderr
        session = open_offline(browser)
        try:
            _exercise(session, mechkg.load([claims]), page_path)
        finally:
            session.close()
