"""The independent reachability test finds narrow doors, missing doors and blocked corridors."""

from __future__ import annotations

import dataclasses

from spacedesign.generate.scenario import CORRIDOR_ID, wheelchair_reachable
from spacedesign.model import Column
from tests.scenegen.conftest import design


def _level():
    return design(0).plan.levels[0]


def test_narrow_door_cuts_the_room_off():
    level = _level()
    door = next(o for o in level.openings if o.id == "G-D-consult-1")
    narrow = dataclasses.replace(door, width=0.75)
    level = dataclasses.replace(level, openings=tuple(narrow if o is door else o
                                                      for o in level.openings))
    reached = wheelchair_reachable(level, "hall", ["consult-1", "consult-2"])
    assert reached == {"consult-1": False, "consult-2": True}


def test_threshold_counts_as_a_barrier():
    level = _level()
    door = next(o for o in level.openings if o.id == "G-D-kids")
    stepped = dataclasses.replace(door, threshold=0.03)
    level = dataclasses.replace(level, openings=tuple(stepped if o is door else o
                                                      for o in level.openings))
    assert wheelchair_reachable(level, "hall", ["kids"]) == {"kids": False}


def test_obstacle_filling_the_corridor_blocks_the_rooms_behind_it():
    level = _level()
    corridor = level.room(CORRIDOR_ID).polygon
    level = dataclasses.replace(level, columns=(*level.columns, Column("X", corridor)))
    targets = [r.id for r in level.rooms if r.props.get("generated") and r.public]
    reached = wheelchair_reachable(level, "hall", targets)
    assert not reached[CORRIDOR_ID]
    assert reached["recept"]  # its front door opens onto the hall or the old corridor
    assert not all(reached.values())
