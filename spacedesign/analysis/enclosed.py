"""Unions and differences on the orthogonal grid when one operand encloses the other.

A level's drawn floor is its outline with the rooms inside it (:func:`union_within`), and with
its doors closed the floor's free space is the floor less the level's obstacles, whose walls
enclose every room: the free space is then the holes of the obstacles' union that lie inside
the floor, with the obstacles standing in them as their holes (:func:`union_and_cut`). Both
are what GEOS's overlays give, normalised; anything else is left to the grid union and GEOS.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.ortho import (
    _cover,
    _edges,
    _grid,
    _grouped,
    _nodes,
    _owners,
    _ring_shapes,
    _rings,
    _union,
)

__all__ = ["union_and_cut", "union_within"]


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


def union_and_cut(
    parts: Sequence[BaseGeometry], outer: BaseGeometry
) -> tuple[BaseGeometry | None, BaseGeometry | None]:
    """Return :func:`~.ortho.orthogonal_union` of ``parts`` and ``outer`` less that union.

    The difference is ``normalize(outer.difference(union))``, made from the union's rings
    when the union encloses the free part of ``outer``: when no cell of ``outer`` left free by
    the union touches ``outer``'s boundary (on the grid of both, ``outer``'s lines added; extra
    lines leave the union's rings as they are, since a ring runs straight through them).
    ``outer``'s boundary then lies in the union and meets no ring of the free part, so the
    overlay adds no node to them: the free part is the union's holes inside ``outer`` (each
    one's first edge lies strictly inside or outside it), each with the union's polygons
    inside it (the smallest hole around their shell) as its holes. Otherwise (or when
    ``outer`` is not one orthogonal polygon without holes, or nothing is free) the difference
    is None; the union is None when :func:`~.ortho.orthogonal_union` gives None.
    """
    found = _edges(list(parts))
    if found is None:
        return None, None
    a, b, sign = found
    ring = _shell(outer)
    grid = None
    if ring is not None:  # the grid of both, the outline's lines added
        grid = _grid(a, np.r_[a[:, 0], ring[:, 0]], np.r_[a[:, 1], ring[:, 1]])
    if ring is None or grid is None:
        return _union(a, b, sign), None
    xs, ys = grid
    covered = _cover(xs, ys, a, b, sign)
    traced = _rings(xs, ys, covered, _nodes(xs, ys, a))
    if traced is None:
        return Polygon(), None
    xy, ring_of, shell = traced
    rings, px, py, area = _ring_shapes(xy, ring_of)
    shells, holes = np.nonzero(shell)[0], np.nonzero(~shell)[0]
    owner = np.maximum(_owners(rings, px, py, area, shells, holes), 0)
    union = _grouped(rings, shells, holes, owner)
    if not _lines_covered(xs, ys, covered, ring):
        return union, None
    kept = holes[shapely.contains_xy(outer, px[holes], py[holes])]
    if not len(kept):
        return union, None
    return union, _grouped(rings, kept, shells, _owners(rings, px, py, area, kept, shells))


def _shell(outer: BaseGeometry) -> NDArray[np.float64] | None:
    """Return the closed ring of ``outer``, counter-clockwise.

    None unless ``outer`` is a polygon without holes whose every edge is axis-parallel and of
    positive length.
    """
    if shapely.get_type_id(outer) != 3 or shapely.get_num_interior_rings(outer) or outer.is_empty:
        return None
    exterior = shapely.get_exterior_ring(outer)
    ring: NDArray[np.float64] = shapely.get_coordinates(exterior)
    along_x = ring[1:, 0] == ring[:-1, 0]
    along_y = ring[1:, 1] == ring[:-1, 1]
    if not (along_x ^ along_y).all():
        return None
    return ring if shapely.is_ccw(exterior) else ring[::-1]


def _lines_covered(
    xs: NDArray[np.float64], ys: NDArray[np.float64], covered: NDArray[np.bool_],
    ring: NDArray[np.float64],
) -> bool:
    """Whether every cell inside the ``ring`` that touches it is ``covered``.

    ``ring``: a closed counter-clockwise orthogonal ring whose vertices lie on the grid. The
    cells inside it that touch it are the strip along each edge on its inner (left) side and,
    at each reflex corner, the cell that touches the corner only (ahead of the edge coming
    in, behind the edge going out).
    """
    i = np.searchsorted(xs, ring[:, 0])
    j = np.searchsorted(ys, ring[:, 1])
    di, dj = np.sign(np.diff(i)), np.sign(np.diff(j))  # each edge's heading, in grid steps
    # Along x the inside is north when heading east; along y, west when heading north.
    col = np.where(dj == 0, np.minimum(i[:-1], i[1:]), np.where(dj > 0, i[:-1] - 1, i[:-1]))
    row = np.where(di == 0, np.minimum(j[:-1], j[1:]), np.where(di > 0, j[:-1], j[:-1] - 1))
    steps = np.abs(np.diff(i)) + np.abs(np.diff(j))  # cells along each edge
    first = np.cumsum(steps) - steps
    k = np.repeat(np.arange(len(steps)), steps)
    walk = np.arange(int(steps.sum())) - first[k]
    strip_i = col[k] + np.where(dj[k] == 0, walk, 0)
    strip_j = row[k] + np.where(di[k] == 0, walk, 0)
    if not covered[strip_i, strip_j].all():
        return False
    # A reflex corner turns right (clockwise) in a counter-clockwise ring.
    d_in = np.stack([di, dj], axis=1)
    d_out = np.concatenate([d_in[1:], d_in[:1]])
    turn = d_in[:, 0] * d_out[:, 1] - d_in[:, 1] * d_out[:, 0]
    reflex = np.nonzero(turn < 0)[0]
    ahead = d_in[reflex] - d_out[reflex]  # toward the cell that touches the corner only
    corner_i, corner_j = i[reflex + 1], j[reflex + 1]
    c = np.where(ahead[:, 0] > 0, corner_i, corner_i - 1)
    r = np.where(ahead[:, 1] > 0, corner_j, corner_j - 1)
    return bool(covered[c, r].all())
