"""Room targets made together equal those made room by room (:func:`room_target`)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacedesign.analysis import network_for
from spacedesign.analysis.network import Graph
from spacedesign.analysis.paths import run_starts
from spacedesign.analysis.targets import _room_target, room_targets, route_targets
from spacedesign.generate.scenario import furnish_new_rooms
from spacedesign.io import load_plan
from spacedesign.model import Plan
from tests.conftest import SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.scenegen.conftest import design, nakano


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    loaded = [load_plan(p) for p in [*SHIPPED_PLANS, *SHIPPED_SCENARIOS]]
    program = nakano()[1]
    return loaded + [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (0, 3)]


def _wanted(plan: Plan) -> list[tuple[str, str, str]]:
    return [
        (level.id, room_id, kind)
        for level in plan.levels
        for room_id in [r.id for r in level.rooms] + ["outside", "no-such-room"]
        for kind in ("room", "toilet")
    ]


def _assert_same(graph: Graph, wanted: list[tuple[str, str, str]]) -> int:
    for key in [k for k in graph.memo if k[0] == "room_target"]:
        del graph.memo[key]
    made = room_targets(graph, wanted)
    assert len(made) == len(wanted)
    nodes = 0
    for target, (level_id, room_id, kind) in zip(made, wanted, strict=True):
        want = _room_target(graph, level_id, room_id, kind)
        assert (target.element, target.kind, target.level) == (room_id, kind, level_id)
        assert target.nodes.dtype == want.nodes.dtype == np.int64
        assert np.array_equal(target.nodes, want.nodes)
        # kept with the graph: room_target reads the same object back
        assert graph.memo[("room_target", level_id, room_id, kind)] is target
        nodes += len(target.nodes)
    return nodes


def test_room_targets_made_together_equal_room_by_room(plans):
    nodes = 0
    for plan in plans:
        graph = network_for(plan)
        nodes += _assert_same(graph, _wanted(plan))
        # route_targets (which makes them together first) lists the same destinations
        targets = route_targets(plan, graph)
        assert targets and all(t.nodes.dtype == np.int64 for t in targets)
    assert nodes > 1000


def test_repeated_ports_and_ports_inside_the_room_are_kept_once(plans):
    # A port listed twice, and a room node listed as a port: np.unique's answer, not a sort.
    plan = plans[0]
    graph = network_for(plan)
    level = plan.levels[0]
    room = next(r for r in level.rooms if (level.id, r.id) in graph.rooms)
    code = graph.rooms.index((level.id, room.id))
    inner = int(np.flatnonzero(graph.room == code)[0])
    ports = {(level.id, room.id): [3, 3, inner, 1]}
    graph.memo[("door_ports",)] = ports
    wanted = [(level.id, room.id, "room"), (level.id, "elsewhere", "room")]
    ports[(level.id, "elsewhere")] = [5, 2, 5]
    assert _assert_same(graph, wanted) > 0
    made = room_targets(graph, wanted)
    assert made[1].nodes.tolist() == [2, 5]
    assert len(set(made[0].nodes.tolist())) == len(made[0].nodes)


@given(st.lists(st.integers(0, 3), max_size=30))
def test_run_starts_equal_the_r_form(labels):
    arr = np.array(labels, dtype=np.int64)
    want = np.r_[True, arr[1:] != arr[:-1]][: len(arr)]
    assert np.array_equal(run_starts(arr), want)
    assert run_starts(arr).dtype == bool
