"""Unions and differences on the orthogonal grid when one operand encloses the other.

A level's drawn floor is its outline with the rooms inside it (:func:`union_within`): what
GEOS's overlay gives, normalised; anything else is left to the grid union and GEOS.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["union_within"]


def union_within(outer: BaseGeometry, inner: Sequence[BaseGeometry]) -> BaseGeometry | None:
    """Return :func:`orthogonal_union` of ``outer`` and ``inner`` when ``outer`` covers them.

    A level's drawn floor: its outline and the rooms inside it. The union is then the outline's
    point set, and its ring the outline's shell with the inner parts' vertices that lie on it
    added (GEOS keeps every input vertex on the result's boundary; an inner edge that meets the
    shell inside a shell edge either crosses it, which a covered part cannot, or ends there at
    a vertex of its own). None (make the union on the grid) unless ``outer`` is one polygon
    without holes (its shell a simple ring, so no pinch to resolve), every ring of every part
    is orthogonal without a repeated point (what :func:`orthogonal_union` takes), no part is
    empty and ``outer`` covers every inner part.
    """
    if shapely.get_type_id(outer) != 3 or outer.is_empty or shapely.get_num_interior_rings(outer):
        return None
    array = np.array(inner, dtype=object)
    kinds = shapely.get_type_id(array)
    if not ((kinds == 3) | (kinds == 6)).all() or shapely.is_empty(array).any():
        return None
    shell = shapely.get_coordinates(shapely.get_exterior_ring(outer))
    rings = shapely.get_rings(shapely.get_parts(array))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    a = np.concatenate([shell[:-1], coords[:-1][same]])
    b = np.concatenate([shell[1:], coords[1:][same]])
    along_x, along_y = a[:, 0] == b[:, 0], a[:, 1] == b[:, 1]
    if not (along_x ^ along_y).all():
        return None
    if len(array) and not shapely.covers(outer, array).all():
        return None
    # The inner vertices strictly inside each shell edge, in order along it.
    ax, ay, bx, by = shell[:-1, 0], shell[:-1, 1], shell[1:, 0], shell[1:, 1]
    px, py = coords[:, 0][:, None], coords[:, 1][:, None]
    on_x = (py == ay) & (ay == by) & (px > np.minimum(ax, bx)) & (px < np.maximum(ax, bx))
    on_y = (px == ax) & (ax == bx) & (py > np.minimum(ay, by)) & (py < np.maximum(ay, by))
    point, edge = np.nonzero(on_x | on_y)
    if not len(point):
        return shapely.normalize(Polygon(shell))
    # Distance along the edge, exact: the edge's varying coordinate measured from its start.
    heading = np.where(ay[edge] == by[edge], bx[edge] - ax[edge], by[edge] - ay[edge])
    offset = np.where(ay[edge] == by[edge], px[point, 0] - ax[edge], py[point, 0] - ay[edge])
    added = np.stack([px[point, 0], py[point, 0]], axis=1)
    keys = np.concatenate([np.arange(len(shell) - 1, dtype=float), edge + 0.5])
    along = np.concatenate([np.zeros(len(shell) - 1), offset * np.sign(heading)])
    order = np.lexsort((along, keys))
    xy = np.concatenate([shell[:-1], added])[order]
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = (xy[1:] != xy[:-1]).any(axis=1)  # a vertex of several parts, once
    return shapely.normalize(Polygon(xy[keep]))
