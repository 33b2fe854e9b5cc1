"""Room settings kept by what they read (furnishing._SETTINGS) are those built fresh.

:func:`spacedesign.capacity.setting.setting_inputs` gathers what
:func:`~spacedesign.capacity.setting.room_setting` reads of a level for a room, named exactly by
its key; a warm memo must give every room of the generated designs the setting a fresh call
gives, and levels that differ only in what a room's setting does not read must give equal keys
and equal settings.
"""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.capacity import STYLES_BY_USE
from spacedesign.capacity.setting import LevelIndex, room_setting, setting_from, setting_inputs
from spacedesign.generate.scenario import furnishing
from spacedesign.generate.scenario.furnishing import furnish_new_rooms, generated_ids
from spacedesign.model import Column, Fixture, Level, Opening, Room, Shape, Wall
from tests.scenegen.conftest import SEEDS, design, nakano


def test_kept_settings_are_those_built_fresh():
    furnishing._SETTINGS.clear()
    _, program = nakano()
    served = 0
    for _ in range(2):  # the second pass comes out of the memo
        for seed in SEEDS:
            plan = design(seed).plan
            level = plan.levels[0]
            index = LevelIndex(level)
            for room in level.rooms:
                if room.id not in generated_ids(plan) or room.use not in STYLES_BY_USE:
                    continue
                kept = furnishing._setting(level, room, index)
                fresh = room_setting(level, room)
                assert (kept.key, kept.origin, kept.level) == (fresh.key, fresh.origin,
                                                               fresh.level)
                served += 1
    assert served and 0 < len(furnishing._SETTINGS.items) < served
    assert furnishing._SETTINGS.hits >= served // 2
    # and the furniture with a warm memo is the furniture with a cold one
    warm = [furnish_new_rooms(design(s).plan, program.ruleset).levels for s in SEEDS[:4]]
    furnishing._SETTINGS.clear()
    furnishing._MEMO.clear()
    assert [furnish_new_rooms(design(s).plan, program.ruleset).levels
            for s in SEEDS[:4]] == warm


def _level(rng: random.Random, far: int) -> tuple[Level, Room]:
    """A room with walls, a door, a column and fixtures near it, and ``far`` elements far off."""
    x, y = rng.randrange(0, 20) * 0.25, rng.randrange(0, 20) * 0.25
    w, d = rng.randrange(12, 40) * 0.25, rng.randrange(12, 30) * 0.25
    t = rng.choice([0.1, 0.12, 0.2])
    walls = [Wall("s", ((x - 1.0, y), (x + w + 1.0, y)), t),
             Wall("n", ((x, y + d), (x + w, y + d)), t),
             Wall("e", ((x + w, y), (x + w, y + d)), t),
             Wall("wv", ((x, y - 2.0), (x, y + d)), t)]
    room = Room("r", "room", "meeting", Shape.rectangle(x, y, x + w, y + d))
    door = Opening("d", "door", "s", (x + w / 2.0, y), 0.9, "sliding", connects=("r", "c"))
    column = Column("c1", Shape.rectangle(x + 0.5, y + 0.5, x + 0.9, y + 0.9))
    fixtures = [Fixture("f1", "counter", Shape.rectangle(x + 1.0, y + 1.0, x + 1.5, y + 1.5),
                        room="r"),
                Fixture("f2", "other", Shape.rectangle(x - 3.0, y + 1.0, x - 2.0, y + 1.5))]
    for i in range(far):
        fx = 60.0 + rng.randrange(0, 40)
        walls.insert(rng.randrange(0, len(walls) + 1),
                     Wall(f"far{i}", ((fx, 0.0), (fx, rng.randrange(1, 9))), t))
    level = Level("L", Shape.rectangle(-10.0, -10.0, 120.0, 60.0), walls=tuple(walls),
                  openings=(door,), rooms=(room,), columns=(column,), fixtures=tuple(fixtures))
    return level, room


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 100_000), st.integers(0, 4), st.integers(0, 4))
def test_equal_keys_give_equal_settings(seed, far_a, far_b):
    """Far walls (anywhere in the level's order) change neither the key nor the setting."""
    level_a, room = _level(random.Random(seed), far_a)
    level_b, _ = _level(random.Random(seed), far_b)
    a, b = setting_inputs(level_a, room), setting_inputs(level_b, room)
    assert a.key == b.key
    assert setting_from(a).key == setting_from(b).key == room_setting(level_a, room).key
    # what the setting reads changes the key: a near wall moved, a door widened
    wall = level_a.walls[[w.id for w in level_a.walls].index("n")]
    moved = dataclasses.replace(level_a, walls=tuple(
        dataclasses.replace(w, path=((w.path[0][0], w.path[0][1] - 0.3), w.path[1]))
        if w is wall else w for w in level_a.walls))
    assert setting_inputs(moved, room).key != a.key
    wider = dataclasses.replace(level_a, openings=tuple(
        dataclasses.replace(o, width=o.width + 0.1) for o in level_a.openings))
    assert setting_inputs(wider, room).key != a.key
