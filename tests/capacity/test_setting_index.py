"""A level index's doors and fixtures of a room are those found by testing every one of them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.capacity.setting import LevelIndex
from spacedesign.capacity.space import touches_room
from spacedesign.generate.scenario import candidate_seeds, design_candidate
from spacedesign.io import load_plan, load_program
from spacedesign.model import Fixture, Level, Opening, Room, Shape, Wall


def _plain(level, room):
    """Every opening and fixture tested (the form before the index)."""
    bounds = room.polygon.geometry.bounds
    doors = tuple(o for o in level.openings if touches_room(o, room, level))
    fixtures = []
    for f in level.fixtures:
        if f.polygon is None:
            continue
        a = f.polygon.geometry.bounds
        meets = a[0] <= bounds[2] and a[2] >= bounds[0] and a[1] <= bounds[3] and \
            a[3] >= bounds[1]
        if f.room == room.id or meets:
            fixtures.append(f)
    return doors, tuple(fixtures)


def _indexed(index, room):
    return index.doors(room), index.fixtures_near(room, room.polygon.geometry.bounds)


def test_the_index_finds_the_doors_and_fixtures_of_shipped_and_generated_rooms():
    plans = [load_plan(name) for name in ("floorplans/nakano-ipc.yaml",
                                          "scenarios/scenario-a.yaml",
                                          "scenarios/scenario-b.yaml")]
    base, program = plans[0], load_program("scenarios/program-2026.yaml")
    for seed in candidate_seeds(2026, 1000, 6):
        design = design_candidate(base, program, seed)
        if design is not None:
            plans.append(design.plan)
    rooms = 0
    for plan in plans:
        for level in plan.levels:
            index = LevelIndex(level)
            for room in level.rooms:
                rooms += 1
                assert _indexed(index, room) == _plain(level, room)
    assert rooms > 50


cell = st.integers(0, 12).map(lambda i: i * 1.0)


@st.composite
def levels(draw):
    """Rooms on a grid, walls round them, openings (named, unnamed, windows) and fixtures."""
    rooms = []
    for k in range(draw(st.integers(1, 4))):
        x, y = draw(cell), draw(cell)
        rooms.append(Room(f"r{k}", "室", "meeting", Shape.rectangle(x, y, x + 4.0, y + 3.0)))
    walls = tuple(Wall(f"w{k}", (r.polygon.shell[0], r.polygon.shell[1]), 0.2)
                  for k, r in enumerate(rooms))
    openings = []
    for k in range(draw(st.integers(0, 8))):
        host = draw(st.integers(0, len(walls) - 1))
        (ax, ay), (bx, _) = walls[host].path
        at = (ax + draw(st.floats(0.0, 1.0)) * (bx - ax), ay + draw(st.sampled_from(
            [0.0, 0.1, 0.2, 1.0])))
        names = draw(st.sampled_from([None, ("r0", "outside"), ("r1", "r2"), ("r3", "r3"),
                                      ("x", "y")]))
        kind = draw(st.sampled_from(["door", "opening", "window"]))
        openings.append(Opening(f"o{k}", kind, draw(st.sampled_from([walls[host].id, "none"])),
                                at, 0.9, connects=names))
    fixtures = []
    for k in range(draw(st.integers(0, 5))):
        x, y = draw(cell), draw(cell)
        owner = draw(st.sampled_from([None, "r0", "r1"]))
        shape = draw(st.sampled_from([Shape.rectangle(x, y, x + 0.5, y + 0.5), None]))
        fixtures.append(Fixture(f"f{k}", "counter", shape, room=owner))
    level = Level("1F", Shape.rectangle(-1.0, -1.0, 20.0, 20.0), walls=walls,
                  openings=tuple(openings), rooms=tuple(rooms), fixtures=tuple(fixtures))
    return level


@settings(max_examples=300, deadline=None)
@given(levels())
def test_the_index_finds_the_doors_and_fixtures_of_drawn_rooms(level):
    index = LevelIndex(level)
    for room in level.rooms:
        assert _indexed(index, room) == _plain(level, room)
