"""Facility checks: toilets, elevators, counters; the registry of every facility rule.

Rules here: TOILET-ACCESSIBLE, ELEVATOR, COUNTER-LOW. SEATING-WHEELCHAIR, FAMILY-NURSING,
FAMILY-BABYCHANGE, FAMILY-KIDS and WAYFINDING-RECEPTION live in
:mod:`spacedesign.rules.checks_people` and are registered here.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.routes import SLACK
from spacedesign.analysis.targets import room_target
from spacedesign.model import Fixture, Level, Room
from spacedesign.rules.checks_people import (
    baby_change,
    centre_of,
    kids,
    nursing,
    seating,
    wayfinding,
)
from spacedesign.rules.context import Context
from spacedesign.rules.data import Requirement

__all__ = ["FACILITY_CHECKS"]


def _toilets(level: Level) -> list[tuple[str, Room | None, Fixture | None]]:
    rooms = {r.id: r for r in level.rooms}
    found: list[tuple[str, Room | None, Fixture | None]] = []
    used: set[str] = set()
    for fixture in level.fixtures:
        if fixture.kind != "accessible_toilet":
            continue
        room = rooms.get(fixture.room or "")
        if room is None and fixture.polygon is not None:
            centre = fixture.polygon.geometry.representative_point()
            room = next((r for r in level.rooms if r.polygon.geometry.covers(centre)), None)
        found.append((fixture.id, room, fixture))
        if room is not None:
            used.add(room.id)
    for room in level.rooms:
        if room.use == "accessible_toilet" and room.id not in used:
            found.append((room.id, room, None))
    return found


def toilet(ctx: Context, req: Requirement) -> None:
    """TOILET-ACCESSIBLE: one per floor; turning circle, door, ostomate, travel distance."""
    levels = [lvl for lvl in ctx.plan.levels if any(r.public for r in lvl.rooms)]
    if not levels:
        ctx.not_applicable("TOILET-ACCESSIBLE", "no floor with public rooms")
        return
    for level in levels:
        toilets = _toilets(level)
        if not toilets:
            ctx.add(
                "TOILET-ACCESSIBLE",
                "fail",
                level.id,
                f"{level.id}: 車椅子使用者用便房なし / no accessible toilet on this floor",
                unit=None,
            )
            continue
        if req["ostomate"] and not any(
            f is not None and "ostomate" in f.features for _, _, f in toilets
        ):
            ctx.add(
                "TOILET-ACCESSIBLE",
                "fail",
                toilets[0][0],
                f"{level.id}: オストメイト対応なし / no ostomate fixture on this floor",
                unit=None,
            )
        for element, room, fixture in toilets:
            _one_toilet(ctx, req, level, element, room, fixture)


def _one_toilet(
    ctx: Context,
    req: Requirement,
    level: Level,
    element: str,
    room: Room | None,
    fixture: Fixture | None,
) -> None:
    if room is None:
        ctx.add(
            "TOILET-ACCESSIBLE",
            "warn",
            element,
            "便房の室が不明 / toilet room unknown: not measured",
            unit=None,
        )
        return
    circle = ctx.room_circle(level, room.id, req["diameter"])
    dia = circle.diameter if circle else 0.0
    ctx.add(
        "TOILET-ACCESSIBLE",
        "pass" if dia >= req["diameter"] - SLACK else "fail",
        element,
        f"{element}: 便房内の円 Ø{dia:.2f} m (必要 Ø{req['diameter']:.2f} m)",
        measured=dia,
        required=req["diameter"],
        location=circle.centre if circle else None,
    )
    doors = [
        d
        for d in ctx.doors
        if d.level.id == level.id
        and d.gap.opening.connects
        and room.id in (d.gap.opening.connects or ())
    ]
    if not doors:
        doors = [
            d
            for d in ctx.doors
            if d.level.id == level.id
            and d.port is not None
            and d.port in room_target(ctx.graph, level.id, room.id).nodes
        ]
    width = max((d.gap.opening.width for d in doors), default=0.0)
    ctx.add(
        "TOILET-ACCESSIBLE",
        "pass" if width >= req["door"] - 1e-9 else "fail",
        element,
        f"{element}: 扉の有効幅 {width:.2f} m (必要 {req['door']:.2f} m)"
        + ("" if doors else " — 扉なし / no door"),
        measured=width,
        required=req["door"],
    )
    target = room_target(ctx.graph, level.id, room.id, "toilet")
    far, cut_off = _farthest_public_room(ctx, level, target.nodes)
    if far is None and not cut_off:
        reached = bool(np.isfinite(ctx.routes.wheel_dist[:, target.nodes]).any())
        ctx.add(
            "TOILET-ACCESSIBLE",
            "pass" if reached else "fail",
            element,
            f"{element}: 同じ階に他の公共室なし / no other public room on the level"
            + ("" if reached else "; 車椅子で行けない / not reachable by wheelchair"),
            unit=None,
        )
    elif cut_off or far is None:
        names = ", ".join(cut_off) if cut_off else "-"
        ctx.add(
            "TOILET-ACCESSIBLE",
            "fail",
            element,
            f"{element}: 公共室から車椅子で行けない ({names}) / not "
            "reachable by wheelchair from the public rooms",
            measured=far[0] if far else None,
            unit="" if far else None,
        )
    else:
        ctx.add(
            "TOILET-ACCESSIBLE",
            "pass",
            element,
            f"{element}: 最も遠い公共室から {far[0]:.1f} m "
            f"({far[1]}) / longest wheelchair trip from a public room",
            measured=far[0],
        )


def _farthest_public_room(
    ctx: Context, level: Level, nodes: np.ndarray
) -> tuple[tuple[float, str] | None, list[str]]:
    """Find the longest wheelchair trip from a public room of ``level`` to ``nodes``.

    Returns the farthest (distance, room id) among the rooms that reach the toilet, and the ids
    of the public rooms that a wheelchair user reaches from an arrival point but that cannot
    reach the toilet (rooms no wheelchair gets into are left to ROUTE-REACH).
    """
    dist = ctx.routes.distance_to(nodes)
    worst: tuple[float, str] | None = None
    cut_off: list[str] = []
    rooms = [
        (room.id, room_target(ctx.graph, level.id, room.id).nodes)
        for room in level.rooms
        if room.public and room.use not in ("accessible_toilet", "toilet")
    ]
    rooms = [(room_id, at) for room_id, at in rooms if len(at)]
    if not rooms:
        return worst, cut_off
    # Every room at once: whether any arrival reaches one of its nodes, its nearest node's
    # distance to the toilet (the same minimum of the same values, room by room).
    sizes = [len(at) for _, at in rooms]
    every = np.concatenate([at for _, at in rooms])
    starts = np.cumsum([0, *sizes[:-1]])
    entered = np.isfinite(ctx.routes.wheel_dist[:, every]).any(axis=0)
    reached = np.logical_or.reduceat(entered, starts).tolist()
    nearest = np.minimum.reduceat(dist[every], starts).tolist()
    for (room_id, _), ok, d in zip(rooms, reached, nearest, strict=True):
        if not ok:
            continue  # no wheelchair gets into the room at all: ROUTE-REACH reports it
        if not math.isfinite(d):
            cut_off.append(room_id)
            continue
        if worst is None or d > worst[0]:
            worst = (d, room_id)
    return worst, cut_off


def elevator(ctx: Context, req: Requirement) -> None:
    """ELEVATOR: car size, door width and hall space of each elevator."""
    lifts = [(lvl, f) for lvl in ctx.plan.levels for f in lvl.fixtures if f.kind == "elevator"]
    if not lifts:
        upper = [lvl for lvl in ctx.plan.levels[1:] if any(r.public for r in lvl.rooms)]
        if upper:
            ctx.add(
                "ELEVATOR",
                "fail",
                upper[0].id,
                "複数階に公共室があるがエレベーターなし / "
                "public rooms on more than one floor and no elevator",
                unit=None,
            )
        else:
            ctx.not_applicable(
                "ELEVATOR", "エレベーターなし (単層) / no elevator in a one-storey plan"
            )
        return
    for level, lift in lifts:
        at = centre_of(lift.polygon.geometry) if lift.polygon is not None else None
        if lift.car is None:
            ctx.add(
                "ELEVATOR",
                "warn",
                lift.id,
                f"{lift.id}: かご寸法の記載なし / car size not given",
                location=at,
            )
        else:
            w, d = lift.car
            sides = (("幅 width", w, "car_width"), ("奥行 depth", d, "car_depth"))
            for label, measured, key in sides:
                ok = measured >= req[key] - 1e-9
                ctx.add(
                    "ELEVATOR",
                    "pass" if ok else "fail",
                    lift.id,
                    f"{lift.id}: かご{label} {measured:.2f} m (必要 {req[key]:.2f} m; "
                    f"car {w:.2f} × {d:.2f} m)",
                    measured=measured,
                    required=req[key],
                    location=None if ok else at,
                )
        door = lift.door_width
        if door is None:
            ctx.add(
                "ELEVATOR", "warn", lift.id, f"{lift.id}: 戸の幅の記載なし / door width not given"
            )
        else:
            ok = door >= req["door"] - 1e-9
            ctx.add(
                "ELEVATOR",
                "pass" if ok else "fail",
                lift.id,
                f"{lift.id}: 戸の幅 {door:.2f} m (必要 {req['door']:.2f} m)",
                measured=door,
                required=req["door"],
            )
        hall = _hall(ctx, level, lift)
        ok = hall >= req["hall"] - SLACK
        ctx.add(
            "ELEVATOR",
            "pass" if ok else "fail",
            lift.id,
            f"{lift.id}: 乗降ロビー Ø{hall:.2f} m (必要 {req['hall']:.2f} m 角)",
            measured=hall,
            required=req["hall"],
            location=None if ok else at,
        )


def _hall(ctx: Context, level: Level, lift: Fixture) -> float:
    """Diameter of the largest free circle in front of the lift.

    A lift inside its own room (``use: elevator``) is judged outside that room's doors;
    otherwise in front of its footprint.
    """
    rooms = {r.id: r for r in level.rooms}
    room = rooms.get(lift.room or "")
    if room is not None and room.use == "elevator":
        key = (level.id, room.id)
        code = ctx.graph.rooms.index(key) if key in ctx.graph.rooms else -1
        best = 0.0
        for door in ctx.doors:
            connects = door.gap.opening.connects or ()
            if door.level.id != level.id or room.id not in connects or door.port is None:
                continue
            nbrs = ctx.graph.neighbours(door.port)
            outside = nbrs[ctx.graph.room[nbrs] != code]
            if len(outside):
                best = max(best, 2.0 * float(np.max(ctx.graph.free[outside])))
        return best
    return _approach(ctx, level, lift.polygon.geometry) if lift.polygon is not None else 0.0


def _approach(ctx: Context, level: Level, geom: BaseGeometry) -> float:
    """Diameter of the largest free circle that touches ``geom`` (the space in front of it)."""
    region = ctx.graph.region(f"level:{level.id}")
    if region is None:
        return 0.0
    nodes = region.touching(geom, 0.1)
    if not len(nodes):
        return 0.0
    return 2.0 * float(np.max(ctx.graph.free[nodes]))


def counter(ctx: Context, req: Requirement) -> None:
    """COUNTER-LOW: height, knee clearance and approach space of each counter."""
    counters = [(lvl, f) for lvl in ctx.plan.levels for f in lvl.fixtures if f.kind == "counter"]
    if not counters:
        ctx.not_applicable("COUNTER-LOW", "受付カウンターなし / no counter in the plan")
        return
    for level, item in counters:
        problems = []
        if item.height is None:
            problems.append("高さ不明 / height not given")
        elif not req["height_min"] - 1e-9 <= item.height <= req["height_max"] + 1e-9:
            problems.append(
                f"高さ {item.height:.2f} m (範囲 {req['height_min']:.2f}–{req['height_max']:.2f})"
            )
        knee_ok = item.knee_clearance is not None and item.knee_clearance >= req["knee"] - 1e-9
        length = 0.0
        if item.polygon is not None:
            rect = shapely.minimum_rotated_rectangle(item.polygon.geometry)
            xy = list(getattr(rect, "exterior", Polygon()).coords)
            length = max(
                (math.dist(xy[i], xy[i + 1]) for i in range(min(2, len(xy) - 1))), default=0.0
            )
        parallel_ok = "length" in req.params and length >= req["length"] - 1e-9
        if not knee_ok and not parallel_ok:
            problems.append(f"膝下 {item.knee_clearance or 0:.2f} m (必要 {req['knee']:.2f} m)")
        space = _approach(ctx, level, item.polygon.geometry) if item.polygon is not None else 0.0
        if space < req["approach"] - SLACK:
            problems.append(f"前面スペース Ø{space:.2f} m (必要 {req['approach']:.2f} m)")
        at = centre_of(item.polygon.geometry) if item.polygon is not None else None
        status = (
            "pass"
            if not problems
            else ("warn" if item.height is None and len(problems) == 1 else "fail")
        )
        ctx.add(
            "COUNTER-LOW",
            status,
            item.id,
            f"{item.id}: "
            + (
                "; ".join(problems)
                if problems
                else f"高さ {item.height:.2f} m, 膝下 {item.knee_clearance or 0:.2f} m, "
                f"前面 Ø{space:.2f} m"
            ),
            measured=item.height,
            required=req["height_max"],
            location=None if status == "pass" else at,
        )


FACILITY_CHECKS = {
    "TOILET-ACCESSIBLE": toilet,
    "ELEVATOR": elevator,
    "COUNTER-LOW": counter,
    "SEATING-WHEELCHAIR": seating,
    "FAMILY-NURSING": nursing,
    "FAMILY-BABYCHANGE": baby_change,
    "FAMILY-KIDS": kids,
    "WAYFINDING-RECEPTION": wayfinding,
}
