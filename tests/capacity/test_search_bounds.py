"""The furnisher's search skips only what cannot win: bounded searches equal the looser forms.

Each bound is compared with the looser one it replaces (patched back in) on drawn rooms, bit
for bit, and the fact a bound rests on is tested on its own.
"""

from __future__ import annotations

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.capacity import furnish
from spacedesign.capacity.catalogue import RULESET_SEATING, wheelchair_requirement
from spacedesign.capacity.furnish import RoomLayout, furnish_room
from spacedesign.capacity.space import room_space
from tests.capacity.plans import rect_plan


def _fingerprint(layout: RoomLayout) -> tuple[object, ...]:
    items = tuple((i.kind, i.key, shapely.to_wkb(i.polygon), i.at, i.size, i.rotation, i.height,
                   i.seats, i.role) for i in layout.items)
    return (layout.room, layout.style, layout.seats, layout.wheelchair_places,
            layout.required_wheelchair_places, layout.module, layout.wheelchair_soft, items)


@pytest.mark.parametrize("ruleset", sorted(RULESET_SEATING))
@pytest.mark.parametrize("use", ["seminar", "meeting", "consultation"])
def test_the_wheelchair_need_grows_with_the_seats(ruleset, use):
    needs = [wheelchair_requirement(n, ruleset, use)[0] for n in range(0, 6000, 7)]
    assert needs == sorted(needs)


def _old_most(module, need):
    """The single-module bound before: chairs, built places and the need, all added."""
    return module.seats + module.wheelchair_places + need


@settings(max_examples=30, deadline=None)
@given(st.floats(2.4, 7.0).map(lambda v: round(v, 2)), st.floats(2.4, 6.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from([("consultation", "consultation"), ("meeting", "boardroom"),
                     ("meeting", "u_shape")]),
    st.sampled_from(sorted(RULESET_SEATING)))
def test_single_tables_stop_at_the_most_a_placement_scores(width, depth, door, column, style,
                                                           ruleset):
    use, name = style
    plan = rect_plan(width, depth, use=use, door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    got = furnish_room(space, name, ruleset=ruleset)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(furnish, "_most", _old_most)
        plain = furnish_room(space, name, ruleset=ruleset)
    assert _fingerprint(got) == _fingerprint(plain)


@settings(max_examples=30, deadline=None)
@given(st.floats(3.0, 10.0).map(lambda v: round(v, 2)), st.floats(3.0, 8.0).map(
    lambda v: round(v, 2)), st.floats(0.6, 2.0).map(lambda v: round(v, 2)),
    st.sampled_from([None, (1.2, 1.3), (2.0, 1.1)]),
    st.sampled_from([("lounge", "lounge", True), ("lounge", "banquet", False),
                     ("coworking", "coworking", False), ("seminar", "classroom", False),
                     ("seminar", "theatre", False)]))
def test_layouts_ranked_by_seats_check_only_candidates_that_could_seat_more(
        width, depth, door, column, style):
    use, name, wheelchair = style
    plan = rect_plan(width, depth, use=use, door_at=door, column=column)
    level = plan.levels[0]
    space = room_space(level, level.rooms[0])
    got = furnish_room(space, name, wheelchair=wheelchair)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(furnish, "_by_seats", lambda *_: False)
        plain = furnish_room(space, name, wheelchair=wheelchair)
    assert _fingerprint(got) == _fingerprint(plain)


def test_only_styles_without_wheelchair_places_rank_by_seats():
    from spacedesign.capacity.catalogue import Clearances
    from spacedesign.capacity.styles import STYLES, style_modules

    ranked = {s for s in STYLES if furnish._by_seats(s, True, style_modules(s, Clearances()))}
    assert ranked == {"lounge"}
    assert not furnish._by_seats("consultation", False, style_modules("consultation"))
