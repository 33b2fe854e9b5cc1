"""A frame's door-zone boxes from the zones' bounds (no overlay) give the answers of the overlay.

:attr:`FramedFloor.cuts` made from the door zones' plan bounds (turned into the frame, widened
by :data:`CUT_MARGIN`) must cover every part of ``net − free``; the piece tests that skip boxes
clear of them then answer as testing every piece against the free floor does.
"""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity

from spacedesign.capacity.catalogue import Clearances
from spacedesign.capacity.layout import _fits, framed_floors, grid
from spacedesign.capacity.space import room_space
from spacedesign.capacity.styles import style_modules
from tests.capacity.plans import rect_plan

STYLES = ["consultation", "boardroom", "u_shape", "banquet", "lounge", "coworking", "theatre"]


def _origins(floor, module, step=0.2):
    x0, y0, x1, y1 = floor.net.bounds
    ex0, ey0, ex1, ey1 = module.envelope
    return grid(np.arange(x0 - ex0, x1 - ex1 + 1e-6, step), np.arange(y0 - ey0, y1 - ey1 + 1e-6,
                                                                          step))


def _same_fits(net, free, zones, styles):
    """Every frame: cheap cuts cover net − free, and the fits equal those testing every piece."""
    cheap = framed_floors(net, free, zones)
    plain = framed_floors(net, free)
    assert all(f.cheap_cuts for f in cheap) and not any(f.cheap_cuts for f in plain)
    for a, b in zip(cheap, plain, strict=True):
        boxes = shapely.union_all(shapely.box(*a.cuts.T)) if a.cuts.size else shapely.Polygon()
        # what the boxes leave of net − free is at most a rounding sliver, far thinner than FIT
        # (a turned floor that rounding made invalid gives no meaningful overlay)
        if b.net.is_valid and b.free.is_valid:
            assert b.net.difference(b.free).difference(boxes).buffer(-1e-9).is_empty
        for style in styles:
            for module in style_modules(style, Clearances())[:3]:
                gx, gy = _origins(b, module)
                want = _fits(b.net, b.free, module, gx, gy)
                assert np.array_equal(_fits(a.net, a.free, module, gx, gy, a.cuts), want)
                assert np.array_equal(_fits(b.net, b.free, module, gx, gy, b.cuts), want)


@settings(max_examples=25, deadline=None)
@given(st.floats(2.4, 9.0).map(lambda v: round(v, 2)), st.floats(2.4, 7.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]), st.sampled_from(STYLES),
    st.sampled_from(["hinged", "sliding"]))
def test_zone_bounds_cuts_fit_as_testing_every_piece_on_rooms(width, depth, door, column, style,
                                                              operation):
    plan = rect_plan(width, depth, use="meeting", door_at=door, column=column,
                     operation=operation)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    _same_fits(space.net, space.free, [d.zone for d in space.doors], [style])


zone = st.tuples(st.floats(-1.0, 8.0), st.floats(-1.0, 6.0), st.floats(0.3, 2.0),
                 st.floats(0.3, 2.0))


@settings(max_examples=40, deadline=None)
@given(st.floats(3.0, 8.0), st.floats(3.0, 6.0), st.floats(-180.0, 180.0),
       st.lists(zone, min_size=1, max_size=4), st.sampled_from(STYLES))
def test_zone_bounds_cuts_fit_as_testing_every_piece_on_turned_floors(width, depth, angle,
                                                                      zones, style):
    """Drawn floors and zones turned by any angle: the frames are not axis-aligned in plan."""
    net = affinity.rotate(shapely.box(0.0, 0.0, width, depth), angle, origin=(0, 0))
    shapes = [affinity.rotate(shapely.box(x, y, x + w, y + h), angle, origin=(0, 0))
              for x, y, w, h in zones]
    free = net.difference(shapely.union_all(shapes))
    if free.is_empty or free.geom_type != "Polygon":
        return
    _same_fits(net, free, shapes, [style])


def test_cuts_missing_a_zone_give_other_fits():
    """Zones left out of the bounds let pieces stand in a door zone (the test can fail)."""
    plan = rect_plan(4.0, 4.0, use="meeting", door_at=2.0, operation="hinged")
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    differ = False
    for a, b in zip(framed_floors(space.net, space.free, []),
                    framed_floors(space.net, space.free), strict=True):
        assert a.cuts.shape == (0, 4)
        for module in style_modules("consultation", Clearances())[:3]:
            gx, gy = _origins(b, module, 0.1)
            differ |= not np.array_equal(_fits(a.net, a.free, module, gx, gy, a.cuts),
                                         _fits(b.net, b.free, module, gx, gy))
    assert differ
