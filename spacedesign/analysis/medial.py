"""Approximate medial axis of a free-space polygon, as a graph with clear widths at its nodes.

Method
------
The boundary of the free space is sampled every ``spacing`` metres; the Voronoi diagram of the
samples is computed (qhull, via scipy); the Voronoi edges lying inside the polygon form the
medial axis
(the centre line of every passage). Each edge is subdivided every ``step`` metres and every node
gets its *clearance*: the exact distance to the true (unsampled) boundary, found with an R-tree
of boundary segments. The clear width of a passage at a node is twice its clearance.

Accuracy: between two parallel walls ``W`` apart the Voronoi vertices stray at most
``spacing² / (8 W)`` from the centre line, so a width is under-estimated by at most
``spacing² / (4 W)`` (5 mm for the default 0.15 m spacing at W = 1.0 m); between samples along an
edge the error is ``step² / (8 c)`` (≤ 2 mm). Widths are never over-estimated, because every
clearance is a true distance from a point inside the polygon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.spatial import Voronoi
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["MedialGraph", "boundary_tree", "clearance_at", "medial_graph"]

DEFAULT_SPACING = 0.15
DEFAULT_STEP = 0.1


@dataclass(frozen=True)
class MedialGraph:
    """Nodes (``xy``), undirected ``edges`` (index pairs) and the ``clearance`` of every node."""

    xy: NDArray[np.float64]
    edges: NDArray[np.int64]
    clearance: NDArray[np.float64]

    @property
    def size(self) -> int:
        """Number of nodes."""
        return int(self.xy.shape[0])


def _rings(polygon: BaseGeometry) -> list[LineString]:
    rings: list[LineString] = []
    for part in getattr(polygon, "geoms", [polygon]):
        if isinstance(part, Polygon) and not part.is_empty:
            rings.append(LineString(part.exterior.coords))
            rings += [LineString(r.coords) for r in part.interiors]
    return rings


def boundary_tree(polygon: BaseGeometry) -> shapely.STRtree:
    """Return an R-tree of the boundary segments of ``polygon`` (for :func:`clearance_at`)."""
    segments: list[NDArray[np.float64]] = []
    for ring in _rings(polygon):
        coords = np.asarray(ring.coords, dtype=float)
        if len(coords) >= 2:
            segments.append(np.stack([coords[:-1], coords[1:]], axis=1))
    if not segments:
        return shapely.STRtree([])
    segs = np.concatenate(segments)
    return shapely.STRtree(shapely.linestrings(segs))


def clearance_at(tree: shapely.STRtree, xy: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the distance from each point of ``xy`` to the nearest segment in ``tree``."""
    if len(xy) == 0:
        return np.zeros(0)
    if len(tree) == 0:
        return np.full(len(xy), np.inf)
    points = shapely.points(xy)
    index, dist = tree.query_nearest(points, return_distance=True, all_matches=False)
    out = np.full(len(xy), np.inf)
    out[index[0]] = dist
    return out


def medial_graph(
    polygon: BaseGeometry, spacing: float = DEFAULT_SPACING, step: float = DEFAULT_STEP
) -> MedialGraph:
    """Return the medial graph of ``polygon`` (Polygon or MultiPolygon)."""
    empty = MedialGraph(np.zeros((0, 2)), np.zeros((0, 2), dtype=np.int64), np.zeros(0))
    rings = _rings(polygon)
    if not rings or polygon.area <= 1e-9:
        return empty
    samples = np.concatenate(
        [shapely.get_coordinates(shapely.segmentize(r, spacing))[:-1] for r in rings]
    )
    samples = np.unique(np.round(samples, 9), axis=0)
    if len(samples) < 3:
        return empty
    voronoi = Voronoi(samples)
    ridges = np.asarray(voronoi.ridge_vertices, dtype=np.int64)
    ridges = ridges[(ridges >= 0).all(axis=1)]
    vertices = np.asarray(voronoi.vertices, dtype=float)
    shapely.prepare(polygon)
    vertex_inside = shapely.covers(polygon, shapely.points(vertices))
    ridges = ridges[vertex_inside[ridges].all(axis=1)]
    lines = shapely.linestrings(np.stack([vertices[ridges[:, 0]], vertices[ridges[:, 1]]], axis=1))
    keep = shapely.contains(polygon, lines) if len(ridges) else np.zeros(0, dtype=bool)
    ridges = ridges[keep]
    if len(ridges) == 0:
        return empty
    a, b = vertices[ridges[:, 0]], vertices[ridges[:, 1]]
    length = np.hypot(*(b - a).T)
    pieces = np.maximum(1, np.ceil(length / step).astype(np.int64))
    counts = pieces + 1
    seg_of = np.repeat(np.arange(len(a)), counts)
    starts = np.cumsum(counts) - counts
    k = np.arange(int(counts.sum())) - np.repeat(starts, counts)
    frac = (k / np.repeat(pieces, counts))[:, None]
    points = a[seg_of] + (b[seg_of] - a[seg_of]) * frac
    xy, inverse = np.unique(np.round(points, 7), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    not_last = k < np.repeat(pieces, counts)
    first = np.nonzero(not_last)[0]
    edges = np.stack([inverse[first], inverse[first + 1]], axis=1)
    edges = edges[edges[:, 0] != edges[:, 1]]
    edges = np.unique(np.sort(edges, axis=1), axis=0)
    clearance = clearance_at(boundary_tree(polygon), xy)
    return MedialGraph(xy.astype(float), edges.astype(np.int64), clearance)
