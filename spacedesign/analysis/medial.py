"""Approximate medial axis of a free-space polygon, as a graph with clear widths at its nodes.

Method
------
The boundary of the free space is sampled every ``spacing`` metres; the Voronoi diagram of the
samples is read off their Delaunay triangulation (qhull, via scipy: triangle circumcentres are
its vertices); the Voronoi edges lying inside the polygon form the medial axis (the centre line
of every passage). Each edge is subdivided every ``step`` metres and every node
gets its *clearance*: the exact distance to the true (unsampled) boundary, found with an R-tree
of boundary segments. The clear width of a passage at a node is twice its clearance.

Accuracy: sampling pushes Voronoi vertices off the centre line by up to ``spacing² / (8 W)``;
each ridge point is therefore re-centred between the nearest boundary points of its two sites
and its clearance evaluated there (exact distances to the local boundary segments). Measured
over random rotated corridors, notches and round columns: widths within 1 mm of the exact value
(tests/analysis/test_medial_accuracy.py allows 2 mm over, 2 cm under).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.spatial import Delaunay
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["MedialGraph", "boundary_tree", "clearance_at", "medial_graph"]

DEFAULT_SPACING = 0.3
DEFAULT_STEP = 0.3


@dataclass(frozen=True)
class MedialGraph:
    """Nodes (``xy``), undirected ``edges`` (index pairs) and the ``clearance`` of every node.

    ``spans``: for graphs of several polygons side by side, the first node of each polygon's
    graph and the node count at the end (None: one graph). ``x_order``: see
    :attr:`~spacedesign.analysis.network.Region.x_order`.
    """

    xy: NDArray[np.float64]
    edges: NDArray[np.int64]
    clearance: NDArray[np.float64]
    spans: NDArray[np.int64] | None = None
    x_order: NDArray[np.int64] | None = None

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


def _recentred_clearance(
    points: NDArray[np.float64],
    samples: NDArray[np.float64],
    prev: NDArray[np.int64],
    nxt: NDArray[np.int64],
    p: NDArray[np.int64],
    q: NDArray[np.int64],
) -> NDArray[np.float64]:
    """Clearance of each ridge point, re-centred between the ridge's two sides.

    A ridge point lies between its sites ``p`` and ``q``; the true boundary points nearest to it
    lie on the boundary segments next to them. Sampling pushes the point a little off the centre
    line (at most ``spacing² / (8 W)``), so the clearance is also evaluated at the midpoint of the
    nearest points on the two sides, and the larger value is kept (both are exact distances to
    the local boundary).
    """
    sx, sy = samples[:, 0], samples[:, 1]
    # The four boundary segments next to the two sites, one row each: start (x, y), direction,
    # squared length (x and y kept apart: the same arithmetic as row sums of (n, 2) arrays).
    start = np.stack([prev[p], p, prev[q], q])
    end = np.stack([p, nxt[p], q, nxt[q]])
    ax, ay = sx[start], sy[start]
    ux, uy = sx[end] - ax, sy[end] - ay
    length2 = np.maximum(ux * ux + uy * uy, 1e-18)

    def feet(
        x: NDArray[np.float64], y: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        t = np.clip(((x - ax) * ux + (y - ay) * uy) / length2, 0.0, 1.0)
        return ax + ux * t, ay + uy * t

    px, py = points[:, 0], points[:, 1]
    fx, fy = feet(px, py)
    dist = np.hypot(px - fx, py - fy)
    side_p = dist[0] <= dist[1]
    side_q = dist[2] <= dist[3]
    mx = (np.where(side_p, fx[0], fx[1]) + np.where(side_q, fx[2], fx[3])) / 2.0
    my = (np.where(side_p, fy[0], fy[1]) + np.where(side_q, fy[2], fy[3])) / 2.0
    here = dist.min(axis=0)
    gx, gy = feet(mx, my)
    centred = np.hypot(mx - gx, my - gy).min(axis=0)
    return np.asarray(np.maximum(here, centred), dtype=float)


def _samples(
    polygon: BaseGeometry, spacing: float
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Boundary samples in ring order, with the index of each sample's neighbours."""
    # normalize() starts every ring at its lowest-leftmost vertex, so the sampling phase (and the
    # widths measured between samples) does not depend on how a boolean operation happened to
    # order the ring, nor on where the plan sits in the world.
    parts = shapely.get_parts(shapely.normalize(polygon))
    return _ring_samples(shapely.get_rings(parts), spacing)[:3]


def _ring_samples(
    rings: NDArray[np.object_], spacing: float
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Sample ``rings`` as :func:`_samples` does; also return the ring of each sample."""
    vertices, ring_of = shapely.get_coordinates(rings, return_index=True)
    same = ring_of[1:] == ring_of[:-1]
    a, b = vertices[:-1][same], vertices[1:][same]
    seg_ring = ring_of[:-1][same]
    length = np.hypot(*(b - a).T)
    nonzero = length > 1e-12
    a, b, seg_ring, length = a[nonzero], b[nonzero], seg_ring[nonzero], length[nonzero]
    if len(a) == 0:
        none = np.zeros(0, dtype=np.int64)
        return np.zeros((0, 2)), none, none, none
    # Each wall segment is split into equal pieces at most ``spacing`` long, like
    # shapely.segmentize, but a length that is a whole number of spacings (common: plans are
    # drawn on a 0.1 m grid) gets the same number of pieces whatever rounding its coordinates
    # carry. segmentize's plain ceil() gave 16 or 17 pieces to a 4.8 m wall depending on where
    # the plan sits, which moved every sample of the wall and the medial nodes between them.
    pieces = np.maximum(1, np.ceil(length / spacing - 1e-6)).astype(np.int64)
    seg_of = np.repeat(np.arange(len(a)), pieces)
    first = np.cumsum(pieces) - pieces
    frac = ((np.arange(int(pieces.sum())) - first[seg_of]) / pieces[seg_of])[:, None]
    coords = a[seg_of] + (b[seg_of] - a[seg_of]) * frac
    ring_of = seg_ring[seg_of]
    start = np.ones(len(coords), dtype=bool)
    start[1:] = ring_of[1:] != ring_of[:-1]
    first_idx = np.maximum.accumulate(np.where(start, np.arange(len(coords)), 0))
    end = np.ones(len(coords), dtype=bool)
    end[:-1] = ring_of[1:] != ring_of[:-1]
    last_idx = np.minimum.accumulate(np.where(end, np.arange(len(coords)), len(coords))[::-1])[::-1]
    idx = np.arange(len(coords))
    prev = np.where(start, last_idx, idx - 1)
    nxt = np.where(end, first_idx, idx + 1)
    coords = np.asarray(coords, dtype=float)
    return coords, prev.astype(np.int64), nxt.astype(np.int64), ring_of.astype(np.int64)


def _voronoi(
    points: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Finite Voronoi ridges of ``points``, read off their Delaunay triangulation.

    Every triangle's circumcentre is a Voronoi vertex, and every edge shared by two triangles
    is the pair of sites of the ridge joining their circumcentres (edges on the hull give the
    infinite ridges, which are not needed). The same diagram scipy's ``Voronoi`` gives (same
    qhull triangulation), without building its Python lists of ridges and regions.

    Returns
    -------
    vertices : ndarray, shape (m, 2)
        The circumcentres.
    ridges : ndarray of int, shape (r, 2)
        The two vertices of each finite ridge.
    sites : ndarray of int, shape (r, 2)
        The two points each ridge lies between.
    """
    tri = Delaunay(points)
    ridges, sites = _shared_edges(tri.simplices, tri.neighbors)
    return _circumcentres(points, tri.simplices), ridges, sites


def _circumcentres(
    points: NDArray[np.float64], simplices: NDArray[np.int32]
) -> NDArray[np.float64]:
    """Return the circumcentre of each triangle ``simplices`` (index triples into ``points``)."""
    a = points[simplices[:, 0]]
    bx, by = (points[simplices[:, 1]] - a).T
    cx, cy = (points[simplices[:, 2]] - a).T
    det = 2.0 * (bx * cy - by * cx)
    b2, c2 = bx * bx + by * by, cx * cx + cy * cy
    return np.stack(
        [a[:, 0] + (cy * b2 - by * c2) / det, a[:, 1] + (bx * c2 - cx * b2) / det], axis=1
    )


def _shared_edges(
    simplices: NDArray[np.int32], neighbors: NDArray[np.int32]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return the finite Voronoi ridges (triangle pairs) of a triangulation, and their sites."""
    # Each shared edge once: from the triangle with the lower index, opposite its corner k.
    tri_of, k = np.nonzero(neighbors > np.arange(len(simplices))[:, None])
    ridges = np.stack([tri_of, neighbors[tri_of, k]], axis=1).astype(np.int64)
    sites = np.stack([simplices[tri_of, (k + 1) % 3], simplices[tri_of, (k + 2) % 3]], axis=1)
    return ridges, sites.astype(np.int64)


def medial_graph(
    polygon: BaseGeometry, spacing: float = DEFAULT_SPACING, step: float = DEFAULT_STEP
) -> MedialGraph:
    """Return the medial graph of ``polygon`` (Polygon or MultiPolygon)."""
    if polygon.is_empty or polygon.area <= 1e-9:
        return _EMPTY
    samples, prev, nxt = _samples(polygon, spacing)
    if len(samples) < 4:
        return _EMPTY
    vertices, ridges, sites = _inner_ridges(polygon, samples)
    if len(ridges) == 0:
        return _EMPTY
    xy, edges, clearance, _, _ = _subdivide(vertices, ridges, sites, samples, prev, nxt, step)
    return MedialGraph(xy, edges, clearance)


_Ints = NDArray[np.int64]
_EMPTY = MedialGraph(np.zeros((0, 2)), np.zeros((0, 2), dtype=np.int64), np.zeros(0))


_JITTER: NDArray[np.float64] = np.zeros((0, 2))  # the jitter stream's start, read-only
_JITTER.setflags(write=False)


def _jitter(count: int) -> NDArray[np.float64]:
    """``np.random.default_rng(20260).normal(0.0, 1e-7, (count, 2))``, without a new generator.

    A generator fills its draws in order: these are the first rows of a longer draw, made once.
    """
    global _JITTER
    table = _JITTER
    if len(table) < count:
        rows = max(count, 2 * len(table), 4096)
        table = np.random.default_rng(20260).normal(0.0, 1e-7, (rows, 2))
        table.setflags(write=False)
        _JITTER = table
    return table[:count]


def _inner_ridges(
    polygon: BaseGeometry, samples: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Return the Voronoi vertices of ``samples`` and the ridges inside ``polygon`` (with sites)."""
    # A deterministic sub-micrometre jitter keeps qhull away from its slow degenerate paths
    # (thousands of collinear and cocircular samples along straight walls).
    # qhull runs on coordinates relative to the samples' lower-left corner, so the diagram (and
    # every width) does not depend on where the plan sits in the world (translation invariance).
    jitter = _jitter(len(samples))
    origin = np.array([samples[:, 0].min(), samples[:, 1].min()])  # (the columns' minima)
    vertices, ridges, sites = _voronoi(samples - origin + jitter)
    vertices = vertices + origin
    shapely.prepare(polygon)
    vertex_inside = shapely.contains_xy(polygon, vertices[:, 0], vertices[:, 1])
    inside = vertex_inside[ridges].all(axis=1)
    ridges, sites = ridges[inside], sites[inside]
    # Both ends inside; the midpoint too (a ridge that leaves the free space runs between two
    # samples of one face into the obstacle, so it has an end outside).
    mid = (vertices[ridges[:, 0]] + vertices[ridges[:, 1]]) / 2.0
    keep = shapely.contains_xy(polygon, mid[:, 0], mid[:, 1])
    return vertices, ridges[keep], sites[keep]


def _subdivide(
    vertices: NDArray[np.float64],
    ridges: NDArray[np.int64],
    sites: NDArray[np.int64],
    samples: NDArray[np.float64],
    prev: NDArray[np.int64],
    nxt: NDArray[np.int64],
    step: float,
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], _Ints, _Ints]:
    """Return the nodes, edges and clearances of the graph of the kept ridges.

    Also returns the vertex each of the first nodes is (``used``) and the ridge each of the
    other nodes subdivides (``ridge_of``). Every value is computed per node, per ridge or per
    edge, so the graph of several polygons' ridges together is their graphs side by side.
    """
    # Nodes: the kept Voronoi vertices, then the points that subdivide each ridge.
    # The vertices the kept ridges use, in index order, and each ridge end renumbered among
    # them (what np.unique(ridges, return_inverse=True) gives, without sorting the ends).
    kept = np.zeros(len(vertices), dtype=bool)
    kept[ridges.ravel()] = True
    used = np.nonzero(kept)[0]
    ends = (np.cumsum(kept) - 1)[ridges]
    n_vertices = len(used)
    a, b = vertices[ridges[:, 0]], vertices[ridges[:, 1]]
    length = np.hypot(*(b - a).T)
    pieces = np.maximum(1, np.ceil(length / step - 1e-6).astype(np.int64))
    inner = pieces - 1
    ridge_of = np.repeat(np.arange(len(a)), inner)
    first_inner = np.cumsum(inner) - inner
    k = np.arange(int(inner.sum())) - np.repeat(first_inner, inner) + 1
    frac = (k / pieces[ridge_of])[:, None]
    inner_xy = a[ridge_of] + (b[ridge_of] - a[ridge_of]) * frac
    xy = np.concatenate([vertices[used], inner_xy])
    inner_id = n_vertices + np.arange(len(inner_xy))
    # Every point of a Voronoi ridge is nearest to the ridge's two samples; the true boundary
    # point nearest to it lies on a boundary segment next to one of them.
    pts = np.concatenate([a, b, inner_xy])
    owner = np.concatenate([np.arange(len(a)), np.arange(len(a)), ridge_of])
    dist = _recentred_clearance(pts, samples, prev, nxt, sites[owner, 0], sites[owner, 1])
    clearance = np.zeros(len(xy))
    np.maximum.at(clearance, ends[:, 0], dist[: len(a)])
    np.maximum.at(clearance, ends[:, 1], dist[len(a) : 2 * len(a)])
    clearance[n_vertices:] = dist[2 * len(a) :]
    # Edges: vertex a → inner points → vertex b along each ridge.
    chain_start = np.where(inner > 0, n_vertices + first_inner, ends[:, 1])
    edges = [np.stack([ends[:, 0], chain_start], axis=1)]
    if len(inner_id):
        last = np.zeros(len(inner_id), dtype=bool)
        last[first_inner[inner > 0] + inner[inner > 0] - 1] = True
        following = np.where(last, ends[ridge_of, 1], inner_id + 1)
        edges.append(np.stack([inner_id, following], axis=1))
    edge_array = np.concatenate(edges)
    edge_array = edge_array[edge_array[:, 0] != edge_array[:, 1]]
    return xy.astype(float), edge_array.astype(np.int64), clearance, used, ridge_of
