"""Plans that validate but are odd give findings, never a crash (issue 3)."""

from __future__ import annotations

import copy

import pytest

from spacedesign.io import load_plan, plan_to_data
from spacedesign.rules import RULES, RULESETS, check_plan
from tests.conftest import CASES
from tests.rules.plan_tools import flat_site, load_data, save_and_load, small_centre


def _good():
    return plan_to_data(load_plan(CASES / "access" / "good.yaml"))


def _fails(report):
    return {(f.rule, f.element) for f in report.findings if f.status == "fail"}


@pytest.mark.parametrize("ruleset", RULESETS)
def test_plan_without_site_starts_at_the_entrance(tmp_path, ruleset):
    data = _good()
    data.pop("site")
    report = check_plan(save_and_load(data, tmp_path / "p.json"), ruleset)
    assert {f.rule for f in report.findings} == set(RULES)
    assert report.status("ROUTE-REACH") == "pass"
    assert report.status("TACTILE-ROUTE") == "n/a"


def test_door_of_zero_width_makes_its_room_unreachable(tmp_path):
    data = _good()
    for opening in data["levels"][0]["openings"]:
        if opening["id"] == "D5":
            opening["width"] = 0.0
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    assert ("ROUTE-REACH", "consult1") in _fails(report)
    assert ("DOOR-WIDTH", "D5") in _fails(report)


def test_room_with_no_door_is_unreachable_not_a_crash(tmp_path):
    data = _good()
    level = data["levels"][0]
    level["openings"] = [o for o in level["openings"] if o["id"] != "D6"]
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-minimum")
    assert ("ROUTE-REACH", "consult2") in _fails(report)
    reach = {f.element: f.status for f in report.for_rule("ROUTE-REACH")}
    assert reach["consult1"] == "pass"


def test_no_openings_at_all(tmp_path):
    data = _good()
    data["levels"][0]["openings"] = []
    report = check_plan(save_and_load(data, tmp_path / "p.json"), "jp-recommended")
    assert report.status("ROUTE-REACH") == "fail"
    assert report.status("DOOR-WIDTH") == "n/a"
    assert 0 <= report.score < 100


def test_floor_above_the_pavement_without_ramp_fails_step_free(tmp_path):
    plan = load_data(small_centre(elevation=0.3, site=flat_site()), tmp_path)
    report = check_plan(plan, "jp-minimum")
    assert report.status("STEP-FREE") == "fail"
    assert report.for_rule("STEP-FREE")[0].element == "D0"
    assert report.status("DOOR-LEVEL") == "fail"
    assert report.status("ROUTE-REACH") == "fail"


def test_revolving_entrance_blocks_the_wheelchair(tmp_path):
    data = small_centre(site=flat_site())
    data["levels"][0]["openings"][0]["operation"] = "revolving"
    report = check_plan(load_data(data, tmp_path), "jp-minimum")
    assert report.status("DOOR-TYPE") == "fail"
    assert report.status("ROUTE-REACH") == "fail"


def test_high_threshold_fails_door_level_and_reach(tmp_path):
    data = small_centre(site=flat_site())
    data["levels"][0]["openings"][4]["threshold"] = 0.05
    report = check_plan(load_data(data, tmp_path), "jp-minimum")
    assert ("DOOR-LEVEL", "D4") in _fails(report)
    assert ("ROUTE-REACH", "consult") in _fails(report)


def test_unknown_ruleset_is_rejected():
    from spacedesign.errors import InputError

    with pytest.raises(InputError):
        check_plan(load_plan(CASES / "access" / "good.yaml"), "iso-21542")


def test_furniture_blocking_a_corridor(tmp_path):
    blocker = {"id": "sofa", "kind": "sofa", "polygon": [[4, 5.1], [5, 5.1], [5, 6.7], [4, 6.7]]}
    data = small_centre(site=flat_site(), furniture=[blocker])
    report = check_plan(load_data(data, tmp_path), "jp-minimum")
    reach = {f.element: f.status for f in report.for_rule("ROUTE-REACH")}
    assert reach["meeting"] == "fail"
    assert reach["consult"] == "pass"
    free = copy.deepcopy(data)
    free["levels"][0]["furniture"] = []
    assert check_plan(load_data(free, tmp_path, "b.json"), "jp-minimum").status("ROUTE-REACH") == "pass"


@pytest.mark.parametrize(
    ("drawn", "ruleset", "status"),
    [(1.2, "jp-minimum", "fail"), (1.4, "jp-minimum", "pass"), (2.0, "jp-recommended", "pass"),
     (1.9, "jp-recommended", "fail"), (1.115, "ada-2010", "pass")],
)
def test_route_width_at_and_around_the_thresholds(tmp_path, drawn, ruleset, status):
    """A corridor drawn ``drawn`` wide between 0.2 m walls is ``drawn - 0.2`` clear; a corridor
    exactly at the minimum passes (the medial widths are exact to about a millimetre)."""
    data = small_centre(corridor=drawn, site=flat_site())
    data["levels"][0]["openings"][2]["at"][0] = 6.0  # meeting door 4 m from the lobby opening
    report = check_plan(load_data(data, tmp_path), ruleset)
    finding = report.for_rule("ROUTE-WIDTH")[0]
    assert finding.status == status
    assert finding.measured == pytest.approx(drawn - 0.2, abs=0.005)
