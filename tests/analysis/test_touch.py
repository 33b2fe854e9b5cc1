"""Door ports measured together reach exactly the nodes that one-by-one calls find."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, Polygon, box

from spacedesign.analysis import clear_caches, network_for
from spacedesign.analysis.freespace import level_space
from spacedesign.analysis.network import Region
from spacedesign.analysis.touch import touching_many
from spacedesign.io import load_plan
from tests.conftest import REPO

small = st.floats(0.0, 10.0, allow_nan=False)
boxes = st.builds(
    lambda x, y, w, h: box(x, y, x + w, y + h),
    small,
    small,
    st.floats(0.01, 3.0),
    st.floats(0.01, 3.0),
)
shapes = st.one_of(
    boxes,
    boxes.map(lambda b: b.difference(b.centroid.buffer(0.1))),  # a polygon with a hole
    st.just(Polygon()),
    small.map(lambda x: Point(x, 5.0)),
    small.map(lambda x: LineString([(x, 0.0), (x, 4.0)])),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(small, small, st.floats(0.0, 2.0)), min_size=1, max_size=60),
    st.lists(shapes, max_size=8),
    st.sampled_from([0.0, 0.06, 0.5]),
    st.lists(st.integers(1, 4), max_size=12),
)
def test_same_nodes_as_single_calls(nodes, geoms, tol, cuts):
    xy = np.array([(x, y) for x, y, _ in nodes])
    free = np.array([r for *_, r in nodes])
    # The nodes in pieces (runs of nodes, as the pieces of a level's free space): only the
    # pieces whose box and largest disc reach a shape are measured against it.
    spans = np.unique(np.clip(np.cumsum([0, *cuts]), 0, len(xy)))
    spans = np.append(spans[spans < len(xy)], len(xy)).astype(np.int64)
    region = Region("r", 7, xy, free, spans=spans if cuts else None)
    got = touching_many(region, geoms, tol)
    want = [region.touching(g, tol) for g in geoms]
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_nakano_door_gaps():
    plan = load_plan(REPO / "floorplans" / "nakano-ipc.yaml")
    clear_caches()
    region = network_for(plan).regions[0]
    gaps = [g.polygon for g in level_space(plan.levels[0]).gaps]
    got = touching_many(region, gaps)
    assert sum(len(n) for n in got) > 100
    for a, g in zip(got, gaps, strict=True):
        assert np.array_equal(a, region.touching(g))


def test_pieces_reach_within_the_tolerance():
    # Two one-node pieces: each node's disc falls short of the box by 0.3 m, which the
    # tolerance of 0.5 m covers; a third piece, 2 m short, is not measured at all.
    xy = np.array([(0.0, 0.0), (5.0, 0.0), (9.0, 9.0)])
    region = Region("r", 0, xy, np.array([0.7, 0.2, 0.5]), spans=np.array([0, 1, 2, 3]))
    gap = box(1.0, -0.5, 4.5, 0.5)
    assert touching_many(region, [gap], 0.5)[0].tolist() == [0, 1]
    assert touching_many(region, [gap], 0.2)[0].tolist() == []
    assert region.touching(gap, 0.5).tolist() == [0, 1]


def _candidates_of_every_node(region: Region, bounds: np.ndarray, tol: float):
    """The candidates as the box test over every node of the reaching pieces finds them."""
    ax0, ay0, ax1, ay1, reach = region._extent
    x0, y0, x1, y1 = bounds.T
    gx = np.maximum(np.maximum(x0 - ax1, ax0 - x1), 0.0)
    gy = np.maximum(np.maximum(y0 - ay1, ay0 - y1), 0.0)
    near = gx * gx + gy * gy <= (reach + tol) ** 2
    start, stop, piece_box, piece_reach = region.pieces
    px0, py0, px1, py1 = (piece_box[None, :, k] for k in range(4))
    gx = np.maximum(np.maximum(x0[:, None] - px1, px0 - x1[:, None]), 0.0)
    gy = np.maximum(np.maximum(y0[:, None] - py1, py0 - y1[:, None]), 0.0)
    box, piece = np.nonzero(near[:, None] & (gx * gx + gy * gy <= (piece_reach + tol) ** 2))
    count = stop[piece] - start[piece]
    box = np.repeat(box, count)
    node = np.repeat(start[piece] - (np.cumsum(count) - count), count) + np.arange(count.sum())
    px, py = region.xy[node, 0], region.xy[node, 1]
    dx = np.maximum(np.maximum(x0[box] - px, px - x1[box]), 0.0)
    dy = np.maximum(np.maximum(y0[box] - py, py - y1[box]), 0.0)
    keep = dx * dx + dy * dy <= (region.free[node] + tol) ** 2
    return node[keep].astype(np.int64), box[keep]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 1.0, 2.5, 1e4]) | small,  # repeated x values too
            small,
            st.floats(0.0, 2.0, allow_nan=False),
        ),
        min_size=1,
        max_size=80,
    ),
    st.lists(st.tuples(small, small, st.floats(0.0, 3.0), st.floats(0.0, 3.0)), max_size=10),
    st.sampled_from([0.0, 0.06, 0.1, 0.5]),
    st.lists(st.integers(0, 5), max_size=12),
    st.booleans(),
)
def test_x_sorted_candidates_equal_every_node_candidates(nodes, rects, tol, cuts, medial_order):
    # The x-range search finds the candidates the test of every node of the pieces finds,
    # in the same order, whether the region's x order comes from its medial graph or not.
    from spacedesign.analysis.touch import _all_candidates

    xy = np.array([(x, y) for x, y, _ in nodes])
    free = np.array([r for *_, r in nodes])
    spans = np.unique(np.clip(np.cumsum([0, *cuts]), 0, len(xy)))
    spans = np.append(spans[spans < len(xy)], len(xy)).astype(np.int64)
    spans = spans if cuts else None
    order = None
    if medial_order:  # as piecewise_medial gives it: each piece's nodes by x (stable)
        bounds = [0, len(xy)] if spans is None else spans
        piece = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
        order = np.lexsort((xy[:, 0], piece)).astype(np.int64)
    region = Region("r", 3, xy, free, spans=spans, x_order=order)
    bounds = np.array([(x, y, x + w, y + h) for x, y, w, h in rects]).reshape(-1, 4)
    got = _all_candidates(region, bounds, tol)
    want = _candidates_of_every_node(region, bounds, tol)
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(small, small, st.floats(0.0, 2.0)), min_size=1, max_size=60),
    st.lists(st.tuples(shapes, st.sampled_from([0.0, 0.06, 0.1, 0.5])), max_size=8),
    st.lists(st.integers(1, 4), max_size=12),
)
def test_a_tolerance_per_geometry_equals_single_calls(nodes, asks, cuts):
    # Door gaps (0.06 m) and fixtures (0.1 m) measured in one call: each geometry's nodes are
    # those region.touching finds with its own tolerance.
    xy = np.array([(x, y) for x, y, _ in nodes])
    free = np.array([r for *_, r in nodes])
    spans = np.unique(np.clip(np.cumsum([0, *cuts]), 0, len(xy)))
    spans = np.append(spans[spans < len(xy)], len(xy)).astype(np.int64)
    region = Region("r", 2, xy, free, spans=spans if cuts else None)
    geoms = [g for g, _ in asks]
    tols = [t for _, t in asks]
    got = touching_many(region, geoms, tols)
    want = [region.touching(g, t) for g, t in asks]
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_one_tolerance_for_each_geometry_or_an_error():
    region = Region("r", 0, np.zeros((1, 2)), np.ones(1))
    try:
        touching_many(region, [box(0, 0, 1, 1)], [0.1, 0.2])
    except ValueError as exc:
        assert "2 tolerances for 1 geometries" in str(exc)
    else:
        raise AssertionError("no error for a tolerance list of the wrong length")
