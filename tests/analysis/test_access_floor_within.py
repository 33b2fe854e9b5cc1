"""The floor of rooms inside their outline (ortho.union_within) is the GEOS union, bit for bit."""

from __future__ import annotations

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from spacedesign.analysis.enclosed import union_within
from spacedesign.analysis.ortho import orthogonal_union
from tests.analysis.grid_shapes import grid_rects, half_metres
from tests.scenegen.conftest import design, nakano

coord = half_metres(8)
rects = grid_rects(8)
# Outlines: unions of a few rectangles (L, T, U and stepped shapes), kept when they are one
# polygon without holes; drawn either way round, with a redundant vertex or not.
outlines = st.lists(rects, min_size=1, max_size=4).map(
    lambda parts: shapely.normalize(shapely.union_all(parts))
)
# Rounding off the grid, as wall faces and room corners carry it.
shift = st.sampled_from([0.0, 0.1 + 0.2, 1e-12])


def _geos(parts):
    return shapely.normalize(shapely.disjoint_subset_union_all(parts))


def _same(a, b):
    return shapely.to_wkb(a) == shapely.to_wkb(b)


@settings(max_examples=500, deadline=None)
@given(outlines, st.lists(rects, max_size=10), shift, st.booleans(), st.booleans())
def test_union_within_is_the_geos_union(outline, rooms, dx, flip, redundant):
    if not isinstance(outline, Polygon) or len(outline.interiors):
        return
    outline = shapely.affinity.translate(outline, dx)
    rooms = [shapely.affinity.translate(r, dx) for r in rooms]
    if redundant:  # a vertex in the middle of the first shell edge
        xy = shapely.get_coordinates(outline.exterior)
        mid = (xy[0] + xy[1]) / 2.0
        outline = Polygon([xy[0], mid, *xy[1:-1]])
    if flip:
        outline = shapely.reverse(outline)
    inside = [r for r in rooms if outline.covers(r)]
    got = union_within(outline, inside)
    assert got is not None
    assert _same(got, _geos([outline, *inside]))
    grid = orthogonal_union([outline, *inside])
    assert grid is None or _same(got, grid)
    # A room that pokes out, or a slanted one, is left to the grid union and GEOS.
    outside = [r for r in rooms if not outline.covers(r)]
    if outside:
        assert union_within(outline, inside + outside[:1]) is None
    assert union_within(outline, [*inside, Polygon([(0, 0), (1, 0), (0, 1)])]) is None


def test_an_outline_with_a_hole_or_several_parts_is_left_to_the_grid():
    ring = box(0, 0, 4, 4).difference(box(1, 1, 2, 2))
    assert union_within(ring, [box(2, 2, 3, 3)]) is None
    assert union_within(shapely.MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)]), []) is None
    assert union_within(box(0, 0, 4, 4), [Polygon()]) is None


def test_room_corners_on_the_outline_become_its_vertices():
    got = union_within(box(0, 0, 4, 2), [box(0, 0, 1, 2), box(1, 0, 4, 1)])
    assert got is not None
    assert sorted(map(tuple, shapely.get_coordinates(got)[:-1])) == sorted(
        [(0.0, 0.0), (1.0, 0.0), (4.0, 0.0), (4.0, 1.0), (4.0, 2.0), (1.0, 2.0), (0.0, 2.0)]
    )


def test_the_shipped_and_generated_floors_are_the_geos_unions():
    plans = [nakano()[0]] + [design(seed).plan for seed in range(1, 7)]
    for level in [level for plan in plans for level in plan.levels]:
        parts = [level.outline.geometry] + [r.polygon.geometry for r in level.rooms]
        got = union_within(parts[0], parts[1:])
        assert got is not None and _same(got, _geos(parts))
