"""Dead ends depend on the geometry only: not on node numbers nor on the order of the edges.

The medial graph of a corridor is a comb (a centre line with short spurs at door jambs and
wall samples, and two corner spurs at each end). Pruning one spur at a time used to eat such a
comb from whichever end came first, so the ends found moved with the numbering.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.ends import route_ends
from spacedesign.analysis.network import Graph
from spacedesign.io import load_plan
from spacedesign.rules.context import build_context
from tests.conftest import REPO

CORRIDORS = [
    ("scenarios/scenario-a.yaml", "corridor"),
    ("scenarios/scenario-b.yaml", "corridor"),
    ("scenarios/scenario-b.yaml", "passage"),
]


@functools.cache
def _context(path: str):
    return build_context(load_plan(REPO / path), "jp-minimum")


def _permuted(graph: Graph, rng: np.random.Generator) -> tuple[Graph, np.ndarray, np.ndarray]:
    """The same graph with nodes renumbered, edges shuffled and edge ends swapped at random."""
    order = rng.permutation(graph.size)  # new node i is old node order[i]
    new_of = np.empty_like(order)
    new_of[order] = np.arange(graph.size)
    shuffle = rng.permutation(len(graph.edges))
    edges = new_of[graph.edges[shuffle]]
    flip = rng.random(len(edges)) < 0.5
    edges[flip] = edges[flip][:, ::-1]
    permuted = dataclasses.replace(
        graph,
        xy=graph.xy[order],
        free=graph.free[order],
        route=graph.route[order],
        room=graph.room[order],
        door=graph.door[order],
        edges=edges,
        length=graph.length[shuffle],
        wheel=graph.wheel[shuffle],
        change=graph.change[shuffle],
    )
    return permuted, order, shuffle


def _end_points(graph: Graph, ends: list[int]) -> list[tuple[float, float]]:
    return [(float(graph.xy[n, 0]), float(graph.xy[n, 1])) for n in ends]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(CORRIDORS), st.integers(0, 2**32 - 1), st.sampled_from([0.0, 1.5]))
def test_shipped_corridor_ends_do_not_depend_on_numbering(corridor, seed, reach):
    path, room_id = corridor
    ctx = _context(path)
    graph, rs = ctx.graph, ctx.routes
    room = graph.rooms.index(("1F", room_id))
    # Distances from the corridor's own nodes, so that no end is excused by a way out when 0.
    exit_distance = np.linspace(1.0, 2.0, graph.size)
    base = route_ends(graph, room, rs.wheel_node, rs.wheel_edge, exit_distance, reach)
    permuted, order, shuffle = _permuted(graph, np.random.default_rng(seed))
    again = route_ends(
        permuted,
        room,
        rs.wheel_node[order],
        rs.wheel_edge[shuffle],
        exit_distance[order],
        reach,
    )
    assert _end_points(permuted, again) == _end_points(graph, base)
    if reach == 0.0:
        assert base, "a corridor has ends"


def _comb(length: int, spurs: list[tuple[int, int]], tail: float) -> Graph:
    """A straight centre line 0.3 m a step with 0.2 m spurs and two corner spurs per end."""
    xy = [(0.3 * i, 0.0) for i in range(length)]
    free = [0.65] * length
    edges = [(i, i + 1) for i in range(length - 1)]
    for at, side in spurs:
        edges.append((at, len(xy)))
        xy.append((0.3 * at, 0.2 * side))
        free.append(0.45)
    for end, dx in ((0, -tail), (length - 1, tail)):
        for dy in (-tail, tail):
            edges.append((end, len(xy)))
            xy.append((0.3 * end + dx, dy))
            free.append(0.43)
    pts = np.array(xy)
    e = np.array(edges)
    return Graph(
        xy=pts,
        free=np.array(free),
        route=np.ones(len(pts)),
        room=np.zeros(len(pts), dtype=np.int64),
        door=np.full(len(pts), -1),
        edges=e,
        length=np.linalg.norm(pts[e[:, 0]] - pts[e[:, 1]], axis=1),
        wheel=np.ones(len(e), dtype=bool),
        change=np.full(len(e), -1),
        rooms=(("1F", "corridor"),),
        doors=(),
        changes=(),
        ports={},
    )


@settings(max_examples=60, deadline=None)
@given(
    st.integers(5, 40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(1, n - 2), st.sampled_from([-1, 1])), unique=True),
        )
    ),
    st.sampled_from([0.2, 0.3]),
    st.integers(0, 2**32 - 1),
)
def test_a_comb_keeps_exactly_its_two_ends_in_any_numbering(comb, tail, seed):
    length, spurs = comb
    graph = _comb(length, spurs, tail)
    wheel_node = np.ones(graph.size, dtype=bool)
    far = np.full(graph.size, np.inf)
    permuted, _, shuffle = _permuted(graph, np.random.default_rng(seed))
    ends = route_ends(permuted, 0, wheel_node, np.ones(len(shuffle), dtype=bool), far, 1.5)
    xs = sorted(round(x, 6) for x, _ in _end_points(permuted, ends))
    # one end per end of the corridor, at the tip of its corner spurs (not along the centre line)
    assert xs == [round(-tail, 6), round(0.3 * (length - 1) + tail, 6)]


def test_a_spur_as_long_as_the_corridor_is_wide_is_an_end():
    graph = _comb(10, [], 0.2)
    xy = np.vstack([graph.xy, [(1.5, 1.4)]])
    edges = np.vstack([graph.edges, [(5, graph.size)]])
    branch = dataclasses.replace(
        graph,
        xy=xy,
        free=np.append(graph.free, 0.5),
        route=np.ones(len(xy)),
        room=np.zeros(len(xy), dtype=np.int64),
        door=np.full(len(xy), -1),
        edges=edges,
        length=np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1),
        wheel=np.ones(len(edges), dtype=bool),
        change=np.full(len(edges), -1),
    )
    ends = route_ends(
        branch, 0, np.ones(len(xy), bool), np.ones(len(edges), bool), np.full(len(xy), 9.0), 1.5
    )
    assert (1.5, 1.4) in _end_points(branch, ends) and len(ends) == 3


def _old_leaf_branches(adj):
    """Leaf branches walked with a search for the other neighbour (as it was)."""
    from collections import defaultdict

    found = defaultdict(list)
    for leaf in [n for n, nb in adj.items() if len(nb) == 1]:
        branch = [leaf]
        prev, node = leaf, next(iter(adj[leaf]))
        length = adj[leaf][node]
        while len(adj[node]) == 2:
            branch.append(node)
            nxt = next(n for n in adj[node] if n != prev)
            length += adj[node][nxt]
            prev, node = node, nxt
        if len(adj[node]) >= 3:
            found[node].append((length, leaf, branch))
    return found


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.sampled_from([0.1, 0.25, 1.0]))),
)
def test_leaf_branches_equal_the_searching_walk(n, pairs):
    from spacedesign.analysis.ends import _leaf_branches

    adj: dict[int, dict[int, float]] = {k: {} for k in range(n)}
    for a, b, w in pairs:
        if a != b and a < n and b < n:
            adj[a][b] = w
            adj[b][a] = w
    assert _leaf_branches(adj) == _old_leaf_branches(adj)
