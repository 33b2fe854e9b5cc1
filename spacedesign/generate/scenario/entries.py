"""Openings of a generated layout onto the public rooms across the zone's edges.

The corridor opens onto the hall (or the existing corridor) where it meets the entry edge and
where a leg ends on another edge; the lounge and the reception open onto them where a side lies
along an edge. What these depend on besides the openings already placed (the zone's level, the
corridor's or the room's rectangle) recurs from layout to layout: corridor positions and room
cuts snap to a grid. So :func:`corridor_entries` and the walls along the edges that
:func:`edge_openings` tries are remembered for the last level built on (bounded memos, keyed by
the exact rectangles).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from shapely.geometry import LineString, box

from spacedesign.analysis.memo import _Lru
from spacedesign.generate.scenario.frame import Rect, edge_line, neighbour_room
from spacedesign.generate.scenario.placing import END_MARGIN, Segment, place_on_segment
from spacedesign.generate.scenario.walls import padded, wall_line, walls_near
from spacedesign.model import Level, Opening, Point

__all__ = ["EDGE_ORDER", "ENTRY_MEMO", "BuildError", "corridor_entries", "edge_openings"]

ENTRY_MEMO = 1024
"""Corridors and rooms whose openings' geometry is remembered (for the last level)."""

EDGE_ORDER = ("west", "north", "east", "south")
"""Order in which the zone edges are tried."""


class BuildError(ValueError):
    """A layout cannot be turned into a plan (no door position, blocked entry)."""


_Entries = tuple[bool, tuple[Opening, ...], str | None]
_Sides = tuple[tuple[str, tuple[tuple[str, Segment], ...]], ...]
_MEMOS: list[tuple[Level, _Lru[tuple[object, ...], _Entries], _Lru[tuple[object, ...], _Sides]]]
_MEMOS = []


def _memos(level: Level) -> tuple[_Lru[tuple[object, ...], _Entries],
                                  _Lru[tuple[object, ...], _Sides]]:
    """Return the corridor-entry and edge-wall memos of ``level`` (new ones for a new level)."""
    for known, entries, sides in _MEMOS[:1]:  # one read (another thread may replace the entry)
        if known is level:
            return entries, sides
    entries, sides = _Lru(ENTRY_MEMO), _Lru(ENTRY_MEMO)
    _MEMOS[:] = [(level, entries, sides)]
    return entries, sides


def corridor_entries(level: Level, corridor_id: str, corridor_rect: Rect, legs: Sequence[Rect],
                     bounds: Rect, entry_edge: str,
                     corridor_width: float) -> tuple[bool, tuple[Opening, ...]]:
    """Whether the corridor opens onto the entry edge, and its openings onto public rooms.

    The opening at the entry (when the corridor's end on the entry edge is as wide as the
    corridor) comes first, then those where a leg ends on another zone edge. They depend on the
    level and the arguments only, so they are remembered per corridor for the last level asked
    about.

    Raises
    ------
    BuildError
        When the corridor's entry has no public room or no wall across it.
    """
    memo = _memos(level)[0]
    key = (corridor_id, tuple(corridor_rect), tuple(tuple(leg) for leg in legs), tuple(bounds),
           entry_edge, corridor_width)
    hit = memo.take([key])[0]
    if hit is None:
        try:
            hit = (*_corridor_entries(level, corridor_id, corridor_rect, legs, bounds,
                                      entry_edge, corridor_width), None)
        except BuildError as error:
            hit = (False, (), str(error))
        memo.put(key, hit)
    has_entry, openings, failure = hit
    if failure is not None:
        raise BuildError(failure)
    return has_entry, openings


def _corridor_entries(level: Level, corridor_id: str, corridor_rect: Rect, legs: Sequence[Rect],
                      bounds: Rect, entry_edge: str,
                      corridor_width: float) -> tuple[bool, tuple[Opening, ...]]:
    """:func:`corridor_entries` as computed (not remembered)."""
    openings = []
    touch = box(*corridor_rect).exterior.intersection(edge_line(bounds, entry_edge))
    has_entry = isinstance(touch, LineString) and touch.length >= corridor_width
    if has_entry:
        openings.append(_corridor_entry(level, corridor_id, touch, bounds, entry_edge,
                                        corridor_width))
    openings += _leg_entries(level, corridor_id, legs, bounds, entry_edge, corridor_width)
    return has_entry, tuple(openings)


def _corridor_entry(level: Level, corridor_id: str, entry_seg: LineString, bounds: Rect,
                    entry_edge: str, corridor_width: float) -> Opening:
    mid = entry_seg.interpolate(0.5, normalized=True)
    at: Point = (round(mid.x, 6), round(mid.y, 6))
    neighbour = neighbour_room(level, at, bounds, entry_edge)
    if neighbour is None:
        raise BuildError("no public room across the corridor's entry")
    half = corridor_width / 2
    span = LineString([entry_seg.interpolate(entry_seg.length / 2 - half),
                       entry_seg.interpolate(entry_seg.length / 2 + half)])
    host = next((w for w in walls_near(level, span.bounds)
                 if padded(w.path).covers(span)), None)
    if host is None:
        raise BuildError("no wall or public room at the corridor's entry")
    return Opening(id=f"G-O-{corridor_id}-entry", kind="opening", wall=host.id, at=at,
                   width=corridor_width, operation="none", threshold=0.0,
                   connects=(corridor_id, neighbour))


def _leg_entries(level: Level, corridor_id: str, legs: Sequence[Rect], bounds: Rect,
                 entry_edge: str, corridor_width: float) -> list[Opening]:
    """Return openings where a corridor leg ends on a zone edge with a public room across it."""
    out = []
    for i, leg in enumerate(legs):
        for edge in EDGE_ORDER:
            if edge == entry_edge:
                continue
            touch = box(*leg).exterior.intersection(edge_line(bounds, edge))
            if not isinstance(touch, LineString) or touch.length < corridor_width:
                continue
            try:
                entry = _corridor_entry(level, corridor_id, touch, bounds, edge, corridor_width)
            except BuildError:
                continue  # an exterior wall or a draught lobby: the leg ends there
            out.append(dataclasses.replace(entry, id=f"G-O-{corridor_id}-{edge}-{i + 1}"))
    return out


def edge_openings(level: Level, room_id: str, rect: Rect, bounds: Rect,
                  obstacles: Sequence[object], taken: list[tuple[Segment, float, float]],
                  width: float, kind: str) -> list[Opening]:
    """Return openings from a room onto public rooms across the zone edges (hall, corridor).

    On each edge the room's side lies along, the first wall there (of those whose overlap with
    the side is long enough) where an opening fits clear of ``obstacles`` and of the openings
    ``taken`` and with a public room across it takes one; ``taken`` gets its place.
    """
    memo = _memos(level)[1]
    key = (tuple(rect), tuple(bounds), width)
    sides = memo.take([key])[0]
    if sides is None:
        sides = memo.put(key, _edge_walls(level, rect, bounds, width))
    out: list[Opening] = []
    for edge, walls in sides:
        for wall_id, seg in walls:
            at = place_on_segment(seg, width, obstacles, taken, 0.5)
            if at is None:
                continue
            other = neighbour_room(level, at, bounds, edge)
            if other is None:
                taken.pop()
                continue
            door = kind == "door"
            out.append(Opening(id=f"G-{'D' if door else 'O'}-{room_id}-{edge}", kind=kind,
                               wall=wall_id, at=at, width=width,
                               operation="sliding" if door else "none", threshold=0.0,
                               connects=(room_id, other)))
            break
    return out


def _edge_walls(level: Level, rect: Rect, bounds: Rect, width: float) -> _Sides:
    """Per zone edge along which ``rect`` has a long enough side, the walls there, in order.

    ``(edge, ((wall id, segment), ...))``: the segment is the wall's overlap with the side, when
    it is long enough for a ``width`` opening with its end margins.
    """
    out = []
    room_geom = None
    need = width + 2 * END_MARGIN
    for edge in EDGE_ORDER:
        if _edge_contact(rect, bounds, edge) < need - 1e-9:
            continue  # the room has no side along this edge long enough (box arithmetic)
        room_geom = room_geom or box(*rect).exterior
        contact = room_geom.intersection(edge_line(bounds, edge))
        if not isinstance(contact, LineString) or contact.length < need:
            continue
        walls = []
        for wall in walls_near(level, contact.bounds):
            overlap = wall_line(wall.path).intersection(contact)
            if not isinstance(overlap, LineString) or overlap.length < need:
                continue
            coords = list(overlap.coords)
            seg: Segment = (tuple(coords[0]), tuple(coords[-1]))
            walls.append((wall.id, (min(seg), max(seg))))
        out.append((edge, tuple(walls)))
    return tuple(out)


def _edge_contact(rect: Rect, bounds: Rect, edge: str) -> float:
    """Length of ``rect``'s side lying along the zone edge ``edge`` (0 when none does)."""
    x0, y0, x1, y1 = rect
    bx0, by0, bx1, by1 = bounds
    if edge in ("west", "east"):
        line = bx0 if edge == "west" else bx1
        if line not in (x0, x1):
            return 0.0
        return max(0.0, min(y1, by1) - max(y0, by0))
    line = by0 if edge == "south" else by1
    if line not in (y0, y1):
        return 0.0
    return max(0.0, min(x1, bx1) - max(x0, bx0))
