"""Work the furnisher shares instead of redoing gives exactly what redoing it gives.

The grid of origins without ``np.meshgrid``, boxes near anchors without listing pairs, and the
clear floor of a checked arrangement reused for its wheelchair route are each compared with
the plain form on drawn inputs, bit for bit.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.capacity import places
from spacedesign.capacity.catalogue import Clearances, seating_rules, wheelchair_requirement
from spacedesign.capacity.layout import _fits, framed_floors, grid, placements
from spacedesign.capacity.routes import check_routes, clear_floor, geometries
from spacedesign.capacity.space import room_space
from spacedesign.capacity.styles import style_modules
from tests.capacity.plans import rect_plan
from tests.capacity.test_fast_paths import box_arrays

axis = st.lists(st.floats(-50.0, 50.0, allow_nan=False), max_size=30).map(
    lambda v: np.array(v, dtype=float))


@settings(max_examples=200, deadline=None)
@given(axis, axis)
def test_the_grid_is_that_of_meshgrid(xs, ys):
    gx, gy = grid(xs, ys)
    mx, my = (g.ravel() for g in np.meshgrid(xs, ys))
    assert np.array_equal(gx, mx) and np.array_equal(gy, my)


@settings(max_examples=300, deadline=None)
@given(box_arrays(40), box_arrays(25).filter(lambda b: b.size > 0))
def test_boxes_near_anchors_are_those_of_the_overlapping_pairs(a, b):
    plain = np.unique(places._overlap_pairs(a, b)[0])
    assert np.array_equal(places._near_any(a, b), plain)
    old = places._ALL_PAIRS
    try:
        places._ALL_PAIRS = 0
        assert np.array_equal(places._near_any(a, b), plain)
    finally:
        places._ALL_PAIRS = old


def _wkb(geoms):
    return [shapely.to_wkb(g) for g in geoms]


@settings(max_examples=25, deadline=None)
@given(st.floats(2.6, 8.0).map(lambda v: round(v, 2)), st.floats(2.6, 6.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from([("consultation", "consultation"), ("meeting", "boardroom"),
                     ("coworking", "coworking"), ("meeting", "classroom")]),
    st.sampled_from(["jp-recommended", "ada-2010"]))
def test_a_checked_arrangement_keeps_the_clear_floor_its_places_would_make(
        width, depth, door, column, style, ruleset):
    """The clear floor kept is the net floor minus the pieces, and places found with it or
    without it (made again) are the same."""
    use, name = style
    plan = rect_plan(width, depth, use=use, door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    clear, rules = Clearances(), seating_rules(ruleset)
    floors = framed_floors(space.net, space.free)
    for module in style_modules(name, clear)[:3]:
        for placement, floor in list(placements(floors, module, step=0.2, limit=1))[:4]:
            starts = tuple(floor.frame.point_to_frame(*d.inside) for d in space.doors)
            arr = check_routes(placement, floor, starts, clear, rules)
            if arr.clear is not None:
                geoms = geometries(arr.pieces)
                plain = clear_floor(floor.net, shapely.union_all(geoms) if geoms
                                    else shapely.Polygon())
                assert _wkb([arr.clear]) == _wkb([plain])
            need = max(wheelchair_requirement(arr.seats, ruleset, use)[0], 1)
            got = places.add_wheelchair_places(arr, floor, starts, clear, rules, need)
            again = places.add_wheelchair_places(dataclasses.replace(arr, clear=None), floor,
                                                 starts, clear, rules, need)
            assert got.pieces == again.pieces
            assert _wkb(got.wheelchair) == _wkb(again.wheelchair)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0.0, 0.5, 1.0, 2.5]),
                          st.booleans(), st.booleans(), st.booleans()), max_size=60))
def test_sorting_before_the_route_test_keeps_the_order_of_sorting_after(rows):
    """The candidates that pass, sorted (the form before), or sorted and then passed."""
    counts = np.array([r[0] for r in rows], dtype=int)
    dist = np.array([r[1] for r in rows], dtype=float)
    usable, free_pass, touch = (np.array([r[k] for r in rows], dtype=bool) for k in (2, 3, 4))
    passing = np.flatnonzero(usable & (free_pass | touch))
    plain = passing[np.lexsort((dist[passing], counts[passing]))].tolist()
    open_ = np.flatnonzero(usable)
    sorted_first = open_[np.lexsort((dist[open_], counts[open_]))]
    assert [int(i) for i in sorted_first if free_pass[i] or touch[i]] == plain


@settings(max_examples=15, deadline=None)
@given(st.floats(3.0, 9.0).map(lambda v: round(v, 2)), st.floats(3.0, 7.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from([("meeting", "boardroom"), ("consultation", "consultation"),
                     ("coworking", "coworking"), ("lounge", "banquet")]))
def test_places_found_testing_the_route_in_chunks_are_those_testing_all(width, depth, door,
                                                                         column, style):
    """Chunks of one, of sixteen, or every candidate at once (the form before): same places."""
    use, name = style
    plan = rect_plan(width, depth, use=use, door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    clear, rules = Clearances(), seating_rules("jp-recommended")
    floors = framed_floors(space.net, space.free)
    for module in style_modules(name, clear)[:2]:
        for placement, floor in list(placements(floors, module, step=0.2, limit=1))[:3]:
            starts = tuple(floor.frame.point_to_frame(*d.inside) for d in space.doors)
            arr = check_routes(placement, floor, starts, clear, rules)
            found = []
            for chunk in (1, places._CHUNK, 10**9):
                old = places._CHUNK
                try:
                    places._CHUNK = chunk
                    got = places.add_wheelchair_places(arr, floor, starts, clear, rules, 2)
                finally:
                    places._CHUNK = old
                found.append((got.pieces, _wkb(got.wheelchair)))
            assert found[0] == found[1] == found[2]


offsets = st.floats(-40.0, 40.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["boardroom", "banquet", "consultation", "lounge",
                                           "coworking", "theatre"]),
                          st.integers(0, 40), offsets, offsets), max_size=12))
def test_piece_footprints_made_together_are_those_made_one_by_one(drawn):
    """The footprints the layout's items get: in one call, or each part's own (the form before)."""
    pieces = []
    for style, k, x, y in drawn:
        parts = [p for m in style_modules(style, Clearances()) for p in m.parts]
        pieces.append((parts[k % len(parts)], x, y))
    assert _wkb(geometries(pieces)) == _wkb([part.geometry(x, y) for part, x, y in pieces])


@settings(max_examples=25, deadline=None)
@given(st.floats(2.4, 9.0).map(lambda v: round(v, 2)), st.floats(2.4, 7.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from(["consultation", "boardroom", "u_shape", "banquet", "lounge", "coworking"]),
    st.sampled_from(["hinged", "sliding"]))
def test_pieces_tested_without_the_door_zone_bounds_fit_as_with_them(width, depth, door, column,
                                                                    style, operation):
    """Single tables test every piece in small batches: the answers the bounds shortcut gives."""
    plan = rect_plan(width, depth, use="meeting", door_at=door, column=column,
                     operation=operation)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    for floor in framed_floors(space.net, space.free)[::3]:
        x0, y0, x1, y1 = floor.net.bounds
        for module in style_modules(style, Clearances())[:4]:
            ex0, ey0, ex1, ey1 = module.envelope
            xs = np.arange(x0 - ex0, x1 - ex1 + 1e-6, 0.2)
            ys = np.arange(y0 - ey0, y1 - ey1 + 1e-6, 0.2)
            gx, gy = grid(xs, ys)
            with_bounds = _fits(floor.net, floor.free, module, gx, gy, floor.cuts)
            assert np.array_equal(_fits(floor.net, floor.free, module, gx, gy), with_bounds)
