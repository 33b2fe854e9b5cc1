"""People checks: seating with wheelchair places, family facilities, wayfinding from the entrance.

Rules: SEATING-WHEELCHAIR, FAMILY-NURSING, FAMILY-BABYCHANGE, FAMILY-KIDS, WAYFINDING-RECEPTION.
Split from :mod:`spacedesign.rules.checks_facility`, which registers them.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.freespace import (
    largest_turning_circle,
    level_space,
    room_net_floor,
)
from spacedesign.analysis.memo import ShapeMemo
from spacedesign.analysis.sightlines import sight_within, visible_from
from spacedesign.analysis.targets import room_target
from spacedesign.model import Level, Room
from spacedesign.rules.context import Context
from spacedesign.rules.data import Requirement

__all__ = ["OPEN_USES", "baby_change", "centre_of", "kids", "nursing", "seating", "wayfinding"]

#: Open public spaces where a play mat counts as a kids corner (not a closed childcare room).
OPEN_USES = frozenset({"lobby", "lounge", "coworking", "exhibition", "kids", "reception"})


def centre_of(geom: BaseGeometry) -> tuple[float, float]:
    """Return a point inside ``geom`` where its finding is marked.

    Parameters
    ----------
    geom : BaseGeometry
        A room or fixture outline.

    Returns
    -------
    (float, float)
        Its representative point.
    """
    p = geom.representative_point()
    return (float(p.x), float(p.y))


def seating(ctx: Context, req: Requirement) -> None:
    """SEATING-WHEELCHAIR: free wheelchair places in meeting and seminar rooms."""
    judged = False
    for level in ctx.plan.levels:
        for room in level.rooms:
            if room.use not in ("meeting", "seminar"):
                continue
            poly = room.polygon.geometry
            feet = level_space(level).furniture
            seats = sum(
                1
                for f, foot in zip(level.furniture, feet, strict=True)
                if f.kind == "chair"
                and (f.room == room.id or (f.room is None and poly.covers(foot.centroid)))
            )
            if seats == 0:
                continue
            judged = True
            need, soft = _places_needed(ctx.ruleset, room.use, seats)
            if need == 0:
                ctx.add(
                    "SEATING-WHEELCHAIR",
                    "pass",
                    room.id,
                    f"{room.id}: {seats} 席, 不要 / none required",
                    measured=0.0,
                    required=0.0,
                )
                continue
            have = _FIT_PLACES(
                room_net_floor(level, room.id), req["place_w"], req["place_d"], need
            )
            status = "pass" if have >= need else ("warn" if soft else "fail")
            ctx.add(
                "SEATING-WHEELCHAIR",
                status,
                room.id,
                f"{room.id}: {seats} 席に車椅子スペース {have} (必要 {need}; "
                f"{req['place_w']:.2f} × {req['place_d']:.2f} m)",
                measured=float(have),
                required=float(need),
            )
    if not judged:
        ctx.not_applicable(
            "SEATING-WHEELCHAIR", "会議室・セミナー室に座席の配置なし / no seats laid out"
        )


def _places_needed(ruleset: str, use: str, seats: int) -> tuple[int, bool]:
    # one source with the capacity styles; it reads this rule's record in rules/data.py
    from spacedesign.capacity.catalogue import wheelchair_requirement

    return wheelchair_requirement(seats, ruleset, use)


def _fit_places(free: BaseGeometry, w: float, d: float, wanted: int) -> int:
    placed = 0
    space = free
    for _ in range(wanted):
        circle = largest_turning_circle(space)
        if circle is None or circle.diameter < w - 1e-6:
            break
        cx, cy = circle.centre
        fitted = None
        grown: BaseGeometry | None = None
        for angle in (0.0, 90.0, 45.0, 135.0):
            rect = affinity.rotate(box(cx - w / 2, cy - d / 2, cx + w / 2, cy + d / 2), angle)
            # The space grown by 1 µm covers whatever the space covers: buffer only if needed.
            if not space.covers(rect):
                if grown is None:
                    grown = space.buffer(1e-6)
                if not grown.covers(rect):
                    continue
            fitted = rect
            break
        if fitted is None:
            break
        placed += 1
        space = space.difference(fitted)
    return placed


#: Places fitted in a room's net floor, by its exact geometry: generated layouts repeat rooms.
_FIT_PLACES = ShapeMemo(_fit_places, 256)


def nursing(ctx: Context, req: Requirement) -> None:
    """FAMILY-NURSING: a nursing room exists and a pram (wheelchair route) reaches it."""
    del req
    rooms = [(lvl, r) for lvl in ctx.plan.levels for r in lvl.rooms if r.use == "nursing"]
    if not rooms:
        ctx.add("FAMILY-NURSING", "fail", None, "授乳室なし / no nursing room", unit=None)
        return
    for level, room in rooms:
        target = room_target(ctx.graph, level.id, room.id)
        ok = bool(ctx.sources) and all(
            ctx.routes.reaches(k, target) for k in range(len(ctx.sources))
        )
        ctx.add(
            "FAMILY-NURSING",
            "pass" if ok else "warn",
            room.id,
            f"{room.name}: "
            + (
                "ベビーカーで到達可 / reachable with a pram"
                if ok
                else "ベビーカーで到達できない / not reachable with a pram"
            ),
            unit=None,
        )


def baby_change(ctx: Context, req: Requirement) -> None:
    """FAMILY-BABYCHANGE: baby changing (and in Tokyo a baby chair) somewhere on the plan."""
    fixtures = [f for lvl in ctx.plan.levels for f in lvl.fixtures]
    changing = [f.id for f in fixtures if "baby_changing" in f.features]
    chair = [f.id for f in fixtures if "baby_chair" in f.features]
    missing = [] if changing else ["おむつ交換台 / baby changing"]
    if req["chair"] and not chair:
        missing.append("ベビーチェア / baby chair")
    element = (changing or chair)[0] if (changing or chair) else None
    if missing:
        ctx.add(
            "FAMILY-BABYCHANGE", "fail", element, "なし / missing: " + ", ".join(missing), unit=None
        )
    else:
        ctx.add(
            "FAMILY-BABYCHANGE",
            "pass",
            element,
            f"あり / provided in {', '.join(changing)}",
            unit=None,
        )


def kids(ctx: Context, req: Requirement) -> None:
    """FAMILY-KIDS: the kids corner is in sight of the lounge (share of its area visible)."""
    for level in ctx.plan.levels:
        areas = [(r.id, r.polygon.geometry) for r in level.rooms if r.use == "kids"]
        open_rooms = [r.polygon.geometry for r in level.rooms if r.use in OPEN_USES]
        areas += [
            (f.id, foot)
            for f, foot in zip(level.furniture, level_space(level).furniture, strict=True)
            if f.kind == "kids_play" and any(g.covers(foot.centroid) for g in open_rooms)
        ]
        lounges = [r for r in level.rooms if r.use == "lounge"]
        for element, area in areas:
            if not lounges:
                ctx.add(
                    "FAMILY-KIDS",
                    "warn",
                    element,
                    "ラウンジなし / no lounge to watch from",
                    unit=None,
                )
                continue
            share, view, seen = _visible_share(level, lounges, area)
            if seen is not None and view is not None:
                ctx.isovists.append((view, seen, f"FAMILY-KIDS {element}"))
            ok = share >= req["visible"] - 1e-9
            ctx.add(
                "FAMILY-KIDS",
                "pass" if ok else "fail",
                element,
                f"{element}: ラウンジから見える割合 {share:.0%} (必要 {req['visible']:.0%})",
                measured=share,
                required=req["visible"],
                location=None if ok else centre_of(area),
            )
    if not any(f.rule == "FAMILY-KIDS" for f in ctx.findings):
        ctx.add("FAMILY-KIDS", "fail", None, "キッズコーナーなし / no kids corner", unit=None)


def _visible_share(
    level: Level, lounges: list[Room], area: BaseGeometry
) -> tuple[float, tuple[float, float] | None, BaseGeometry | None]:
    """Best share of ``area`` seen from a viewpoint of a lounge, that viewpoint and its isovist.

    The first viewpoint (lounge by lounge) with the largest share wins; the search stops at a
    lounge whose viewpoint sees 99.9 % or more. Each lounge's isovists are cast in one batch.
    """
    lines = level_space(level).sight_lines
    best: tuple[float, tuple[float, float] | None, BaseGeometry | None] = (0.0, None, None)
    for lounge in lounges:
        views = _viewpoints(sight_within(lines, lounge.polygon.geometry))
        seen_all = visible_from(lines, views, rays=180)
        shares = _shares_seen(seen_all, area)
        for view, seen, share in zip(views, seen_all, shares, strict=True):
            if share > best[0]:
                best = (share, view, seen)
            if best[0] >= 0.999:
                return best
    return best


def _shares_seen(seen: list[BaseGeometry], area: BaseGeometry) -> list[float]:
    """Return the share of ``area`` inside each of ``seen`` (0 for an area of no size).

    An axis-aligned rectangle (a valid polygon as large as its box) is clipped to with
    GEOS's rectangle clipping, several times faster than the general overlay; the same
    areas up to rounding.
    """
    size = area.area
    if size <= 0:
        return [0.0] * len(seen)
    x0, y0, x1, y1 = area.bounds
    boxed = abs((x1 - x0) * (y1 - y0) - size) <= 1e-12 * size
    if boxed and isinstance(area, Polygon) and area.is_valid:
        inside = shapely.clip_by_rect(np.array(seen, dtype=object), x0, y0, x1, y1)
    else:
        inside = shapely.intersection(seen, area)
    shares: list[float] = (shapely.area(inside) / size).tolist()
    return shares


def _viewpoints(free: BaseGeometry, per_side: int = 3) -> list[tuple[float, float]]:
    if free.is_empty:
        return []
    x0, y0, x1, y1 = free.bounds
    pts = [
        (x0 + (x1 - x0) * (i + 0.5) / per_side, y0 + (y1 - y0) * (j + 0.5) / per_side)
        for i in range(per_side)
        for j in range(per_side)
    ]
    # One vectorised point-in-polygon test (the same predicate as free.contains(Point(p))).
    xy = np.array(pts)
    inside = shapely.contains_xy(free, xy[:, 0], xy[:, 1]).tolist()
    out = [p for p, ok in zip(pts, inside, strict=True) if ok]
    rep = free.representative_point()
    return [*out, (float(rep.x), float(rep.y))]


def wayfinding(ctx: Context, req: Requirement) -> None:
    """WAYFINDING-RECEPTION: the counter can be seen from 1 m inside the main entrance."""
    entrance = ctx.entrance
    counters = [
        f
        for f in (entrance.level.fixtures if entrance else ())
        if f.kind == "counter" and f.polygon is not None
    ]
    if entrance is None:
        ctx.add("WAYFINDING-RECEPTION", "fail", None, "主出入口なし / no entrance door", unit=None)
        return
    if not counters:
        ctx.not_applicable("WAYFINDING-RECEPTION", "受付カウンターなし / no reception counter")
        return
    view = entrance.inside_point(req["inside"])
    seen = visible_from(level_space(entrance.level).sight_lines, [view], rays=360)[0]
    ctx.isovists.append((view, seen, "WAYFINDING-RECEPTION"))
    visible = [c.id for c in counters if seen.intersects(c.polygon.geometry.buffer(0.02))]  # type: ignore[union-attr]
    element = (visible or [counters[0].id])[0]
    ctx.add(
        "WAYFINDING-RECEPTION",
        "pass" if visible else "fail",
        element,
        f"{element}: 主出入口 {entrance.id} の内側 {req['inside']:.1f} m から"
        + (
            "見える / visible from the entrance"
            if visible
            else "見えない / not visible from the entrance"
        ),
        location=None if visible else view,
        unit=None,
    )
