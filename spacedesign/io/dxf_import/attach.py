"""Attach openings to walls (bridging the gap a door leaves in the wall) and find what they join."""

from __future__ import annotations

import math
from collections.abc import Sequence

import shapely
from shapely.geometry import LineString, Point, Polygon

from .openings import OpeningCandidate
from .walls import WallPiece

__all__ = ["attach_openings", "sides"]

Pt = tuple[float, float]

REACH = 0.1
"""An opening belongs to a wall when it is within half the thickness + 0.1 m of its line."""
GENERATED_THICKNESS = 0.1


def _frame(w: WallPiece) -> tuple[float, float, float]:
    dx, dy = w.b[0] - w.a[0], w.b[1] - w.a[1]
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length, length


def _along(w: WallPiece, p: Pt) -> tuple[float, float]:
    """(distance along the wall from a, signed offset from its line)."""
    ux, uy, _ = _frame(w)
    rx, ry = p[0] - w.a[0], p[1] - w.a[1]
    return rx * ux + ry * uy, -uy * rx + ux * ry


def _stretch(w: WallPiece, lo: float, hi: float) -> WallPiece:
    ux, uy, length = _frame(w)
    s, e = min(0.0, lo), max(length, hi)
    a = (w.a[0] + ux * s, w.a[1] + uy * s)
    b = (w.a[0] + ux * e, w.a[1] + uy * e)
    return WallPiece(a, b, w.thickness, w.paired, w.layer, w.generated)


def attach_openings(
    walls: list[WallPiece], openings: Sequence[OpeningCandidate]
) -> tuple[list[WallPiece], list[tuple[OpeningCandidate, int, Pt]]]:
    """Give every opening a wall it lies on.

    The nearest parallel wall within reach (half its thickness + 0.1 m) is stretched over the
    opening when the opening sits in a gap or past its end, and a collinear wall on the other
    side of the gap is merged into it. An opening with no wall nearby gets a short wall of its own
    (``props.generated``). Returns the new walls and ``(opening, wall index, at)`` triples.
    """
    walls = list(walls)
    placed: list[tuple[OpeningCandidate, int, Pt]] = []
    for op in openings:
        best: tuple[float, int] | None = None
        for i, w in enumerate(walls):
            ux, uy, length = _frame(w)
            if abs(ux * op.axis[1] - uy * op.axis[0]) > 0.1:
                continue
            t, off = _along(w, op.center)
            reach = w.thickness / 2 + REACH
            if abs(off) > reach or t < -op.width - 0.3 or t > length + op.width + 0.3:
                continue
            outside = max(0.0, -t, t - length)
            score = abs(off) + outside
            if best is None or score < best[0]:
                best = (score, i)
        if best is None:
            ux, uy = op.axis
            half = op.width / 2 + 0.01
            a = (op.center[0] - ux * half, op.center[1] - uy * half)
            b = (op.center[0] + ux * half, op.center[1] + uy * half)
            walls.append(WallPiece(a, b, GENERATED_THICKNESS, False, op.layer, generated=True))
            placed.append((op, -1, op.center))
            continue
        index = best[1]
        w = walls[index]
        t, _ = _along(w, op.center)
        lo, hi = t - op.width / 2 - 0.01, t + op.width / 2 + 0.01
        _, _, length = _frame(w)
        if lo < 0 or hi > length:
            w = _stretch(w, lo, hi)
            walls[index] = w
            walls = _absorb(walls, index)
        t, _ = _along(w, op.center)
        ux, uy, _ = _frame(w)
        at = (w.a[0] + ux * t, w.a[1] + uy * t)
        placed.append((op, -1, at))
    # indices shift when walls are absorbed; re-resolve each opening's wall by its position
    final: list[tuple[OpeningCandidate, int, Pt]] = []
    tree = shapely.STRtree([LineString([w.a, w.b]) for w in walls])
    for op, _, at in placed:
        near = [i for i in tree.query(Point(at).buffer(0.015)).tolist()
                if abs(_frame(walls[i])[0] * op.axis[1] - _frame(walls[i])[1] * op.axis[0]) < 0.1]
        if not near:
            continue
        candidates = [i for i in near if _frame(walls[i])[2] >= op.width]
        pick = min(candidates or near, key=lambda i: LineString([walls[i].a, walls[i].b])
                   .distance(Point(at)))
        final.append((op, pick, at))
    return walls, final


def _absorb(walls: list[WallPiece], index: int) -> list[WallPiece]:
    """Merge collinear walls that now overlap the stretched wall ``walls[index]``."""
    w = walls[index]
    _, _, length = _frame(w)
    keep: list[WallPiece] = []
    for i, other in enumerate(walls):
        if i == index:
            continue
        ta, oa = _along(w, other.a)
        tb, ob = _along(w, other.b)
        collinear = abs(oa) < 0.02 and abs(ob) < 0.02 and abs(other.thickness - w.thickness) < 0.02
        overlaps = max(ta, tb) >= -0.02 and min(ta, tb) <= length + 0.02
        if collinear and overlaps:
            w = _stretch(w, min(ta, tb), max(ta, tb))
            _, _, length = _frame(w)
        else:
            keep.append(other)
    keep.append(w)
    return keep


def sides(
    at: Pt, wall: WallPiece, rooms: Sequence[tuple[str, Polygon]], outline: Polygon
) -> tuple[str | None, str | None]:
    """Return the rooms (or ``"outside"``) on both sides of an opening at ``at`` in ``wall``.

    A side inside the building but in no room is None.
    """
    ux, uy, _ = _frame(wall)
    reach = wall.thickness / 2 + 0.25
    found: list[str | None] = []
    for sign in (1.0, -1.0):
        probe = Point(at[0] - uy * reach * sign, at[1] + ux * reach * sign)
        room = next((rid for rid, poly in rooms if poly.covers(probe)), None)
        if room is None and not outline.covers(probe):
            room = "outside"
        found.append(room)
    return found[0], found[1]
