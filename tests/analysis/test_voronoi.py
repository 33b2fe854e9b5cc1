"""The Voronoi diagram read off the Delaunay triangulation is scipy's Voronoi diagram, and the
medial graph and the obstacles do not depend on the order of their parts."""

from __future__ import annotations

import dataclasses

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import Voronoi

from spacedesign.analysis.freespace import obstacles
from spacedesign.analysis.medial import _voronoi, medial_graph
from spacedesign.io import load_plan
from tests.conftest import REPO


def _by_sites(vertices, ridges, sites):
    pairs = np.sort(sites, axis=1)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    ends = vertices[ridges[order]]
    # each ridge's two ends in a fixed order (lower x first)
    swap = ends[:, 0, 0] > ends[:, 1, 0]
    ends[swap] = ends[swap][:, ::-1]
    return pairs[order], ends


@settings(max_examples=60, deadline=None)
@given(
    st.integers(4, 300),
    st.integers(0, 2**32 - 1),
    st.sampled_from(["uniform", "grid"]),
)
def test_delaunay_voronoi_equals_scipy_voronoi(n, seed, layout):
    rng = np.random.default_rng(seed)
    if layout == "grid":  # wall samples: many collinear and cocircular points
        side = int(np.ceil(np.sqrt(n)))
        g = np.stack(np.meshgrid(np.arange(side), np.arange(side)), -1).reshape(-1, 2)[:n]
        points = 0.3 * g + rng.normal(0.0, 1e-7, (n, 2))
    else:
        points = rng.uniform(0.0, 20.0, (n, 2))
    if np.linalg.matrix_rank(points - points.mean(axis=0), tol=1e-6) < 2:
        return  # all on one line: no diagram in either
    scipy_diagram = Voronoi(points)
    listed = np.array(scipy_diagram.ridge_vertices, dtype=np.int64).reshape(-1, 2)
    finite = (listed >= 0).all(axis=1)
    expected = _by_sites(
        scipy_diagram.vertices, listed[finite], scipy_diagram.ridge_points[finite]
    )
    got = _by_sites(*_voronoi(points))
    assert np.array_equal(got[0], expected[0])
    assert np.allclose(got[1], expected[1], rtol=0.0, atol=1e-4)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 5), st.floats(1.0, 2.5), st.floats(1.0, 2.5)),
        min_size=2,
        max_size=6,
        unique_by=lambda c: (c[0], c[1]),
    ),
    st.randoms(use_true_random=False),
)
def test_medial_graph_does_not_depend_on_the_order_of_parts(cells, random):
    # Disjoint rooms (3 m grid, at most 2.5 m wide) in two orders, as an overlay may return them.
    boxes = [shapely.box(3 * i, 3 * j, 3 * i + w, 3 * j + h) for i, j, w, h in cells]
    shuffled = boxes[:]
    random.shuffle(shuffled)
    a = medial_graph(shapely.MultiPolygon(boxes))
    b = medial_graph(shapely.MultiPolygon(shuffled))
    assert np.array_equal(a.xy, b.xy) and np.array_equal(a.edges, b.edges)
    assert np.array_equal(a.clearance, b.clearance)


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_obstacles_do_not_depend_on_the_order_of_walls_and_furniture(random):
    level = load_plan(REPO / "floorplans" / "nakano-ipc.yaml").levels[0]
    shuffled = dataclasses.replace(
        level,
        walls=tuple(random.sample(level.walls, len(level.walls))),
        furniture=tuple(random.sample(level.furniture, len(level.furniture))),
    )
    assert shapely.to_wkb(obstacles(shuffled)) == shapely.to_wkb(obstacles(level))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 12000), min_size=1, max_size=6))
def test_jitter_rows_are_a_fresh_generators_draw(counts):
    # Any order of sizes, the table grown past its first size and asked for less again.
    from spacedesign.analysis import medial

    medial._JITTER = medial._JITTER[:0]  # as at import: empty, read-only
    for count in counts:
        got = medial._jitter(count)
        want = np.random.default_rng(20260).normal(0.0, 1e-7, (count, 2))
        assert got.shape == want.shape and np.array_equal(got, want)
        assert not got.flags.writeable
