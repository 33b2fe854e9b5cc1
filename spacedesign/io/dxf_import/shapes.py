"""Helpers that read shapes out of ezdxf entities: block geometry, XDATA, circles."""

from __future__ import annotations

import itertools
import math
from typing import Any

__all__ = ["block_geometry", "circle_through", "xdata_pairs"]

Pt = tuple[float, float]


def block_geometry(block: Any) -> tuple[Any, list[tuple[Pt, Pt]], list[tuple[Pt, float]]]:
    """Return a block's bounding box (None if empty), straight pieces and arcs, unscaled."""
    import ezdxf.bbox

    shapes = [sub for sub in block if sub.dxftype() not in ("ATTDEF", "TEXT", "MTEXT")]
    box = ezdxf.bbox.extents(shapes, fast=True)
    segments: list[tuple[Pt, Pt]] = []
    arcs: list[tuple[Pt, float]] = []
    for sub in shapes:
        kind = sub.dxftype()
        if kind == "LINE":
            a, b = sub.dxf.start, sub.dxf.end
            segments.append(((a.x, a.y), (b.x, b.y)))
        elif kind == "LWPOLYLINE":
            pts = [(float(x), float(y)) for x, y in sub.get_points("xy")]
            segments.extend(itertools.pairwise(pts))
        elif kind == "ARC":
            c = sub.dxf.center
            arcs.append(((c.x, c.y), float(sub.dxf.radius)))
    return (box if box.has_data else None), segments, arcs


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
