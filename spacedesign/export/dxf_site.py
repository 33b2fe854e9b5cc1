"""The exterior in the DXF: site boundary, paving, planting, ramps, steps, parking, tactile."""

from __future__ import annotations

import math
from typing import Any

from spacedesign.export.common import riser_lines
from spacedesign.export.dxf_setup import (
    draw_furniture,
    hatch,
    mm,
    outline,
    text,
    wheelchair_block,
)
from spacedesign.model import Plan

__all__ = ["draw_site"]


def draw_site(doc: Any, msp: Any, plan: Plan) -> None:
    """Draw the exterior of ``plan`` in modelspace (site coordinates = level coordinates)."""
    site = plan.site
    if site is None:
        return
    if site.boundary is not None:
        outline(msp, site.boundary.geometry, 0.0, "L-SITE")
    for area in site.areas:
        poly = area.polygon.geometry
        if area.kind == "planting":
            outline(msp, poly, 0.0, "L-PLNT")
            hatch(msp, poly, 0.0, "L-PLNT", "GRASS", scale=20.0)
        elif area.kind in ("walkway", "plaza", "parking_aisle", "bicycle_parking"):
            outline(msp, poly, 0.0, "L-WALK")
            hatch(msp, poly, 0.0, "L-WALK-PATT", "AR-B816" if area.kind == "plaza" else "ANSI37",
                   scale=2.0 if area.kind == "plaza" else 80.0)
        else:
            outline(msp, poly, 0.0, "L-SITE")
    for ramp in site.ramps:
        outline(msp, ramp.polygon.geometry, 0.0, "L-WALK-RAMP")
        for landing in ramp.landings:
            outline(msp, landing.geometry, 0.0, "L-WALK-RAMP")
        up = ramp.to_elevation >= ramp.from_elevation
        start, end = (ramp.from_point, ramp.to_point) if up else (ramp.to_point, ramp.from_point)
        dir_x, dir_y = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dir_x, dir_y) or 1.0
        ux, uy = dir_x / length, dir_y / length
        msp.add_lwpolyline(mm([start, end]), dxfattribs={"layer": "L-WALK-RAMP"})
        head = [(end[0] - 0.4 * ux + 0.2 * uy, end[1] - 0.4 * uy - 0.2 * ux), end,
                (end[0] - 0.4 * ux - 0.2 * uy, end[1] - 0.4 * uy + 0.2 * ux)]
        msp.add_lwpolyline(mm(head), dxfattribs={"layer": "L-WALK-RAMP"})
        slope = ramp.slope
        label = "勾配 -" if slope is None else f"UP 1/{1 / slope:.1f} ({slope * 100:.1f}%)"
        mid = ((start[0] + end[0]) / 2 + 0.35 * uy, (start[1] + end[1]) / 2 - 0.35 * ux)
        angle = math.degrees(math.atan2(uy, ux))
        if angle > 90 or angle < -90:
            angle -= 180 * (1 if angle > 0 else -1)
        text(msp, label, mm([mid])[0], 200, "L-WALK-RAMP", rotation=angle)
    for step in site.steps:
        poly = step.polygon.geometry
        outline(msp, poly, 0.0, "L-WALK-STEP")
        for p, q in riser_lines(poly, step.risers or 2):
            msp.add_line(*mm([p, q]), dxfattribs={"layer": "L-WALK-STEP"})
    symbol = wheelchair_block(doc) if any(p.accessible for p in site.parking) else None
    for bay in site.parking:
        poly = bay.polygon.geometry
        outline(msp, poly, 0.0, "L-PRKG")
        c = poly.centroid
        text(msp, bay.id, mm([(c.x, c.y - 1.0)])[0], 250, "L-PRKG")
        if bay.accessible and symbol is not None:
            msp.add_blockref(symbol, mm([(c.x, c.y + 0.4)])[0], dxfattribs={"layer": "L-PRKG"})
    for tactile in site.tactile:
        if tactile.line is not None:
            msp.add_lwpolyline(mm(tactile.line), dxfattribs={
                "layer": "G-ACCS-TACT", "const_width": 300.0})
        if tactile.polygon is not None:
            outline(msp, tactile.polygon.geometry, 0.0, "G-ACCS-TACT")
            hatch(msp, tactile.polygon.geometry, 0.0, "G-ACCS-TACT", "DOTS", scale=4.0)
    for access in site.access_points:
        msp.add_circle(mm([access.at])[0], radius=300, dxfattribs={"layer": "L-SITE"})
        text(msp, f"{access.id} ({access.kind})", mm([(access.at[0], access.at[1] - 0.7)])[0],
              200, "L-SITE")
    for piece in site.furniture:
        if hasattr(piece, "footprint"):
            draw_furniture(doc, msp, piece, 0.0)
