"""The orthogonal union gives GEOS's normalised union, bit for bit."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, box

from spacedesign.analysis.freespace import level_space
from spacedesign.analysis.ortho import MAX_CELLS, MAX_CELLS_PER_EDGE, orthogonal_union
from tests.analysis.grid_shapes import grid_rects, half_metres
from tests.scenegen.conftest import nakano

# Small integer and half-integer coordinates: rectangles that share edges, meet at corners
# (two covered cells diagonal at a point), enclose holes and touch them.
coord = half_metres(8)
rects = grid_rects(8)
# A rectangle with a rectangular hole (an annulus), drawn either way round.
framed = st.builds(
    lambda x, y, t, flip: (lambda g: shapely.reverse(g) if flip else g)(
        box(x, y, x + 3.0, y + 3.0).difference(box(x + t, y + t, x + 3.0 - t, y + 3.0 - t))
    ),
    coord,
    coord,
    st.sampled_from([0.5, 1.0]),
    st.booleans(),
)
# Off-grid rectangles (coordinates with rounding, as wall faces have: 0.1 + 0.2), some a
# rounding error off a grid line. (Not slivers 1e-308 m wide: GEOS's noding loses them.)
near = st.sampled_from([0.0, 1e-12, -1e-12, 2.2e-16])
loose = st.builds(
    lambda x, y, w, h, e: box(x + e, y, x + w, y + h - e),
    coord.map(lambda v: v + 0.1 + 0.2),
    st.integers(0, 50).map(lambda k: k * 0.1),
    st.floats(0.05, 3.0),
    st.sampled_from([0.1 + 0.2, 0.3, 0.7, 1.0]),
    near,
)
# A rectangle with a redundant vertex on its bottom side, one of them repeated.
dotted = st.builds(
    lambda x, y, t, twice: Polygon(
        [(x, y), (x + t, y)]
        + [(x + t, y)] * twice
        + [(x + 2.0, y), (x + 2.0, y + 1.0), (x, y + 1.0)]
    ),
    coord,
    coord,
    st.sampled_from([0.5, 1.0, 1.5]),
    st.integers(0, 1),
)
parts = st.one_of(rects, rects, framed, loose, dotted)


def _geos_union(geoms):
    return shapely.normalize(shapely.disjoint_subset_union_all(geoms))


def _repeats(geoms):
    """Whether a ring of ``geoms`` repeats a point (left to GEOS, see :func:`_edges`)."""
    return any(
        (xy[1:] == xy[:-1]).all(axis=1).any()
        for ring in shapely.get_rings(shapely.get_parts(geoms))
        for xy in [shapely.get_coordinates(ring)]
    )


def _too_fine(geoms):
    """Whether the parts' coordinate grid is past :data:`MAX_CELLS_PER_EDGE` (left to GEOS)."""
    xy = shapely.get_coordinates(geoms)
    edges = len(xy) - len(shapely.get_rings(shapely.get_parts(geoms)))
    cells = len(np.unique(xy[:, 0])) * len(np.unique(xy[:, 1]))
    return cells > min(MAX_CELLS, MAX_CELLS_PER_EDGE * edges)


@settings(max_examples=400, deadline=None)
@given(st.lists(parts, min_size=1, max_size=14))
def test_union_is_the_geos_union(geoms):
    got = orthogonal_union(geoms)
    if got is None:
        assert _repeats(geoms) or _too_fine(geoms)
    else:
        assert shapely.to_wkb(got) == shapely.to_wkb(_geos_union(geoms))


def test_pinched_corners_make_two_polygons_and_a_touching_hole():
    # Two squares meeting at a corner: two polygons, as GEOS gives.
    two = orthogonal_union([box(0, 0, 1, 1), box(1, 1, 2, 2)])
    assert isinstance(two, MultiPolygon) and len(two.geoms) == 2
    # A ring of squares whose hole touches the outside at one corner: a polygon with a hole.
    ring = [box(0, 0, 3, 1), box(0, 0, 1, 3), box(0, 2, 2, 3), box(2, 1, 3, 2)]
    got = orthogonal_union(ring)
    assert shapely.to_wkb(got) == shapely.to_wkb(_geos_union(ring))
    # A side shared by two rectangles keeps their corners on the outline (GEOS's nodes).
    assert len(orthogonal_union([box(0, 0, 1, 1), box(1, 0, 2, 1)]).exterior.coords) == 7


def test_anything_not_orthogonal_is_left_to_geos():
    slanted = Polygon([(0, 0), (2, 0), (1, 1)])
    assert orthogonal_union([box(0, 0, 1, 1), slanted]) is None
    assert orthogonal_union([box(0, 0, 1, 1), shapely.Point(0, 0).buffer(1.0)]) is None
    assert orthogonal_union([box(0, 0, 1, 1), Polygon()]) is None
    assert orthogonal_union([]) is None
    assert orthogonal_union([Polygon([(0, 0), (1, 0), (1, 0), (1, 1), (0, 1)])]) is None


def test_parts_scattered_on_a_fine_grid_are_left_to_geos():
    # 100 boxes at distinct places: 200 x 200 grid lines, 100 cells per edge (GEOS is faster)
    rng = np.random.default_rng(7)
    x, y = rng.uniform(0, 200, 100), rng.uniform(0, 200, 100)
    scattered = list(shapely.box(x, y, x + 1.5, y + 0.75))
    assert orthogonal_union(scattered) is None
    # the same boxes in rows and columns share their coordinates: the grid unites them
    rows = [box(i * 2.0, j * 1.0, i * 2.0 + 1.5, j * 1.0 + 0.75)
            for i in range(10) for j in range(10)]
    assert shapely.to_wkb(orthogonal_union(rows)) == shapely.to_wkb(_geos_union(rows))


def test_the_plan_solid_and_floor_are_the_geos_overlays():
    base, _ = nakano()
    level = base.levels[0]
    space = level_space(level)
    floor_parts = [level.outline.geometry] + [r.polygon.geometry for r in level.rooms]
    assert shapely.to_wkb(orthogonal_union(floor_parts)) == shapely.to_wkb(_geos_union(floor_parts))
    walls = [w for w in space.walls if not w.is_empty]
    blocks = walls + [c.polygon.geometry for c in level.columns] + list(space.furniture)
    solid = orthogonal_union(blocks)
    assert shapely.to_wkb(solid) == shapely.to_wkb(_geos_union(blocks))
