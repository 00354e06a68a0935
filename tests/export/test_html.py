"""The interactive HTML export: offline, safe with hostile text, deterministic, and working
in real browsers (the system Chromium through Playwright, the system Firefox through
Marionette)."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import re
from pathlib import Path

import pytest
from mechkg.errors import MechkgError
from mechkg.export import exporter, infer_format
from mechkg.export.html import CONTEXT_FIELDS, to_html, write_html
from mechkg.export.html_assets.vis import LARGE_GRAPH, LAYERED_MAX, drawn_entities, edge_groups
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.vocab import EVIDENCE_LEVELS

pytest_plugins = ["tests.browser"]  # the browser, offline_page and firefox fixtures

CONTEXT = tuple(name for name, _ in CONTEXT_FIELDS)

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    'see <a href="javascript:alert(3)">href</a> here',
    "\"double\" 'single' `tick` ${x}",
    "עברית RTL \u202eevil\u202c text",
    "emoji 🧠💉 and \U0001f9ec",
    "line\u2028sep\u2029para",
    "<!-- <script>alert(4)</script> -->",
    "&amp; &lt;b&gt; \\u003c",
]


def sample_kg() -> KnowledgeGraph:
    """A small LR3-like graph: a chain, parallel claims, every sign, a negated claim."""
    entities = [
        Entity(
            "lr3",
            "acupuncture at LR3",
            "Procedure",
            synonyms=("LR3", "Taichong"),
            labels=(("nb", ("akupunktur ved LR3", "nål")),),
            xrefs=("MAXO:0000083",),
        ),
        Entity("bdnf", "BDNF", "Protein", xrefs=("MGI:88145",)),
        Entity(
            "plasticity",
            "synaptic plasticity",
            "BiologicalProcess",
            labels=(("nb", ("plastisitet",)),),
        ),
        Entity(
            "depression",
            "depression-like behaviour",
            "BehavioralFeature",
            labels=(("nb", ("depressiv atferd",)),),
        ),
        Entity("sham", "sham acupuncture", "Procedure"),
        Entity("vca1", "ventral CA1", "AnatomicalEntity"),
    ]
    sources = [
        Source(
            "thno2025",
            "article",
            title="Acupuncture alleviates CSDS-induced depressive-like behaviors",
            venue="Theranostics",
            date="2025",
            doi="10.7150/thno.106751",
            pmid="40225589",
        ),
        Source(
            "ilive2025",
            "news",
            title="Kan et skudd i foten hjelpe mot depresjon?",
            url="https://example.org/article",
            language="nb",
            reports=("thno2025",),
        ),
    ]
    mouse = "NCBITaxon:10090"
    claims = [
        Claim(
            "bdnf_up",
            "lr3",
            "increases",
            "bdnf",
            "experiment",
            "thno2025",
            quote="økte BDNF-nivåer",
            quote_lang="nb",
            species=mouse,
            anatomy=("vca1",),
            method=("western blot",),
        ),
        Claim(
            "bdnf_up_news",
            "lr3",
            "increases",
            "bdnf",
            "experiment",
            "ilive2025",
            attributed_to="thno2025",
            species=mouse,
        ),
        Claim("p1", "bdnf", "increases", "plasticity", "inferred", "thno2025", species=mouse),
        Claim("b1", "plasticity", "decreases", "depression", "hypothesis", "ilive2025"),
        Claim("sham1", "sham", "causes_no_change", "depression", "experiment", "thno2025"),
        Claim("neg1", "sham", "increases", "bdnf", "experiment", "thno2025", negated=True),
        Claim("loc", "plasticity", "located_in", "vca1", "background", "thno2025"),
    ]
    return KnowledgeGraph(
        {e.id: e for e in entities}, {s.id: s for s in sources}, {c.id: c for c in claims}
    )


def hostile_kg() -> KnowledgeGraph:
    """Every text field, id included, carries an attack or an awkward character."""
    entities, claims = {}, {}
    for n, text in enumerate(HOSTILE):
        eid = f"e{n}{text}" if n % 2 else f"e{n}"
        entities[eid] = Entity(
            eid,
            text,
            "Protein",
            synonyms=(text + " syn",),
            labels=(("nb", (text + " nb",)),),
            xrefs=(f"MGI:{n}",),
            description=text,
        )
    ids = list(entities)
    source = Source(
        "s<script>alert(5)</script>",
        "webpage",
        title=HOSTILE[0],
        venue=HOSTILE[1],
        url="javascript:alert(6)",
        doi="10.1/<img src=x onerror=alert(7)>",
    )
    for n, (a, b) in enumerate(itertools.pairwise(ids)):
        cid = f"c{n}{HOSTILE[n]}"
        claims[cid] = Claim(
            cid,
            a,
            "increases" if n % 2 else "decreases",
            b,
            "experiment",
            source.id,
            quote=HOSTILE[-1 - n],
            quote_lang="he" if n == 4 else "en",
            method=(HOSTILE[n],),
            model=HOSTILE[n],
            note=HOSTILE[n],
            negated=n == 3,
        )
    return KnowledgeGraph(entities, {source.id: source}, claims)


def synthetic_kg(n_nodes: int, n_edges: int, seed: int = 3) -> KnowledgeGraph:
    """A random graph of the given size (deterministic for a seed)."""
    import random

    rng = random.Random(seed)
    types = ["Protein", "Gene", "BiologicalProcess", "BehavioralFeature", "AnatomicalEntity"]
    relations = ["increases", "decreases", "regulates", "positively_correlated"]
    levels = list(EVIDENCE_LEVELS)
    entities = {
        f"n{i}": Entity(f"n{i}", f"entity {i}", types[i % len(types)]) for i in range(n_nodes)
    }
    source = Source("src", "article", title="synthetic", doi="10.1/x")
    claims = {}
    for j in range(n_edges):
        a = rng.randrange(n_nodes)
        b = (a + 1 + int(rng.expovariate(0.02))) % n_nodes
        claims[f"c{j}"] = Claim(
            f"c{j}", f"n{a}", rng.choice(relations), f"n{b}", rng.choice(levels), "src"
        )
    return KnowledgeGraph(entities, {"src": source}, claims)


def payload(page: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="mechkg-data">(.*?)</script>', page, re.S
    )
    assert match, "no data block"
    return json.loads(match.group(1))


def inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


# ------------------------------------------------------------------ without a browser


def test_registered_as_html_format():
    assert infer_format("graph.htm").name == "html"
    assert infer_format("GRAPH.HTML").name == "html"
    assert exporter("html") == (to_html, write_html)


def test_page_references_nothing_outside_itself():
    page = to_html(sample_kg())
    # No element loads anything: the only src/href attribute is the empty data: icon.
    attributes = re.findall(r"""<[^>]*\s(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page[:5000])
    assert attributes == ["data:,"]
    assert '<link rel="stylesheet"' not in page and "<script src" not in page
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "sourceMappingURL" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp


def test_vis_network_comes_from_the_installed_pyvis():
    import pyvis

    shipped = Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js"
    page = to_html(sample_kg())
    body = shipped.read_text(encoding="utf-8").split("//# sourceMappingURL=")[0]
    assert body.strip() in page
    assets = Path(__file__).parents[2] / "graph/export/html_assets"
    assert not any("vis" in p.name and p.suffix in (".js", ".css") for p in assets.iterdir())


def test_every_inline_script_is_allowed_by_hash_and_nothing_else():
    page = to_html(sample_kg())
    csp = re.search(r"script-src ([^;]+);", page).group(1).split()
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline_scripts(page)
    ]
    assert len(hashes) == 2
    assert sorted(csp) == sorted(hashes)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp


def test_one_node_per_entity_and_one_edge_per_pair_and_look():
    kg = sample_kg()
    data = payload(to_html(kg))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(kg.entities)
    # every claim is on exactly one edge, between its own ends
    on_edges = [cid for e in data["edges"] for cid in e["claims"]]
    assert sorted(on_edges) == sorted(kg.claims)
    for edge in data["edges"]:
        for cid in edge["claims"]:
            claim = kg.claims[cid]
            assert (edge["from"], edge["to"]) == (claim.subject, claim.object)
    # the two claims of one triple (same sign) are one edge, its count shown
    parallel = [e for e in data["edges"] if (e["from"], e["to"]) == ("lr3", "bdnf")]
    assert [e["claims"] for e in parallel] == [["bdnf_up", "bdnf_up_news"]]
    assert parallel[0]["label"] == "\u00d72"
    # claims of one pair with different signs stay apart, curved apart
    opposite = [e for e in data["edges"] if {e["from"], e["to"]} == {"sham", "bdnf"}]
    assert len(opposite) == 1 and opposite[0]["label"] == "NOT"


def test_visual_encoding():
    data = payload(to_html(sample_kg()))
    edges = {cid: e for e in data["edges"] for cid in e["claims"]}
    assert edges["bdnf_up"]["arrows"]["to"]["type"] == "arrow"
    assert edges["b1"]["arrows"]["to"]["type"] == "bar"  # decreases: a T-bar
    assert edges["sham1"]["arrows"]["to"]["type"] == "circle"  # no change

    def colour(edge):
        return edge["color"]["color"] if isinstance(edge["color"], dict) else edge["color"]

    colours = {colour(edges[c]) for c in ("bdnf_up", "b1", "sham1", "neg1", "loc")}
    assert len(colours) == 5  # increase, decrease, no change, negated, unsigned differ
    assert "dashes" not in edges["bdnf_up"]  # experiment: solid
    assert edges["p1"]["dashes"] and edges["b1"]["dashes"]  # inferred, hypothesis: dashed
    assert edges["neg1"]["label"] == "NOT" and edges["neg1"]["dashes"] != edges["p1"]["dashes"]
    assert edges["bdnf_up"]["width"] > edges["p1"]["width"] > edges["b1"]["width"]
    assert edges["b1"]["color"]["opacity"] < 1  # no data: drawn fainter
    groups = data["options"]["groups"]
    assert groups["Procedure"]["shape"] != groups["Protein"]["shape"]
    assert groups["Procedure"]["color"]["background"] != groups["Protein"]["color"]["background"]
    assert set(data["types"]) == {e["group"] for e in data["nodes"]}


def test_layered_layout_puts_causes_left_of_effects():
    data = payload(to_html(sample_kg()))
    x = {n["id"]: n["x"] for n in data["nodes"]}
    assert x["lr3"] < x["bdnf"] < x["plasticity"] < x["depression"]
    assert data["options"]["physics"]["enabled"] is False


def test_large_graph_is_laid_out_in_python_with_physics_off():
    kg = synthetic_kg(LARGE_GRAPH + 200, 2 * LARGE_GRAPH)
    data = payload(to_html(kg))
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["edges"]["smooth"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    assert all("smooth" not in e for e in data["edges"])
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) > 0.99 * len(kg.entities)  # spread out, not piled up
    assert sum(len(e["claims"]) for e in data["edges"]) == len(kg.claims)


def test_output_is_deterministic():
    kg = sample_kg()
    shuffled = KnowledgeGraph(
        dict(reversed(kg.entities.items())),
        dict(reversed(kg.sources.items())),
        dict(reversed(kg.claims.items())),
    )
    assert to_html(kg) == to_html(shuffled)
    big = synthetic_kg(LAYERED_MAX + 50, 600)
    assert to_html(big) == to_html(big)


def test_hostile_text_is_inert_in_the_file():
    kg = hostile_kg()
    title = HOSTILE[1] + HOSTILE[0]
    page = to_html(kg, title=title, highlight_paths=[list(kg.claims)[:3]])
    # the data block contains no markup characters at all ...
    block = re.search(r'id="mechkg-data">(.*?)</script>', page, re.S).group(1)
    for char in "<>&\u2028\u2029":
        assert char not in block
    # ... and decodes back to the exact strings
    data = json.loads(block)
    assert data["title"] == title
    assert {e["label"] for e in data["entities"].values()} == set(HOSTILE)
    assert sorted(data["claims"]) == sorted(kg.claims)
    # the title element holds escaped text; no element but ours exists
    assert f"<title>{html.escape(title)}</title>" in page
    outside_vis = page.replace(inline_scripts(page)[0], "")  # vis has a "<script>" literal
    assert outside_vis.count("<script") == 3 and page.count("</script>") == 3
    assert "<!--" not in page
    assert "<img" not in outside_vis
    # a javascript: URL never becomes a link target
    links = [url for _, url in data["sources"][next(iter(kg.sources))]["links"]]
    assert all(url.startswith("https://") for url in links)


def test_highlight_paths_are_checked():
    kg = sample_kg()
    with pytest.raises(MechkgError, match="path 1 names claim 'nope'"):
        to_html(kg, highlight_paths=[["bdnf_up", "nope"]])
    with pytest.raises(TypeError):
        to_html(kg, highlight_paths="bdnf_up")
    data = payload(to_html(kg, highlight_paths=[["bdnf_up", "p1", "b1"]]))
    assert data["paths"] == [["bdnf_up", "p1", "b1"]]


def test_claim_with_missing_entity_is_an_error():
    kg = sample_kg()
    broken = KnowledgeGraph(
        {k: v for k, v in kg.entities.items() if k != "vca1"}, kg.sources, kg.claims
    )
    with pytest.raises(MechkgError, match="claim 'loc' names entity 'vca1'"):
        to_html(broken)


def test_write_html_to_path_and_file(tmp_path):
    kg = sample_kg()
    target = tmp_path / "graph.html"
    write_html(kg, target, title="LR3")
    assert target.read_text(encoding="utf-8") == to_html(kg, title="LR3")
    buffer = io.StringIO()
    write_html(kg, buffer)
    assert buffer.getvalue() == to_html(kg)
    # a failed export leaves the previous file in place
    with pytest.raises(MechkgError):
        write_html(kg, target, highlight_paths=[["missing"]])
    assert target.read_text(encoding="utf-8") == to_html(kg, title="LR3")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_thorough_fixture_exports(thorough):
    data = payload(to_html(thorough))
    assert len(data["nodes"]) == len(drawn_entities(thorough, CONTEXT))
    assert len(data["edges"]) == len(edge_groups(thorough))
    assert sum(len(e["claims"]) for e in data["edges"]) == len(thorough.claims)


# ------------------------------------------------------------------ in a real browser

NODE_POINT = """(id) => {
  const p = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.getElementById("network").getBoundingClientRect();
  return [p.x + box.left, p.y + box.top];
}"""
EDGE_POINT = """(id) => {
  const edge = mechkg.edgeOf[id] || id;
  const p = network.canvasToDOM(network.body.edges[edge].edgeType.getPoint(0.5));
  const box = document.getElementById("network").getBoundingClientRect();
  return [p.x + box.left, p.y + box.top];
}"""
COUNTS = """() => [network.body.data.nodes.length, network.body.data.edges.length,
  network.body.nodeIndices.length, network.body.edgeIndices.length,
  performance.getEntriesByType("resource").map((e) => e.name)]"""


ON_PATH = """() => mechkg.edges.get({filter: (e) => e.shadow && e.shadow.enabled})
  .flatMap((e) => e.claims)"""


def export(tmp_path: Path, kg: KnowledgeGraph, name: str = "graph.html", **options) -> Path:
    target = tmp_path / name
    write_html(kg, target, **options)
    return target


def visible_edges(session) -> list[str]:
    """The claims on the drawn edges."""
    return sorted(
        session.evaluate(
            "() => mechkg.edges.get({filter: (e) => !e.hidden}).flatMap((e) => e.claims)"
        )
    )


@pytest.mark.browser
def test_chromium_draws_every_node_and_edge_offline(offline_page, tmp_path):
    kg = sample_kg()
    session = offline_page()
    session.goto(export(tmp_path, kg))
    nodes, edges, drawn_nodes, drawn_edges, requests = session.evaluate(COUNTS)
    assert (nodes, edges) == (len(kg.entities), len(edge_groups(kg)))
    assert (drawn_nodes, drawn_edges) == (nodes, edges)
    assert requests == [] and session.blocked == []
    assert session.evaluate("() => network.physics.options.enabled") is False
    legend = session.page.inner_text("#legend")
    for text in ("procedure", "protein", "increases", "decreases", "negated", "experiment"):
        assert text in legend
    shot = session.screenshot(tmp_path / "sample.png")
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_hover_shows_the_claim(offline_page, tmp_path):
    session = offline_page()
    session.goto(export(tmp_path, sample_kg()))
    session.page.mouse.move(*session.evaluate(EDGE_POINT, "bdnf_up"))
    session.page.wait_for_selector("#tooltip:not([hidden])")
    text = session.page.inner_text("#tooltip")
    for part in (
        "acupuncture at LR3 increases BDNF",
        "experiment",
        "mouse",
        "ventral CA1",
        "western blot",
        "Theranostics",
        "økte BDNF-nivåer",
    ):
        assert part in text
    session.page.mouse.move(*session.evaluate(NODE_POINT, "lr3"))
    session.page.wait_for_function(
        "() => document.getElementById('tooltip').textContent.includes('akupunktur')"
    )
    assert "Procedure" in session.page.inner_text("#tooltip")
    session.screenshot(tmp_path / "hover.png")


@pytest.mark.browser
def test_click_opens_the_side_panel_with_claims_and_sources(offline_page, tmp_path):
    session = offline_page()
    session.goto(export(tmp_path, sample_kg()))
    session.page.mouse.click(*session.evaluate(NODE_POINT, "bdnf"))
    session.page.wait_for_selector("#panel:not([hidden])")
    text = session.page.inner_text("#panel")
    assert "acupuncture at LR3 increases BDNF" in text
    assert "sham acupuncture does NOT increases BDNF" in text
    assert "BDNF increases synaptic plasticity" in text
    assert "negated" in text and "Attributed to" in text
    links = session.evaluate("() => [...document.querySelectorAll('#panel a')].map((a) => a.href)")
    assert "https://doi.org/10.7150/thno.106751" in links
    assert "https://pubmed.ncbi.nlm.nih.gov/40225589/" in links
    assert "https://example.org/article" in links
    assert all(link.startswith("https://") for link in links)
    session.page.click("#panel-close")  # the panel covers the right of the graph
    session.page.mouse.click(*session.evaluate(EDGE_POINT, "b1"))
    session.page.wait_for_function(
        "() => document.querySelector('#panel h2').textContent.includes('decreases')"
    )
    text = session.page.inner_text("#panel")
    assert "synaptic plasticity decreases depression-like behaviour" in text
    assert "hypothesis" in text
    session.screenshot(tmp_path / "panel.png")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("akupunktur", "lr3"),
        ("Taichong", "lr3"),
        ("DEPRESSIV ATFERD", "depression"),
        ("plastisitet", "plasticity"),
        ("bdnf", "bdnf"),
    ],
)
def test_search_finds_entities_by_any_name(offline_page, tmp_path, query, entity):
    kg = sample_kg()
    session = offline_page()
    session.goto(export(tmp_path, kg))
    session.page.fill("#search", query)
    assert kg.entities[entity].label in session.page.inner_text("#results")
    session.page.press("#search", "Enter")
    session.page.wait_for_selector("#panel:not([hidden])")
    assert session.evaluate("() => network.getSelectedNodes()") == [entity]
    assert session.page.inner_text("#panel h2") == kg.entities[entity].label


@pytest.mark.browser
def test_search_says_when_nothing_matches(offline_page, tmp_path):
    session = offline_page()
    session.goto(export(tmp_path, sample_kg()))
    session.page.fill("#search", "zzzz")
    assert "No entity" in session.page.inner_text("#results")


@pytest.mark.browser
def test_minimum_evidence_control_hides_weaker_claims(offline_page, tmp_path):
    kg = sample_kg()
    session = offline_page()
    session.goto(export(tmp_path, kg))
    assert visible_edges(session) == sorted(kg.claims)
    for level in ("background", "inferred", "experiment"):
        rank = EVIDENCE_LEVELS[level].rank
        session.page.select_option("#min-evidence", str(rank))
        assert visible_edges(session) == sorted(c.id for c in kg.claims.values() if c.rank >= rank)
    hidden = session.evaluate("() => mechkg.nodes.get({filter: (n) => n.hidden}).map((n) => n.id)")
    assert sorted(hidden) == ["plasticity", "vca1"]  # no claim of theirs is an experiment
    assert "4 of 7 claims shown" in session.page.inner_text("#stats")
    session.page.select_option("#min-evidence", "0")
    assert visible_edges(session) == sorted(kg.claims)


@pytest.mark.browser
def test_highlighted_paths_are_listed_and_selectable(offline_page, tmp_path):
    session = offline_page()
    path = ["bdnf_up", "p1", "b1"]
    session.goto(export(tmp_path, sample_kg(), highlight_paths=[path], title="LR3 paths"))
    text = session.page.inner_text("#panel")
    assert "Highlighted paths" in text
    assert "acupuncture at LR3 → BDNF → synaptic plasticity ⊣ depression-like behaviour" in text
    assert "net effect: decreases" in text
    assert "weakest step: synaptic plasticity → depression-like behaviour (hypothesis)" in text
    session.page.click(".path")
    on_path = session.evaluate(ON_PATH)
    assert sorted(on_path) == sorted([*path, "bdnf_up_news"])  # bdnf_up's edge has both
    assert session.evaluate("() => document.title") == "LR3 paths"
    session.screenshot(tmp_path / "paths.png")


HOSTILE_OPTIONS = [
    {},
    {"title": HOSTILE[1] + HOSTILE[0] + HOSTILE[2]},
    {"highlight_paths": "first three"},
    {"title": HOSTILE[7] + HOSTILE[4], "highlight_paths": "first three"},
]


@pytest.mark.browser
@pytest.mark.parametrize("options", HOSTILE_OPTIONS, ids=["plain", "title", "paths", "both"])
def test_hostile_text_never_runs_in_chromium(offline_page, tmp_path, options):
    kg = hostile_kg()
    options = dict(options)
    if options.get("highlight_paths") == "first three":
        options["highlight_paths"] = [list(kg.claims)[:3]]
    session = offline_page()
    session.goto(export(tmp_path, kg, **options))
    page = session.page
    for node in kg.entities:
        if page.is_visible("#panel"):
            page.click("#panel-close")  # the panel may cover the node
        page.mouse.move(*session.evaluate(NODE_POINT, node))
        page.mouse.click(*session.evaluate(NODE_POINT, node))
        assert page.inner_text("#panel h2") == kg.entities[node].label
    for claim in kg.claims:
        page.mouse.move(*session.evaluate(EDGE_POINT, claim))
        session.evaluate("(id) => mechkg.showClaim(id)", claim)
    for text in HOSTILE:
        page.fill("#search", text[:12])
        page.press("#search", "Enter")
    page.select_option("#min-evidence", "4")
    page.click("#legend-toggle")
    page.click("#fit")
    if "title" in options:
        assert session.evaluate("() => document.title") == options["title"].replace("\u2028", " ")
        assert page.text_content("#title") == options["title"]
    assert (
        session.evaluate(
            "() => document.querySelectorAll('img, iframe, object, embed, base, form').length"
        )
        == 0
    )
    hrefs = session.evaluate("() => [...document.querySelectorAll('a')].map((a) => a.href)")
    assert all(h.startswith("https://") for h in hrefs)
    assert session.evaluate("() => window.pwned") is None
    session.screenshot(tmp_path / "hostile.png")


@pytest.mark.browser
def test_large_graph_draws_fast_with_physics_off(offline_page, tmp_path):
    kg = synthetic_kg(3000, 6000)
    session = offline_page()
    session.goto(export(tmp_path, kg), timeout=60_000)
    nodes, edges, drawn_nodes, drawn_edges, requests = session.evaluate(COUNTS)
    groups = len(edge_groups(kg))
    assert (nodes, edges, drawn_nodes, drawn_edges) == (3000, groups, 3000, groups)
    assert requests == []
    assert session.evaluate("() => network.physics.options.enabled") is False
    assert (
        session.evaluate("() => window.mechkgReadyAt") < 20_000
    )  # ms; the benchmark has the figures
    session.screenshot(tmp_path / "large.png")


@pytest.mark.browser
def test_firefox_draws_the_graph_offline(firefox, tmp_path):
    kg = sample_kg()
    firefox.goto(export(tmp_path, kg))
    firefox.wait_for("return window.mechkgReady === true")
    nodes, edges, drawn_nodes, drawn_edges, requests = firefox.evaluate("return (" + COUNTS + ")()")
    assert (nodes, edges, drawn_nodes, drawn_edges) == (6, 6, 6, 6)
    assert requests == []
    firefox.evaluate("mechkg.focusEntity('bdnf')")
    assert "BDNF increases synaptic plasticity" in firefox.evaluate(
        "return document.getElementById('panel').innerText"
    )
    firefox.evaluate(
        "document.getElementById('search').value = 'akupunktur';"
        "document.getElementById('search').dispatchEvent(new Event('input'))"
    )
    assert "acupuncture at LR3" in firefox.evaluate(
        "return document.getElementById('results').innerText"
    )
    assert firefox.screenshot(tmp_path / "firefox.png").stat().st_size > 10_000


@pytest.mark.browser
def test_hostile_text_never_runs_in_firefox(firefox, tmp_path):
    kg = hostile_kg()
    title = HOSTILE[1] + HOSTILE[0]
    firefox.goto(export(tmp_path, kg, title=title, highlight_paths=[list(kg.claims)[:2]]))
    firefox.wait_for("return window.mechkgReady === true")
    for node in kg.entities:
        firefox.evaluate("mechkg.focusEntity(arguments[0])", node)
    # an alert would make the next command fail with "unexpected alert open"
    assert firefox.evaluate("return document.getElementById('title').textContent") == title
    assert firefox.evaluate("return document.querySelectorAll('img, iframe, object').length") == 0


def test_lr3_graph_exports_every_entity_and_claim(lr3):
    data = payload(to_html(lr3))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(drawn_entities(lr3, CONTEXT))
    assert sorted(c for e in data["edges"] for c in e["claims"]) == sorted(lr3.claims)
    assert to_html(lr3) == to_html(lr3)


@pytest.mark.browser
def test_lr3_graph_in_chromium(offline_page, tmp_path, lr3):
    import mechkg

    session = offline_page()
    session.goto(export(tmp_path, lr3, "lr3.html", title="Acupuncture at LR3 in stressed mice"))
    nodes, edges, drawn_nodes, drawn_edges, requests = session.evaluate(COUNTS)
    expected = (len(drawn_entities(lr3, CONTEXT)), len(edge_groups(lr3)))
    assert (nodes, edges) == (drawn_nodes, drawn_edges) == expected
    assert requests == []
    session.screenshot(tmp_path / "lr3.png")
    bdnf = mechkg.resolve(lr3, "BDNF").id
    session.page.fill("#search", "nål")  # a Norwegian name of the needle
    assert session.page.inner_text("#results").strip()
    session.page.fill("#search", "BDNF")
    session.page.press("#search", "Enter")
    session.page.wait_for_selector("#panel:not([hidden])")
    text = session.page.inner_text("#panel")
    about = [c for c in lr3.claims.values() if bdnf in (c.subject, c.object)]
    assert f"({len(lr3.claims_from(bdnf))})" in text and f"({len(lr3.claims_to(bdnf))})" in text
    assert len(about) == session.evaluate("() => document.querySelectorAll('#panel .claim').length")
    assert "https://doi.org/" in " ".join(
        session.evaluate("() => [...document.querySelectorAll('#panel a')].map((a) => a.href)")
    )
    session.screenshot(tmp_path / "lr3-bdnf.png")
