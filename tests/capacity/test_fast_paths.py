"""The furnisher's fast paths give exactly what the plain forms they replace give.

Each fast path (frame turns in one array call, single modules tested once per origin, …) is
compared with the plain form (shapely's ``affine_transform``; every origin tested in each
order) on random inputs, bit for bit.
"""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity

from spacedesign.capacity.catalogue import Clearances
from spacedesign.capacity.layout import _fits, framed_floors, placements
from spacedesign.capacity.space import Frame, room_space, transform
from spacedesign.capacity.styles import style_modules
from tests.capacity.plans import rect_plan

coord = st.floats(-30.0, 30.0, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def polygons(draw):
    """A polygon (convex hull of random points, maybe with a hole) or an empty one."""
    points = draw(st.lists(st.tuples(coord, coord), min_size=3, max_size=9))
    hull = shapely.convex_hull(shapely.multipoints(points))
    if draw(st.booleans()) and hull.area > 1.0:
        hull = hull.difference(hull.centroid.buffer(0.2, quad_segs=2))
    return hull


frames = st.builds(Frame, st.sampled_from([0.0, 12.5, 33.0]).flatmap(
    lambda base: st.sampled_from([base + 90.0 * k for k in range(4)])), st.booleans())


def _same(a, b) -> bool:
    return a.geom_type == b.geom_type and np.array_equal(
        shapely.get_coordinates(a), shapely.get_coordinates(b))


@settings(max_examples=200, deadline=None)
@given(st.lists(polygons(), min_size=1, max_size=4), frames)
def test_frame_turns_are_those_of_affine_transform(geoms, frame):
    for m, method in ((frame.matrix, frame.to_frame), (frame.inverse, frame.to_plan)):
        plain = [affinity.affine_transform(g, [m[0, 0], m[0, 1], m[1, 0], m[1, 1], 0.0, 0.0])
                 for g in geoms]
        assert all(_same(p, method(g)) for p, g in zip(plain, geoms, strict=True))
        batch = transform(np.array(geoms, dtype=object), m)
        assert all(_same(p, b) for p, b in zip(plain, batch, strict=True))


def _plain_singles(floor, module, step, limit, away):
    """Every origin tested in each order (the form before the per-origin memo)."""
    x_min, y_min, x_max, y_max = floor.net.bounds
    ex0, ey0, ex1, ey1 = module.envelope
    xs = np.arange(x_min - ex0, x_max - ex1 + 1e-6, step)
    ys = np.arange(y_min - ey0, y_max - ey1 + 1e-6, step)
    if xs.size == 0 or ys.size == 0 or ex1 - ex0 > x_max - x_min + 1e-6 \
            or ey1 - ey0 > y_max - y_min + 1e-6:
        return []
    gx, gy = (g.ravel() for g in np.meshgrid(xs, ys))
    net = floor.net
    centre = net.centroid if net.geom_type == "Polygon" else net.representative_point()
    mx, my = (ex0 + ex1) / 2.0, (ey0 + ey1) / 2.0
    orders = [np.argsort(np.hypot(gx + mx - centre.x, gy + my - centre.y), kind="stable")]
    if away:
        near = np.min([np.hypot(gx + mx - px, gy + my - py) for px, py in away], axis=0)
        orders.append(np.argsort(-near, kind="stable"))
    out: list[tuple[float, float]] = []
    for order in orders:
        ok = _fits(floor.net, floor.free, module, gx[order], gy[order], floor.cuts)
        for i in np.flatnonzero(ok)[:limit]:
            xy = (float(gx[order][i]), float(gy[order][i]))
            if xy not in out:
                out.append(xy)
    return out


@settings(max_examples=25, deadline=None)
@given(st.floats(2.4, 6.0).map(lambda v: round(v, 2)), st.floats(2.4, 5.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]), st.integers(1, 3))
def test_singles_are_those_of_testing_every_origin_in_each_order(width, depth, door, column,
                                                                  limit):
    plan = rect_plan(width, depth, use="consultation", door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    floors = framed_floors(space.net, space.free)
    doors = {f.frame: tuple(f.frame.point_to_frame(*d.inside) for d in space.doors)
             for f in floors}
    for module in (m for m in style_modules("consultation", Clearances()) if m.single):
        for floor in floors:
            got = [(p.origins[0][0], p.origins[0][1]) for p, fl in placements(
                (floor,), module, step=0.2, limit=limit, doors=doors) if fl is floor]
            if floor.frame.mirror or floor.free.is_empty:
                continue
            assert got == _plain_singles(floor, module, 0.2, limit, doors[floor.frame])
