"""Public API: catalogue rules, occupant loads, assess_plan, furnish_plan, consultation."""

from __future__ import annotations

import doctest
import importlib

import pytest
import shapely

from spacedesign.capacity import (
    DEFAULT_STYLE,
    STYLES_BY_USE,
    assess_plan,
    consultation_capacity,
    furnish_plan,
    furnish_room,
    occupant_load,
    required_wheelchair_places,
    room_space,
    wheelchair_requirement,
)
from spacedesign.errors import InputError
from spacedesign.io import load_plan, plan_to_data
from spacedesign.rules import RULES, RULESETS, check_plan
from spacedesign.rules.checks_people import _places_needed
from tests.capacity.plans import l_plan, rect_plan
from tests.conftest import ACCESS_CASES

ROOM_KEYS = {"id", "use", "net_area", "styles", "occupant_load", "capacity", "limited_by"}


@pytest.mark.parametrize("name", [
    "spacedesign.capacity.catalogue", "spacedesign.capacity.occupancy",
    "spacedesign.capacity.report",
])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


def test_wheelchair_place_counts():
    assert required_wheelchair_places(0) == 0
    assert required_wheelchair_places(3) == 2  # seminar: 2 places up to 400 seats (政令第221号)
    assert required_wheelchair_places(10) == 2
    assert required_wheelchair_places(250) == 2
    assert required_wheelchair_places(500) == 5  # 1 % above 400 (設計標準 2.11.1)
    assert required_wheelchair_places(401, "jp-minimum") == 3
    assert required_wheelchair_places(400, "jp-minimum") == 2
    assert wheelchair_requirement(30, "jp-recommended", "meeting") == (1, True)
    assert [required_wheelchair_places(n, "ada-2010") for n in (3, 4, 25, 26, 51, 151, 301, 650)] \
        == [0, 1, 1, 2, 4, 5, 6, 7]
    with pytest.raises(InputError):
        required_wheelchair_places(10, "nowhere")


@pytest.mark.parametrize("ruleset", RULESETS)
def test_rule_and_capacity_count_places_alike(ruleset):
    """SEATING-WHEELCHAIR and the furnishing need the same places for every seat count."""
    req = RULES["SEATING-WHEELCHAIR"].rulesets[ruleset]
    for use in ("meeting", "seminar"):
        for seats in [*range(0, 700), 1000, 4999, 5000, 5001, 9000]:
            need, soft = _places_needed(ruleset, use, seats)
            assert (need, soft) == wheelchair_requirement(seats, ruleset, use)
            if ruleset != "ada-2010" and use == "seminar" and 0 < seats <= 400:
                assert need == req["places"]  # the rule record's figure, not a copy


@pytest.mark.parametrize("ruleset", RULESETS)
@pytest.mark.parametrize("use", ["meeting", "seminar"])
def test_check_reads_the_furnished_requirement(ruleset, use):
    """The rule check on a furnished plan asks for the places the furnishing reported."""
    plan = rect_plan(9.0, 6.0, use=use)
    report = assess_plan(plan, ruleset=ruleset, style="theatre")
    result = report.rooms[0].styles["theatre"]
    furnished = furnish_plan(plan, style="theatre", ruleset=ruleset)
    found = [f for f in check_plan(furnished, ruleset).findings
             if f.rule == "SEATING-WHEELCHAIR" and f.element == "r"]
    assert len(found) == 1
    assert found[0].required == result.required_wheelchair_places
    assert result.required_wheelchair_places == required_wheelchair_places(result.seats, ruleset,
                                                                           use)


def test_occupant_loads():
    load = occupant_load("seminar", 50.0)
    assert (load.jp, load.ibc) == (100, 36)
    assert occupant_load("lounge", 29.9).jp == 9
    assert occupant_load("consultation", 9.0).jp == 4  # 1 staff + 9 / 3
    assert "第1条の3" in load.jp_basis and "IBC" in load.ibc_basis
    # chairs only (theatre): IBC concentrated assembly, 7 ft² net (standards.md §12)
    theatre = occupant_load("seminar", 50.0, "theatre")
    assert theatre.ibc == 77 and "7 ft²" in theatre.ibc_basis and theatre.jp == 100
    assert occupant_load("seminar", 50.0, "classroom").ibc == 36
    assert occupant_load("coworking", 50.0, "theatre").ibc == occupant_load("coworking", 50.0).ibc


def test_report_matches_design_contract():
    report = assess_plan(rect_plan(8.0, 6.0))
    data = report.to_dict()
    assert set(data) == {"rooms", "totals"}
    (room,) = data["rooms"]
    assert set(room) == ROOM_KEYS
    assert set(room["styles"]) == set(STYLES_BY_USE["meeting"])
    for style in room["styles"].values():
        # the contract's keys, plus the SEATING-WHEELCHAIR requirement so no shortfall is silent
        assert set(style) == {"seats", "wheelchair_places", "required_wheelchair_places",
                              "meets_wheelchair"}
        assert style["meets_wheelchair"] == (
            style["wheelchair_places"] >= style["required_wheelchair_places"])
    # the counted style meets the wheelchair requirement when any style does, then seats most
    ranked = sorted(room["styles"].values(), key=lambda s: (
        s["meets_wheelchair"] and s["seats"] > 0, s["seats"] + s["wheelchair_places"]))
    best = ranked[-1]["seats"] + ranked[-1]["wheelchair_places"]
    assert room["capacity"] == min(best, room["occupant_load"])
    assert room["limited_by"] == ("seats" if best <= room["occupant_load"] else "occupant_load")
    assert data["totals"]["capacity"] == room["capacity"]
    assert data["totals"]["by_use"]["meeting"]["rooms"] == 1


def test_limited_by_occupant_load_for_lounges():
    # (3)(15)項: 3 m² per person, while sofa clusters seat more densely in a long lounge
    room = assess_plan(rect_plan(14.0, 3.6, use="lounge")).rooms[0]
    assert room.occupant_load == int(room.net_area // 3)
    assert room.capacity == min(room.occupant_load, max(s.places for s in room.styles.values()))


def test_style_filter_and_unknown_style():
    report = assess_plan(rect_plan(8.0, 6.0), style="theatre")
    assert set(report.rooms[0].styles) == {"theatre"}
    with pytest.raises(InputError):
        assess_plan(rect_plan(8.0, 6.0), style="picnic")
    with pytest.raises(InputError):
        assess_plan(rect_plan(8.0, 6.0), ruleset="mars")


def test_ada_ruleset_uses_ibc_load():
    report = assess_plan(rect_plan(8.0, 6.0), ruleset="ada-2010")
    room = report.rooms[0]
    assert room.occupant_load == room.occupant_load_ibc


def test_furnish_plan_records():
    plan = l_plan()
    furnished = furnish_plan(plan, style="classroom")
    furniture = furnished.levels[0].furniture
    ids = [f.id for f in furniture]
    assert len(ids) == len(set(ids))
    assert all(f.room == "r" for f in furniture)
    assert {f.kind for f in furniture} >= {"chair", "table"}
    net = plan.levels[0].rooms[0].polygon.geometry.buffer(1e-6)
    for f in furniture:
        assert f.footprint.geometry.within(net)
        assert f.props["style"] == "classroom"
    # the records round-trip through the file structure
    assert len(plan_to_data(furnished)["levels"][0]["furniture"]) == len(furniture)


def test_furnish_plan_replaces_old_furniture_and_uses_defaults():
    plan = furnish_plan(rect_plan(3.0, 3.0, use="consultation"))
    again = furnish_plan(plan)
    assert len(again.levels[0].furniture) == len(plan.levels[0].furniture)
    assert {f.props["style"] for f in again.levels[0].furniture} == {DEFAULT_STYLE["consultation"]}
    roles = [f.props["role"] for f in again.levels[0].furniture]
    assert roles.count("wheelchair_place") == 1


def test_consultation_capacity():
    plan = rect_plan(3.0, 3.2, use="consultation")
    cap = consultation_capacity(plan, 16, weekly_demand_hours=8)
    assert cap.rooms == ("r",)
    assert cap.room_hours_per_week == 16
    assert cap.utilisation == 0.5
    tiny = consultation_capacity(rect_plan(1.5, 1.5, use="consultation"), 16)
    assert tiny.rooms == () and tiny.unusable == ("r",)


@pytest.mark.parametrize("path", ACCESS_CASES, ids=lambda p: p.stem)
def test_shared_cases(path):
    plan = load_plan(path)
    report = assess_plan(plan)
    assert report.to_dict()["totals"]["rooms"] == len(report.rooms)
    furnished = furnish_plan(plan)
    assert sum(len(lv.furniture) for lv in furnished.levels) >= sum(
        len(lv.furniture) for lv in plan.levels)


def test_a_single_table_may_stand_away_from_the_door():
    """A 5.5 × 3.65 m seminar room, door 1 m from a corner: a 2.4 m boardroom table (3 chairs a
    side, one at each end, 0.9 m to the walls, §13 [P3]) centred in the room leaves no 1.2 m
    route past its chairs to a second wheelchair place; pushed to the far side it does, so the
    room seats 7 and takes both places SEATING-WHEELCHAIR asks for."""
    level = rect_plan(5.48, 3.65, use="seminar").levels[0]
    layout = furnish_room(room_space(level, level.rooms[0]), "boardroom")
    assert layout.module == "boardroom-2.4"
    assert layout.meets_wheelchair and layout.wheelchair_places == 2
    assert layout.seats == 7
    table = next(i for i in layout.items if i.kind == "table")
    door = level.openings[0].at
    assert table.polygon.centroid.distance(shapely.Point(door)) > 2.0
