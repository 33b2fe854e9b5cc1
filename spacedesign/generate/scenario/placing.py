"""Where a door or an opening goes on a wall segment: clear of columns and of other openings.

:func:`place_on_segment` tries positions along a shared wall (nearest a target first) and keeps
the first whose approach (:data:`APPROACH_DEPTH` each side) misses every obstacle and whose leaf
keeps clear of openings already placed on the same line. Columns are axis-aligned boxes, so the
approach test is box arithmetic; shapely decides only for other shapes or at the threshold.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from shapely.geometry import box

from spacedesign.generate.scenario.frame import Rect
from spacedesign.model import Point

__all__ = ["APPROACH_DEPTH", "END_MARGIN", "Segment", "nearest_first", "place_on_segment"]

APPROACH_DEPTH = 1.5
"""Depth kept free of columns on both sides of a door (m): a wheelchair turning circle."""

END_MARGIN = 0.25
"""Distance from a door leaf to the end of its wall (m)."""


Segment = tuple[Point, Point]


def _approach(seg: Segment, centre: float, width: float) -> box:
    (x0, y0), (x1, _) = seg
    half = width / 2 + 0.05
    if x0 == x1:
        return box(x0 - APPROACH_DEPTH, centre - half, x0 + APPROACH_DEPTH, centre + half)
    return box(centre - half, y0 - APPROACH_DEPTH, centre + half, y0 + APPROACH_DEPTH)


_OBSTACLES: dict[int, tuple[object, Rect, bool]] = {}


def _obstacle(geom: object) -> tuple[object, Rect, bool]:
    """``(geometry, bounding box, whether it is an axis-aligned rectangle)``, memoised."""
    hit = _OBSTACLES.get(id(geom))
    if hit is not None and hit[0] is geom:
        return hit
    bounds = tuple(float(v) for v in geom.bounds)  # type: ignore[attr-defined]
    x0, y0, x1, y1 = bounds
    exterior = getattr(geom, "exterior", None)
    coords = list(exterior.coords) if exterior is not None else []
    rect = (len(coords) == 5 and all(x in (x0, x1) and y in (y0, y1) for x, y in coords)
            and not getattr(geom, "interiors", ()))
    if len(_OBSTACLES) > 4096:
        _OBSTACLES.clear()
    _OBSTACLES[id(geom)] = hit = (geom, (x0, y0, x1, y1), rect)
    return hit


def _overlap(a: Rect, b: Rect) -> float:
    """Area of the overlap of two boxes (0 when they only touch or miss)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _blocked(seg: Segment, pos: float, width: float,
             near: Sequence[tuple[object, Rect, bool]]) -> bool:
    """Whether the approach at ``pos`` overlaps an obstacle by more than 1 mm² (as shapely).

    Box arithmetic decides unless the obstacle is not a rectangle or the overlap is within
    rounding of the threshold; then shapely does, as it always did.
    """
    (x0, y0), (x1, _) = seg
    half = width / 2 + 0.05
    zone = ((x0 - APPROACH_DEPTH, pos - half, x0 + APPROACH_DEPTH, pos + half) if x0 == x1
            else (pos - half, y0 - APPROACH_DEPTH, pos + half, y0 + APPROACH_DEPTH))
    for geom, bounds, rect in near:
        area = _overlap(zone, bounds)
        if area <= 0.0:
            continue
        if rect and abs(area - 1e-6) > 1e-9:
            if area > 1e-6:
                return True
            continue
        approach = _approach(seg, pos, width)
        if approach.intersects(geom) and approach.intersection(geom).area > 1e-6:
            return True
    return False


_LAST: list[tuple[Sequence[object], list[tuple[object, Rect, bool]]]] = []


def _table(obstacles: Sequence[object]) -> list[tuple[object, Rect, bool]]:
    """:func:`_obstacle` of each obstacle (the last tuple asked about is remembered)."""
    if _LAST and _LAST[0][0] is obstacles:
        return _LAST[0][1]
    table = [_obstacle(o) for o in obstacles]
    if isinstance(obstacles, tuple):  # immutable: the same object has the same obstacles
        _LAST[:] = [(obstacles, table)]
    return table


class _Positions:
    """The positions ``round(first + i * 0.05, 6)`` for ``i < count``, made when asked for.

    The search usually stops at the first position it tries.
    """

    def __init__(self, first: float, count: int):
        self.first, self.count = first, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> float:
        if not 0 <= i < self.count:
            raise IndexError(i)
        return round(self.first + i * 0.05, 6)

    def bisect(self, want: float) -> int:
        """``bisect_left(self, want)``: the first index whose position is ``>= want``.

        The positions do not decrease (``first + i * 0.05`` grows with ``i``, and rounding
        keeps the order), so the index is found from its estimate ``(want - first) / 0.05``,
        moved over the one or two positions the estimate may be off, instead of searching.
        """
        first, count = self.first, self.count
        guess = (want - first) / 0.05
        i = 0 if not guess > 0 else count if guess >= count else int(guess)
        while i > 0 and round(first + (i - 1) * 0.05, 6) >= want:
            i -= 1
        while i < count and round(first + i * 0.05, 6) < want:
            i += 1
        return i


def nearest_first(positions: Sequence[float] | _Positions, want: float) -> Iterator[float]:
    """Yield ascending ``positions`` in the order of ``(abs(p - want), p)``, lazily.

    >>> list(nearest_first([0.0, 1.0, 2.0, 3.0], 1.5))
    [1.0, 2.0, 0.0, 3.0]
    """
    right = (positions.bisect(want) if isinstance(positions, _Positions)
             else bisect_left(positions, want))
    left = right - 1
    n = len(positions)
    while left >= 0 or right < n:
        if right >= n:
            yield positions[left]
            left -= 1
        elif left < 0:
            yield positions[right]
            right += 1
        else:
            a, b = positions[left], positions[right]
            if (abs(a - want), a) < (abs(b - want), b):
                yield a
                left -= 1
            else:
                yield b
                right += 1


def place_on_segment(
    seg: Segment, width: float, obstacles: Sequence[object], taken: list[tuple[Segment, float,
                                                                                 float]],
    target: float,
) -> Point | None:
    """Centre of a ``width`` opening on ``seg`` nearest ``target`` (0..1 along it), or None.

    The approach (``width`` by :data:`APPROACH_DEPTH` each side) must miss every obstacle and
    the leaf must keep clear of openings already placed on the same line.
    """
    (x0, y0), (x1, y1) = seg
    vertical = x0 == x1
    lo, hi = (y0, y1) if vertical else (x0, x1)
    first, last = lo + width / 2 + END_MARGIN, hi - width / 2 - END_MARGIN
    if first > last + 1e-9:
        return None
    steps = max(0, int((last - first) / 0.05 + 1e-9))
    positions = _Positions(first, steps + 1)
    want = lo + target * (hi - lo)
    line = x0 if vertical else y0
    # the obstacles whose bounding box can meet any approach along the segment
    half = width / 2 + 0.05
    reach = ((x0 - APPROACH_DEPTH, lo - half, x0 + APPROACH_DEPTH, hi + half) if vertical
             else (lo - half, y0 - APPROACH_DEPTH, hi + half, y0 + APPROACH_DEPTH))
    rx0, ry0, rx1, ry1 = reach
    near = [o for o in _table(obstacles)
            if o[1][0] < rx1 and rx0 < o[1][2] and o[1][1] < ry1 and ry0 < o[1][3]]
    for pos in nearest_first(positions, want):
        if near and _blocked(seg, pos, width, near):
            continue
        clash = False
        for other, opos, owidth in taken:
            same_line = (other[0][0] == other[1][0]) == vertical and (
                (other[0][0] if vertical else other[0][1]) == line)
            if same_line and abs(opos - pos) < (owidth + width) / 2 + 0.3:
                clash = True
                break
        if clash:
            continue
        taken.append((seg, pos, width))
        return (line, pos) if vertical else (pos, line)
    return None

