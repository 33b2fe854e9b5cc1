"""Column-by-column reductions give the row-wise reductions' values exactly.

A region's extent and the medial axis's qhull origin take each coordinate column's minimum
(and maximum) instead of reducing an (n, 2) array along its short rows: the same numbers.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from spacedesign.analysis.medial import _inner_ridges
from spacedesign.analysis.network import Region

coords = st.floats(-1e4, 1e4, allow_nan=False, allow_subnormal=True)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 200).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, (n, 2), elements=coords),
            arrays(np.float64, (n,), elements=st.floats(0.0, 5.0, allow_nan=False)),
        )
    )
)
def test_region_extent_is_the_row_wise_extent(data):
    xy, free = data
    region = Region("r", 0, xy, free)
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    want = (float(x0), float(y0), float(x1), float(y1), float(free.max()))
    got = region._extent
    assert [np.float64(v).tobytes() for v in got] == [np.float64(v).tobytes() for v in want]


def test_medial_origin_matches_row_wise_minimum(monkeypatch):
    # The origin handed to qhull is the samples' row-wise minimum, bit for bit.
    from shapely.geometry import box

    import spacedesign.analysis.medial as medial

    seen = []
    real = medial._voronoi
    monkeypatch.setattr(medial, "_voronoi", lambda pts: seen.append(pts) or real(pts))
    rng = np.random.default_rng(3)
    samples = rng.uniform(-3.0, 7.0, (300, 2))
    _inner_ridges(box(-3.0, -3.0, 7.0, 7.0), samples)
    jitter = medial._jitter(len(samples))
    assert np.array_equal(seen[0], samples - samples.min(axis=0) + jitter)
