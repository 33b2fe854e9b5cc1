"""The generator's exact shortcuts replayed against the forms they replace.

Each shortcut gives what its plain form gives, on the inputs the generator asks about (recorded
while designing Nakano seeds) and on drawn ones:

- :meth:`~spacedesign.generate.scenario.placing._Positions.bisect` finds ``bisect_left``'s index
  from its estimate;
- :func:`~spacedesign.generate.scenario.fixed.aligned` builds the moved rooms directly instead
  of through ``dataclasses.replace``;
- :func:`~spacedesign.generate.scenario.frame.neighbour_room`,
  :func:`~spacedesign.generate.scenario.entries.corridor_entries` and the edge walls of
  :func:`~spacedesign.generate.scenario.entries.edge_openings` are remembered for the last
  level, :func:`~spacedesign.generate.scenario.columns.clear_of_columns`'s position once its
  draw is made: warm answers equal cold ones and the plain forms'.

Whole designs are replayed too: 2,000 seeds designed with the plain forms patched in and with
the shortcuts give the same plans, rooms, scores and costs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import random
from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, box

from spacedesign.generate.scenario import (
    build,
    candidate_seeds,
    columns,
    design_candidate,
    draw,
    entries,
    fixed,
    placing,
    surroundings,
)
from spacedesign.generate.scenario import frame as frame_module
from spacedesign.generate.scenario.entries import BuildError
from spacedesign.generate.scenario.fixed import _columns_in_rooms, _fits, _local, _snap
from spacedesign.generate.scenario.frame import ZoneFrame
from spacedesign.generate.scenario.layout import BlockLayout, LocalRect, RoomNeed
from spacedesign.generate.scenario.placing import END_MARGIN, _Positions
from spacedesign.generate.scenario.walls import wall_line, walls_near
from spacedesign.io import load_plan, load_program, plan_to_data
from spacedesign.model import Opening
from tests.scenegen.conftest import PLAN_FILE, PROGRAM_FILE
from tests.scenegen.test_fast_paths import _reference_clear
from tests.scenegen.test_neighbour_room import _plain

REPLAYED_SEEDS = 2000
RECORDED_SEEDS = 150


# --- the plain forms (as they were written before the shortcuts) ---------------------------


def _plain_aligned(layout, frame, columns_, needs):
    """fixed.aligned as first written: each moved room through dataclasses.replace."""
    by_need = {n.id: n for n in needs}
    rooms = list(layout.rooms)
    cells = [frame.rect(r) for r in rooms]
    for col, index in _columns_in_rooms(cells, columns_, frame.bounds):
        u, v = _local(frame, col)
        room = rooms[index]
        best = None
        for j, other in enumerate(rooms):
            moved = None
            if (other.v0, other.v1) == (room.v0, room.v1) and other.u0 == room.u1:
                moved = (dataclasses.replace(room, u1=_snap(u)),
                         dataclasses.replace(other, u0=_snap(u)))
            elif (other.v0, other.v1) == (room.v0, room.v1) and other.u1 == room.u0:
                moved = (dataclasses.replace(room, u0=_snap(u)),
                         dataclasses.replace(other, u1=_snap(u)))
            elif (other.u0, other.u1) == (room.u0, room.u1) and other.v0 == room.v1:
                moved = (dataclasses.replace(room, v1=_snap(v)),
                         dataclasses.replace(other, v0=_snap(v)))
            elif (other.u0, other.u1) == (room.u0, room.u1) and other.v1 == room.v0:
                moved = (dataclasses.replace(room, v0=_snap(v)),
                         dataclasses.replace(other, v1=_snap(v)))
            if moved is None or not all(_fits(r, by_need[r.id]) for r in moved):
                continue
            shift = abs(moved[0].area - room.area)
            if best is None or shift < best[0]:
                best = (shift, j, *moved)
        if best is not None:
            _, j, rooms[index], rooms[j] = best
            cells = [frame.rect(r) for r in rooms]
    if rooms == list(layout.rooms):
        return layout, cells
    return dataclasses.replace(layout, rooms=tuple(rooms)), cells


def _plain_neighbour(level, at, bounds, edge):
    return _plain(level, at, edge)


def _plain_entries(level, corridor_id, corridor_rect, legs, bounds, entry_edge, corridor_width):
    """The corridor's entries as assemble_level made them inline, every time."""
    openings = []
    touch = box(*corridor_rect).exterior.intersection(
        frame_module.edge_line(bounds, entry_edge))
    has_entry = isinstance(touch, LineString) and touch.length >= corridor_width
    if has_entry:
        openings.append(entries._corridor_entry(level, corridor_id, touch, bounds, entry_edge,
                                                corridor_width))
    openings += entries._leg_entries(level, corridor_id, legs, bounds, entry_edge,
                                     corridor_width)
    return has_entry, tuple(openings)


def _plain_edge_openings(level, room_id, rect, bounds, obstacles, taken, width, kind):
    """build._edge_openings as first written: the edge walls found on every call."""
    out = []
    room_geom = None
    need = width + 2 * END_MARGIN
    for edge in ("west", "north", "east", "south"):
        if entries._edge_contact(rect, bounds, edge) < need - 1e-9:
            continue
        room_geom = room_geom or box(*rect).exterior
        contact = room_geom.intersection(frame_module.edge_line(bounds, edge))
        if not isinstance(contact, LineString) or contact.length < need:
            continue
        for wall in walls_near(level, contact.bounds):
            overlap = wall_line(wall.path).intersection(contact)
            if not isinstance(overlap, LineString) or overlap.length < need:
                continue
            coords = list(overlap.coords)
            seg = (tuple(coords[0]), tuple(coords[-1]))
            seg = (min(seg), max(seg))
            at = placing.place_on_segment(seg, width, obstacles, taken, 0.5)
            if at is None:
                continue
            other = entries.neighbour_room(level, at, bounds, edge)
            if other is None:
                taken.pop()
                continue
            door = kind == "door"
            out.append(Opening(id=f"G-{'D' if door else 'O'}-{room_id}-{edge}", kind=kind,
                               wall=wall.id, at=at, width=width,
                               operation="sliding" if door else "none", threshold=0.0,
                               connects=(room_id, other)))
            break
    return out


@contextmanager
def _plain_forms() -> Iterator[None]:
    """Patch the plain forms in where the generator calls the shortcuts."""
    patches: list[tuple[Any, str, Any]] = [
        (draw, "aligned", _plain_aligned),
        (draw, "clear_of_columns",
         lambda cols, frame, vc, cw, end, rng, turn=None: _reference_clear(
             cols, frame, vc, cw, end, rng, turn)),
        (draw, "neighbour_room", _plain_neighbour),
        (surroundings, "neighbour_room", _plain_neighbour),
        (entries, "neighbour_room", _plain_neighbour),
        (build, "corridor_entries", _plain_entries),
        (build, "edge_openings", _plain_edge_openings),
        (placing._Positions, "bisect", lambda self, want: bisect_left(self, want)),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    try:
        for owner, name, value in patches:
            setattr(owner, name, value)
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def _fingerprint(design) -> str | None:
    if design is None:
        return None
    data = [plan_to_data(design.plan), repr(design.rooms), sorted(design.topology),
            repr(dict(design.scores)), repr(design.cost)]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=repr).encode()).hexdigest()


def test_designs_with_the_shortcuts_as_with_the_plain_forms():
    seeds = candidate_seeds(2026, 3000, REPLAYED_SEEDS)
    program = load_program(PROGRAM_FILE)
    with _plain_forms():
        plan = load_plan(PLAN_FILE)  # a plan of its own: the zone is prepared with plain forms
        plain = [_fingerprint(design_candidate(plan, program, s)) for s in seeds]
    plan = load_plan(PLAN_FILE)
    fast = [_fingerprint(design_candidate(plan, program, s)) for s in seeds]
    differ = [s for s, a, b in zip(seeds, plain, fast, strict=True) if a != b]
    assert not differ, f"{len(differ)} of {len(seeds)} designs differ, first {differ[:5]}"
    assert sum(f is not None for f in fast) > REPLAYED_SEEDS * 0.8


# --- recorded inputs, replayed warm and cold -------------------------------------------------


@functools.cache
def _recorded() -> dict[str, list[tuple[Any, ...]]]:
    """The arguments of the shortcuts' calls while designing :data:`RECORDED_SEEDS` seeds."""
    calls: dict[str, list[tuple[Any, ...]]] = {"aligned": [], "clear": [], "neighbour": [],
                                               "entries": [], "edges": []}

    def recording(owner: Any, name: str, key: str,
                  args_of: Callable[..., tuple[Any, ...]]) -> tuple[Any, str, Any]:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[key].append(args_of(*args, **kwargs))
            return original(*args, **kwargs)

        return owner, name, wrapper

    def clear_args(cols, frame, vc, cw, end, rng, turn=None):
        return cols, frame, vc, cw, end, rng.getstate(), turn

    def edge_args(level, room_id, rect, bounds, obstacles, taken, width, kind):
        return level, room_id, rect, bounds, obstacles, list(taken), width, kind

    patches = [
        recording(draw, "aligned", "aligned", lambda *a: a),
        recording(draw, "clear_of_columns", "clear", clear_args),
        recording(entries, "neighbour_room", "neighbour", lambda *a: a),
        recording(build, "corridor_entries", "entries", lambda *a: a),
        recording(build, "edge_openings", "edges", edge_args),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    try:
        for owner, name, value in patches:
            setattr(owner, name, value)
        plan, program = load_plan(PLAN_FILE), load_program(PROGRAM_FILE)
        for seed in candidate_seeds(2026, 6000, RECORDED_SEEDS):
            design_candidate(plan, program, seed)
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
    return calls


def test_aligned_as_first_written():
    calls = _recorded()["aligned"]
    with_columns = 0
    for layout, frame, cols, needs in calls:
        assert fixed.aligned(layout, frame, cols, needs) == _plain_aligned(layout, frame, cols,
                                                                           needs)
        cells = [frame.rect(r) for r in layout.rooms]
        with_columns += bool(_columns_in_rooms(cells, cols, frame.bounds))
    assert len(calls) > 200 and with_columns > 100  # layouts with cuts to try moving


@pytest.mark.parametrize("edge", ["west", "east", "south", "north"])
@pytest.mark.parametrize("at", [3.0, 4.0, 6.5, 7.5])
def test_aligned_moves_cuts_as_first_written(edge, at):
    """A column in a room (or beside the cut) moves the cut onto it when both rooms fit."""
    frame = ZoneFrame((0.0, 0.0, 20.0, 16.0), edge)
    rooms = (LocalRect("a", 0.0, 0.0, 5.0, 4.0), LocalRect("b", 5.0, 0.0, 10.0, 4.0),
             LocalRect("c", 0.0, 4.0, 10.0, 8.0))
    layout = BlockLayout(LocalRect("passage", 0.0, 8.0, 16.0, 10.0), rooms, {})
    # a 0.4 m column centred at local (at, 2.0), in plan coordinates
    cx, cy = frame.point(at, 2.0)
    cols = ((cx - 0.2, cy - 0.2, cx + 0.2, cy + 0.2),)
    needs = [RoomNeed(r.id, r.id, (8.0, 34.0), 2.0) for r in rooms]
    fast = fixed.aligned(layout, frame, cols, needs)
    assert fast == _plain_aligned(layout, frame, cols, needs)
    assert fast[0] is not layout  # the cut moved
    assert at in (fast[0].rooms[0].u1, fast[0].rooms[1].u1)


def test_clear_position_warm_as_cold_and_as_written():
    calls = _recorded()["clear"]
    for cols, frame, vc, cw, end, state, turn in calls:
        rngs = [random.Random() for _ in range(3)]
        for rng in rngs:
            rng.setstate(state)
        warm = columns.clear_of_columns(cols, frame, vc, cw, end, rngs[0], turn)
        assert warm == _reference_clear(cols, frame, vc, cw, end, rngs[1], turn)
        flush = rngs[2].random() < columns.FLUSH_SHARE
        along, beside = columns._in_reach(cols, frame, cw, end, turn)
        assert warm == columns._clear_position.__wrapped__(cols, frame, vc, cw, along, beside,
                                                           turn == "right", flush)
        assert rngs[0].random() == rngs[1].random() == rngs[2].random()
    assert len(calls) > 1000
    assert columns._clear_position.cache_info().hits > 0


def test_neighbour_room_warm_as_cold_and_as_the_plain_search():
    calls = _recorded()["neighbour"]
    found = set()
    # every recorded point across each edge (the generator asks about one edge per point)
    calls = [(level, at, bounds, edge) for level, at, bounds, _ in calls
             for edge in ("west", "east", "south", "north")]
    plain = [_plain(level, at, edge) for level, at, _, edge in calls]
    for cold in (True, False):  # each point cold, then all of them with the memo filled
        frame_module._NEIGHBOURS.clear()
        for (level, at, bounds, edge), want in zip(calls, plain, strict=True):
            if cold:
                frame_module._NEIGHBOURS.clear()
            assert frame_module.neighbour_room(level, at, bounds, edge) == want
            found.add(want)
    assert len(calls) > 100 and None in found and len(found) > 2


def _entries_or_error(fn, *args):
    try:
        return fn(*args)
    except BuildError as error:
        return str(error)


def test_corridor_entries_warm_as_cold_and_as_made_inline():
    calls = _recorded()["entries"]
    plain = [_entries_or_error(_plain_entries, *args) for args in calls]
    for cold in (True, False):  # each corridor cold, then all of them with the memo filled
        entries._MEMOS.clear()
        for args, want in zip(calls, plain, strict=True):
            if cold:
                entries._MEMOS.clear()
            assert _entries_or_error(entries.corridor_entries, *args) == want
    assert len(calls) > 100 and len({args[2] for args in calls}) > 10


def test_corridor_entries_remember_a_blocked_entry():
    level = load_plan(PLAN_FILE).levels[0]
    bounds = (-1000.0, -1000.0, -999.0, -999.0)  # far off the building: no room across it
    args = (level, "passage", (-1000.0, -1000.0, -999.5, -999.0), (), bounds, "west", 0.9)
    entries._MEMOS.clear()
    for _ in range(2):  # cold, then warm
        with pytest.raises(BuildError, match="no public room across the corridor's entry"):
            entries.corridor_entries(*args)
    assert entries._MEMOS[0][1].hits == 1


def test_edge_openings_warm_as_cold_and_as_first_written():
    calls = _recorded()["edges"]
    opened = 0
    entries._MEMOS.clear()
    for level, room_id, rect, bounds, obstacles, taken, width, kind in calls * 2:
        # the first time round mostly cold (rooms recur), the second warm
        plain_taken = list(taken)
        plain = _plain_edge_openings(level, room_id, rect, bounds, obstacles, plain_taken,
                                     width, kind)
        for _ in range(2):
            fast_taken = list(taken)
            fast = entries.edge_openings(level, room_id, rect, bounds, obstacles, fast_taken,
                                         width, kind)
            assert fast == plain
            assert fast_taken == plain_taken
        # the same room with the other width (the lounge's 1.8 m, a door's 0.9 m), warm
        other = 0.9 if width > 1.0 else 1.8
        plain_taken, fast_taken = list(taken), list(taken)
        assert (entries.edge_openings(level, room_id, rect, bounds, obstacles, fast_taken,
                                      other, kind)
                == _plain_edge_openings(level, room_id, rect, bounds, obstacles, plain_taken,
                                        other, kind))
        assert fast_taken == plain_taken
        opened += bool(plain)
    assert len(calls) > 100 and opened > 50


@settings(max_examples=500, deadline=None)
@given(st.floats(-50, 50), st.integers(0, 400),
       st.one_of(st.floats(-60, 80), st.integers(-200, 1800).map(lambda i: i * 0.05),
                 st.sampled_from([float("inf"), float("-inf"), float("nan")])),
       st.floats(-1e-6, 1e-6))
def test_positions_bisect_as_bisect_left(first, count, want, nudge):
    positions = _Positions(first, count)
    for w in (want, want + nudge, first + want, round(first + want, 6)):
        assert positions.bisect(w) == bisect_left(positions, w)


def test_positions_bisect_on_every_position():
    for first in (0.25, 0.7, 1.0 / 3.0, -2.45, 12.000001):
        positions = _Positions(first, 120)
        for i in range(120):
            p = positions[i]
            for w in (p, p - 1e-9, p + 1e-9, p - 0.025, p + 0.025):
                assert positions.bisect(w) == bisect_left(positions, w)
