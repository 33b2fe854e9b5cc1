"""The room across a zone edge is found as the plain search over every room finds it.

:func:`~spacedesign.generate.scenario.frame.neighbour_room` keeps each level's public rooms
(draught lobbies left out) with their boxes and asks shapely only about the rooms whose box
meets the probe cell; the plain form below builds the lobby set and asks every public room.
Probes are drawn anywhere on the Nakano levels and on the rooms' own corner coordinates shifted
by the probe step and the cell's half size, where a box only touches the cell.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from spacedesign.generate.scenario.frame import neighbour_room
from tests.scenegen.conftest import nakano

EDGES = ("west", "east", "south", "north")


def _plain(level, at, edge):
    """The search as first written: every public room but the lobbies, in order."""
    x, y = at
    probe = {"west": (x - 0.3, y), "east": (x + 0.3, y), "south": (x, y - 0.3),
             "north": (x, y + 0.3)}[edge]
    cell = box(probe[0] - 0.01, probe[1] - 0.01, probe[0] + 0.01, probe[1] + 0.01)
    vestibules = {r for o in level.openings if o.connects and "outside" in o.connects
                  and o.operation == "automatic" for r in o.connects}
    for room in level.rooms:
        if room.public and room.id not in vestibules and room.polygon.geometry.intersects(cell):
            return room.id
    return None


def _corner_values(level, index):
    values = set()
    for room in level.rooms:
        bounds = room.polygon.geometry.bounds
        for v in (bounds[index], bounds[index + 2]):
            for shift in (0.0, 0.3, -0.3, 0.31, -0.31, 0.29, -0.29, 0.01, -0.01):
                values.add(v + shift)
    return sorted(values)


@st.composite
def probes(draw):
    plan, _ = nakano()
    level = plan.levels[draw(st.integers(0, len(plan.levels) - 1))]
    x0, y0, x1, y1 = (min(b[i] for b in (r.polygon.geometry.bounds for r in level.rooms))
                      if i < 2 else
                      max(b[i] for b in (r.polygon.geometry.bounds for r in level.rooms))
                      for i in range(4))
    if draw(st.booleans()):
        at = (draw(st.sampled_from(_corner_values(level, 0))),
              draw(st.sampled_from(_corner_values(level, 1))))
    else:
        at = (draw(st.floats(x0 - 1, x1 + 1)), draw(st.floats(y0 - 1, y1 + 1)))
    return level, at, draw(st.sampled_from(EDGES))


@settings(max_examples=400, deadline=None)
@given(probes())
def test_neighbour_room_as_the_plain_search(probe):
    level, at, edge = probe
    assert neighbour_room(level, at, (0.0, 0.0, 1.0, 1.0), edge) == _plain(level, at, edge)


def test_neighbour_room_finds_rooms_and_skips_lobbies():
    plan, _ = nakano()
    found = set()
    for level in plan.levels:
        for room in level.rooms:
            x0, y0, x1, y1 = room.polygon.geometry.bounds
            for edge in EDGES:
                at = ((x0 + x1) / 2 + {"west": 0.3, "east": -0.3}.get(edge, 0.0),
                      (y0 + y1) / 2 + {"south": 0.3, "north": -0.3}.get(edge, 0.0))
                got = neighbour_room(level, at, (0.0, 0.0, 1.0, 1.0), edge)
                assert got == _plain(level, at, edge)
                found.add(got)
    assert len(found - {None}) > 5  # the test reaches many rooms, not just misses
