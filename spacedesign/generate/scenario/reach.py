"""A self-contained wheelchair reachability test: door graph plus clear-width geometry.

Used to verify generated scenarios independently of the rule checker: a room is reachable when
(1) a chain of doors and openings at least ``clear`` wide and without a threshold links it to the
start room, and (2) the free floor (rooms minus walls, with door gaps, minus columns and, if
asked, furniture) eroded by half of ``clear`` still connects it to the start room.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from shapely import union_all
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.model import Level

__all__ = ["door_graph_reach", "free_floor", "wheelchair_reachable"]


def door_graph_reach(level: Level, start: str, clear: float = 0.9) -> set[str]:
    """Return the rooms linked to ``start`` by doors/openings at least ``clear`` wide, level."""
    links: dict[str, set[str]] = {}
    for o in level.openings:
        if not o.is_passable or o.connects is None:
            continue
        if o.width + 1e-9 < clear or o.threshold > 0.005:
            continue
        a, b = o.connects
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in links.get(queue.popleft(), ()):
            if nxt not in seen and nxt != "outside":
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _gap(path: tuple[tuple[float, float], ...], at: tuple[float, float], width: float,
         depth: float) -> BaseGeometry:
    line = LineString(path)
    pos = line.project(Point(at))
    seg = LineString([line.interpolate(max(0.0, pos - width / 2)),
                      line.interpolate(min(line.length, pos + width / 2))])
    return seg.buffer(depth, cap_style="flat")


def free_floor(level: Level, rooms: Iterable[str], *, furniture: bool = False) -> BaseGeometry:
    """Return the floor of ``rooms`` people can stand on: minus walls (with door gaps), columns."""
    wanted = set(rooms)
    floor = union_all([r.polygon.geometry for r in level.rooms if r.id in wanted])
    walls = {w.id: w for w in level.walls}
    solid = union_all([w.footprint for w in level.walls])
    gaps = [
        _gap(walls[o.wall].path, o.at, o.width, walls[o.wall].thickness)
        for o in level.openings if o.is_passable and o.wall in walls
    ]
    if gaps:
        solid = solid.difference(union_all(gaps))
    blocked = [solid] + [c.polygon.geometry for c in level.columns]
    if furniture:
        blocked += [f.footprint.geometry for f in level.furniture
                    if f.room in wanted and f.kind not in ("other",)]
    return floor.difference(union_all(blocked))


def wheelchair_reachable(
    level: Level, start: str, targets: Iterable[str], *, clear: float = 0.9,
    furniture: bool = False,
) -> dict[str, bool]:
    """Return, for each target room, whether a wheelchair gets there from ``start``.

    Parameters
    ----------
    level : Level
        The storey.
    start : str
        Room id where the route starts (for instance the entrance hall).
    targets : iterable of str
        Room ids to reach.
    clear : float
        Clear width a wheelchair needs along the route and through doors (m).
    furniture : bool
        Whether furniture counts as an obstacle.
    """
    goals = list(targets)
    by_doors = door_graph_reach(level, start, clear)
    rooms = by_doors | {start}
    floor = free_floor(level, rooms, furniture=furniture)
    eroded = floor.buffer(-(clear / 2 - 0.01), join_style="mitre")
    parts: list[Polygon] = list(getattr(eroded, "geoms", [eroded]))
    start_geom = next(r.polygon.geometry for r in level.rooms if r.id == start)
    main = max(parts, key=lambda p: p.intersection(start_geom).area, default=None)
    out = {}
    for goal in goals:
        room = next((r for r in level.rooms if r.id == goal), None)
        ok = (goal in by_doors and main is not None and room is not None
              and main.intersection(room.polygon.geometry).area > 0.05)
        out[goal] = bool(ok)
    return out
