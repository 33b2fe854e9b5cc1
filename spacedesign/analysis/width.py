"""Clear width between two places in a polygon (the widest route's narrowest point).

The width is measured on the medial graph (:mod:`spacedesign.analysis.medial`): a wheelchair of
width ``w`` gets from ``start`` to ``end`` when a disc of diameter ``w`` can slide from one to
the other inside the polygon; the largest such ``w`` is the clear width. Accuracy: see
:mod:`spacedesign.analysis.medial` (under-estimates by at most a few millimetres).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.memo import ShapeMemo, medial_memo
from spacedesign.analysis.network import TOUCH, Region
from spacedesign.analysis.routes import widest_from

__all__ = ["ClearWidth", "clear_width"]


@dataclass(frozen=True)
class ClearWidth:
    """``width`` (m, 0 when there is no way through) and the narrowest ``location``."""

    width: float
    location: tuple[float, float] | None


def clear_width(
    polygon: BaseGeometry,
    start: tuple[float, float] | BaseGeometry,
    end: tuple[float, float] | BaseGeometry,
) -> ClearWidth:
    """Return the clear width of the widest way from ``start`` to ``end`` inside ``polygon``.

    ``start`` and ``end`` are points or geometries (e.g. a door gap); they may lie on the
    boundary. The width counts the passage only: it is limited by the polygon, not by how the
    ends are shaped.

    Memoised by the exact polygon and ends (a site's ramps are measured once for every
    scenario of the building); a hit is the result a fresh measurement gives.
    """
    return _WIDTHS(polygon, _end_key(start), _end_key(end))


_End = tuple[float, float] | bytes


def _end_key(end: tuple[float, float] | BaseGeometry) -> _End:
    """Return an end as exact content: a point's coordinates, or a geometry's WKB."""
    if isinstance(end, BaseGeometry):
        return bytes(shapely.to_wkb(end))
    x, y = end
    return (float(x), float(y))


def _measure(polygon: BaseGeometry, start: _End, end: _End) -> ClearWidth:
    """Measure :func:`clear_width` between ends as :func:`_end_key` gives them."""
    graph = medial_memo(polygon)
    if graph.size == 0:
        return ClearWidth(0.0, None)
    region = Region("clear-width", 0, graph.xy, graph.clearance)
    a_geom = shapely.from_wkb(start) if isinstance(start, bytes) else Point(start)
    b_geom = shapely.from_wkb(end) if isinstance(end, bytes) else Point(end)
    a_nodes = region.touching(a_geom, TOUCH)
    b_nodes = region.touching(b_geom, TOUCH)
    if len(a_nodes) == 0 or len(b_nodes) == 0:
        return ClearWidth(0.0, None)
    n = graph.size
    source = n
    weight = np.append(graph.clearance, np.inf)
    edges = np.concatenate([graph.edges, np.stack([np.full(len(a_nodes), source), a_nodes], 1)])
    value, where = widest_from(edges, np.minimum(weight, 1e6), source)
    k = int(b_nodes[np.argmax(value[b_nodes])])
    best = float(value[k])
    if best <= 0:
        return ClearWidth(0.0, None)
    loc = int(where[k]) if where[k] >= 0 else k
    x, y = graph.xy[loc] if loc < n else graph.xy[k]
    return ClearWidth(2.0 * best, (float(x), float(y)))


#: Clear widths by exact polygon and ends (bounded; least recently used dropped).
_WIDTHS: ShapeMemo[ClearWidth] = ShapeMemo(_measure, limit=64)
