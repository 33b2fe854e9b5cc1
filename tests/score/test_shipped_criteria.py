"""Efficiency, family and the ``near: entrance`` wish discriminate on the shipped scenarios."""

from __future__ import annotations

import dataclasses

import pytest

from spacedesign.io import load_plan, load_program
from spacedesign.score import score_plan
from tests.conftest import REPO

SCENARIOS = REPO / "scenarios"


@pytest.fixture(scope="module")
def program():
    return load_program(SCENARIOS / "program-2026.yaml")


@pytest.fixture(scope="module")
def plans():
    return {k: load_plan(SCENARIOS / f"scenario-{k}.yaml") for k in "abc"}


def test_efficiency_counts_passages_through_rooms(plans, program):
    cards = {k: score_plan(p, program) for k, p in plans.items()}
    eff = {k: c.criteria["efficiency"] for k, c in cards.items()}
    # every scenario crosses its lounge to reach other rooms: that floor is circulation
    for k, crit in eff.items():
        d = crit.details
        assert d["through_traffic"]["lounge"] > 10, k
        assert d["usable_area"] == pytest.approx(d["net_area"] - d["through_traffic_area"], abs=0.02)
        assert crit.score == pytest.approx(100 * d["usable_area"] / d["gross_area"], abs=0.01)
    # they differ: no more "100 for everyone"
    assert len({round(c.score, 1) for c in eff.values()}) == 3
    assert all(c.score < 100 for c in eff.values())


def test_efficiency_rises_when_the_passage_stops_crossing_a_room(plans, program):
    plan = plans["a"]
    base = score_plan(plan, program).criteria["efficiency"]
    level = next(lv for lv in plan.levels if any(r.id == "lounge" for r in lv.rooms))
    # make the lounge a corridor: nothing is walked *through* a room any more, but the whole
    # lounge is circulation, so usable floor falls by the lounge's floor, not by a strip
    as_corridor = plan.with_changes(levels=tuple(
        dataclasses.replace(lv, rooms=tuple(dataclasses.replace(r, use="corridor")
                                            if r.id == "lounge" else r for r in lv.rooms))
        if lv is level else lv for lv in plan.levels))
    changed = score_plan(as_corridor, program).criteria["efficiency"]
    assert changed.details["through_traffic"].get("lounge", 0) == 0
    assert changed.details["circulation_share"] > base.details["circulation_share"]
    assert changed.score < base.score


def _level_with(plan, room_id):
    return next(lv for lv in plan.levels if any(r.id == room_id for r in lv.rooms))


def test_family_drops_when_the_kids_corner_is_walled_off(plans, program):
    plan = plans["a"]
    assert score_plan(plan, program).value("family") == 100.0
    level = _level_with(plan, "kids")
    walls = tuple(dataclasses.replace(w, height=2.6, kind="partition") if w.id == "A-W-KIDS"
                  else w for w in level.walls)
    openings = tuple(dataclasses.replace(o, kind="door", operation="hinged")
                     if o.id == "A-D-KIDS" else o for o in level.openings)
    closed = plan.with_changes(levels=tuple(
        dataclasses.replace(lv, walls=walls, openings=openings) if lv is level else lv
        for lv in plan.levels))
    family = score_plan(closed, program).criteria["family"]
    assert family.details["parts"]["kids_in_sight"] < 0.5
    assert family.score < 100


def test_family_drops_without_a_nursing_room(plans, program):
    plan = plans["c"]
    level = _level_with(plan, "nursing")
    no_nursing = plan.with_changes(levels=tuple(
        dataclasses.replace(lv, rooms=tuple(r for r in lv.rooms if r.id != "nursing"))
        if lv is level else lv for lv in plan.levels))
    full = score_plan(plan, program).value("family")
    assert score_plan(no_nursing, program).value("family") < full


def test_reception_near_entrance_is_scored_once(plans, program):
    assert program.spaces[1].id == "recept" and program.spaces[1].near == "entrance"
    walking = score_plan(plans["b"], program).criteria["walking"]
    assert "near_entrance:recept" in walking.details and "reception" not in walking.details
    assert 0 < walking.details["near_entrance:recept"] < 12


def test_near_entrance_wish_far_from_the_door_costs_walking(plans, program):
    plan = plans["a"]
    base = score_plan(plan, program).criteria["walking"]
    spaces = tuple(dataclasses.replace(s, near="entrance") if s.id == "cowork" else s
                   for s in program.spaces)
    wish = score_plan(plan, dataclasses.replace(program, spaces=spaces)).criteria["walking"]
    assert "near_entrance:cowork" in wish.details
    if wish.details["near_entrance:cowork"] is None:  # cowork is missing in scenario A
        assert wish.score < base.score
    plan_c = plans["c"]
    with_wish = score_plan(plan_c, dataclasses.replace(program, spaces=spaces)).criteria["walking"]
    dist = with_wish.details["near_entrance:cowork"]
    assert dist is not None and dist > with_wish.details["near_entrance:recept"]
    assert with_wish.score <= score_plan(plan_c, program).value("walking")




def test_a_low_fence_does_not_block_sight_of_the_kids_corner(plans, program):
    plan = plans["a"]
    level = _level_with(plan, "kids")
    fence = next(w for w in level.walls if w.id == "A-W-KIDS")
    assert fence.height is not None and fence.height < 1.2
    # close the gap in the 0.9 m fence with a door: parents still see over the fence
    openings = tuple(dataclasses.replace(o, kind="door", operation="hinged")
                     if o.id == "A-D-KIDS" else o for o in level.openings)
    gated = plan.with_changes(levels=tuple(
        dataclasses.replace(lv, openings=openings) if lv is level else lv
        for lv in plan.levels))
    family = score_plan(gated, program).criteria["family"]
    assert family.details["parts"]["kids_in_sight"] == 1.0
