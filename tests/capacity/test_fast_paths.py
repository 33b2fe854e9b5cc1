"""The furnisher's fast paths give exactly what the plain forms they replace give.

Each fast path (frame turns in one array call, single modules tested once per origin, walls
inside a room's surroundings kept uncut, walls far from a room skipped by their bounds, box overlaps measured in one array) is
compared with the plain form (shapely's ``affine_transform``; every origin tested in each
order; ``clip_by_rect``; every wall tested; a search tree's candidate pairs; the second containment
test of places on open floor) on random inputs, bit for bit.
"""

from __future__ import annotations

import random

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import LineString

from spacedesign.capacity import places
from spacedesign.capacity.catalogue import Clearances, seating_rules
from spacedesign.capacity.layout import _fits, framed_floors, placements
from spacedesign.capacity.setting import LevelIndex, _pieces, room_setting
from spacedesign.capacity.space import Frame, room_space, transform
from spacedesign.capacity.styles import style_modules
from spacedesign.model import Column, Level, Room, Shape, Wall
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


def _plain_pieces(wall, bounds):
    """The wall's centreline cut by ``clip_by_rect`` (the form before the uncut fast path)."""
    margin = 3.0 * wall.thickness + 0.05
    x0, y0, x1, y1 = bounds
    clipped = shapely.clip_by_rect(wall.centreline, x0 - margin, y0 - margin, x1 + margin,
                                   y1 + margin)
    return [tuple(g.coords) for g in getattr(clipped, "geoms", [clipped])
            if isinstance(g, LineString) and not g.is_empty and g.length > 0.0]


grid = st.integers(-20, 60).map(lambda i: i * 0.125)


@st.composite
def walls(draw):
    """A wall, often axis-aligned, sometimes bent, slanted or of zero length."""
    kind = draw(st.sampled_from(["h", "v", "bent", "slant", "point"]))
    a, b, c = draw(grid), draw(grid), draw(grid)
    path = {"h": ((a, c), (b, c)), "v": ((c, a), (c, b)),
            "bent": ((a, c), (b, c), (b, c + 2.0)), "slant": ((a, c), (b, c + 1.5)),
            "point": ((a, c), (a, c))}[kind]
    return Wall("w", path, draw(st.sampled_from([0.1, 0.12, 0.2])))


@settings(max_examples=400, deadline=None)
@given(walls(), grid, grid, st.floats(0.5, 6.0).map(lambda v: round(v, 2)),
       st.floats(0.5, 6.0).map(lambda v: round(v, 2)))
def test_cut_walls_are_those_of_clip_by_rect(wall, x0, y0, w, d):
    bounds = (x0, y0, x0 + w, y0 + d)
    assert _pieces(wall, bounds) == _plain_pieces(wall, bounds)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_the_wall_index_skips_only_walls_clear_of_the_room(seed):
    """A random level: every room's setting with the index is the one without it."""
    rng = random.Random(seed)
    rooms, wall_list = [], []
    for i in range(6):
        x, y = rng.randrange(0, 40) * 0.5, rng.randrange(0, 20) * 0.5
        w, d = rng.randrange(5, 16) * 0.5, rng.randrange(5, 12) * 0.5
        rooms.append(Room(f"r{i}", "", "meeting", Shape.rectangle(x, y, x + w, y + d)))
        t = rng.choice([0.1, 0.12, 0.2])
        ext = rng.choice([0.0, 0.3, 2.0])
        wall_list += [Wall(f"s{i}", ((x - ext, y), (x + w + ext, y)), t),
                      Wall(f"n{i}", ((x, y + d), (x + w, y + d)), t),
                      Wall(f"e{i}", ((x + w, y - ext), (x + w, y + d)), t)]
    columns = tuple(Column(f"c{i}", Shape.rectangle(x, y, x + 0.5, y + 0.5))
                    for i, (x, y) in enumerate((rng.randrange(0, 60) * 0.5,
                                                rng.randrange(0, 30) * 0.5) for _ in range(8)))
    level = Level("L", Shape.rectangle(-5.0, -5.0, 70.0, 40.0), walls=tuple(wall_list),
                  rooms=tuple(rooms), columns=columns)
    index = LevelIndex(level)
    everything = LevelIndex(level)
    everything.walls[:] = (-np.inf, -np.inf, np.inf, np.inf)
    everything.columns[:] = (-np.inf, -np.inf, np.inf, np.inf)
    assert index.near_walls(rooms[0].polygon.geometry.bounds).sum() < len(wall_list)
    for room in rooms:
        assert room_setting(level, room, index).key == room_setting(level, room, everything).key


@st.composite
def box_arrays(draw, max_size):
    rows = draw(st.lists(st.tuples(grid, grid, st.integers(0, 12), st.integers(0, 12)),
                         max_size=max_size))
    return np.array([(x, y, x + w * 0.125, y + h * 0.125) for x, y, w, h in rows],
                    dtype=float).reshape(-1, 4)


@settings(max_examples=300, deadline=None)
@given(box_arrays(40), box_arrays(25))
def test_overlapping_box_pairs_are_those_a_search_tree_finds(a, b):
    """Pairs overlapping with positive area, measured all at once or picked by a tree."""
    got = set(zip(*(v.tolist() for v in places._overlap_pairs(a, b)), strict=True))
    plain: set[tuple[int, int]] = set()
    if a.size and b.size:
        tree = shapely.STRtree(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3]))
        ia, ib = tree.query(shapely.box(a[:, 0], a[:, 1], a[:, 2], a[:, 3]),
                            predicate="intersects")
        dx = np.minimum(a[ia, 2], b[ib, 2]) - np.maximum(a[ia, 0], b[ib, 0])
        dy = np.minimum(a[ia, 3], b[ib, 3]) - np.maximum(a[ia, 1], b[ib, 1])
        keep = (dx > 1e-9) & (dy > 1e-9)
        plain = set(zip(ia[keep].tolist(), ib[keep].tolist(), strict=True))
    assert got == plain
    old = places._ALL_PAIRS
    try:
        places._ALL_PAIRS = 0
        tree_pairs = set(zip(*(v.tolist() for v in places._overlap_pairs(a, b)), strict=True))
    finally:
        places._ALL_PAIRS = old
    assert tree_pairs == plain


@settings(max_examples=20, deadline=None)
@given(st.floats(3.0, 9.0).map(lambda v: round(v, 2)), st.floats(3.0, 7.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]), st.sampled_from(["banquet", "lounge"]))
def test_open_floor_places_need_no_second_containment_test(width, depth, door, column, style):
    """Every place on open floor passes the test of its bounds in the free floor (done once)."""
    plan = rect_plan(width, depth, use="lounge", door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    clear, rules = Clearances(), seating_rules("jp-recommended")
    module = style_modules(style, clear)[0]
    for placement, floor in placements(framed_floors(space.net, space.free), module):
        pieces = [(part, x, y) for x, y, *_ in placement.origins for part in module.parts]
        context = places._Context(floor.free, floor.net, (), clear, rules,
                                  frozenset({"table", "chair"}))
        rects = places._free_standing(pieces, context, context.anchor_kinds)
        if rects:
            bounds = shapely.bounds(np.array(rects, dtype=object))
            assert places.inside_boxes(floor.free, *bounds.T).all()
