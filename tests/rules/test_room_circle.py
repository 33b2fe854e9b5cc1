"""The largest turning circle of a room read off the network, with the room's nodes grouped.

:meth:`Context.room_circle` reads a room's nodes off the grouping of the graph's room codes
kept with the graph (:func:`room_nodes`); the circle must equal the one found from the nodes
selected by comparing every node's room code.
"""

from __future__ import annotations

import numpy as np
import shapely

from spacedesign.analysis.freespace import Circle, room_net_floor, turning_circle_near
from spacedesign.analysis.targets import room_nodes
from spacedesign.generate.scenario import furnish_new_rooms
from spacedesign.io import load_plan
from spacedesign.model import Level
from spacedesign.rules.context import Context, build_context
from tests.conftest import SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.scenegen.conftest import design, nakano


def _two_batches(ctx: Context, level: Level, room_id: str, diameter: float) -> Circle | None:
    graph = ctx.graph
    key = (level.id, room_id)
    if key in graph.rooms:
        nodes = np.nonzero(graph.room == graph.rooms.index(key))[0]
        if len(nodes):
            boundary = level.room(room_id).polygon.geometry.boundary
            xy, radius = graph.xy[nodes], graph.free[nodes]
            order = np.argsort(-radius, kind="stable")
            for batch in (order[:16], order[16:]):
                inside = shapely.distance(shapely.points(xy[batch]), boundary) >= radius[batch] - 1e-6
                if inside.any():
                    k = int(batch[np.argmax(inside)])
                    if 2.0 * radius[k] >= diameter + 0.01:
                        return Circle((float(xy[k, 0]), float(xy[k, 1])), float(radius[k]))
                    break
    return turning_circle_near(room_net_floor(level, room_id), diameter)


def test_room_circles_equal_the_two_batch_search():
    program = nakano()[1]
    plans = [load_plan(p) for p in [*SHIPPED_PLANS, *SHIPPED_SCENARIOS]]
    plans += [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (1, 4)]
    read_off = 0
    for plan in plans:
        ctx = build_context(plan, "jp-recommended")
        for level in plan.levels:
            for room in level.rooms:
                key = (level.id, room.id)
                if key in ctx.graph.rooms:
                    code = ctx.graph.rooms.index(key)
                    assert np.array_equal(room_nodes(ctx.graph, code), np.nonzero(ctx.graph.room == code)[0])
                for diameter in (0.9, 1.5, 1.8):
                    got = ctx.room_circle(level, room.id, diameter)
                    assert got == _two_batches(ctx, level, room.id, diameter)
                    read_off += got is not None and got.radius * 2.0 >= diameter + 0.01
    assert read_off > 50
