"""The floor a room offers to furniture: net area, free polygon and door approaches.

Rooms are drawn to wall centrelines, so the net floor is the room polygon minus the wall
footprints, the columns and the fixed fixtures. Furniture must also keep clear the approach
space in front of every door (140 × 140 cm, standards.md §0) and a hinged door's swing.

A :class:`Frame` turns that floor so one of the room's sides is the audience front;
:func:`framed_floors` gives all eight frames, prepared for fast containment tests.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.capacity.catalogue import Clearances
from spacedesign.capacity.cells import FloorCells
from spacedesign.model import Level, Opening, Room, Wall

__all__ = ["DoorAccess", "Frame", "FramedFloor", "RoomSpace", "framed_floors", "room_space",
           "wall_footprints"]

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


def _door_accesses(openings: Sequence[Opening], room: Room, level: Level,
                   clear: Clearances) -> list[DoorAccess]:
    """Return the :class:`DoorAccess` of each of ``openings`` into ``room`` (doors on walls).

    An opening on no wall of ``level`` is left out. Each zone is a ``door_approach`` deep box
    (deeper for a swinging door, wider for a wide one) on the room side of the wall: the side
    whose probe 30 cm off the opening is nearer the room (or inside it while the other is not),
    along the wall's direction 5 cm either side of the opening. The geometry (projection,
    points along the walls, probe distances and containment) is done in one call per step.
    """
    hosts: list[tuple[Opening, Wall]] = []
    for opening in openings:
        try:
            hosts.append((opening, level.wall(opening.wall)))
        except KeyError:
            continue
    if not hosts:
        return []
    poly = room.polygon.geometry
    lines = np.array([wall.centreline for _, wall in hosts], dtype=object)
    ats = np.array([opening.at for opening, _ in hosts], dtype=float).reshape(-1, 2)
    along = shapely.line_locate_point(lines, shapely.points(ats)).tolist()
    lengths = shapely.length(lines).tolist()
    ends = shapely.get_coordinates(shapely.line_interpolate_point(
        np.concatenate([lines, lines]),
        [max(d - 0.05, 0.0) for d in along] + [min(d + 0.05, n) for d, n in zip(
            along, lengths, strict=True)])).tolist()
    frames: list[tuple[float, float, float, float]] = []
    probes: list[tuple[float, float]] = []
    for k, (opening, _) in enumerate(hosts):
        (ax, ay), (bx, by) = ends[k], ends[k + len(hosts)]
        tx, ty = bx - ax, by - ay
        norm = math.hypot(tx, ty) or 1.0
        tx, ty = tx / norm, ty / norm
        nx, ny = -ty, tx
        frames.append((tx, ty, nx, ny))
        probes += [(opening.at[0] + nx * 0.3, opening.at[1] + ny * 0.3),
                   (opening.at[0] - nx * 0.3, opening.at[1] - ny * 0.3)]
    points = shapely.points(np.array(probes, dtype=float))
    dist = shapely.distance(poly, points).tolist()
    inside = shapely.contains(poly, points).tolist()
    ids: list[tuple[str, tuple[float, float]]] = []
    corners: list[list[tuple[float, float]]] = []
    for k, ((opening, wall), (tx, ty, nx, ny)) in enumerate(zip(hosts, frames, strict=True)):
        # probes: 2k inside, 2k + 1 outside
        if dist[2 * k + 1] < dist[2 * k] or (inside[2 * k + 1] and not inside[2 * k]):
            nx, ny = -nx, -ny
        half_t = wall.thickness / 2.0
        ox, oy = opening.at
        depth = clear.door_approach
        if opening.kind == "door" and opening.operation in _SWINGING:
            depth = max(depth, opening.width + 0.1)
        half_w = max(clear.door_approach, opening.width + 0.3) / 2.0
        corners.append([(ox + tx * s + nx * n, oy + ty * s + ny * n) for s, n in (
            (-half_w, half_t - 0.01), (half_w, half_t - 0.01), (half_w, half_t + depth),
            (-half_w, half_t + depth))])
        n = half_t + clear.door_approach / 2.0
        ids.append((opening.id, (ox + nx * n, oy + ny * n)))
    zones = shapely.polygons(np.array(corners, dtype=float))
    return [DoorAccess(name, at, zone) for (name, at), zone in zip(ids, zones, strict=True)]


def touches_room(opening: Opening, room: Room, level: Level) -> bool:
    """Whether ``opening`` is a way into ``room`` (passable, and connecting it or on its edge)."""
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


def wall_footprints(walls: Sequence[Wall]) -> list[Polygon]:
    """Return each wall's :attr:`~spacedesign.model.Wall.footprint`.

    Those not cached on the wall are buffered in one call: the same GEOS buffer of the same
    centreline, so the same polygons (a wall of fewer than two points takes its own).
    """
    out: list[Polygon | None] = [None] * len(walls)
    fresh: list[int] = []
    for k, wall in enumerate(walls):
        if "footprint" in wall.__dict__ or len(wall.path) < 2:
            out[k] = wall.footprint
        else:
            fresh.append(k)
    if fresh:
        lines = shapely.linestrings(
            np.array([q for k in fresh for q in walls[k].path], dtype=float),
            indices=np.repeat(np.arange(len(fresh)), [len(walls[k].path) for k in fresh]))
        feet = shapely.buffer(lines, np.array([walls[k].thickness / 2.0 for k in fresh]),
                              cap_style="flat", join_style="mitre")
        for k, foot in zip(fresh, feet, strict=True):
            out[k] = foot if isinstance(foot, Polygon) else _EMPTY
    return [foot if foot is not None else _EMPTY for foot in out]


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
    if level.walls:
        feet = np.array(wall_footprints(level.walls), dtype=object)
        obstacles.extend(feet[~shapely.is_empty(feet) & shapely.intersects(feet, poly)])
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
    doors = _door_accesses([o for o in level.openings if touches_room(o, room, level)], room,
                           level, clear)
    if doors:
        zones = shapely.union_all([d.zone for d in doors])
        free = _polygonal(net.difference(zones))
    else:
        free = net
    return RoomSpace(room=room, net=net, free=free, doors=tuple(doors))


def transform(geom: BaseGeometry | np.ndarray, m: np.ndarray) -> BaseGeometry | np.ndarray:
    """Apply the 2 × 2 matrix ``m`` to a geometry (or an array of them) about the origin.

    The coordinates are exactly those ``shapely.affinity.affine_transform`` gives for
    ``[m00, m01, m10, m11, 0, 0]`` (the same products and sums, one array call for all).
    """
    a, b, d, e = m[0, 0], m[0, 1], m[1, 0], m[1, 1]

    def coords(xy: np.ndarray) -> np.ndarray:
        x, y = xy.T
        return np.stack([a * x + b * y + 0.0, d * x + e * y + 0.0]).T

    return shapely.transform(geom, coords)


@dataclass(frozen=True)
class Frame:
    """Plan → frame: rotate by −``angle`` degrees about the origin, then mirror x if asked."""

    angle: float
    mirror: bool = False

    @cached_property
    def matrix(self) -> np.ndarray:
        """The plan → frame matrix."""
        c, s = math.cos(math.radians(self.angle)), math.sin(math.radians(self.angle))
        m = np.array([[c, s], [-s, c]])
        if self.mirror:
            m = np.array([[-1.0, 0.0], [0.0, 1.0]]) @ m
        return m

    @cached_property
    def inverse(self) -> np.ndarray:
        """The frame → plan matrix."""
        return np.linalg.inv(self.matrix)

    def to_frame(self, geom: BaseGeometry) -> BaseGeometry:
        """Plan coordinates → frame coordinates."""
        return transform(geom, self.matrix)

    def to_plan(self, geom: BaseGeometry) -> BaseGeometry:
        """Frame coordinates → plan coordinates."""
        return transform(geom, self.inverse)

    def point_to_plan(self, x: float, y: float) -> tuple[float, float]:
        """One frame point in plan coordinates."""
        px, py = self.inverse @ np.array([x, y])
        return float(px), float(py)

    def point_to_frame(self, x: float, y: float) -> tuple[float, float]:
        """One plan point in frame coordinates."""
        px, py = self.matrix @ np.array([x, y])
        return float(px), float(py)


def _dominant_angle(geom: BaseGeometry) -> float:
    """Direction (degrees in [0, 90)) of the longest side of the minimum rotated rectangle."""
    rect = shapely.minimum_rotated_rectangle(geom)
    coords = list(getattr(rect, "exterior", rect).coords) if not rect.is_empty else []
    best, angle = 0.0, 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(coords):
        length = math.hypot(x1 - x0, y1 - y0)
        if length > best + 1e-9:
            best, angle = length, math.degrees(math.atan2(y1 - y0, x1 - x0))
    angle = angle % 90.0
    if angle > 90.0 - 1e-6 or angle < 1e-6:
        angle = 0.0
    return round(angle, 9)


CUT_MARGIN = 0.01
"""How far (m) the zones' boxes in a frame reach past the zones' turned bounds."""


class FramedFloor:
    """A room's net and free floor turned into one frame (prepared for fast tests).

    The turned floors are made when first asked for: a style whose modules stand in only
    some frames (single tables are never mirrored) leaves the others unmade; the door zones'
    boxes likewise (without ``zones`` they cost an overlay, and single tables in small batches
    test their pieces without them).

    Parameters
    ----------
    frame : Frame
    net_plan, free_plan : shapely geometry
        The room's net and free floor in plan coordinates.
    zones : sequence of bounds, optional
        The plan bounds of the door zones, when ``free_plan`` is ``net_plan`` minus them.
    """

    def __init__(self, frame: Frame, net_plan: BaseGeometry, free_plan: BaseGeometry,
                 zones: Sequence[tuple[float, float, float, float]] | None = None) -> None:
        self.frame = frame
        self._plan = np.array([net_plan, free_plan], dtype=object)
        self._zones = zones

    @cached_property
    def _turned(self) -> tuple[BaseGeometry, BaseGeometry]:
        net, free = transform(self._plan, self.frame.matrix)
        shapely.prepare(net)
        shapely.prepare(free)
        return net, free

    @property
    def cheap_cuts(self) -> bool:
        """Whether :attr:`cuts` comes from the zones' bounds (no overlay)."""
        return self._zones is not None

    @cached_property
    def cuts(self) -> np.ndarray:
        """Boxes, one row each, that cover every part of ``net − free`` (the door zones).

        With the zones' plan bounds (``free`` is ``net`` minus the zones): each bounds turned
        into the frame, its corners' box widened by :data:`CUT_MARGIN` (far beyond rounding),
        without an overlay. Otherwise the bounds of the parts of ``net − free``.
        """
        if self._zones is not None:
            (a, b), (d, e) = self.frame.matrix.tolist()
            rows = []
            for x0, y0, x1, y1 in self._zones:
                corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
                fx = [a * x + b * y for x, y in corners]
                fy = [d * x + e * y for x, y in corners]
                rows.append((min(fx) - CUT_MARGIN, min(fy) - CUT_MARGIN,
                             max(fx) + CUT_MARGIN, max(fy) + CUT_MARGIN))
            return np.array(rows, dtype=float).reshape(-1, 4)
        cut = self.net.difference(self.free)
        parts = [g for g in getattr(cut, "geoms", [cut]) if not g.is_empty]
        return np.array([g.bounds for g in parts]).reshape(-1, 4)

    @cached_property
    def cells(self) -> tuple[FloorCells, FloorCells]:
        """The net and free floors' cells for box tests (each made for a first large batch)."""
        return FloorCells(self.net), FloorCells(self.free)

    @property
    def net(self) -> BaseGeometry:
        """The net floor in frame coordinates."""
        return self._turned[0]

    @property
    def free(self) -> BaseGeometry:
        """The free floor in frame coordinates."""
        return self._turned[1]


def framed_floors(net_plan: BaseGeometry, free_plan: BaseGeometry,
                  zones: Sequence[BaseGeometry] | None = None) -> tuple[FramedFloor, ...]:
    """Turn the room's floor into all eight frames (four fronts, mirrored or not).

    ``zones`` (the door zones, when ``free_plan`` is ``net_plan`` minus them) gives the
    frames' :attr:`FramedFloor.cuts` from their bounds.
    """
    base = _dominant_angle(net_plan)
    bounds = None if zones is None else [z.bounds for z in zones]
    return tuple(FramedFloor(Frame(base + 90.0 * k, m), net_plan, free_plan, bounds)
                 for k in range(4) for m in (False, True))
