"""Exterior checks: RAMP-*, TACTILE-ROUTE, TACTILE-WARNING, PARKING-ACCESSIBLE."""

from __future__ import annotations

import math

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.width import ramp_clear_width
from spacedesign.model import Ramp
from spacedesign.rules.context import Context
from spacedesign.rules.data import Requirement

__all__ = ["SITE_CHECKS"]

HANDRAIL_SIDES = {"both": 2, "one": 1, "none": 0}


def _centre(geom: BaseGeometry) -> tuple[float, float] | None:
    if geom.is_empty:
        return None
    p = geom.representative_point()
    return (float(p.x), float(p.y))


def _ramps(ctx: Context, rule: str) -> list[Ramp]:
    ramps = list(ctx.plan.site.ramps) if ctx.plan.site is not None else []
    if not ramps:
        ctx.not_applicable(rule, "傾斜路なし / no ramp in the plan")
    return ramps


def ramp_slope(ctx: Context, req: Requirement) -> None:
    """RAMP-SLOPE: running slope of every ramp (1/8 allowed for short rises where the law says)."""
    for ramp in _ramps(ctx, "RAMP-SLOPE"):
        slope = ramp.slope
        at = _centre(ramp.polygon.geometry)
        if slope is None:
            ctx.add("RAMP-SLOPE", "warn", ramp.id, "ramp ends coincide: slope unknown", location=at)
            continue
        limit = req["short_max"] if ramp.rise <= req["short_rise"] + 1e-9 else req["max"]
        status = "pass" if slope <= limit + 1e-9 else "fail"
        ctx.add(
            "RAMP-SLOPE",
            status,
            ramp.id,
            f"{ramp.id}: 勾配 1/{1 / slope:.1f} ({slope:.3f}) vs 1/{1 / limit:.0f}; rise "
            f"{ramp.rise:.2f} m over {ramp.run:.2f} m"
            if slope > 0
            else f"{ramp.id}: level",
            measured=slope,
            required=limit,
            location=None if status == "pass" else at,
        )


def ramp_width(ctx: Context, req: Requirement) -> None:
    """RAMP-WIDTH: clear width of every ramp between its ends (less beside steps)."""
    steps = [s.polygon.geometry for s in ctx.plan.site.steps] if ctx.plan.site else []
    for ramp in _ramps(ctx, "RAMP-WIDTH"):
        poly = ramp.polygon.geometry
        width = _ramp_width(ramp)
        beside = any(poly.distance(s) <= 0.05 for s in steps)
        need = req["beside_steps"] if beside else req["min"]
        status = "pass" if width >= need - 0.005 else "fail"
        ctx.add(
            "RAMP-WIDTH",
            status,
            ramp.id,
            f"{ramp.id}: 有効幅 {width:.2f} m (必要 {need:.2f} m{', 段併設' if beside else ''})",
            measured=width,
            required=need,
            location=None if status == "pass" else _centre(poly),
        )


def _ramp_width(ramp: Ramp) -> float:
    (x0, y0), (x1, y1) = ramp.from_point, ramp.to_point
    return ramp_clear_width(ramp.polygon.geometry, (float(x0), float(y0)), (float(x1), float(y1)))


def ramp_landing(ctx: Context, req: Requirement) -> None:
    """RAMP-LANDING: a landing of the required depth for every 75 cm (ADA 30 in) of rise."""
    for ramp in _ramps(ctx, "RAMP-LANDING"):
        slope = ramp.slope or 0.0
        needed = 0
        if slope > req["gentle"] + 1e-9:
            needed = max(0, math.ceil(ramp.rise / req["rise"] - 1e-9) - 1)
        deep = [s for s in ramp.landings if _depth(s.geometry) >= req["depth"] - 0.005]
        status = "pass" if len(deep) >= needed else "fail"
        ctx.add(
            "RAMP-LANDING",
            status,
            ramp.id,
            f"{ramp.id}: 踊場 {len(deep)} (必要 {needed}; rise {ramp.rise:.2f} m, "
            f"landing depth ≥ {req['depth']:.2f} m)",
            measured=float(len(deep)),
            required=float(needed),
            location=None if status == "pass" else _centre(ramp.polygon.geometry),
        )


def _depth(poly: BaseGeometry) -> float:
    box = shapely.minimum_rotated_rectangle(poly)
    coords = list(box.exterior.coords) if hasattr(box, "exterior") else []
    if len(coords) < 4:
        return 0.0
    sides = [math.dist(coords[i], coords[i + 1]) for i in range(2)]
    return min(sides)


def ramp_handrail(ctx: Context, req: Requirement) -> None:
    """RAMP-HANDRAIL: handrails where the slope and rise call for them; edge protection."""
    for ramp in _ramps(ctx, "RAMP-HANDRAIL"):
        slope = ramp.slope or 0.0
        trigger = slope > req["trigger_slope"] + 1e-9 if req["trigger_slope"] > 0 else False
        trigger = trigger or (
            ramp.rise > req["trigger_rise"] + 1e-9 and slope > req["trigger_gentle"]
        )
        sides = HANDRAIL_SIDES.get(ramp.handrails or "none", 0)
        need = int(req["sides"]) if trigger else 0
        at = _centre(ramp.polygon.geometry)
        if sides < need:
            ctx.add(
                "RAMP-HANDRAIL",
                "fail",
                ramp.id,
                f"{ramp.id}: 手すり {sides} 側 (必要 {need} 側) / handrails on {sides} side(s), "
                f"{need} required",
                measured=float(sides),
                required=float(need),
                unit="count",
                location=at,
            )
        elif ramp.edge_protection is False and ramp.rise > 0:
            status = "fail" if ctx.ruleset == "ada-2010" else "warn"
            ctx.add(
                "RAMP-HANDRAIL",
                status,
                ramp.id,
                f"{ramp.id}: 脱輪防止なし / no edge protection",
                measured=float(sides),
                required=float(need),
                unit="count",
                location=at,
            )
        else:
            ctx.add(
                "RAMP-HANDRAIL",
                "pass",
                ramp.id,
                f"{ramp.id}: 手すり {sides} 側 (必要 {need} 側)",
                measured=float(sides),
                required=float(need),
                unit="count",
            )


def _guide_pieces(ctx: Context) -> list[BaseGeometry]:
    site = ctx.plan.site
    assert site is not None
    pieces: list[BaseGeometry] = []
    for item in site.tactile:
        if item.kind != "guide":
            continue
        if item.line is not None and len(item.line) >= 2:
            pieces.append(LineString(item.line))
        elif item.polygon is not None:
            pieces.append(item.polygon.geometry)
    return pieces


def tactile_route(ctx: Context, req: Requirement) -> None:
    """TACTILE-ROUTE: guide paving from an arrival point to the reception counter (or entrance)."""
    site = ctx.plan.site
    arrivals = [p for p in site.access_points if p.kind == "pedestrian"] if site else []
    if site is None or not arrivals:
        ctx.not_applicable("TACTILE-ROUTE", "歩行者の到着点なし / no pedestrian access point")
        return
    goal, goal_name = _reception_goal(ctx)
    if goal is None:
        ctx.not_applicable("TACTILE-ROUTE", "no reception counter and no entrance door")
        return
    pieces = _guide_pieces(ctx)
    if not pieces:
        ctx.add(
            "TACTILE-ROUTE",
            "fail",
            goal_name,
            "線状ブロックなし / no guide paving at all",
            location=arrivals[0].at,
            unit=None,
        )
        return
    parent = list(range(len(pieces)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tree = shapely.STRtree(pieces)
    left, right = tree.query(pieces, predicate="dwithin", distance=req["gap"] - 1e-9)
    for i, j in zip(left, right, strict=True):
        parent[find(int(i))] = find(int(j))
    starts = {
        find(i)
        for i, g in enumerate(pieces)
        if any(g.distance(Point(p.at)) <= req["reach"] for p in arrivals)
    }
    ends = {find(i) for i, g in enumerate(pieces) if g.distance(goal) <= req["reach"]}
    if starts & ends:
        ctx.add(
            "TACTILE-ROUTE",
            "pass",
            goal_name,
            f"線状ブロックが到着点から {goal_name} まで連続 / "
            f"guide paving continuous to {goal_name}",
            unit=None,
        )
        return
    where = _break_point(pieces, starts, find, goal)
    why = (
        "到着点付近に始点なし / does not start at an access point"
        if not starts
        else (f"{goal_name} まで届かない / does not reach {goal_name}")
    )
    ctx.add(
        "TACTILE-ROUTE",
        "fail",
        goal_name,
        f"線状ブロックが途切れる / guide paving {why}",
        location=where,
        unit=None,
    )


def _break_point(
    pieces: list[BaseGeometry], starts: set[int], find: object, goal: BaseGeometry
) -> tuple[float, float] | None:
    group = [g for i, g in enumerate(pieces) if find(i) in starts]  # type: ignore[operator]
    if not group:
        return _centre(goal)
    union = shapely.union_all(group)
    p, _ = shapely.ops.nearest_points(union, goal)
    return (float(p.x), float(p.y))


def _reception_goal(ctx: Context) -> tuple[BaseGeometry | None, str | None]:
    counters = [
        (f.polygon.geometry, f.id)
        for lvl in ctx.plan.levels
        for f in lvl.fixtures
        if f.kind == "counter" and f.polygon is not None
    ]
    if counters:
        return shapely.union_all([c for c, _ in counters]), counters[0][1]
    if ctx.entrance is not None:
        return ctx.entrance.gap.polygon, ctx.entrance.id
    return None, None


def tactile_warning(ctx: Context, req: Requirement) -> None:
    """TACTILE-WARNING: warning paving at ramp ends, steps and before the entrance door."""
    site = ctx.plan.site
    if site is None:
        ctx.not_applicable("TACTILE-WARNING", "no site (外構) in the plan")
        return
    spots: list[tuple[str, BaseGeometry]] = []
    for ramp in site.ramps:
        spots += [
            (f"{ramp.id} (from)", Point(ramp.from_point)),
            (f"{ramp.id} (to)", Point(ramp.to_point)),
        ]
    for step in site.steps:
        spots.append((step.id, step.polygon.geometry))
    if ctx.entrance is not None and ctx.entrance.outside is not None:
        spots.append((ctx.entrance.id, Point(ctx.entrance.gap.face_point(ctx.entrance.outside))))
    if not spots:
        ctx.not_applicable("TACTILE-WARNING", "no ramp, step or entrance door to mark")
        return
    warnings = [
        t.polygon.geometry if t.polygon is not None else LineString(t.line or [(0, 0), (0, 0)])
        for t in site.tactile
        if t.kind == "warning"
    ]
    for name, geom in spots:
        near = min((w.distance(geom) for w in warnings), default=math.inf)
        status = "pass" if near <= req["near"] else "fail"
        ctx.add(
            "TACTILE-WARNING",
            status,
            name.split(" ")[0],
            f"{name}: 点状ブロック{'あり' if status == 'pass' else 'なし'} / warning paving "
            f"{'within' if status == 'pass' else 'not within'} {req['near']:.1f} m",
            measured=None if math.isinf(near) else near,
            required=req["near"],
            location=None if status == "pass" else _centre(geom),
        )


def parking(ctx: Context, req: Requirement) -> None:
    """PARKING-ACCESSIBLE: number and width of accessible bays; their route to the entrance."""
    site = ctx.plan.site
    cars = [p for p in site.parking if p.kind == "car"] if site else []
    if not cars:
        ctx.not_applicable("PARKING-ACCESSIBLE", "駐車場なし / the site has no car parking")
        return
    total = len(cars)
    accessible = [p for p in cars if p.accessible]
    need = _required_bays(total, req)
    ctx.add(
        "PARKING-ACCESSIBLE",
        "pass" if len(accessible) >= need else "fail",
        "parking",
        f"車椅子用 {len(accessible)} 台 / {total} 台 (必要 {need})",
        measured=float(len(accessible)),
        required=float(need),
        unit="count",
    )
    # Shortest wheelchair route from every arrival point to every room of the building.
    to_rooms = ctx.routes.lengths_many([t for t in ctx.targets if t.kind == "room"])
    for bay in accessible:
        width = _depth(bay.polygon.geometry)
        status = "pass" if width >= req["width"] - 0.005 else "fail"
        ctx.add(
            "PARKING-ACCESSIBLE",
            status,
            bay.id,
            f"{bay.id}: 幅 {width:.2f} m (必要 {req['width']:.2f} m)",
            measured=width,
            required=req["width"],
            location=None if status == "pass" else _centre(bay.polygon.geometry),
        )
        k = next((i for i, (name, _) in enumerate(ctx.sources) if name == bay.id), None)
        lengths = [row[k] for row in to_rooms] if k is not None else []
        reach = [v for v in lengths if v is not None]
        if reach:
            ctx.add(
                "PARKING-ACCESSIBLE",
                "pass",
                bay.id,
                f"{bay.id}: 建物まで車椅子で {min(reach):.1f} m / wheelchair route to the building",
                measured=min(reach),
                required=None,
            )
        else:
            ctx.add(
                "PARKING-ACCESSIBLE",
                "fail",
                bay.id,
                f"{bay.id}: 建物への車椅子経路なし / no wheelchair route to the building",
                location=_centre(bay.polygon.geometry),
            )


def _required_bays(total: int, req: Requirement) -> int:
    if req["share"] < 0:
        table = [
            (25, 1),
            (50, 2),
            (75, 3),
            (100, 4),
            (150, 5),
            (200, 6),
            (300, 7),
            (400, 8),
            (500, 9),
        ]
        for limit, count in table:
            if total <= limit:
                return count
        return math.ceil(total * 0.02) if total <= 1000 else 20 + math.ceil((total - 1000) / 100)
    if total <= 200:
        return max(1, math.ceil(total * req["share"] - 1e-9))
    return math.ceil(total * req["over200_share"] - 1e-9) + int(req["over200_add"])


SITE_CHECKS = {
    "RAMP-SLOPE": ramp_slope,
    "RAMP-WIDTH": ramp_width,
    "RAMP-LANDING": ramp_landing,
    "RAMP-HANDRAIL": ramp_handrail,
    "TACTILE-ROUTE": tactile_route,
    "TACTILE-WARNING": tactile_warning,
    "PARKING-ACCESSIBLE": parking,
}
