"""Free space made from the union's rings (enclosed.union_and_cut) is GEOS's difference."""

from __future__ import annotations

import itertools

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from spacedesign.analysis.enclosed import union_and_cut
from spacedesign.analysis.freespace import LevelSpace, obstacles
from spacedesign.analysis.ortho import orthogonal_union
from tests.analysis.grid_shapes import grid_rects, half_metres
from tests.scenegen.conftest import design, nakano

coord = half_metres(16)
rects = grid_rects(16)
# Furniture-like parts off the half-metre grid (rounding as wall faces carry it).
loose = st.builds(
    lambda x, y, w: box(x + 0.1 + 0.2, y + 0.15, x + 0.3 + w, y + 0.95),
    coord,
    coord,
    st.floats(0.05, 2.0),
)
framed = st.builds(
    lambda x, y: box(x, y, x + 3.0, y + 3.0).difference(box(x + 1.0, y + 1.0, x + 2.0, y + 2.0)),
    coord,
    coord,
)
# Outlines: a box or an L, the walls drawn on them (thick, so they cover the line).
outlines = st.sampled_from(
    [
        box(1.0, 1.0, 8.0, 8.0),
        Polygon([(1, 1), (8, 1), (8, 4), (4.5, 4), (4.5, 8), (1, 8)]),
        Polygon([(1, 1), (8, 1), (8, 8), (5, 8), (5, 5), (3, 5), (3, 8), (1, 8)]),
    ]
)


def _walls(outline, t):
    """The outline's wall footprints: its boundary thickened by ``t`` either side."""
    ring = shapely.get_coordinates(outline.exterior)
    return [
        box(min(a[0], b[0]) - t, min(a[1], b[1]) - t, max(a[0], b[0]) + t, max(a[1], b[1]) + t)
        for a, b in itertools.pairwise(ring)
    ]


CUT: list[int] = []


def _wkb(geom):
    return shapely.to_wkb(shapely.normalize(geom))


@settings(max_examples=400, deadline=None)
@given(
    outlines,
    st.sampled_from([0.1, 0.25, 0.5]),
    st.lists(st.one_of(rects, loose, framed), max_size=10),
    st.integers(0, 3),
    st.booleans(),
)
def test_union_and_cut_is_the_grid_union_and_geos_difference(outline, t, inner, gap, flip):
    walls = _walls(outline, t)
    del walls[gap : gap + (1 if gap == 3 else 0)]  # sometimes a wall missing: not enclosed
    parts = walls + inner
    if flip:
        outline = shapely.reverse(outline)
    union, free = union_and_cut(parts, outline)
    grid = orthogonal_union(parts)
    if grid is None:
        assert union is None or _wkb(union) == _wkb(
            shapely.disjoint_subset_union_all(parts)
        )
        return
    assert union is not None and shapely.to_wkb(union) == shapely.to_wkb(grid)
    if free is not None:
        assert shapely.to_wkb(free) == _wkb(outline.difference(grid))
        CUT.append(1)


def test_the_property_test_cut_often():
    assert len(CUT) > 100  # (runs after it: the enclosed cases were not all left to GEOS)


def test_enclosed_rooms_are_cut_and_an_open_outline_is_left_to_geos():
    outline = box(1.0, 1.0, 8.0, 8.0)
    walls = _walls(outline, 0.1)
    column = box(4.0, 4.0, 4.5, 4.5)
    partition = box(4.0, 1.0, 4.2, 8.0)
    union, free = union_and_cut([*walls, column, partition], outline)
    assert free is not None and len(shapely.get_parts(free)) == 2
    assert shapely.to_wkb(free) == _wkb(outline.difference(union))
    # a room whose floor reaches past its walls: the free part touches the outline
    union, free = union_and_cut([*walls[1:], column], outline)
    assert free is None


def test_generated_levels_cut_as_geos_does():
    plans = [nakano()[0]] + [design(seed).plan for seed in range(1, 7)]
    for level in [level for plan in plans for level in plan.levels]:
        space = LevelSpace(level)
        solid = obstacles(level, gaps=False)
        assert shapely.to_wkb(space.solid) == shapely.to_wkb(solid)
        assert space._closed[1] is not None
        assert _wkb(space.closed_free) == _wkb(space.floor.difference(solid))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([0.1, 0.5]),
    st.lists(st.one_of(rects, loose), max_size=6),
    st.integers(0, 11),
    st.booleans(),
)
def test_walls_only_outside_the_outline_leave_the_cut_to_geos(t, inner, at, across):
    # The floor's own vertex on a wall face (not a vertex of the union) is a node of GEOS's
    # difference: the free part touches the outline there, so it is not cut from the rings.
    # Two opposite walls stand outside the outline (their face on it), the others across it.
    mid = 1.25 + at / 2.0
    outline = Polygon(
        [(1.0, 1.0), (mid, 1.0), (8.0, 1.0), (8.0, mid), (8.0, 8.0), (mid, 8.0), (1.0, 8.0)]
    )
    if across:  # the bottom and top walls outside
        walls = [box(1 - t, 1 - t, 8 + t, 1), box(1 - t, 8, 8 + t, 8 + t)]
        walls += [box(1 - t, 1 - t, 1 + t, 8 + t), box(8 - t, 1 - t, 8 + t, 8 + t)]
    else:  # the left and right walls outside
        walls = [box(1 - t, 1 - t, 1, 8 + t), box(8, 1 - t, 8 + t, 8 + t)]
        walls += [box(1 - t, 1 - t, 8 + t, 1 + t), box(1 - t, 8 - t, 8 + t, 8 + t)]
    union, free = union_and_cut([*walls, *inner], outline)
    assert union is not None
    if free is not None:
        assert shapely.to_wkb(free) == _wkb(outline.difference(union))
    assert union_and_cut(walls, outline)[1] is None


def test_a_reflex_corner_open_diagonally_is_left_to_geos():
    outline = Polygon([(1, 1), (8, 1), (8, 4), (4, 4), (4, 8), (1, 8)])
    walls = _walls(outline, 0.5)
    # every wall but the two at the reflex corner (4, 4); those stop short of it, leaving
    # open only the cell diagonal to the corner, inside the floor
    parts = [walls[0], walls[1], walls[4], walls[5]]
    parts += [box(4.5, 3.5, 8.5, 4.5), box(3.5, 4.5, 4.5, 8.5)]
    # the strips along both edges at the corner, and the cell outside it; not the diagonal
    parts += [box(4.0, 3.5, 4.5, 4.0), box(3.5, 4.0, 4.0, 4.5), box(4.0, 4.0, 4.5, 4.5)]
    union, free = union_and_cut(parts, outline)
    assert union is not None and free is None
