"""Isovists on a level cast against what bounds sight, without making the sight domain.

:func:`~spacedesign.analysis.visibility.sight_domain` unites a level's walls, columns,
fixtures and tall furniture and cuts them from the floor: most of the cost of a first isovist.
From a point inside the floor and clear of every block, the nearest hit of a ray on the
domain's boundary is its nearest hit on the floor's or a block's boundary, so the isovists
here are cast against those rings (:class:`SightLines`) as they are drawn; the part of the
domain inside a room is cut from the floor by the blocks near that room alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.freespace import level_space, repaired
from spacedesign.analysis.visibility import fans_of, isovists, sight_parts
from spacedesign.model import Level

__all__ = ["SightLines", "sight_lines", "sight_within", "visible_from"]


@dataclass(frozen=True)
class SightLines:
    """What bounds sight on a level, without the union that :func:`sight_domain` makes of it.

    From a point inside the floor and clear of every block, a ray leaves the sight domain
    where it first meets the floor's boundary or a block's: the nearest hit over these rings
    is the nearest hit over the domain's, up to the rounding of the domain's overlay.
    """

    #: The level (for points that are not clear, whose isovists are cast in its domain).
    level: Level
    #: The floor with the open gaps (see :func:`sight_domain`): the same point set.
    floor: BaseGeometry
    #: The boundary of the floor.
    edge: BaseGeometry
    #: Every block (structure and the rest), repaired, one polygon each.
    blocks: NDArray[np.object_]
    #: Bounds of each block (min x, min y, max x, max y).
    boxes: NDArray[np.float64]
    #: Start and end of every segment of the floor's and the blocks' rings, each with the
    #: free side (outside a block, inside the floor) on its left.
    segments: tuple[NDArray[np.float64], NDArray[np.float64]]


def sight_lines(level: Level) -> SightLines:
    """Return the floor, blocks and ring segments that bound sight on ``level``.

    Parameters
    ----------
    level : Level
        The storey.

    Returns
    -------
    SightLines
        What :func:`visible_from` and :func:`sight_within` cast and cut against.
    """
    floor, gaps, structure, blocks = sight_parts(level)
    # The floor with the open gaps: most often the floor alone (a gap that covers nothing
    # more need not be united with it).
    if gaps and not shapely.covers(floor, np.array(gaps, dtype=object)).all():
        floor = shapely.union_all([floor, *gaps])
    parts = repaired(structure + blocks)
    flat = shapely.get_parts(np.array(parts, dtype=object)) if parts else np.array([], object)
    flat = flat[shapely.get_type_id(flat) == 3]  # polygons (a repaired block may be several)
    rooms = shapely.get_parts(floor)
    rooms = rooms[shapely.get_type_id(rooms) == 3]
    # Every ring with the free side on its left: blocks clockwise, the floor anticlockwise.
    shapes = np.concatenate(
        [
            shapely.orient_polygons(flat, exterior_cw=True),
            shapely.orient_polygons(rooms, exterior_cw=False),
        ]
    )
    coords, ring = shapely.get_coordinates(shapely.get_rings(shapes), return_index=True)
    same = ring[1:] == ring[:-1]
    segments = (coords[:-1][same], coords[1:][same])
    bounds = shapely.bounds(flat).reshape(-1, 4)
    return SightLines(level, floor, floor.boundary, flat, bounds, segments)


#: A viewpoint this close (m) to the floor's edge or a block is cast in the sight domain.
_MARGIN = 1e-6


def visible_from(
    lines: SightLines, points: Sequence[tuple[float, float]], rays: int = 720
) -> list[Polygon]:
    """:func:`isovists` in the level's :func:`sight_domain`, without making that domain.

    A point inside the floor and more than :data:`_MARGIN` from its boundary and from every
    block is cast against the rings of ``lines``: the same fan as in the domain, up to the
    rounding of the domain's overlay. Any other point (inside a block, outside the floor, on
    or all but on an edge, where the hit test's tolerances decide) is cast in the domain
    itself, as :func:`isovists` casts it.

    Parameters
    ----------
    lines : SightLines
        What bounds sight (see :func:`sight_lines`).
    points : sequence of (float, float)
        The viewpoints.
    rays : int
        Rays cast evenly around each viewpoint.

    Returns
    -------
    list of Polygon
        The visibility polygon from each point, in order (empty for a point outside).
    """
    if not len(points):
        return []
    xy = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    views = shapely.points(xy)
    clear = shapely.contains_xy(lines.floor, xy[:, 0], xy[:, 1])
    clear[clear] = ~shapely.dwithin(lines.edge, views[clear], _MARGIN)
    boxes = lines.boxes
    near = (
        (boxes[:, None, 0] <= xy[None, :, 0] + _MARGIN)
        & (boxes[:, None, 2] >= xy[None, :, 0] - _MARGIN)
        & (boxes[:, None, 1] <= xy[None, :, 1] + _MARGIN)
        & (boxes[:, None, 3] >= xy[None, :, 1] - _MARGIN)
    )
    block, point = np.nonzero(near & clear[None, :])
    if len(block):
        touched = shapely.dwithin(lines.blocks[block], views[point], _MARGIN)
        clear[point[touched]] = False
    out = [Polygon() for _ in points]
    inside = np.flatnonzero(clear)
    if len(inside):
        cast = fans_of(xy[inside], _facing(lines.segments, xy[inside]), rays)
        for k, fan in zip(inside.tolist(), cast, strict=True):
            out[k] = fan
    rest = np.flatnonzero(~clear).tolist()
    if rest:
        domain = level_space(lines.level).sight
        for k, fan in zip(rest, isovists(domain, [points[k] for k in rest], rays), strict=True):
            out[k] = fan
    return out


def _facing(
    segments: tuple[NDArray[np.float64], NDArray[np.float64]], points: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Return the segments whose free side (left) faces each of ``points``, flat (fans_of).

    From a clear point a ray reaches a block (or leaves the floor) first through a segment
    facing the point, or through a vertex where such a segment ends; a segment with the point
    on its other side is hit only further along, so it is left out. Those within 1e-9 m of
    the point's side are kept, whatever the rounding of the side test. One side test for
    every point and segment at once.
    """
    a, b = segments
    ex, ey = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    side = ex * (points[:, 1:] - a[:, 1]) - ey * (points[:, :1] - a[:, 0])
    keep = side >= -1e-9 * np.hypot(ex, ey)
    # Flat, point by point (the order of a[row] for each row in turn), for fans_of.
    owner, seg = np.nonzero(keep)
    return a[seg], b[seg], owner.astype(np.int64)


def sight_within(lines: SightLines, region: Polygon) -> BaseGeometry:
    """``sight_domain(level).intersection(region)``, without the domain of the whole level.

    The domain near ``region`` is the floor less the blocks whose boxes meet the region's box
    (the others are apart from it); its intersection with the region is the same point set
    (its lines and points where free space outside touches the region included), up to the
    rounding of the overlay. An invalid region is cut from the domain itself.

    Parameters
    ----------
    lines : SightLines
        What bounds sight (see :func:`sight_lines`).
    region : Polygon
        A room's outline, say.

    Returns
    -------
    BaseGeometry
        Where sight travels inside ``region``.
    """
    if not region.is_valid:
        return level_space(lines.level).sight.intersection(region)
    x0, y0, x1, y1 = region.bounds
    boxes = lines.boxes
    near = (boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)
    domain = lines.floor
    if near.any():
        domain = domain.difference(shapely.union_all(lines.blocks[near]))
    return domain.intersection(region)
