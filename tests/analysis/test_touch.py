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
    lambda x, y, w, h: box(x, y, x + w, y + h), small, small, st.floats(0.01, 3.0), st.floats(0.01, 3.0)
)
shapes = st.one_of(
    boxes,
    boxes.map(lambda b: b.difference(b.centroid.buffer(0.1))),  # a polygon with a hole
    st.just(Polygon()),
    small.map(lambda x: Point(x, 5.0)),
    small.map(lambda x: LineString([(x, 0.0), (x, 4.0)])),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(small, small, st.floats(0.0, 2.0)), min_size=1, max_size=60),
    st.lists(shapes, max_size=8),
    st.sampled_from([0.0, 0.06, 0.5]),
)
def test_same_nodes_as_single_calls(nodes, geoms, tol):
    xy = np.array([(x, y) for x, y, _ in nodes])
    free = np.array([r for *_, r in nodes])
    region = Region("r", 7, xy, free)
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
