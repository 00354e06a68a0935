"""The HTML page on the ketamine example: the knockout and the rapamycin pretreatment are
marked as necessity tests (support), the mouse-hippocampus mTOR result as differing by
context from the rat prefrontal cortex one, and each card carries its conditions."""

from __future__ import annotations

from pathlib import Path

import mechkg
import pytest
from mechkg.export.html import to_html

from tests.export.test_html_page import EDGE_POINT, edge_of, open_page, payload

pytest_plugins = ["tests.browser"]  # the browser and offline_page fixtures

KETAMINE = Path(__file__).parents[1] / "data" / "conditions" / "ketamine.yaml"


@pytest.fixture(scope="module")
def ketamine():
    return mechkg.load([KETAMINE])


def test_the_payload_says_how_each_opposing_claim_bears_on_its_edge(ketamine):
    data = payload(to_html(ketamine))
    claims = data["claims"]
    assert claims["autry_mtor"]["role"] == ["differs", "li_mtor", ["species", "anatomy"]]
    assert "role" not in claims["autry_bdnf_ko"]  # support: a necessity test
    assert claims["autry_bdnf_ko"]["requires"] == ["bdnf"]
    assert claims["autry_bdnf_ko"]["condition"] == ["bdnf_knockout"]
    assert ["condition", "condition"] in data["context"]
    assert "bdnf_knockout" in data["entities"] and "rapamycin" in data["entities"]
    drawn = {n["id"] for n in data["nodes"]}
    assert "bdnf_knockout" not in drawn and "rapamycin" not in drawn  # conditions, not nodes


@pytest.mark.browser
def test_the_knockout_reads_as_support_and_the_other_context_as_a_difference(
    offline_page, tmp_path, ketamine
):
    session, data = open_page(offline_page, tmp_path, ketamine)
    edge = edge_of(data, "autry_bdnf_ko")
    session.page.mouse.click(*session.evaluate(EDGE_POINT, edge))
    session.page.wait_for_selector("#panel:not([hidden])")
    text = session.page.inner_text("#panel")
    assert "\u2713 necessity test: requires BDNF" in text
    assert "condition: BDNF knockout" in text
    assert "Requires" in text and "the effect is lost without it" in text
    assert "\u2717" not in text  # nothing contradicts the step
    session.screenshot(tmp_path / "knockout.png")
    edge = edge_of(data, "autry_mtor")
    session.page.mouse.click(*session.evaluate(EDGE_POINT, edge))
    session.page.wait_for_function(
        "() => document.querySelector('#panel').innerText.includes('differs by context')"
    )
    text = session.page.inner_text("#panel")
    assert "\u2260 differs by context from li_mtor: species, anatomy" in text
    assert "\u2717" not in text
