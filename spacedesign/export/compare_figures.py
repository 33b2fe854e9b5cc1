"""Figures of the comparison: a plan with numbered finding markers, score bars, the Pareto plot.

matplotlib (Agg) with the Japanese font of :mod:`spacedesign.export.fonts` (IPAexGothic), so
labels in Japanese render with real glyphs and the PDF embeds it as TrueType. The plan drawing
here is a compact overview for the sheet and the report (rooms by use, walls, doors, windows,
site); the full drawings are the export module's job.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacedesign.errors import MissingDependencyError
from spacedesign.model import Plan
from spacedesign.score import CRITERIA, FindingRecord, Scorecard

__all__ = [
    "USE_COLOURS",
    "CompareEntry",
    "Marker",
    "draw_plan",
    "draw_score_bars",
    "element_location",
    "numbered_findings",
    "plan_png",
    "pyplot",
]

USE_COLOURS = {
    "lobby": "#e8e1d3", "corridor": "#eeeeee", "reception": "#f6d28b", "consultation": "#9fc5e8",
    "meeting": "#b4a7d6", "seminar": "#b4a7d6", "lounge": "#b6d7a8", "coworking": "#a2d9ce",
    "kids": "#f9cb9c", "nursing": "#f4b6c2", "toilet": "#d0e0e3", "accessible_toilet": "#a4c2f4",
    "office": "#d9d2c5", "storage": "#cccccc", "stair": "#bbbbbb", "elevator": "#bbbbbb",
    "kitchenette": "#ffe599", "exhibition": "#d5a6bd", "other": "#e6e6e6",
}
SITE_COLOURS = {"walkway": "#dddddd", "plaza": "#e4e4e4", "parking_aisle": "#d0d0d0",
                "planting": "#cfe8c4", "road": "#bdbdbd", "bicycle_parking": "#d9d9d9",
                "other": "#eeeeee"}
STATUS_COLOURS = {"fail": "#d62728", "warn": "#ff8c00"}


def pyplot() -> Any:
    """Import matplotlib (Agg) with the Japanese font registered; return ``pyplot``."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingDependencyError(exc.name or "matplotlib", "render") from None
    from spacedesign.export.fonts import japanese_font

    _, family = japanese_font()
    matplotlib.rcParams.update({"font.family": [family], "pdf.fonttype": 42,
                                "axes.unicode_minus": False})
    return plt


@dataclass(frozen=True)
class Marker:
    """A numbered finding marker: its number, the finding, and its place on the image (0–1)."""

    number: int
    finding: FindingRecord
    at: tuple[float, float] | None = None
    """Where the marker goes (m): the finding's location, else its element's."""
    left: float | None = None
    top: float | None = None


@dataclass(frozen=True)
class CompareEntry:
    """One scenario in a comparison, as the sheet and the report show it.

    Attributes
    ----------
    rank : int
        1 = best composite.
    slug : str
        Identifier safe for file names and HTML ids (``s1``, ``s2``, ... by rank).
    file : str or None
        The scenario file.
    plan, card : Plan, Scorecard
        The scenario and its scores.
    markers : list of Marker
        The numbered failing and warning findings.
    pareto : bool
        Whether the scenario is on the Pareto front of the main criteria.
    not_available : list of str
        Stages that could not run for it (their criteria are n/a).
    """

    rank: int
    slug: str
    file: str | None
    plan: Plan
    card: Scorecard
    markers: tuple[Marker, ...]
    pareto: bool
    not_available: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.card.name


def element_location(plan: Plan, element: str | None) -> tuple[float, float] | None:
    """Return a point for the element with id ``element`` (room, opening, fixture, wall, site)."""
    if element is None:
        return None
    level = plan.levels[0]
    for opening in level.openings:
        if opening.id == element:
            return opening.at
    shapes = [(r.id, r.polygon) for r in level.rooms]
    shapes += [(f.id, f.polygon) for f in level.fixtures if f.polygon is not None]
    if plan.site is not None:
        shapes += [(r.id, r.polygon) for r in plan.site.ramps]
        shapes += [(p.id, p.polygon) for p in plan.site.parking]
        shapes += [(a.id, a.polygon) for a in plan.site.areas]
        for point in plan.site.access_points:
            if point.id == element:
                return point.at
    for ident, shape in shapes:
        if ident == element:
            p = shape.geometry.representative_point()
            return (float(p.x), float(p.y))
    for wall in level.walls:
        if wall.id == element:
            mid = wall.centreline.interpolate(0.5, normalized=True)
            return (float(mid.x), float(mid.y))
    return None


def numbered_findings(card: Scorecard, plan: Plan) -> list[Marker]:
    """Give numbers to the failing and warning findings, worst first.

    Order (:func:`spacedesign.export.findings_digest.finding_order`): failures before warnings,
    critical before major before minor, inside the renovation zone before outside, then rule
    and element. A finding without a location is placed on its element when it can be found.
    """
    from spacedesign.export.findings_digest import finding_order, zone_of

    zone = zone_of(plan, card.zone)
    located = [(f, f.location or element_location(plan, f.element)) for f in card.findings
               if f.status in ("fail", "warn")]
    located.sort(key=lambda item: finding_order(item[0], item[1], zone))
    markers = [Marker(i + 1, f, at) for i, (f, at) in enumerate(located)]
    return _spread(markers)


def _spread(markers: list[Marker], radius: float = 0.45) -> list[Marker]:
    """Move markers that share a place onto a small circle around it, so each stays visible."""
    groups: list[tuple[tuple[float, float], list[int]]] = []
    for i, marker in enumerate(markers):
        if marker.at is None:
            continue
        for anchor, members in groups:
            if math.dist(anchor, marker.at) < 0.3:
                members.append(i)
                break
        else:
            groups.append((marker.at, [i]))
    spread = list(markers)
    for _, members in groups:
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            x, y = markers[i].at or (0.0, 0.0)
            angle = 2 * math.pi * k / len(members) + math.pi / 2
            at = (x + radius * math.cos(angle), y + radius * math.sin(angle))
            spread[i] = Marker(markers[i].number, markers[i].finding, at)
    return spread


def _fill(ax: Any, geometry: Any, **style: Any) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    polygons = getattr(geometry, "geoms", [geometry])
    for poly in polygons:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        rings = [poly.exterior, *poly.interiors]
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for ring in rings:
            coords = [(float(x), float(y)) for x, y in ring.coords]
            vertices.extend(coords)
            codes.extend([int(MplPath.MOVETO)] + [int(MplPath.LINETO)] * (len(coords) - 2)
                         + [int(MplPath.CLOSEPOLY)])
        ax.add_patch(PathPatch(MplPath(vertices, codes), **style))


def draw_plan(ax: Any, plan: Plan, markers: Sequence[Marker] = (), *, labels: bool = True,
              font_size: float = 6.0) -> None:
    """Draw the first level and the site of ``plan`` on ``ax`` with numbered markers."""
    from shapely.geometry import box

    level = plan.levels[0]
    site = plan.site
    if site is not None:
        if site.boundary is not None:
            _fill(ax, site.boundary.geometry, facecolor="#fafafa", edgecolor="#888888",
                  linestyle="--", linewidth=0.6)
        for area in site.areas:
            _fill(ax, area.polygon.geometry, facecolor=SITE_COLOURS.get(area.kind, "#eeeeee"),
                  edgecolor="none")
        for ramp in site.ramps:
            _fill(ax, ramp.polygon.geometry, facecolor="#fff2cc", edgecolor="#7f6000",
                  hatch="///", linewidth=0.5)
        for step in site.steps:
            _fill(ax, step.polygon.geometry, facecolor="#eeeeee", edgecolor="#555555",
                  hatch="---", linewidth=0.5)
        for bay in site.parking:
            _fill(ax, bay.polygon.geometry, facecolor="#cfe2f3" if bay.accessible else "#f3f3f3",
                  edgecolor="#3d85c6", linewidth=0.5)
    _fill(ax, level.outline.geometry, facecolor="white", edgecolor="none")
    for room in level.rooms:
        _fill(ax, room.polygon.geometry, facecolor=USE_COLOURS.get(room.use, "#e6e6e6"),
              edgecolor="none")
    for item in level.furniture:
        _fill(ax, item.footprint.geometry, facecolor="none", edgecolor="#666666", linewidth=0.3)
    for fixture in level.fixtures:
        if fixture.polygon is not None:
            _fill(ax, fixture.polygon.geometry, facecolor="#ffffff", edgecolor="#444444",
                  linewidth=0.4)
    walls = {w.id: w for w in level.walls}
    for wall in level.walls:
        colour = "#6fa8dc" if wall.kind == "glazed" else "#222222"
        _fill(ax, wall.footprint, facecolor=colour, edgecolor="none")
    for column in level.columns:
        _fill(ax, column.polygon.geometry, facecolor="#444444", edgecolor="none")
    for opening in level.openings:
        host = walls.get(opening.wall)
        half_t = (host.thickness if host else 0.2) / 2 + 0.01
        half_w = opening.width / 2
        x, y = opening.at
        if host is not None and len(host.path) >= 2:
            gap = host.footprint.intersection(box(x - half_w, y - half_w, x + half_w, y + half_w))
        else:
            gap = box(x - half_w, y - half_t, x + half_w, y + half_t)
        colour = "#cfe2f3" if opening.kind == "window" else "white"
        _fill(ax, gap, facecolor=colour, edgecolor="none")
    if labels:
        for room in level.rooms:
            poly = room.polygon.geometry
            if poly.area < 4.0:
                continue
            c = poly.representative_point()
            ax.text(c.x, c.y, room.name, ha="center", va="center", fontsize=font_size,
                    color="#333333", clip_on=True)
    for marker in markers:
        loc = marker.at
        if loc is None:
            continue
        ax.plot(loc[0], loc[1], marker="o", markersize=font_size * 1.9,
                color=STATUS_COLOURS.get(marker.finding.status, "#d62728"), alpha=0.9)
        ax.text(loc[0], loc[1], str(marker.number), ha="center", va="center", color="white",
                fontsize=font_size * 0.95)
    x0, y0, x1, y1 = (site.boundary.geometry.bounds if site is not None and site.boundary
                      else level.outline.geometry.bounds)
    pad = 0.5
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _png(fig: Any, dpi: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def plan_png(plan: Plan, markers: Sequence[Marker], *, width_in: float = 9.0,
             dpi: int = 110) -> tuple[bytes, list[Marker]]:
    """Render the plan with markers; return the PNG and the markers with image positions."""
    plt = pyplot()
    level = plan.levels[0]
    x0, y0, x1, y1 = (plan.site.boundary.geometry.bounds if plan.site and plan.site.boundary
                      else level.outline.geometry.bounds)
    height_in = max(3.0, width_in * (y1 - y0 + 1) / max(x1 - x0 + 1, 1e-6))
    fig = plt.figure(figsize=(width_in, height_in))
    try:
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
        draw_plan(ax, plan, markers, font_size=7.0)
        fig.canvas.draw()
        width_px, height_px = fig.canvas.get_width_height()
        placed: list[Marker] = []
        for marker in markers:
            if marker.at is None:
                placed.append(marker)
                continue
            px, py = ax.transData.transform(marker.at)
            placed.append(Marker(marker.number, marker.finding, marker.at,
                                 float(px / width_px), float(1.0 - py / height_px)))
        return _png(fig, dpi), placed
    finally:
        plt.close(fig)


def draw_score_bars(ax: Any, card: Scorecard, *, font_size: float = 6.5) -> None:
    """Horizontal bars, one per criterion plus the composite; n/a drawn hatched."""
    keys = list(CRITERIA)
    labels = [CRITERIA[k][0] for k in keys] + ["総合"]
    values = [card.value(k) for k in keys] + [card.composite]
    for i, value in enumerate(values):
        y = len(values) - 1 - i
        if value is None:
            ax.barh(y, 100, color="none", edgecolor="#bbbbbb", hatch="////", linewidth=0.4)
            ax.text(2, y, "n/a", va="center", fontsize=font_size * 0.9, color="#777777")
            continue
        colour = "#3c78d8" if i < len(keys) else "#134f5c"
        ax.barh(y, value, color=colour, height=0.7)
        inside = value > 85
        ax.text(value - 2 if inside else value + 2, y, f"{value:.0f}", va="center",
                ha="right" if inside else "left", color="white" if inside else "black",
                fontsize=font_size * 0.9)
    ax.set_yticks(range(len(values)), list(reversed(labels)), fontsize=font_size)
    ax.set_xlim(0, 100)
    ax.tick_params(axis="x", labelsize=font_size * 0.85)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
