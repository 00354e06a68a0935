"""Mermaid export: a flowchart whose labels are always plain text to Mermaid."""

from __future__ import annotations

import html
import re

from mechkg.export import infer_format
from mechkg.export.mermaid import mermaid_text, to_mermaid, write_mermaid
from mechkg.model import Claim, Entity, KnowledgeGraph, Source

from tests.sparql.nasty import NASTY_TEXT, nasty_graph

NODE = re.compile(r'^  (n\d+)\["([^"\n]*)"\]$')
EDGE = re.compile(r'^  (n\d+) (-->|--x|-\.->|---|-\.-)\|"([^"\n]*)"\| (n\d+)$')
CLASS = re.compile(r"^  (classDef \w+ fill:#[0-9a-f]{6},stroke:#555|class [n\d,]+ \w+)$")
SAFE_LABEL = re.compile(r"^(?:[^\"<>#&;|\[\]{}\n`]|#\d+;)*$")


def decode(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)


def parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges = []
    for line in lines[1:]:
        if m := NODE.match(line):
            assert SAFE_LABEL.match(m.group(2)), line
            nodes[m.group(1)] = decode(m.group(2))
        elif m := EDGE.match(line):
            assert SAFE_LABEL.match(m.group(3)), line
            edges.append((m.group(1), m.group(2), decode(m.group(3)), m.group(4)))
        else:
            assert CLASS.match(line), line
    return nodes, edges


def test_lr3_flowchart(lr3):
    nodes, edges = parse(to_mermaid(lr3))
    assert sorted(nodes.values()) == sorted(e.label for e in lr3.entities.values())
    triples = {(c.subject, c.relation, c.object, c.negated) for c in lr3.claims.values()}
    assert len(edges) == len(triples)
    ids = {f"n{i}": eid for i, eid in enumerate(lr3.entities)}
    labels = {(ids[a], ids[b]): label for a, _, label, b in edges}
    assert labels["lr3_acupuncture", "bdnf"] == "increases · experiment ×2"
    assert labels["lr3_acupuncture", "meridian_qi"].startswith("not regulates")
    arrows = {arrow for _, arrow, _, _ in edges}
    assert {"-->", "--x"} <= arrows


def test_any_label_is_plain_text():
    kg = nasty_graph()
    nodes, _edges = parse(to_mermaid(kg))
    expected = {" ".join(e.label.split()) for e in kg.entities.values()}
    assert set(nodes.values()) == expected
    assert any(" ".join(NASTY_TEXT.split()) in label for label in nodes.values())


def test_mermaid_text():
    assert mermaid_text("plain text") == "plain text"
    assert mermaid_text('a"b') == "a#34;b"
    assert mermaid_text("æøå α") == "æøå α"  # letters of any script stay readable
    hostile = '"]; click n0 call alert(1); n1["<img src=x onerror=alert(1)>'
    escaped = mermaid_text(hostile)
    assert SAFE_LABEL.match(escaped) and decode(escaped) == hostile
    assert html.unescape(escaped) == escaped  # no HTML entity left for a browser to read


def test_subgraph_and_keywords(tmp_path):
    kg = KnowledgeGraph(
        {"end": Entity("end", "end", "Gene"), "graph": Entity("graph", "subgraph", "Behavior"),
         "x": Entity("x", "click", "Procedure")},
        {"s": Source("s", "article")},
        {"c": Claim("c", "end", "positively_correlated", "graph", "correlation", "s"),
         "d": Claim("d", "x", "part_of", "end", "background", "s")},
    )  # fmt: skip
    nodes, edges = parse(to_mermaid(kg))
    assert set(nodes) == {"n0", "n1", "n2"}  # keywords are only ever labels
    assert {arrow for _, arrow, _, _ in edges} == {"-.->", "---"}
    path = tmp_path / "g.mmd"
    write_mermaid(kg, path)
    assert path.read_text(encoding="utf-8") == to_mermaid(kg) == to_mermaid(kg)
    assert infer_format(path).name == "mermaid"


def test_cli_focus(cli, tmp_path):
    out = tmp_path / "bdnf.mmd"
    result = cli("export", "mermaid", "--focus", "BDNF", "--depth", "1", "-o", out)
    assert result.exit_code == 0, result.stderr
    nodes, edges = parse(out.read_text(encoding="utf-8"))
    assert "BDNF" in nodes.values() and edges
