"""Ids that name properties every JavaScript object has (``toString``, ``constructor``,
``__proto__`` ...) are ordinary ids in the HTML page: it draws, lists, searches and shows
them like any other, with no page error (a real browser, Chromium)."""

from __future__ import annotations

from pathlib import Path

import mechkg
import pytest

from tests.browser import open_offline

from .test_html_browser import _exercise

pytest_plugins = ["tests.browser"]

#: Valid claim-file ids that are properties of every JavaScript object.
NAMES = [
    "toString", "constructor", "valueOf", "hasOwnProperty", "isPrototypeOf",
    "propertyIsEnumerable", "toLocaleString",
]  # fmt: skip
#: Ids a claims file cannot hold but RDF input or a graph built in Python can.
DUNDER = ["__proto__", "__defineGetter__", "__lookupSetter__"]


def _claims(tmp_path: Path) -> Path:
    entities = "".join(f"  {n}: {{label: {n}, type: Gene}}\n" for n in NAMES)
    entities += "  plain: {label: plain, type: Gene}\n"
    claims = []
    for i, name in enumerate(NAMES):
        other = NAMES[(i + 1) % len(NAMES)]
        claims.append(
            f"  - {{id: {name}, subject: {name}, relation: increases, object: {other},"
            f" source: {name}, evidence: inferred}}\n"
        )
    claims.append(
        "  - {id: p1, subject: plain, relation: decreases, object: toString, source: valueOf,"
        " evidence: experiment, species: NCBITaxon:10090, anatomy: [constructor]}\n"
    )
    sources = "".join(f"  {n}: {{kind: article, title: {n} title}}\n" for n in NAMES)
    path = tmp_path / "proto.yaml"
    path.write_text(
        f"mechkg: 1\nsources:\n{sources}entities:\n{entities}claims:\n{''.join(claims)}"
    )
    return path


@pytest.mark.browser
def test_prototype_names_as_ids_do_not_break_the_page(browser, cli, tmp_path):
    claims = _claims(tmp_path)
    kg = mechkg.load([claims])
    assert set(NAMES) <= set(kg.entities) and set(NAMES) <= set(kg.claims)
    page = tmp_path / "proto.html"
    done = cli("export", "html", claims, "-o", page)
    assert done.exit_code == 0, done.stderr
    session = open_offline(browser)
    try:
        _exercise(session, kg, page)
        # a path through them, selected and shown
        session.evaluate("() => mechkg.focusEntity('constructor')")
        assert session.problems == []
    finally:
        session.close()


@pytest.mark.browser
def test_prototype_names_in_a_paths_page(browser, cli, tmp_path):
    claims = _claims(tmp_path)
    page = tmp_path / "paths.html"
    done = cli("paths", "plain", "valueOf", claims, "--html", page)
    assert done.exit_code == 0, done.stderr
    session = open_offline(browser)
    try:
        session.goto(page)
        assert session.problems == []
    finally:
        session.close()


@pytest.mark.browser
def test_dunder_ids_of_a_graph_built_in_python(browser, tmp_path):
    from mechkg.export.html import write_html
    from mechkg.model import Claim, Entity, KnowledgeGraph, Source

    names = DUNDER + NAMES[:2]
    entities = {n: Entity(n, n, "Gene") for n in names}
    sources = {n: Source(n, "article", title=n) for n in names}
    claims = {
        n: Claim(n, n, "increases", names[(i + 1) % len(names)], "inferred", n)
        for i, n in enumerate(names)
    }
    kg = KnowledgeGraph(entities=entities, sources=sources, claims=claims)
    page = tmp_path / "dunder.html"
    write_html(kg, page, title="__proto__")
    session = open_offline(browser)
    try:
        _exercise(session, kg, page)
    finally:
        session.close()
