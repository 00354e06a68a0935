"""The HTML page as a way to share a mechanism: per-path highlighting, colour-by and
filter-by source, source kind, species and condition, aggregated parallel edges,
conditions as badges, a marked focus, CLI filters carried into the page, search over
sources, DOIs and quotes, neighbour dimming, PNG/SVG export and the state in the URL
fragment. Driven in the system Chromium, offline, on a two-paper graph
(tests/data/two_papers.yaml)."""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mechkg.errors import MechkgError
from mechkg.export.html import CONTEXT_FIELDS, to_html, write_html
from mechkg.export.html_assets.vis import drawn_entities, edge_groups
from mechkg.model import KnowledgeGraph

pytest_plugins = ["tests.browser"]  # the browser and offline_page fixtures

TWO_PAPERS = Path(__file__).parents[1] / "data" / "two_papers.yaml"
CONTEXT = tuple(name for name, _ in CONTEXT_FIELDS)
#: Two paths from the needle to depression: the rat one and the mouse one.
RAT_PATH = ["r_needle_bdnf", "r_bdnf_depression"]
MOUSE_PATH = ["m_needle_bdnf", "m_bdnf_trkb", "m_trkb_plasticity", "m_plasticity_depression"]

SHOWN_EDGES = "() => mechkg.edges.get({filter: (e) => !e.hidden}).map((e) => e.id).sort()"
HIDDEN_NODES = "() => mechkg.nodes.get({filter: (n) => n.hidden}).map((n) => n.id).sort()"
STYLES = """() => Object.fromEntries(mechkg.edges.get().map((e) => [e.id, {
  shadow: Boolean(e.shadow && e.shadow.enabled), opacity: e.color.opacity,
  colour: e.color.color, label: e.label || "", hidden: Boolean(e.hidden)}]))"""
EDGE_POINT = """(id) => {
  const p = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.3));
  const box = document.getElementById("network").getBoundingClientRect();
  return [p.x + box.left, p.y + box.top];
}"""
NODE_POINT = """(id) => {
  const p = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.getElementById("network").getBoundingClientRect();
  return [p.x + box.left, p.y + box.top];
}"""


@pytest.fixture(scope="module")
def two() -> KnowledgeGraph:
    import mechkg

    return mechkg.load([TWO_PAPERS])


def payload(page: str) -> dict:
    match = re.search(r'id="mechkg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def edge_of(data: dict, claim: str) -> str:
    return next(e["id"] for e in data["edges"] if claim in e["claims"])


def open_page(offline_page, tmp_path: Path, kg: KnowledgeGraph, fragment: str = "", **options):
    target = tmp_path / "page.html"
    write_html(kg, target, **options)
    session = offline_page()
    session.page.goto(target.resolve().as_uri() + fragment, wait_until="load")
    session.page.wait_for_function("() => window.mechkgReady === true")
    return session, payload(target.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ without a browser


def test_conditions_are_not_nodes_but_travel_with_their_claims(two):
    data = payload(to_html(two))
    drawn = {n["id"] for n in data["nodes"]}
    assert drawn == {"needle", "bdnf", "trkb", "plasticity", "depression"}
    assert drawn == set(drawn_entities(two, CONTEXT))
    assert {"bdnf_ko", "ketamine_pre", "vca1"} <= set(data["entities"])  # named in the panel
    assert data["claims"]["m_ko_no_change"]["model"] == "bdnf_ko"
    assert data["claims"]["m_needle_bdnf"]["anatomy"] == ["vca1"]
    assert "Gene" not in data["types"]  # the knockout's type is not in the node legend
    assert data["context"] == [
        ["anatomy", "anatomy"],
        ["model", "model"],
        ["condition", "condition"],
    ]  # schema order


def test_parallel_claims_of_one_sign_are_one_edge(two):
    data = payload(to_html(two))
    between = [e for e in data["edges"] if (e["from"], e["to"]) == ("needle", "bdnf")]
    assert [e["claims"] for e in between] == [
        ["m_needle_bdnf", "n_needle_bdnf", "r_needle_bdnf"],
        ["r_needle_bdnf_down"],
    ]
    assert between[0]["label"] == "\u00d73" and "label" not in between[1]
    assert between[1]["smooth"]["enabled"] is True  # the other sign curves away
    assert len(data["edges"]) == len(edge_groups(two)) == 7
    both = next(e for e in data["edges"] if "m_plasticity_depression" in e["claims"])
    assert both["claims"] == ["m_plasticity_depression", "r_plasticity_depression"]


def test_focus_filters_and_default_title_are_in_the_payload(two):
    data = payload(to_html(two, focus=["bdnf"], filters={"species": "mouse", "depth": 2}))
    assert data["focus"] == ["bdnf"]
    assert data["filters"] == [["species", "mouse"], ["depth", "2"]]
    node = next(n for n in data["nodes"] if n["id"] == "bdnf")
    assert node["focus"] is True and node["borderWidth"] == 5
    assert data["title"] == "10 claims from 3 sources"  # two primary sources: counts
    with pytest.raises(MechkgError, match="focus entity 'nope'"):
        to_html(two, focus=["nope"])
    with pytest.raises(TypeError):
        to_html(two, focus="bdnf")


def test_export_cli_titles_and_carries_its_filters(cli, tmp_path):
    page = tmp_path / "x.html"
    done = cli("export", "html", TWO_PAPERS, "-o", page)
    assert done.exit_code == 0, done.stderr
    assert payload(page.read_text(encoding="utf-8"))["title"] == "10 claims from 3 sources"
    done = cli("export", "html", "-o", page)  # the bundled graph: its paper's title
    assert "<title>Acupuncture alleviates CSDS-induced" in page.read_text(encoding="utf-8")
    done = cli("export", "html", TWO_PAPERS, "--focus", "TrkB", "--depth", "1",
               "--min-evidence", "inferred", "-o", page)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    data = payload(page.read_text(encoding="utf-8"))
    assert data["focus"] == ["trkb"]
    assert data["title"].startswith("TrkB and 1 step around it, ")
    assert data["filters"] == [["focus", ["TrkB"]], ["depth", "1"], ["min_evidence", "inferred"]]
    done = cli("export", "html", TWO_PAPERS, "--title", "Needles & <BDNF>", "-o", page)
    assert done.exit_code == 0, done.stderr
    assert "<title>Needles &amp; &lt;BDNF&gt;</title>" in page.read_text(encoding="utf-8")
    done = cli("export", "turtle", TWO_PAPERS, "--title", "x")
    assert done.exit_code != 0 and "--title" in done.stderr


def test_paths_cli_page_keeps_only_the_species_asked_for(cli, tmp_path, two):
    page = tmp_path / "p.html"
    done = cli("paths", "needle", "depression", TWO_PAPERS, "--species", "mouse",
               "--relation", "increases", "--relation", "decreases", "--html", page)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    data = payload(page.read_text(encoding="utf-8"))
    assert data["title"] == "acupuncture → depression-like behaviour"
    assert {c["species"] for c in data["claims"].values()} == {"NCBITaxon:10090"}
    assert len(data["claims"]) < len(two.claims)
    filters = {name: value for name, value in data["filters"]}
    assert filters["species"] == "NCBITaxon:10090"
    assert filters["relations"] == ["increases", "decreases"]
    done = cli("paths", "needle", "depression", TWO_PAPERS, "--title", "Why needles",
               "--html", page)  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert payload(page.read_text(encoding="utf-8"))["title"] == "Why needles"
    done = cli("paths", "needle", "depression", TWO_PAPERS, "--title", "x")
    assert done.exit_code != 0 and "--title needs --html" in done.stderr


# ------------------------------------------------------------------ in Chromium


@pytest.mark.browser
def test_clicking_a_path_highlights_only_its_edges_and_marks_its_weakest_step(
    offline_page, tmp_path, two
):
    session, data = open_page(offline_page, tmp_path, two, highlight_paths=[RAT_PATH, MOUSE_PATH])
    mouse_edges = {edge_of(data, c) for c in MOUSE_PATH}
    rat_edges = {edge_of(data, c) for c in RAT_PATH}
    styles = session.evaluate(STYLES)
    assert {e for e, s in styles.items() if s["shadow"]} == mouse_edges | rat_edges  # all paths
    session.page.click('.path[data-path="1"]')
    styles = session.evaluate(STYLES)
    assert {e for e, s in styles.items() if s["shadow"]} == mouse_edges
    assert all(s["opacity"] <= 0.12 for e, s in styles.items() if e not in mouse_edges)
    overlay = session.evaluate("() => mechkg.overlay()")  # drawn over the graph
    assert overlay["node"] == "depression" and overlay["text"] == "net effect: decreases"
    assert overlay["weakest"] == edge_of(data, "m_trkb_plasticity")
    assert overlay["weakestText"] == "weakest step: inferred"
    widths = session.evaluate(
        "() => Object.fromEntries(mechkg.edges.get().map((e) => [e.id, e.width]))"
    )
    base = {e["id"]: e["width"] for e in data["edges"]}
    for edge in mouse_edges:  # on the path: 3 wider; the weakest step 2 more
        extra = 5 if edge == overlay["weakest"] else 3
        assert widths[edge] == pytest.approx(base[edge] + extra)
    assert session.page.get_attribute('.path[data-path="1"]', "aria-pressed") == "true"
    session.screenshot(tmp_path / "path.png")
    session.page.click('.path[data-path="0"]')
    styles = session.evaluate(STYLES)
    assert {e for e, s in styles.items() if s["shadow"]} == rat_edges
    overlay = session.evaluate("() => mechkg.overlay()")
    assert overlay["weakestText"] == "weakest step: experiment"
    assert overlay["weakest"] in rat_edges
    session.page.click('.path[data-path="0"]')  # again: every path
    styles = session.evaluate(STYLES)
    assert {e for e, s in styles.items() if s["shadow"]} == mouse_edges | rat_edges
    assert session.evaluate("() => mechkg.overlay()") is None


@pytest.mark.browser
def test_filter_by_source_counts_the_drawn_edges_and_hides_unlinked_nodes(
    offline_page, tmp_path, two
):
    session, data = open_page(offline_page, tmp_path, two)
    assert len(session.evaluate(SHOWN_EDGES)) == 7
    page = session.page
    page.click('details[data-facet="source"] summary')
    for source in ("rat2023", "news2024"):
        page.uncheck(f'details[data-facet="source"] input[value="{source}"]')
    from_mouse = sorted(
        e["id"]
        for e in data["edges"]
        if any(two.claims[c].source == "mouse2024" for c in e["claims"])
    )
    assert session.evaluate(SHOWN_EDGES) == from_mouse and len(from_mouse) == 5
    assert "5 of 10 claims shown" in page.inner_text("#stats")
    # the news story alone: one edge, and only its two entities stay drawn
    session.evaluate("() => mechkg.setFilter('source', ['news2024'])")
    assert session.evaluate(SHOWN_EDGES) == [edge_of(data, "n_needle_bdnf")]
    assert session.evaluate(HIDDEN_NODES) == ["depression", "plasticity", "trkb"]
    assert session.evaluate(STYLES)[edge_of(data, "n_needle_bdnf")]["label"] == ""  # 1 of 3
    # by condition: claims under the knockout
    session.evaluate(
        "() => { mechkg.setFilter('source', null); mechkg.setFilter('condition', ['bdnf_ko']); }"
    )
    assert session.evaluate(SHOWN_EDGES) == sorted(
        {edge_of(data, "m_ko_no_change"), edge_of(data, "r_needle_bdnf_down")}
    )
    page.click('details[data-facet="condition"] summary')
    assert "BDNF knockout" in page.inner_text('details[data-facet="condition"]')
    page.click('details[data-facet="condition"] button')  # all
    assert len(session.evaluate(SHOWN_EDGES)) == 7 and session.evaluate(HIDDEN_NODES) == []


@pytest.mark.browser
def test_colour_by_source_species_and_condition_with_a_legend_that_follows(
    offline_page, tmp_path, two
):
    session, data = open_page(offline_page, tmp_path, two)
    page = session.page
    assert "increases" in page.inner_text("#legend")
    page.select_option("#colour-by", "source")
    legend = page.inner_text("#legend")
    assert "edge colour: source" in legend.lower()
    for source in two.sources.values():
        assert source.title in legend
    styles = session.evaluate(STYLES)
    mouse_only = edge_of(data, "m_bdnf_trkb")
    mixed = edge_of(data, "m_needle_bdnf")  # three claims from three sources
    assert styles[mixed]["colour"] == "#3d3d3d"
    assert styles[mouse_only]["colour"] != styles[edge_of(data, "r_bdnf_depression")]["colour"]
    page.select_option("#colour-by", "species")
    legend = page.inner_text("#legend")
    assert "mouse (Mus musculus)" in legend and "edge colour: species" in legend.lower()
    assert "Jour" not in legend
    styles = session.evaluate(STYLES)
    assert styles[mouse_only]["colour"] == styles[edge_of(data, "m_ko_no_change")]["colour"]
    page.select_option("#colour-by", "condition")
    assert "ketamine pretreatment" in page.inner_text("#legend")
    page.select_option("#colour-by", "effect")
    assert "decreases" in page.inner_text("#legend")
    assert session.evaluate(STYLES)[mouse_only]["colour"] == "#1a9641"


@pytest.mark.browser
def test_clicking_an_aggregated_edge_lists_every_claim_with_its_conditions(
    offline_page, tmp_path, two
):
    session, data = open_page(offline_page, tmp_path, two)
    edge = edge_of(data, "m_needle_bdnf")
    session.page.mouse.click(*session.evaluate(EDGE_POINT, edge))
    session.page.wait_for_selector("#panel:not([hidden])")
    assert session.page.inner_text("#panel h2") == "acupuncture increases BDNF (3 claims)"
    cards = session.evaluate(
        "() => [...document.querySelectorAll('#panel .claim')].map((c) => c.dataset.claim)"
    )
    assert sorted(cards[:3]) == ["m_needle_bdnf", "n_needle_bdnf", "r_needle_bdnf"]
    assert cards[3:] == ["r_needle_bdnf_down"]  # the other edge between the two
    text = session.page.inner_text("#panel")
    assert "other claims between these two" in text.lower()
    assert "model: ketamine pretreatment" in text and "anatomy: vCA1" in text
    assert "needling raised BDNF protein in ventral CA1" in text
    assert "Needles against the blues" in text
    session.screenshot(tmp_path / "edge.png")


@pytest.mark.browser
def test_selecting_a_node_dims_all_but_its_neighbours(offline_page, tmp_path, two):
    session, data = open_page(offline_page, tmp_path, two)
    session.page.mouse.click(*session.evaluate(NODE_POINT, "trkb"))
    session.page.wait_for_selector("#panel:not([hidden])")
    opacity = session.evaluate(
        "() => Object.fromEntries(mechkg.nodes.get().map((n) => [n.id, n.opacity ?? 1]))"
    )
    assert {n for n, o in opacity.items() if o == 1} == {"bdnf", "trkb", "plasticity"}
    styles = session.evaluate(STYLES)
    near = {edge_of(data, "m_bdnf_trkb"), edge_of(data, "m_trkb_plasticity")}
    assert {e for e, s in styles.items() if s["opacity"] > 0.1} == near
    session.page.click("#panel-close")
    opacity = session.evaluate("() => mechkg.nodes.get().map((n) => n.opacity ?? 1)")
    assert set(opacity) == {1}


@pytest.mark.browser
def test_the_state_round_trips_through_the_url_fragment(offline_page, tmp_path, two):
    session, _ = open_page(offline_page, tmp_path, two, highlight_paths=[RAT_PATH, MOUSE_PATH])
    page = session.page
    page.select_option("#colour-by", "species")
    page.select_option("#min-evidence", "2")
    session.evaluate("() => mechkg.setFilter('kind', ['article'])")
    page.click('.path[data-path="1"]')
    fragment = session.evaluate("() => location.hash")
    assert "colour=species" in fragment and "kind=article" in fragment and "path=2" in fragment
    shown = session.evaluate(SHOWN_EDGES)
    styles = session.evaluate(STYLES)
    again, _ = open_page(offline_page, tmp_path / ".." / tmp_path.name, two, fragment,
                         highlight_paths=[RAT_PATH, MOUSE_PATH])  # fmt: skip
    assert again.evaluate(SHOWN_EDGES) == shown
    assert again.evaluate(STYLES) == styles
    assert again.page.input_value("#colour-by") == "species"
    assert again.page.input_value("#min-evidence") == "2"
    assert again.evaluate("() => mechkg.state.path") == 1
    assert not again.page.is_checked('details[data-facet="kind"] input[value="news"]')
    # a selected entity too
    again.evaluate("() => mechkg.focusEntity('trkb')")
    assert "select=trkb" in again.evaluate("() => location.hash")
    third, _ = open_page(offline_page, tmp_path, two, "#select=trkb&min=9&source=nope")
    assert third.page.inner_text("#panel h2") == "TrkB"
    assert third.evaluate("() => mechkg.state.min") == 7  # clamped
    assert third.evaluate(SHOWN_EDGES) == []  # no known source kept: nothing drawn


@pytest.mark.browser
def test_focus_is_marked_and_centred(offline_page, tmp_path, two):
    session, _ = open_page(offline_page, tmp_path, two, focus=["trkb"], title="TrkB")
    centre = session.evaluate("() => network.getViewPosition()")
    at = session.evaluate("() => network.getPositions(['trkb']).trkb")
    assert abs(centre["x"] - at["x"]) < 1 and abs(centre["y"] - at["y"]) < 1
    assert session.evaluate("() => mechkg.nodes.get('trkb').borderWidth") == 5
    assert "focus: TrkB" in session.page.inner_text("#legend")
    assert session.page.inner_text("#panel h2") == "TrkB"


@pytest.mark.browser
def test_cli_filters_are_shown_and_set_the_page_state(offline_page, tmp_path, two):
    session, _ = open_page(
        offline_page, tmp_path, two,
        filters={"min_evidence": "inferred", "species": "NCBITaxon:10090",
                 "relations": ["increases", "decreases"]},
    )  # fmt: skip
    applied = session.page.inner_text("#applied")
    assert "min evidence: inferred" in applied
    assert "species: mouse (Mus musculus)" in applied
    assert "relations: increases, decreases" in applied
    assert session.page.input_value("#min-evidence") == "2"
    shown = session.evaluate(SHOWN_EDGES)
    data = payload((tmp_path / "page.html").read_text(encoding="utf-8"))
    expected = sorted(
        e["id"]
        for e in data["edges"]
        if any(
            two.claims[c].rank >= 2 and two.claims[c].relation in ("increases", "decreases")
            for c in e["claims"]
        )
    )
    assert shown == expected and len(expected) < len(data["edges"])


@pytest.mark.browser
def test_search_finds_quotes_dois_and_sources(offline_page, tmp_path, two):
    session, data = open_page(offline_page, tmp_path, two)
    page = session.page
    page.fill("#search", "immobility")
    assert page.get_attribute("#results li", "data-kind") == "quote"
    page.press("#search", "Enter")
    page.wait_for_selector("#panel:not([hidden])")
    first = session.evaluate("() => document.querySelector('#panel .claim').dataset.claim")
    assert first == "m_ko_no_change"
    assert session.evaluate("() => network.getSelectedEdges()") == [edge_of(data, "m_ko_no_change")]
    page.fill("#search", "10.5678/rat")
    assert page.get_attribute("#results li", "data-kind") == "source"
    page.press("#search", "Enter")
    assert page.inner_text("#panel h2") == "Electroacupuncture and BDNF signalling in rats"
    claims = session.evaluate(
        "() => [...document.querySelectorAll('#panel .claim')].map((c) => c.dataset.claim)"
    )
    assert sorted(claims) == sorted(c.id for c in two.claims.values() if c.source == "rat2023")
    page.fill("#search", "blues")  # a source title
    assert "Needles against the blues" in page.inner_text("#results")
    page.fill("#search", "needle")  # an entity's synonym comes first
    assert page.get_attribute("#results li", "data-kind") == "entity"


@pytest.mark.browser
def test_save_view_as_png_and_svg(offline_page, tmp_path, two):
    session, _ = open_page(offline_page, tmp_path, two, title="Two papers")
    url = session.evaluate("() => mechkg.pngDataURL()")
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    with session.page.expect_download() as info:
        session.page.click("#save-png")
    assert info.value.suggested_filename == "Two-papers.png"
    session.evaluate("() => mechkg.setFilter('species', ['NCBITaxon:10116'])")
    root = ET.fromstring(session.evaluate("() => mechkg.svgText()"))
    ns = "{http://www.w3.org/2000/svg}"
    labels = {t.text for t in root.iter(ns + "text")}
    assert {"acupuncture", "BDNF", "depression-like behaviour"} <= labels
    assert "TrkB" not in labels  # hidden with its edges
    assert len(list(root.iter(ns + "path"))) == len(session.evaluate(SHOWN_EDGES)) == 4
    with session.page.expect_download() as info:
        session.page.click("#save-svg")
    assert info.value.suggested_filename == "Two-papers.svg"
