"""Walls from line work: two parallel lines become one wall, their distance its thickness."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString

__all__ = ["WallPiece", "find_walls", "merge_collinear"]

Pt = tuple[float, float]

MIN_THICKNESS = 0.03
MAX_THICKNESS = 0.5
DEFAULT_THICKNESS = 0.12
MIN_SINGLE_LENGTH = 0.3
MIN_PAIRED_LENGTH = 0.15
"""Two faces this long make a wall (a stub beside a wide opening); a lone line needs 0.3 m."""
_PARALLEL = 0.035  # |sin| of the angle between two lines still called parallel (2 degrees)


@dataclass(frozen=True)
class WallPiece:
    """A straight wall: centreline from ``a`` to ``b`` and a thickness in metres."""

    a: Pt
    b: Pt
    thickness: float
    paired: bool
    """True when the thickness was measured from two faces, False when it is assumed."""
    layer: str
    generated: bool = False
    """True for a wall the importer added so that an opening has a wall to sit in."""

    @property
    def length(self) -> float:
        """Length of the centreline."""
        return math.dist(self.a, self.b)


def _unit(a: Pt, b: Pt) -> tuple[float, float, float]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    return dx / length, dy / length, length


def _uncovered(intervals: list[tuple[float, float]], s: float, e: float) -> float:
    """Length of [s, e] not covered by ``intervals``."""
    covered = 0.0
    for c0, c1 in intervals:
        covered += max(0.0, min(e, c1) - max(s, c0))
    return max(0.0, (e - s) - covered)


def _gaps(intervals: list[tuple[float, float]], length: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    cursor = 0.0
    for c0, c1 in sorted(intervals):
        if c0 > cursor:
            out.append((cursor, c0))
        cursor = max(cursor, c1)
    if cursor < length:
        out.append((cursor, length))
    return out


def find_walls(
    segments: Sequence[tuple[Pt, Pt, str]],
    *,
    default_thickness: float = DEFAULT_THICKNESS,
) -> list[WallPiece]:
    """Pair parallel faces into walls; leftover lines become walls of an assumed thickness.

    Parameters
    ----------
    segments : sequence of (a, b, layer)
        Straight wall lines in metres.
    default_thickness : float
        Thickness given to single lines that have no parallel partner.
    """
    segs = [(a, b, layer) for a, b, layer in segments if math.dist(a, b) >= 0.05]
    if not segs:
        return []
    units = [_unit(a, b) for a, b, _ in segs]
    tree = shapely.STRtree([LineString([a, b]) for a, b, _ in segs])
    candidates: list[tuple[float, int, int, float, float, float, float]] = []
    for i, (a, _b, _) in enumerate(segs):
        ux, uy, li = units[i]
        for j in tree.query(LineString([a, _b]).buffer(MAX_THICKNESS)).tolist():
            if j <= i:
                continue
            vx, vy, _lj = units[j]
            if abs(ux * vy - uy * vx) > _PARALLEL:
                continue
            c, d = segs[j][0], segs[j][1]
            # signed offset of j's midpoint from line i, and j's extent along i
            mx, my = (c[0] + d[0]) / 2 - a[0], (c[1] + d[1]) / 2 - a[1]
            offset = -uy * mx + ux * my
            if not MIN_THICKNESS <= abs(offset) <= MAX_THICKNESS:
                continue
            t0 = (c[0] - a[0]) * ux + (c[1] - a[1]) * uy
            t1 = (d[0] - a[0]) * ux + (d[1] - a[1]) * uy
            s, e = max(0.0, min(t0, t1)), min(li, max(t0, t1))
            if e - s < max(0.1, abs(offset)):
                continue
            candidates.append((abs(offset), i, j, offset, s, e, min(t0, t1)))
    candidates.sort()
    covered: list[list[tuple[float, float]]] = [[] for _ in segs]
    pieces: list[WallPiece] = []
    for thickness, i, j, offset, s, e, j_start in candidates:
        # the same overlap measured along j
        js, je = s - j_start, e - j_start
        vx, vy, lj = units[j]
        ux, uy, _ = units[i]
        if ux * vx + uy * vy < 0:  # j runs the other way
            js, je = lj - (e - j_start), lj - (s - j_start)
        js, je = max(0.0, js), min(lj, je)
        if e - s < MIN_PAIRED_LENGTH or _uncovered(covered[i], s, e) < 0.5 * (e - s):
            continue
        if _uncovered(covered[j], js, je) < 0.5 * (je - js):
            continue
        covered[i].append((s, e))
        covered[j].append((js, je))
        a = segs[i][0]
        nx, ny = -uy * offset / 2, ux * offset / 2
        pa = (a[0] + ux * s + nx, a[1] + uy * s + ny)
        pb = (a[0] + ux * e + nx, a[1] + uy * e + ny)
        pieces.append(WallPiece(pa, pb, round(thickness, 3), True, segs[i][2]))
    for i, (a, _b, layer) in enumerate(segs):
        ux, uy, li = units[i]
        for s, e in _gaps(covered[i], li):
            if e - s >= MIN_SINGLE_LENGTH:
                pa = (a[0] + ux * s, a[1] + uy * s)
                pb = (a[0] + ux * e, a[1] + uy * e)
                pieces.append(WallPiece(pa, pb, default_thickness, False, layer))
    return merge_collinear(pieces)


def merge_collinear(pieces: Sequence[WallPiece], gap: float = 0.02) -> list[WallPiece]:
    """Join walls that continue each other (same line, same thickness, touching)."""
    remaining = list(pieces)
    merged = True
    while merged:
        merged = False
        tree = shapely.STRtree([LineString([p.a, p.b]).buffer(gap) for p in remaining])
        used: set[int] = set()
        out: list[WallPiece] = []
        for i, p in enumerate(remaining):
            if i in used:
                continue
            used.add(i)
            current = p
            for j in tree.query(LineString([p.a, p.b]).buffer(gap)).tolist():
                if j in used:
                    continue
                joined = _join(current, remaining[j], gap)
                if joined is not None:
                    current = joined
                    used.add(j)
                    merged = True
            out.append(current)
        remaining = out
    return remaining


def _join(p: WallPiece, q: WallPiece, gap: float) -> WallPiece | None:
    if abs(p.thickness - q.thickness) > 0.01 or p.paired != q.paired:
        return None
    ux, uy, lp = _unit(p.a, p.b)
    vx, vy, _ = _unit(q.a, q.b)
    if abs(ux * vy - uy * vx) > 0.01:
        return None
    ts = []
    for pt in (q.a, q.b):
        rx, ry = pt[0] - p.a[0], pt[1] - p.a[1]
        if abs(-uy * rx + ux * ry) > 0.01:
            return None
        ts.append(rx * ux + ry * uy)
    lo, hi = min(ts), max(ts)
    if lo > lp + gap or hi < -gap:
        return None
    s, e = min(0.0, lo), max(lp, hi)
    a = (p.a[0] + ux * s, p.a[1] + uy * s)
    b = (p.a[0] + ux * e, p.a[1] + uy * e)
    return WallPiece(a, b, p.thickness, p.paired, p.layer)
