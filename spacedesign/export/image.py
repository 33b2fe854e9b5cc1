"""Images for planners and ward reports: plan, accessibility, capacity and exterior views.

Each image is an A3 landscape sheet (420 × 297 mm) drawn with matplotlib on the Agg canvas: the
drawing at a true scale (1:100 when it fits the 295 × 247 mm map area, else 1:200, 1:250, ...),
a side panel (legend, findings or seat table) and a title strip (project, plan, view, scale,
date, north arrow, scale bar). The same figure is written as PNG (150 dpi), SVG (text as paths)
or PDF (IPAexGothic embedded as TrueType), so a PDF printed on A3 at 100 % measures true.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrow, Rectangle

from spacedesign.export.common import (
    PROJECT_TITLE,
    USE_COLOURS,
    USE_LABELS,
    drawing_date,
    level_bounds,
    marker_layout,
    opening_frame,
    plan_bounds,
    polygons_of,
)
from spacedesign.export.dxf_sheet import SCALES
from spacedesign.export.fonts import rc_params
from spacedesign.export.image_draw import (
    SITE_COLOURS,
    SITE_LABELS,
    draw_level,
    draw_site,
    poly_patch,
)
from spacedesign.export.overlays import AccessOverlay
from spacedesign.export.text import fit_lines
from spacedesign.model import Plan

__all__ = ["VIEW_TITLES", "build_figure", "level_offsets", "write_image"]

MM = 1 / 25.4
SHEET = (420.0, 297.0)
MAP_BOX = (10.0, 40.0, 330.0, 287.0)
PANEL_BOX = (335.0, 40.0, 410.0, 287.0)
PANEL_EMS = 30.0
"""Text width (ems of the 5.8 pt panel font, 2.05 mm) that fits the 75 mm panel after its indent."""
VIEW_TITLES = {
    "plan": ("平面図", "Floor plan"),
    "access": ("バリアフリー検討図", "Accessibility check"),
    "capacity": ("家具配置・定員", "Furniture and capacity"),
    "exterior": ("外構図", "Exterior (site plan)"),
}


def level_offsets(plan: Plan) -> list[float]:
    """X offsets (m) that place the levels side by side, 10 m apart (as in the DXF)."""
    offsets, dx = [], 0.0
    for level in plan.levels:
        offsets.append(dx)
        xmin, _, xmax, _ = level_bounds(level)
        dx += xmax - xmin + 10.0
    return offsets


def _extent(plan: Plan, view: str) -> tuple[float, float, float, float]:
    if view == "exterior":
        xmin, ymin, xmax, ymax = plan_bounds(plan, site=True)
    else:
        xmin, ymin, xmax, ymax = plan_bounds(plan, site=False)
    extra = level_offsets(plan)[-1]
    return (xmin - 0.5, ymin - 1.0, xmax + extra + 0.5, ymax + 1.0)


def _scale(extent: tuple[float, float, float, float]) -> int:
    width_mm = MAP_BOX[2] - MAP_BOX[0]
    height_mm = MAP_BOX[3] - MAP_BOX[1]
    for scale in SCALES:
        if (extent[2] - extent[0]) * 1000 / scale <= width_mm and (
                extent[3] - extent[1]) * 1000 / scale <= height_mm:
            return scale
    return SCALES[-1]


def _rect(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return (x0 / SHEET[0], y0 / SHEET[1], (x1 - x0) / SHEET[0], (y1 - y0) / SHEET[1])


def _title_strip(fig: Figure, plan: Plan, view: str, scale: int) -> None:
    ax = fig.add_axes(_rect((10.0, 10.0, 410.0, 36.0)), gid="title-block")
    ax.set_xlim(10, 410)
    ax.set_ylim(10, 36)
    ax.set_xticks([])
    ax.set_yticks([])
    ja, en = VIEW_TITLES.get(view, (view, view))
    kind = "検討案 scenario" if plan.kind == "scenario" else "計画 plan"
    # Text stops before the scale bar (x = 260 mm): 8.5 pt is 3.0 mm per em.
    ems = (255.0 - 14.0) / (8.5 * 25.4 / 72)
    ax.text(14, 29, fit_lines(PROJECT_TITLE, ems * 8.5 / 11, 1)[0], fontsize=11, va="center")
    ax.text(14, 21, fit_lines(f"{kind}: {plan.name}", ems, 1)[0], fontsize=8.5, va="center",
            gid="title-plan")
    ax.text(14, 14, fit_lines(f"{ja} {en}   縮尺 S=1:{scale} (A3)   日付 {drawing_date()}",
                              ems, 1)[0], fontsize=8.5, va="center", gid="title-scale")
    bar = 10000.0 / scale  # 10 m on paper (mm)
    bx, by = 260.0, 18.0
    for i in range(4):
        ax.add_patch(Rectangle((bx + i * bar / 4, by), bar / 4, 2.0, edgecolor="k",
                               facecolor="k" if i % 2 else "w", linewidth=0.5))
    for i, label in enumerate(("0", "5", "10 m")):
        ax.text(bx + i * bar / 2, by - 2.5, label, fontsize=6, ha="center", va="top")
    cx, cy = 395.0, 23.0
    angle = math.radians(90.0 + plan.north)
    ux, uy = math.cos(angle), math.sin(angle)
    ax.add_patch(Circle((cx, cy), 8, fill=False, linewidth=0.6))
    ax.add_patch(FancyArrow(cx - 6 * ux, cy - 6 * uy, 12 * ux, 12 * uy, width=1.0, head_width=4,
                            head_length=4, length_includes_head=True, color="k", gid="north"))
    ax.text(cx + 10.5 * ux, cy + 10.5 * uy, "N", ha="center", va="center", fontsize=8)


def _panel(fig: Figure, lines: list[tuple[str, str | None]]) -> Any:
    """Side panel: text lines, each with an optional colour swatch."""
    ax = fig.add_axes(_rect(PANEL_BOX), gid="panel")
    ax.set_xlim(0, PANEL_BOX[2] - PANEL_BOX[0])
    ax.set_ylim(0, PANEL_BOX[3] - PANEL_BOX[1])
    ax.set_xticks([])
    ax.set_yticks([])
    y = PANEL_BOX[3] - PANEL_BOX[1] - 6
    for text, colour in lines:
        if y < 3:
            ax.text(3, y + 1, "…", fontsize=6)
            break
        x = 3.0
        if colour is not None:
            ax.add_patch(Rectangle((3, y - 1.6), 6, 3.2, facecolor=colour, edgecolor="#555555",
                                   linewidth=0.3))
            x = 11.0
        bold = colour is None and not text.startswith(" ")
        ax.text(x, y, text, fontsize=6.8 if bold else 5.8, va="center")
        y -= 5.2 if bold else 4.4
    return ax


def _use_legend(plan: Plan) -> list[tuple[str, str | None]]:
    uses = sorted({room.use for level in plan.levels for room in level.rooms})
    lines: list[tuple[str, str | None]] = [("凡例 legend: room use", None)]
    for use in uses:
        ja, en = USE_LABELS.get(use, (use, use))
        lines.append((f"{ja} {en}", USE_COLOURS.get(use, "#e6e6e6")))
    return lines


def _access_panel(overlay: AccessOverlay | None) -> list[tuple[str, str | None]]:
    lines: list[tuple[str, str | None]] = [
        ("凡例 legend", None), ("経路 accessible route", "#1f77d0"),
        ("歩行経路 walking route", "#7f7f7f"), ("受付の見通し view of reception", "#fff3a0"),
        ("回転円 φ1.5 m turning circle", "#2ca02c"), ("狭所 narrow point (mm)", "#ff7f0e"),
        ("不適合 fail / 注意 warn (番号)", "#d62728"), ("扉の有効幅 door clear width (mm)", None),
    ]
    if overlay is None:
        lines.append(("検討結果なし: findings not supplied", None))
        return lines
    lines.append((f"指摘 findings: {len(overlay.problems)} / {len(overlay.findings)}", None))
    for finding in overlay.problems:
        head = f"{finding.number}. {finding.rule} [{finding.status}] {finding.element or ''}"
        lines += [(f" {part}", None) for part in fit_lines(head, PANEL_EMS, 1)]
        for part in fit_lines(finding.message, PANEL_EMS - 2, 3):
            lines.append((f"    {part}", None))
    return lines


def _capacity_panel(plan: Plan, seats: dict[str, int]) -> list[tuple[str, str | None]]:
    lines: list[tuple[str, str | None]] = [("室 room / ㎡ / 定員 capacity / 椅子 chairs", None)]
    for level in plan.levels:
        for room in level.rooms:
            chairs = sum(1 for f in level.furniture if f.kind == "chair" and f.room == room.id)
            if room.id not in seats and chairs == 0:
                continue
            cap = f"{seats[room.id]}名" if room.id in seats else "-"
            lines.append((f" {room.name} {room.polygon.area:.1f}㎡ {cap} 椅子{chairs}",
                          USE_COLOURS.get(room.use)))
    if not seats:
        lines.append(("定員の算定なし: capacity not supplied", None))
    return lines


def _draw_access(ax: Any, plan: Plan, overlay: AccessOverlay | None, offsets: list[float]) -> None:
    for level, dx in zip(plan.levels, offsets, strict=True):
        for opening in level.openings:
            if opening.kind == "window":
                continue
            frame = opening_frame(level, opening)
            x = frame.centre[0] + dx + frame.normal[0] * 0.45
            y = frame.centre[1] + frame.normal[1] * 0.45
            ax.text(x, y, f"{opening.width * 1000:.0f}", fontsize=4.5, ha="center", va="center",
                    color="#7a4f00", zorder=11, gid=f"door-width:{opening.id}",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    if overlay is None:
        return
    for polygon in overlay.isovists:
        for part in polygons_of(polygon):
            ax.add_patch(poly_patch(part, facecolor="#fff3a0", edgecolor="#d9b300",
                                    linewidth=0.4, alpha=0.2, zorder=11, gid="isovist"))
    for route in overlay.walking_routes:
        xs, ys = zip(*route, strict=True)
        ax.plot(xs, ys, color="#7f7f7f", linewidth=0.9, linestyle=(0, (3, 2)), alpha=0.8,
                zorder=12, gid="walking-route")
    for route in overlay.routes:
        xs, ys = zip(*route, strict=True)
        ax.plot(xs, ys, color="#1f77d0", linewidth=1.6, alpha=0.85, zorder=12, gid="route")
    for x, y, r in overlay.circles:
        ax.add_patch(Circle((x, y), r, fill=False, edgecolor="#2ca02c", linewidth=0.8,
                            linestyle=(0, (4, 2)), zorder=12, gid="turning-circle"))
    for x, y, width in overlay.narrow:
        ax.plot([x], [y], marker="o", markersize=4, color="#ff7f0e", zorder=13, gid="narrow")
        if width is not None:
            ax.text(x, y + 0.3, f"{width * 1000:.0f}", fontsize=5, color="#b35900",
                    ha="center", va="bottom", zorder=13)
    for place in marker_layout(plan, overlay.problems):
        finding, at = place.finding, place.at
        colour = "#d62728" if finding.status == "fail" else "#e6a100"
        if place.moved:  # leader line to the point the finding refers to
            ax.plot([place.anchor[0], at[0]], [place.anchor[1], at[1]], color=colour,
                    linewidth=0.7, zorder=14, gid=f"leader:{finding.number}")
            ax.plot([place.anchor[0]], [place.anchor[1]], marker="o", markersize=2,
                    color=colour, zorder=14)
        ax.add_patch(Circle(at, 0.45, facecolor="white", edgecolor=colour, linewidth=1.4,
                            zorder=14, gid=f"finding:{finding.number}"))
        ax.text(at[0], at[1], str(finding.number), fontsize=6.5, color=colour, ha="center",
                va="center", zorder=15)


def build_figure(plan: Plan, view: str = "plan", *, overlay: AccessOverlay | None = None,
                 seats: dict[str, int] | None = None) -> Figure:
    """Return the A3 figure of ``view`` (``plan``, ``access``, ``capacity`` or ``exterior``)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    seats = seats or {}
    with rc_context(rc_params()):
        fig = Figure(figsize=(SHEET[0] * MM, SHEET[1] * MM))
        FigureCanvasAgg(fig)
        extent = _extent(plan, view)
        scale = _scale(extent)
        ax = fig.add_axes(_rect(MAP_BOX), gid="map")
        cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
        half_w = (MAP_BOX[2] - MAP_BOX[0]) * scale / 2000
        half_h = (MAP_BOX[3] - MAP_BOX[1]) * scale / 2000
        ax.set_xlim(cx - half_w, cx + half_w)
        ax.set_ylim(cy - half_h, cy + half_h)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        offsets = level_offsets(plan)
        draw_site(ax, plan, emphasis=view == "exterior")
        for level, dx in zip(plan.levels, offsets, strict=True):
            draw_level(ax, level, dx, fill_rooms=view != "access",
                       faint=view in ("access", "capacity"),
                       labels=view != "exterior" or len(level.rooms) < 40,
                       furniture=view in ("plan", "capacity", "exterior"),
                       seats=seats if view in ("capacity", "plan") else None, scale=scale,
                       capacity_view=view == "capacity")
            xmin, _, xmax, ymax = level_bounds(level)
            ax.text((xmin + xmax) / 2 + dx, ymax + 0.6, f"{level.name or level.id}", fontsize=9,
                    ha="center", va="bottom", zorder=9)
        if view == "access":
            _draw_access(ax, plan, overlay, offsets)
        if view == "access":
            lines = _access_panel(overlay)
        elif view == "capacity":
            lines = _capacity_panel(plan, seats)
        elif view == "exterior":
            kinds = sorted({a.kind for a in plan.site.areas}) if plan.site else []
            lines = [("凡例 legend: exterior", None)]
            lines += [(SITE_LABELS.get(k, k), SITE_COLOURS.get(k, "#eeeeee")) for k in kinds]
            site = plan.site
            if site is not None and site.ramps:
                lines.append(("スロープ ramp (↑ up, slope)", "#f2e3a0"))
            if site is not None and site.steps:
                lines.append(("階段・段差 steps", "#dddddd"))
            if site is not None and site.tactile:
                lines.append(("誘導用ブロック tactile paving", "#f2c200"))
            if site is not None and any(p.accessible for p in site.parking):
                lines.append(("車いす使用者用駐車 accessible bay", "#1f5fbf"))
        else:
            lines = _use_legend(plan)
        _panel(fig, lines)
        _title_strip(fig, plan, view, scale)
    return fig


def write_image(plan: Plan, path: Path, *, view: str = "plan",
                overlay: AccessOverlay | None = None,
                seats: dict[str, int] | None = None, fmt: str | None = None) -> Path:
    """Write ``view`` of ``plan`` to ``path`` (``fmt`` png, svg or pdf; default: the suffix)."""
    from matplotlib import rc_context

    fig = build_figure(plan, view, overlay=overlay, seats=seats)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    metadata: dict[str, Any] = {"Title": f"{plan.name} {view}"}
    if fmt == "pdf":
        metadata.update({"Creator": "spacedesign", "CreationDate": None})
    elif fmt == "svg":
        metadata.update({"Date": None})
    else:
        metadata = {"Software": "spacedesign"}
    with rc_context(rc_params()):
        fig.savefig(path, format=fmt, dpi=150, metadata=metadata)
    return path
