"""Door approach zones made in one call per step equal those made door by door, bit for bit."""

from __future__ import annotations

import math

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon

from spacedesign.capacity.catalogue import Clearances
from spacedesign.capacity.space import DoorAccess, _door_accesses, touches_room
from spacedesign.model import Level, Opening, Room, Shape, Wall

_SWINGING = {"hinged", "folding", None}


def _plain_normal(opening, room_poly, wall_line):
    """The room side of the wall at the opening, door by door (the form before)."""
    at = Point(opening.at)
    d = wall_line.project(at)
    a = wall_line.interpolate(max(d - 0.05, 0.0))
    b = wall_line.interpolate(min(d + 0.05, wall_line.length))
    tx, ty = b.x - a.x, b.y - a.y
    norm = math.hypot(tx, ty) or 1.0
    tx, ty = tx / norm, ty / norm
    nx, ny = -ty, tx
    probe_in = Point(opening.at[0] + nx * 0.3, opening.at[1] + ny * 0.3)
    probe_out = Point(opening.at[0] - nx * 0.3, opening.at[1] - ny * 0.3)
    if room_poly.distance(probe_out) < room_poly.distance(probe_in) or (
        room_poly.contains(probe_out) and not room_poly.contains(probe_in)
    ):
        nx, ny = -nx, -ny
    return tx, ty, nx, ny


def _plain_access(opening, room, level, clear):
    poly = room.polygon.geometry
    try:
        wall = level.wall(opening.wall)
    except KeyError:
        return None
    tx, ty, nx, ny = _plain_normal(opening, poly, wall.centreline)
    half_t = wall.thickness / 2.0
    ox, oy = opening.at
    depth = clear.door_approach
    if opening.kind == "door" and opening.operation in _SWINGING:
        depth = max(depth, opening.width + 0.1)
    half_w = max(clear.door_approach, opening.width + 0.3) / 2.0

    def corner(s, n):
        return (ox + tx * s + nx * n, oy + ty * s + ny * n)

    zone = Polygon([
        corner(-half_w, half_t - 0.01), corner(half_w, half_t - 0.01),
        corner(half_w, half_t + depth), corner(-half_w, half_t + depth),
    ])
    return DoorAccess(opening.id, corner(0.0, half_t + clear.door_approach / 2.0), zone)


coord = st.floats(-20.0, 20.0, allow_nan=False, allow_infinity=False)


@st.composite
def rooms_with_doors(draw):
    """A room (a rotated, maybe bent quadrilateral) with walls on its sides and doors on them."""
    cx, cy = draw(coord), draw(coord)
    w, d = draw(st.floats(1.5, 12.0)), draw(st.floats(1.5, 9.0))
    turn = math.radians(draw(st.sampled_from([0.0, 90.0, 17.5, 33.0, 180.0])))
    c, s = math.cos(turn), math.sin(turn)
    local = [(0.0, 0.0), (w, 0.0), (w, d), (0.0, d)]
    shell = tuple((cx + x * c - y * s, cy + x * s + y * c) for x, y in local)
    thick = draw(st.sampled_from([0.1, 0.12, 0.2, 0.3]))
    walls = [Wall(f"W{k}", (shell[k], shell[(k + 1) % 4]), thick) for k in range(4)]
    if draw(st.booleans()):
        walls.append(Wall("B", (*shell, shell[0]), thick))
    openings = []
    for k in range(draw(st.integers(1, 6))):
        side = draw(st.integers(0, 4))
        (ax, ay), (bx, by) = shell[side % 4], shell[(side + 1) % 4]
        t = draw(st.floats(0.0, 1.0))
        off = draw(st.sampled_from([0.0, 0.0, 0.04, -0.07]))
        at = (ax + (bx - ax) * t + off, ay + (by - ay) * t - off)
        host = "NOWALL" if side == 4 else draw(st.sampled_from([f"W{side}", walls[-1].id]))
        kind = draw(st.sampled_from(["door", "door", "opening"]))
        operation = draw(st.sampled_from(["hinged", "sliding", "folding", None]))
        openings.append(Opening(f"D{k}", kind, host, at, draw(st.floats(0.6, 2.4)), operation,
                                connects=("r", "outside")))
    room = Room("r", "室", "meeting", Shape(shell))
    level = Level("1F", Shape(shell), walls=tuple(walls), openings=tuple(openings),
                  rooms=(room,))
    return level, room


@settings(max_examples=300, deadline=None)
@given(rooms_with_doors(), st.sampled_from([1.4, 1.5, 0.9]))
def test_door_zones_are_those_made_door_by_door(drawn, approach):
    level, room = drawn
    clear = Clearances(door_approach=approach)
    doors = [o for o in level.openings if touches_room(o, room, level)]
    plain = [a for a in (_plain_access(o, room, level, clear) for o in doors) if a is not None]
    got = _door_accesses(doors, room, level, clear)
    assert [(a.opening, a.inside) for a in got] == [(a.opening, a.inside) for a in plain]
    assert [shapely.to_wkb(a.zone) for a in got] == [shapely.to_wkb(a.zone) for a in plain]
