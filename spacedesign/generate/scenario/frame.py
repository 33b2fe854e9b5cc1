"""The renovation zone as a rectangle with an entry edge, and what lies around it.

A :class:`ZoneFrame` maps the local (u, v) frame of :mod:`.layout` to plan coordinates for one
entry edge: ``u`` grows from the entry edge into the zone. :func:`clear_zone` removes what the
renovation replaces (rooms, movable partitions, their doors and furniture) and keeps the fixed
structure: exterior and fixed walls, columns, windows and everything outside the zone.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from shapely.geometry import LineString, Polygon, box

from spacedesign.analysis.memo import _Lru
from spacedesign.errors import InputError
from spacedesign.generate.scenario.layout import LocalRect
from spacedesign.model import Level, Plan, Point, Zone

__all__ = [
    "EDGES",
    "Rect",
    "ZoneFrame",
    "axis_segment",
    "clear_zone",
    "edge_line",
    "find_zone",
    "neighbour_room",
    "overlap_length",
    "zone_box",
]

_SEGMENTS: dict[int, tuple[object, tuple[Point, Point] | None]] = {}


def axis_segment(line: LineString) -> tuple[Point, Point] | None:
    """Return a line's two ends when it is one axis-parallel segment, else None.

    Memoised per line object: window spans are asked about for every drawn room.
    """
    hit = _SEGMENTS.get(id(line))
    if hit is None or hit[0] is not line:
        coords = [(float(c[0]), float(c[1])) for c in line.coords]
        ends = None
        if len(coords) == 2 and coords[0] != coords[1] and (
                coords[0][0] == coords[1][0] or coords[0][1] == coords[1][1]):
            ends = (coords[0], coords[1])
        if len(_SEGMENTS) > 4096:
            _SEGMENTS.clear()
        hit = _SEGMENTS[id(line)] = (line, ends)
    return hit[1]


def overlap_length(a: Point, b: Point, line: LineString) -> float:
    """Length of ``line`` lying on the axis-parallel segment ``a``-``b`` (as shapely gives it).

    When ``line`` is one axis-parallel segment only a collinear overlap has a length, computed
    directly; otherwise shapely's ``intersection(...).length``.

    >>> overlap_length((0.0, 0.0), (4.0, 0.0), LineString([(3, 0), (6, 0)]))
    1.0
    >>> overlap_length((0.0, 0.0), (4.0, 0.0), LineString([(2, -1), (2, 1)]))
    0.0
    """
    ends = axis_segment(line)
    if ends is None or (a[0] != b[0]) == (a[1] != b[1]):
        return float(LineString([a, b]).intersection(line).length)
    (p, q), (r, s) = ends
    if q == s:  # a horizontal span
        if a[1] != b[1] or q != a[1]:
            return 0.0
        lo, hi = max(min(a[0], b[0]), min(p, r)), min(max(a[0], b[0]), max(p, r))
    else:
        if a[0] != b[0] or p != a[0]:
            return 0.0
        lo, hi = max(min(a[1], b[1]), min(q, s)), min(max(a[1], b[1]), max(q, s))
    return hi - lo if hi > lo else 0.0


EDGES = ("west", "north", "east", "south")
"""Entry edges in a fixed order (deterministic search)."""

Rect = tuple[float, float, float, float]
"""An axis-aligned rectangle ``(x0, y0, x1, y1)`` in plan coordinates."""

TOL = 1e-6

CORE_USES = frozenset({"stair", "elevator", "toilet", "accessible_toilet"})
"""Rooms the renovation keeps even inside the zone (the building's core)."""

FIXED_FIXTURES = frozenset({"elevator", "stair", "shaft", "accessible_toilet"})
"""Fixtures the renovation keeps even when their room is replaced (or any with ``fixed``)."""


@dataclass(frozen=True)
class ZoneFrame:
    """The zone's bounding rectangle seen from one entry edge."""

    bounds: Rect
    edge: str

    @property
    def size(self) -> tuple[float, float]:
        """``(U, V)``: length along the spine and width across it (m)."""
        x0, y0, x1, y1 = self.bounds
        if self.edge in ("west", "east"):
            return (x1 - x0, y1 - y0)
        return (y1 - y0, x1 - x0)

    def point(self, u: float, v: float) -> Point:
        """Plan coordinates of the local point ``(u, v)``."""
        x0, y0, x1, y1 = self.bounds
        if self.edge == "west":
            return (round(x0 + u, 6), round(y0 + v, 6))
        if self.edge == "east":
            return (round(x1 - u, 6), round(y0 + v, 6))
        if self.edge == "south":
            return (round(x0 + v, 6), round(y0 + u, 6))
        return (round(x0 + v, 6), round(y1 - u, 6))

    def rect(self, local: LocalRect) -> Rect:
        """Plan rectangle of a local rectangle."""
        x0, y0, x1, y1 = self.bounds
        u0, v0, u1, v1 = local.u0, local.v0, local.u1, local.v1
        edge = self.edge
        # as point() maps both corners, ordered (u0 <= u1 and v0 <= v1 are not assumed)
        if edge == "west":
            ax, ay, bx, by = x0 + u0, y0 + v0, x0 + u1, y0 + v1
        elif edge == "east":
            ax, ay, bx, by = x1 - u0, y0 + v0, x1 - u1, y0 + v1
        elif edge == "south":
            ax, ay, bx, by = x0 + v0, y0 + u0, x0 + v1, y0 + u1
        else:
            ax, ay, bx, by = x0 + v0, y1 - u0, x0 + v1, y1 - u1
        ax, ay, bx, by = round(ax, 6), round(ay, 6), round(bx, 6), round(by, 6)
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def find_zone(plan: Plan, zone_id: str) -> tuple[int, Level, Zone]:
    """Return ``(level index, level, zone)`` of the zone ``zone_id``.

    Raises
    ------
    InputError
        When no level has the zone, or the zone is not an axis-aligned rectangle.
    """
    for index, level in enumerate(plan.levels):
        for zone in level.zones:
            if zone.id == zone_id:
                geom = zone.polygon.geometry
                if abs(geom.area - geom.envelope.area) > 1e-6:
                    raise InputError(f"zone {zone_id!r} is not an axis-aligned rectangle; the "
                                     "scenario generator plans rectangular zones",
                                     element=zone_id)
                return index, level, zone
    raise InputError(f"the plan has no zone {zone_id!r}", element=zone_id)


def zone_box(zone: Zone) -> Rect:
    """Return the zone's rectangle ``(x0, y0, x1, y1)``."""
    x0, y0, x1, y1 = zone.polygon.geometry.bounds
    return (float(x0), float(y0), float(x1), float(y1))


def _inside(geom: Polygon | LineString, zone: Polygon) -> bool:
    if geom.is_empty:
        return False
    if isinstance(geom, LineString):
        return bool(zone.buffer(TOL * 10).covers(geom))
    return bool(geom.intersection(zone).area >= 0.5 * geom.area)


def clear_zone(level: Level, zone: Zone) -> tuple[Level, frozenset[str]]:
    """Remove the zone's rooms, movable partitions, their openings, fixtures and furniture.

    Walls that are ``fixed`` or ``exterior``, walls not lying inside the zone, walls on the
    zone's boundary (they close the zone off from the rooms that stay, such as the entrance
    hall; only their openings into removed rooms go), columns, windows on kept walls, core
    rooms (:data:`CORE_USES`), fixed fixtures (:data:`FIXED_FIXTURES` or ``props.fixed``;
    detached from a removed room) and zones stay.

    Returns
    -------
    (Level, frozenset)
        The cleared level and the ids of the removed rooms.
    """
    area = zone.polygon.geometry
    removed_rooms = frozenset(r.id for r in level.rooms
                              if r.use not in CORE_USES and _inside(r.polygon.geometry, area))
    rim = area.exterior.buffer(TOL * 10)
    removed_walls = frozenset(
        w.id for w in level.walls
        if not w.fixed and w.kind != "exterior" and _inside(LineString(w.path), area)
        and not rim.covers(LineString(w.path))
    )
    openings = tuple(
        o for o in level.openings
        if o.wall not in removed_walls
        and not (o.connects and any(c in removed_rooms for c in o.connects))
    )
    furniture = tuple(
        f for f in level.furniture
        if f.room not in removed_rooms
        and not (f.room is None and _inside(f.footprint.geometry, area))
    )
    fixtures = tuple(
        f if f.room not in removed_rooms else dataclasses.replace(f, room=None)
        for f in level.fixtures
        if f.room not in removed_rooms or f.kind in FIXED_FIXTURES or f.props.get("fixed")
    )
    cleared = dataclasses.replace(
        level,
        rooms=tuple(r for r in level.rooms if r.id not in removed_rooms),
        walls=tuple(w for w in level.walls if w.id not in removed_walls),
        openings=openings,
        furniture=furniture,
        fixtures=fixtures,
    )
    return cleared, removed_rooms


def edge_line(bounds: Rect, edge: str) -> LineString:
    """Return the zone edge ``edge`` as a line."""
    return _edge_line(tuple(bounds), edge)


@functools.lru_cache(maxsize=256)
def _edge_line(bounds: Rect, edge: str) -> LineString:
    x0, y0, x1, y1 = bounds
    ends = {"west": ((x0, y0), (x0, y1)), "east": ((x1, y0), (x1, y1)),
            "south": ((x0, y0), (x1, y0)), "north": ((x0, y1), (x1, y1))}[edge]
    return LineString(ends)


def neighbour_room(level: Level, at: Point, bounds: Rect, edge: str) -> str | None:
    """Return the public room outside the zone just across ``edge`` at ``at`` (or None).

    A draught lobby (a room with an automatic door to the outside) does not count: opening the
    zone into it would break its seal. The first such room, in the level's order, whose outline
    meets a 2 cm cell 0.3 m across the edge; only rooms whose box meets the cell's are asked
    (a shape outside a box cannot meet what lies in it).

    The answer depends on the level, ``at`` and ``edge`` only: it is remembered per ``(at,
    edge)`` for the last level asked about (:data:`NEIGHBOUR_MEMO` of them; the doors of
    generated layouts open at the same few points of the zone's edges).
    """
    memo = _neighbour_memo(level)
    key = (at, edge)
    hit = memo.take([key])[0]
    if hit is not None:
        return hit[0]
    return memo.put(key, (_neighbour_room(level, at, edge),))[0]


NEIGHBOUR_MEMO = 4096
"""Points across a zone edge whose neighbour room is remembered (for the last level)."""

_NEIGHBOURS: list[tuple[Level, _Lru[tuple[Point, str], tuple[str | None]]]] = []


def _neighbour_memo(level: Level) -> _Lru[tuple[Point, str], tuple[str | None]]:
    """Return the neighbour rooms remembered for ``level`` (a new memo for a new level)."""
    for known, memo in _NEIGHBOURS[:1]:  # one read of the entry (another thread may replace it)
        if known is level:
            return memo
    memo = _Lru(NEIGHBOUR_MEMO)
    _NEIGHBOURS[:] = [(level, memo)]
    return memo


def _neighbour_room(level: Level, at: Point, edge: str) -> str | None:
    """:func:`neighbour_room` as computed (not remembered)."""
    step = 0.3
    x, y = at
    probe = {"west": (x - step, y), "east": (x + step, y), "south": (x, y - step),
             "north": (x, y + step)}[edge]
    cx0, cy0, cx1, cy1 = probe[0] - 0.01, probe[1] - 0.01, probe[0] + 0.01, probe[1] + 0.01
    cell = None
    for rid, geom, (gx0, gy0, gx1, gy1) in _public_rooms(level):
        if gx0 <= cx1 and cx0 <= gx1 and gy0 <= cy1 and cy0 <= gy1:
            cell = cell if cell is not None else box(cx0, cy0, cx1, cy1)
            if geom.intersects(cell):
                return rid
    return None


_PUBLIC: list[tuple[Level, list[tuple[str, Any, Rect]]]] = []


def _public_rooms(level: Level) -> list[tuple[str, Any, Rect]]:
    """Return the level's public rooms but draught lobbies, in order: ``(id, outline, box)``.

    Remembered for the last level asked about (the search builds on one cleared level).
    """
    for known, rooms in _PUBLIC[:1]:  # one read of the entry (another thread may replace it)
        if known is level:
            return rooms
    vestibules = {r for o in level.openings if o.connects and "outside" in o.connects
                  and o.operation == "automatic" for r in o.connects}
    rooms = []
    for room in level.rooms:
        if room.public and room.id not in vestibules:
            x0, y0, x1, y1 = room.polygon.geometry.bounds
            rooms.append((room.id, room.polygon.geometry, (float(x0), float(y0), float(x1),
                                                             float(y1))))
    _PUBLIC[:] = [(level, rooms)]
    return rooms
