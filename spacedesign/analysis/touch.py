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
    region: Region, bounds: NDArray[np.float64], tol: NDArray[np.float64] | float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Nodes whose disc's box test reaches each box of ``bounds`` (k×4) within ``tol``.

    ``tol``: one tolerance for every box, or one per box.

    The candidates :meth:`Region.touching_within` measures, for every box at once: returns the
    nodes, ascending within each box, and the box of each. Only the nodes of the pieces whose
    box and largest disc reach the box are tested (see :attr:`Region.pieces`), and of those
    only the ones whose x lies within the box's x-range widened by the piece's largest disc,
    ``tol`` and a micrometre (found by a search of :attr:`Region.x_sorted`): a node outside
    it fails the test, which is the arithmetic of ``touching_within``.
    """
    ax0, ay0, ax1, ay1, reach = region._extent
    x0, y0, x1, y1 = bounds[:, 0], bounds[:, 1], bounds[:, 2], bounds[:, 3]
    tol = np.broadcast_to(np.asarray(tol, dtype=float), x0.shape)
    gx = np.maximum(np.maximum(x0 - ax1, ax0 - x1), 0.0)
    gy = np.maximum(np.maximum(y0 - ay1, ay0 - y1), 0.0)
    near = gx * gx + gy * gy <= (reach + tol) ** 2
    _, _, piece_box, piece_reach = region.pieces
    px0, py0, px1, py1 = (piece_box[None, :, k] for k in range(4))
    gx = np.maximum(np.maximum(x0[:, None] - px1, px0 - x1[:, None]), 0.0)
    gy = np.maximum(np.maximum(y0[:, None] - py1, py0 - y1[:, None]), 0.0)
    box, piece = np.nonzero(
        near[:, None] & (gx * gx + gy * gy <= (piece_reach + tol[:, None]) ** 2)
    )
    # Each (box, piece) pair's run of the piece's nodes sorted by x: those within the widened
    # x-range (a superset of the nodes that pass, whatever the rounding of the test below).
    order, keys, x_min, shift = region.x_sorted
    widen = piece_reach[piece] + tol[box] + _MARGIN
    x_max = piece_box[piece, 2]
    lo_x = np.minimum(np.maximum(x0[box] - widen, x_min[piece]), x_max)
    hi_x = np.minimum(np.maximum(x1[box] + widen, x_min[piece]), x_max)
    lo = np.searchsorted(keys, lo_x + shift[piece], side="left")
    hi = np.searchsorted(keys, hi_x + shift[piece], side="right")
    count = np.maximum(hi - lo, 0)
    box = np.repeat(box, count)
    node = order[np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(count.sum())]
    px, py = region.xy[node, 0], region.xy[node, 1]
    dx = np.maximum(np.maximum(x0[box] - px, px - x1[box]), 0.0)
    dy = np.maximum(np.maximum(y0[box] - py, py - y1[box]), 0.0)
    keep = dx * dx + dy * dy <= (region.free[node] + tol[box]) ** 2
    # By box, then node (as the box test over every node of the pieces, in order, gives).
    pair = np.sort(box[keep].astype(np.int64) * len(region.xy) + node[keep])
    return (pair % len(region.xy)).astype(np.int64), pair // len(region.xy)


#: Slack added to the x-range searched for a box's candidates (m): far above any rounding of
#: coordinates of a building, far below any clearance.
_MARGIN = 1e-6


def touching_many(
    region: Region, geoms: Sequence[BaseGeometry], tol: float | Sequence[float] = TOUCH
) -> list[NDArray[np.int64]]:
    """Return ``[region.touching(g, tol) for g in geoms]``, measured together.

    Parameters
    ----------
    region : Region
        The nodes (positions and free-disc radii).
    geoms : sequence of shapely geometries
        Non-empty polygons are measured together; anything else is asked one by one.
    tol : float or sequence of float
        How far beyond its free disc a node may be and still count as reaching (m): one for
        every geometry or one each (the same arithmetic as a call per tolerance).

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
    tols = [tol] * len(geoms) if isinstance(tol, float | int) else [float(t) for t in tol]
    if len(tols) != len(geoms):
        raise ValueError(f"{len(tols)} tolerances for {len(geoms)} geometries")
    batch = [k for k, g in enumerate(geoms) if isinstance(g, Polygon) and not g.is_empty]
    for k in sorted(set(range(len(geoms))) - set(batch)):
        out[k] = region.touching(geoms[k], tols[k])
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
        return [region.touching(g, t) for g, t in zip(geoms, tols, strict=True)]
    start = np.cumsum(count) - count
    ab = b - a
    length2 = np.maximum((ab * ab).sum(axis=1), 1e-18)
    box_of = shapely.bounds(polys)
    tol_of = np.array([tols[k] for k in batch], dtype=float)
    idx, poly_of = _all_candidates(region, box_of, tol_of)
    if len(idx):
        px, py = region.xy[idx, 0], region.xy[idx, 1]
        width = int(count.max())
        valid = np.arange(width)[None, :] < count[poly_of][:, None]
        seg = np.where(valid, start[poly_of][:, None] + np.arange(width)[None, :], 0)
        ax, ay, ux, uy = a[seg, 0], a[seg, 1], ab[seg, 0], ab[seg, 1]
        t = np.clip(((px[:, None] - ax) * ux + (py[:, None] - ay) * uy) / length2[seg], 0.0, 1.0)
        gap = np.hypot(px[:, None] - (ax + t * ux), py[:, None] - (ay + t * uy))
        dist = np.where(valid, gap, np.inf).min(axis=1)
        # A node inside its polygon is at distance 0: only a node the boundary distance does
        # not settle and that lies within the polygon's box can be inside.
        reach = region.free[idx] + tol_of[poly_of]
        hit = dist <= reach
        x0, y0, x1, y1 = box_of[poly_of].T
        ask = ~hit & (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
        if ask.any():
            inside = shapely.contains_xy(polys[poly_of[ask]], px[ask], py[ask])
            hit[ask] = inside & (0.0 <= reach[ask])
    else:
        hit = np.zeros(0, dtype=bool)
    found = (idx[hit] + region.first).astype(np.int64)
    ends = np.searchsorted(poly_of[hit], np.arange(len(batch) + 1)).tolist()
    for k, lo, hi in zip(batch, ends[:-1], ends[1:], strict=True):
        out[k] = found[lo:hi]
    return out
