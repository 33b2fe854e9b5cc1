"""Furnishing generated rooms one by one, with the per-process memo, changes no furniture.

Compared with one :func:`spacedesign.capacity.furnish_plan` call over the level's generated
rooms (what the generator did before the memo), on designs of the Nakano program.
"""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from spacedesign.capacity import STYLES_BY_USE, furnish_plan
from spacedesign.capacity.setting import room_setting
from spacedesign.generate.scenario import candidate_seeds, design_candidate, furnishing
from spacedesign.generate.scenario.furnishing import _MEMO, furnish_new_rooms, generated_ids
from spacedesign.model import Furniture
from tests.scenegen.conftest import SEEDS, design, nakano


def _plain(plan, ruleset):
    new = generated_ids(plan)
    level = plan.levels[0]
    own = tuple(r for r in level.rooms if r.id in new)
    sub = plan.with_changes(levels=(dataclasses.replace(level, rooms=own),))
    added = tuple(f for f in furnish_plan(sub, ruleset=ruleset).levels[0].furniture
                  if f.room in new)
    kept = tuple(f for f in level.furniture if f.room not in new)
    return kept + added


@pytest.mark.parametrize("ruleset", ["jp-recommended", "tokyo"])
def test_memoised_furniture_is_the_furnishers(ruleset):
    _MEMO.clear()
    for seed in SEEDS:
        plan = design(seed).plan
        first = furnish_new_rooms(plan, ruleset)
        assert first.levels[0].furniture == _plain(plan, ruleset), seed
        # a second time every room comes out of the memo, unchanged
        again = furnish_new_rooms(plan, ruleset)
        assert again.levels == first.levels
    # rooms repeat across the designs of one zone: fewer entries than furnished rooms
    furnished = sum(len({f.room for f in furnish_new_rooms(design(s).plan, ruleset)
                         .levels[0].furniture} & generated_ids(design(s).plan)) for s in SEEDS)
    assert 0 < len(_MEMO) < furnished


def test_an_id_clash_falls_back_to_the_furnishers_numbering():
    plan = design(0).plan
    _, program = nakano()
    level = plan.levels[0]
    clash = Furniture(id="consult-1-table-1", kind="plant", at=(1.0, 1.0), size=(0.4, 0.4))
    level = dataclasses.replace(level, furniture=(*level.furniture, clash))
    plan = plan.with_changes(levels=(level, *plan.levels[1:]))
    furnished = furnish_new_rooms(plan, program.ruleset)
    ids = [f.id for f in furnished.levels[0].furniture]
    assert len(ids) == len(set(ids))
    assert furnished.levels[0].furniture == _plain(plan, program.ruleset)
    own = [f.id for f in furnished.levels[0].furniture if f.room == "consult-1"]
    assert own and "consult-1-table-1" not in own
    assert clash in furnished.levels[0].furniture


def test_equal_rooms_in_different_places_share_one_furnishing():
    """Rooms with one setting (shape, doors, walls around) get one furniture, moved with them."""
    base, program = nakano()
    by_key: dict[str, list[tuple[tuple[float, float], list[tuple]]]] = {}
    # most rooms of the zone's layouts stand in a few places: look over 60 designs
    designs = (design_candidate(base, program, s) for s in candidate_seeds(2026, 0, 60))
    for found in designs:
        if found is None:
            continue
        plan = furnish_new_rooms(found.plan, program.ruleset)
        level = plan.levels[0]
        for room in level.rooms:
            if room.id not in generated_ids(plan) or room.use not in STYLES_BY_USE:
                continue
            setting = room_setting(level, room)
            ox, oy = setting.origin
            own = [(f.kind, f.size, f.rotation, f.props.get("seats"),
                    None if f.at is None else (f.at[0] - ox, f.at[1] - oy))
                   for f in level.furniture if f.room == room.id]
            by_key.setdefault(setting.key, []).append((setting.origin, own))
    moved = [v for v in by_key.values() if len({origin for origin, _ in v}) > 1]
    assert moved, "no room of these designs repeats elsewhere in the zone"
    for rooms in moved:
        first = rooms[0][1]
        assert first
        for _, own in rooms[1:]:
            assert [x[:4] for x in own] == [x[:4] for x in first]
            for a, b in zip(own, first, strict=True):
                if a[4] is not None:
                    assert abs(a[4][0] - b[4][0]) < 1.5e-4 and abs(a[4][1] - b[4][1]) < 1.5e-4


def test_furnishings_made_in_one_process_serve_another_unchanged(monkeypatch):
    """What a pool worker hands on (made_furnishings) furnishes the same rooms elsewhere."""
    _, program = nakano()
    plan = design(4).plan
    monkeypatch.setattr(furnishing, "_MADE", None)
    _MEMO.clear()
    assert furnishing.made_furnishings() == []  # not kept unless asked
    furnishing.share_furnishings()
    first = furnish_new_rooms(plan, program.ruleset)
    made = furnishing.made_furnishings()
    assert made and len(made) == len(_MEMO)
    assert furnishing.made_furnishings() == []  # handed on once
    # another process: an empty memo that gets them, and would fail if it furnished a room
    _MEMO.clear()
    furnishing.add_furnishings(pickle.loads(pickle.dumps(made)))

    def no_furnisher(*args, **kwargs):
        raise AssertionError("furnished again")

    monkeypatch.setattr(furnishing, "furnish_setting", no_furnisher)
    assert furnish_new_rooms(plan, program.ruleset).levels == first.levels
    assert furnishing.made_furnishings() == []
