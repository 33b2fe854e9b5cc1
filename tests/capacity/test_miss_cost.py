"""The cheaper furnishing of a new room setting gives exactly what the plain forms give.

A floor's cells settle box-inside-floor tests as ``shapely.contains`` does (drawn floors with
holes, several parts, slanted edges, turned by frames; boxes on, across and beside the
boundary); fits tested with the cells equal those tested by GEOS; the wheelchair route made
only when a place is measured against it finds the places the route made up front finds; the
doors' points turned per frame when asked for are those turned for every frame; and whole
rooms of generated scenarios, furnished with all of it or none of it, are the same bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity

from spacedesign.capacity import cells as cellmod
from spacedesign.capacity import layout, places
from spacedesign.capacity.catalogue import Clearances, seating_rules, wheelchair_requirement
from spacedesign.capacity.cells import FIT, FloorCells, fits_once, inside_boxes
from spacedesign.capacity.furnish import _Starts
from spacedesign.capacity.furniture import furnish_setting
from spacedesign.capacity.layout import _fits, framed_floors, placements
from spacedesign.capacity.routes import check_routes
from spacedesign.capacity.setting import room_setting
from spacedesign.capacity.space import Frame, room_space
from spacedesign.capacity.styles import STYLES_BY_USE, style_modules
from spacedesign.generate.scenario import candidate_seeds, design_candidate
from spacedesign.io import load_plan, load_program
from tests.capacity.plans import l_plan, rect_plan

half = st.integers(0, 24).map(lambda i: i * 0.5)


@st.composite
def floors(draw):
    """Rectilinear floors on a half-metre grid: a shell minus notches and holes, one or two
    parts, some with a slanted corner, turned by a frame (90° turns leave ~1e-16 of slant) or
    by any angle."""
    x0, y0 = draw(half), draw(half)
    w, d = draw(st.integers(4, 20)) * 0.5, draw(st.integers(4, 20)) * 0.5
    shape = shapely.box(x0, y0, x0 + w, y0 + d)
    for _ in range(draw(st.integers(0, 4))):
        hx, hy = draw(half), draw(half)
        shape = shape.difference(shapely.box(hx, hy, hx + draw(st.integers(1, 4)) * 0.5,
                                             hy + draw(st.integers(1, 4)) * 0.5))
    if draw(st.booleans()):
        cx, cy = x0 + w, y0 + d
        cut = draw(st.integers(1, 3)) * 0.5
        shape = shape.difference(shapely.Polygon([(cx - cut, cy), (cx, cy), (cx, cy - cut)]))
    if draw(st.booleans()):
        shape = shape.union(shapely.box(x0 + w + 1.0, y0, x0 + w + 3.0, y0 + 2.0))
    turn = draw(st.sampled_from(["none", "frame", "any"]))
    if turn == "frame":
        frame = Frame(draw(st.sampled_from([0.0, 90.0, 180.0, 270.0])), draw(st.booleans()))
        shape = frame.to_frame(shape)
    elif turn == "any":
        shape = affinity.rotate(shape, draw(st.floats(-180.0, 180.0)), origin=(0, 0))
    return shape


@st.composite
def boxes(draw, floor):
    """Boxes on a grid over the floor's bounds (edges on, across and beside its boundary)."""
    bx0, by0, bx1, by1 = floor.bounds if not floor.is_empty else (0.0, 0.0, 1.0, 1.0)
    rows = draw(st.lists(st.tuples(st.integers(-2, 44), st.integers(-2, 44),
                                   st.integers(1, 16), st.integers(1, 16),
                                   st.sampled_from([0.0, FIT, -FIT, 1e-12])),
                         min_size=1, max_size=80))
    step = max(bx1 - bx0, by1 - by0, 1.0) / 40.0
    return np.array([(bx0 + i * step + e, by0 + j * step, bx0 + (i + w) * step + e,
                      by0 + (j + h) * step) for i, j, w, h, e in rows], dtype=float)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_cells_answer_as_shapely_contains(data):
    floor = data.draw(floors())
    b = data.draw(boxes(floor))
    want = np.asarray(shapely.contains(floor, shapely.box(b[:, 0] + FIT, b[:, 1] + FIT,
                                                          b[:, 2] - FIT, b[:, 3] - FIT)))
    shapely.prepare(floor)
    cells = FloorCells(floor)
    cells._make()
    got = cells.inside(b[:, 0] + FIT, b[:, 1] + FIT, b[:, 2] - FIT, b[:, 3] - FIT)
    assert np.array_equal(got, want)
    assert np.array_equal(inside_boxes(floor, *b.T, cells), want)


def test_cells_settle_most_boxes_of_a_rectilinear_floor_without_geos(monkeypatch):
    """On a turned L-shaped floor almost every box is settled by the cells alone."""
    floor = Frame(90.0, True).to_frame(shapely.box(0, 0, 10, 8).difference(
        shapely.box(5, 4, 11, 9)))
    xs, ys = np.meshgrid(np.arange(-2.0, 12.0, 0.25), np.arange(-2.0, 12.0, 0.25))
    x0, y0 = xs.ravel(), ys.ravel()
    asked = []
    real = shapely.contains
    monkeypatch.setattr(cellmod.shapely, "contains",
                        lambda f, g: asked.append(np.size(g)) or real(f, g))
    cells = FloorCells(floor)
    cells._make()
    got = cells.inside(x0 + FIT, y0 + FIT, x0 + 1.2 - FIT, y0 + 0.8 - FIT)
    want = real(floor, shapely.box(x0 + FIT, y0 + FIT, x0 + 1.2 - FIT, y0 + 0.8 - FIT))
    assert np.array_equal(got, want) and 0 < want.sum() < want.size
    assert sum(asked) < 0.05 * x0.size


def test_cells_made_wrong_would_be_caught():
    """The test above can fail: cells whose inside and outside are swapped answer wrongly."""
    floor = shapely.box(0, 0, 4, 3)
    cells = FloorCells(floor)
    cells._make()
    a, b, c, d = cells._sums
    cells._sums = tuple(cellmod._OUT * (s == 0) for s in (a, b, c, d))
    x0 = np.array([1.0, 5.0])
    got = cells.inside(x0, np.ones(2), x0 + 1.0, np.full(2, 2.0))
    assert not np.array_equal(got, [True, False])


def _rooms():
    yield rect_plan(6.4, 4.8, use="meeting", door_at=1.0, column=(2.0, 1.1)), "boardroom"
    yield rect_plan(3.6, 3.0, use="consultation", door_at=0.8), "consultation"
    yield rect_plan(8.0, 6.0, use="lounge", door_at=2.0, column=(4.0, 3.0)), "lounge"
    yield l_plan("coworking"), "coworking"
    yield l_plan("meeting"), "theatre"


def _area(module):
    x0, y0, x1, y1 = module.envelope
    return (x1 - x0) * (y1 - y0)


@pytest.mark.parametrize(("plan", "style"), list(_rooms()))
def test_fits_with_the_cells_are_those_of_geos(plan, style):
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    fitted = 0
    for floor in framed_floors(space.net, space.free, [d.zone for d in space.doors]):
        for module in sorted(style_modules(style, Clearances()), key=_area)[:3]:
            x0, y0, x1, y1 = floor.net.bounds
            gx, gy = np.meshgrid(np.arange(x0 - 1.0, x1, 0.1), np.arange(y0 - 1.0, y1, 0.1))
            gx, gy = gx.ravel(), gy.ravel()
            cells = (FloorCells(floor.net), FloorCells(floor.free))
            for c in cells:
                c._make()
            want = _fits(floor.net, floor.free, module, gx, gy, floor.cuts)
            fitted += int(want.sum())
            assert np.array_equal(_fits(floor.net, floor.free, module, gx, gy, floor.cuts,
                                        cells), want)
    assert fitted > 0


def _eager(function):
    """``functools.cache`` that calls at once (the route made up front, the form before)."""
    value = function()
    return lambda: value


@settings(max_examples=15, deadline=None)
@given(st.floats(3.0, 9.0).map(lambda v: round(v, 2)), st.floats(3.0, 7.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from([("meeting", "boardroom"), ("consultation", "consultation"),
                     ("coworking", "coworking"), ("meeting", "classroom"),
                     ("seminar", "theatre")]))
def test_places_found_with_the_route_made_when_asked_are_those_made_up_front(
        width, depth, door, column, style):
    use, name = style
    plan = rect_plan(width, depth, use=use, door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    clear, rules = Clearances(), seating_rules("jp-recommended")
    floors_ = framed_floors(space.net, space.free)
    for module in style_modules(name, clear)[:2]:
        for placement, floor in list(placements(floors_, module, step=0.2, limit=1))[:3]:
            starts = tuple(floor.frame.point_to_frame(*d.inside) for d in space.doors)
            arr = check_routes(placement, floor, starts, clear, rules)
            need = max(wheelchair_requirement(arr.seats, "jp-recommended", use)[0], 2)
            lazy = places.add_wheelchair_places(arr, floor, starts, clear, rules, need)
            old = places.cache
            try:
                places.cache = _eager  # type: ignore[assignment]
                eager = places.add_wheelchair_places(arr, floor, starts, clear, rules, need)
            finally:
                places.cache = old
            assert lazy.pieces == eager.pieces
            assert [g.wkb for g in lazy.wheelchair] == [g.wkb for g in eager.wheelchair]


def test_door_points_turned_when_asked_are_those_turned_for_every_frame():
    plan = l_plan("meeting")
    space = room_space(plan.levels[0], plan.levels[0].rooms[0])
    floors_ = framed_floors(space.net, space.free)
    plain = {f.frame: tuple(f.frame.point_to_frame(*d.inside) for d in space.doors)
             for f in floors_}
    lazy = _Starts(space.doors)
    assert all(lazy.get(f.frame) == plain[f.frame] for f in floors_[::3])
    assert all(lazy[f.frame] == plain[f.frame] for f in floors_)


def _layouts(settings_):
    out = []
    for setting in settings_:
        for style in STYLES_BY_USE[setting.room.use]:
            for ruleset in ("jp-recommended", "ada-2010"):
                used, lay = furnish_setting(setting, style, ruleset)
                out.append((used, lay.seats, lay.wheelchair_places, lay.module,
                            [(i.key, i.polygon.wkb, i.at, i.size, i.rotation)
                             for i in lay.items]))
    return out


def test_generated_rooms_furnish_the_same_with_the_plain_forms(monkeypatch):
    """Rooms of generated scenarios in every style of their use: with the cells and the route
    made when asked, or without (GEOS for every box, the route made up front), the same
    layouts."""
    base, program = load_plan("floorplans/nakano-ipc.yaml"), load_program(
        "scenarios/program-2026.yaml")
    seen: dict[tuple, object] = {}
    for seed in candidate_seeds(2026, 1000, 4):
        design = design_candidate(base, program, seed)
        if design is None:
            continue
        for level in design.plan.levels:
            for room in level.rooms:
                if room.use in STYLES_BY_USE:
                    setting = room_setting(level, room)
                    seen.setdefault(repr(setting), setting)
    settings_ = list(seen.values())
    assert len(settings_) >= 8
    fast = _layouts(settings_)
    monkeypatch.setattr(cellmod, "MANY", 10**12)
    monkeypatch.setattr(places, "cache", _eager)
    assert _layouts(settings_) == fast


pair_lists = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 6)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(pair_lists, pair_lists)
def test_pairs_among_are_those_np_isin_finds(pairs, among):
    """A mask of the pairs ``among`` gives what ``np.isin`` of their flat indices gave."""
    a = tuple(np.array([p[k] for p in pairs], dtype=int) for k in (0, 1))
    b = tuple(np.array([p[k] for p in among], dtype=int) for k in (0, 1))
    plain = np.isin(a[0] * 7 + a[1], b[0] * 7 + b[1])
    assert np.array_equal(places._pairs_among(a, b, (10, 7)), plain)


def _free_standing_before(pieces, context, anchor_kinds):
    """Boxes made for every place near an anchor, then those inside kept (the form before)."""
    anchors = np.array([(p.rect[0] + x, p.rect[1] + y, p.rect[2] + x, p.rect[3] + y)
                        for p, x, y in pieces if p.kind in anchor_kinds])
    if anchors.size == 0:
        return []
    x_min, y_min, x_max, y_max = context.free.bounds
    w, d = context.rules.place_width, context.rules.place_depth
    out = []
    for dx, dy in ((w, d), (d, w)):
        xs = np.arange(x_min, x_max - dx + 1e-9, 0.2)
        ys = np.arange(y_min, y_max - dy + 1e-9, 0.2)
        if xs.size == 0 or ys.size == 0:
            continue
        gx, gy = np.tile(xs, ys.size), np.repeat(ys, xs.size)
        near = places._near_any(np.stack([gx - 0.1, gy - 0.1, gx + dx + 0.1, gy + dy + 0.1],
                                         1), anchors)
        gx, gy = gx[near], gy[near]
        rects = shapely.box(gx, gy, gx + dx, gy + dy)
        out.extend(rects[inside_boxes(context.free, gx, gy, gx + dx, gy + dy)])
    return out


@settings(max_examples=20, deadline=None)
@given(st.floats(3.0, 9.0).map(lambda v: round(v, 2)), st.floats(3.0, 7.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from(["consultation", "banquet", "lounge", "boardroom"]))
def test_open_floor_places_boxed_after_the_test_are_those_boxed_before(width, depth, door,
                                                                      column, style):
    plan = rect_plan(width, depth, use="meeting", door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    clear, rules = Clearances(), seating_rules("jp-recommended")
    for module in style_modules(style, clear)[:2]:
        for placement, floor in list(placements(framed_floors(space.net, space.free), module,
                                                step=0.2, limit=1))[:2]:
            pieces = [(part, x, y) for x, y, *_ in placement.origins for part in module.parts]
            anchors = frozenset({"chair", "table", "desk", "round_table", "sofa"})
            context = places._Context(floor.free, floor.net, (), clear, rules, anchors)
            got = places._free_standing(pieces, context, anchors)
            assert [g.wkb for g in got] == [g.wkb for g in
                                           _free_standing_before(pieces, context, anchors)]


@settings(max_examples=40, deadline=None)
@given(st.floats(3.0, 9.0).map(lambda v: round(v, 2)), st.floats(3.0, 7.0).map(
    lambda v: round(v, 2)), st.sampled_from(["theatre", "coworking", "boardroom"]),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 30)), min_size=1, max_size=120))
def test_fits_testing_each_origin_once_are_those_testing_every_copy(width, depth, style,
                                                                     cells_):
    """Origins repeated (as row sets and walkways repeat them) fit as each tested alone."""
    plan = rect_plan(width, depth, use="seminar", door_at=1.0, column=(1.2, 1.3))
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    floor = framed_floors(space.net, space.free, [d.zone for d in space.doors])[1]
    xs = np.array([i * 0.1 for i, _ in cells_] * 2) - 0.5
    ys = np.array([j * 0.1 for _, j in cells_] * 2) - 0.5
    for module in style_modules(style, Clearances())[-2:]:
        want = _fits(floor.net, floor.free, module, xs, ys, floor.cuts)
        assert np.array_equal(fits_once(floor.net, floor.free, module, xs, ys, floor.cuts),
                              want)


@settings(max_examples=20, deadline=None)
@given(st.floats(4.0, 12.0).map(lambda v: round(v, 2)), st.floats(4.0, 9.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from(["theatre", "classroom", "coworking"]),
    st.sampled_from([0.0, 1.2]))
def test_lattices_testing_shared_origins_once_are_those_testing_them_all(
        width, depth, door, column, style, route):
    """Row layouts whose grids share origins: each tested once, or every copy tested."""
    plan = rect_plan(width, depth, use="seminar", door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    found = []
    for test in (layout.fits_once, _fits):
        got = []
        old = layout.fits_once
        try:
            layout.fits_once = test
            for floor in framed_floors(space.net, space.free,
                                       [d.zone for d in space.doors])[:4]:
                rows = [m for m in style_modules(style, Clearances())
                        if not (m.single or m.greedy)]
                for module in rows[:3]:
                    got += list(layout._lattice(floor.net, floor.free, module, floor.frame,
                                                route, floor.cuts))
        finally:
            layout.fits_once = old
        found.append(got)
    assert found[0] == found[1] and found[0]
