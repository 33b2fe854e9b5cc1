"""The conventions of shared/cases/README.md for the exterior network."""

from __future__ import annotations

import pytest

from spacedesign.rules import check_plan
from tests.rules.plan_tools import box, load_data, small_centre


def _site(*, side_walk_touches_low_walk: bool, steps: bool = False) -> dict:
    """Floor at 0.45. A ramp (x 9..11, y -4..-1) rises from a low walkway to a landing at the door.
    A second low walkway runs along the ramp's long side with the access point on it."""
    areas = [
        {"id": "landing", "kind": "walkway", "polygon": box(8, -1, 12, 0), "elevation": 0.45},
        {"id": "low", "kind": "walkway", "polygon": box(8, -6, 12, -4), "elevation": 0.0},
        {"id": "side", "kind": "walkway",
         "polygon": box(11, -6 if side_walk_touches_low_walk else -3.5, 14, -1.5), "elevation": 0.0},
    ]
    site = {
        "access_points": [{"id": "A1", "at": [14, -2.5], "kind": "pedestrian"}],
        "areas": areas,
        "ramps": [{"id": "R1", "polygon": box(9, -4, 11, -1), "from": [10, -4], "to": [10, -1],
                   "from_elevation": 0.0, "to_elevation": 0.45, "handrails": "both",
                   "edge_protection": True}],
    }
    if steps:
        site["steps"] = [{"id": "S1", "polygon": box(12, -1.5, 14, -1), "from_elevation": 0.0,
                          "to_elevation": 0.45, "risers": 3, "handrails": "one"}]
        areas[0]["polygon"] = box(8, -1, 14, 0)
    return site


def test_ramp_long_side_is_not_an_entry(tmp_path):
    plan = load_data(small_centre(elevation=0.45, site=_site(side_walk_touches_low_walk=False)),
                     tmp_path)
    report = check_plan(plan, "jp-minimum")
    assert report.status("ROUTE-REACH") == "fail"


def test_ramp_entered_at_its_end(tmp_path):
    plan = load_data(small_centre(elevation=0.45, site=_site(side_walk_touches_low_walk=True)),
                     tmp_path)
    report = check_plan(plan, "jp-minimum")
    assert report.status("ROUTE-REACH") == "pass"
    assert report.status("STEP-FREE") == "pass"
    slope = report.for_rule("RAMP-SLOPE")[0]
    assert slope.element == "R1"
    assert slope.measured == pytest.approx(0.15, abs=0.005)
    assert slope.status == "fail"


def test_steps_carry_walkers_not_wheelchairs(tmp_path):
    plan = load_data(
        small_centre(elevation=0.45, site=_site(side_walk_touches_low_walk=False, steps=True)),
        tmp_path,
    )
    report = check_plan(plan, "jp-minimum")
    assert report.status("ROUTE-REACH") == "fail"
    step = report.for_rule("STEP-FREE")[0]
    assert step.status == "fail"
    assert step.element == "S1"
    assert report.status("TACTILE-WARNING") == "fail"


def test_areas_at_different_elevations_do_not_join(tmp_path):
    site = {
        "access_points": [{"id": "A1", "at": [10, -6], "kind": "pedestrian"}],
        "areas": [
            {"id": "low", "kind": "walkway", "polygon": box(8, -6, 12, -3), "elevation": 0.0},
            {"id": "high", "kind": "plaza", "polygon": box(8, -3, 12, 0), "elevation": 0.05},
        ],
    }
    report = check_plan(load_data(small_centre(elevation=0.05, site=site), tmp_path), "jp-minimum")
    assert report.status("ROUTE-REACH") == "fail"
    assert report.status("STEP-FREE") == "fail"
    site["areas"][1]["elevation"] = 0.015
    report = check_plan(load_data(small_centre(elevation=0.015, site=site), tmp_path, "b.json"),
                        "jp-minimum")
    assert report.status("ROUTE-REACH") == "pass"


@pytest.mark.parametrize(("low", "high"), [(0.03, 0.05), (0.0, 0.02)])
def test_a_difference_of_exactly_the_tolerance_is_level(tmp_path, low, high):
    # 0.05 - 0.03 is 0.020000000000000004 in floats: still 2 cm, so still level.
    assert (high - low > 0.02) == (low == 0.03)
    site = {
        "access_points": [{"id": "A1", "at": [10, -6], "kind": "pedestrian"}],
        "areas": [
            {"id": "low", "kind": "walkway", "polygon": box(8, -6, 12, -3), "elevation": low},
            {"id": "high", "kind": "plaza", "polygon": box(8, -3, 12, 0), "elevation": high},
        ],
    }
    report = check_plan(load_data(small_centre(elevation=high, site=site), tmp_path), "jp-minimum")
    assert report.status("ROUTE-REACH") == "pass"
    assert report.status("STEP-FREE") == "pass"
    site["areas"][1]["elevation"] = high + 0.001
    report = check_plan(
        load_data(small_centre(elevation=high + 0.001, site=site), tmp_path, "b.json"),
        "jp-minimum",
    )
    assert report.status("STEP-FREE") == "fail"
