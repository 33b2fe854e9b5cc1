"""Clear width between two places in a polygon (the widest route's narrowest point).

The width is measured on the medial graph (:mod:`spacedesign.analysis.medial`): a wheelchair of
width ``w`` gets from ``start`` to ``end`` when a disc of diameter ``w`` can slide from one to
the other inside the polygon; the largest such ``w`` is the clear width. Accuracy: see
:mod:`spacedesign.analysis.medial` (under-estimates by at most a few millimetres).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.memo import ShapeMemo, medial_memo
from spacedesign.analysis.network import TOUCH, Region
from spacedesign.analysis.routes import widest_from

__all__ = ["ClearWidth", "clear_width", "ramp_clear_width"]


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
    """
    graph = medial_memo(polygon)
    if graph.size == 0:
        return ClearWidth(0.0, None)
    region = Region("clear-width", 0, graph.xy, graph.clearance)
    a_geom = start if isinstance(start, BaseGeometry) else Point(start)
    b_geom = end if isinstance(end, BaseGeometry) else Point(end)
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


def _ramp_clear_width(
    polygon: BaseGeometry, start: tuple[float, float], end: tuple[float, float]
) -> float:
    if not polygon.is_valid:
        polygon = polygon.buffer(0.0)
    result = clear_width(polygon, start, end)
    run = math.dist(start, end)
    if run > 0 and result.width >= 0.95 * run:
        return float(max(result.width, polygon.area / run))
    return float(result.width)


#: Ramp widths by the exact outline and ends: the site is the same in every generated scenario.
_RAMP_WIDTH = ShapeMemo(_ramp_clear_width, 64)


def ramp_clear_width(
    polygon: BaseGeometry, start: tuple[float, float], end: tuple[float, float]
) -> float:
    """Clear width of a ramp between its ends, memoised by its exact outline and ends.

    Parameters
    ----------
    polygon : BaseGeometry
        The ramp's outline.
    start, end : (float, float)
        Where the ramp is entered (its two ends).

    Returns
    -------
    float
        :func:`clear_width` from ``start`` to ``end`` (m); a ramp at least 95 % as wide as it
        is long counts its area divided by its run when that is more.
    """
    return _RAMP_WIDTH(polygon, start, end)
