"""Rule reads batched over many rooms or routes give what the room-by-room forms gave.

Checked on the shipped plans and on generated scenarios (their real networks), against the
plain loops the rules used before.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.targets import room_target
from spacedesign.generate.scenario import candidate_seeds, furnish_new_rooms
from spacedesign.io import load_plan
from spacedesign.rules.checks_facility import _farthest_public_room
from spacedesign.rules.context import Context, build_context
from tests.conftest import REPO
from tests.scenegen.conftest import design, nakano

PLANS = ["floorplans/nakano-ipc.yaml", "scenarios/scenario-a.yaml", "scenarios/scenario-c.yaml"]


def _contexts() -> list[Context]:
    out = [build_context(load_plan(REPO / name), "jp-recommended") for name in PLANS]
    _, program = nakano()
    for seed in candidate_seeds(2026, 1000, 3):
        found = design(seed)
        if found is not None:
            out.append(build_context(furnish_new_rooms(found.plan, program.ruleset), "tokyo"))
    return out


CONTEXTS = _contexts()


def _old_farthest(ctx, level, nodes):
    """_farthest_public_room room by room (as it was)."""
    dist = ctx.routes.distance_to(nodes)
    worst = None
    cut_off: list[str] = []
    for room in level.rooms:
        if not room.public or room.use in ("accessible_toilet", "toilet"):
            continue
        target = room_target(ctx.graph, level.id, room.id)
        if not len(target.nodes):
            continue
        if not np.isfinite(ctx.routes.wheel_dist[:, target.nodes]).any():
            continue
        d = float(np.min(dist[target.nodes]))
        if not math.isfinite(d):
            cut_off.append(room.id)
            continue
        if worst is None or d > worst[0]:
            worst = (d, room.id)
    return worst, cut_off


@pytest.mark.parametrize("k", range(len(CONTEXTS)))
def test_farthest_public_room_from_each_toilet_equals_the_room_by_room_search(k):
    ctx = CONTEXTS[k]
    asked = 0
    for level in ctx.plan.levels:
        for room in level.rooms:
            if room.use in ("accessible_toilet", "toilet"):
                nodes = room_target(ctx.graph, level.id, room.id, "toilet").nodes
                assert _farthest_public_room(ctx, level, nodes) == _old_farthest(
                    ctx, level, nodes
                )
                asked += 1
    assert asked


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(CONTEXTS) - 1), st.data())
def test_farthest_public_room_from_any_nodes_equals_the_room_by_room_search(k, data):
    # any start: rooms cut off, unreached or at equal distances come out as before
    ctx = CONTEXTS[k]
    level = data.draw(st.sampled_from(ctx.plan.levels))
    nodes = np.array(
        data.draw(st.lists(st.integers(0, ctx.graph.size - 1), min_size=1, max_size=4)),
        dtype=np.int64,
    )
    assert _farthest_public_room(ctx, level, nodes) == _old_farthest(ctx, level, nodes)
