"""A room setting's wall tests give exactly what the plain forms they replace give.

:meth:`LevelIndex.overlapping_walls` (a straight wall whose centreline meets the room is kept
without its footprint; the other footprints made in one call) is compared with testing every
wall's :attr:`~spacedesign.model.Wall.footprint`; footprints made in one call
(:func:`~spacedesign.capacity.space.wall_footprints`, which ``room_space`` uses) with each
wall's own; ``_clip_straight`` (an axis-parallel wall cut
without GEOS) with ``clip_by_rect``, on random inputs with arbitrary floats, bit for bit.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from spacedesign.capacity.setting import LevelIndex, _clip_straight
from spacedesign.capacity.space import wall_footprints
from spacedesign.model import Level, Shape, Wall

value = st.floats(-40.0, 40.0, allow_nan=False, allow_infinity=False)
rounded = st.one_of(value, value.map(lambda v: round(v, 2)), st.sampled_from([0.0, -0.0]))


def _plain_clip(path, x0, y0, x1, y1):
    clipped = shapely.clip_by_rect(LineString(path), x0, y0, x1, y1)
    return [tuple(map(tuple, shapely.get_coordinates(g).tolist()))
            for g in getattr(clipped, "geoms", [clipped])
            if isinstance(g, LineString) and not g.is_empty and g.length > 0.0]


@st.composite
def segment_and_box(draw):
    """An axis-parallel segment and a box, its ends often on, next to or beyond the box sides."""
    x0, y0 = draw(rounded), draw(rounded)
    x1 = x0 + draw(st.floats(1e-6, 30.0))
    y1 = y0 + draw(st.floats(1e-6, 30.0))
    horizontal = draw(st.booleans())
    lo, hi = (x0, x1) if horizontal else (y0, y1)
    across_lo, across_hi = (y0, y1) if horizontal else (x0, x1)
    near = [lo, hi, math.nextafter(lo, -math.inf), math.nextafter(lo, math.inf),
            math.nextafter(hi, -math.inf), math.nextafter(hi, math.inf)]
    ends = st.one_of(rounded, st.sampled_from(near), st.floats(lo - 5.0, hi + 5.0))
    a, b = draw(ends), draw(ends)
    c = draw(st.one_of(st.floats(across_lo, across_hi), st.sampled_from(
        [across_lo, across_hi, math.nextafter(across_lo, math.inf)]), rounded))
    path = ((a, c), (b, c)) if horizontal else ((c, a), (c, b))
    return path, (x0, y0, x1, y1)


@settings(max_examples=3000, deadline=None)
@given(segment_and_box())
def test_straight_cuts_are_those_of_clip_by_rect(case):
    path, box = case
    got = _clip_straight(path, *box)
    if got is not None:
        assert [got] == _plain_clip(path, *box)


def test_straight_cuts_are_taken_where_they_apply():
    assert _clip_straight(((-5.0, 1.5), (5.0, 1.5)), -1.0, 1.0, 2.0, 3.0) == (
        (-1.0, 1.5), (2.0, 1.5))
    assert _clip_straight(((1.5, 9.0), (1.5, 2.0)), 1.0, 1.0, 2.0, 3.0) == (
        (1.5, 3.0), (1.5, 2.0))
    # on the box's side, or a zero coordinate: left to clip_by_rect
    assert _clip_straight(((-5.0, 1.0), (5.0, 1.0)), -1.0, 1.0, 2.0, 3.0) is None
    assert _clip_straight(((0.0, 1.5), (5.0, 1.5)), -1.0, 1.0, 2.0, 3.0) is None


@st.composite
def level_walls(draw):
    """Walls of any kind: axis-parallel, slanted, bent, of zero length, thin or thick."""
    out = []
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["h", "v", "slant", "bent", "point", "three"]))
        a, b, c = draw(rounded), draw(rounded), draw(rounded)
        path = {"h": ((a, c), (b, c)), "v": ((c, a), (c, b)), "slant": ((a, c), (b, c + 1.3)),
                "bent": ((a, c), (b, c), (b, c + 2.0)), "point": ((a, c), (a, c)),
                "three": ((a, c), (a, c), (b, c))}[kind]
        thickness = draw(st.sampled_from([0.1, 0.12, 0.2, 1e-7, 0.0, -0.1]))
        out.append(Wall(f"w{i}", path, thickness))
    return out


@st.composite
def room_polygons(draw):
    """A rectangle, often sharing a coordinate with the walls, or a convex polygon."""
    if draw(st.booleans()):
        x0, y0 = draw(rounded), draw(rounded)
        return Shape.rectangle(x0, y0, x0 + draw(st.floats(0.5, 20.0)),
                               y0 + draw(st.floats(0.5, 20.0))).geometry
    points = draw(st.lists(st.tuples(rounded, rounded), min_size=3, max_size=7))
    hull = shapely.convex_hull(shapely.multipoints(points))
    return hull if hull.geom_type == "Polygon" else shapely.box(-1.0, -1.0, 1.0, 1.0)


@settings(max_examples=600, deadline=None)
@given(level_walls(), st.lists(room_polygons(), min_size=1, max_size=3))
def test_overlapping_walls_are_those_whose_footprint_meets_the_room(walls, polys):
    level = Level("L", Shape.rectangle(-100.0, -100.0, 100.0, 100.0), walls=tuple(walls))
    index = LevelIndex(level)
    for poly in polys:
        plain = [not w.footprint.is_empty and w.footprint.intersects(poly) for w in walls]
        assert index.overlapping_walls(poly).tolist() == plain


@settings(max_examples=200, deadline=None)
@given(level_walls(), st.lists(st.booleans(), min_size=8, max_size=8))
def test_footprints_made_together_are_each_walls_own(walls, cached):
    """In one call (some walls with their footprint already cached), through the index too."""
    plain = [Wall(w.id, w.path, w.thickness).footprint for w in walls]
    for wall, keep in zip(walls, cached, strict=False):
        if keep:
            _ = wall.footprint
    level = Level("L", Shape.rectangle(-100.0, -100.0, 100.0, 100.0), walls=tuple(walls))
    for feet in (wall_footprints(walls), LevelIndex(level).footprints(np.arange(len(walls)))):
        for want, foot in zip(plain, feet, strict=True):
            assert foot.geom_type == want.geom_type
            assert np.array_equal(shapely.get_coordinates(foot), shapely.get_coordinates(want))
