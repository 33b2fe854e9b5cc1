"""A room's net floor, cut by only the obstacles near it, is the plain difference exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedesign.analysis.freespace import level_space
from spacedesign.io import load_plan
from tests.conftest import REPO
from tests.rules.plan_tools import load_data, small_centre


def _plain(level, room_id):
    polygon = level.room(room_id).polygon.geometry
    polygon = polygon if polygon.is_valid else polygon.buffer(0.0)
    return polygon.difference(level_space(level).solid)


def _all_rooms_identical(plan) -> int:
    checked = 0
    for level in plan.levels:
        for room in level.rooms:
            got = level_space(level).room_floor(room.id)
            assert shapely.to_wkb(got) == shapely.to_wkb(_plain(level, room.id)), room.id
            checked += 1
    return checked


def test_every_room_of_the_nakano_model():
    plan = load_plan(REPO / "floorplans" / "nakano-ipc.yaml")
    assert _all_rooms_identical(plan) > 10


tables = st.builds(
    lambda x, y, w, d, r: {"at": [x, y], "size": [w, d], "rotation": r},
    st.floats(0.0, 20.0),
    st.floats(0.0, 12.0),
    st.floats(0.3, 4.0),
    st.floats(0.3, 3.0),
    st.sampled_from([0.0, 30.0, 45.0, 90.0]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(tables, max_size=8))
def test_random_furniture_across_room_boundaries(items):
    furniture = [{"id": f"t{k}", "kind": "table", **item} for k, item in enumerate(items)]
    with tempfile.TemporaryDirectory() as folder:
        plan = load_data(small_centre(furniture=furniture), Path(folder))
    assert _all_rooms_identical(plan) == 5
