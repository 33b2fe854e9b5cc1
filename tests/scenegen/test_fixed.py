"""Fixed elements inside the zone: columns, fixed walls, fixed fixtures and the FLP flows.

On the Nakano zone (a column in the middle, C31-23) and on synthetic variants of it: a column
moved elsewhere, a fixed wall across the zone, a fixed shaft.
"""

from __future__ import annotations

import dataclasses
import functools
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import unary_union
from shapely.geometry import LineString, box

from spacedesign.generate.scenario import design_candidate
from spacedesign.generate.scenario.fixed import free_columns, respects_fixed
from spacedesign.model import Column, Fixture, Program, Shape, Wall
from tests.scenegen.conftest import SEEDS, design, nakano


def _with_level(plan, **changes):
    level = dataclasses.replace(plan.levels[0], **changes)
    return plan.with_changes(levels=(level, *plan.levels[1:]))


def _designs(plan, program, seeds=range(12)):
    return [d for d in (design_candidate(plan, program, s) for s in seeds) if d is not None]


def _assert_columns_built_in(plan):
    level = plan.levels[0]
    new = [r for r in level.rooms if r.props.get("generated")]
    for column in level.columns:
        col = column.polygon.geometry
        for room in new:
            assert not room.polygon.geometry.buffer(-1e-6).contains(col), (room.id, column.id)


def test_nakano_middle_column_is_built_into_a_wall():
    column = next(c for c in nakano()[0].levels[0].columns if c.id == "C31-23")
    for seed in SEEDS:
        plan = design(seed).plan
        _assert_columns_built_in(plan)
        boundaries = [r.polygon.geometry.exterior for r in plan.levels[0].rooms
                      if r.props.get("generated")]
        assert any(b.intersects(column.polygon.geometry) for b in boundaries)


@functools.cache
def _moved_column_designs():
    base, program = nakano()
    level = base.levels[0]
    moved = tuple(c if c.id != "C31-23" else Column("C28-20", Shape.rectangle(27.7, 19.7, 28.3,
                                                                              20.3))
                  for c in level.columns)
    return _designs(_with_level(base, columns=moved), program)


def test_synthetic_column_elsewhere_is_respected():
    found = _moved_column_designs()
    assert len(found) >= 4
    for d in found:
        _assert_columns_built_in(d.plan)
        corridor = d.plan.levels[0].room("passage").polygon.geometry
        assert corridor.intersection(box(27.7, 19.7, 28.3, 20.3)).area < 1e-9


def test_fixed_wall_in_the_zone_becomes_a_room_boundary():
    base, program = nakano()
    wall = Wall("FW1", ((25.0, 23.0), (27.4, 23.0)), 0.15, kind="interior", fixed=True)
    plan = _with_level(base, walls=(*base.levels[0].walls, wall))
    found = _designs(plan, program, range(12))
    assert len(found) >= 4
    line = LineString(wall.path)
    for d in found:
        level = d.plan.levels[0]
        assert "FW1" in {w.id for w in level.walls}
        rooms = [r.polygon.geometry for r in level.rooms if r.props.get("generated")]
        # the wall lies on room boundaries and never crosses a room's interior
        assert line.difference(unary_union([r.exterior for r in rooms]).buffer(1e-6)).length \
            < 1e-6
        assert all(line.intersection(r.buffer(-1e-3)).length < 1e-9 for r in rooms)
        # no generated partition doubles it, no door is cut into it
        for w in level.walls:
            if w.id.startswith("G-P-"):
                assert LineString(w.path).intersection(line).length < 1e-6, w.id
        assert not [o for o in level.openings if o.wall == "FW1"]


def test_fixed_wall_across_the_spine_is_avoided():
    base, program = nakano()
    # a fixed wall across the whole zone crosses every spine the zone can take from its
    # entrances (north): the generator refuses the layouts rather than cut through it
    wall = Wall("FW2", ((25.0, 23.0), (37.0, 23.0)), 0.15, kind="interior", fixed=True)
    plan = _with_level(base, walls=(*base.levels[0].walls, wall))
    assert _designs(plan, program, range(3)) == []


def test_fixed_fixture_in_the_zone_is_never_covered_by_a_room():
    base, program = nakano()
    shaft = Fixture("SH1", "shaft", polygon=Shape.rectangle(36.0, 25.0, 37.0, 26.0))
    plan = _with_level(base, fixtures=(*base.levels[0].fixtures, shaft))
    # a zone tiled by new rooms cannot leave the shaft out: the generator refuses every layout
    assert _designs(plan, program, range(3)) == []


@settings(max_examples=60, deadline=None)
@given(st.floats(0.5, 9.0), st.floats(0.5, 9.0), st.floats(0.0, 4.0), st.floats(0.0, 4.0))
def test_free_column_detection_matches_geometry(cx, cy, w, h):
    cells = [(0.0, 0.0, 5.0, 10.0), (5.0, 0.0, 10.0, 10.0)]
    col = (cx - 0.3, cy - 0.3, cx + 0.3, cy + 0.3)
    free = free_columns(cells, [col])
    expected = [i for i, c in enumerate(cells)
                if box(*c).buffer(-1e-6).contains(box(*col).buffer(1e-9))]
    assert [i for _, i in free] == expected
    assert respects_fixed(cells, [col], (), ()) == (not expected)


def _mean_distance(program, seeds, a, b):
    base, _ = nakano()
    total = []
    for d in _designs(base, program, seeds):
        ra = next(r for r in d.rooms if r.id == a)
        rb = next(r for r in d.rooms if r.id == b)
        total.append(abs((ra.rect[0] + ra.rect[2]) - (rb.rect[0] + rb.rect[2])) / 2
                     + abs((ra.rect[1] + ra.rect[3]) - (rb.rect[1] + rb.rect[3])) / 2)
    assert total
    return sum(total) / len(total)


def test_strong_adjacency_wish_brings_the_pair_closer():
    _, program = nakano()
    without = dataclasses.replace(program, adjacency=tuple(
        w for w in program.adjacency if {w[0], w[1]} != {"store", "meeting"}))
    strong = dataclasses.replace(without, adjacency=(*without.adjacency, ("store", "meeting",
                                                                          50.0)))
    seeds = random.Random(0).sample(range(10_000), 12)
    assert _mean_distance(strong, seeds, "store", "meeting") < \
        _mean_distance(without, seeds, "store", "meeting")


def test_flp_objective_is_the_selection_criterion():
    _, program = nakano()
    assert isinstance(program, Program)
    d = design(2)
    assert d.plan.scenario.generator["flp_objective"] == round(d.cost, 3)
