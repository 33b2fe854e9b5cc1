"""A room is furnished in its setting: where it stands does not change its furniture.

:func:`spacedesign.capacity.furnish_plan` furnishes each room cut out of its level and moved to
the origin (:func:`spacedesign.capacity.setting.room_setting`), and a module fits a floor to
within :data:`spacedesign.capacity.layout.FIT`. So a room moved anywhere on the level, between
walls that run on past it by any length, gets the same furniture relative to it; and the
setting's key (what the scenario generator keeps furnishings by) is the same.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.capacity import furnish_plan
from spacedesign.capacity.layout import inside_boxes
from spacedesign.capacity.setting import room_setting
from spacedesign.model import Level, Opening, Plan, Room, Shape, Wall
from tests.capacity.plans import rect_plan


def _corridor_room(width: float, depth: float, use: str, dx: float, dy: float,
                   west: float, east: float) -> Plan:
    """A room at ``(dx, dy)`` whose south wall runs on ``west`` / ``east`` m past it."""
    t = 0.1
    x0, y0, x1, y1 = dx, dy, dx + width, dy + depth
    walls = (
        Wall("S", ((x0 - west, y0), (x1 + east, y0)), t),
        Wall("E", ((x1, y0), (x1, y1)), t),
        Wall("N", ((x1, y1), (x0, y1)), t),
        Wall("W", ((x0, y1), (x0, y0)), t),
    )
    door = Opening("D", "door", "S", (round(x0 + width / 2, 6), y0), 0.9, "sliding",
                   connects=("r", "hall"))
    window = Opening("G", "window", "N", (round(x0 + 1.0, 6), y1), 1.2)
    room = Room("r", "室", use, Shape.rectangle(x0, y0, x1, y1), public=True)
    level = Level("1F", Shape.rectangle(x0 - west - 1, y0 - 1, x1 + east + 1, y1 + 1),
                  walls=walls, openings=(door, window), rooms=(room,))
    return Plan(name="corridor room", levels=(level,))


def _relative(plan: Plan, dx: float, dy: float) -> list[tuple]:
    out = []
    for f in plan.levels[0].furniture:
        at = None if f.at is None else (f.at[0] - dx, f.at[1] - dy)
        shell = None if f.polygon is None else tuple(
            (x - dx, y - dy) for x, y in f.polygon.shell)
        out.append((f.id, f.kind, f.size, f.rotation, dict(f.props), at, shell))
    return out


def _same(a: list[tuple], b: list[tuple]) -> None:
    assert [x[:5] for x in a] == [x[:5] for x in b]
    for x, y in zip(a, b, strict=True):
        for p, q in ((x[5], y[5]), *zip(x[6] or (), y[6] or (), strict=True)):
            if p is not None:
                # records are rounded to 0.1 mm after the move
                assert abs(p[0] - q[0]) < 1.5e-4 and abs(p[1] - q[1]) < 1.5e-4


@settings(max_examples=20, deadline=None)
@given(
    width=st.integers(100, 140).map(lambda k: k * 0.05),
    depth=st.integers(80, 110).map(lambda k: k * 0.05),
    use=st.sampled_from(["meeting", "consultation", "lounge", "coworking"]),
    dx=st.integers(-1200, 1200).map(lambda k: k * 0.05),
    dy=st.integers(-1200, 1200).map(lambda k: k * 0.05),
    west=st.integers(8, 400).map(lambda k: k * 0.05),
    east=st.integers(8, 400).map(lambda k: k * 0.05),
)
def test_a_moved_room_gets_the_same_furniture_relative_to_it(width, depth, use, dx, dy, west,
                                                             east):
    here = _corridor_room(width, depth, use, 0.0, 0.0, 2.0, 2.0)
    there = _corridor_room(width, depth, use, dx, dy, west, east)
    key = room_setting(here.levels[0], here.levels[0].rooms[0]).key
    assert room_setting(there.levels[0], there.levels[0].rooms[0]).key == key
    a = furnish_plan(here, ruleset="tokyo")
    b = furnish_plan(there, ruleset="tokyo")
    assert a.levels[0].furniture  # every one of these rooms takes some furniture
    _same(_relative(a, 0.0, 0.0), _relative(b, dx, dy))


def test_the_setting_keeps_only_what_the_furnisher_looks_at():
    plan = _corridor_room(4.0, 3.0, "meeting", 12.35, 40.1, 30.0, 0.2)
    setting = room_setting(plan.levels[0], plan.levels[0].rooms[0])
    assert setting.origin == (12.35, 40.1)
    level = setting.level
    assert [r.id for r in level.rooms] == ["R"]
    # the window is not a way in; the door is, in the south wall cut to the room's surroundings
    assert [(o.id, o.kind, o.wall, o.at) for o in level.openings] == [("o0", "door", "w0",
                                                                       (2.0, 0.0))]
    # 30 m on to the west: cut 3 thicknesses + 5 cm past the room; 20 cm to the east: kept
    south = level.walls[0].path
    assert (south[0][0], south[-1][0]) == (-0.35, 4.2)
    # the cut wall's footprint is the whole wall's within the room
    room = plan.levels[0].rooms[0].polygon.geometry
    whole = plan.levels[0].walls[0].footprint.intersection(room)
    cut = shapely.affinity.translate(level.walls[0].footprint, 12.35, 40.1).intersection(room)
    assert whole.symmetric_difference(cut).area < 1e-9


def test_a_box_as_wide_as_the_floor_fits_whatever_its_rounding():
    floor = shapely.box(0.05, 0.05, 3.05, 2.05)
    shapely.prepare(floor)
    x0 = np.array([0.05, 0.05 - 1e-12, 0.05 + 1e-12, 0.05 - 1e-6])
    fits = inside_boxes(floor, x0, np.full(4, 0.05), x0 + 3.0, np.full(4, 2.05))
    assert fits.tolist() == [True, True, True, False]


def test_furnish_plan_on_a_moved_plan_moves_the_furniture():
    plan = rect_plan(6.0, 4.5, use="meeting")
    level = plan.levels[0]
    shift = (103.45, -27.3)

    def move(points):
        return tuple((x + shift[0], y + shift[1]) for x, y in points)

    moved = dataclasses.replace(
        level,
        outline=Shape(move(level.outline.shell)),
        walls=tuple(dataclasses.replace(w, path=move(w.path)) for w in level.walls),
        openings=tuple(dataclasses.replace(o, at=move((o.at,))[0]) for o in level.openings),
        rooms=tuple(dataclasses.replace(r, polygon=Shape(move(r.polygon.shell)))
                    for r in level.rooms))
    a = furnish_plan(plan)
    b = furnish_plan(plan.with_changes(levels=(moved,)))
    _same(_relative(a, 0.0, 0.0), _relative(b, *shift))
