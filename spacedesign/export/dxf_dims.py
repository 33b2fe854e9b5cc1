"""Dimensions of the DXF plan: overall dimensions outside, room dimensions placed clear of text.

Dimension text is 2.5 mm on paper at 1:100 (250 model mm), above the dimension line (left of it
for vertical dimensions). A room's width and depth dimensions are tried along its bottom and
left sides first, then along the top and right; a dimension whose text would overlap a room tag,
another dimension's text or leave the room is left out (the overall dimensions stay).
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import Polygon, box

from spacedesign.export.common import level_bounds
from spacedesign.export.dxf_setup import MM, mm
from spacedesign.export.text import text_ems
from spacedesign.model import Level

__all__ = ["DIM_TEXT", "LINE_SPACING", "draw_dimensions", "tag_box", "text_box"]

DIM_TEXT = 0.25
"""Dimension text height in model metres ($DIMTXT 2.5 mm × $DIMSCALE 100)."""
TEXT_OFFSET = 0.225
"""Distance (m) from the dimension line to the centre of its text ($DIMGAP + half the text)."""
LINE_SPACING = 5.0 / 3.0
"""MTEXT line pitch in text heights (the DXF default spacing factor 1.0)."""


def text_box(centre: tuple[float, float], text: str, height: float, vertical: bool) -> Polygon:
    """Box (m) taken by one line of ``text`` of ``height`` centred on ``centre``."""
    half_w, half_h = text_ems(text) * height / 2, height / 2
    if vertical:
        half_w, half_h = half_h, half_w
    return box(centre[0] - half_w, centre[1] - half_h, centre[0] + half_w, centre[1] + half_h)


def tag_box(centre: tuple[float, float], lines: list[str], height: float) -> Polygon:
    """Box (m) taken by a middle-centred room tag of ``lines`` with character ``height`` (m)."""
    half_w = max(text_ems(line) for line in lines) * height / 2
    half_h = len(lines) * height * LINE_SPACING / 2
    return box(centre[0] - half_w, centre[1] - half_h, centre[0] + half_w, centre[1] + half_h)


def _room_candidates(polygon: Polygon) -> list[tuple[Any, ...]]:
    """(p1, p2, base, angle, text centre) candidates: width at bottom/top, depth left/right."""
    x0, y0, x1, y1 = (float(v) for v in polygon.bounds)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    out: list[tuple[Any, ...]] = []
    for base_y in (y0 + 0.45, y1 - 0.9):
        out.append(("w", (x0, y0), (x1, y0), (x0, base_y), 0, (cx, base_y + TEXT_OFFSET)))
    for base_x in (x0 + 0.45, x1 - 0.7):
        out.append(("d", (x0, y0), (x0, y1), (base_x, y0), 90, (base_x - TEXT_OFFSET, cy)))
    return out


def draw_dimensions(msp: Any, level: Level, dx: float, occupied: list[Polygon]) -> None:
    """Overall dimensions of ``level`` and, where their text fits, room dimensions.

    ``occupied`` holds the boxes (m, unshifted plan coordinates) of the room tags; the boxes of
    the room dimension texts drawn are added to it.
    """
    xmin, ymin, xmax, ymax = level_bounds(level)
    dims = [((xmin, ymin), (xmax, ymin), (xmin, ymin - 1.5), 0),
            ((xmin, ymin), (xmin, ymax), (xmin - 1.5, ymin), 90)]
    for room in level.rooms:
        polygon = room.polygon.geometry
        rx0, ry0, rx1, ry1 = polygon.bounds
        if rx1 - rx0 < 2.5 or ry1 - ry0 < 2.5:
            continue
        done: set[str] = set()
        for kind, p1, p2, base, angle, centre in _room_candidates(polygon):
            if kind in done:
                continue
            length = (rx1 - rx0) if kind == "w" else (ry1 - ry0)
            label = f"{round(length * MM):d}"
            area = text_box(centre, label, DIM_TEXT, vertical=angle == 90)
            if not polygon.contains(area) or any(area.intersects(o) for o in occupied):
                continue
            occupied.append(area)
            dims.append((p1, p2, base, angle))
            done.add(kind)
    for p1, p2, base, angle in dims:
        dim = msp.add_linear_dim(
            base=mm([base], dx)[0], p1=mm([p1], dx)[0], p2=mm([p2], dx)[0], angle=angle,
            dimstyle="JP-MM-100", dxfattribs={"layer": "A-ANNO-DIMS"})
        dim.render()
