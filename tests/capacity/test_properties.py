"""Hypothesis properties: furniture stays inside, overlaps nothing, keeps clearances, and
seats never drop as a rectangular room grows."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedesign.capacity import Clearances, furnish_room, room_space
from spacedesign.capacity.catalogue import seating_rules
from tests.capacity.invariants import check_layout, check_routes
from tests.capacity.plans import l_plan, rect_plan

SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
MEETING_STYLES = ["theatre", "classroom", "boardroom", "u_shape", "banquet"]


def _furnish(plan, style, **options):
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    return level, space, furnish_room(space, style, **options)


@SETTINGS
@given(
    width=st.floats(3.0, 11.0), depth=st.floats(3.0, 9.0),
    style=st.sampled_from([*MEETING_STYLES, "coworking", "lounge"]),
    column=st.booleans(), fixture=st.booleans(), door=st.floats(0.8, 2.5),
    operation=st.sampled_from(["sliding", "hinged"]),
    ruleset=st.sampled_from(["jp-recommended", "ada-2010"]),
)
def test_furniture_inside_and_clear(width, depth, style, column, fixture, door, operation,
                                    ruleset):
    plan = rect_plan(
        width, depth, door_at=min(door, width - 0.6), operation=operation,
        column=(width * 0.6, depth * 0.5) if column else None,
        fixture=(0.0, depth - 0.6, min(2.0, width), depth) if fixture else None,
    )
    level, space, layout = _furnish(plan, style, ruleset=ruleset)
    check_layout(level, space, layout)
    check_routes(space, layout, seating_rules(ruleset).route_width)
    assert layout.seats == sum(i.seats for i in layout.items)
    assert layout.wheelchair_places == sum(1 for i in layout.items if i.role == "wheelchair_place")


@SETTINGS
@given(width=st.floats(2.2, 5.0), depth=st.floats(2.2, 5.0))
def test_consultation_rooms(width, depth):
    level, space, layout = _furnish(rect_plan(width, depth, use="consultation"), "consultation")
    check_layout(level, space, layout)
    assert 0 <= layout.seats <= 4
    assert layout.wheelchair_places <= 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.floats(3.0, 9.0), depth=st.floats(3.0, 8.0),
    grow_w=st.floats(0.0, 3.0), grow_d=st.floats(0.0, 3.0),
    style=st.sampled_from([*MEETING_STYLES, "coworking", "lounge"]),
)
def test_seats_never_drop_when_the_room_grows(width, depth, grow_w, grow_d, style):
    """Seats (before any chair becomes a wheelchair place) never drop.

    With wheelchair places the ranking prefers an accessible layout to a fuller one, so seats
    plus places may drop when a larger room first makes the required places possible.
    """
    small_plan, large_plan = rect_plan(width, depth), rect_plan(width + grow_w, depth + grow_d)
    small = _furnish(small_plan, style, wheelchair=False)[2]
    large = _furnish(large_plan, style, wheelchair=False)[2]
    assert large.seats >= small.seats


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.floats(3.0, 9.0), depth=st.floats(3.0, 8.0),
    grow_w=st.floats(0.0, 3.0), grow_d=st.floats(0.0, 3.0),
    style=st.sampled_from(MEETING_STYLES),
)
def test_accessible_layouts_stay_accessible_when_the_room_grows(width, depth, grow_w, grow_d,
                                                                 style):
    """With wheelchair places: once a room meets SEATING-WHEELCHAIR, a larger room does too.

    (Seats plus places may drop by one or two where the larger room's fullest layout loses
    more chairs to its places: the search is a bounded heuristic, see the report.)
    """
    small = _furnish(rect_plan(width, depth, use="seminar"), style)[2]
    large = _furnish(rect_plan(width + grow_w, depth + grow_d, use="seminar"), style)[2]
    if small.meets_wheelchair and small.seats > 0:
        assert large.meets_wheelchair and large.seats > 0


def test_l_shaped_room():
    for style in MEETING_STYLES:
        level, space, layout = _furnish(l_plan(), style)
        check_layout(level, space, layout)
        check_routes(space, layout, seating_rules("jp-recommended").route_width)
        assert layout.seats > 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.floats(3.0, 12.0), depth=st.floats(3.0, 10.0))
def test_classroom_keeps_walkways_and_seats_wheelchair_users_at_tables(width, depth):
    """Seminar tables keep the ≈ 80 cm walkway to every wall of a rectangular room (§13 [P3]:
    1.2 m in front, the 0.8 m chair zone behind); a wheelchair place that replaces a chair at a
    table takes ``place_depth − knee_space`` of floor from the table edge (knees under it, §8)."""
    _, space, layout = _furnish(rect_plan(width, depth, use="seminar"), "classroom")
    clear, rules = Clearances(), seating_rules("jp-recommended")
    boundary = space.net.boundary
    tables = [i.polygon for i in layout.items if i.kind == "table"]
    for table in tables:
        assert table.distance(boundary) >= clear.wall_walkway - 1e-3
    for place in (i for i in layout.items if i.role == "wheelchair_place"):
        short, long_ = sorted(place.size or (0.0, 0.0))
        at_table = any(place.polygon.distance(t) < 1e-6 for t in tables)
        depth = rules.place_depth - clear.knee_space if at_table else rules.place_depth
        need_short, need_long = sorted((rules.place_width, depth))
        assert short >= need_short - 1e-6 and long_ >= need_long - 1e-6
