"""Finding markers: never piled up (≥ 0.95 m apart), leader lines to their anchor when moved."""

from __future__ import annotations

import math

from ezdxf import recover
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.export import export
from spacedesign.export.common import MARKER_SPACING, marker_layout, marker_places
from spacedesign.export.image import build_figure
from spacedesign.export.overlays import access_overlay
from tests.export.conftest import FakeFinding, FakeReport

points = st.tuples(st.floats(0.0, 6.0), st.floats(0.0, 6.0))


@settings(max_examples=60, deadline=None)
@given(anchors=st.lists(st.one_of(points, st.sampled_from([(3.0, 3.0), (3.1, 3.0)])),
                        max_size=25))
def test_markers_keep_their_distance_and_stay_near_their_anchor(rich_plan, anchors):
    findings = [FakeFinding("R", "fail", None, a) for a in anchors]
    places = marker_layout(rich_plan, findings)
    assert [p.finding for p in places] == findings
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            assert math.dist(a.at, b.at) >= MARKER_SPACING - 1e-6
    for place in places:
        assert place.anchor == place.finding.location
        assert place.moved == (place.at != place.anchor)
        # a marker moves only as far as the crowd forces it: ring k is k × spacing away
        assert math.dist(place.at, place.anchor) <= MARKER_SPACING * len(places) + 1e-6
    # the old API gives the same points
    assert [at for _, at in marker_places(rich_plan, findings)] == [p.at for p in places]


def test_first_marker_on_a_spot_stays_on_its_anchor(rich_plan):
    findings = [FakeFinding("R", "fail", None, (5.0, 5.0)) for _ in range(3)]
    first, second, third = marker_layout(rich_plan, findings)
    assert first.at == (5.0, 5.0) and not first.moved
    assert second.moved and math.isclose(math.dist(second.at, (5.0, 5.0)), MARKER_SPACING)
    assert third.moved and math.dist(third.at, second.at) >= MARKER_SPACING - 1e-9


def _crowded_report() -> FakeReport:
    return FakeReport(findings=tuple(
        FakeFinding(f"RULE-{i}", "fail" if i % 2 else "warn", "D9", None, f"problem {i}")
        for i in range(4)), geometry={})


def test_dxf_and_image_draw_leaders_for_moved_markers(rich_plan, tmp_path):
    report = _crowded_report()  # four findings on one door
    overlay = access_overlay(report)
    places = marker_layout(rich_plan, overlay.problems)
    assert sum(p.moved for p in places) == 3

    fig = build_figure(rich_plan, "access", overlay=overlay)
    ax = next(a for a in fig.axes if a.get_gid() == "map")
    gids = {c.get_gid() for c in ax.get_children() if c.get_gid()}
    assert {f"finding:{p.finding.number}" for p in places} <= gids
    leaders = {f"leader:{p.finding.number}" for p in places if p.moved}
    assert leaders <= gids and f"leader:{places[0].finding.number}" not in gids
    markers = [c for c in ax.patches if (c.get_gid() or "").startswith("finding:")]
    centres = [m.center for m in markers]
    for i, a in enumerate(centres):
        for b in centres[i + 1:]:
            assert math.dist(a, b) >= MARKER_SPACING - 1e-6

    out = export(rich_plan, tmp_path / "crowded.dxf", findings=report)[0]
    msp = recover.readfile(out)[0].modelspace()
    rings = [c for c in msp.query("CIRCLE[layer=='G-ACCS-FAIL']") if c.dxf.radius == 450]
    assert len(rings) == 4
    lines = msp.query("LINE[layer=='G-ACCS-FAIL']")
    assert len(lines) == 3
    door = (places[0].anchor[0] * 1000, places[0].anchor[1] * 1000)
    for line in lines:
        assert math.dist((line.dxf.end.x, line.dxf.end.y), door) < 1e-3
