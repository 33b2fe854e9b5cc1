"""Isovists (visibility polygons) and what blocks sight on a level.

Sight passes over low things (chairs, tables, counters, benches) and through glazed walls and
open gaps (``kind: opening``); it is stopped by solid walls, closed doors, columns, built-in
fixtures such as elevator shafts, and tall furniture (shelves, partitions, booths, signs, or
anything 1.2 m or taller).
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.freespace import floor_area, level_space, merge
from spacedesign.model import Level

__all__ = ["isovist", "sight_domain"]

TALL_FURNITURE = frozenset({"shelf", "partition", "booth", "sign"})
LOW_FIXTURES = frozenset({"counter", "sink", "accessible_toilet"})
EYE_HEIGHT = 1.2


def sight_domain(level: Level) -> BaseGeometry:
    """Return the part of ``level`` where a standing or seated person's sight can travel."""
    open_gaps = [
        g
        for g in level_space(level).gaps
        if g.opening.kind == "opening" or g.opening.operation == "none"
    ]
    cuts: dict[str, list[BaseGeometry]] = {}
    for gap in open_gaps:
        if gap.wall is not None and not gap.polygon.is_empty:
            cuts.setdefault(gap.wall.id, []).append(gap.polygon)
    # Fixed walls and columns first: merge() memoises their union (see freespace.merge).
    structure: list[BaseGeometry] = []
    blocks: list[BaseGeometry] = []
    for wall, foot in zip(level.walls, level_space(level).walls, strict=True):
        if wall.kind == "glazed":
            continue
        if wall.id in cuts:
            foot = foot.difference(shapely.union_all(cuts[wall.id]))
        (structure if wall.fixed else blocks).append(foot)
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
    structure = [b if b.is_valid else b.buffer(0.0) for b in structure if not b.is_empty]
    blocks = [b if b.is_valid else b.buffer(0.0) for b in blocks if not b.is_empty]
    floor = shapely.union_all([floor_area(level), *[g.polygon for g in open_gaps]])
    if not structure and not blocks:
        return floor
    return floor.difference(merge(structure + blocks, fixed=len(structure)))


def isovist(polygon: BaseGeometry, point: tuple[float, float], rays: int = 720) -> Polygon:
    """Return the region of ``polygon`` visible from ``point`` (empty if the point is outside).

    Casts ``rays`` rays evenly around the point against the boundary of the part of the
    polygon that contains it (numpy, exact ray/segment intersection); the visibility polygon is
    the fan of nearest hits (angular resolution 360°/rays).
    """
    p = Point(point)
    parts = [g for g in getattr(polygon, "geoms", [polygon]) if isinstance(g, Polygon)]
    part = next((g for g in parts if g.covers(p)), None)
    if part is None:
        near = min(parts, key=lambda g: g.distance(p), default=None)
        if near is None or near.distance(p) > 0.05:
            return Polygon()
        part = near
    rings = [np.asarray(part.exterior.coords)] + [np.asarray(r.coords) for r in part.interiors]
    a = np.concatenate([r[:-1] for r in rings])
    b = np.concatenate([r[1:] for r in rings])
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    dist = _nearest_hits(a, b, point, np.cos(angles), np.sin(angles))
    dist = np.where(np.isfinite(dist), dist, 0.0)
    ox, oy = point
    xs = ox + np.cos(angles) * dist
    ys = oy + np.sin(angles) * dist
    fan = Polygon(np.stack([xs, ys], axis=1))
    if not fan.is_valid:
        fan = fan.buffer(0.0)
    if isinstance(fan, Polygon):
        return fan
    return max(getattr(fan, "geoms", []), key=lambda g: g.area, default=Polygon())


#: Segments tried at first (the nearest); the rest follow in batches twice as large each time.
_FIRST_SEGMENTS = 32
#: Ray/segment pairs evaluated at once.
_PAIRS = 16384
#: Margin (m) between a ray's nearest hit and the next untried segment's distance before the
#: ray is settled: far above the rounding of a hit distance, far below any drawn length.
_SETTLED = 1e-6


def _nearest_hits(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    point: tuple[float, float],
    cos: NDArray[np.float64],
    sin: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Distance along each ray from ``point`` to the nearest segment ``a``→``b`` it crosses.

    Exact ray/segment intersection (inf where a ray hits nothing). The segments are tried
    nearest first: a ray's hit on a segment is never nearer than the segment itself, so once a
    ray has a hit nearer than every untried segment (by :data:`_SETTLED`) it is settled and
    the rest are not tried for it. Each ray/segment pair gives the same value as when every
    segment is tried, so the minimum is the same.
    """
    ox, oy = point
    seg = b - a
    length2 = np.maximum((seg * seg).sum(axis=1), 1e-18)
    t = np.clip(((ox - a[:, 0]) * seg[:, 0] + (oy - a[:, 1]) * seg[:, 1]) / length2, 0.0, 1.0)
    near = np.hypot(a[:, 0] + seg[:, 0] * t - ox, a[:, 1] + seg[:, 1] * t - oy)
    order = np.argsort(near, kind="stable")
    a, seg, near = a[order], seg[order], near[order]
    dist = np.full(len(cos), np.inf)
    todo = np.arange(len(cos))
    start, size = 0, _FIRST_SEGMENTS
    while len(todo) and start < len(a):
        stop = min(start + size, len(a))
        ex, ey = seg[start:stop, 0][None, :], seg[start:stop, 1][None, :]
        fx, fy = (a[start:stop, 0] - ox)[None, :], (a[start:stop, 1] - oy)[None, :]
        cross = fx * ey - fy * ex  # the same for every ray
        # Rays in blocks of at most 16k ray/segment pairs (and at least 64 rays): the
        # (rays, segments) arrays stay small enough for the CPU cache.
        block = max(64, _PAIRS // (stop - start))
        for s in range(0, len(todo), block):
            rays = todo[s : s + block]
            dx, dy = cos[rays, None], sin[rays, None]
            denom = dx * ey - dy * ex
            with np.errstate(divide="ignore", invalid="ignore"):
                hit_t = cross / denom
                u = (fx * dy - fy * dx) / denom
            hit = (np.abs(denom) > 1e-12) & (hit_t > 1e-9) & (u >= -1e-9) & (u <= 1 + 1e-9)
            dist[rays] = np.minimum(dist[rays], np.where(hit, hit_t, np.inf).min(axis=1))
        if stop < len(a):
            todo = todo[dist[todo] >= near[stop] - _SETTLED]
        start, size = stop, 2 * size
    return dist
