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
    PARTITION,
)
from spacedesign.generate.scenario.fixed import align_to_columns, respects_fixed
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
from spacedesign.generate.scenario.layout import GRID, LocalRect, RoomNeed, build_block_layout
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

CORRIDOR_SHIFTS = tuple(sorted((i * 0.1 for i in range(-15, 16)), key=abs))
"""Shifts (m) tried to move the corridor off a column, nearest first."""

FLUSH_SHARE = 0.7
"""Share of draws that first try a corridor position flush with an inner column's face."""

END_DEPTHS = (3.0, 3.5, 4.0, 4.5, 5.0, 5.5)
"""Depths (m) of the lounge block that closes the spine."""

MODES = ("through", "end")
"""Spine layouts; each seed prefers one of them for its first half of draws. (A lounge block
at the entry with the spine leaving from it was tried: on the Nakano zone it never sizes up
with a daylit lounge, so it is not searched.)"""

PROBE_SEED, PROBE_DRAWS = 0, 200
"""Entry edges and spine modes where none of these sample draws sizes up are not searched."""

CORRIDOR_ID = "passage"
PUBLIC_MIN_SIDE = 1.8
"""Minimum side (m, between centrelines) of a public room without its own ``min_side``: 1.68 m
clear, so a 1.5 m turning circle fits."""
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
        Spine layouts (:data:`MODES`) that fit the zone in the probe draws.
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
    works = {(e, m): _probe(prepared, program, e, m) for e in prepared.edges for m in MODES}
    workable = tuple(e for e in prepared.edges if any(works[e, m] for m in MODES))
    modes = tuple(m for m in MODES if any(works[e, m] for e in prepared.edges))
    prepared = dataclasses.replace(prepared, edges=workable or prepared.edges,
                                   modes=modes or MODES)
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
    """Return ``(frame, layout, entry edge, mode)`` of one random block layout, or None.

    Cheap: no shapely until the sizes fit; layouts that break a fixed element are refused
    (:func:`~.fixed.respects_fixed`).

    ``mode`` is ``"through"`` (the spine crosses the zone) or ``"end"`` (the lounge block
    closes the spine); random when None.
    """
    if not prep.edges:
        return None
    edge = rng.choice(prep.edges)
    mode = mode or rng.choice(prep.modes)
    end_depth = 0.0 if mode == "through" else rng.choice(END_DEPTHS)
    frame = ZoneFrame(prep.bounds, edge)
    length, width = frame.size
    cw = round(program.corridor_width + PARTITION, 6)
    spine_end = round(length - end_depth, 6)
    if width - cw < 2 * PUBLIC_MIN_SIDE:
        return None
    shallow = rng.uniform(SHALLOW_BAND[0], min(SHALLOW_BAND[1], width - cw - PUBLIC_MIN_SIDE))
    vc = _snap(shallow if rng.random() < 0.5 else width - cw - shallow)
    clear = _clear_of_columns(prep, frame, vc, cw, spine_end, rng)
    if clear is None:
        return None
    vc = clear
    depths = {"left": vc, "right": round(width - vc - cw, 6), "end": end_depth}
    spans = {"left": spine_end, "right": spine_end, "end": width}
    key = ("parts", prep.public_edges, edge, vc, cw, spine_end)
    if key not in prep.memo:
        prep.memo[key] = windowed_parts(prep.bounds, prep.spans, prep.fronts, frame, vc, cw,
                                        spine_end)
    lit, public = prep.memo[key]
    parts = deal_rooms(prep.needs, rng, depths, spans, lit, public)
    if parts is None:
        return None
    left, right, end = parts["left"], parts["right"], parts["end"]
    layout = build_block_layout(size=(length, width), corridor_id=CORRIDOR_ID, corridor_v=vc,
                                corridor_width=cw, spine_end=spine_end, left=left, right=right,
                                end=end, rng=rng)
    if layout is None:
        return None
    targets = prep.column_boxes + tuple(_mid_box(line) for _, line in prep.fixed_walls)
    layout = align_to_columns(layout, frame, targets, [n for n, _, _ in prep.needs])
    cells = [frame.rect(layout.corridor)] + [frame.rect(r) for r in layout.rooms]
    if not respects_fixed(cells, prep.column_boxes, prep.blockers, prep.fixed_walls):
        return None
    return frame, layout, edge, mode


def _flush_positions(prep: Prepared, frame: ZoneFrame, cw: float) -> list[float]:
    """Corridor positions ``v`` whose side wall runs along the face of an inner column."""
    x0, y0, _, _ = frame.bounds
    width = frame.size[1]
    across = frame.edge in ("west", "east")
    out = []
    for cx0, cy0, cx1, cy1 in prep.column_boxes:
        lo, hi = (cy0 - y0, cy1 - y0) if across else (cx0 - x0, cx1 - x0)
        if lo > TOL and hi < width - TOL:
            out += [_snap(hi), _snap(lo - cw)]
    return out


def _clear_of_columns(prep: Prepared, frame: ZoneFrame, vc: float, cw: float,
                      spine_end: float, rng: random.Random) -> float | None:
    """``vc`` or the nearest position (within 1.5 m) where the corridor misses every column.

    Mostly (:data:`FLUSH_SHARE`) a position where the corridor wall runs along an inner
    column's face comes first: the column is then built into that wall instead of standing
    in a room.
    """
    flush = sorted((v for v in _flush_positions(prep, frame, cw)
                    if abs(v - vc) <= CORRIDOR_SHIFTS[-1] + 1e-9), key=lambda v: abs(v - vc))
    if rng.random() >= FLUSH_SHARE:
        flush = []
    for v in [*flush, *(round(vc + shift, 6) for shift in CORRIDOR_SHIFTS)]:
        if v < PUBLIC_MIN_SIDE or v + cw > frame.size[1] - PUBLIC_MIN_SIDE:
            continue
        x0, y0, x1, y1 = frame.rect(LocalRect("c", 0.0, v, spine_end, v + cw))
        if not any(cx0 < x1 - 1e-6 and cx1 > x0 + 1e-6 and cy0 < y1 - 1e-6 and cy1 > y0 + 1e-6
                   for cx0, cy0, cx1, cy1 in prep.column_boxes):
            return v
    return None
