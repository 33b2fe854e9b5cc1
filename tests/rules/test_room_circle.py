"""The largest turning circle of a room read off the network, with the room's nodes grouped.

:meth:`Context.room_circle` reads a room's nodes off the grouping of the graph's room codes
kept with the graph (:func:`room_nodes`); the circle must equal the one found from the nodes
selected by comparing every node's room code.
"""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.freespace import Circle, room_net_floor, turning_circle_near
from spacedesign.analysis.network import Graph
from spacedesign.analysis.targets import room_nodes
from spacedesign.generate.scenario import furnish_new_rooms
from spacedesign.io import load_plan
from spacedesign.model import Level, Room, Shape
from spacedesign.rules.context import FIRST_DISCS, Context, build_context
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


def _disc_room_by_room(graph: Graph, level: Level, room_id: str) -> int | None:
    """The two-batch search of one room, returning the node of the disc it finds."""
    key = (level.id, room_id)
    if key not in graph.rooms:
        return None
    nodes = np.nonzero(graph.room == graph.rooms.index(key))[0]
    boundary = level.room(room_id).polygon.geometry.boundary
    order = np.argsort(-graph.free[nodes], kind="stable")
    for batch in (order[:FIRST_DISCS], order[FIRST_DISCS:]):
        xy, radius = graph.xy[nodes[batch]], graph.free[nodes[batch]]
        inside = shapely.distance(shapely.points(xy), boundary) >= radius - 1e-6
        if inside.any():
            return int(nodes[batch[np.argmax(inside)]])
    return None


grid = st.integers(0, 40).map(lambda k: k / 4.0)


def _level_and_nodes(nodes, rooms, codes) -> tuple[Level, Graph]:
    """A level of drawn rooms (ids r0-r3, repeated) and a graph of drawn nodes without edges.

    The nodes' room codes include rooms of another level ("M") and rooms not on this one.
    """
    level = Level(
        "L",
        Shape.rectangle(0.0, 0.0, 20.0, 20.0),
        rooms=tuple(
            Room(f"r{k % 4}", "r", "office", Shape.rectangle(x, y, x + w / 2.0, y + h / 2.0))
            for k, (x, y, w, h) in enumerate(rooms)
        ),
    )
    n = len(nodes)
    xy = np.array([(x, y) for x, y, _ in nodes], dtype=float).reshape(-1, 2)
    free = np.array([r for _, _, r in nodes], dtype=float)
    room = np.array(codes[:n], dtype=np.int64)
    keys = (("L", "r0"), ("L", "r1"), ("L", "r2"), ("L", "r3"), ("M", "r0"), ("L", "r9"))
    graph = Graph(xy, free, free, room, np.full(n, -1), np.zeros((0, 2), dtype=np.int64),
                  np.zeros(0), np.zeros(0, bool), np.zeros(0, np.int64), keys, (), (), {})
    return level, graph


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(grid, grid, st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.0])), max_size=90),
    st.lists(st.tuples(grid, grid, st.integers(1, 12), st.integers(1, 12)), min_size=1, max_size=5),
    st.lists(st.integers(-1, 6), min_size=90, max_size=90),
)
def test_room_discs_equal_the_room_by_room_search(nodes, rooms, codes):
    # Equal radii (ties go to the lower node), rooms with no disc inside, with more than
    # FIRST_DISCS nodes none of the first of which is inside, repeated room ids, codes of
    # rooms that are not on the level.
    level, graph = _level_and_nodes(nodes, rooms, codes)
    ctx = Context(None, "jp-recommended", graph, None, [], [], [], [], None)  # type: ignore[arg-type]
    for room_id in ("r0", "r1", "r2", "r3", "r9"):
        if any(r.id == room_id for r in level.rooms):
            assert ctx._room_disc(level, room_id) == _disc_room_by_room(graph, level, room_id)


def test_a_room_whose_largest_discs_are_outside_is_searched_on():
    # FIRST_DISCS + 4 large discs outside the room, then smaller ones: one inside.
    level = Level("L", Shape.rectangle(0.0, 0.0, 20.0, 20.0),
                  rooms=(Room("a", "a", "office", Shape.rectangle(0.0, 0.0, 4.0, 4.0)),))
    n = FIRST_DISCS + 8
    xy = np.array([(0.1, 0.1 * k) for k in range(n - 4)] + [(2.0, 2.0), (1.0, 1.0)] * 2)
    free = np.array([3.0] * (n - 4) + [1.5, 0.5, 1.5, 0.5])
    graph = Graph(xy, free, free, np.zeros(n, np.int64), np.full(n, -1), np.zeros((0, 2), np.int64),
                  np.zeros(0), np.zeros(0, bool), np.zeros(0, np.int64), (("L", "a"),), (), (), {})
    ctx = Context(None, "jp-recommended", graph, None, [], [], [], [], None)  # type: ignore[arg-type]
    assert ctx._room_disc(level, "a") == n - 4 == _disc_room_by_room(graph, level, "a")


def _room_discs_ranking_every_room(graph: Graph, level: Level) -> dict:
    """room_discs as it was: every room's nodes ranked and its first discs measured at once."""
    codes, rooms, names = [], [], {}
    for room in level.rooms:
        key = (level.id, room.id)
        if room.id in names or key not in graph.rooms:
            continue
        names[room.id] = None
        codes.append(graph.rooms.index(key))
        rooms.append(room.polygon.geometry)
    out: dict = {}
    if not names:
        return out
    groups = [room_nodes(graph, code) for code in codes]
    count = np.array([len(g) for g in groups], dtype=np.int64)
    nodes = np.concatenate(groups)
    owner = np.repeat(np.arange(len(names)), count)
    order = np.lexsort((nodes, -graph.free[nodes], owner))
    nodes, owner = nodes[order], owner[order]
    start = np.cumsum(count) - count
    rank = np.arange(len(nodes)) - start[owner]
    first = rank < FIRST_DISCS
    boundaries = shapely.boundary(np.array(rooms, dtype=object))
    xy, radius = graph.xy[nodes[first]], graph.free[nodes[first]]
    inside = shapely.distance(shapely.points(xy), boundaries[owner[first]]) >= (radius - 1e-6)
    best = np.full(len(names), len(nodes), dtype=np.int64)
    np.minimum.at(best, owner[first][inside], np.nonzero(first)[0][inside])
    for r, name in enumerate(names):
        if best[r] < len(nodes):
            out[name] = (int(nodes[best[r]]), None)
        elif count[r] > FIRST_DISCS:
            out[name] = (-1, nodes[start[r] + FIRST_DISCS : start[r] + count[r]])
        else:
            out[name] = (-1, None)
    return out


def _same_discs(got: dict, want: dict) -> bool:
    if list(got) != list(want):
        return False
    for name, (node, rest) in want.items():
        g_node, g_rest = got[name]
        if g_node != node or (rest is None) != (g_rest is None):
            return False
        if rest is not None and not np.array_equal(rest, g_rest):
            return False
    return True


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(grid, grid, st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.0, 0.0, -0.0, np.nan])),
        max_size=90,
    ),
    st.lists(st.tuples(grid, grid, st.integers(1, 12), st.integers(1, 12)), min_size=1, max_size=5),
    st.lists(st.integers(-1, 6), min_size=90, max_size=90),
)
def test_room_discs_equal_the_ranking_of_every_room(nodes, rooms, codes):
    # The largest disc of every room measured first, the rest ranked only for the rooms where
    # it is not inside: the same answers and the same nodes left to search as ranking all.
    from spacedesign.rules.context import room_discs

    level, graph = _level_and_nodes(nodes, rooms, codes)
    assert _same_discs(room_discs(graph, level), _room_discs_ranking_every_room(graph, level))


def test_room_discs_of_scenarios_equal_the_ranking_of_every_room():
    from spacedesign.rules.context import room_discs

    program = nakano()[1]
    plans = [load_plan(p) for p in SHIPPED_PLANS]
    plans += [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (0, 1, 2)]
    compared = 0
    for plan in plans:
        graph = build_context(plan, "jp-recommended").graph
        for level in plan.levels:
            want = _room_discs_ranking_every_room(graph, level)
            assert _same_discs(room_discs(graph, level), want)
            compared += len(want)
    assert compared > 60
