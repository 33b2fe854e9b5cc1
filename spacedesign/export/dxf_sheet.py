"""The paperspace sheets of the DXF: floor plan (A3 at 1:100) and site plan, with title blocks.

Paper units are millimetres. Each viewport is at 1:100 when its content fits the drawing area
(400 × 245 mm, i.e. 40 × 24.5 m); otherwise at the next scale of 1:150, 1:200, 1:250, 1:300,
1:500 or 1:1000, and the title block states the scale used.
"""

from __future__ import annotations

import math
from typing import Any

from spacedesign.export.common import PROJECT_TITLE, drawing_date, level_bounds, plan_bounds
from spacedesign.export.dxf_setup import LAYERS, TEXT_STYLE
from spacedesign.export.text import fit_lines, text_ems
from spacedesign.model import Plan

__all__ = ["SCALES", "add_sheet", "levels_extent", "model_extent", "sheet_scale"]

SCALES = (100, 150, 200, 250, 300, 500, 1000)
PAPER = (420.0, 297.0)
DRAW_AREA = (10.0, 42.0, 410.0, 287.0)  # x0, y0, x1, y1 of the viewport on paper (mm)
LEGEND_TEXT_WIDTH = 44.0
"""Paper width (mm) of one legend entry's text: a 53.5 mm column less the colour sample."""
MIN_WIDTH_FACTOR = 0.7
LEGEND_LAYERS = ("A-WALL", "A-DOOR", "A-GLAZ", "A-FURN", "A-AREA-IDEN", "L-SITE", "L-WALK-RAMP",
                 "L-PRKG", "G-ACCS-TACT", "G-ACCS-ROUT", "G-ACCS-FAIL")


def levels_extent(plan: Plan) -> tuple[float, float, float, float]:
    """Extent in mm of every level (side by side) with its dimensions and title."""
    from shapely.geometry import box
    from shapely.ops import unary_union

    parts = []
    dx = 0.0
    for level in plan.levels:
        lx0, ly0, lx1, ly1 = level_bounds(level)
        parts.append(box(lx0 + dx - 2.0, ly0 - 2.0, lx1 + dx + 0.3, ly1 + 0.9))
        dx += lx1 - lx0 + 10.0
    xmin, ymin, xmax, ymax = unary_union(parts).bounds
    return (xmin * 1000, ymin * 1000, xmax * 1000, ymax * 1000)


def model_extent(plan: Plan) -> tuple[float, float, float, float]:
    """Extent in mm of the whole drawing: the site and every level."""
    xmin, ymin, xmax, ymax = levels_extent(plan)
    sx0, sy0, sx1, sy1 = plan_bounds(plan)
    return (min(xmin, (sx0 - 0.3) * 1000), min(ymin, (sy0 - 0.3) * 1000),
            max(xmax, (sx1 + 0.3) * 1000), max(ymax, (sy1 + 0.3) * 1000))


def sheet_scale(extent: tuple[float, float, float, float]) -> int:
    """Smallest scale denominator of :data:`SCALES` at which ``extent`` (mm) fits the sheet."""
    width, height = extent[2] - extent[0], extent[3] - extent[1]
    area_w, area_h = DRAW_AREA[2] - DRAW_AREA[0], DRAW_AREA[3] - DRAW_AREA[1]
    for scale in SCALES:
        if width / scale <= area_w and height / scale <= area_h:
            return scale
    return SCALES[-1]


def _text(psp: Any, text: str, at: tuple[float, float], height: float,
          align: str = "MIDDLE_LEFT", width: float | None = None) -> None:
    """Add paper text on the title-block layer.

    With ``width`` (mm) the text is narrowed (width factor down to 0.7) to fit, and only when
    even that is not enough it is cut with "…".
    """
    from ezdxf.enums import TextEntityAlignment

    factor = 1.0
    if width is not None:
        ems = width / height
        if text_ems(text) > ems:
            factor = max(MIN_WIDTH_FACTOR, ems / text_ems(text))
            text = fit_lines(text, ems / factor, 1)[0] if text.strip() else text
    entity = psp.add_text(text, height=height, dxfattribs={"layer": "G-ANNO-TTLB",
                                                           "style": TEXT_STYLE,
                                                           "width": round(factor, 3)})
    entity.set_placement(at, align=TextEntityAlignment[align])


def _box(psp: Any, x0: float, y0: float, x1: float, y1: float, layer: str = "G-ANNO-TTLB") -> None:
    psp.add_lwpolyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], close=True,
                       dxfattribs={"layer": layer})


def _north_arrow(psp: Any, centre: tuple[float, float], north: float) -> None:
    cx, cy = centre
    psp.add_circle(centre, radius=9, dxfattribs={"layer": "G-ANNO-TTLB"})
    angle = math.radians(90.0 + north)
    ux, uy = math.cos(angle), math.sin(angle)
    tip = (cx + 8 * ux, cy + 8 * uy)
    left = (cx - 4.5 * uy - 6 * ux, cy + 4.5 * ux - 6 * uy)
    right = (cx + 4.5 * uy - 6 * ux, cy - 4.5 * ux - 6 * uy)
    psp.add_lwpolyline([left, tip, right, (cx - 3 * ux, cy - 3 * uy)], close=True,
                       dxfattribs={"layer": "G-ANNO-TTLB"})
    hatch = psp.add_hatch(color=7, dxfattribs={"layer": "G-ANNO-TTLB"})
    hatch.paths.add_polyline_path([tip, right, (cx - 3 * ux, cy - 3 * uy)], is_closed=True)
    _text(psp, "N", (cx + 12.5 * ux, cy + 12.5 * uy), 3.0, "MIDDLE_CENTER")


def add_sheet(doc: Any, plan: Plan) -> dict[str, int]:
    """Add the A3 layouts and return their scales.

    ``A3-1_100`` is the floor plan (平面図): the levels with their dimensions at 1:100 when they
    fit. ``A3-SITE`` is the site plan (配置図・外構図): the whole drawing at the first scale
    that fits. Each has a viewport, a title block, a north arrow, a scale bar and a legend.
    """
    if "Layout1" in doc.layouts:
        doc.layouts.rename("Layout1", "A3-1_100")
    floor = levels_extent(plan)
    site = model_extent(plan)
    scales = {"A3-1_100": _sheet(doc.layouts.get("A3-1_100"), plan, floor,
                                 "平面図 floor plan  単位 mm")}
    if plan.site is not None:
        scales["A3-SITE"] = _sheet(doc.layouts.new("A3-SITE"), plan, site,
                                   "配置図・外構図 site plan and exterior  単位 mm")
    return scales


def _sheet(psp: Any, plan: Plan, extent: tuple[float, float, float, float], drawing: str) -> int:
    scale = sheet_scale(extent)
    psp.page_setup(size=PAPER, margins=(0, 0, 0, 0), units="mm", scale=(1, 1))
    x0, y0, x1, y1 = DRAW_AREA
    centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    viewport = psp.add_viewport(
        center=((x0 + x1) / 2, (y0 + y1) / 2), size=(x1 - x0, y1 - y0),
        view_center_point=centre, view_height=(y1 - y0) * scale,
        dxfattribs={"layer": "G-ANNO-NPLT"},
    )
    viewport.dxf.status = 2
    _box(psp, 10, 10, 410, 287)
    _box(psp, 10, 10, 410, 40)
    # Title block (right part).
    tx = 230.0
    psp.add_line((tx, 10), (tx, 40), dxfattribs={"layer": "G-ANNO-TTLB"})
    for y in (32.5, 25.0, 17.5):
        psp.add_line((tx, y), (410, y), dxfattribs={"layer": "G-ANNO-TTLB"})
    kind = "検討案 scenario" if plan.kind == "scenario" else "計画 plan"
    room = 410 - tx - 6
    _text(psp, PROJECT_TITLE, (tx + 3, 36.25), 3.0, width=room)
    _text(psp, f"{kind}: {plan.name}", (tx + 3, 28.75), 2.5, width=room)
    _text(psp, f"縮尺 S=1:{scale} (A3)   日付 {drawing_date()}", (tx + 3, 21.25), 2.5,
          width=room - 22)  # the north arrow sits at the right end of these rows
    _text(psp, drawing, (tx + 3, 13.75), 2.5, width=room - 22)
    _north_arrow(psp, (398, 22), plan.north)
    # Scale bar: 0-5-10 m at the sheet scale.
    bar = 10000.0 / scale
    bx, by = 15.0, 14.0
    for i in range(2):
        psp.add_lwpolyline([(bx + i * bar / 2, by), (bx + (i + 1) * bar / 2, by),
                            (bx + (i + 1) * bar / 2, by + 1.5), (bx + i * bar / 2, by + 1.5)],
                           close=True, dxfattribs={"layer": "G-ANNO-TTLB"})
    for i, label in enumerate(("0", "5", "10 m")):
        _text(psp, label, (bx + i * bar / 2, by - 2), 2.0, "MIDDLE_CENTER")
    # Legend: a short line in each layer's colour and its Japanese description.
    _text(psp, "凡例 legend", (15, 36.5), 2.5)
    for i, layer in enumerate(LEGEND_LAYERS):
        row, col = divmod(i, 4)
        lx, ly = 15.0 + col * 53.5, 31.5 - row * 5.5
        colour = LAYERS[layer][0]
        psp.add_line((lx, ly), (lx + 6, ly), dxfattribs={"layer": "G-ANNO-TTLB", "color": colour})
        description = LAYERS[layer][4].split("(")[0]
        _text(psp, f"{layer} {description}", (lx + 8, ly), 1.8, width=LEGEND_TEXT_WIDTH)
    return scale
