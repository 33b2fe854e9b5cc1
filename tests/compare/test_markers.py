"""Finding numbers and marker places."""

from __future__ import annotations

from spacedesign.export.compare_figures import numbered_findings, plan_png
from spacedesign.io import load_plan
from spacedesign.score import score_plan
from tests.conftest import CASES
from tests.score.programs import CASE_PROGRAM


def test_markers_numbered_failures_first_and_placed_on_elements():
    plan = load_plan(CASES / "access" / "good.yaml")
    check = {"score": 50, "findings": [
        {"rule": "TACTILE-ROUTE", "status": "warn", "element": None, "location": None},
        {"rule": "DOOR-WIDTH", "status": "fail", "element": "D3", "location": None},
        {"rule": "COUNTER-LOW", "status": "fail", "element": "RC1", "location": None},
        {"rule": "ELEVATOR", "status": "n/a", "element": None, "location": None},
        {"rule": "ROUTE-WIDTH", "status": "fail", "element": "corridor", "location": [10, 9.9]},
    ]}
    card = score_plan(plan, CASE_PROGRAM, checks={"jp-recommended": check})
    markers = numbered_findings(card, plan)
    assert [(m.number, m.finding.rule) for m in markers] == [
        (1, "COUNTER-LOW"), (2, "DOOR-WIDTH"), (3, "ROUTE-WIDTH"), (4, "TACTILE-ROUTE")]
    assert markers[1].at == (22.0, 9.0)  # the door's centre
    x, y = markers[0].at  # inside the counter
    assert 16.5 <= x <= 18.5 and 7.4 <= y <= 8.0
    assert markers[2].at == (10.0, 9.9) and markers[3].at is None
    png, placed = plan_png(plan, markers)
    assert png.startswith(b"\x89PNG")
    for marker in placed[:3]:
        assert 0 < marker.left < 1 and 0 < marker.top < 1
    assert placed[3].left is None
    # the door (x = 22) is right of the corridor marker (x = 10), both near y = 9-10
    assert placed[1].left > placed[2].left and abs(placed[1].top - placed[2].top) < 0.05


def test_markers_at_one_place_are_spread_apart():
    plan = load_plan(CASES / "access" / "good.yaml")
    check = {"score": 50, "findings": [
        {"rule": "ELEVATOR", "status": "fail", "element": "x", "location": [10, 9.9]},
        {"rule": "ELEVATOR", "status": "fail", "element": "y", "location": [10, 9.9]},
        {"rule": "ROUTE-REACH", "status": "fail", "element": "z", "location": [10.05, 9.9]},
    ]}
    card = score_plan(plan, CASE_PROGRAM, checks={"jp-recommended": check})
    places = [m.at for m in numbered_findings(card, plan)]
    assert len(set(places)) == 3
    for x, y in places:
        assert 0.3 < ((x - 10) ** 2 + (y - 9.9) ** 2) ** 0.5 < 0.6
