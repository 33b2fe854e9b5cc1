"""A room cut out of its level and moved to the origin: exactly what the furnisher looks at.

The furnisher (:func:`~spacedesign.capacity.room_space`, then
:func:`~spacedesign.capacity.furnish_room`) sees the room polygon and its use, the walls,
columns and fixtures over it, and the doors into it. :func:`room_setting` cuts those out of the
level, renames them (``R``, ``w0``, ``o0``, …) and moves them so the lower-left corner of the
room's bounds is the origin, with local coordinates rounded to :data:`DIGITS` decimals (a
nanometre, far below any drawing's precision). The furnisher then works in those local
coordinates and :func:`~spacedesign.capacity.furniture.furniture_records` moves what it
placed back.

So the same room between the same walls gets the same furniture, relative to the room, wherever
it stands and whatever its elements are called; and :attr:`RoomSetting.key` names those inputs
exactly, which lets a caller keep furnishings per key (the scenario generator does).

>>> from spacedesign.model import Level, Room, Shape
>>> room = Room("a", "A", "meeting", Shape.rectangle(10.0, 20.0, 14.0, 23.0))
>>> level = Level("1F", Shape.rectangle(0.0, 0.0, 40.0, 40.0), rooms=(room,))
>>> setting = room_setting(level, room)
>>> setting.origin, setting.room.polygon.shell[2]
((10.0, 20.0), (4.0, 3.0))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from shapely.geometry import LineString, Point

from spacedesign.capacity.space import touches_room
from spacedesign.model import Column, Fixture, Level, Opening, Points, Room, Shape, Wall
from spacedesign.model import Point as XY

__all__ = ["DIGITS", "LOCAL_ROOM", "RoomSetting", "room_setting"]

DIGITS = 9
"""Decimals (m) local coordinates are rounded to."""

LOCAL_ROOM = "R"
"""The room's id in its setting."""


@dataclass(frozen=True)
class RoomSetting:
    """A room and what the furnisher looks at for it, in local coordinates.

    Attributes
    ----------
    level : Level
        Holds only the room (id :data:`LOCAL_ROOM`), the walls, columns and fixtures over it
        and the doors into it, renamed and moved by ``-origin``.
    origin : tuple of float
        Where the local origin is in plan coordinates.
    """

    level: Level
    origin: XY
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the records' field values, exactly (dataclass repr; floats print round-trip)
        object.__setattr__(self, "key", repr(self.level))

    @property
    def room(self) -> Room:
        """The room, in local coordinates."""
        return self.level.rooms[0]


def _moved(points: Points, ox: float, oy: float) -> Points:
    return tuple((round(x - ox, DIGITS), round(y - oy, DIGITS)) for x, y in points)


def _shape(shape: Shape, ox: float, oy: float) -> Shape:
    return Shape(_moved(shape.shell, ox, oy), tuple(_moved(h, ox, oy) for h in shape.holes))


def _pieces(wall: Wall, bounds: tuple[float, float, float, float]) -> list[Points]:
    """Return the wall's centreline cut to the room's bounds widened by 3 thicknesses + 5 cm.

    Within the room the cut wall's footprint is the whole wall's: a cut end's flat cap, and a
    mitred corner left out (a mitre reaches at most 2.5 thicknesses), stay outside it. So a
    wall running on past the room does not make the setting depend on how far it runs.
    """
    margin = 3.0 * wall.thickness + 0.05
    x0, y0, x1, y1 = bounds
    clipped = shapely.clip_by_rect(wall.centreline, x0 - margin, y0 - margin, x1 + margin,
                                   y1 + margin)
    return [tuple(g.coords) for g in getattr(clipped, "geoms", [clipped])
            if isinstance(g, LineString) and not g.is_empty and g.length > 0.0]


def room_setting(level: Level, room: Room) -> RoomSetting:
    """Return the :class:`RoomSetting` of ``room`` on ``level`` (see the module docstring).

    The walls, columns and fixtures are those :func:`~spacedesign.capacity.room_space` would
    take (overlapping the room, or fixtures of the room), walls cut to the room's surroundings;
    the openings those it treats as doors into the room. They keep their order on the level.
    """
    poly = room.polygon.geometry
    bounds = poly.bounds
    ox, oy = bounds[0], bounds[1]
    doors = [o for o in level.openings if touches_room(o, room, level)]
    holding = {o.wall for o in doors}
    walls: list[Wall] = []
    pieces: dict[str, list[Wall]] = {}
    for wall in level.walls:
        if wall.id not in holding and (wall.footprint.is_empty
                                       or not wall.footprint.intersects(poly)):
            continue
        for path in _pieces(wall, bounds):
            walls.append(Wall(f"w{len(walls)}", _moved(path, ox, oy), wall.thickness))
            pieces.setdefault(wall.id, []).append(walls[-1])
    openings: list[Opening] = []
    for opening in doors:
        at = _moved((opening.at,), ox, oy)[0]
        # the piece the door is in (a wall leaving the surroundings and coming back is cut in two)
        near = min(pieces.get(opening.wall, ()), default=None,
                   key=lambda w: w.centreline.distance(Point(at)))
        if near is not None:
            openings.append(Opening(f"o{len(openings)}", opening.kind, near.id, at, opening.width,
                                    operation=opening.operation,
                                    connects=(LOCAL_ROOM, LOCAL_ROOM)))
    local_room = Room(LOCAL_ROOM, "", room.use, _shape(room.polygon, ox, oy))
    moved = Level(
        id="L",
        outline=local_room.polygon,
        walls=tuple(walls),
        columns=tuple(Column(f"c{i}", _shape(c.polygon, ox, oy)) for i, c in enumerate(
            c for c in level.columns if c.polygon.geometry.intersects(poly))),
        openings=tuple(openings),
        rooms=(local_room,),
        fixtures=tuple(Fixture(f"f{i}", "other", _shape(shape, ox, oy), room=LOCAL_ROOM)
                       for i, shape in enumerate(
                           f.polygon for f in level.fixtures if f.polygon is not None and (
                               f.room == room.id or f.polygon.geometry.intersects(poly)))),
    )
    return RoomSetting(moved, (ox, oy))
