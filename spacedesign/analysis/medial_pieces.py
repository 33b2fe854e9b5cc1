"""Medial graphs of many polygons at once (the pieces of a level's free space).

:func:`medial_graphs` gives :func:`~spacedesign.analysis.medial.medial_graph` of each polygon,
bit for bit, with the work that is computed value by value (sampling, circumcentres, inside
tests, subdivision, clearances) done once for all of them; qhull still runs once per polygon.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.spatial import Delaunay
from shapely.geometry import Polygon

from spacedesign.analysis import medial
from spacedesign.analysis.medial import (
    _EMPTY,
    DEFAULT_SPACING,
    DEFAULT_STEP,
    MedialGraph,
    _circumcentres,
    _Ints,
    _ring_samples,
    _shared_edges,
    _subdivide,
)

__all__ = ["medial_graphs"]


def _ridges_of_pieces(
    polygons: list[Polygon], samples: NDArray[np.float64], bounds: NDArray[np.int64]
) -> tuple[NDArray[np.float64], _Ints, _Ints, _Ints] | None:
    """Return the inner ridges of every piece (samples ``bounds[j]:bounds[j + 1]``), joined.

    What ``medial._inner_ridges`` keeps of each piece. qhull runs once per piece, on the
    coordinates ``_inner_ridges`` gives it; the circumcentres, the ridges and the inside tests,
    computed value by value, run once over all the pieces (the same values, without their
    fixed cost per piece). Returns the vertices
    (every piece's, in piece order), the kept ridges and their sites (global indices), and the
    piece of each vertex; None when no ridge is kept.
    """
    shifted = np.zeros_like(samples)
    origins, simplices, neighbours, piece_of = [], [], [], []
    n_tri = 0
    for j in range(len(polygons)):
        lo, hi = int(bounds[j]), int(bounds[j + 1])
        if hi - lo < 4:
            continue
        block = samples[lo:hi]
        origin = np.array([block[:, 0].min(), block[:, 1].min()])
        shifted[lo:hi] = block - origin + medial._jitter(hi - lo)
        tri = Delaunay(shifted[lo:hi])
        simplices.append(tri.simplices + lo)
        neighbours.append(np.where(tri.neighbors >= 0, tri.neighbors + n_tri, -1))
        origins.append(np.broadcast_to(origin, (len(tri.simplices), 2)))
        piece_of.append(np.full(len(tri.simplices), j, dtype=np.int64))
        n_tri += len(tri.simplices)
    if not n_tri:
        return None
    simplex = np.concatenate(simplices)
    neighbour = np.concatenate(neighbours)
    vertex_piece = np.concatenate(piece_of)
    vertices = _circumcentres(shifted, simplex) + np.concatenate(origins)
    ridges, sites = _shared_edges(simplex, neighbour)
    pieces = np.array(polygons, dtype=object)
    shapely.prepare(pieces)
    vertex_inside = shapely.contains_xy(pieces[vertex_piece], vertices[:, 0], vertices[:, 1])
    inside = vertex_inside[ridges].all(axis=1)
    ridges, sites = ridges[inside], sites[inside]
    mid = (vertices[ridges[:, 0]] + vertices[ridges[:, 1]]) / 2.0
    keep = shapely.contains_xy(pieces[vertex_piece[ridges[:, 0]]], mid[:, 0], mid[:, 1])
    if not keep.any():
        return None
    return vertices, ridges[keep], sites[keep], vertex_piece


def medial_graphs(
    polygons: Sequence[Polygon], spacing: float = DEFAULT_SPACING, step: float = DEFAULT_STEP
) -> list[MedialGraph]:
    """Return :func:`.medial_graph` of each polygon, the same graphs, computed together.

    Each polygon keeps its own samples and its own Voronoi diagram (qhull runs once per
    polygon); the sampling, the circumcentres, the inside tests, the ridges' subdivision and
    the clearances, which are computed value by value, run once over all of them, which saves
    their fixed cost per call when a level's free space is split into many small pieces.
    """
    out = [_EMPTY] * len(polygons)
    live = [k for k, p in enumerate(polygons) if not p.is_empty and p.area > 1e-9]
    if not live:
        return out
    parts = shapely.normalize(np.array([polygons[k] for k in live], dtype=object))
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    samples, prev, nxt, ring_of = _ring_samples(rings, spacing)
    sample_part = ring_part[ring_of]
    bounds = np.searchsorted(sample_part, np.arange(len(live) + 1))
    found = _ridges_of_pieces([polygons[k] for k in live], samples, bounds)
    if found is None:
        return out
    vertices, ridges, sites, vertex_piece = found
    vertex_owner = np.asarray(live, dtype=np.int64)[vertex_piece]
    ridge_owner = vertex_owner[ridges[:, 0]]
    xy, edges, clearance, used, ridge_of = _subdivide(
        vertices, ridges, sites, samples, prev, nxt, step
    )
    node_owner = np.concatenate([vertex_owner[used], ridge_owner[ridge_of]])
    edge_owner = node_owner[edges[:, 0]]
    local = np.zeros(len(xy), dtype=np.int64)
    for k in np.unique(ridge_owner).tolist():
        nodes = np.nonzero(node_owner == k)[0]
        local[nodes] = np.arange(len(nodes))
        out[k] = MedialGraph(xy[nodes], local[edges[edge_owner == k]], clearance[nodes])
    return out
