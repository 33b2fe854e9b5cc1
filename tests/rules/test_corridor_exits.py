"""One search for the ways out of every corridor gives each corridor's own distances."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.routes import route_set
from spacedesign.rules.context import build_context
from spacedesign.rules.route_topology import (
    _exit_distance,
    _inside_and_exits,
    corridor_exit_distances,
)
from tests.analysis.test_route_shortcuts import networks
from tests.conftest import SHIPPED_PLANS
from tests.scenegen.conftest import design, nakano

ROOMS = (("1F", "a"), ("1F", "b"), ("1F", "c"), ("2F", "a"))


def _assert_own(rs, keys) -> int:
    """Each corridor's nodes get the distances of its own search; count the nodes compared."""
    found = corridor_exit_distances(rs, keys)
    compared = 0
    for key, dist in found.items():
        inside, exits = _inside_and_exits(rs, rs.graph.rooms.index(key))
        own = _exit_distance(rs, inside, exits, 1.5)
        assert np.array_equal(dist[inside], own[inside])
        compared += int(inside.sum())
    return compared


@settings(max_examples=300, deadline=None)
@given(networks(), st.data())
def test_one_search_gives_each_corridors_own_distances(network, data):
    graph, sources, gap, blocked = network
    n = graph.size
    graph = dataclasses.replace(
        graph,
        room=np.array(data.draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))),
        rooms=ROOMS,
        length=np.array(
            data.draw(
                st.lists(
                    st.sampled_from([0.1, 0.2, 0.3, 0.7, 0.1 + 0.2]),
                    min_size=len(graph.length),
                    max_size=len(graph.length),
                )
            )
        ),
    )
    rs = route_set(graph, gap, sources, blocked)
    keys = data.draw(st.lists(st.sampled_from([*ROOMS, ("1F", "none")]), max_size=4))
    _assert_own(rs, keys)
    # Every pair of rooms on its own, and a corridor that meets another (its way out inside
    # it) gives up the one search.
    for pair in itertools.combinations(ROOMS, 2):
        found = corridor_exit_distances(rs, list(pair))
        _assert_own(rs, list(pair))
        parts = [_inside_and_exits(rs, ROOMS.index(key)) for key in pair]
        meets = any(inside[exits].any() for inside, _ in parts for _, exits in parts)
        if meets:
            assert found == {}


def test_two_corridors_that_meet_search_alone():
    # Corridor a's way out is a node of corridor b: one search would start inside b.
    graph, sources, gap, blocked = _chain()
    rs = route_set(graph, gap, sources, blocked)
    assert corridor_exit_distances(rs, [ROOMS[0], ROOMS[1]]) == {}


def _chain():
    from tests.analysis.test_route_shortcuts import _plain_graph

    # 0 - 1 - 2 - 3 - 4 : nodes 1, 2 in corridor a; node 3 in corridor b
    graph = _plain_graph(np.zeros((5, 2)), np.ones(5), [[k, k + 1] for k in range(4)], np.ones(4))
    graph = dataclasses.replace(graph, room=np.array([-1, 0, 0, 1, -1]), rooms=ROOMS)
    return graph, [("s", 0)], 0.8, set()


def test_two_corridors_apart_share_one_search():
    from tests.analysis.test_route_shortcuts import _plain_graph

    # 0 - 1 - 2 - 3 - 4 - 5 - 6: corridor a = {1, 2}, corridor b = {5}; the rest are rooms' ways
    edges = [[k, k + 1] for k in range(6)]
    graph = _plain_graph(np.zeros((7, 2)), np.ones(7), edges, [0.5, 1.0, 2.0, 0.25, 1.0, 3.0])
    graph = dataclasses.replace(graph, room=np.array([-1, 0, 0, -1, -1, 1, -1]), rooms=ROOMS)
    rs = route_set(graph, 0.8, [("s", 0)], set())
    found = corridor_exit_distances(rs, [ROOMS[0], ROOMS[1]])
    assert set(found) == {ROOMS[0], ROOMS[1]}
    assert found[ROOMS[0]][[1, 2]].tolist() == [0.5, 1.5]  # node 2 back through node 1
    assert found[ROOMS[1]][5] == 1.0
    assert _assert_own(rs, [ROOMS[0], ROOMS[1]]) == 3


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_generated_and_shipped_corridors_get_their_own_distances(seed):
    from spacedesign.generate.scenario import furnish_new_rooms
    from spacedesign.io import load_plan

    program = nakano()[1]
    plans = [furnish_new_rooms(design(seed).plan, program.ruleset)]
    plans += [load_plan(p) for p in SHIPPED_PLANS]
    compared = 0
    for plan in plans:
        ctx = build_context(plan, program.ruleset)
        keys = [
            (level.id, room.id)
            for level in plan.levels
            for room in level.rooms
            if room.use == "corridor"
        ]
        compared += _assert_own(ctx.routes, keys)
    assert compared > 50


@pytest.mark.parametrize("arrivals", [True, False])
def test_route_turn_findings_equal_those_of_each_corridor_alone(arrivals, monkeypatch):
    # The whole rule, with the one search and with each corridor searching alone; also for
    # a plan without arrival points (every end counts, no route reaches anything).
    import spacedesign.rules.checks_route as checks_route
    from spacedesign.generate.scenario import furnish_new_rooms
    from spacedesign.rules.data import RULES

    program = nakano()[1]
    plan = furnish_new_rooms(design(0).plan, program.ruleset)
    req = RULES["ROUTE-TURN"].rulesets[program.ruleset]

    def findings():
        ctx = build_context(plan, program.ruleset)
        if not arrivals:
            ctx.routes = dataclasses.replace(ctx.routes, sources=())
            ctx.sources = []
        checks_route.route_turn(ctx, req)
        return ctx.findings

    ctx = build_context(plan, program.ruleset)
    keys = [(lv.id, r.id) for lv in plan.levels for r in lv.rooms if r.use == "corridor"]
    assert corridor_exit_distances(ctx.routes, keys)  # the one search applies to this plan
    together = findings()
    monkeypatch.setattr(checks_route, "corridor_exit_distances", lambda rs, keys: {})
    alone = findings()
    assert together == alone
    assert sum("行き止まり" in f.message for f in together) >= 2  # each corridor's dead ends
