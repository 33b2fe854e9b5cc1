"""The HTML report in headless Chromium (Debian's chromium driven by Playwright, no download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compare.comparison_fixture import build_comparison
from tests.compare.report_browser import open_report, serious_axe_violations


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    return build_comparison(tmp_path_factory.mktemp("compare"))


@pytest.fixture(scope="module")
def page_of(comparison):
    with open_report(Path(comparison.files["report"][0])) as opened:
        yield opened


def test_every_scenario_is_in_the_report(page_of, comparison):
    page, errors, _ = page_of
    names = page.eval_on_selector_all("section.scenario", "els => els.map(e => e.dataset.name)")
    expected = [s.name for s in comparison.ranked]
    assert names == expected
    rows = page.eval_on_selector_all("#criteria tbody tr", "els => els.map(e => e.dataset.scenario)")
    assert rows == expected
    assert errors == []


def test_every_image_is_inline_and_loaded(page_of, comparison):
    page, errors, requests = page_of
    images = page.eval_on_selector_all(
        "img", "els => els.map(i => [i.complete, i.naturalWidth, i.src.slice(0, 22)])")
    # one plan per scenario + the Pareto plot + the comparison sheet
    assert len(images) == len(comparison.ranked) + 2
    for complete, width, src in images:
        assert complete and width > 100
        assert src == "data:image/png;base64,"
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == []


def test_findings_link_to_numbered_markers(page_of, comparison):
    page, _, _ = page_of
    for i, _ in enumerate(comparison.ranked, start=1):
        items = page.eval_on_selector_all(f"#scenario-s{i} ol.findings li",
                                          "els => els.map(e => e.id)")
        # failures first (numbered 1, 2), then the warning (3, no location: no marker)
        assert items == [f"s{i}-f1", f"s{i}-f2", f"s{i}-f3"]
        for n in (1, 2):
            marker = page.locator(f"#s{i}-m{n}")
            assert marker.get_attribute("href") == f"#s{i}-f{n}"
            link = page.locator(f"#s{i}-f{n} a")
            assert link.get_attribute("href") == f"#s{i}-m{n}"
            box = marker.bounding_box()
            plan = page.locator(f"#s{i}-plan").bounding_box()
            assert box is not None and plan is not None
            centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            assert plan["x"] < centre[0] < plan["x"] + plan["width"]
            assert plan["y"] < centre[1] < plan["y"] + plan["height"]
        assert page.locator(f"#s{i}-m3").count() == 0
    # the escaped message survives as text, not markup
    assert "corridor <narrow> & tight" in page.inner_text("#scenario-s1")


def test_marker_sits_where_the_finding_is(page_of, comparison):
    """ROUTE-WIDTH (critical, marker 1) at (12 + i, 9.9) and DOOR-WIDTH (major, marker 2) at
    (8, 9): markers are numbered worst first; one scale in x and y, y up."""
    from tests.conftest import ACCESS_CASES

    page, _, _ = page_of
    index = ACCESS_CASES.index(comparison.ranked[0].path)
    two = page.locator("#s1-m1").bounding_box()
    one = page.locator("#s1-m2").bounding_box()
    assert one is not None and two is not None
    scale = (two["x"] - one["x"]) / ((12.0 + index) - 8.0)  # px per metre
    assert scale > 10
    assert two["y"] - one["y"] == pytest.approx(-0.9 * scale, abs=3.0)


def test_table_sorts_and_language_switches(page_of):
    page, errors, _ = page_of
    headers = page.locator("#criteria thead th button")
    headers.nth(2).click()  # composite, ascending
    values = page.eval_on_selector_all("#criteria tbody tr td:nth-child(3)",
                                       "els => els.map(e => parseFloat(e.dataset.value))")
    assert values == sorted(values)
    headers.nth(2).click()  # descending
    values = page.eval_on_selector_all("#criteria tbody tr td:nth-child(3)",
                                       "els => els.map(e => parseFloat(e.dataset.value))")
    assert values == sorted(values, reverse=True)
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.locator("h1 .ja").is_visible() and not page.locator("h1 .en").is_visible()
    page.click("#lang")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1 .en").is_visible()
    assert page.inner_text("h1") == "Scenario comparison report"
    page.click("#lang")
    assert errors == []


def test_axe_finds_no_serious_violations(page_of):
    """The report is read by planners with screen readers too (axe-core, tools/node)."""
    page, errors, _ = page_of
    assert serious_axe_violations(page) == []
    assert errors == []
