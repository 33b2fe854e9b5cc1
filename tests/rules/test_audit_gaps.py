"""Regression tests for gaps found by the accessibility audit (issue 3)."""

from __future__ import annotations

import copy

import pytest

from spacedesign.io import load_plan, plan_to_data
from spacedesign.rules import check_plan
from tests.conftest import CASES, REPO
from tests.rules.plan_tools import save_and_load

NAKANO = REPO / "floorplans" / "nakano-ipc.yaml"


def _good():
    return plan_to_data(load_plan(CASES / "access" / "good.yaml"))


def _stepped_walk(data, far_area: bool):
    """The walk split into a 0.00 m half and a 0.04 m half that touch; entrance at 0.04 m."""
    data = copy.deepcopy(data)
    areas = data["site"]["areas"]
    areas[0]["polygon"] = [[13.5, 0], [16.5, 0], [16.5, 2], [13.5, 2]]
    areas.insert(1, {"id": "walk2", "kind": "walkway", "elevation": 0.04, "surface": "paved",
                     "polygon": [[13.5, 2], [16.5, 2], [16.5, 4], [13.5, 4]]})
    data["levels"][0]["elevation"] = 0.04
    if far_area:
        # Far away and touching nothing: it must not bridge 0.00 and 0.04 m.
        areas.append({"id": "far", "kind": "walkway", "elevation": 0.02, "surface": "paved",
                      "polygon": [[0, 18], [3, 18], [3, 21], [0, 21]]})
    return data


@pytest.mark.parametrize("far_area", [False, True])
def test_elevations_are_not_chained_through_an_unrelated_area(tmp_path, far_area):
    data = _stepped_walk(_good(), far_area)
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    assert report.status("STEP-FREE") == "fail"
    assert report.status("ROUTE-REACH") == "fail"
    assert any("walk2" in (f.element or "") + f.message for f in report.for_rule("STEP-FREE")
               if f.status == "fail")


def test_an_area_between_two_levels_joins_them_pair_by_pair(tmp_path):
    data = _stepped_walk(_good(), far_area=False)
    areas = data["site"]["areas"]
    # A 0.02 m strip beside both halves touches each within the tolerance: a gentle
    # two-step transition, so the wheelchair gets through by the strip.
    areas.append({"id": "mid", "kind": "walkway", "elevation": 0.02, "surface": "paved",
                  "polygon": [[16.5, 0], [18.5, 0], [18.5, 4], [16.5, 4]]})
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    assert report.status("ROUTE-REACH") == "pass"


def test_toilet_behind_a_narrow_door_fails_the_trip_from_the_public_rooms(tmp_path):
    """Reachable only from inside its own room: the old check passed it with 0.0 m."""
    data = _good()
    for opening in data["levels"][0]["openings"]:
        if opening["id"] == "D7":
            opening["width"] = 0.6
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    toilet = [f for f in report.for_rule("TOILET-ACCESSIBLE") if "公共室" in f.message]
    assert toilet and toilet[0].status == "fail"
    assert "consult1" in toilet[0].message and "lounge" in toilet[0].message


def test_toilet_trip_leaves_rooms_no_wheelchair_enters_to_route_reach(tmp_path):
    data = _good()
    for opening in data["levels"][0]["openings"]:
        if opening["id"] == "D5":
            opening["width"] = 0.0
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    assert ("ROUTE-REACH", "consult1") in {
        (f.rule, f.element) for f in report.findings if f.status == "fail"}
    toilet = [f for f in report.for_rule("TOILET-ACCESSIBLE") if "公共室" in f.message]
    assert toilet[0].status == "pass" and "consult1" not in toilet[0].message


def test_toilet_trip_passes_with_the_farthest_room_named(tmp_path):
    report = check_plan(load_plan(CASES / "access" / "good.yaml"), "jp-minimum")
    toilet = [f for f in report.for_rule("TOILET-ACCESSIBLE") if "公共室" in f.message]
    assert toilet[0].status == "pass"
    assert toilet[0].measured is not None and toilet[0].measured > 1.0


def _nakano_with_car(tmp_path, car):
    data = plan_to_data(load_plan(NAKANO))
    for fixture in data["levels"][0]["fixtures"]:
        if fixture["kind"] == "elevator":
            fixture["car"] = car
    return save_and_load(data, tmp_path / "p.json")


def test_elevator_reports_car_width_and_depth_against_their_own_requirements(tmp_path):
    # Narrow but deep car: the width is short of 1.40 m, the depth clears 1.35 m.
    report = check_plan(_nakano_with_car(tmp_path, [1.38, 2.0]), "jp-minimum")
    lift = {f.required: f for f in report.for_rule("ELEVATOR") if "かご" in f.message}
    assert lift[1.40].status == "fail" and lift[1.40].measured == pytest.approx(1.38)
    assert lift[1.35].status == "pass" and lift[1.35].measured == pytest.approx(2.0)


def test_step_free_is_not_judged_when_nothing_is_walkable(tmp_path):
    data = _good()
    data["levels"][0]["openings"] = []
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    step = report.for_rule("STEP-FREE")
    assert [f.status for f in step] == ["n/a"]
    assert "on foot" in step[0].message
    assert report.status("ROUTE-REACH") == "fail"


def test_walking_route_is_drawn_beside_the_accessible_route():
    """Nakano: the front steps make the walk to the hall far shorter than the ramp route."""
    report = check_plan(load_plan(NAKANO), "jp-minimum")
    routes = {(s, t, kind): (line, length) for s, t, kind, line, length in report.geometry.routes}
    wheel_line, wheel = routes[("A1", "hall", "wheelchair")]
    walk_line, walk = routes[("A1", "hall", "walking")]
    assert wheel_line[0] == walk_line[0] and wheel_line[-1] == walk_line[-1]
    assert walk < wheel / 2  # steps straight ahead, the ramp goes round
    for (source, target, kind), (_line, length) in routes.items():
        if kind == "wheelchair" and (source, target, "walking") in routes:
            assert routes[(source, target, "walking")][1] <= length + 0.05
    reach = next(f for f in report.for_rule("ROUTE-REACH") if f.element == "hall")
    factor = float(reach.message.rsplit("detour factor ", 1)[1].split()[0])
    assert factor > 2.0


def test_unreachable_room_still_gets_its_walking_route(tmp_path):
    data = _good()
    for opening in data["levels"][0]["openings"]:
        if opening["id"] == "D5":
            opening["width"] = 0.6  # a walker squeezes through, a wheelchair does not
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    kinds = {kind for _, target, kind, _, _ in report.geometry.routes if target == "consult1"}
    assert kinds == {"walking"}


def _dead_ends(report):
    return [f for f in report.for_rule("ROUTE-TURN") if "dead end" in f.message]


def test_narrow_corridor_dead_ends_need_a_turning_place():
    report = check_plan(load_plan(CASES / "access" / "corridor-narrow.yaml"), "jp-minimum")
    ends = _dead_ends(report)
    assert [f.status for f in ends] == ["fail", "fail"]
    xs = sorted(f.location[0] for f in ends)
    assert xs[0] == pytest.approx(5.5, abs=0.3) and xs[1] == pytest.approx(24.5, abs=0.3)
    # each names how far along the route its nearest turning place is (about 5 m away)
    for f in ends:
        away = float(f.message.rsplit("spot ", 1)[1].split(" m away")[0])
        assert away == pytest.approx(5.0, abs=0.3)


def test_wide_corridor_dead_ends_pass():
    report = check_plan(load_plan(CASES / "access" / "good.yaml"), "jp-minimum")
    ends = _dead_ends(report)
    assert [f.status for f in ends] == ["pass"]
    assert "(2)" in ends[0].message


def test_a_door_at_the_end_of_the_corridor_is_not_a_dead_end(tmp_path):
    data = plan_to_data(load_plan(CASES / "access" / "corridor-narrow.yaml"))
    level = data["levels"][0]
    # Cut the west end off with a wall and a door into a lounge beyond it.
    corridor = next(r for r in level["rooms"] if r["id"] == "corridor")
    ys = [p[1] for p in corridor["polygon"]]
    level["walls"].append({"id": "W-end", "path": [[7, min(ys)], [7, max(ys)]],
                           "thickness": 0.1, "kind": "partition"})
    level["openings"].append({"id": "D-end", "kind": "door", "wall": "W-end",
                              "at": [7, (min(ys) + max(ys)) / 2], "width": 0.9,
                              "operation": "sliding", "threshold": 0.0,
                              "connects": ["corridor", "lobby-w"]})
    xs = [p[0] for p in corridor["polygon"]]
    level["rooms"].append({"id": "lobby-w", "name": "ロビー", "use": "lobby", "public": True,
                           "polygon": [[min(xs), min(ys)], [7, min(ys)], [7, max(ys)],
                                       [min(xs), max(ys)]]})
    corridor["polygon"] = [[7, min(ys)], [max(xs), min(ys)], [max(xs), max(ys)], [7, max(ys)]]
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    ends = [f for f in _dead_ends(report) if f.element == "corridor" and f.status == "fail"]
    assert len(ends) == 1 and ends[0].location[0] > 20
