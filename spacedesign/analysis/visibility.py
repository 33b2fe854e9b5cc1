"""Isovists (visibility polygons) and what blocks sight on a level.

Sight passes over low things (chairs, tables, counters, benches) and through glazed walls and
open gaps (``kind: opening``); it is stopped by solid walls, closed doors, columns, built-in
fixtures such as elevator shafts, and tall furniture (shelves, partitions, booths, signs, or
anything 1.2 m or taller).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.freespace import floor_area, level_space, merge_structure, repaired
from spacedesign.analysis.memo import ShapeMemo
from spacedesign.model import Level

__all__ = ["fans", "fans_of", "isovist", "isovists", "sight_domain", "sight_parts"]

TALL_FURNITURE = frozenset({"shelf", "partition", "booth", "sign"})
LOW_FIXTURES = frozenset({"counter", "sink", "accessible_toilet"})
EYE_HEIGHT = 1.2


def sight_domain(level: Level) -> BaseGeometry:
    """Return the part of ``level`` where a standing or seated person's sight can travel."""
    floor, gaps, structure, blocks = sight_parts(level)
    floor = shapely.union_all([floor, *gaps])
    # The structure repaired with its union (memoised), the rest repaired here.
    merged = merge_structure(structure, repaired(blocks), "repair")
    return floor if merged is None else floor.difference(merged)


def sight_parts(
    level: Level,
) -> tuple[BaseGeometry, list[BaseGeometry], list[BaseGeometry], list[BaseGeometry]]:
    """Return the floor, its open gaps, the structure and the other blocks of ``level``.

    The structure is the fixed walls and the columns (:func:`sight_domain` memoises their
    union); the blocks are the other walls, the fixtures and tall furniture. Walls are cut by
    their open gaps; glazed walls, low fixtures and low furniture are left out.

    Parameters
    ----------
    level : Level
        The storey.

    Returns
    -------
    (BaseGeometry, list of BaseGeometry, list of BaseGeometry, list of BaseGeometry)
        The drawn floor (:func:`floor_area`), the open gaps' polygons, the structure's parts
        and the blocks, as drawn (not repaired). Sight travels over the floor and the gaps.
    """
    open_gaps = [
        g
        for g in level_space(level).gaps
        if g.opening.kind == "opening" or g.opening.operation == "none"
    ]
    cuts: dict[str, list[BaseGeometry]] = {}
    for gap in open_gaps:
        if gap.wall is not None and not gap.polygon.is_empty:
            cuts.setdefault(gap.wall.id, []).append(gap.polygon)
    # Each cut wall less the union of its gaps, memoised by the wall's and gaps' exact
    # geometry (walls outside a scenario's zone, and their openings, recur).
    feet = np.array(level_space(level).walls, dtype=object)
    seen = [k for k, wall in enumerate(level.walls) if wall.kind != "glazed"]
    for k in seen:
        gaps = cuts.get(level.walls[k].id)
        if gaps:
            feet[k] = _CUT_WALL(shapely.geometrycollections([feet[k], *gaps]))
    # Fixed walls and columns first: merge_structure memoises their union.
    structure: list[BaseGeometry] = [feet[k] for k in seen if level.walls[k].fixed]
    blocks: list[BaseGeometry] = [feet[k] for k in seen if not level.walls[k].fixed]
    structure += [c.polygon.geometry for c in level.columns]
    blocks += [
        f.polygon.geometry
        for f in level.fixtures
        if f.polygon is not None and f.kind not in LOW_FIXTURES
    ]
    for item, foot in zip(level.furniture, level_space(level).furniture, strict=True):
        tall = item.height >= EYE_HEIGHT if item.height is not None else item.kind in TALL_FURNITURE
        if tall:
            blocks.append(foot)
    return floor_area(level), [g.polygon for g in open_gaps], structure, blocks


def _cut_wall(wall_and_gaps: BaseGeometry) -> BaseGeometry:
    """Return the collection's first part (a wall) less the union of the others (its gaps)."""
    parts = shapely.get_parts(wall_and_gaps)
    return shapely.difference(parts[0], shapely.union_all(parts[1:]))


#: Walls cut by their open gaps, by the exact geometry of the wall and the gaps.
_CUT_WALL: ShapeMemo[BaseGeometry] = ShapeMemo(_cut_wall, limit=256)


def isovist(polygon: BaseGeometry, point: tuple[float, float], rays: int = 720) -> Polygon:
    """Return the region of ``polygon`` visible from ``point`` (empty if the point is outside).

    Casts ``rays`` rays evenly around the point against the boundary of the part of the
    polygon that contains it (numpy, exact ray/segment intersection); the visibility polygon is
    the fan of nearest hits (angular resolution 360°/rays).
    """
    return isovists(polygon, [point], rays)[0]


def isovists(
    polygon: BaseGeometry, points: Sequence[tuple[float, float]], rays: int = 720
) -> list[Polygon]:
    """:func:`isovist` from each of ``points``, with one batched ray cast (the same polygons).

    Parameters
    ----------
    polygon : BaseGeometry
        Where sight travels (e.g. :func:`sight_domain`).
    points : sequence of (float, float)
        The viewpoints.
    rays : int
        Rays cast evenly around each viewpoint.

    Returns
    -------
    list of Polygon
        The visibility polygon from each point, in order (empty for a point outside).
    """
    out = [Polygon() for _ in points]
    parts = [g for g in getattr(polygon, "geoms", [polygon]) if isinstance(g, Polygon)]
    if not parts:
        return out
    shapes = np.array(parts, dtype=object)
    views = shapely.points(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    covered = shapely.covers(shapes[:, None], views[None, :])
    rings: dict[int, tuple[NDArray[np.float64], NDArray[np.float64]]] = {}
    chosen: list[tuple[int, int]] = []
    for k in range(len(points)):
        covering = np.flatnonzero(covered[:, k])
        if len(covering):
            index = int(covering[0])
        else:  # the nearest part (the first of equally near ones), if within 5 cm
            away = shapely.distance(shapes, views[k])
            index = int(np.argmin(away))
            if away[index] > 0.05:
                continue
        if index not in rings:
            part = parts[index]
            coords = [np.asarray(part.exterior.coords)]
            coords += [np.asarray(r.coords) for r in part.interiors]
            rings[index] = (
                np.concatenate([r[:-1] for r in coords]),
                np.concatenate([r[1:] for r in coords]),
            )
        chosen.append((k, index))
    if not chosen:
        return out
    origin = np.array([points[k] for k, _ in chosen], dtype=np.float64)
    cast = fans(origin, [rings[index] for _, index in chosen], rays)
    for (k, _), fan in zip(chosen, cast, strict=True):
        out[k] = fan
    return out


def fans(
    origin: NDArray[np.float64],
    segments: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]],
    rays: int,
) -> list[Polygon]:
    """Return the fan of nearest hits on ``segments[k]`` around each ``origin[k]``.

    Parameters
    ----------
    origin : (n, 2) array
        The viewpoints.
    segments : sequence of (a, b)
        The segments (start and end points) each viewpoint's rays are cast against.
    rays : int
        Rays cast evenly around each viewpoint, from angle 0.

    Returns
    -------
    list of Polygon
        The fan of each viewpoint, repaired as :func:`isovists` repairs it (its largest part
        if it is invalid; a ray that hits nothing ends at the viewpoint).
    """
    return fans_of(origin, _flat(segments, len(origin)), rays)


def fans_of(
    origin: NDArray[np.float64],
    flat: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]],
    rays: int,
) -> list[Polygon]:
    """:func:`fans` of segments given flat: starts, ends and the viewpoint each is seen from.

    ``flat`` holds every viewpoint's segments one after the other, grouped by viewpoint in
    order (``owner`` ascending), as :func:`fans` concatenates them.
    """
    cos, sin = _ray_directions(rays)
    dist = _hits_of(*flat, origin, cos, sin)
    dist = np.where(np.isfinite(dist), dist, 0.0)
    # The fan of hits around each point (its ring is closed as Polygon(coords) closes it).
    xs = origin[:, :1] + cos * dist
    ys = origin[:, 1:] + sin * dist
    fans = shapely.polygons(np.stack([xs, ys], axis=2))
    out: list[Polygon] = []
    for fan, valid in zip(fans, _valid_fans(fans, origin, dist), strict=True):
        if not valid:
            fan = fan.buffer(0.0)
        if isinstance(fan, Polygon):
            out.append(fan)
        else:
            out.append(max(getattr(fan, "geoms", []), key=lambda g: g.area, default=Polygon()))
    return out


@functools.lru_cache(maxsize=8)
def _ray_directions(rays: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Cosine and sine of ``rays`` angles evenly round the circle from 0 (read only).

    Every fan of a ray count casts the same directions (FAMILY-KIDS 180, WAYFINDING 360): made
    once, not with a linspace per cast.
    """
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)
    cos.flags.writeable = False
    sin.flags.writeable = False
    return cos, sin


def _valid_fans(
    fans: NDArray[np.object_], origin: NDArray[np.float64], dist: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """``shapely.is_valid`` of each fan, asked only of fans not valid by their shape alone.

    A fan of three or more rays evenly round its viewpoint, every ray ending well away from
    it (more than a millionth of the coordinates' scale), is valid: each edge joins two
    neighbouring rays' ends and stays inside the wedge between those rays (less than half a
    turn wide), so edges meet only at their shared ends. Rounding moves a vertex's angle
    round the viewpoint by about 1e-9 radians at most, far less than half a ray step.
    """
    if dist.shape[1] < 3:
        return np.asarray(shapely.is_valid(fans), dtype=bool)
    scale = np.abs(origin).max(axis=1) + dist.max(axis=1)
    valid: NDArray[np.bool_] = dist.min(axis=1) > 1e-6 * (1.0 + scale)
    rest = np.flatnonzero(~valid)
    if len(rest):
        valid[rest] = shapely.is_valid(fans[rest])
    return valid


#: Slack (in ray steps) on each side of a segment's angular span: rounding moves a hit's angle
#: by far less (see :func:`_nearest_hits`), and no ray that can hit the segment is left out.
_SLACK = 0.01
#: A segment closer than this to the viewpoint (m, times its length plus 1) is tried by every ray.
_CLOSE = 1e-3
#: The first pass of :func:`_nearest_hits` reaches this times the mean distance of a point's
#: segments.
_RADIUS = 0.5


def _nearest_hits(
    segments: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]],
    points: Sequence[tuple[float, float]] | NDArray[np.float64],
    cos: NDArray[np.float64],
    sin: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Distance along each ray from each point to the nearest segment ``a``→``b`` it crosses.

    ``segments[k]`` are the segments (start points ``a``, end points ``b``) seen from
    ``points[k]``; ``cos``, ``sin`` are the directions of rays evenly spaced around the full
    circle from angle 0. Exact ray/segment intersection (inf where a ray hits nothing), one
    row per point.

    A ray hits a segment only at a point of the segment (stretched by the 1e-9 tolerance of
    the test), which lies within the segment's angular span seen from the ray's origin; so
    each segment is tried only by the rays in its span widened by :data:`_SLACK` ray steps.
    The stretch and the rounding of the test move a hit's angle by about
    ``1e-9 * length / distance`` radians, far less than the slack unless the segment passes
    within :data:`_CLOSE` of the point; such a segment, and one spanning about half the
    circle, is tried by every ray. Each ray/segment pair gives the same value as when every
    pair is tried, so the minimum is the same.

    The segments farther than :data:`_RADIUS` times the mean distance of a point's segments
    (and not nearly end-on to it) are tried afterwards, and only on the rays that met nothing
    within that radius: no hit of theirs can be nearer than one found there.
    """
    return _hits_of(*_flat(segments, len(points)), points, cos, sin)


def _flat(
    segments: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]], count: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Every point's segments one after the other: starts, ends, and whose each is."""
    sizes = np.array([len(a) for a, _ in segments], dtype=np.int64)
    if not len(segments):
        return np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    a = np.concatenate([np.asarray(a, dtype=np.float64).reshape(-1, 2) for a, _ in segments])
    b = np.concatenate([np.asarray(b, dtype=np.float64).reshape(-1, 2) for _, b in segments])
    return a, b, np.repeat(np.arange(count), sizes)


def _hits_of(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    owner: NDArray[np.int64],
    points: Sequence[tuple[float, float]] | NDArray[np.float64],
    cos: NDArray[np.float64],
    sin: NDArray[np.float64],
) -> NDArray[np.float64]:
    """:func:`_nearest_hits` of segments given flat (see :func:`fans_of`)."""
    n = len(cos)
    dist = np.full((len(points), n), np.inf)
    if not len(owner):
        return dist
    sizes = np.bincount(owner, minlength=len(points))
    origin = np.asarray(points, dtype=np.float64)[owner]
    fx, fy = a[:, 0] - origin[:, 0], a[:, 1] - origin[:, 1]
    gx, gy = b[:, 0] - origin[:, 0], b[:, 1] - origin[:, 1]
    ex, ey = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    # The span in ray steps: from the start's angle, the shorter way round to the end's.
    step = 2.0 * np.pi / n
    start = np.arctan2(fy, fx) / step
    turn = (np.arctan2(gy, gx) / step - start + n / 2) % n - n / 2
    low = np.minimum(start, start + turn)
    first = np.ceil(low - _SLACK).astype(np.int64)
    count = np.floor(low + np.abs(turn) + _SLACK).astype(np.int64) - first + 1
    length2 = ex * ex + ey * ey
    length = np.sqrt(length2)
    t = np.clip((-fx * ex - fy * ey) / np.maximum(length2, 1e-18), 0.0, 1.0)
    # The segment's distance from the point. It (and the far end's below) only sorts the
    # segments into the two passes and the every-ray ones, with margins far above rounding:
    # the square root of the sum of squares is as good as hypot there, and faster.
    px, py = fx + ex * t, fy + ey * t
    near = np.sqrt(px * px + py * py)
    close = near < _CLOSE * (1.0 + length)
    every = close | (np.abs(turn) > n / 2 - 2)
    first[every] = 0
    count = np.where(every, n, np.clip(count, 0, n))
    cross = fx * ey - fy * ex  # the same for every ray
    # Two passes: first the segments that may be within a radius of their point; then the
    # others, only on the rays that hit nothing within the radius. A segment of the second
    # pass is hit no nearer than ``reach`` (its distance, less the stretch of the hit test):
    # beyond the radius, so it cannot change a ray the first pass settled. It crosses the
    # rays of its span well away from parallel (its line passes at least 1/1000 of its far
    # end's distance from the point), where the hit's rounding is far below that margin.
    far_end = np.sqrt(np.maximum(fx * fx + fy * fy, gx * gx + gy * gy))
    reach = near * (1.0 - 1e-9) - 1e-8 * (1.0 + length)
    radius = _RADIUS * np.bincount(owner, near, len(points)) / np.maximum(sizes, 1)
    later = (reach > radius[owner]) & ~every & (np.abs(cross) >= 1e-3 * length * far_end)
    flat = dist.reshape(-1)
    _hit_rays(flat, ~later, owner, first, count, (ex, ey, fx, fy, cross), cos, sin, None)
    if later.any():
        open_rays = flat > np.repeat(radius, n)
        _hit_rays(flat, later, owner, first, count, (ex, ey, fx, fy, cross), cos, sin, open_rays)
    return dist


def _hit_rays(
    flat: NDArray[np.float64],
    rows: NDArray[np.bool_],
    owner: NDArray[np.int64],
    first: NDArray[np.int64],
    count: NDArray[np.int64],
    row: tuple[NDArray[np.float64], ...],
    cos: NDArray[np.float64],
    sin: NDArray[np.float64],
    open_rays: NDArray[np.bool_] | None,
) -> None:
    """Lower ``flat`` (point by ray) to the hits of the ``rows`` segments on their rays.

    ``row`` is each segment's direction, start (from its point) and cross product. Only the
    rays of ``open_rays`` (all if None) are tried; a pair gives what it gives when every
    pair is tried.
    """
    n = len(cos)
    ex, ey, fx, fy, cross = row
    index = np.flatnonzero(rows)
    size = count[index]
    seg = np.repeat(index, size)
    ray = (np.arange(len(seg)) + np.repeat(first[index] - np.cumsum(size) + size, size)) % n
    cell = owner[seg] * n + ray
    if open_rays is not None:
        keep = open_rays[cell]
        seg, ray, cell = seg[keep], ray[keep], cell[keep]
    sx, sy, px, py = ex[seg], ey[seg], fx[seg], fy[seg]
    dx, dy = cos[ray], sin[ray]
    denom = dx * sy - dy * sx
    with np.errstate(divide="ignore", invalid="ignore"):
        hit_t = cross[seg] / denom
        u = (px * dy - py * dx) / denom
    hit = (np.abs(denom) > 1e-12) & (hit_t > 1e-9) & (u >= -1e-9) & (u <= 1 + 1e-9)
    np.minimum.at(flat, cell[hit], hit_t[hit])
