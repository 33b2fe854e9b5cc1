"""Criteria about the rooms themselves: program fit, capacity, adjacency, efficiency, daylight.

Each function is pure and takes plain inputs: the plan, the program, the room matching of
:func:`spacedesign.score.layout.match_spaces` and, for capacity, the rooms of a capacity report.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from shapely.geometry import LineString
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from spacedesign.model import Level, Plan, Program, Room, Space
from spacedesign.score.criterion import Criterion
from spacedesign.score.inputs import CapacityRoom
from spacedesign.score.layout import (
    CIRCULATION_USES,
    PlacedRoom,
    min_side,
    net_polygon,
    renovation_area,
    rooms_in,
)
from spacedesign.score.walking import WalkingGraph, main_entrance

__all__ = [
    "AREA_TOLERANCE",
    "adjacency_criterion",
    "capacity_criterion",
    "daylight_criterion",
    "efficiency_criterion",
    "program_fit_criterion",
]

AREA_TOLERANCE = 0.01
"""m²: an area this close to a range end counts as inside (drawing rounding)."""

Matching = Mapping[str, Sequence[PlacedRoom]]


def program_fit_criterion(program: Program, matched: Matching) -> Criterion:
    """Every space present (``count`` rooms), each area in range, each minimum side met.

    The score is the share of these checks that pass (×100). Areas are polygon areas (to wall
    centrelines), as on the room tags of the drawings.
    """
    checks: list[dict[str, Any]] = []
    notes: list[str] = []
    for space in program.spaces:
        rooms = list(matched.get(space.id, ()))
        for i in range(space.count):
            if i >= len(rooms):
                checks.append({"space": space.id, "check": "present", "ok": False, "room": None})
                notes.append(f"{space.id}: {space.count}室中{i + 1}室目がない"
                             f" / room {i + 1} of {space.count} missing")
                continue
            placed = rooms[i]
            checks.append({"space": space.id, "check": "present", "ok": True, "room": placed.id})
            area = placed.room.polygon.area
            lo, hi = space.area
            ok = lo - AREA_TOLERANCE <= area <= hi + AREA_TOLERANCE
            checks.append({"space": space.id, "check": "area", "room": placed.id, "ok": ok,
                           "measured": round(area, 2), "required": [lo, hi]})
            if not ok:
                notes.append(f"{placed.id}: 面積 {area:.2f} m² が {lo:g}–{hi:g} m² の範囲外"
                             " / area outside the range")
            if space.min_side is not None:
                side = min_side(placed.polygon)
                ok = side + 0.005 >= space.min_side
                checks.append({"space": space.id, "check": "min_side", "room": placed.id,
                               "ok": ok, "measured": round(side, 2), "required": space.min_side})
                if not ok:
                    notes.append(f"{placed.id}: 最小幅 {side:.2f} m < {space.min_side:g} m"
                                 " / narrowest width below the minimum side")
    passed = sum(1 for c in checks if c["ok"])
    score = 100.0 * passed / len(checks) if checks else None
    return Criterion("program_fit", score, {"passed": passed, "checks": checks}, tuple(notes))


def _wheelchair_rooms_wanted(space: Space, present: int) -> int:
    """Rooms of ``space`` that must offer a wheelchair place (of those present)."""
    wanted = space.props.get("wheelchair_usable_min")
    try:
        need = space.count if wanted is None else int(wanted)
    except (TypeError, ValueError):
        need = space.count
    return max(0, min(need, present))


def capacity_criterion(program: Program, matched: Matching,
                       capacity: Sequence[CapacityRoom] | None) -> Criterion:
    """Seats against the program's targets and wheelchair places, for the rooms that exist.

    Parts, each 0–1: for every *present* room of a space with a ``seats`` target, its reported
    capacity (DESIGN §6: min of seats and occupant load, a wheelchair place counting as a
    place) over the target, capped at 1; for every such space, the rooms offering a wheelchair
    place over the rooms that must (``props.wheelchair_usable_min`` when the program states it,
    else every room), capped at 1. The score is the mean of the parts (×100).

    A missing space is judged once, by program fit; here it is left out (it neither scores 0
    nor 100). Without a capacity report, or when no room with a seat target exists, the
    criterion is n/a.
    """
    if capacity is None:
        return Criterion("capacity", None, {},
                         ("収容力未評価（spacedesign.capacity なし）"
                          "/ no capacity report (spacedesign.capacity not available)",))
    by_id = {room.id: room for room in capacity}
    parts: list[float] = []
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for space in program.spaces:
        if not space.seats:
            continue
        rooms = [by_id[p.id] for p in list(matched.get(space.id, ()))[:space.count]
                 if p.id in by_id]
        for room in rooms:
            parts.append(min(1.0, room.capacity / space.seats))
            rows.append({"space": space.id, "room": room.id, "part": "seats",
                         "measured": room.capacity, "required": space.seats,
                         "wheelchair_places": room.wheelchair_places,
                         "styles": {k: v[0] for k, v in room.styles.items()}})
            if room.capacity < space.seats:
                notes.append(f"{room.id}: {room.capacity}席 / 希望 {space.seats}席"
                             f" — {room.capacity} places of {space.seats} wanted")
        need = _wheelchair_rooms_wanted(space, len(rooms))
        if need:
            have = sum(1 for room in rooms if room.wheelchair_places >= 1)
            parts.append(min(1.0, have / need))
            rows.append({"space": space.id, "part": "wheelchair_rooms", "measured": have,
                         "required": need})
            if have < need:
                notes.append(f"{space.id}: 車椅子席のある室 {have}/{need}"
                             f" — {have} of {need} rooms with a wheelchair place")
    totals = {"seats": sum(r.capacity for r in capacity),
              "wheelchair_places": sum(r.wheelchair_places for r in capacity)}
    if not parts:
        return Criterion("capacity", None, {"rooms": rows, "totals": totals},
                         ("席数目標のある室がない（プログラム適合を参照）"
                          "/ no room with a seat target is present (see program fit)",))
    score = 100.0 * sum(parts) / len(parts)
    return Criterion("capacity", score, {"rooms": rows, "totals": totals}, tuple(notes))


def _mean_distance(a: Sequence[PlacedRoom], b: Sequence[PlacedRoom]) -> float | None:
    pairs = [(p, q) for p, q in itertools.product(a, b) if p.id != q.id]
    if not pairs:
        return None
    total = 0.0
    for p, q in pairs:
        (x0, y0), (x1, y1) = p.centre, q.centre
        total += abs(x0 - x1) + abs(y0 - y1)
    return total / len(pairs)


def _extent(plan: Plan, program: Program) -> float:
    zone = renovation_area(plan, program.zone)
    geom: BaseGeometry = zone[1] if zone else plan.levels[0].outline.geometry
    x0, y0, x1, y1 = geom.bounds
    return max(float((x1 - x0) + (y1 - y0)), 1e-6)


def adjacency_criterion(plan: Plan, program: Program, matched: Matching) -> Criterion:
    """Score the adjacency wishes as a normalised weighted-distance objective.

    Distance = mean rectilinear distance between the centres of the two spaces' rooms, divided
    by the rectilinear span D of the renovation zone (width + depth). A wish with weight w > 0
    loses w·d/D, one with w < 0 (keep apart) loses |w|·(1 − d/D); a missing space loses |w|.
    Score = 100 × (1 − Σ losses / Σ |w|). The raw objective Σ w·d is reported too.
    """
    if not program.adjacency:
        return Criterion("adjacency", None, {}, ("プログラムに近接の希望なし"
                                                 " / the program states no adjacency wishes",))
    span = _extent(plan, program)
    lost = total = objective = 0.0
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for a, b, weight in program.adjacency:
        total += abs(weight)
        dist = _mean_distance(matched.get(a, ()), matched.get(b, ()))
        if dist is None:
            lost += abs(weight)
            rows.append({"a": a, "b": b, "weight": weight, "distance": None})
            notes.append(f"{a}–{b}: 室がない / a space is missing")
            continue
        ratio = min(1.0, dist / span)
        loss = weight * ratio if weight > 0 else abs(weight) * (1.0 - ratio)
        lost += loss
        objective += weight * dist
        rows.append({"a": a, "b": b, "weight": weight, "distance": round(dist, 2),
                     "loss": round(loss, 3)})
    score = 100.0 * (1.0 - lost / total) if total > 0 else None
    details = {"objective": round(objective, 2), "span": round(span, 2), "pairs": rows}
    return Criterion("adjacency", score, details, tuple(notes))


def _through_traffic(level: Level, area: BaseGeometry, width: float,
                     rooms: Sequence[Room]) -> dict[str, BaseGeometry]:
    """Return the strips of non-circulation rooms that visitors cross to reach other rooms.

    For every room of the zone, the shortest walk from the main entrance to its door; each hop
    across a room that is neither circulation nor the destination is a strip ``width`` wide.
    """
    entrance = main_entrance(level)
    if entrance is None:
        return {}
    graph = WalkingGraph(level, entrance)
    polygons = {room.id: room.polygon.geometry for room in level.rooms}
    strips: dict[str, list[BaseGeometry]] = {}
    for room in rooms:
        for through, a, b in graph.route_into(room.id):
            other = next((r for r in rooms if r.id == through), None)
            if through == room.id or other is None or other.use in CIRCULATION_USES:
                continue
            strip = LineString([a, b]).buffer(width / 2.0, cap_style="flat")
            strips.setdefault(through, []).append(
                strip.intersection(polygons[through]).intersection(area))
    return {k: unary_union(v) for k, v in strips.items()}


def efficiency_criterion(plan: Plan, program: Program) -> Criterion:
    """Usable share of the renovation zone (or of the level): usable floor over gross area.

    Gross = the zone's area; circulation = the floor of corridor, lobby, stair and elevator
    rooms plus the *through-traffic* strips, ``program.corridor_width`` wide, that visitors walk
    across other rooms (a lounge used as the passage to the consultation rooms) on the shortest
    walk from the main entrance to each room of the zone; usable = the floor of the other rooms
    (polygon minus walls and columns) minus those strips. Score = 100 × usable / gross: walls,
    corridors and passages through rooms all cost, so it is below 100 for any real plan. The
    net-to-gross ratio (before the strips) and the circulation share are reported too.
    """
    zone = renovation_area(plan, program.zone)
    if zone is not None:
        level, area = zone
        scope = f"zone {program.zone}"
    else:
        level = plan.levels[0]
        area = level.outline.geometry
        scope = f"level {level.id}"
    gross = float(area.area)
    net = circulation = rooms_total = 0.0
    inside = list(rooms_in(level, area))
    for room in inside:
        floor = float(net_polygon(level, room).intersection(area).area)
        rooms_total += floor
        if room.use in CIRCULATION_USES:
            circulation += floor
        else:
            net += floor
    if gross <= 0 or rooms_total <= 0:
        return Criterion("efficiency", None, {"scope": scope}, (f"{scope}: 室がない / no rooms",))
    strips = _through_traffic(level, area, program.corridor_width, inside)
    crossed = {k: float(v.area) for k, v in strips.items()}
    through = sum(crossed.values())
    usable = max(0.0, net - through)
    share = (circulation + through) / rooms_total
    notes = tuple(f"{k}: {v:.1f} m² を通路として通過 / walked through to reach other rooms"
                  for k, v in sorted(crossed.items()) if v >= 0.5)
    details = {"scope": scope, "gross_area": round(gross, 2), "net_area": round(net, 2),
               "usable_area": round(usable, 2),
               "circulation_area": round(circulation, 2), "through_traffic_area": round(through, 2),
               "through_traffic": {k: round(v, 2) for k, v in crossed.items()},
               "net_to_gross": round(net / gross, 3), "circulation_share": round(share, 3)}
    return Criterion("efficiency", 100.0 * min(1.0, usable / gross), details, notes)


def _touches_daylight(placed: PlacedRoom) -> bool:
    level = placed.level
    boundary = placed.polygon.exterior
    walls = {w.id: w for w in level.walls}
    for opening in level.openings:
        if opening.kind != "window":
            continue
        wall = walls.get(opening.wall)
        reach = (wall.thickness / 2.0 if wall else 0.15) + 0.1
        if boundary.distance(ShapelyPoint(opening.at)) <= reach:
            return True
    outline = level.outline.geometry.exterior.buffer(0.3)
    for wall in level.walls:
        if wall.kind != "glazed":
            continue
        shared = LineString(wall.path).intersection(boundary.buffer(wall.thickness / 2 + 0.05))
        if shared.length >= 0.5 and shared.intersection(outline).length >= 0.5:
            return True
    return False


def daylight_criterion(program: Program, matched: Matching) -> Criterion:
    """Share of the rooms whose space asks for daylight that touch a window (×100).

    A room touches a window when a ``window`` opening sits on its boundary, or a glazed wall at
    least 0.5 m long lies on both its boundary and the building's outline.
    """
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for space in program.spaces:
        if not space.daylight:
            continue
        rooms = list(matched.get(space.id, ()))
        for i in range(space.count):
            placed = rooms[i] if i < len(rooms) else None
            lit = placed is not None and _touches_daylight(placed)
            rows.append({"space": space.id, "room": None if placed is None else placed.id,
                         "daylight": lit})
            if not lit:
                where = ("室がない / missing" if placed is None
                         else f"{placed.id} に窓がない / has no window")
                notes.append(f"{space.id}: {where}")
    if not rows:
        return Criterion("daylight", None, {}, ("採光を求める室がない"
                                                " / no space of the program asks for daylight",))
    share = sum(1 for r in rows if r["daylight"]) / len(rows)
    return Criterion("daylight", 100.0 * share, {"rooms": rows, "share": round(share, 3)},
                     tuple(notes))

