"""Sheet: findings worst first, common findings once, one scale across pages, no stale pages."""

from __future__ import annotations

import pytest

from spacedesign.export import sheet as sheet_module
from spacedesign.export.compare_figures import CompareEntry, numbered_findings
from spacedesign.export.findings_digest import finding_key, finding_order, split_common, zone_of
from spacedesign.export.report import render_report
from spacedesign.export.sheet import PER_PAGE, sheet_pages, write_sheet
from spacedesign.io import load_plan
from spacedesign.pipeline import load_and_score
from spacedesign.score import score_plan
from tests.compare.comparison_fixture import fake_check
from tests.conftest import ACCESS_CASES, REPO
from tests.score.programs import CASE_PROGRAM


@pytest.fixture(scope="module")
def shipped():
    scored = [load_and_score(REPO / "scenarios" / f"scenario-{k}.yaml", None) for k in "abc"]
    return [(s.card, s.plan, numbered_findings(s.card, s.plan)) for s in scored]


def test_markers_are_numbered_worst_first_zone_first(shipped):
    for card, plan, markers in shipped:
        zone = zone_of(plan, card.zone)
        assert zone is not None
        keys = [finding_order(m.finding, m.finding.location or m.at, zone) for m in markers]
        assert keys == sorted(keys)
        assert [m.number for m in markers] == list(range(1, len(markers) + 1))
        severities = [m.finding.severity for m in markers if m.finding.status == "fail"]
        assert severities == sorted(severities, key=["critical", "major", "minor"].index)


def test_common_findings_are_taken_out_of_each_column(shipped):
    groups = [markers for _, _, markers in shipped]
    common, distinct = split_common(groups)
    shared = {finding_key(m.finding) for m in common}
    # the existing lift (EV1, its door D-EV) fails in every scenario: said once, not per column
    assert any(m.finding.element == "EV1" for m in common)
    for own, group in zip(distinct, groups, strict=True):
        assert not {finding_key(m.finding) for m in own} & shared
        assert len(own) + sum(1 for m in group if finding_key(m.finding) in shared) == len(group)
    tops = [tuple(finding_key(m.finding) for m in own[:sheet_module.TOP_FINDINGS])
            for own in distinct]
    assert len(set(tops)) == len(tops)  # each column shows something different
    # scenario A's own top finding is its prefab booth's critical door, not the shared lift
    assert distinct[0][0].finding.severity == "critical"
    assert distinct[0][0].finding.element == "A-D-C2"


def _entries(count: int) -> list[CompareEntry]:
    entries = []
    for i in range(count):
        path = ACCESS_CASES[i % len(ACCESS_CASES)]
        plan = load_plan(path)
        card = score_plan(plan, CASE_PROGRAM, checks={"jp-recommended": fake_check(i)})
        entries.append(CompareEntry(i + 1, f"s{i + 1}", str(path), plan, card,
                                    tuple(numbered_findings(card, plan)), False))
    return entries


def test_pages_share_one_grid_and_one_scale(tmp_path, monkeypatch):
    count = PER_PAGE + 1
    assert sheet_pages(count) == (2, 4, 2) and sheet_pages(3) == (1, 3, 1)
    scales = []
    real = sheet_module.draw_plan

    def recording(ax, plan, markers=(), **kw):
        real(ax, plan, markers, **kw)
        fig = ax.figure
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        box = ax.get_position()
        w_in, h_in = fig.get_size_inches()
        # equal aspect: metres per inch is set by the tighter of the two directions
        scales.append(round(max((x1 - x0) / (box.width * w_in), (y1 - y0) / (box.height * h_in)),
                            6))

    monkeypatch.setattr(sheet_module, "draw_plan", recording)
    for stale in ("sheet-2.png", "sheet-3.png", "sheet-7.png"):
        (tmp_path / stale).write_bytes(b"old")
    entries = _entries(count)
    written = write_sheet(entries, tmp_path / "sheet.pdf", tmp_path / "sheet.png", title="t",
                          dpi=40)
    assert [p.name for p in written] == ["sheet.pdf", "sheet.png", "sheet-2.png"]
    assert (tmp_path / "sheet-2.png").read_bytes() != b"old"
    assert not (tmp_path / "sheet-3.png").exists() and not (tmp_path / "sheet-7.png").exists()
    same_site = {s for s, e in zip(scales, entries, strict=True) if e.file == entries[0].file}
    assert len(scales) == count and len(same_site) == 1  # page 2 is not drawn larger
    # a later, shorter comparison removes page 2
    write_sheet(entries[:2], tmp_path / "sheet.pdf", tmp_path / "sheet.png", title="t", dpi=40)
    assert not (tmp_path / "sheet-2.png").exists()


def test_report_embeds_every_sheet_page():
    entries = _entries(2)
    html = render_report(entries, title="t", program="p", weights={"accessibility": 1.0},
                         pareto_keys=[], pareto=b"png", sheets=[b"page-1", b"page-2"])
    assert html.count('class="sheet"') == 2
    assert 'id="sheet-image"' in html and 'id="sheet-image-2"' in html
    assert "page 2 of 2" in html


def test_order_puts_zone_findings_before_outside_ones_of_the_same_severity():
    from shapely.geometry import box

    from spacedesign.score import read_finding

    zone = box(0, 0, 10, 10)
    inside = read_finding({"rule": "Z-RULE", "status": "fail", "severity": "major"})
    outside = read_finding({"rule": "A-RULE", "status": "fail", "severity": "major"})
    critical = read_finding({"rule": "Q", "status": "fail", "severity": "critical"})
    warn = read_finding({"rule": "A", "status": "warn", "severity": "critical"})
    keys = {
        "inside": finding_order(inside, (5.0, 5.0), zone),
        "outside": finding_order(outside, (50.0, 5.0), zone),
        "critical_outside": finding_order(critical, (50.0, 5.0), zone),
        "warn": finding_order(warn, (5.0, 5.0), zone),
    }
    order = sorted(keys, key=keys.__getitem__)
    assert order == ["critical_outside", "inside", "outside", "warn"]
