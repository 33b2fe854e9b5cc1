"""Turn a block layout into plan records: rooms, partition walls, doors, openings, a counter.

Partitions (0.12 m) stand on every edge two new rectangles share; the corridor's centreline width
is the program's clear width plus one partition, so its clear width is exactly the program's.
Every room gets a 0.9 m clear sliding door onto the corridor, or onto the lounge when it does
not touch the corridor; the lounge opens wide onto the corridor and, where it touches the
entrance hall or the existing corridor, onto those as well. Doors keep a 1.5 m deep approach
free of columns on both sides.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from dataclasses import dataclass

from shapely import unary_union
from shapely.geometry import LineString, box

from spacedesign.generate.scenario.counter import COUNTER_DEPTH, COUNTER_INSET, reception_counter
from spacedesign.generate.scenario.entries import BuildError, corridor_entries, edge_openings
from spacedesign.generate.scenario.frame import Rect, edge_line
from spacedesign.generate.scenario.placing import (
    APPROACH_DEPTH,
    END_MARGIN,
    Segment,
    place_on_segment,
)
from spacedesign.generate.scenario.walls import (
    free_part,
    zone_fixed_walls,
)
from spacedesign.model import Fixture, Level, Opening, Room, Shape, Space, Wall

__all__ = [
    "APPROACH_DEPTH",
    "COUNTER_DEPTH",
    "COUNTER_INSET",
    "DOOR_WIDTH",
    "END_MARGIN",
    "PARTITION",
    "BuildError",
    "PlacedRoom",
    "assemble_level",
    "shared_segment",
]

PARTITION = 0.12
"""Thickness of generated partitions (m)."""

DOOR_WIDTH = 0.9
"""Clear width of generated doors (m)."""



@dataclass(frozen=True)
class PlacedRoom:
    """A program room placed as a plan rectangle."""

    id: str
    space: Space
    rect: Rect
    index: int


def shared_segment(a: Rect, b: Rect, tol: float = 1e-6) -> Segment | None:
    """Return the edge two touching rectangles share (longer than 1 cm), or None."""
    for ax, bx in ((a[2], b[0]), (a[0], b[2])):
        if abs(ax - bx) < tol:
            lo, hi = max(a[1], b[1]), min(a[3], b[3])
            if hi - lo > 0.01:
                return ((ax, lo), (ax, hi))
    for ay, by in ((a[3], b[1]), (a[1], b[3])):
        if abs(ay - by) < tol:
            lo, hi = max(a[0], b[0]), min(a[2], b[2])
            if hi - lo > 0.01:
                return ((lo, ay), (hi, ay))
    return None


def door_target(room: PlacedRoom, reception_ids: Sequence[str], rng: random.Random) -> float:
    """Where along its wall (0..1) a room's door goes first.

    Seated rooms (consultation, meeting, coworking) get the door in the middle of the wall, so
    that the furnished room keeps a 1.5 m turning circle (ROUTE-TURN): the furnisher keeps the
    1.4 m door approach clear and sets the table group away from it. Measured on the Nakano
    program, a 2.62 × 3.78 m consultation room with its door 0.7 m from a corner keeps only a
    1.42–1.45 m circle once furnished; with the door in the middle, 1.52–1.77 m. Other rooms
    draw a position; the reception's door is placed by the caller.
    """
    if room.id in reception_ids:
        return 0.0
    position = rng.choice((0.15, 0.5, 0.85))
    return 0.5 if room.space.seats else position


def _name(space: Space, index: int) -> tuple[str, str | None]:
    base = str(space.props.get("name", space.id))
    base_en = space.props.get("name_en")
    if space.count > 1:
        return f"{base}{index + 1}", (f"{base_en} {index + 1}" if base_en else None)
    return base, (str(base_en) if base_en else None)


def _seg_length(seg: Segment) -> float:
    return abs(seg[1][0] - seg[0][0]) + abs(seg[1][1] - seg[0][1])


def assemble_level(
    level: Level,
    *,
    bounds: Rect,
    entry_edge: str,
    corridor: tuple[str, Rect],
    rooms: Sequence[PlacedRoom],
    corridor_width: float,
    lounge_id: str | None,
    reception_ids: Sequence[str],
    kids_ids: Sequence[str],
    rng: random.Random,
    legs: Sequence[Rect] = (),
) -> Level:
    """Return the cleared ``level`` with the new rooms, partitions, doors and openings.

    ``legs`` are further rectangles of the corridor (the cross leg of an L-shaped corridor):
    the corridor room is their union with ``corridor``; where a leg ends on a zone edge with a
    public room across it, the corridor opens onto that room too (a second way in).

    Raises
    ------
    BuildError
        When a door cannot be placed or the corridor has no entry.
    """
    corridor_id, corridor_rect = corridor
    columns = tuple(c.polygon.geometry for c in level.columns)
    cells: list[tuple[str, Rect]] = [(corridor_id, corridor_rect)]
    cells += [(corridor_id, leg) for leg in legs] + [(r.id, r.rect) for r in rooms]
    walls: list[Wall] = []
    wall_of: dict[frozenset[str], list[tuple[str, Segment]]] = {}
    fixed_walls = zone_fixed_walls(level, bounds)
    for i, (aid, arect) in enumerate(cells):
        for bid, brect in cells[i + 1:]:
            seg = shared_segment(arect, brect) if aid != bid else None
            if seg is None:
                continue
            # only fixed walls whose box comes within reach can lie within 1e-6 of the segment
            sx0, sx1 = sorted((seg[0][0], seg[1][0]))
            sy0, sy1 = sorted((seg[0][1], seg[1][1]))
            near = tuple(w.path for w, _, (gx0, gy0, gx1, gy1) in fixed_walls
                         if gx0 <= sx1 + 1e-5 and sx0 - 1e-5 <= gx1 and gy0 <= sy1 + 1e-5
                         and sy0 - 1e-5 <= gy1)
            if near:
                free = free_part(seg, near)
                if free is None:
                    continue  # a fixed wall already stands there (no door in it)
                seg = free
            wid = f"G-P-{len(walls) + 1:02d}"
            glazed = {aid, bid} & set(kids_ids) and {aid, bid} & {lounge_id, corridor_id}
            walls.append(Wall(id=wid, path=seg, thickness=PARTITION,
                              kind="glazed" if glazed else "partition", fixed=False,
                              height=2.6 if not glazed else None))
            wall_of.setdefault(frozenset((aid, bid)), []).append((wid, seg))
    taken: list[tuple[Segment, float, float]] = []
    # entry: the corridor end on the zone edge (or, for a lounge at the entry, the lounge)
    entry_line = edge_line(bounds, entry_edge)
    has_entry, entries = corridor_entries(level, corridor_id, corridor_rect, legs, bounds,
                                          entry_edge, corridor_width)
    openings: list[Opening] = list(entries)
    counters: list[Fixture] = []
    ordered = sorted(rooms, key=lambda r: (r.id != lounge_id, r.id))
    for room in ordered:
        hosts = [corridor_id] if room.id == lounge_id else [corridor_id, lounge_id]
        placed = False
        shared = [(other, wid, seg) for other in hosts if other is not None
                  for wid, seg in sorted(wall_of.get(frozenset((room.id, other)), []),
                                         key=lambda ws: -_seg_length(ws[1]))]
        for other, wid, seg in shared:
            if room.id == lounge_id:
                length = abs(seg[1][0] - seg[0][0]) + abs(seg[1][1] - seg[0][1])
                width = min(2.4, length - 2 * END_MARGIN)
                if width < 1.2:
                    continue
                pos = place_on_segment(seg, width, columns, taken, 0.5)
                kind, op, ident = "opening", "none", f"G-O-{room.id}"
            else:
                width = DOOR_WIDTH
                target = door_target(room, reception_ids, rng)
                if room.id in reception_ids:
                    target = 0.0 if entry_line.distance(LineString(seg).interpolate(0.0)) < \
                        entry_line.distance(LineString(seg).interpolate(1.0)) else 1.0
                elif other == lounge_id:
                    # off the lounge: seated rooms centred (turning circle), others at the end
                    # towards the spine, where the lounge keeps its way through
                    mouth = box(*corridor_rect)
                    shift = 0.0 if room.space.seats else 0.5
                    target = 0.5 - shift if mouth.distance(LineString(seg).interpolate(0.0)) < \
                        mouth.distance(LineString(seg).interpolate(1.0)) else 0.5 + shift
                pos = place_on_segment(seg, width, columns, taken, target)
                kind, op, ident = "door", "sliding", f"G-D-{room.id}"
            if pos is None:
                continue
            openings.append(Opening(id=ident, kind=kind, wall=wid, at=pos, width=round(width, 3),
                                    operation=op, threshold=0.0, connects=(room.id, other)))
            placed = True
            break
        if not placed:
            raise BuildError(f"no door position for room {room.id!r}")
    for room in rooms:
        if room.id == lounge_id:
            wide = edge_openings(level, room.id, room.rect, bounds, columns, taken, 1.8,
                                 "opening")
            if not has_entry and not wide:
                raise BuildError("neither the corridor nor the lounge opens onto the entry")
            openings.extend(wide)
        elif room.id in reception_ids:
            front = edge_openings(level, room.id, room.rect, bounds, columns, taken,
                                  DOOR_WIDTH, "door")
            if not front:
                raise BuildError(f"{room.id!r} does not face the hall or the corridor")
            openings.extend(front[:1])
            doors = [o.at for o in openings if o.connects and room.id in o.connects]
            counters.append(reception_counter(room.rect, front[0].at, doors, room.id))
    passage = Shape.rectangle(*corridor_rect)
    if legs:
        union = unary_union([box(*corridor_rect), *(box(*leg) for leg in legs)])
        passage = Shape.from_geometry(union.simplify(1e-9))
    new_rooms = [Room(id=corridor_id, name="通路", name_en="Passage", use="corridor",
                      polygon=passage, public=True,
                      props={"clear_width": corridor_width, "generated": True})]
    for room in rooms:
        name, name_en = _name(room.space, room.index)
        new_rooms.append(Room(id=room.id, name=name, name_en=name_en, use=room.space.use,
                              polygon=Shape.rectangle(*room.rect),
                              public=room.space.use != "storage",
                              props={"space": room.space.id, "generated": True}))
    return dataclasses.replace(
        level,
        rooms=level.rooms + tuple(new_rooms),
        walls=level.walls + tuple(walls),
        openings=level.openings + tuple(openings),
        fixtures=level.fixtures + tuple(counters),
    )
