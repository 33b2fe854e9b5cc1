"""matplotlib primitives for plans: polygons with holes, walls, doors, rooms, site, symbols.

Every function draws onto an ``Axes`` whose data units are metres (x east, y north) and tags the
artists it adds with a ``gid`` (``room:<id>``, ``door:<id>``, ``ramp:<id>``, ...) so tests and SVG
readers can find them.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.patches import Arc, Circle, FancyArrow, PathPatch
from matplotlib.patches import Polygon as PolygonPatch
from matplotlib.path import Path as MplPath
from shapely.geometry import Polygon

from spacedesign.export.common import (
    FURNITURE_COLOURS,
    USE_COLOURS,
    label_point,
    opening_frame,
    riser_lines,
    walls_with_openings,
)
from spacedesign.export.text import text_ems
from spacedesign.model import Level, Plan

__all__ = [
    "MIN_LABEL_PT",
    "SITE_COLOURS",
    "SITE_LABELS",
    "draw_level",
    "draw_site",
    "poly_patch",
    "wheelchair_mark",
]

MIN_LABEL_PT = 4.5
"""Smallest text on the images (points): legible on an A3 print at 1:100."""

SITE_LABELS = {
    "walkway": "歩道 walkway", "plaza": "広場 plaza", "parking_aisle": "駐車場通路 parking aisle",
    "planting": "植栽 planting", "road": "道路 road", "bicycle_parking": "駐輪場 bicycle parking",
    "other": "その他 other",
}

SITE_COLOURS = {
    "walkway": "#d9d4c7", "plaza": "#e6dcc4", "parking_aisle": "#c9c9c9", "planting": "#b8d9a0",
    "road": "#a9a9a9", "bicycle_parking": "#cfcfcf", "other": "#e5e5e5",
}


def poly_patch(polygon: Polygon, dx: float = 0.0, **style: Any) -> PathPatch:
    """Return a patch for a shapely polygon with holes, shifted by ``dx``."""
    rings = [polygon.exterior, *polygon.interiors]
    paths = []
    for ring in rings:
        coords = [(x + dx, y) for x, y in ring.coords]
        codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
        paths.append(MplPath(coords, codes))
    return PathPatch(MplPath.make_compound_path(*paths), **style)


def _add(ax: Any, artist: Any, gid: str) -> Any:
    artist.set_gid(gid)
    ax.add_patch(artist)
    return artist


def draw_level(ax: Any, level: Level, dx: float, *, fill_rooms: bool = True,
               labels: bool = True, faint: bool = False, furniture: bool = True,
               seats: dict[str, int] | None = None, scale: int = 100,
               capacity_view: bool = False) -> None:
    """Draw rooms, walls, openings, fixtures and furniture of one level (drawn at 1:``scale``)."""
    wall_colour = "#777777" if faint else "#111111"
    for room in level.rooms:
        colour = USE_COLOURS.get(room.use, "#e6e6e6") if fill_rooms else "none"
        _add(ax, poly_patch(room.polygon.geometry, dx, facecolor=colour, edgecolor="#9a9a9a",
                            linewidth=0.3, alpha=0.55 if faint else 1.0, zorder=1),
             f"room:{room.id}")
    for zone in level.zones:
        _add(ax, poly_patch(zone.polygon.geometry, dx, facecolor="none", edgecolor="#3060c0",
                            linewidth=0.8, linestyle=(0, (6, 3)), zorder=6), f"zone:{zone.id}")
    for polygon in walls_with_openings(level):
        _add(ax, poly_patch(polygon, dx, facecolor=wall_colour, edgecolor=wall_colour,
                            linewidth=0.2, zorder=5), "wall")
    for wall in level.walls:
        if wall.kind == "glazed" and not wall.footprint.is_empty:
            _add(ax, poly_patch(wall.footprint, dx, facecolor="#bfe6f5", edgecolor="#2a7fb0",
                                linewidth=0.5, zorder=5), f"glazed:{wall.id}")
    for column in level.columns:
        _add(ax, poly_patch(column.polygon.geometry, dx, facecolor=wall_colour,
                            edgecolor=wall_colour, zorder=5), f"column:{column.id}")
    for opening in level.openings:
        _draw_opening(ax, level, opening, dx, faint)
    for fixture in level.fixtures:
        if fixture.polygon is not None:
            _add(ax, poly_patch(fixture.polygon.geometry, dx, facecolor="#d8d8d8",
                                edgecolor="#555555", linewidth=0.5, zorder=4),
                 f"fixture:{fixture.id}")
    if furniture:
        for piece in level.furniture:
            shape = piece.footprint.geometry
            if not shape.is_empty:
                face = FURNITURE_COLOURS.get(piece.kind, "#bbbbbb") if capacity_view else "#ffffff"
                _add(ax, poly_patch(shape, dx, facecolor=face, edgecolor="#4a3a5a",
                                    linewidth=0.4, zorder=4), f"furniture:{piece.id}")
    if labels:
        for room in level.rooms:
            chairs = sum(1 for f in level.furniture if f.kind == "chair" and f.room == room.id)
            _room_label(ax, room, dx, (seats or {}).get(room.id), 2835.0 / scale,
                        chairs if capacity_view else 0)


def _room_label(ax: Any, room: Any, dx: float, seats: int | None, pt_per_m: float,
                chairs: int = 0) -> None:
    polygon = room.polygon.geometry
    x, y = label_point(polygon)
    xmin, _, xmax, _ = polygon.bounds
    lines = [room.name]
    if room.name_en:
        lines.append(room.name_en)
    lines.append(f"{room.polygon.area:.2f}㎡")
    if seats is not None:
        lines.append(f"定員 {seats}名")
    if chairs:
        lines.append(f"椅子 {chairs}脚")
    width = float(xmax - xmin)

    def fitted(rows: list[str]) -> float:
        longest = max(text_ems(s) for s in rows)
        return min(7.0, 0.85 * width * pt_per_m / max(longest, 1.0))

    size = fitted(lines)
    if size < MIN_LABEL_PT and room.name_en:  # a small room: the English name goes first
        lines.remove(room.name_en)
        size = fitted(lines)
    size = max(MIN_LABEL_PT, size)
    ax.text(x + dx, y, "\n".join(lines), ha="center", va="center", fontsize=size,
            zorder=8, gid=f"label:{room.id}", linespacing=1.15,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.6})


def _draw_opening(ax: Any, level: Level, opening: Any, dx: float, faint: bool) -> None:
    frame = opening_frame(level, opening)
    (cx, cy), (ux, uy), (nx, ny) = frame.centre, frame.direction, frame.normal
    cx += dx
    h = opening.width / 2.0
    colour = "#9a8a30" if faint else "#b08800"
    gid = f"{opening.kind}:{opening.id}"
    if opening.kind == "window":
        t = frame.thickness / 2.0
        corners = [(cx - ux * h - nx * t, cy - uy * h - ny * t),
                   (cx + ux * h - nx * t, cy + uy * h - ny * t),
                   (cx + ux * h + nx * t, cy + uy * h + ny * t),
                   (cx - ux * h + nx * t, cy - uy * h + ny * t)]
        _add(ax, PolygonPatch(corners, closed=True, facecolor="#cdeefa", edgecolor="#2a7fb0",
                              linewidth=0.5, zorder=6), gid)
        return
    operation = opening.operation or "hinged"
    if opening.kind == "opening" or operation == "none":
        return
    side = 1.0
    if opening.connects:
        from spacedesign.export.common import room_of_point

        room = room_of_point(level, frame.centre[0] + nx * 0.4, frame.centre[1] + ny * 0.4)
        if (room is None and opening.connects[0] != "outside") or (
                room is not None and room.id != opening.connects[0]):
            side = -1.0
    nx, ny = nx * side, ny * side
    if operation == "hinged":
        hx, hy = cx - ux * h, cy - uy * h
        ax.plot([hx, hx + nx * opening.width], [hy, hy + ny * opening.width], color=colour,
                linewidth=0.8, zorder=7, gid=gid)
        start = math.degrees(math.atan2(uy, ux))
        normal_angle = math.degrees(math.atan2(ny, nx))
        theta1, theta2 = sorted((start, normal_angle))
        if theta2 - theta1 > 180:
            theta1, theta2 = theta2, theta1 + 360
        _add(ax, Arc((hx, hy), 2 * opening.width, 2 * opening.width, theta1=theta1,
                     theta2=theta2, color=colour, linewidth=0.5, zorder=7), gid)
    elif operation in ("sliding", "automatic", "folding", "revolving"):
        off = frame.thickness / 2.0 + 0.05
        if operation == "revolving":
            _add(ax, Circle((cx, cy), h, fill=False, color=colour, linewidth=0.6, zorder=7), gid)
            return
        spans = [(-h, h)] if operation == "sliding" else [(-h, 0.0), (0.0, h)]
        for a, b in spans:
            shift = (b - a) * (0.5 if operation == "sliding" else (-0.5 if a < 0 else 0.5))
            ax.plot([cx + ux * (a + shift) + nx * off, cx + ux * (b + shift) + nx * off],
                    [cy + uy * (a + shift) + ny * off, cy + uy * (b + shift) + ny * off],
                    color=colour, linewidth=1.4, zorder=7, gid=gid, solid_capstyle="butt")


def wheelchair_mark(ax: Any, x: float, y: float, size: float, gid: str) -> None:
    """Draw the wheelchair-user symbol (国際シンボルマーク): white figure on a blue square."""
    s = size / 2.0
    _add(ax, PolygonPatch([(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)],
                          closed=True, facecolor="#1f5fbf", edgecolor="none", zorder=9), gid)
    _add(ax, Circle((x - 0.05 * size, y + 0.3 * size), 0.07 * size, color="white", zorder=10),
         gid)
    ax.plot([x - 0.08 * size, x - 0.08 * size, x + 0.15 * size, x + 0.27 * size],
            [y + 0.2 * size, y + 0.0, y + 0.0, y - 0.27 * size], color="white",
            linewidth=1.2, zorder=10, gid=gid)
    _add(ax, Arc((x - 0.05 * size, y - 0.12 * size), 0.45 * size, 0.45 * size, theta1=100,
                 theta2=20 + 360, color="white", linewidth=1.2, zorder=10), gid)


def draw_site(ax: Any, plan: Plan, *, emphasis: bool) -> None:
    """Draw the exterior: areas, ramps, steps, parking, tactile paving, access points."""
    site = plan.site
    if site is None:
        return
    alpha = 1.0 if emphasis else 0.45
    if site.boundary is not None:
        _add(ax, poly_patch(site.boundary.geometry, facecolor="#f7f7f2" if emphasis else "none",
                            edgecolor="#c0392b", linewidth=0.9, linestyle=(0, (8, 2, 2, 2)),
                            zorder=0), "site:boundary")
    for area in site.areas:
        _add(ax, poly_patch(area.polygon.geometry, facecolor=SITE_COLOURS.get(area.kind, "#eee"),
                            edgecolor="#8c8c8c", linewidth=0.4, alpha=alpha, zorder=0.5,
                            hatch="...." if area.kind == "planting" and emphasis else None),
             f"area:{area.id}")
    for ramp in site.ramps:
        _add(ax, poly_patch(ramp.polygon.geometry, facecolor="#f2e3a0", edgecolor="#7a6a10",
                            linewidth=0.6, alpha=alpha, zorder=2), f"ramp:{ramp.id}")
        for landing in ramp.landings:
            _add(ax, poly_patch(landing.geometry, facecolor="#efe9cf", edgecolor="#7a6a10",
                                linewidth=0.4, alpha=alpha, zorder=2), f"ramp:{ramp.id}")
        up = ramp.to_elevation >= ramp.from_elevation
        a, b = (ramp.from_point, ramp.to_point) if up else (ramp.to_point, ramp.from_point)
        arrow = FancyArrow(a[0], a[1], b[0] - a[0], b[1] - a[1], width=0.04, head_width=0.35,
                           head_length=0.4, length_includes_head=True, color="#5a4a00",
                           zorder=3, alpha=alpha)
        _add(ax, arrow, f"ramp:{ramp.id}")
        if emphasis:
            slope = ramp.slope
            text = "勾配 -" if slope is None else f"1/{1 / slope:.1f} ({slope * 100:.1f}%)"
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
            ax.text(mx, my, f"{ramp.id} ↑ {text}", rotation=angle, fontsize=5.5, ha="center",
                    va="bottom", rotation_mode="anchor", zorder=9, gid=f"ramp-label:{ramp.id}")
    for step in site.steps:
        _add(ax, poly_patch(step.polygon.geometry, facecolor="#dddddd", edgecolor="#444444",
                            linewidth=0.5, alpha=alpha, zorder=2), f"step:{step.id}")
        for p, q in riser_lines(step.polygon.geometry, step.risers or 2):
            ax.plot([p[0], q[0]], [p[1], q[1]], color="#444444", linewidth=0.5, alpha=alpha,
                    zorder=2.1, gid=f"step:{step.id}")
    for bay in site.parking:
        _add(ax, poly_patch(bay.polygon.geometry, facecolor="#eeeeee", edgecolor="#333333",
                            linewidth=0.6, alpha=alpha, zorder=2), f"parking:{bay.id}")
        c = bay.polygon.geometry.centroid
        if bay.accessible:
            bx0, by0, bx1, by1 = bay.polygon.geometry.bounds
            size = min(1.2, 0.5 * min(bx1 - bx0, by1 - by0))
            wheelchair_mark(ax, float(c.x), float(c.y), size, f"parking-mark:{bay.id}")
        if emphasis:
            ax.text(c.x, c.y - 0.9, bay.id, ha="center", fontsize=5, zorder=9)
    for tactile in site.tactile:
        if tactile.line is not None:
            xs, ys = zip(*tactile.line, strict=True)
            ax.plot(xs, ys, color="#f2c200", linewidth=2.5, alpha=alpha, zorder=3,
                    solid_capstyle="butt", gid=f"tactile:{tactile.id}")
        if tactile.polygon is not None:
            _add(ax, poly_patch(tactile.polygon.geometry, facecolor="#f2c200", edgecolor="#b08e00",
                                linewidth=0.3, alpha=alpha, zorder=3), f"tactile:{tactile.id}")
    for access in site.access_points:
        x, y = access.at
        ax.plot([x], [y], marker="^", markersize=6, color="#c0392b", zorder=9,
                gid=f"access:{access.id}")
        if emphasis:
            ax.text(x, y - 0.8, f"{access.id} {access.kind}", ha="center", va="top", fontsize=5,
                    zorder=9)
