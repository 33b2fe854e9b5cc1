"""The shipped Nakano model, program and scenarios: clean, complete and consistent with each other.

`tests/io/test_shipped_and_cases.py` checks that every shipped file validates; this module checks
what makes the data usable as the project's reference model: the rooms tile the floor, the
renovation zone is where the program says, the scenarios change nothing outside the zone, and the
exterior has what the accessibility rules look at (ramp, tactile paving, accessible parking).
"""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point
from shapely.ops import unary_union

from spacedesign.io import load_plan, load_program, validate_file
from spacedesign.model import Level, Plan
from tests.conftest import REPO

BASE = REPO / "floorplans" / "nakano-ipc.yaml"
PROGRAM = REPO / "scenarios" / "program-2026.yaml"
SCENARIOS = sorted((REPO / "scenarios").glob("scenario-*.yaml"))


@pytest.fixture(scope="module")
def base() -> Plan:
    return load_plan(BASE)


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Plan]:
    return {p.stem: load_plan(p) for p in SCENARIOS}


def _zone(level: Level):
    (zone,) = [z for z in level.zones if z.kind == "renovation"]
    return zone.polygon.geometry


def _rooms_in(level: Level, zone, inside: bool):
    def is_in(room) -> bool:
        return room.polygon.geometry.intersection(zone).area > 0.01
    return {r.id: r for r in level.rooms if is_in(r) == inside}


def test_every_shipped_file_validates_clean():
    for path in [BASE, PROGRAM, *SCENARIOS]:
        assert [str(p) for p in validate_file(path)] == [], path
    assert [p.stem for p in SCENARIOS] == ["scenario-a", "scenario-b", "scenario-c"]


@pytest.mark.parametrize("path", [BASE, *SCENARIOS], ids=lambda p: p.stem)
def test_rooms_tile_the_floor_and_are_named_in_two_languages(path):
    level = load_plan(path).level("1F")
    union = unary_union([r.polygon.geometry for r in level.rooms])
    assert union.symmetric_difference(level.outline.geometry).area < 0.01
    assert sum(r.polygon.area for r in level.rooms) == pytest.approx(level.outline.area)
    for room in level.rooms:
        assert room.name and room.name_en, room.id
        assert any(ord(ch) > 0x3000 for ch in room.name), f"{room.id}: name is not Japanese"


def test_renovation_zone_matches_the_program(base):
    program = load_program(PROGRAM)
    level = base.level("1F")
    zone = _zone(level)
    assert program.zone == "reno" and program.plan == "../floorplans/nakano-ipc.yaml"
    assert 150 <= zone.area <= 250
    assert zone.equals(zone.envelope)  # a clean rectangle
    named = {r.name for r in _rooms_in(level, zone, True).values()}
    assert {"相談室1", "相談室2", "情報交換・交流スペース", "飲食スペース"} <= named
    exterior = [w for w in level.walls if w.kind == "exterior"]
    windows = [o for o in level.openings if o.kind == "window"
               and any(w.id == o.wall for w in exterior) and zone.distance(Point(o.at)) < 1e-6]
    assert len(windows) >= 4
    minimum = sum(s.area[0] * s.count for s in program.spaces)
    corridor = program.corridor_width * max(zone.bounds[2] - zone.bounds[0],
                                            zone.bounds[3] - zone.bounds[1])
    assert minimum + corridor < zone.area


def test_scenarios_change_only_the_zone(base, scenarios):
    level = base.level("1F")
    zone = _zone(level)
    outside = _rooms_in(level, zone, False)
    for name, plan in scenarios.items():
        assert plan.kind == "scenario" and plan.scenario is not None, name
        assert plan.scenario.base == "../floorplans/nakano-ipc.yaml"
        assert plan.scenario.program == "program-2026.yaml"
        assert plan.scenario.generator.get("strategy") == "hand-drawn"
        assert "weakness" in (plan.scenario.notes or "").lower(), name
        assert plan.site is not None and base.site is not None
        assert plan.site.areas == base.site.areas and plan.site.ramps == base.site.ramps
        assert plan.site.parking == base.site.parking and plan.site.steps == base.site.steps
        other = plan.level("1F")
        assert other.outline == level.outline and other.columns == level.columns
        assert _rooms_in(other, _zone(other), False) == outside, name
        fixed = {w.id: w for w in level.walls if w.fixed}
        assert {w.id: w for w in other.walls if w.fixed} == fixed, name


def test_scenario_rooms_use_program_space_ids(scenarios):
    program = load_program(PROGRAM)
    space_ids = {s.id: s.use for s in program.spaces}
    for name, plan in scenarios.items():
        level = plan.level("1F")
        for room in _rooms_in(level, _zone(level), True).values():
            if room.use == "corridor":
                continue
            space = room.id.split("-")[0]
            assert space in space_ids, f"{name}: {room.id}"
            assert room.use == space_ids[space], f"{name}: {room.id}"


def test_entrance_approach_has_ramp_steps_and_tactile_paving(base):
    site = base.site
    assert site is not None
    (ramp,) = site.ramps
    assert ramp.rise == pytest.approx(0.45) and ramp.slope is not None and ramp.slope <= 1 / 12
    assert ramp.handrails == "both" and ramp.landings
    assert base.level("1F").elevation == pytest.approx(ramp.to_elevation)
    warnings = [t.polygon.geometry for t in site.tactile if t.kind == "warning" and t.polygon]
    for end in (ramp.from_point, ramp.to_point):
        assert min(w.distance(Point(end)) for w in warnings) < 1.0
    for step in site.steps:
        assert sum(1 for w in warnings if w.distance(step.polygon.geometry) < 1.0) >= 2, step.id
    guide = unary_union([LineString(t.line) for t in site.tactile if t.kind == "guide" and t.line])
    pedestrian = [a for a in site.access_points if a.kind == "pedestrian"]
    assert pedestrian and all(guide.distance(Point(a.at)) < 1.5 for a in pedestrian)
    counter = next(f for f in base.level("1F").fixtures if f.kind == "counter")
    assert counter.polygon is not None and guide.distance(counter.polygon.geometry) < 0.6
    assert counter.height is not None and counter.height <= 0.75
    accessible = [p for p in site.parking if p.kind == "car" and p.accessible]
    assert len(accessible) == 1
    x0, y0, x1, y1 = accessible[0].polygon.geometry.bounds
    assert min(x1 - x0, y1 - y0) >= 3.5


def test_core_has_elevator_stair_and_accessible_toilet(base):
    fixtures = {f.kind: f for f in base.level("1F").fixtures}
    elevator = fixtures["elevator"]
    assert elevator.car is not None and elevator.car[0] >= 1.4 and elevator.car[1] >= 1.35
    assert elevator.door_width is not None and elevator.door_width >= 0.8
    assert {"ostomate", "baby_changing"} <= set(fixtures["accessible_toilet"].features)
    assert fixtures["stair"].riser is not None and fixtures["stair"].riser <= 0.16
