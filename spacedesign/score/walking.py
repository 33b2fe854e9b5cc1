"""Walking distances through a level and lines of sight between rooms.

Walking graph: the nodes are the passable openings (doors and open gaps with ``connects``); two
openings of the same room are joined by the shortest path inside that room's polygon (straight
when it stays inside, else through the polygon's corners: an exact geodesic in a simple room).
A distance from the main entrance to a point in a room is the shortest path over that graph plus
the geodesic from the room's door to the point. Furniture is ignored: this is the walking
distance of the layout, not the accessible route of the rules.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

from shapely.geometry import LineString, Polygon, box
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union
from shapely.prepared import prep

from spacedesign.model import Level, Opening, Point

__all__ = ["EYE_HEIGHT", "WalkingGraph", "geodesic", "main_entrance", "visible_share"]

_EPS = 1e-3

EYE_HEIGHT = 1.2
"""m: eye height of a seated adult; walls lower than this (fences, low screens) do not block
sight in :func:`visible_share`."""


def _segment_inside(region: BaseGeometry, a: Point, b: Point) -> bool:
    if math.dist(a, b) < 1e-9:
        return True
    return bool(region.covers(LineString([a, b])))


def geodesic(polygon: Polygon, a: Point, b: Point) -> float:
    """Shortest path from ``a`` to ``b`` inside ``polygon`` (m); ``inf`` when impossible.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> L = Polygon([(0, 0), (4, 0), (4, 1), (1, 1), (1, 4), (0, 4)])
    >>> round(geodesic(L, (3.5, 0.5), (0.5, 3.5)), 3) > 4.24
    True
    """
    region = polygon.buffer(_EPS, join_style="mitre")
    extra = 0.0
    snapped = []
    for p in (a, b):
        if not region.covers(ShapelyPoint(p)):
            # a door drawn off the room's edge: walk to the nearest point of the room first
            near = nearest_points(polygon, ShapelyPoint(p))[0]
            extra += math.dist(p, (near.x, near.y))
            p = (float(near.x), float(near.y))
        snapped.append(p)
    a, b = snapped
    if _segment_inside(region, a, b):
        return extra + math.dist(a, b)
    return extra + _around_corners(polygon, region, a, b)


def _around_corners(polygon: Polygon, region: BaseGeometry, a: Point, b: Point) -> float:
    if _segment_inside(region, a, b):
        return math.dist(a, b)
    corners: list[Point] = [(float(x), float(y)) for x, y in polygon.exterior.coords[:-1]]
    for ring in polygon.interiors:
        corners += [(float(x), float(y)) for x, y in ring.coords[:-1]]
    nodes = [a, b, *corners]
    best = {0: 0.0}
    queue = [(0.0, 0)]
    while queue:
        dist, i = heapq.heappop(queue)
        if i == 1:
            return dist
        if dist > best.get(i, math.inf):
            continue
        for j in range(1, len(nodes)):
            if j == i:
                continue
            step = math.dist(nodes[i], nodes[j])
            if dist + step < best.get(j, math.inf) and _segment_inside(region, nodes[i], nodes[j]):
                best[j] = dist + step
                heapq.heappush(queue, (dist + step, j))
    return math.inf


def main_entrance(level: Level) -> Opening | None:
    """Return the main entrance of a level: a passable opening to ``outside``.

    Preference: ``props.main`` true, then one opening into a lobby, then automatic or sliding
    operation, then the widest.
    """
    rooms = {room.id: room for room in level.rooms}
    candidates = [o for o in level.openings
                  if o.is_passable and o.connects is not None and "outside" in o.connects]
    if not candidates:
        return None

    def rank(o: Opening) -> tuple[int, int, int, float]:
        inner = [r for r in (o.connects or ()) if r != "outside"]
        lobby = any(rooms[r].use == "lobby" for r in inner if r in rooms)
        smooth = o.operation in ("automatic", "sliding")
        return (int(bool(o.props.get("main"))), int(lobby), int(smooth), o.width)

    return max(candidates, key=rank)


class WalkingGraph:
    """Shortest walking distances from one door of a level to points in its rooms."""

    def __init__(self, level: Level, start: Opening) -> None:
        self.level = level
        self.start = start
        self._rooms = {room.id: room.polygon.geometry for room in level.rooms}
        doors = [o for o in level.openings if o.is_passable and o.connects is not None]
        self._doors_of: dict[str, list[Opening]] = {}
        for door in doors:
            for room_id in door.connects or ():
                if room_id in self._rooms:
                    self._doors_of.setdefault(room_id, []).append(door)
        self._previous: dict[str, tuple[str, str]] = {}
        self._by_id = {d.id: d for d in doors}
        self._distance = self._dijkstra(doors)

    def _dijkstra(self, doors: Sequence[Opening]) -> dict[str, float]:
        best = {self.start.id: 0.0}
        by_id = {d.id: d for d in doors}
        queue = [(0.0, self.start.id)]
        while queue:
            dist, door_id = heapq.heappop(queue)
            if dist > best.get(door_id, math.inf):
                continue
            door = by_id.get(door_id, self.start)
            for room_id in door.connects or ():
                polygon = self._rooms.get(room_id)
                if polygon is None:
                    continue
                for other in self._doors_of.get(room_id, ()):
                    if other.id == door_id:
                        continue
                    step = geodesic(polygon, door.at, other.at)
                    if dist + step < best.get(other.id, math.inf):
                        best[other.id] = dist + step
                        self._previous[other.id] = (door_id, room_id)
                        heapq.heappush(queue, (dist + step, other.id))
        return best

    def distance_to(self, room_id: str, point: Point) -> float:
        """Return the walking distance from the start door to ``point`` in ``room_id``."""
        polygon = self._rooms.get(room_id)
        if polygon is None:
            return math.inf
        best = math.inf
        for door in self._doors_of.get(room_id, ()):
            base = self._distance.get(door.id)
            if base is not None:
                best = min(best, base + geodesic(polygon, door.at, point))
        return best


    def route_into(self, room_id: str) -> list[tuple[str, Point, Point]]:
        """Return the hops ``(room, from, to)`` of the shortest walk to a door of ``room_id``.

        Each hop crosses one room from one door to the next (as a straight line: the geodesic
        around corners is measured, not drawn). Empty when the room cannot be reached.
        """
        doors = [d for d in self._doors_of.get(room_id, ()) if d.id in self._distance]
        if not doors:
            return []
        door_id = min(doors, key=lambda d: self._distance[d.id]).id
        hops: list[tuple[str, Point, Point]] = []
        while door_id in self._previous:
            before, through = self._previous[door_id]
            start = self._by_id.get(before, self.start)
            hops.append((through, start.at, self._by_id[door_id].at))
            door_id = before
        return hops[::-1]


def _sample(polygon: BaseGeometry, spacing: float) -> list[Point]:
    inner = polygon.buffer(-0.3)
    if inner.is_empty:
        inner = polygon
    x0, y0, x1, y1 = inner.bounds
    nx = max(2, min(8, math.ceil((x1 - x0) / spacing) + 1))
    ny = max(2, min(8, math.ceil((y1 - y0) / spacing) + 1))
    region = prep(inner)
    points: list[Point] = []
    for i in range(nx):
        for j in range(ny):
            p = (x0 + (x1 - x0) * i / (nx - 1), y0 + (y1 - y0) * j / (ny - 1))
            if region.covers(ShapelyPoint(p)):
                points.append(p)
    if not points:
        c = inner.representative_point()
        points.append((float(c.x), float(c.y)))
    return points


def _opaque(level: Level) -> BaseGeometry:
    walls = [w.footprint for w in level.walls if w.kind != "glazed"
             and (w.height is None or w.height >= EYE_HEIGHT)]
    gaps = []
    for o in level.openings:
        if o.kind == "window" or (o.kind == "opening") or o.operation == "none":
            half = o.width / 2.0
            gaps.append(box(o.at[0] - half, o.at[1] - half, o.at[0] + half, o.at[1] + half))
    solid = unary_union(walls) if walls else Polygon()
    if gaps:
        solid = solid.difference(unary_union(gaps))
    return solid


def visible_share(level: Level, viewer: BaseGeometry, target: BaseGeometry) -> float:
    """Share (0–1) of sample points in ``target`` seen from some sample point in ``viewer``.

    Sight passes through glazed walls, windows, open gaps (openings without a door leaf) and
    over walls lower than :data:`EYE_HEIGHT`; it is blocked by every other wall and by closed
    doors.
    """
    solid = prep(_opaque(level))
    eyes = _sample(viewer, 1.2)
    spots = _sample(target, 1.0)
    seen = 0
    for spot in spots:
        if any(not solid.intersects(LineString([eye, spot])) for eye in eyes):
            seen += 1
    return seen / len(spots)
