"""Route checks: ROUTE-REACH, -WIDTH, -TURN, DOOR-WIDTH, -LEVEL, -TYPE and STEP-FREE."""

from __future__ import annotations

import math

import numpy as np
from shapely.geometry import Point

from spacedesign.analysis.routes import SLACK, Target
from spacedesign.model import Plan
from spacedesign.rules.context import Context, Door
from spacedesign.rules.data import Requirement
from spacedesign.rules.route_topology import corridor_exit_distances, dead_end_turns, step_free

__all__ = ["ROUTE_CHECKS"]

#: Room uses where a turning circle is not asked for (ordinary WCs, stairs, lift cars).
NO_TURN_USES = frozenset({"toilet", "stair", "elevator"})
UNCONSTRAINED = 1e5
#: Widths closer than this (m) are the same bottleneck (ROUTE-WIDTH names the first destination).
TIE = 1e-3


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def route_reach(ctx: Context, req: Requirement) -> None:
    """ROUTE-REACH: every destination from every arrival point."""
    if not ctx.sources:
        ctx.add(
            "ROUTE-REACH",
            "fail",
            None,
            "到達経路の起点がない / no arrival point and no entrance door to start from",
            unit=None,
        )
        return
    if not ctx.targets:
        ctx.not_applicable("ROUTE-REACH", "no public room, counter, toilet or elevator to reach")
        return
    rs = ctx.routes
    # (arrival, destination, kind) of each route to draw, and its (source, target, walking)
    drawn: list[tuple[str, str, str]] = []
    asked: list[tuple[int, Target, bool]] = []
    wheel_lengths = rs.lengths_many(ctx.targets)
    walk_lengths = rs.lengths_many(ctx.targets, walking=True)
    for target, lengths, walks in zip(ctx.targets, wheel_lengths, walk_lengths, strict=True):
        # A source reaches the target exactly when its shortest wheelchair route is finite.
        missing = [name for (name, _), v in zip(ctx.sources, lengths, strict=True) if v is None]
        # The accessible route and, beside it from the same arrival, the walking route: their
        # lengths give the detour factor (issue 3). Both polylines are returned for drawing.
        k0 = next((k for k, v in enumerate(lengths) if v is not None), None)
        if k0 is None:
            k0 = next((k for k, v in enumerate(walks) if v is not None), None)
        if k0 is not None:
            for kind, walking in (("wheelchair", False), ("walking", True)):
                drawn.append((ctx.sources[k0][0], target.element, kind))
                asked.append((k0, target, walking))
        if missing:
            walkable = [n for k, (n, _) in enumerate(ctx.sources) if walks[k] is not None]
            how = (
                "歩行なら到達可 / reachable on foot only"
                if walkable
                else "歩行でも到達不可 / not even on foot"
            )
            ctx.add(
                "ROUTE-REACH",
                "fail",
                target.element,
                f"{target.kind} {target.element} は {', '.join(missing)} から"
                "車椅子で到達できない / "
                f"not reachable by wheelchair (passing width {req['gap']:.2f} m) from "
                f"{', '.join(missing)}; {how}",
                location=ctx.target_xy(target),
                unit=None,
            )
            continue
        detours = [a / b for a, b in zip(lengths, walks, strict=True) if a and b]
        longest = max(v for v in lengths if v is not None)
        ctx.add(
            "ROUTE-REACH",
            "pass",
            target.element,
            f"{target.kind} {target.element}: 車椅子で到達可 / reachable by wheelchair; "
            f"route {longest:.1f} m, detour factor {max(detours, default=1.0):.2f}",
            measured=longest,
            unit="m",
        )
    # Every route at once (their shared starts read once); a target without one draws none.
    paths = rs.paths_many(asked)
    found = [(what, nodes) for what, nodes in zip(drawn, paths, strict=True) if nodes]
    lines = rs.polylines([nodes for _, nodes in found])
    for ((source, element, kind), _), line in zip(found, lines, strict=True):
        ctx.routes_drawn.append((source, element, kind, line, _line_length(line)))


def _line_length(line: tuple[tuple[float, float], ...]) -> float:
    # The same left-to-right sum of the same segment lengths as over itertools.pairwise.
    return float(sum(map(math.dist, line[:-1], line[1:])))


def route_width(ctx: Context, req: Requirement) -> None:
    """ROUTE-WIDTH: the smallest, over destinations, of the widest route's narrowest point."""
    if not ctx.sources or not ctx.targets:
        ctx.not_applicable("ROUTE-WIDTH", "no route to judge (no arrival point or no destination)")
        return
    found: list[tuple[float, str, tuple[float, float] | None]] = []
    for target, row in zip(ctx.targets, ctx.routes.widest_many(ctx.targets), strict=True):
        for width, at in row:
            if width <= 0:
                continue
            if at is not None and width < UNCONSTRAINED:
                ctx.narrow_points.append((at, width, target.element))
            found.append((width, target.element, at))
    # Destinations whose widths agree within TIE share one bottleneck (e.g. the lobby every
    # route crosses); the first in plan order is named, so that sub-millimetre noise of the
    # medial graph does not decide which destination the finding names.
    worst: tuple[float, str, tuple[float, float] | None] | None = None
    if found:
        least = min(width for width, _, _ in found)
        worst = next(item for item in found if item[0] <= least + TIE)
    minimum = req["min"]
    if worst is None:
        ctx.add(
            "ROUTE-WIDTH",
            "fail",
            None,
            "どの目的地へも経路がない / no route reaches any destination (see ROUTE-REACH)",
            required=minimum,
        )
        return
    width, element, at = worst
    if width >= UNCONSTRAINED:
        ctx.add(
            "ROUTE-WIDTH",
            "pass",
            element,
            "経路に扉以外の狭い箇所なし / no passage narrower than its doors on any route",
            required=minimum,
        )
        return
    status = "pass" if width >= minimum - SLACK else "fail"
    ctx.add(
        "ROUTE-WIDTH",
        status,
        element,
        f"最狭部 {width:.2f} m (必要 {minimum:.2f} m) on the widest route to {element}",
        measured=width,
        required=minimum,
        location=at,
    )


def route_turn(ctx: Context, req: Requirement) -> None:
    """ROUTE-TURN: a turning circle in every public room; turning places along corridors."""
    diameter = req["diameter"]
    judged = 0
    corridors = [
        (level.id, room.id)
        for level in ctx.plan.levels
        for room in level.rooms
        if room.public and room.use == "corridor"
    ]
    exit_dist = corridor_exit_distances(ctx.routes, corridors)
    for level in ctx.plan.levels:
        for room in level.rooms:
            if not room.public or room.use in NO_TURN_USES:
                continue
            judged += 1
            circle = ctx.room_circle(level, room.id, diameter)
            measured = circle.diameter if circle is not None else 0.0
            at = circle.centre if circle is not None else None
            if circle is not None:
                ctx.circles.append((circle.centre, circle.diameter, room.id))
            if room.use == "corridor":
                dead_end_turns(
                    ctx, level.id, room.id, room.name, diameter, exit_dist.get((level.id, room.id))
                )
            if measured >= diameter - SLACK:
                ctx.add(
                    "ROUTE-TURN",
                    "pass",
                    room.id,
                    f"{room.name}: Ø{measured:.2f} m fits",
                    measured=measured,
                    required=diameter,
                    location=at,
                )
            elif room.use == "corridor":
                _corridor_turns(
                    ctx, level.id, room.id, room.name, measured, diameter, req["spacing"]
                )
            else:
                ctx.add(
                    "ROUTE-TURN",
                    "fail",
                    room.id,
                    f"{room.name}: 最大円 Ø{measured:.2f} m < Ø{diameter:.2f} m / no turning space",
                    measured=measured,
                    required=diameter,
                    location=at,
                )
    if judged == 0:
        ctx.not_applicable("ROUTE-TURN", "no public room in the plan")


def _corridor_turns(
    ctx: Context,
    level_id: str,
    room_id: str,
    name: str,
    measured: float,
    diameter: float,
    spacing: float,
) -> None:
    g = ctx.graph
    key = (level_id, room_id)
    code = g.rooms.index(key) if key in g.rooms else -1
    nodes = np.nonzero((g.room == code) & ctx.routes.wheel_node)[0]
    spots = np.nonzero(ctx.routes.wheel_node & (g.free >= diameter / 2 - SLACK) & (g.door < 0))[0]
    far = np.inf
    if len(nodes) and len(spots):
        far = float(np.max(ctx.routes.distance_to(spots)[nodes]))
    if far <= spacing / 2:
        ctx.add(
            "ROUTE-TURN",
            "pass",
            room_id,
            f"{name}: 廊下内は Ø{measured:.2f} m だが {far:.1f} m 以内に転回場所あり / turning "
            f"place within {far:.1f} m everywhere (≤ {spacing:.0f} m apart)",
            measured=measured,
            required=diameter,
        )
    else:
        ctx.add(
            "ROUTE-TURN",
            "fail",
            room_id,
            f"{name}: 転回場所が {spacing:.0f} m 以内ごとにない / no turning place within "
            f"{spacing / 2:.0f} m (farthest {far:.1f} m)",
            measured=measured,
            required=diameter,
        )


def _door_xy(door: Door) -> tuple[float, float]:
    return (float(door.gap.centre[0]), float(door.gap.centre[1]))


def door_width(ctx: Context, req: Requirement) -> None:
    """DOOR-WIDTH: every door on the route; the main entrance's width and operation."""
    if not ctx.route_doors:
        ctx.not_applicable("DOOR-WIDTH", "no door on the accessible route")
        return
    for door in ctx.route_doors:
        opening = door.gap.opening
        is_main = door is ctx.entrance
        need = req["entrance"] if is_main else req["min"]
        label = "主出入口 / main entrance" if is_main else "扉 / door"
        if opening.width < need - 1e-9:
            ctx.add(
                "DOOR-WIDTH",
                "fail",
                opening.id,
                f"{label} {opening.id}: 有効幅 {opening.width:.2f} m < {need:.2f} m",
                measured=opening.width,
                required=need,
                location=_door_xy(door),
            )
        elif is_main and req["entrance_automatic"] and opening.operation != "automatic":
            ctx.add(
                "DOOR-WIDTH",
                "fail",
                opening.id,
                f"{label} {opening.id}: 自動扉でない / not automatic ({opening.operation})",
                measured=opening.width,
                required=need,
                location=_door_xy(door),
            )
        else:
            ctx.add(
                "DOOR-WIDTH",
                "pass",
                opening.id,
                f"{label} {opening.id}: 有効幅 {opening.width:.2f} m ≥ {need:.2f} m",
                measured=opening.width,
                required=need,
            )


def door_level(ctx: Context, req: Requirement) -> None:
    """DOOR-LEVEL: thresholds, and the level difference outside each entrance."""
    if not ctx.route_doors:
        ctx.not_applicable("DOOR-LEVEL", "no door on the accessible route")
        return
    limit = req["max"]
    for door in ctx.route_doors:
        opening = door.gap.opening
        step = opening.threshold
        diff = _outside_difference(ctx.plan, door) if door.outside is not None else None
        if diff is not None:
            step = max(step, diff)
        where = (
            "敷居 / threshold"
            if diff is None
            else "敷居・外部との段差 / threshold and step outside"
        )
        status = "pass" if step <= limit + 1e-9 else "fail"
        ctx.add(
            "DOOR-LEVEL",
            status,
            opening.id,
            f"{opening.id}: {where} {step * 100:.1f} cm "
            f"({'≤' if status == 'pass' else '>'} {limit * 100:.1f} cm)",
            measured=step,
            required=limit,
            location=None if status == "pass" else _door_xy(door),
        )


def _outside_difference(plan: Plan, door: Door) -> float | None:
    """Level difference between the floor and what the entrance opens onto (None: unknown)."""
    if plan.site is None or door.outside is None:
        return None
    face = Point(door.gap.face_point(door.outside))
    heights = [
        a.elevation
        for a in plan.site.areas
        if a.walkable and a.polygon.geometry.distance(face) <= 0.3
    ]
    for ramp in plan.site.ramps:
        for end, elev in (
            (ramp.from_point, ramp.from_elevation),
            (ramp.to_point, ramp.to_elevation),
        ):
            if Point(end).distance(face) <= door.gap.depth / 2 + 0.5:
                heights.append(elev)
    if not heights:
        return None
    return min(abs(h - door.level.elevation) for h in heights)


def door_type(ctx: Context, req: Requirement) -> None:
    """DOOR-TYPE: no revolving door on the route; automatic/sliding preferred at the entrance."""
    del req
    if not ctx.route_doors:
        ctx.not_applicable("DOOR-TYPE", "no door on the accessible route")
        return
    for door in ctx.route_doors:
        opening = door.gap.opening
        op = opening.operation or ("none" if opening.kind == "opening" else "unknown")
        if op == "revolving":
            ctx.add(
                "DOOR-TYPE",
                "fail",
                opening.id,
                f"{opening.id}: 回転扉は経路に不可 / revolving door on the route",
                location=_door_xy(door),
            )
        elif door is ctx.entrance and op not in ("automatic", "sliding", "none"):
            ctx.add(
                "DOOR-TYPE",
                "warn",
                opening.id,
                f"{opening.id}: 主出入口は自動扉・引き戸が望ましい / "
                f"main entrance is {op}; automatic or sliding preferred",
                location=_door_xy(door),
            )
        else:
            ctx.add("DOOR-TYPE", "pass", opening.id, f"{opening.id}: {op}")


ROUTE_CHECKS = {
    "ROUTE-REACH": route_reach,
    "ROUTE-WIDTH": route_width,
    "ROUTE-TURN": route_turn,
    "DOOR-WIDTH": door_width,
    "DOOR-LEVEL": door_level,
    "DOOR-TYPE": door_type,
    "STEP-FREE": step_free,
}
