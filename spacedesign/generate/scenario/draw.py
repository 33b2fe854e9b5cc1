"""Draw block layouts of the renovation zone: the zone's fixed elements, sizing, one random draw.

:func:`prepare` reads what the zone keeps (columns, fixed fixtures, fixed walls, windows, the
public rooms around it) once per plan and program; :func:`draw` makes one random spine-and-bands
layout in the zone's local frame, sized in closed form, or None when it cannot fit or breaks a
fixed element (see :mod:`.fixed`).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shapely.geometry import LineString, box

from spacedesign.generate.scenario.assign import deal_rooms
from spacedesign.generate.scenario.build import (
    COUNTER_DEPTH,
    COUNTER_INSET,
    DOOR_WIDTH,
    END_MARGIN,
    PARTITION,
)
from spacedesign.generate.scenario.columns import (
    CORRIDOR_SHIFTS,
    FLUSH_SHARE,
    PUBLIC_MIN_SIDE,
    clear_of_columns,
    inner_column_u,
    local_columns,
)
from spacedesign.generate.scenario.fixed import aligned, respects_fixed
from spacedesign.generate.scenario.frame import (
    EDGES,
    Rect,
    ZoneFrame,
    clear_zone,
    edge_line,
    find_zone,
    neighbour_room,
    zone_box,
)
from spacedesign.generate.scenario.layout import (
    GRID,
    RoomNeed,
    build_block_layout,
    corridor_parts,
    every_room_has_a_way_in,
)
from spacedesign.generate.scenario.scoring import flow_instance, window_spans
from spacedesign.generate.scenario.surroundings import (
    front_intervals,
    is_reception,
    windowed_parts,
)
from spacedesign.model import FlpInstance, Level, Plan, Program, Space

__all__ = ["CORRIDOR_ID", "Prepared", "draw", "prepare"]

ATTEMPTS = 400
"""Layout draws per seed before giving up (most draws fail the cheap sizing test)."""

SHALLOW_BAND = (2.45, 4.9)
"""Depth range (m) of the band that takes the small rooms (consultation: 12 m² / 2.4 m)."""

END_DEPTHS = (3.0, 3.5, 4.0, 4.5, 5.0, 5.5)
"""Depths (m) of the lounge block that closes the spine."""

MODES = ("through", "end", "turn", "hub")
"""Circulation patterns; each seed prefers one of them for its first half of draws.

``through``: the spine crosses the zone between two bands (a central corridor). ``end``: the
spine stops at an end block that holds the lounge; the end block's rooms open onto the lounge.
``turn``: an L-shaped corridor: the spine turns in front of an end block (up to four rooms, cut
across, each opening onto the corridor) and runs to the zone edge on one side, where it opens
onto the public room across (a second way in); the band on the other side runs on past the
turn and ends with the lounge. ``hub``: the lounge as the
circulation hub: the spine ends in a lounge that spans the zone's width, and the rooms of the
row behind it open off the lounge (:data:`HUB_ROOMS` at most). (A lounge block at the entry
with the spine leaving from it was tried: on the Nakano zone it never sizes up with a daylit
lounge, so it is not searched.)"""

TURN_DEPTHS = (3.6, 4.0, 4.4, 4.8)
"""Depths (m) of the row behind an L-shaped corridor's turn. It takes seated rooms with their
door on the long side: at 3.0 m a furnished consultation room keeps no 1.5 m turning circle
between the table and the door (ROUTE-TURN)."""

TURNS = ("left", "right")
"""Sides an L-shaped corridor turns to."""

HUB_ROOMS = 6
"""Most rooms in the row behind a hub lounge."""

HUB_QUIET_END = "storage"
"""Use of the room that closes the hub's back row at the lounge's far end (away from the spine
and the hall), when the program has one: the lounge's seating gathers in its quiet end, where no
visitor then needs to pass to a door (a door there leaves only its 1.5 m approach clear beside
the seats, short of the 1.8 m route)."""

PROBE_SEED, PROBE_DRAWS = 0, 200
"""Entry edges and spine modes where none of these sample draws sizes up are not searched."""

CORRIDOR_ID = "passage"
DOOR_RUN = DOOR_WIDTH + 2 * END_MARGIN
"""Wall (m) a room shares with the corridor or the lounge at least, to take its door."""
STORE_MIN_SIDE = 1.5
COMFORT_SIDE = 3.6
"""Side (m) that seated rooms and the reception get first when there is slack: a 1.5 m
turning circle beside a table or in front of the counter, with 1.8 m clear at the counter."""

TOL = 1e-6

@dataclass(frozen=True)
class Prepared:
    """What the search needs to know about the zone and the program, computed once.

    Attributes
    ----------
    level_index, level : int, Level
        The storey with the zone, cleared of what the renovation replaces.
    bounds : Rect
        The zone rectangle.
    edges, public_edges : tuple of str
        Entry edges searched; edges with a public room across them.
    modes : tuple of str
        Circulation patterns (:data:`MODES`) that fit the zone in the probe draws.
    combos : tuple of (str, str)
        The ``(entry edge, mode)`` pairs that fit in the probe draws (all when empty).
    turns : tuple of str
        The sides an L-shaped corridor turns to that fit in the probe draws.
    needs : tuple
        ``(RoomNeed, Space, instance index)`` for every program room.
    spans : tuple of LineString
        The zone's windows.
    column_boxes : tuple of Rect
        Columns touching the zone (bounding boxes).
    blockers : tuple of (str, Rect)
        Fixed fixtures and kept core rooms inside the zone: no new room may overlap them.
    fixed_walls : tuple of (str, LineString)
        Fixed walls crossing the zone's interior: they must lie on room boundaries.
    flows : FlpInstance
        The block-layout instance of the program: departments are the room instances,
        ``f_ij`` the adjacency wishes (see :func:`~.scoring.flow_instance`).
    """

    level_index: int
    level: Level
    bounds: Rect
    edges: tuple[str, ...]
    needs: tuple[tuple[RoomNeed, Space, int], ...]
    spans: tuple[Any, ...]
    column_boxes: tuple[Rect, ...]
    flows: FlpInstance
    blockers: tuple[tuple[str, Rect], ...] = ()
    fixed_walls: tuple[tuple[str, LineString], ...] = ()
    public_edges: tuple[str, ...] = ()
    fronts: Mapping[str, tuple[tuple[float, float], ...]] = dataclasses.field(
        default_factory=dict)
    modes: tuple[str, ...] = MODES
    combos: tuple[tuple[str, str], ...] = ()
    turns: tuple[str, ...] = TURNS
    memo: dict[Any, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)


_CACHE: dict[tuple[int, int], tuple[Plan, Program, Prepared]] = {}


def prepare(plan: Plan, program: Program) -> Prepared:
    """Return the zone's :class:`Prepared` data (memoised per plan and program object)."""
    key = (id(plan), id(program))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is plan and hit[1] is program:
        return hit[2]
    index, level, zone = find_zone(plan, program.zone or "reno")
    cleared, _ = clear_zone(level, zone)
    bounds = zone_box(zone)
    edges = []
    for edge in EDGES:
        line = edge_line(bounds, edge)
        for i in range(1, 20):
            p = line.interpolate(i / 20, normalized=True)
            if neighbour_room(cleared, (p.x, p.y), bounds, edge) is not None:
                edges.append(edge)
                break
    taken = {r.id for r in cleared.rooms} | {w.id for w in cleared.walls}
    needs = []
    for space in program.spaces:
        for i in range(space.count):
            rid = f"{space.id}-{i + 1}" if space.count > 1 else space.id
            if rid in taken or rid == CORRIDOR_ID:
                rid = f"new-{rid}"
            side = space.min_side or (STORE_MIN_SIDE if space.use == "storage"
                                      else PUBLIC_MIN_SIDE)
            if is_reception(space):
                # the counter, then a route of the program's clear width in front of it
                side = max(side, round(COUNTER_INSET + COUNTER_DEPTH + program.corridor_width
                                       + PARTITION, 6))
            comfort = COMFORT_SIDE if (space.seats or is_reception(space)) else 0.0
            needs.append((RoomNeed(rid, space.id, space.area, side, comfort), space, i))
    zone_geom = box(*bounds)
    boxes = tuple(_bounds(c.polygon.geometry) for c in cleared.columns
                  if c.polygon.geometry.intersects(zone_geom))
    inner = zone_geom.buffer(-TOL)
    blockers = tuple((f.id, _bounds(f.polygon.geometry)) for f in cleared.fixtures
                     if f.polygon is not None and f.polygon.geometry.intersects(inner))
    blockers += tuple((r.id, _bounds(r.polygon.geometry)) for r in cleared.rooms
                      if r.polygon.geometry.intersection(zone_geom).area > TOL)
    fixed_walls = tuple((w.id, LineString(w.path).intersection(inner)) for w in cleared.walls
                        if LineString(w.path).intersects(inner))
    prepared = Prepared(index, cleared, bounds, tuple(edges), tuple(needs),
                        tuple(window_spans(cleared, bounds)), boxes,
                        flow_instance(program, [n for n, _, _ in needs], bounds),
                        blockers, fixed_walls, public_edges=tuple(edges),
                        fronts=front_intervals(cleared, bounds, edges))
    turns = tuple(t for t in TURNS if any(_probe(dataclasses.replace(prepared, turns=(t,)),
                                                 program, e, "turn") for e in prepared.edges))
    prepared = dataclasses.replace(prepared, turns=turns or TURNS)
    works = {(e, m): _probe(prepared, program, e, m) for e in prepared.edges for m in MODES}
    workable = tuple(e for e in prepared.edges if any(works[e, m] for m in MODES))
    modes = tuple(m for m in MODES if any(works[e, m] for e in prepared.edges))
    prepared = dataclasses.replace(prepared, edges=workable or prepared.edges,
                                   modes=modes or MODES,
                                   combos=tuple(k for k, ok in works.items() if ok))
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = (plan, program, prepared)
    return prepared


def _bounds(geom: Any) -> Rect:
    x0, y0, x1, y1 = geom.bounds
    return (float(x0), float(y0), float(x1), float(y1))


def _mid_box(line: Any) -> Rect:
    """Return a 2 cm box at the middle of a fixed wall (room cuts are aligned through it)."""
    p = line.interpolate(0.5, normalized=True)
    return (p.x - 0.01, p.y - 0.01, p.x + 0.01, p.y + 0.01)


def _probe(prep: Prepared, program: Program, edge: str, mode: str) -> bool:
    """Whether ``mode`` layouts entered from ``edge`` can fit at all (fixed-seed sample)."""
    only = dataclasses.replace(prep, edges=(edge,))
    rng = random.Random(PROBE_SEED)
    return any(draw(only, program, rng, mode) is not None for _ in range(PROBE_DRAWS))


def _snap(value: float) -> float:
    return round(round(value / GRID) * GRID, 6)


def draw(prep: Prepared, program: Program, rng: random.Random,
         mode: str | None = None) -> tuple[Any, ...] | None:
    """Return ``(frame, layout, entry edge, mode, room rects)`` of one random layout, or None.

    The room rects are the plan rectangles of ``layout.rooms``, in order.

    Cheap: no shapely until the sizes fit; layouts that break a fixed element are refused
    (:func:`~.fixed.respects_fixed`).

    ``mode`` is one of :data:`MODES` (random when None); the entry edge is drawn among those
    where the mode fits (:attr:`Prepared.combos`).
    """
    if not prep.edges:
        return None
    mode = mode or rng.choice(prep.modes)
    edges = [e for e in prep.edges if (e, mode) in prep.combos] or list(prep.edges)
    edge = rng.choice(edges)
    end_depth = (0.0 if mode in ("through", "hub")
                 else rng.choice(TURN_DEPTHS if mode == "turn" else END_DEPTHS))
    turn = rng.choice(prep.turns) if mode == "turn" else None
    frame = ZoneFrame(prep.bounds, edge)
    length, width = frame.size
    cw = round(program.corridor_width + PARTITION, 6)
    spine_end = round(length - end_depth - (cw if turn else 0.0), 6)
    hub = None
    needs = prep.needs
    if mode == "hub":
        drawn = _hub_row(prep, frame, rng)
        if drawn is None:
            return None
        hub, spine_end, end_depth = drawn
        needs = tuple(n for n in prep.needs if n[0].id != hub[0].id)
    if width - cw < 2 * PUBLIC_MIN_SIDE:
        return None
    shallow = rng.uniform(SHALLOW_BAND[0], min(SHALLOW_BAND[1], width - cw - PUBLIC_MIN_SIDE))
    vc = _snap(shallow if rng.random() < 0.5 else width - cw - shallow)
    clear = clear_of_columns(prep.column_boxes, frame, vc, cw, spine_end, rng, turn)
    if clear is None:
        return None
    vc = clear
    _, _, extents = corridor_parts(frame.size, CORRIDOR_ID, vc, cw, spine_end, turn)
    if hub is not None:
        extents = {**extents, "end": (round(spine_end + hub[1], 6), length)}
    depths = {"left": vc, "right": round(width - vc - cw, 6), "end": end_depth}
    spans = {"left": extents["left"][1], "right": extents["right"][1],
             "end": round(extents["end_v"][1] - extents["end_v"][0], 6)}
    key = ("parts", prep.public_edges, edge, vc, cw, spine_end, turn, extents["end"])
    if key not in prep.memo:
        prep.memo[key] = windowed_parts(prep.bounds, prep.spans, prep.fronts, frame, vc, cw,
                                        extents, prep.memo)
    lit, public = prep.memo[key]
    if hub is not None:
        parts = deal_rooms(needs, rng, depths, spans, lit, public, "end", HUB_ROOMS,
                           HUB_QUIET_END, memo=prep.memo)
    else:
        parts = deal_rooms(needs, rng, depths, spans, lit, public, lounge_end=turn is None,
                           memo=prep.memo)
    if parts is None:
        return None
    left, right, end = parts["left"], parts["right"], parts["end"]
    if hub is not None:
        # seated rooms nearest the lounge's way in (the hall side and the spine), the store at
        # the quiet far end; the lounge's seating gathers there (see HUB_QUIET_END)
        space_of = {n.id: space for n, space, _ in prep.needs}
        end = sorted(end, key=lambda n: (space_of[n.id].use == HUB_QUIET_END,
                                         not space_of[n.id].seats))
        if vc + cw / 2 > width / 2:
            end = end[::-1]
    if turn is not None:
        # the band that runs on past the turn ends with the lounge (and the kids corner beside
        # it): the rooms past the turn open onto the lounge, the others onto the spine
        space_of = {n.id: space for n, space, _ in prep.needs}
        if turn == "right":
            left = _lounge_last(left, space_of)
        else:
            right = _lounge_last(right, space_of)
    layout = build_block_layout(size=(length, width), corridor_id=CORRIDOR_ID, corridor_v=vc,
                                corridor_width=cw, spine_end=spine_end, left=left, right=right,
                                end=end, rng=rng, turn=turn, hub=hub)
    if layout is None:
        return None
    targets = prep.column_boxes + tuple(_mid_box(line) for _, line in prep.fixed_walls)
    layout, rects = aligned(layout, frame, targets, [n for n, _, _ in prep.needs])
    lounges = {n.id for n, space, _ in prep.needs if space.use == "lounge"}
    if not every_room_has_a_way_in(layout, lounges, DOOR_RUN):
        return None
    cells = [frame.rect(r) for r in (layout.corridor, *layout.legs)] + rects
    if not respects_fixed(cells, prep.column_boxes, prep.blockers, prep.fixed_walls):
        return None
    return frame, layout, edge, mode, tuple(rects)


def _lounge_last(members: list[RoomNeed], space_of: Mapping[str, Space]) -> list[RoomNeed]:
    """Move the lounge (with a kids corner next to it, keeping their order) to the end."""
    at = next((i for i, n in enumerate(members) if space_of[n.id].use == "lounge"), None)
    if at is None:
        return members
    pair = [members[at]]
    for j in (at - 1, at + 1):
        if 0 <= j < len(members) and space_of[members[j].id].use == "kids":
            pair = [members[at - 1], members[at]] if j < at else [members[at], members[j]]
            break
    return [n for n in members if n not in pair] + pair


def _hub_row(prep: Prepared, frame: ZoneFrame,
             rng: random.Random) -> tuple[tuple[RoomNeed, float], float, float] | None:
    """Draw a hub lounge row: ``((lounge need, row depth), spine end, depth of the row behind)``.

    The row is as deep as the lounge's area range allows across the zone's width; the row
    behind it is :data:`SHALLOW_BAND` deep. Mostly (:data:`FLUSH_SHARE`) one of the lounge's
    edges is moved (up to 1.5 m) onto an inner column's centre line, so the column stands in
    the lounge's wall, not free in it.
    """
    key = ("lounge",)
    if key not in prep.memo:
        prep.memo[key] = next((n for n, space, _ in prep.needs if space.use == "lounge"), None)
    lounge = prep.memo[key]
    if lounge is None:
        return None
    length, width = frame.size
    low = max(lounge.area[0] / width, lounge.min_side, PUBLIC_MIN_SIDE) + GRID
    high = lounge.area[1] / width - GRID
    if low > high:
        return None
    depth = _snap(rng.uniform(low, high))
    spine_end = _snap(length - depth - rng.uniform(*SHALLOW_BAND))
    if rng.random() < FLUSH_SHARE:
        lines = [u - shift for u in inner_column_u(prep.column_boxes, frame)
                 for shift in (0.0, depth)]
        near = sorted((u for u in lines if abs(u - spine_end) <= CORRIDOR_SHIFTS[-1] + 1e-9),
                      key=lambda u: abs(u - spine_end))
        spine_end = _snap(near[0]) if near else spine_end
    back = round(length - spine_end - depth, 6)
    if spine_end < PUBLIC_MIN_SIDE or back < STORE_MIN_SIDE:
        return None
    row_end = round(spine_end + depth, 6)
    for col in local_columns(prep.column_boxes, frame):
        if (spine_end + TOL < col.u0 and col.u1 < row_end - TOL
                and TOL < col.v0 and col.v1 < width - TOL):  # inside(col, row), spelled out
            return None  # a column would stand free in the lounge: no cut can move onto it
    return (lounge, depth), spine_end, back
