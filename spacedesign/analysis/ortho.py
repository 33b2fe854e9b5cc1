"""The union of orthogonal polygons (every edge axis-parallel), made on their coordinate grid.

A level's walls, columns, fixtures, furniture, rooms and outline are axis-parallel rectangles
(or unions of them), and GEOS's general overlay of them costs far more than their simple shape
needs. Here every x and every y coordinate of the inputs makes a grid line; each input's
coverage of the grid's cells comes from its vertical edges (a winding count: two cumulative
sums), and the union's boundary from the covered cells.

The union is what GEOS's overlay gives, normalised. GEOS nodes every input edge where
another edge meets it and keeps every node on the result's boundary: here a ring's vertices are
its corners and the input vertices that lie on it. (Where a straight stretch of the boundary
crosses an input edge, that edge ends there: an edge through the point would have its polygon
on both sides of the stretch, so the point is an input vertex.) Where two covered cells meet
diagonally at a point, the rings turn there as GEOS's minimal rings do (two polygons touching
at a point, or a hole touching its shell). Intersections of axis-parallel edges are exact, so
every coordinate is an input's own. Tests compare the results with GEOS's bit for bit; a part
with a repeated point is left to GEOS (which passes a part touching nothing through as drawn).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy import ndimage
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["MAX_CELLS", "MAX_CELLS_PER_EDGE", "orthogonal_union"]

MAX_CELLS_PER_EDGE = 64
"""Most grid cells per input edge: beyond it GEOS is left the union.

The grid's cost grows with the product of the distinct x and y coordinates, GEOS's with the
edges: parts that share their coordinates (walls on a module, furniture in rows; ~40 cells per
edge on a Nakano scenario, 1.0 ms here against GEOS's 2.3) are faster here, parts scattered at
distinct coordinates are not (100 boxes at random places: 100 cells per edge, 3.5 ms against
0.3; 1,000 boxes: 334 ms and 100 MB against 3 ms)."""

MAX_CELLS = 1_000_000
"""Most grid cells at all (bounds the grid's memory to some tens of MB)."""

# Directions of travel are numbered counter-clockwise: 0 east, 1 north, 2 west, 3 south
# (a left turn adds one).


def orthogonal_union(geoms: Sequence[BaseGeometry]) -> BaseGeometry | None:
    """Return the normalised union of the valid polygons ``geoms``; None unless all orthogonal.

    None also when ``geoms`` is empty or holds anything but non-empty polygons, and when their
    grid would be too fine (:data:`MAX_CELLS_PER_EDGE`, :data:`MAX_CELLS`): GEOS is faster.
    """
    found = _edges(list(geoms))
    return None if found is None else _union(*found)


def _edges(
    geoms: list[BaseGeometry],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]] | None:
    """Return each ring edge's start and end, and its ring's sign.

    None unless every edge is axis-parallel and none has zero length. The sign makes each
    ring's winding +1 inside a polygon's shell and -1 inside its holes.
    """
    array = np.array(geoms, dtype=object)
    kinds = shapely.get_type_id(array)
    if not len(array) or not ((kinds == 3) | (kinds == 6)).all():
        return None
    polygons = shapely.get_parts(array)
    holes = shapely.get_num_interior_rings(polygons)
    rings = shapely.get_rings(polygons)
    if len(rings) != int(holes.sum()) + len(polygons) or not len(rings):
        return None  # an empty polygon has no ring
    shell = np.zeros(len(rings), dtype=bool)
    shell[np.cumsum(holes + 1) - (holes + 1)] = True
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    a, b, ring = coords[:-1][same], coords[1:][same], ring[:-1][same]
    along_x, along_y = a[:, 0] == b[:, 0], a[:, 1] == b[:, 1]
    # (A repeated point: GEOS passes a part that touches nothing through as drawn, with it.)
    if not (along_x | along_y).all() or (along_x & along_y).any():
        return None
    # (GEOS's robust orientation test: a shoelace sum can get a sliver's sign wrong.)
    sign = np.where(shapely.is_ccw(rings), 1.0, -1.0) * np.where(shell, 1.0, -1.0)
    return a, b, sign[ring]


def _union(
    a: NDArray[np.float64], b: NDArray[np.float64], sign: NDArray[np.float64]
) -> BaseGeometry | None:
    """Return the normalised union of the polygons whose ring edges run from ``a`` to ``b``.

    ``sign``: each edge's ring's sign (see :func:`_edges`).
    """
    # Every vertex starts an edge of its (closed) ring.
    grid = _grid(a, a[:, 0], a[:, 1])
    if grid is None:
        return None
    xs, ys = grid
    return _polygons(xs, ys, _cover(xs, ys, a, b, sign), _nodes(xs, ys, a))


def _grid(
    a: NDArray[np.float64], x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Return the grid lines at ``x`` and ``y``; None when too fine for the edges ``a``."""
    xs, ys = np.unique(x), np.unique(y)
    nx, ny = len(xs), len(ys)
    if nx < 2 or ny < 2 or nx * ny > min(MAX_CELLS, MAX_CELLS_PER_EDGE * len(a)):
        return None
    return xs, ys


def _nodes(
    xs: NDArray[np.float64], ys: NDArray[np.float64], a: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """Which grid points are a vertex (the start ``a`` of an edge)."""
    vert = np.zeros((len(xs), len(ys)), dtype=bool)
    vert[np.searchsorted(xs, a[:, 0]), np.searchsorted(ys, a[:, 1])] = True
    return vert


def _cover(
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    sign: NDArray[np.float64],
) -> NDArray[np.bool_]:
    """Which cells of the grid the polygons of edges ``a`` to ``b`` (see :func:`_edges`) cover."""
    nx, ny = len(xs), len(ys)
    ia, ib = np.searchsorted(xs, a[:, 0]), np.searchsorted(xs, b[:, 0])
    ja, jb = np.searchsorted(ys, a[:, 1]), np.searchsorted(ys, b[:, 1])
    upright = ia == ib
    # A vertical edge heading down (a counter-clockwise ring's left side) adds its ring's
    # sign to every cell on its right, in its rows.
    i, j0, j1 = ia[upright], np.minimum(ja, jb)[upright], np.maximum(ja, jb)[upright]
    w = np.where(ja[upright] > jb[upright], 1.0, -1.0) * sign[upright] > 0
    # The +1 and -1 ends counted apart: windings are whole numbers, summed exactly.
    start, end = i * ny + j0, i * ny + j1
    plus = np.bincount(np.concatenate([start[w], end[~w]]), minlength=nx * ny)
    minus = np.bincount(np.concatenate([start[~w], end[w]]), minlength=nx * ny)
    winding = np.cumsum(np.cumsum((plus - minus).reshape(nx, ny), axis=1), axis=0)
    covered: NDArray[np.bool_] = winding[: nx - 1, : ny - 1] > 0
    return covered


def _polygons(
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    covered: NDArray[np.bool_],
    node: NDArray[np.bool_],
) -> BaseGeometry:
    """Return the normalised polygon(s) whose grid cells are ``covered``.

    Their vertices: the ``node`` points of their boundary, and their corners.
    """
    traced = _rings(xs, ys, covered, node)
    return Polygon() if traced is None else _assemble(*traced)


def _rings(
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    covered: NDArray[np.bool_],
    node: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.bool_]] | None:
    """Trace the rings of the ``covered`` cells (see :func:`_polygons`); None if there are none.

    Returns each ring's points in order, ring by ring, the ring of each point and whether
    each ring is a shell (covered cells on its left).
    """
    nx, ny = len(xs), len(ys)
    cells = np.zeros((nx + 1, ny + 1), dtype=bool)
    cells[1:nx, 1:ny] = covered
    # The four cells around each grid point.
    ne, nw, se, sw = cells[1:, 1:], cells[:-1, 1:], cells[1:, :-1], cells[:-1, :-1]
    # On the boundary unless all four agree; straight through where two side by side are
    # covered and the other two not (else a corner, or a pinch: two diagonal cells covered).
    across, up = ne == nw, ne == se
    level = (across & (se == sw)) | (up & (nw == sw))
    boundary = ~(across & up & (ne == sw))
    straight = level & boundary
    kept = boundary & (~straight | node)
    ki, kj = np.nonzero(kept)  # sorted by i, then j
    if not len(ki):
        return None
    # The boundary edges that leave each kept point, covered cells on their left: east, north,
    # west, south; two ways only at a pinch.
    k_ne, k_nw, k_sw, k_se = ne[ki, kj], nw[ki, kj], sw[ki, kj], se[ki, kj]
    leaves = np.stack([k_ne & ~k_se, k_nw & ~k_ne, k_sw & ~k_nw, k_se & ~k_sw])
    count = leaves.sum(axis=0)
    n_kept = len(ki)
    by_col = ki * ny + kj  # ascending
    order_row = np.lexsort((ki, kj))
    by_row = (kj * nx + ki)[order_row]
    # Half-edges: a kept point and a direction it is left in.
    d_of, k_of = np.nonzero(leaves)
    hid = np.full((n_kept, 4), -1, dtype=np.int64)
    hid[k_of, d_of] = np.arange(len(k_of))
    # The next kept point in the half-edge's direction (the boundary runs straight to it).
    i, j = ki[k_of], kj[k_of]
    target = np.empty(len(k_of), dtype=np.int64)
    for d in range(4):
        at = d_of == d
        if d in (0, 2):
            key = j[at] * nx + i[at]
            pos = np.searchsorted(by_row, key) + (1 if d == 0 else -1)
            target[at] = order_row[pos]
        else:
            key = i[at] * ny + j[at]
            pos = np.searchsorted(by_col, key) + (1 if d == 1 else -1)
            target[at] = pos
    # Leave the target the one way it is left, or, where two ways are (two covered cells
    # meeting at a point), as GEOS's minimal rings do: by the left turn, which keeps the two
    # cells' rings apart, when nothing else joins the cells (two polygons touching at the
    # point); by the right turn, which closes the two uncovered cells' rings at the point,
    # when the cells are joined elsewhere (a hole touching its shell, or two holes touching).
    single = np.argmax(leaves, axis=0)
    turn = single[target]
    pinch = count[target] == 2
    if pinch.any():
        label = ndimage.label(covered)[0]
        pi, pj = ki[target[pinch]], kj[target[pinch]]
        rising = covered[pi, pj]  # the cells north-east and south-west of the point
        joined = np.where(
            rising,
            label[pi, pj] == label[pi - 1, pj - 1],
            label[pi - 1, pj] == label[pi, pj - 1],
        )
        turn[pinch] = np.where(joined, d_of[pinch] + 3, d_of[pinch] + 1) % 4
    following = hid[target, turn]
    seq, ring_of = _cycles(following)
    xy = np.stack([xs[ki[k_of[seq]]], ys[kj[k_of[seq]]]], axis=1)
    # A shell (covered cells on its left) turns left four times more than right, a hole four
    # times less: exact, unlike a shoelace sum for a sliver. 1: a left turn, 3: a right one.
    turn = (d_of[following] - d_of) % 4
    shell = np.bincount(ring_of, (turn[seq] == 1).astype(float) - (turn[seq] == 3)) > 0
    return xy, ring_of, shell


def _cycles(following: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return the cycles of the permutation ``following``.

    Its elements cycle by cycle, each cycle from its smallest element on, and the cycle of
    each (cycles numbered in the order of their smallest elements).
    """
    n = len(following)
    label = np.arange(n)
    ptr = following
    while True:  # each cycle's smallest element, by pointer doubling
        smaller = np.minimum(label, label[ptr])
        if np.array_equal(smaller, label) and np.array_equal(label, label[ptr]):
            break
        label, ptr = smaller, ptr[ptr]
    head = label == np.arange(n)
    # Steps from each element on to its cycle's head (pointer doubling, stopped at the head).
    ptr = np.where(head, np.arange(n), following)
    steps = (~head).astype(np.int64)
    while True:
        more = steps[ptr]
        if not more.any():
            break
        steps, ptr = steps + more, ptr[ptr]
    length = np.bincount(label, minlength=n)[label]
    order = np.lexsort(((length - steps) % length, label))
    ring_of = np.cumsum(head[order]) - 1
    return order, ring_of


def _assemble(
    xy: NDArray[np.float64], ring_of: NDArray[np.int64], shell: NDArray[np.bool_]
) -> BaseGeometry:
    """Return the polygons of the rings (each a ``shell``, else a hole), normalised."""
    rings, px, py, area = _ring_shapes(xy, ring_of)
    shells, holes = np.nonzero(shell)[0], np.nonzero(~shell)[0]
    owner = _owners(rings, px, py, area, shells, holes)
    return _grouped(rings, shells, holes, np.maximum(owner, 0))


def _ring_shapes(
    xy: NDArray[np.float64], ring_of: NDArray[np.int64]
) -> tuple[NDArray[np.object_], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return the rings (points ``xy``, ring by ring), a point in each first edge, the areas."""
    count = np.bincount(ring_of)
    start = np.cumsum(count) - count
    nxt = np.arange(len(xy)) + 1
    nxt[start + count - 1] = start
    # Each ring's area (shoelace, from its first point: fine to pick the smallest shell).
    rel = xy - xy[start][ring_of]
    area = np.abs(np.bincount(ring_of, rel[:, 0] * rel[nxt, 1] - rel[nxt, 0] * rel[:, 1]))
    # Close each ring (its first point again at its end) for shapely.linearrings.
    closed = np.insert(xy, start + count, xy[start], axis=0)
    closed_ring = np.repeat(np.arange(len(count)), count + 1)
    rings = shapely.linearrings(closed, indices=closed_ring)
    px = (xy[start, 0] + xy[nxt[start], 0]) / 2.0
    py = (xy[start, 1] + xy[nxt[start], 1]) / 2.0
    return rings, px, py, area


def _owners(
    rings: NDArray[np.object_],
    px: NDArray[np.float64],
    py: NDArray[np.float64],
    area: NDArray[np.float64],
    outer: NDArray[np.int64],
    inner: NDArray[np.int64],
) -> NDArray[np.int64]:
    """For each ring of ``inner``, the smallest ring of ``outer`` around it (-1: none).

    A point inside each inner ring's first edge (``px``, ``py``) lies strictly inside or
    outside every other ring (rings meet only at their vertices); returned as positions in
    ``outer``.
    """
    owner = np.full(len(inner), -1, dtype=np.int64)
    if not len(inner) or not len(outer):
        return owner
    outer_polys = shapely.polygons(rings[outer])
    sb = shapely.bounds(rings[outer])
    qx, qy = px[inner], py[inner]
    h, s = np.nonzero(
        (sb[None, :, 0] <= qx[:, None])
        & (sb[None, :, 2] >= qx[:, None])
        & (sb[None, :, 1] <= qy[:, None])
        & (sb[None, :, 3] >= qy[:, None])
    )
    inside = shapely.contains_xy(outer_polys[s], qx[h], qy[h])
    h, s = h[inside], s[inside]
    pick = np.lexsort((area[outer][s], h))
    h, s = h[pick], s[pick]
    first = np.ones(len(h), dtype=bool)
    first[1:] = h[1:] != h[:-1]
    owner[h[first]] = s[first]
    return owner


def _grouped(
    rings: NDArray[np.object_],
    outer: NDArray[np.int64],
    inner: NDArray[np.int64],
    owner: NDArray[np.int64],
) -> BaseGeometry:
    """Return the normalised polygons of shells ``outer``, each with the ``inner`` rings it owns.

    ``owner``: the position in ``outer`` of each inner ring's shell (-1: left out).
    """
    keep = owner >= 0
    inner, owner = inner[keep], owner[keep]
    # Each polygon's shell, then its holes.
    polygon_of = np.concatenate([np.arange(len(outer)), owner])
    members = np.concatenate([outer, inner])
    rank = np.concatenate([np.zeros(len(outer)), np.ones(len(inner))])
    order = np.lexsort((rank, polygon_of))
    polygons = shapely.polygons(rings[members[order]], indices=polygon_of[order])
    result = polygons[0] if len(polygons) == 1 else shapely.multipolygons(polygons)
    return shapely.normalize(result)
