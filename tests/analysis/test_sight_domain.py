"""The sight domain, with its walls cut by one vectorised call, equals the wall-by-wall domain.

The domain's walls are each cut by the union of their open gaps; the vectorised cut must give
the same polygons, so the domain (and every isovist cast in it) is exactly the same.
"""

from __future__ import annotations

from dataclasses import replace

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.freespace import floor_area, level_space, merge
from spacedesign.analysis.visibility import EYE_HEIGHT, LOW_FIXTURES, TALL_FURNITURE, sight_domain
from spacedesign.generate.scenario import furnish_new_rooms
from spacedesign.io import load_plan
from spacedesign.model import Level, Plan
from tests.conftest import SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.scenegen.conftest import design, nakano


def _domain_wall_by_wall(level: Level) -> BaseGeometry:
    """The sight domain as it was computed before: each wall cut on its own."""
    open_gaps = [
        g
        for g in level_space(level).gaps
        if g.opening.kind == "opening" or g.opening.operation == "none"
    ]
    cuts: dict[str, list[BaseGeometry]] = {}
    for gap in open_gaps:
        if gap.wall is not None and not gap.polygon.is_empty:
            cuts.setdefault(gap.wall.id, []).append(gap.polygon)
    structure: list[BaseGeometry] = []
    blocks: list[BaseGeometry] = []
    for wall, foot in zip(level.walls, level_space(level).walls, strict=True):
        if wall.kind == "glazed":
            continue
        if wall.id in cuts:
            foot = foot.difference(shapely.union_all(cuts[wall.id]))
        (structure if wall.fixed else blocks).append(foot)
    structure += [c.polygon.geometry for c in level.columns]
    blocks += [
        f.polygon.geometry
        for f in level.fixtures
        if f.polygon is not None and f.kind not in LOW_FIXTURES
    ]
    for item, foot in zip(level.furniture, level_space(level).furniture, strict=True):
        tall = item.height >= EYE_HEIGHT if item.height is not None else item.kind in TALL_FURNITURE
        if tall:
            blocks.append(foot)
    structure = [b if b.is_valid else b.buffer(0.0) for b in structure if not b.is_empty]
    blocks = [b if b.is_valid else b.buffer(0.0) for b in blocks if not b.is_empty]
    floor = shapely.union_all([floor_area(level), *[g.polygon for g in open_gaps]])
    if not structure and not blocks:
        return floor
    return floor.difference(merge(structure + blocks, fixed=len(structure)))


def _plans() -> list[Plan]:
    plans = [load_plan(p) for p in [*SHIPPED_PLANS, *SHIPPED_SCENARIOS]]
    program = nakano()[1]
    return plans + [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (2, 5)]


def _open_every_other(level: Level, mask: list[bool]) -> Level:
    """``level`` with the doors picked by ``mask`` made open gaps (several on one wall)."""
    openings = tuple(
        replace(o, kind="opening") if mask[k % len(mask)] else o
        for k, o in enumerate(level.openings)
    )
    return replace(level, openings=openings)


def test_sight_domain_equals_the_wall_by_wall_domain():
    cut = 0
    for plan in _plans():
        for level in plan.levels:
            got = sight_domain(level)
            assert shapely.to_wkb(got) == shapely.to_wkb(_domain_wall_by_wall(level))
            cut += sum(
                g.opening.kind == "opening" or g.opening.operation == "none"
                for g in level_space(level).gaps
            )
    assert cut > 5


@settings(max_examples=12, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=5))
def test_sight_domain_with_more_open_gaps_equals_the_wall_by_wall_domain(mask):
    level = _open_every_other(load_plan(SHIPPED_PLANS[0]).levels[0], mask)
    assert shapely.to_wkb(sight_domain(level)) == shapely.to_wkb(_domain_wall_by_wall(level))


def test_floor_with_invalid_rooms_equals_the_room_by_room_repair():
    # A bow-tie room and a room with a spike: each repaired by buffer(0), as one by one.
    from spacedesign.analysis.freespace import LevelSpace
    from spacedesign.model import Room, Shape

    level = load_plan(SHIPPED_PLANS[0]).levels[0]
    bow = Shape(((1.0, 1.0), (3.0, 3.0), (3.0, 1.0), (1.0, 3.0)))
    spike = Shape(((5.0, 1.0), (7.0, 1.0), (7.0, 3.0), (6.0, 3.0), (6.0, 5.0), (6.0, 3.0), (5.0, 3.0)))
    level = replace(level, rooms=(*level.rooms, Room("bow", "b", "office", bow),
                                  Room("spike", "s", "office", spike)))
    parts = [level.outline.geometry] + [r.polygon.geometry for r in level.rooms]
    assert sum(not p.is_valid for p in parts) == 2
    want = shapely.normalize(
        shapely.disjoint_subset_union_all([p if p.is_valid else p.buffer(0.0) for p in parts])
    )
    assert shapely.to_wkb(LevelSpace(level).floor) == shapely.to_wkb(want)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(1, 20), st.booleans()),
            st.lists(st.tuples(st.integers(-2, 22), st.integers(1, 6)), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_memoised_wall_cuts_equal_the_vectorised_cut(walls):
    # A wall less the union of its gaps, one wall at a time through the memo (cold, then warm):
    # what one vectorised union per row of gaps and one difference gave.
    import numpy as np
    from shapely.geometry import LineString, box

    from spacedesign.analysis import visibility

    feet, rows = [], []
    for (x, y, length, vertical), gaps in walls:
        end = (x, y + length / 2.0) if vertical else (x + length / 2.0, y)
        feet.append(LineString([(x, y), end]).buffer(0.1, cap_style="flat", join_style="mitre"))
        rows.append(
            [box(x - 0.2, y + a / 4.0, x + 0.2, y + (a + w) / 4.0) if vertical
             else box(x + a / 4.0, y - 0.2, x + (a + w) / 4.0, y + 0.2) for a, w in gaps]
        )
    grid = np.full((len(rows), max(len(r) for r in rows)), None, dtype=object)
    for r, gaps in enumerate(rows):
        grid[r, : len(gaps)] = gaps
    want = shapely.to_wkb(shapely.difference(np.array(feet, dtype=object), shapely.union_all(grid, axis=1)))
    visibility._CUT_WALL.clear()
    for _ in range(2):
        got = [visibility._CUT_WALL(shapely.geometrycollections([f, *g])) for f, g in zip(feet, rows, strict=True)]
        assert list(shapely.to_wkb(np.array(got, dtype=object))) == list(want)
    assert visibility._CUT_WALL.hits >= len(set(shapely.to_wkb(np.array(feet, dtype=object))))
