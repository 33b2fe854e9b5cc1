"""The vectorised furniture footprints are the model's footprints, coordinate for coordinate."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.footprints import furniture_polygons
from spacedesign.io import load_plan
from spacedesign.model import Furniture, Shape
from tests.conftest import REPO

coords = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)
sizes = st.floats(min_value=0.05, max_value=5.0, allow_nan=False)
angles = st.one_of(
    st.sampled_from([0.0, 90.0, 180.0, 270.0, -90.0, 45.0, 360.0, 720.0]),
    st.floats(min_value=-720.0, max_value=720.0, allow_nan=False),
)
boxes = st.builds(
    lambda x, y, w, d, r: Furniture(id="f", kind="table", at=(x, y), size=(w, d), rotation=r),
    coords,
    coords,
    sizes,
    sizes,
    angles,
)
drawn = st.just(
    Furniture(id="p", kind="sofa", polygon=Shape(((0.0, 0.0), (2.0, 0.0), (2.0, 0.9))))
)


def _same(got, item):
    want = item.footprint.geometry
    a, b = shapely.get_coordinates(got), shapely.get_coordinates(want)
    return a.shape == b.shape and bool(np.array_equal(a, b))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(boxes, drawn), min_size=1, max_size=12))
def test_vectorised_boxes_equal_the_model_footprints_exactly(items):
    got = furniture_polygons(items)
    assert len(got) == len(items)
    assert all(_same(g, item) for g, item in zip(got, items, strict=True))


def test_every_piece_of_the_nakano_model():
    plan = load_plan(REPO / "floorplans" / "nakano-ipc.yaml")
    items = [f for level in plan.levels for f in level.furniture]
    assert len(items) > 50
    got = furniture_polygons(items)
    assert all(_same(g, item) for g, item in zip(got, items, strict=True))


def test_a_box_without_a_size_keeps_the_models_empty_footprint():
    item = Furniture(id="x", kind="table", at=(1.0, 2.0))
    (got,) = furniture_polygons([item])
    assert _same(got, item)
