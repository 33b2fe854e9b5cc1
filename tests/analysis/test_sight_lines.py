"""Isovists cast against the floor's and the blocks' rings (no sight domain made) are the
isovists cast in the sight domain, up to the rounding of the domain's overlay; the part of
the domain in a room, cut from the room by the nearby blocks, is the domain's part."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.sightlines import sight_lines, sight_within, visible_from
from spacedesign.analysis.visibility import isovists, sight_domain
from spacedesign.generate.scenario import furnish_new_rooms
from spacedesign.io import load_plan
from spacedesign.model import Column, Fixture, Furniture, Level, Opening, Plan, Room, Shape, Wall
from spacedesign.rules.checks_people import _viewpoints
from tests.conftest import SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.scenegen.conftest import design, nakano


def _assert_same_isovists(level: Level, points: list[tuple[float, float]], rays: int) -> None:
    want = isovists(sight_domain(level), points, rays)
    got = visible_from(sight_lines(level), points, rays)
    assert len(got) == len(want)
    for point, old, new in zip(points, want, got, strict=True):
        assert old.is_empty == new.is_empty, point
        assert shapely.symmetric_difference(old, new).area <= 1e-6, point


def _plans() -> list[Plan]:
    plans = [load_plan(p) for p in [*SHIPPED_PLANS, *SHIPPED_SCENARIOS]]
    program = nakano()[1]
    return plans + [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (2, 5, 7)]


def test_isovists_and_room_parts_on_shipped_plans_and_scenarios():
    for plan in _plans():
        for level in plan.levels:
            x0, y0, x1, y1 = level.outline.geometry.bounds
            # Points in rooms, walls, furniture and outside, on a grid over the level.
            points = [
                (x0 + (x1 - x0) * (i + 0.5) / 9, y0 + (y1 - y0) * (j + 0.5) / 7)
                for i in range(9)
                for j in range(7)
            ]
            _assert_same_isovists(level, points, 180)
            domain = sight_domain(level)
            lines = sight_lines(level)
            for room in level.rooms:
                region = room.polygon.geometry
                old = domain.intersection(region)
                new = sight_within(lines, region)
                assert shapely.symmetric_difference(old, new).area <= 1e-9
                # FAMILY-KIDS's viewpoints in the room: the very same points.
                assert _viewpoints(new) == _viewpoints(old)


coord = st.integers(0, 80).map(lambda k: k / 4.0)


@st.composite
def _levels(draw: st.DrawFn) -> Level:
    """A 20 x 12 m level of drawn walls (some fixed, some glazed, some with open gaps, maybe
    one on the outline whose gap reaches outside the floor), columns, fixtures and furniture
    (tall and low, turned), all on a 0.25 m grid."""
    walls, openings = [], []
    for k in range(draw(st.integers(0, 8))):
        x, y = draw(coord), draw(coord.map(lambda v: v * 0.6))
        length = draw(st.integers(1, 40)) / 4.0
        shape = draw(st.sampled_from(["h", "v", "d", "l"]))
        if shape == "h":
            path = ((x, y), (x + length, y))
        elif shape == "v":
            path = ((x, y), (x, y + length))
        elif shape == "d":
            path = ((x, y), (x + length, y + length / 2.0))
        else:
            path = ((x, y), (x + length, y), (x + length, y + length))
        kind = draw(st.sampled_from(["interior", "interior", "glazed"]))
        thickness = draw(st.sampled_from([0.1, 0.15, 0.3]))
        walls.append(Wall(f"w{k}", path, thickness, kind, draw(st.booleans())))
        if draw(st.booleans()) and length > 1.0:
            (ax, ay), (bx, by) = path[0], path[1]
            at = draw(st.sampled_from([0.3, 0.5, 0.7]))
            kind, operation = draw(
                st.sampled_from([("opening", None), ("door", "none"), ("door", "swing")])
            )
            openings.append(
                Opening(f"o{k}", kind, f"w{k}", (ax + (bx - ax) * at, ay + (by - ay) * at),
                        0.8, operation)
            )
    if draw(st.booleans()):  # an outer wall on the outline, its open gap reaching outside
        at = draw(st.integers(2, 36)) / 2.0
        walls.append(Wall("outer", ((0.0, 0.0), (20.0, 0.0)), 0.3, "exterior", True))
        openings.append(Opening("gate", "opening", "outer", (at, 0.0), 1.2))
    columns = tuple(
        Column(f"c{k}", Shape.rectangle(x, y, x + 0.5, y + 0.5))
        for k, (x, y) in enumerate(draw(st.lists(st.tuples(coord, coord), max_size=3)))
    )
    fixtures = tuple(
        Fixture(f"f{k}", kind, Shape.rectangle(x, y, x + 1.5, y + 1.0))
        for k, (x, y, kind) in enumerate(
            draw(st.lists(st.tuples(coord, coord, st.sampled_from(["elevator", "counter"])),
                          max_size=2))
        )
    )
    furniture = tuple(
        Furniture(f"p{k}", kind, at=(x, y), size=(w, 0.5), rotation=angle, height=height)
        for k, (x, y, w, angle, kind, height) in enumerate(
            draw(
                st.lists(
                    st.tuples(
                        coord, coord, st.sampled_from([0.5, 1.0, 2.4]),
                        st.sampled_from([0.0, 30.0, 45.0, 90.0]),
                        st.sampled_from(["shelf", "table", "partition"]),
                        st.sampled_from([None, 0.7, 1.8]),
                    ),
                    max_size=8,
                )
            )
        )
    )
    rooms = (Room("a", "a", "lounge", Shape.rectangle(0.0, 0.0, 8.0, 6.0)),
             Room("b", "b", "kids", Shape.rectangle(8.0, 2.0, 20.0, 12.0)))
    return Level("L", Shape.rectangle(0.0, 0.0, 20.0, 12.0), walls=tuple(walls),
                 columns=columns, openings=tuple(openings), rooms=rooms, fixtures=fixtures,
                 furniture=furniture)


@settings(max_examples=150, deadline=None)
@given(
    _levels(),
    st.lists(st.tuples(st.integers(-4, 84), st.integers(-4, 52)), min_size=1, max_size=8),
    st.lists(st.tuples(st.floats(-1, 21), st.floats(-1, 13)), max_size=4),
    st.sampled_from([36, 180, 360]),
)
def test_isovists_against_the_rings_are_those_in_the_domain(level, grid, free, rays):
    # Points on the 0.25 m grid (on wall faces, block corners, the outline) and anywhere;
    # inside blocks, outside the floor, in gaps.
    points = [(x / 4.0, y / 4.0) for x, y in grid] + free
    _assert_same_isovists(level, points, rays)
    domain = sight_domain(level)
    for room in level.rooms:
        region = room.polygon.geometry
        got = sight_within(sight_lines(level), region)
        assert shapely.symmetric_difference(got, domain.intersection(region)).area <= 1e-9


def test_a_point_inside_a_block_or_outside_is_cast_in_the_domain():
    level = Level(
        "L", Shape.rectangle(0.0, 0.0, 10.0, 10.0),
        walls=(Wall("w", ((5.0, 0.0), (5.0, 10.0)), 0.2),),
        furniture=(Furniture("s", "shelf", at=(2.0, 2.0), size=(1.0, 0.5)),),
    )
    lines = sight_lines(level)
    # Inside the wall (within 5 cm of the domain: the nearest part's fan), on its face, in
    # the shelf, outside the floor, and a clear point.
    points = [(5.08, 5.0), (4.9, 5.0), (2.0, 2.0), (11.0, 5.0), (1.0, 8.0)]
    got = visible_from(lines, points, 36)
    want = isovists(sight_domain(level), points, 36)
    assert [g.is_empty for g in got] == [False, False, True, True, False]
    for old, new in zip(want, got, strict=True):
        assert shapely.to_wkb(old) == shapely.to_wkb(new) or (
            shapely.symmetric_difference(old, new).area <= 1e-9
        )
    # The clear point sees its half of the floor (4.9 x 10 m) less the shelf's shadow.
    assert got[-1].bounds[2] <= 4.9 + 1e-9
    assert 40.0 < got[-1].area < 49.0 - 0.5
    assert visible_from(lines, [], 36) == []
    right = visible_from(lines, [(8.0, 5.0)], 360)[0]
    assert right.bounds[0] >= 5.1 - 1e-9
    assert np.isclose(right.area, 49.0, atol=0.05)


def test_a_level_space_keeps_its_sight_lines():
    # FAMILY-KIDS and WAYFINDING-RECEPTION share one level's lines: the same as made afresh.
    from spacedesign.analysis.freespace import level_space

    level = furnish_new_rooms(design(5).plan, nakano()[1].ruleset).levels[0]
    kept = level_space(level).sight_lines
    assert level_space(level).sight_lines is kept
    fresh = sight_lines(level)
    assert shapely.to_wkb(kept.floor) == shapely.to_wkb(fresh.floor)
    assert list(shapely.to_wkb(kept.blocks)) == list(shapely.to_wkb(fresh.blocks))
    for a, b in zip(kept.segments, fresh.segments, strict=True):
        assert np.array_equal(a, b)
