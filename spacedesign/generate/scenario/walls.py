"""Wall geometry for turning a layout into plan records: lines, padded lines, fixed walls.

Shapely geometries are immutable, so a wall path's line and its 1e-6 m padding are made once
(memoised by the path, which is the wall's whole geometry). :func:`free_part` answers what a new
partition along a segment leaves to build beside the fixed walls; the same segments recur from
seed to seed (cuts snap to a grid and to the columns), so it is memoised by the segment and the
paths of the fixed walls near it.
"""

from __future__ import annotations

import functools

from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from spacedesign.generate.scenario.frame import Rect
from spacedesign.generate.scenario.placing import Segment
from spacedesign.model import Level, Point, Wall

__all__ = ["free_part", "padded", "path_box", "wall_line", "walls_near", "zone_fixed_walls"]

Path = tuple[Point, ...]


@functools.lru_cache(maxsize=4096)
def wall_line(path: Path) -> LineString:
    """Return a wall path as a line (memoised: shapely geometries are immutable)."""
    return LineString(path)


@functools.lru_cache(maxsize=4096)
def padded(path: Path, flat: bool = False) -> BaseGeometry:
    """Return a wall path buffered by 1e-6 m (flat or round ends), memoised."""
    return wall_line(path).buffer(1e-6, cap_style="flat") if flat else wall_line(path).buffer(1e-6)


@functools.lru_cache(maxsize=4096)
def path_box(path: Path) -> Rect:
    """Return the bounding box of a wall path."""
    xs = [p[0] for p in path]
    ys = [p[1] for p in path]
    return (min(xs), min(ys), max(xs), max(ys))


def walls_near(level: Level, bounds: tuple[float, ...]) -> list[Wall]:
    """Return the walls whose bounding box meets ``bounds`` (a cheap filter before shapely)."""
    x0, y0, x1, y1 = bounds
    out = []
    for wall in level.walls:
        wx0, wy0, wx1, wy1 = path_box(wall.path)
        if wx0 <= x1 + 1e-6 and x0 - 1e-6 <= wx1 and wy0 <= y1 + 1e-6 and y0 - 1e-6 <= wy1:
            out.append(wall)
    return out


_FIXED: list[tuple[Level, Rect, list[tuple[Wall, LineString, Rect]]]] = []


def zone_fixed_walls(level: Level, bounds: Rect) -> list[tuple[Wall, LineString, Rect]]:
    """Return the level's fixed walls meeting the zone (1 cm to spare), with their boxes.

    Remembered for the last level asked about (the search builds on one cleared level).
    """
    if _FIXED and _FIXED[0][0] is level and _FIXED[0][1] == bounds:
        return _FIXED[0][2]
    zone = box(*bounds).buffer(0.01)
    walls = [(w, g, g.bounds) for w, g in ((w, wall_line(w.path)) for w in level.walls if w.fixed)
             if g.intersects(zone)]
    _FIXED[:] = [(level, bounds, walls)]
    return walls


def free_part(seg: Segment, near: tuple[Path, ...]) -> Segment | None:
    """Return what a partition along ``seg`` keeps beside the fixed walls ``near`` (paths).

    None when one of them already stands along the whole segment (no partition, no door in
    it); else the part of ``seg`` that none of them covers, or ``seg`` itself when they leave
    no single piece of it of 1 cm or more. Pure in its arguments, so memoised; except where a
    coordinate is zero (``0.0 == -0.0`` as a key, but the sign would carry into the result).
    """
    if any(c == 0.0 for point in (*seg, *(q for path in near for q in path)) for c in point):
        return _free_part.__wrapped__(seg, near)
    part = _free_part(seg, near)
    return seg if part == seg else part


@functools.lru_cache(maxsize=4096)
def _free_part(seg: Segment, near: tuple[Path, ...]) -> Segment | None:
    line = LineString(seg)
    touching = [p for p in near if wall_line(p).distance(line) < 1e-6]
    if any(padded(p).covers(line) for p in touching):
        return None
    rest = line
    for path in touching:
        rest = rest.difference(padded(path, flat=True))
    if rest.equals(line) or not isinstance(rest, LineString) or rest.length < 0.01:
        return seg
    coords = list(rest.coords)
    a: Point = (round(coords[0][0], 6), round(coords[0][1], 6))
    b: Point = (round(coords[-1][0], 6), round(coords[-1][1], 6))
    return (min(a, b), max(a, b))
