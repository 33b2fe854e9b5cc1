"""The re-centred clearance computed on the four side segments as rows of one array.

:func:`~spacedesign.analysis.medial._recentred_clearance` measures each ridge point against the
four boundary segments next to its two sites. It used to do so segment by segment (four arrays
each); it now stacks the four segments as rows of one array. Every value is computed with the
same operations in the same order, so the clearances must be the same bit for bit: checked
against the segment-by-segment form (kept here) on random rings and points, and on the ridge
points of real polygons.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray
from shapely.geometry import box

from spacedesign.analysis import medial


def _segment_by_segment(
    points: NDArray[np.float64],
    samples: NDArray[np.float64],
    prev: NDArray[np.int64],
    nxt: NDArray[np.int64],
    p: NDArray[np.int64],
    q: NDArray[np.int64],
) -> NDArray[np.float64]:
    """The previous form of ``_recentred_clearance`` (dea421e), verbatim in its arithmetic."""
    sx, sy = samples[:, 0], samples[:, 1]
    spans = []
    for i, j in ((prev[p], p), (p, nxt[p]), (prev[q], q), (q, nxt[q])):
        ax, ay = sx[i], sy[i]
        ux, uy = sx[j] - ax, sy[j] - ay
        spans.append((ax, ay, ux, uy, np.maximum(ux * ux + uy * uy, 1e-18)))

    def feet(x, y):
        out = []
        for ax, ay, ux, uy, length2 in spans:
            t = np.clip(((x - ax) * ux + (y - ay) * uy) / length2, 0.0, 1.0)
            out.append((ax + ux * t, ay + uy * t))
        return out

    def gaps(x, y, at):
        return [np.hypot(x - fx, y - fy) for fx, fy in at]

    px, py = points[:, 0], points[:, 1]
    near = feet(px, py)
    dist = gaps(px, py, near)
    side_p = dist[0] <= dist[1]
    side_q = dist[2] <= dist[3]
    mx = (np.where(side_p, near[0][0], near[1][0]) + np.where(side_q, near[2][0], near[3][0])) / 2.0
    my = (np.where(side_p, near[0][1], near[1][1]) + np.where(side_q, near[2][1], near[3][1])) / 2.0
    here = np.minimum.reduce(dist)
    centred = np.minimum.reduce(gaps(mx, my, feet(mx, my)))
    return np.asarray(np.maximum(here, centred), dtype=float)


coords = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(3, 30), st.just(2)), elements=coords),
    arrays(np.float64, st.tuples(st.integers(0, 40), st.just(2)), elements=coords),
    st.data(),
)
def test_rows_give_the_segment_by_segment_clearances(samples, points, data):
    n = len(samples)
    idx = np.arange(n)
    prev, nxt = np.roll(idx, 1), np.roll(idx, -1)  # one ring, closed
    sites = st.lists(st.integers(0, n - 1), min_size=len(points), max_size=len(points))
    p = np.array(data.draw(sites), dtype=np.int64)
    q = np.array(data.draw(sites), dtype=np.int64)
    got = medial._recentred_clearance(points, samples, prev, nxt, p, q)
    want = _segment_by_segment(points, samples, prev, nxt, p, q)
    assert got.shape == want.shape == (len(points),)
    assert np.array_equal(got, want)  # bit for bit (no tolerance)


def test_ridge_points_of_a_room_with_a_table():
    room = box(0.0, 0.0, 7.3, 4.1).difference(box(2.0, 1.0, 3.4, 2.2))
    samples, prev, nxt = medial._samples(room, medial.DEFAULT_SPACING)
    vertices, ridges, sites = medial._inner_ridges(room, samples)
    assert len(ridges) > 50
    points = (vertices[ridges[:, 0]] + vertices[ridges[:, 1]]) / 2.0
    args = (points, samples, prev, nxt, sites[:, 0], sites[:, 1])
    got = medial._recentred_clearance(*args)
    assert np.array_equal(got, _segment_by_segment(*args))
    assert 0.0 < got.min() and got.max() < 2.05  # half the widest passage, about
