"""The HTML report of the real shipped scenarios (scenarios/*.yaml) in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacedesign.export.comparison import compare_scored
from spacedesign.pipeline import load_and_score
from tests.compare.report_browser import open_report, serious_axe_violations
from tests.conftest import SHIPPED_SCENARIOS


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    assert len(SHIPPED_SCENARIOS) >= 3
    scored = [load_and_score(path, None) for path in SHIPPED_SCENARIOS]
    assert all(not s.missing for s in scored), [s.missing for s in scored]
    return compare_scored(scored, tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="module")
def page_of(comparison):
    with open_report(Path(comparison.files["report"][0])) as opened:
        yield opened


def test_every_shipped_scenario_is_in_the_report(page_of, comparison):
    page, errors, requests = page_of
    expected = [s.name for s in comparison.ranked]
    assert len(expected) == len(SHIPPED_SCENARIOS)
    assert page.eval_on_selector_all("section.scenario",
                                     "els => els.map(e => e.dataset.name)") == expected
    assert page.eval_on_selector_all("#criteria tbody tr",
                                     "els => els.map(e => e.dataset.scenario)") == expected
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == []


def test_every_image_loaded(page_of, comparison):
    page, errors, _ = page_of
    images = page.eval_on_selector_all(
        "img", "els => els.map(i => [i.id, i.complete, i.naturalWidth])")
    sheet_pages = len(comparison.files["sheet"]) - 1  # the PDF, then one PNG per page
    assert len(images) == len(comparison.ranked) + 1 + sheet_pages
    for ident, complete, width in images:
        assert complete and width > 0, ident
    assert errors == []


def test_every_finding_is_linked_to_its_marker(page_of, comparison):
    page, _, _ = page_of
    linked = 0
    for i, scored in enumerate(comparison.ranked, start=1):
        failing = [f for f in scored.card.findings if f.status in ("fail", "warn")]
        items = page.eval_on_selector_all(
            f"#scenario-s{i} ol.findings li",
            "els => els.map(e => [e.id, (e.querySelector('a[href^=\"#s\"]') || {}).hash || ''])")
        assert len(items) == len(failing) > 0
        plan = page.locator(f"#s{i}-plan").bounding_box()
        assert plan is not None
        for n, (ident, href) in enumerate(items, start=1):
            assert ident == f"s{i}-f{n}"
            # every shipped finding has a place on the plan: its own location or its element's
            assert href == f"#s{i}-m{n}", ident
            marker = page.locator(href)
            assert marker.get_attribute("href") == f"#{ident}"
            box = marker.bounding_box()
            assert box is not None
            cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            assert plan["x"] <= cx <= plan["x"] + plan["width"]
            assert plan["y"] <= cy <= plan["y"] + plan["height"]
            linked += 1
    assert linked >= 3 * len(comparison.ranked)


def test_table_sorts_by_every_score_column(page_of):
    page, errors, _ = page_of
    headers = page.locator("#criteria thead th button")
    for column in (3, 4, 9):  # composite, accessibility, efficiency
        headers.nth(column - 1).click()
        values = page.eval_on_selector_all(
            f"#criteria tbody tr td:nth-child({column})",
            "els => els.map(e => parseFloat(e.dataset.value))")
        assert values == sorted(values), column
        headers.nth(column - 1).click()
        values = page.eval_on_selector_all(
            f"#criteria tbody tr td:nth-child({column})",
            "els => els.map(e => parseFloat(e.dataset.value))")
        assert values == sorted(values, reverse=True), column
    # the accessibility cell shows the failures by severity next to the score
    assert "critical" in page.inner_text("#criteria tbody tr td:nth-child(4)")
    assert errors == []


def test_axe_finds_no_serious_violations(page_of):
    page, errors, _ = page_of
    assert serious_axe_violations(page) == []
    assert errors == []
