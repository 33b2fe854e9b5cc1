"""Reading a plan for scoring: which room serves which program space, and room measures.

Rooms are matched to the program's spaces in this order: a room whose ``props.space`` names the
space; a room whose id is the space id or starts with ``<space id>-`` / ``<space id>_`` or
``<space id>`` followed by a digit; then any other room of the space's ``use``. Each room serves at
most one space, and a space takes at most ``count`` rooms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import shapely
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from spacedesign.model import Level, Plan, Program, Room, Space

__all__ = [
    "CIRCULATION_USES",
    "PlacedRoom",
    "match_spaces",
    "min_side",
    "net_polygon",
    "placed_rooms",
    "renovation_area",
]

CIRCULATION_USES = frozenset({"corridor", "lobby", "stair", "elevator"})
"""Room uses counted as circulation by the efficiency criterion."""


@dataclass(frozen=True)
class PlacedRoom:
    """A room with the level it stands on."""

    level: Level
    room: Room

    @property
    def id(self) -> str:
        """The room id."""
        return self.room.id

    @property
    def polygon(self) -> Polygon:
        """The room polygon (to wall centrelines)."""
        return self.room.polygon.geometry

    @property
    def centre(self) -> tuple[float, float]:
        """A point inside the room (the centroid when it lies inside)."""
        poly = self.polygon
        c = poly.centroid
        if not poly.contains(c):
            c = poly.representative_point()
        return (float(c.x), float(c.y))


def placed_rooms(plan: Plan) -> list[PlacedRoom]:
    """Every room of every level, in file order."""
    return [PlacedRoom(level, room) for level in plan.levels for room in level.rooms]


def _id_matches(room_id: str, space_id: str) -> bool:
    if room_id == space_id:
        return True
    return re.match(rf"^{re.escape(space_id)}([-_]|\d)", room_id) is not None


def match_spaces(plan: Plan, program: Program) -> dict[str, list[PlacedRoom]]:
    """Return, per program space id, the rooms that serve it (at most ``count`` each).

    Rooms inside the program's renovation zone are preferred over rooms elsewhere on the plan.

    Examples
    --------
    >>> from spacedesign.model import Level, Plan, Program, Room, Shape, Space
    >>> r = Room("consult-1", "相談室", "consultation", Shape.rectangle(0, 0, 3, 3))
    >>> plan = Plan("p", (Level("1F", Shape.rectangle(0, 0, 9, 9), rooms=(r,)),))
    >>> prog = Program("x", (Space("consult", "consultation", (6, 10), count=2),))
    >>> [p.id for p in match_spaces(plan, prog)["consult"]]
    ['consult-1']
    """
    rooms = placed_rooms(plan)
    zone = renovation_area(plan, program.zone)
    if zone is not None:
        level, area = zone

        def outside(p: PlacedRoom) -> bool:
            return p.level.id != level.id or not area.covers(ShapelyPoint(p.centre))

        rooms.sort(key=outside)  # stable: file order within each group
    taken: set[tuple[str, str]] = set()
    result: dict[str, list[PlacedRoom]] = {space.id: [] for space in program.spaces}

    def claim(space: Space, test: Callable[[PlacedRoom], bool]) -> None:
        for placed in rooms:
            key = (placed.level.id, placed.id)
            if len(result[space.id]) >= space.count or key in taken:
                continue
            if test(placed):
                result[space.id].append(placed)
                taken.add(key)

    def free(p: PlacedRoom) -> bool:
        return "space" not in p.room.props

    passes: list[Callable[[Space, PlacedRoom], bool]] = [
        lambda s, p: p.room.props.get("space") == s.id,
        lambda s, p: free(p) and p.id == s.id and p.room.use == s.use,
        lambda s, p: free(p) and _id_matches(p.id, s.id) and p.room.use == s.use,
        lambda s, p: free(p) and p.room.use == s.use,
    ]
    for test in passes:
        for space in program.spaces:
            claim(space, lambda p, s=space, t=test: t(s, p))  # type: ignore[misc]
    return result


def _solid_geometry(level: Level) -> BaseGeometry:
    parts = [w.footprint for w in level.walls]
    parts += [c.polygon.geometry for c in level.columns]
    return unary_union(parts) if parts else Polygon()


def net_polygon(level: Level, room: Room) -> BaseGeometry:
    """Return the room's net floor: its polygon minus walls and columns (DESIGN.md §4.1)."""
    return room.polygon.geometry.difference(_solid_geometry(level))


def min_side(polygon: BaseGeometry) -> float:
    """Return the room's smallest width: the diameter of the largest inscribed circle (m).

    For a rectangle this is its short side; for an L-shape, the narrower leg.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> round(min_side(box(0, 0, 4, 2.5)), 3)
    2.5
    """
    if polygon.is_empty or polygon.area <= 0:
        return 0.0
    line = shapely.maximum_inscribed_circle(polygon, 0.005)
    return 2.0 * float(line.length)


def renovation_area(plan: Plan, zone_id: str | None) -> tuple[Level, BaseGeometry] | None:
    """Return the level and polygon of zone ``zone_id`` (None if absent)."""
    if zone_id is None:
        return None
    for level in plan.levels:
        for zone in level.zones:
            if zone.id == zone_id:
                return level, zone.polygon.geometry
    return None


def rooms_in(level: Level, area: BaseGeometry) -> Iterator[Room]:
    """Rooms of ``level`` whose inside point lies in ``area``."""
    for room in level.rooms:
        if area.covers(ShapelyPoint(PlacedRoom(level, room).centre)):
            yield room
