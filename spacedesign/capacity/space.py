"""The floor a room offers to furniture: net area, free polygon and door approaches.

Rooms are drawn to wall centrelines, so the net floor is the room polygon minus the wall
footprints, the columns and the fixed fixtures. Furniture must also keep clear the approach
space in front of every door (140 × 140 cm, standards.md §0) and a hinged door's swing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.capacity.catalogue import Clearances
from spacedesign.model import Level, Opening, Room

__all__ = ["DoorAccess", "RoomSpace", "room_space"]

_EMPTY = Polygon()
_SWINGING = {"hinged", "folding", None}


@dataclass(frozen=True)
class DoorAccess:
    """Where people enter a room: the opening, a point just inside, and the zone kept clear."""

    opening: str
    inside: tuple[float, float]
    zone: Polygon


@dataclass(frozen=True)
class RoomSpace:
    """A room's usable floor.

    Attributes
    ----------
    room : Room
    net : shapely geometry
        Room polygon minus walls, columns and fixtures (walkable floor).
    free : shapely geometry
        ``net`` minus door approach and swing zones: where furniture may stand.
    doors : tuple of DoorAccess
    """

    room: Room
    net: BaseGeometry
    free: BaseGeometry
    doors: tuple[DoorAccess, ...]

    @property
    def net_area(self) -> float:
        """Net floor area in m²."""
        return float(self.net.area)


def _room_side_normal(opening: Opening, room_poly: Polygon, wall_line: LineString) -> tuple[
    float, float, float, float
]:
    """Return the wall's unit tangent and unit normal at the opening, the normal pointing in."""
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


def _door_access(
    opening: Opening, room: Room, level: Level, clear: Clearances
) -> DoorAccess | None:
    poly = room.polygon.geometry
    try:
        wall = level.wall(opening.wall)
    except KeyError:
        return None
    line = wall.centreline
    tx, ty, nx, ny = _room_side_normal(opening, poly, line)
    half_t = wall.thickness / 2.0
    ox, oy = opening.at
    depth = clear.door_approach
    if opening.kind == "door" and opening.operation in _SWINGING:
        depth = max(depth, opening.width + 0.1)
    half_w = max(clear.door_approach, opening.width + 0.3) / 2.0

    def corner(s: float, n: float) -> tuple[float, float]:
        return (ox + tx * s + nx * n, oy + ty * s + ny * n)

    zone = Polygon([
        corner(-half_w, half_t - 0.01), corner(half_w, half_t - 0.01),
        corner(half_w, half_t + depth), corner(-half_w, half_t + depth),
    ])
    inside = corner(0.0, half_t + clear.door_approach / 2.0)
    return DoorAccess(opening.id, inside, zone)


def _touches_room(opening: Opening, room: Room, level: Level) -> bool:
    if not opening.is_passable:
        return False
    if opening.connects is not None:
        return room.id in opening.connects
    try:
        half_t = level.wall(opening.wall).thickness / 2.0
    except KeyError:
        half_t = 0.1
    boundary = room.polygon.geometry.exterior
    return bool(boundary.distance(Point(opening.at)) <= half_t + 0.05)


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal parts of ``geom`` (drop slivers of lines and points)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and g.area > 1e-9]
    return MultiPolygon(parts) if parts else _EMPTY


def room_space(level: Level, room: Room, clear: Clearances | None = None) -> RoomSpace:
    """Build the :class:`RoomSpace` of ``room`` on ``level``.

    Fixtures are subtracted when they belong to the room or overlap it; furniture already in the
    plan is ignored (furnishing replaces it).
    """
    clear = clear or Clearances()
    poly = room.polygon.geometry
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    obstacles: list[BaseGeometry] = []
    for wall in level.walls:
        fp = wall.footprint
        if not fp.is_empty and fp.intersects(poly):
            obstacles.append(fp)
    for column in level.columns:
        geom = column.polygon.geometry
        if geom.intersects(poly):
            obstacles.append(geom)
    for fixture in level.fixtures:
        if fixture.polygon is None:
            continue
        geom = fixture.polygon.geometry
        if fixture.room == room.id or geom.intersects(poly):
            obstacles.append(geom)
    blocked = shapely.union_all(obstacles) if obstacles else _EMPTY
    net = _polygonal(poly.difference(blocked)) if obstacles else poly
    doors: list[DoorAccess] = []
    for opening in level.openings:
        if _touches_room(opening, room, level):
            access = _door_access(opening, room, level, clear)
            if access is not None:
                doors.append(access)
    if doors:
        zones = shapely.union_all([d.zone for d in doors])
        free = _polygonal(net.difference(zones))
    else:
        free = net
    return RoomSpace(room=room, net=net, free=free, doors=tuple(doors))
