"""Make one scenario from a seed: draw a block layout, size it, build the plan records.

:func:`make_candidate` is pure and deterministic per seed, so an executor can map it over seeds
on any number of processes or machines and get the same scenarios.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import LineString, box

from spacedesign.generate.scenario.build import (
    PARTITION,
    BuildError,
    PlacedRoom,
    assemble_level,
)
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
from spacedesign.generate.scenario.scoring import (
    daylit,
    quick_scores,
    topology,
    window_spans,
)
from spacedesign.model import Level, Plan, Program, ScenarioInfo, Space

__all__ = ["CORRIDOR_ID", "STRATEGY", "Design", "design_candidate", "make_candidate"]

STRATEGY = "spine-bands"
"""Name of the generator strategy recorded in every scenario."""

ATTEMPTS = 400
"""Layout draws per seed before giving up (most draws fail the cheap sizing test)."""

SHALLOW_BAND = (2.45, 4.9)
"""Depth range (m) of the band that takes the small rooms (consultation: 12 m² / 2.4 m)."""

CORRIDOR_SHIFTS = tuple(sorted((i * 0.1 for i in range(-15, 16)), key=abs))

END_DEPTHS = (3.0, 3.5, 4.0, 4.5, 5.0, 5.5)
"""Depths (m) of the lounge block that closes the spine."""

MODES = ("through", "end")
"""Spine layouts; each seed prefers one of them for its first half of draws. (A lounge block
at the entry with the spine leaving from it was tried: on the Nakano zone it never sizes up
with a daylit lounge, so it is not searched.)"""

END_ROOMS = 4
"""Most rooms in the end block (the lounge and the rooms that open onto it)."""

ASSIGN_TRIES = 30
"""Ways of dealing the rooms to the bands tried for one corridor position."""

PROBE_SEED, PROBE_DRAWS = 0, 200
"""Entry edges where none of these sample draws sizes up are not searched."""

CORRIDOR_ID = "passage"
PUBLIC_MIN_SIDE = 1.8
"""Minimum side (m, between centrelines) of a public room without its own ``min_side``: 1.68 m
clear, so a 1.5 m turning circle fits."""
STORE_MIN_SIDE = 1.5
COMFORT_SIDE = 3.0
"""Side (m) that seated rooms and the reception get first when there is slack: a 1.5 m
turning circle beside a table or in front of the counter, with 1.8 m clear at the counter."""


@dataclass(frozen=True)
class Design:
    """A generated scenario with what the search needs to know about it."""

    seed: int
    plan: Plan
    rooms: tuple[PlacedRoom, ...]
    topology: frozenset[str]
    scores: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Prepared:
    level_index: int
    level: Level
    bounds: Rect
    edges: tuple[str, ...]
    needs: tuple[tuple[RoomNeed, Space, int], ...]
    spans: tuple[Any, ...]
    column_boxes: tuple[tuple[float, float, float, float], ...]
    public_edges: tuple[str, ...] = ()


_CACHE: dict[tuple[int, int], tuple[Plan, Program, _Prepared]] = {}


def _prepare(plan: Plan, program: Program) -> _Prepared:
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
            comfort = COMFORT_SIDE if (space.seats or _is_reception(space)) else 0.0
            needs.append((RoomNeed(rid, space.id, space.area, side, comfort), space, i))
    boxes = tuple(tuple(float(b) for b in c.polygon.geometry.bounds) for c in cleared.columns)
    prepared = _Prepared(index, cleared, bounds, tuple(edges), tuple(needs),
                         tuple(window_spans(cleared, bounds)),
                         boxes)  # type: ignore[arg-type]
    workable = tuple(e for e in prepared.edges if _probe(prepared, program, e))
    prepared = dataclasses.replace(prepared, edges=workable or prepared.edges,
                                   public_edges=prepared.edges)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = (plan, program, prepared)
    return prepared


def _probe(prep: _Prepared, program: Program, edge: str) -> bool:
    """Whether block layouts entered from ``edge`` can fit at all (fixed-seed sample)."""
    only = dataclasses.replace(prep, edges=(edge,))
    rng = random.Random(PROBE_SEED)
    return any(_draw(only, program, rng) is not None for _ in range(PROBE_DRAWS))


def _snap(value: float) -> float:
    return round(round(value / GRID) * GRID, 6)


def _draw(prep: _Prepared, program: Program, rng: random.Random,
          mode: str | None = None) -> tuple[Any, ...] | None:
    """One random block layout (cheap: no shapely until the sizes fit).

    ``mode`` is ``"through"`` (the spine crosses the zone) or ``"end"`` (the lounge block
    closes the spine); random when None.
    """
    if not prep.edges:
        return None
    edge = rng.choice(prep.edges)
    mode = mode or rng.choice(MODES)
    end_depth = 0.0 if mode == "through" else rng.choice(END_DEPTHS)
    frame = ZoneFrame(prep.bounds, edge)
    length, width = frame.size
    cw = round(program.corridor_width + PARTITION, 6)
    spine_end = round(length - end_depth, 6)
    if width - cw < 2 * PUBLIC_MIN_SIDE:
        return None
    shallow = rng.uniform(SHALLOW_BAND[0], min(SHALLOW_BAND[1], width - cw - PUBLIC_MIN_SIDE))
    vc = _snap(shallow if rng.random() < 0.5 else width - cw - shallow)
    clear = _clear_of_columns(prep, frame, vc, cw, spine_end)
    if clear is None:
        return None
    vc = clear
    depths = {"left": vc, "right": round(width - vc - cw, 6), "end": end_depth}
    spans = {"left": spine_end, "right": spine_end, "end": width}
    lit, public = _windowed_parts(prep, frame, vc, cw, spine_end)
    parts = _assign(prep, rng, depths, spans, lit, public)
    if parts is None:
        return None
    left, right, end = parts["left"], parts["right"], parts["end"]
    layout = build_block_layout(size=(length, width), corridor_id=CORRIDOR_ID, corridor_v=vc,
                                corridor_width=cw, spine_end=spine_end, left=left, right=right,
                                end=end, rng=rng)
    if layout is None:
        return None
    return frame, layout, edge, mode


def _assign(prep: _Prepared, rng: random.Random, depths: dict[str, float],
            spans: dict[str, float], lit: set[str],
            public: set[str]) -> dict[str, list[RoomNeed]] | None:
    """Deal the rooms to the two bands and the end block so that their sizes can fit.

    Tries :data:`ASSIGN_TRIES` random deals; each room goes to a part where its length range
    is not empty, with a chance growing with the part's free length.
    """
    has_end = depths["end"] > 0
    fits: list[tuple[RoomNeed, bool, list[tuple[str, float, float]]]] = []
    for need, space, _ in prep.needs:
        is_lounge = space.use == "lounge"
        options = []
        for part, depth in depths.items():
            if depth <= 0 or depth < need.min_side or (space.daylight and part not in lit):
                continue
            if _is_reception(space) and part not in public and f"{part}-start" not in public:
                continue
            if is_lounge and has_end and part != "end":
                continue
            low = max(need.area[0] / depth, need.min_side)
            high = need.area[1] / depth
            if low <= high:
                options.append((part, low, high))
        if not options:
            return None
        fits.append((need, is_lounge, options))
    for _ in range(ASSIGN_TRIES):
        order = list(fits)
        rng.shuffle(order)
        order.sort(key=lambda item: (not item[1], len(item[2])))  # lounge, then most constrained
        parts: dict[str, list[RoomNeed]] = {"left": [], "right": [], "end": []}
        lows = {"left": 0.0, "right": 0.0, "end": 0.0}
        highs = {"left": 0.0, "right": 0.0, "end": 0.0}
        failed = False
        for need, is_lounge, options in order:
            choices = []
            for part, low, high in options:
                if part == "end" and (len(parts["end"]) >= END_ROOMS
                                      or (not is_lounge and not parts["end"])):
                    continue
                free = spans[part] - lows[part] - low
                if free >= -1e-9:
                    choices.append((part, low, high, 0.5 + free))
            if not choices:
                failed = True
                break
            pick = rng.random() * sum(c[3] for c in choices)
            chosen = choices[-1]
            for choice in choices:
                pick -= choice[3]
                if pick <= 0:
                    chosen = choice
                    break
            part, low, high, _ = chosen
            parts[part].append(need)
            lows[part] += low
            highs[part] += high
        if failed or any(not parts[p] or highs[p] < spans[p] for p in ("left", "right")):
            continue
        if has_end and highs["end"] < spans["end"]:
            continue
        for name, members in parts.items():
            rng.shuffle(members)
            if name in public or f"{name}-start" not in public:
                continue
            # the band meets a public room only at its start: the reception goes first there
            members.sort(key=lambda n: not _is_reception(_space(prep, n.id)))
        return parts
    return None


def _clear_of_columns(prep: _Prepared, frame: ZoneFrame, vc: float, cw: float,
                      spine_end: float) -> float | None:
    """``vc`` or the nearest position (within 1.5 m) where the corridor misses every column."""
    for shift in CORRIDOR_SHIFTS:
        v = round(vc + shift, 6)
        if v < PUBLIC_MIN_SIDE or v + cw > frame.size[1] - PUBLIC_MIN_SIDE:
            continue
        x0, y0, x1, y1 = frame.rect(LocalRect("c", 0.0, v, spine_end, v + cw))
        if not any(cx0 < x1 - 1e-6 and cx1 > x0 + 1e-6 and cy0 < y1 - 1e-6 and cy1 > y0 + 1e-6
                   for cx0, cy0, cx1, cy1 in prep.column_boxes):
            return v
    return None


def _windowed_parts(prep: _Prepared, frame: ZoneFrame, vc: float, cw: float,
                    spine_end: float) -> tuple[set[str], set[str]]:
    """Return which parts (left, right, end) have a window, and which face a public room."""
    length, width = frame.size
    edges = {
        "left": [((0.0, 0.0), (spine_end, 0.0))],
        "right": [((0.0, width), (spine_end, width))],
        "left-start": [((0.0, 0.0), (0.0, vc))],
        "right-start": [((0.0, vc + cw), (0.0, width))],
        "end": [((spine_end, 0.0), (length, 0.0)), ((length, 0.0), (length, width)),
                ((spine_end, width), (length, width))],
    }
    lit = set()
    public = set()
    x0, y0, x1, _ = prep.bounds
    for part, lines in edges.items():
        for (u0, v0), (u1, v1) in lines:
            a, b = frame.point(u0, v0), frame.point(u1, v1)
            line = LineString([a, b])
            if any(line.intersection(span).length >= 0.6 for span in prep.spans):
                lit.add(part)
            side = ("west" if a[0] == b[0] == x0 else "east" if a[0] == b[0] == x1
                    else "south" if a[1] == b[1] == y0 else "north")
            if side in prep.public_edges and line.length > 0:
                steps = max(2, int(line.length / 0.5))
                for i in range(1, steps):
                    p = line.interpolate(i / steps, normalized=True)
                    if neighbour_room(prep.level, (p.x, p.y), prep.bounds, side) is not None:
                        public.add(part)
                        break
    return lit, public


def _is_reception(space: Space) -> bool:
    return space.near == "entrance" or space.use == "reception"


def _faces_public(prep: _Prepared, rect: Rect) -> bool:
    """Whether ``rect`` touches a zone edge with a public room across it (cheap pre-test)."""
    x0, y0, x1, y1 = prep.bounds
    touches = {"west": rect[0] == x0, "east": rect[2] == x1, "south": rect[1] == y0,
               "north": rect[3] == y1}
    return any(touches[edge] for edge in prep.public_edges)


def _space(prep: _Prepared, room_id: str) -> Space:
    return next(s for n, s, _ in prep.needs if n.id == room_id)


def _use(prep: _Prepared, room_id: str) -> str:
    return next(s.use for n, s, _ in prep.needs if n.id == room_id)


def design_candidate(plan: Plan, program: Program, seed: int) -> Design | None:
    """Draw layouts from ``seed`` until one builds into a sound scenario; None if none does.

    Hard rules: every program room inside the zone with its area in range and its minimum
    side; the corridor free of columns; every room with a door onto the corridor or the lounge;
    rooms that ask for daylight touch a window.
    """
    prep = _prepare(plan, program)
    rng = random.Random(seed)
    columns = [c.polygon.geometry for c in prep.level.columns]
    preferred = rng.choice(MODES)
    for attempt in range(ATTEMPTS):
        drawn = _draw(prep, program, rng, preferred if attempt < ATTEMPTS // 2 else None)
        if drawn is None:
            continue
        frame, layout, entry_edge, mode = drawn
        corridor_rect = frame.rect(layout.corridor)
        cbox = box(*corridor_rect)
        if any(cbox.intersection(c).area > 1e-6 for c in columns):
            continue
        by_id = {n.id: (s, i) for n, s, i in prep.needs}
        rooms = tuple(PlacedRoom(r.id, by_id[r.id][0], frame.rect(r), by_id[r.id][1])
                      for r in layout.rooms)
        if any(r.space.daylight and not daylit(r.rect, prep.spans) for r in rooms):
            continue
        if not all(_faces_public(prep, r.rect) for r in rooms if _is_reception(r.space)):
            continue
        new_ids = {r.id for r in rooms} | {CORRIDOR_ID}
        lounge_id = next((r.id for r in rooms if r.space.use == "lounge"), None)
        try:
            level = assemble_level(
                prep.level, bounds=prep.bounds, entry_edge=entry_edge,
                corridor=(CORRIDOR_ID, corridor_rect), rooms=rooms,
                corridor_width=program.corridor_width, lounge_id=lounge_id,
                reception_ids=[r.id for r in rooms if _is_reception(r.space)],
                kids_ids=[r.id for r in rooms if r.space.use == "kids"], rng=rng)
        except BuildError:
            continue
        entry = next(o for o in level.openings if o.id.startswith("G-O-")
                     and o.connects and not set(o.connects) <= new_ids)
        doors = [o for o in level.openings if o.kind == "door" and o.id.startswith("G-D-")]
        scores = quick_scores(program, rooms, corridor_rect, prep.bounds, entry.at, doors,
                              prep.spans)
        topo = topology(rooms, prep.bounds, f"{entry_edge}-{mode}")
        levels = list(plan.levels)
        levels[prep.level_index] = level
        generator = {
            "strategy": STRATEGY, "seed": seed, "entry": entry_edge, "spine": mode,
            "corridor": {"from_edge": round(layout.corridor.v0, 3),
                         "length": round(layout.corridor.u1, 3),
                         "clear_width": program.corridor_width},
            "bands": {k: list(v) for k, v in layout.bands.items()},
        }
        where = {"through": "beside the spine", "end": "at the end of the spine"}[mode]
        notes = (f"Generated ({STRATEGY}, seed {seed}): entered from the {entry_edge} edge, "
                 f"{len(rooms)} rooms; lounge {where}.")
        scenario = plan.with_changes(
            kind="scenario", levels=tuple(levels),
            name=f"生成案 seed {seed} (generated, entry {entry_edge}, {mode})",
            scenario=ScenarioInfo(base=None, program=None, generator=generator, notes=notes))
        return Design(seed, scenario, rooms, topo, scores)
    return None


def make_candidate(plan: Plan, program: Program, seed: int) -> Plan | None:
    """Return the scenario that ``seed`` generates, or None when no draw builds.

    Pure and deterministic: the same plan, program and seed give the same scenario.
    """
    design = design_candidate(plan, program, seed)
    return None if design is None else design.plan
