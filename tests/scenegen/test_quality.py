"""Quality of generated scenarios: closed rooms, turning space once furnished, kids in sight.

Each test runs the real furnisher and the real checker on designs of the Nakano program.
"""

from __future__ import annotations

import functools
import itertools

import pytest
from shapely import unary_union
from shapely.geometry import LineString

from spacedesign.generate.scenario import evaluate_design
from spacedesign.generate.scenario.build import shared_segment
from spacedesign.generate.scenario.frame import clear_zone, find_zone
from spacedesign.generate.scenario.search import SIGHT_RUN
from spacedesign.rules import check_plan
from tests.scenegen.conftest import SEEDS, design, nakano


@functools.cache
def _report(seed: int):
    base, program = nakano()
    finished = evaluate_design(design(seed), program, base)
    return finished, check_plan(finished.plan, program.ruleset)


def test_zone_boundary_walls_stay_when_the_zone_is_cleared():
    base, program = nakano()
    _, level, zone = find_zone(base, program.zone or "reno")
    cleared, removed = clear_zone(level, zone)
    kept = {w.id for w in cleared.walls}
    # the glazed wall between the entrance hall and the zone encloses the new rooms
    assert "W-ZONE-W" in kept
    # the partitions inside the zone and their doors go
    assert not {"Z-W1", "Z-W2", "Z-W3", "Z-W4"} & kept
    assert "exchange" in removed
    assert not [o for o in cleared.openings if o.connects and "exchange" in o.connects]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_generated_room_is_enclosed_by_walls(seed):
    level = design(seed).plan.levels[0]
    walls = unary_union([LineString(w.path) for w in level.walls]).buffer(1e-4)
    for room in level.rooms:
        if not room.props.get("generated") or room.use == "corridor":
            continue
        ring = list(room.polygon.geometry.exterior.coords)
        for a, b in itertools.pairwise(ring):
            assert walls.covers(LineString([a, b])), (seed, room.id, a, b)


@pytest.mark.parametrize("seed", SEEDS)
def test_kids_corner_shares_a_wall_with_the_lounge(seed):
    rooms = design(seed).rooms
    kids = next(r for r in rooms if r.space.use == "kids")
    lounge = next(r for r in rooms if r.space.use == "lounge")
    seg = shared_segment(kids.rect, lounge.rect)
    assert seg is not None
    assert abs(seg[1][0] - seg[0][0]) + abs(seg[1][1] - seg[0][1]) >= SIGHT_RUN - 1e-9


@pytest.mark.parametrize("seed", SEEDS)
def test_furnished_seated_rooms_keep_a_turning_circle_and_kids_are_in_sight(seed):
    finished, report = _report(seed)
    seated = {r.id for r in finished.plan.levels[0].rooms
              if r.props.get("generated") and r.use in ("consultation", "meeting", "coworking")}
    assert any(f.room in seated for f in finished.plan.levels[0].furniture)
    turns = {f.element: f for f in report.findings if f.rule == "ROUTE-TURN"}
    for rid in seated:
        assert turns[rid].status == "pass", (seed, rid, turns[rid].measured)
    kids = [f for f in report.findings if f.rule == "FAMILY-KIDS"]
    assert kids and all(f.status == "pass" for f in kids), [f.message for f in kids]
