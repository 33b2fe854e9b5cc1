"""Whether boxes lie inside a floor, settled from the floor's cells where that is certain.

The floor's boundary edges are each bounded by a box; the distinct x and y of those boxes cut
the plane into cells (padded with infinite ones outside). An edge box of positive area marks
the cells it covers *dirty*; every other cell's interior meets no boundary, so it lies wholly
in the floor's interior or wholly outside: inside when an odd number of edges crossing its row
lie to its left (the crossing rule, counted from the edges' boxes alone, no arithmetic on
coordinates). A box over clean inside cells only is inside the floor; a box over some clean
outside cell is not; every other box (over dirty cells, none outside) is left to GEOS. So every
answer is the one ``shapely.contains`` gives: the certain ones are certain (comparisons of the
same floats GEOS compares), the doubtful ones come from GEOS itself.

An axis-parallel edge has a box of zero area, so a rectilinear floor has no dirty cells: then
only boxes crossing the boundary's tiny off-axis edges (a frame turned by 90° leaves ~1e-16 m
of slant) go to GEOS. Making the cells costs about what GEOS spends on a few hundred boxes, so
a floor makes them for its first batch of :data:`MANY` boxes (a lounge's greedy grid).

:func:`fits` (a module's envelope in the net floor, its pieces clear of the door zones) uses
the cells when made; :func:`fits_once` tests each distinct origin of a batch once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from spacedesign.capacity.layout import Module

__all__ = ["FIT", "FloorCells", "fits", "fits_once", "inside_boxes"]

FIT = 1e-7
"""A box fits a floor when it does after shrinking by this much (m) on every side: a module as
wide as the floor fits whatever rounding the coordinates carry."""

FEW = 16
"""Boxes tested by GEOS alone (the cells' lookups cost about as much as GEOS on so few)."""

MANY = 300
"""Boxes of the first batch that makes a floor's cells (smaller batches before it go to GEOS:
the cells cost about as much to make as GEOS spends on a few hundred boxes)."""

_OUT = 1 << 20
"""Weight of a clean outside cell in the cells' prefix sums (a dirty cell weighs 1): a box's
sum is 0 when it covers clean inside cells only, at least this when it covers an outside one."""


_INF = np.array([-np.inf, np.inf])


class FloorCells:
    """A floor's cells (see the module doc), made for the first batch of :data:`MANY` boxes."""

    def __init__(self, floor: BaseGeometry) -> None:
        self.floor = floor
        self._made = False
        self._xb = self._yb = np.zeros(0)
        self._sums: tuple[np.ndarray, ...] = ()

    def _make(self) -> None:
        self._made = True
        kind = shapely.get_type_id(self.floor)
        if kind not in (3, 6) or not shapely.is_valid(self.floor):
            return  # not a valid (multi)polygon: GEOS answers every box
        parts = self.floor if kind == 3 else shapely.get_parts(self.floor)
        xy, ring = shapely.get_coordinates(shapely.get_rings(parts), return_index=True)
        same = ring[1:] == ring[:-1]
        a, b = xy[:-1][same], xy[1:][same]
        n = a.shape[0]
        if n == 0:
            return
        # the edges' boxes; the cells' cuts are their sides' distinct x and y, and -inf, inf
        xs = np.concatenate([np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 0], b[:, 0])])
        ys = np.concatenate([np.minimum(a[:, 1], b[:, 1]), np.maximum(a[:, 1], b[:, 1])])
        xb = np.unique(np.concatenate([xs, _INF]))
        yb = np.unique(np.concatenate([ys, _INF]))
        xi, yi = np.searchsorted(xb, xs), np.searchsorted(yb, ys)
        c0, c1, r0, r1 = xi[:n], xi[n:], yi[:n], yi[n:]
        cols, rows = np.arange(xb.size - 1), np.arange(yb.size - 1)
        in_rows = ((r0[:, None] <= rows) & (rows < r1[:, None])).astype(np.int64)
        in_cols = ((c0[:, None] <= cols) & (cols < c1[:, None])).astype(np.int64)
        left = (c1[:, None] <= cols).astype(np.int64)
        dirty = (in_rows.T @ in_cols) > 0
        inside = (in_rows.T @ left) % 2 == 1
        weight = np.where(dirty, 1, np.where(inside, 0, _OUT))
        # sums[j, k]: the weights of the cells in rows < j and columns < k; a box's interior
        # meets the cells of rows p - 1 .. q - 1 and columns s - 1 .. t - 1, where p and s are
        # the searches of its low side ("right") and q and t those of its high side ("left"):
        # its weight is sums[q, t] - sums[p - 1, t] - sums[q, s - 1] + sums[p - 1, s - 1],
        # read from copies shifted by one row or column so the searches index them directly
        sums = np.zeros((rows.size + 2, cols.size + 2), dtype=np.int64)
        sums[2:, 2:] = weight.cumsum(0).cumsum(1)
        self._xb, self._yb = xb, yb
        self._sums = (sums[1:, 1:], sums[:-1, 1:], sums[1:, :-1], sums[:-1, :-1])

    @property
    def ready(self) -> bool:
        """Whether the cells are made (and settle boxes without GEOS)."""
        return bool(self._sums)

    def inside(self, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray,
               y1: np.ndarray) -> np.ndarray:
        """Whether each box (already shrunk by :data:`FIT`) lies inside the floor."""
        if not self._made and x0.size >= MANY:
            self._make()
        if not self._sums:
            return np.asarray(shapely.contains(self.floor, shapely.box(x0, y0, x1, y1)),
                              dtype=bool)
        xb, yb = self._xb, self._yb
        high, low_row, low_col, low = self._sums
        s = np.searchsorted(xb, x0, side="right")
        t = np.searchsorted(xb, x1, side="left")
        p = np.searchsorted(yb, y0, side="right")
        q = np.searchsorted(yb, y1, side="left")
        total = high[q, t] - low_row[p, t] - low_col[q, s] + low[p, s]
        out = total == 0
        doubt = np.flatnonzero(((total > 0) & (total < _OUT)) | (x1 <= x0) | (y1 <= y0))
        if doubt.size:
            out[doubt] = shapely.contains(self.floor, shapely.box(
                x0[doubt], y0[doubt], x1[doubt], y1[doubt]))
        return np.asarray(out, dtype=bool)


def inside_boxes(floor: BaseGeometry, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray,
                 y1: np.ndarray, cells: FloorCells | None = None) -> np.ndarray:
    """Whether each box ``(x0, y0, x1, y1)`` lies inside ``floor``, to within :data:`FIT`.

    ``cells`` (the floor's :class:`FloorCells`) settles the certain answers of a batch of more
    than :data:`FEW` boxes without GEOS (the same answers).
    """
    a, b, c, d = x0 + FIT, y0 + FIT, x1 - FIT, y1 - FIT
    if cells is not None and a.size > FEW:
        return cells.inside(a, b, c, d)
    return np.asarray(shapely.contains(floor, shapely.box(a, b, c, d)), dtype=bool)


def fits(
    net: BaseGeometry, free: BaseGeometry, module: Module, xs: np.ndarray, ys: np.ndarray,
    cuts: np.ndarray | None = None, cells: tuple[FloorCells, FloorCells] | None = None,
) -> np.ndarray:
    """Envelope inside the net floor and every piece outside door zones, per origin.

    ``cuts`` (bounds of ``net − free``, the door zones) lets pieces inside the envelope that lie
    clear of every cut skip the polygon test: inside the net and outside the zones they are
    inside the free floor. ``cells`` (the net and free floors' :class:`FloorCells`) settle
    the certain answers of larger batches without GEOS.
    """
    net_cells, free_cells = cells or (None, None)
    ex0, ey0, ex1, ey1 = module.envelope
    ok = inside_boxes(net, xs + ex0, ys + ey0, xs + ex1, ys + ey1, net_cells)
    idx = np.flatnonzero(ok)
    if idx.size == 0 or not module.parts:
        return ok
    # every part's box at every origin whose envelope fits: a row per part
    rects = module.part_rects
    ox, oy = xs[idx], ys[idx]
    bx0, by0 = ox + rects[:, 0:1], oy + rects[:, 1:2]
    bx1, by1 = ox + rects[:, 2:3], oy + rects[:, 3:4]
    if cuts is None:
        test = np.ones(bx0.shape, dtype=bool)
    else:
        test = np.repeat(~module.parts_in_envelope[:, None], idx.size, axis=1)
        for cx0, cy0, cx1, cy1 in cuts:
            test |= (bx0 <= cx1) & (bx1 >= cx0) & (by0 <= cy1) & (by1 >= cy0)
    alive = np.ones(idx.size, dtype=bool)
    if free_cells is not None and free_cells.ready:
        # the cells answer boxes at almost no cost: every part's boxes in one call
        part, col = np.nonzero(test)
        inside = inside_boxes(free, bx0[part, col], by0[part, col], bx1[part, col],
                              by1[part, col], free_cells)
        alive[col[~inside]] = False
    else:
        # part by part, each testing only the origins the parts before it left
        for k in range(rects.shape[0]):
            col = np.flatnonzero(alive & test[k])
            if col.size:
                inside = inside_boxes(free, bx0[k, col], by0[k, col], bx1[k, col],
                                      by1[k, col], free_cells)
                alive[col[~inside]] = False
                if not alive.any():
                    break
    ok[idx[~alive]] = False
    return ok


def fits_once(
    net: BaseGeometry, free: BaseGeometry, module: Module, xs: np.ndarray, ys: np.ndarray,
    cuts: np.ndarray | None = None, cells: tuple[FloorCells, FloorCells] | None = None,
) -> np.ndarray:
    """Return :func:`fits` of the origins, each distinct origin tested once.

    An origin's answer depends on its coordinates alone (equal coordinates of either sign of
    zero give the same boxes), so copies share the answer of the first.
    """
    key = np.empty(xs.size, dtype=complex)
    key.real, key.imag = xs, ys
    _, first, back = np.unique(key, return_index=True, return_inverse=True)
    return fits(net, free, module, xs[first], ys[first], cuts, cells)[back.ravel()]
