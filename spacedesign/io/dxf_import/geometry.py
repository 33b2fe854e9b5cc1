"""Gathering line work for walls and rooms, and resolving overlapping room outlines."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import shapely
from shapely.geometry import Polygon

from .collect import Drawing, Segment
from .openings import OpeningCandidate
from .rooms import clean_polygon

__all__ = ["disjoint", "outline_of", "pieces", "wall_lines"]

Pt = tuple[float, float]

MAX_UNION_PARTS = 3000
"""Above this many walls and rooms the outline is their convex hull (a union takes minutes)."""

MIN_LONG_DOOR_LAYER_LINE = 1.5
"""Lines on door layers at least this long are walls (drawings often keep partitions there)."""


def pieces(points: Sequence[Pt], closed: bool) -> Iterable[tuple[Pt, Pt]]:
    """Yield the straight pieces of a polyline."""
    yield from itertools.pairwise(points)
    if closed and len(points) > 2:
        yield points[-1], points[0]


def wall_lines(d: Drawing, leaves: set[int], candidates: Sequence[Segment]) -> list[Segment]:
    """Lines that may be walls: wall layers, layer-0-style geometry and long door-layer lines.

    ``candidates`` is the list the door finder indexed; ``leaves`` are door leaves in it.
    """
    out: list[Segment] = []
    for i, seg in enumerate(candidates):
        if i in leaves:
            continue
        if seg.role in ("wall", "geometry"):
            out.append(seg)
        elif seg.role == "door" and seg.length >= MIN_LONG_DOOR_LAYER_LINE:
            out.append(seg)
    return out


def candidate_segments(d: Drawing) -> list[Segment]:
    """Every straight piece on wall, door and geometry layers (LINEs and polyline pieces)."""
    out = [s for s in d.segments if s.role in ("wall", "geometry", "door")]
    for pl in d.polylines:
        if pl.role in ("wall", "geometry", "door") and not (pl.role == "geometry" and pl.closed
                                                            and pl.source == "HATCH"):
            out.extend(Segment(a, b, pl.layer, pl.role) for a, b in pieces(pl.points, pl.closed))
    return out


def closure_lines(openings: Sequence[OpeningCandidate], reach: float = 0.3) -> list[list[Pt]]:
    """Lines that close the gaps openings leave, so rooms come out closed.

    Each opening gives its jamb-to-jamb line, lengthened a little into the wall, and a cap
    across the wall at both ends (so double-line walls whose faces stop short of the jamb
    are joined too). Caps that stick out into a room are dangles, which polygonizing ignores.
    """
    out: list[list[Pt]] = []
    for op in openings:
        (ax, ay), (bx, by) = op.jambs
        ux, uy = op.axis
        a = (ax - ux * 0.05, ay - uy * 0.05)
        b = (bx + ux * 0.05, by + uy * 0.05)
        out.append([a, b])
        for px, py in (a, b):
            out.append([(px + uy * reach, py - ux * reach), (px - uy * reach, py + ux * reach)])
    return out


def disjoint(polygons: Sequence[Polygon]) -> list[tuple[int, Polygon]]:
    """Cut overlaps out of larger polygons (smaller ones keep their shape).

    Returns ``(original index, polygon)`` for every polygon that still has at least 0.5 m².
    """
    order = sorted(range(len(polygons)), key=lambda i: polygons[i].area)
    taken: list[Polygon] = []
    out: list[tuple[int, Polygon]] = []
    for i in order:
        poly = polygons[i]
        if taken:
            rest = poly.difference(shapely.union_all(taken))
            poly = max((p for p in shapely.get_parts(rest).tolist() if isinstance(p, Polygon)),
                       key=lambda p: p.area, default=Polygon())
        cleaned = clean_polygon(poly) if not poly.is_empty else None
        if cleaned is None or cleaned.area < 0.5:
            continue
        taken.append(cleaned)
        out.append((i, cleaned))
    return sorted(out, key=lambda item: item[0])


def outline_of(parts: Sequence[Polygon], points: Sequence[Pt]) -> tuple[Polygon, bool]:
    """Return the level outline: the filled union of rooms and walls.

    Falls back to the convex hull when the parts fall apart, and to the hull of ``points``
    (any geometry) when there are no parts. Returns ``(outline, is_hull)``.
    """
    if len(parts) > MAX_UNION_PARTS:
        return shapely.MultiPolygon(list(parts)).convex_hull, True
    if parts:
        union = shapely.union_all([p.buffer(0.001, join_style="mitre") for p in parts])
        polys = [p for p in shapely.get_parts(union).tolist() if isinstance(p, Polygon)]
        if len(polys) == 1:
            return Polygon(polys[0].exterior), False
        return union.convex_hull, True
    hull = shapely.MultiPoint(list(points)).convex_hull.buffer(0.5, join_style="mitre")
    return hull, True
