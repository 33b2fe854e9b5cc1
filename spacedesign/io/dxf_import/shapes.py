"""Helpers that read shapes out of ezdxf entities: block geometry, XDATA, circles."""

from __future__ import annotations

import itertools
import math
from typing import Any

__all__ = ["LocalArc", "block_geometry", "circle_through", "door_span", "xdata_pairs"]

Pt = tuple[float, float]
LocalArc = tuple[Pt, float, Pt, Pt]
"""An arc in block coordinates: centre, radius, start point, end point."""


def block_geometry(block: Any) -> tuple[Any, list[tuple[Pt, Pt]], list[LocalArc]]:
    """Return a block's bounding box (None if empty), straight pieces and arcs, unscaled.

    Splines that are circular arcs (door swings are often drawn so) count as arcs.
    """
    import ezdxf.bbox

    shapes = [sub for sub in block if sub.dxftype() not in ("ATTDEF", "TEXT", "MTEXT")]
    box = ezdxf.bbox.extents(shapes, fast=True)
    segments: list[tuple[Pt, Pt]] = []
    arcs: list[LocalArc] = []
    for sub in shapes:
        kind = sub.dxftype()
        if kind == "LINE":
            a, b = sub.dxf.start, sub.dxf.end
            segments.append(((a.x, a.y), (b.x, b.y)))
        elif kind == "LWPOLYLINE":
            pts = [(float(x), float(y)) for x, y in sub.get_points("xy")]
            if sub.closed and len(pts) > 2:
                pts.append(pts[0])
            segments.extend(itertools.pairwise(pts))
        elif kind == "ARC":
            c = sub.dxf.center
            arcs.append(((c.x, c.y), float(sub.dxf.radius), (sub.start_point.x, sub.start_point.y),
                         (sub.end_point.x, sub.end_point.y)))
        elif kind == "SPLINE":
            arc = _spline_arc(sub)
            if arc is not None:
                arcs.append(arc)
    return (box if box.has_data else None), segments, arcs


def _spline_arc(spline: Any) -> LocalArc | None:
    try:
        points = [(float(v.x), float(v.y)) for v in spline.flattening(0.001)]
    except Exception:
        return None
    if len(points) < 3:
        return None
    fit = circle_through(points[0], points[len(points) // 2], points[-1])
    if fit is None:
        return None
    centre, radius = fit
    if any(abs(math.dist(centre, q) - radius) > 0.02 * radius for q in points):
        return None
    return centre, radius, points[0], points[-1]


def door_span(
    segments: list[tuple[Pt, Pt]], arcs: list[LocalArc]
) -> tuple[float, float, float] | None:
    """Return the clear opening a door block draws: ``(x_from, x_to, y)`` in block coordinates.

    Each swing arc runs from the leaf's open position to its closed position; the closed
    position lies in the wall, so the opening runs from the hinge (the arc's centre) to the
    arc's closed end. The open end is the one a leaf line reaches from the hinge; without a
    leaf line it is the end farther from the block's x axis. Arcs whose closed end does not lie
    along the block's x axis are left out; double doors give one span over both leaves.
    Returns None when the block has no such arc.
    """
    spans: list[tuple[float, float, float, float]] = []
    for c, r, start, end in arcs:
        if r <= 0:
            continue
        open_end: Pt | None = None
        for a, b in segments:
            for hinge, tip in ((a, b), (b, a)):
                if math.dist(hinge, c) > 0.1 * r:
                    continue
                for end_point in (start, end):
                    if math.dist(tip, end_point) < 0.15 * r:
                        open_end = end_point
        if open_end is not None:
            closed = end if open_end == start else start
        else:
            closed = start if abs(start[1] - c[1]) <= abs(end[1] - c[1]) else end
        if abs(closed[1] - c[1]) > 0.2 * r:
            continue
        spans.append((min(c[0], closed[0]), max(c[0], closed[0]), c[1], r))
    if not spans:
        return None
    y0 = spans[0][2]
    same = [sp for sp in spans if abs(sp[2] - y0) <= 0.2 * sp[3]]
    return (min(sp[0] for sp in same), max(sp[1] for sp in same),
            sum(sp[2] for sp in same) / len(same))


def xdata_pairs(e: Any) -> tuple[tuple[str, str], ...]:
    """Return the ``key=value`` strings of XDATA under the application SPACEDESIGN."""
    if not e.has_xdata("SPACEDESIGN"):
        return ()
    pairs: list[tuple[str, str]] = []
    for code, value in e.get_xdata("SPACEDESIGN"):
        if code == 1000 and "=" in str(value):
            key, _, text = str(value).partition("=")
            pairs.append((key.strip(), text.strip()))
    return tuple(pairs)


def circle_through(a: Pt, b: Pt, c: Pt) -> tuple[Pt, float] | None:
    """Return the circle through three points, or None when they are (nearly) collinear."""
    d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]))
    if abs(d) < 1e-12:
        return None
    sa, sb, sc = a[0] ** 2 + a[1] ** 2, b[0] ** 2 + b[1] ** 2, c[0] ** 2 + c[1] ** 2
    ux = (sa * (b[1] - c[1]) + sb * (c[1] - a[1]) + sc * (a[1] - b[1])) / d
    uy = (sa * (c[0] - b[0]) + sb * (a[0] - c[0]) + sc * (b[0] - a[0])) / d
    return (ux, uy), math.dist((ux, uy), a)
