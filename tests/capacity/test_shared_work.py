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
from spacedesign.capacity.layout import framed_floors, grid, placements
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
