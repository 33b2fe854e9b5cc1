"""Capacity of the shipped Nakano model and scenarios: plausible figures, fast furnishing."""

from __future__ import annotations

import pytest

from spacedesign.capacity import (
    DEFAULT_STYLE,
    assess_plan,
    furnish_plan,
    furnish_room,
    furnishable_rooms,
    room_space,
)
from spacedesign.io import load_plan
from tests.capacity.invariants import check_layout
from tests.conftest import REPO, SHIPPED_SCENARIOS

NAKANO = REPO / "floorplans" / "nakano-ipc.yaml"


@pytest.fixture(scope="module")
def nakano_report():
    return assess_plan(load_plan(NAKANO))


def test_event_corner_theatre_density(nakano_report):
    event = next(r for r in nakano_report.rooms if r.use == "seminar")
    theatre = event.styles["theatre"]
    per_person = event.net_area / theatre.places
    assert 0.9 <= per_person <= 1.3, per_person
    assert theatre.wheelchair_places >= theatre.required_wheelchair_places


def test_every_furnishable_room_gets_seats(nakano_report):
    assert {r.use for r in nakano_report.rooms} >= {"seminar", "lounge", "consultation"}
    for room in nakano_report.rooms:
        assert room.capacity > 0, room.id
        assert room.capacity <= room.occupant_load
    assert nakano_report.consultation.room_hours_per_week >= 16


@pytest.mark.parametrize("path", [NAKANO, *SHIPPED_SCENARIOS], ids=lambda p: p.stem)
def test_furnished_model_keeps_its_promises(path):
    plan = load_plan(path)
    furnished = furnish_plan(plan)
    report = assess_plan(plan)
    for level in furnished.levels:
        placed = {f.room for f in level.furniture if "style" in f.props}
        for room in level.rooms:
            if room.id in placed:
                assert any(r.id == room.id for r in report.rooms)
    # the same invariants as the property tests, on the real rooms
    for level, room in furnishable_rooms(plan):
        space = room_space(level, room)
        check_layout(level, space, furnish_room(space, DEFAULT_STYLE[room.use]))
