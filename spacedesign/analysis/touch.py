"""Which nodes of a region reach each of many polygons, with one distance pass for all of them.

A level's door ports each join the nodes whose largest free disc reaches the door's gap
(:meth:`~spacedesign.analysis.network.Region.touching`). Most of a single call's time goes to
the shapely and numpy calls that measure the few candidate nodes against one gap;
:func:`touching_many` picks each polygon's candidates the same way, then measures every
(polygon, node) pair at once with the same arithmetic, so the node sets are exactly the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.network import TOUCH, Region

__all__ = ["touching_many"]


def _all_candidates(
    region: Region, bounds: NDArray[np.float64], tol: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Nodes whose disc's box test reaches each box of ``bounds`` (k×4) within ``tol``.

    The candidates :meth:`Region.touching_within` measures, for every box at once: returns the
    nodes, ascending within each box, and the box of each. Only the nodes of the pieces whose
    box and largest disc reach the box are tested (see :attr:`Region.pieces`); each of those
    is tested with the arithmetic of ``touching_within``.
    """
    ax0, ay0, ax1, ay1, reach = region._extent
    x0, y0, x1, y1 = bounds[:, 0], bounds[:, 1], bounds[:, 2], bounds[:, 3]
    gx = np.maximum(np.maximum(x0 - ax1, ax0 - x1), 0.0)
    gy = np.maximum(np.maximum(y0 - ay1, ay0 - y1), 0.0)
    near = gx * gx + gy * gy <= (reach + tol) ** 2
    start, stop, piece_box, piece_reach = region.pieces
    px0, py0, px1, py1 = (piece_box[None, :, k] for k in range(4))
    gx = np.maximum(np.maximum(x0[:, None] - px1, px0 - x1[:, None]), 0.0)
    gy = np.maximum(np.maximum(y0[:, None] - py1, py0 - y1[:, None]), 0.0)
    # (box, piece) pairs, by box and then piece: their nodes come out ascending within a box.
    box, piece = np.nonzero(near[:, None] & (gx * gx + gy * gy <= (piece_reach + tol) ** 2))
    count = stop[piece] - start[piece]
    box = np.repeat(box, count)
    node = np.repeat(start[piece] - (np.cumsum(count) - count), count) + np.arange(count.sum())
    px, py = region.xy[node, 0], region.xy[node, 1]
    dx = np.maximum(np.maximum(x0[box] - px, px - x1[box]), 0.0)
    dy = np.maximum(np.maximum(y0[box] - py, py - y1[box]), 0.0)
    keep = dx * dx + dy * dy <= (region.free[node] + tol) ** 2
    return node[keep].astype(np.int64), box[keep]


def touching_many(
    region: Region, geoms: Sequence[BaseGeometry], tol: float = TOUCH
) -> list[NDArray[np.int64]]:
    """Return ``[region.touching(g, tol) for g in geoms]``, measured together.

    Parameters
    ----------
    region : Region
        The nodes (positions and free-disc radii).
    geoms : sequence of shapely geometries
        Non-empty polygons are measured together; anything else is asked one by one.
    tol : float
        How far beyond its free disc a node may be and still count as reaching (m).

    Returns
    -------
    list of ndarray of int
        Global node indices for each geometry, ascending (as :meth:`Region.touching`).

    Notes
    -----
    Each (polygon, node) distance is computed with the operations of
    :func:`~spacedesign.analysis.network.distance_to` in the same order, so every comparison
    with a node's disc comes out the same (tests/analysis/test_touch.py checks it).
    """
    out = [np.zeros(0, dtype=np.int64)] * len(geoms)
    batch = [k for k, g in enumerate(geoms) if isinstance(g, Polygon) and not g.is_empty]
    for k in sorted(set(range(len(geoms))) - set(batch)):
        out[k] = region.touching(geoms[k], tol)
    if not batch or len(region.xy) == 0:
        return out
    polys = np.array([geoms[k] for k in batch], dtype=object)
    # Segments of every ring of every polygon, grouped by polygon.
    rings, ring_poly = shapely.get_rings(polys, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    same = ring_of[1:] == ring_of[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    count = np.bincount(ring_poly[ring_of[:-1][same]], minlength=len(batch))
    if (count < 1).any():  # a degenerate polygon: the single call's own fallback
        return [region.touching(g, tol) for g in geoms]
    start = np.cumsum(count) - count
    ab = b - a
    length2 = np.maximum((ab * ab).sum(axis=1), 1e-18)
    idx, poly_of = _all_candidates(region, shapely.bounds(polys), tol)
    if len(idx):
        px, py = region.xy[idx, 0], region.xy[idx, 1]
        width = int(count.max())
        valid = np.arange(width)[None, :] < count[poly_of][:, None]
        seg = np.where(valid, start[poly_of][:, None] + np.arange(width)[None, :], 0)
        ax, ay, ux, uy = a[seg, 0], a[seg, 1], ab[seg, 0], ab[seg, 1]
        t = np.clip(((px[:, None] - ax) * ux + (py[:, None] - ay) * uy) / length2[seg], 0.0, 1.0)
        gap = np.hypot(px[:, None] - (ax + t * ux), py[:, None] - (ay + t * uy))
        dist = np.where(valid, gap, np.inf).min(axis=1)
        dist = np.where(shapely.contains_xy(polys[poly_of], px, py), 0.0, dist)
        hit = dist <= region.free[idx] + tol
    else:
        hit = np.zeros(0, dtype=bool)
    found = (idx[hit] + region.first).astype(np.int64)
    split = np.searchsorted(poly_of[hit], np.arange(1, len(batch)))
    for k, nodes in zip(batch, np.split(found, split), strict=True):
        out[k] = nodes
    return out
