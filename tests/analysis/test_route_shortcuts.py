"""Route queries answered without a search give what the search gives (random small graphs)."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.entries import EdgeEntries
from spacedesign.analysis.network import Graph
from spacedesign.analysis.routes import Target, _dijkstra, route_set


def _plain_graph(xy, free, edges, length) -> Graph:
    """A graph without rooms, doors or level changes: every edge level and wheelchair-usable."""
    free = np.asarray(free, dtype=float)
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    return Graph(
        xy=np.asarray(xy, dtype=float),
        free=free,
        route=free.copy(),
        room=np.full(len(free), -1),
        door=np.full(len(free), -1),
        edges=edges,
        length=np.asarray(length, dtype=float),
        wheel=np.ones(len(edges), dtype=bool),
        change=np.full(len(edges), -1),
        rooms=(),
        doors=(),
        changes=(),
        ports={},
    )


@st.composite
def networks(draw):
    n = draw(st.integers(min_value=2, max_value=25))
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=60)
    )
    m = len(pairs)
    wheel = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    change = draw(st.lists(st.integers(-1, 2), min_size=m, max_size=m))
    free = draw(st.lists(st.sampled_from([0.1, 0.16, 0.25, 0.39, 0.45, 0.9]), min_size=n, max_size=n))
    door = draw(st.lists(st.integers(-1, 1), min_size=n, max_size=n))
    graph = Graph(
        xy=np.zeros((n, 2)),
        free=np.array(free),
        route=np.array(free),
        room=np.full(n, -1),
        door=np.array(door),
        edges=np.array(pairs, dtype=np.int64).reshape(-1, 2),
        length=np.full(m, 0.5),
        wheel=np.array(wheel, dtype=bool),
        change=np.array(change, dtype=np.int64),
        rooms=(),
        doors=(),
        changes=("step A", "stair B", "kerb C"),
        ports={},
    )
    sources = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3))
    gap = draw(st.sampled_from([0.3, 0.8, 0.9]))
    blocked = draw(st.sets(st.integers(0, 1), max_size=2))
    return graph, [(f"s{k}", s) for k, s in enumerate(sources)], gap, blocked


def _old_first_change(rs, source, target):
    """first_level_change with the wheelchair pairs of every edge, and of parallel changing
    edges the first one's change."""
    g = rs.graph
    nodes = rs.path(source, target, walking=True)
    code: dict[tuple[int, int], float] = {}
    changing = g.change >= 0
    pairs = g.edges[changing].tolist()
    for (a, b), c in zip(pairs, (g.change[changing] + 1).tolist(), strict=True):
        for key in ((a, b), (b, a)):
            code.setdefault(key, float(c))
    wheel = {(a, b) for a, b in g.edges[rs.wheel_edge].tolist()}
    wheel |= {(b, a) for a, b in wheel}
    for a, b in itertools.pairwise(nodes):
        c = int(code.get((a, b), 0.0))
        if c > 0 and (a, b) not in wheel:
            return g.changes[c - 1]
    return None


@settings(max_examples=200, deadline=None)
@given(networks(), st.data())
def test_level_reach_and_first_change_equal_the_searches(network, data):
    graph, sources, gap, blocked = network
    rs = route_set(graph, gap, sources, blocked)
    entries = EdgeEntries(graph.edges, graph.size)
    level = entries.both_ways(rs.level_edge, np.maximum(graph.length, 1e-9))
    dist, _ = _dijkstra(level, [s for _, s in sources])
    nodes = data.draw(st.lists(st.integers(0, graph.size - 1), max_size=4, unique=True))
    target = Target("t", "room", "1F", np.array(nodes, dtype=np.int64))
    for k in range(len(sources)):
        want = bool(len(nodes)) and bool(np.isfinite(dist[k, target.nodes]).any())
        assert rs.level_reaches(k, target) == want
        assert rs.first_level_change(k, target) == _old_first_change(rs, k, target)


def test_a_wheelchair_route_through_a_node_too_narrow_to_walk_is_not_taken_as_level():
    # Node 1 clears a 0.3 m wheelchair gap (0.145 m) but not the 0.2 m walking clearance.
    graph = _plain_graph(np.zeros((3, 2)), [0.5, 0.16, 0.5], [[0, 1], [1, 2]], np.full(2, 0.5))
    rs = route_set(graph, 0.3, [("s", 0)], set())
    target = Target("t", "room", "1F", np.array([2], dtype=np.int64))
    assert rs.reaches(0, target)
    assert not rs.level_reaches(0, target)


def test_parallel_level_changes_name_the_first_of_them():
    # Two steps join nodes 0 and 1 (e.g. a stair and a kerb drawn over each other): the first
    # one is named. Adding their codes, as before, named changes[1 + 2 + 1] (no such element).
    graph = _plain_graph(np.zeros((3, 2)), [0.5, 0.5, 0.5], [[0, 1], [1, 0], [1, 2]], np.ones(3))
    graph = dataclasses.replace(
        graph,
        wheel=np.array([False, False, True]),
        change=np.array([1, 2, -1]),
        changes=("step A", "stair B", "kerb C"),
    )
    rs = route_set(graph, 0.9, [("s", 0)], set())
    target = Target("t", "room", "1F", np.array([2], dtype=np.int64))
    assert rs.walks(0, target) and not rs.reaches(0, target)
    assert rs.first_level_change(0, target) == "stair B"


def _one_polyline(xy, nodes):
    """A path's corners, one simplification per path (as it was)."""
    import shapely

    if len(nodes) <= 2:
        return tuple(map(tuple, xy[list(nodes)].tolist()))
    line = shapely.simplify(shapely.linestrings(xy[list(nodes)]), 0.1, preserve_topology=False)
    return tuple(map(tuple, shapely.get_coordinates(line).tolist()))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(0, 40), max_size=8))
def test_batched_polylines_equal_one_at_a_time(seed, lengths):
    rng = np.random.default_rng(seed)
    xy = np.round(rng.uniform(0, 5, (30, 2)), rng.integers(1, 4))
    xy[:3] = xy[0]  # repeated points: a path may stand still
    graph = _plain_graph(xy, np.ones(30), [[0, 1]], np.ones(1))
    rs = route_set(graph, 0.8, [("s", 0)], set())
    paths = [rng.integers(0, 30, n).tolist() for n in lengths]
    paths += [[0, 1, 2], [0, 0, 0, 0]]
    assert rs.polylines(paths) == [_one_polyline(xy, p) for p in paths]


@settings(max_examples=150, deadline=None)
@given(networks(), st.data())
def test_lengths_of_many_targets_equal_one_at_a_time(network, data):
    graph, sources, gap, blocked = network
    rs = route_set(graph, gap, sources, blocked)
    targets = [
        Target(f"t{k}", "room", "1F", np.array(nodes, dtype=np.int64))
        for k, nodes in enumerate(
            data.draw(
                st.lists(
                    st.lists(st.integers(0, graph.size - 1), max_size=5, unique=True), max_size=5
                )
            )
        )
    ]
    for walking in (False, True):
        many = rs.lengths_many(targets, walking)
        assert many == [rs.lengths(t, walking) for t in targets]
        for t, row in zip(targets, many, strict=True):
            for k, value in enumerate(row):
                assert value == rs.length(k, t, walking)
                found = rs.walks(k, t) if walking else rs.reaches(k, t)
                assert (value is not None) == found
                path = rs.path(k, t, walking)
                assert bool(path) == found
                if path:  # from the source, one predecessor after the other
                    pred = (rs.walk_pred if walking else rs.wheel_pred)[k]
                    assert path[0] == sources[k][1] and path[-1] in t.nodes
                    assert all(pred[b] == a for a, b in itertools.pairwise(path))


@settings(max_examples=150, deadline=None)
@given(networks(), st.data())
def test_widest_routes_to_many_targets_equal_one_at_a_time(network, data):
    graph, sources, gap, blocked = network
    graph.xy[:] = np.arange(graph.size * 2).reshape(-1, 2)  # tell the locations apart
    rs = route_set(graph, gap, sources, blocked)
    targets = [
        Target(f"t{k}", "room", "1F", np.array(nodes, dtype=np.int64))
        for k, nodes in enumerate(
            data.draw(
                st.lists(
                    st.lists(st.integers(0, graph.size - 1), max_size=5, unique=True), max_size=5
                )
            )
        )
    ]
    many = rs.widest_many(targets)
    fresh = route_set(graph, gap, sources, blocked)
    assert many == [[fresh.widest(k, t) for k in range(len(sources))] for t in targets]


def test_widest_route_to_a_target_names_its_first_node_among_equally_wide_ones():
    # 0 - 1 - 2: both 1 and 2 are 0.45 m wide; each is the narrowest point of its own route.
    graph = _plain_graph(
        np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]), [0.9, 0.45, 0.45], [[0, 1], [1, 2]],
        np.ones(2),
    )
    rs = route_set(graph, 0.3, [("s", 0)], set())
    targets = [Target(f"t{k}", "room", "1F", np.array(n, dtype=np.int64)) for k, n in
               enumerate([[2, 1], [1, 2]])]
    many = rs.widest_many(targets)
    assert [row[0][1] for row in many] == [(2.0, 0.0), (1.0, 0.0)]
    assert all(abs(row[0][0] - 0.9) < 1e-6 for row in many)
    assert rs.widest_many(targets) == [[rs.widest(0, t)] for t in targets]


@settings(max_examples=200, deadline=None)
@given(networks(), st.data())
def test_a_limited_distance_search_gives_the_full_search_up_to_its_limit(network, data):
    graph, sources, gap, blocked = network
    graph.length[:] = data.draw(
        st.lists(
            st.sampled_from([0.1, 0.2, 0.3, 0.7, 1.0]),
            min_size=len(graph.length),
            max_size=len(graph.length),
        )
    )
    rs = route_set(graph, gap, sources, blocked)
    nodes = np.array(
        data.draw(st.lists(st.integers(0, graph.size - 1), min_size=1, max_size=4, unique=True))
    )
    limit = data.draw(st.sampled_from([0.0, 0.3, 0.6, 1.0, 2.5]))
    full = rs.distance_to(nodes)
    near = rs.distance_to(nodes, limit=limit)
    finite = np.isfinite(near)
    assert np.array_equal(near[finite], full[finite])
    assert finite[full < limit].all() and not finite[full > limit].any()


@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), max_size=30))
def test_drawn_route_length_is_the_pairwise_sum(line):
    import math

    from spacedesign.rules.checks_route import _line_length

    want = float(sum(math.dist(a, b) for a, b in itertools.pairwise(line)))
    assert _line_length(tuple(line)) == want


@settings(max_examples=300, deadline=None)
@given(networks(), st.data())
def test_distance_to_the_ways_out_of_a_part_is_found_within_it(network, data):
    graph, sources, gap, blocked = network
    graph.length[:] = data.draw(
        st.lists(
            st.sampled_from([0.1, 0.2, 0.3, 0.7, 0.1 + 0.2]),
            min_size=len(graph.length),
            max_size=len(graph.length),
        )
    )
    rs = route_set(graph, gap, sources, blocked)
    part = np.array(
        data.draw(st.lists(st.booleans(), min_size=graph.size, max_size=graph.size)), dtype=bool
    )
    inside = part & rs.wheel_node
    u, v = graph.edges[:, 0], graph.edges[:, 1]
    crossing = rs.wheel_edge & (inside[u] != inside[v])
    exits = np.unique(np.where(inside[u[crossing]], v[crossing], u[crossing]))
    within = rs.distance_within(inside[u] | inside[v], exits)
    if within is None:  # a repeated node pair, or no way out
        assert not EdgeEntries(graph.edges, graph.size).simple or not len(exits)
        return
    assert np.array_equal(within[inside], rs.distance_to(exits)[inside])


@settings(max_examples=200, deadline=None)
@given(networks(), st.data())
def test_paths_of_many_requests_equal_one_at_a_time(network, data):
    # Routes read back together share their starts; each is the route path() reads alone.
    graph, sources, gap, blocked = network
    rs = route_set(graph, gap, sources, blocked)
    targets = [
        Target(f"t{k}", "room", "1F", np.array(nodes, dtype=np.int64))
        for k, nodes in enumerate(
            data.draw(
                st.lists(
                    st.lists(st.integers(0, graph.size - 1), max_size=5), min_size=1, max_size=6
                )
            )
        )
    ]
    asked = data.draw(
        st.lists(
            st.tuples(
                st.integers(0, len(sources) - 1), st.sampled_from(targets), st.booleans()
            ),
            max_size=12,
        )
    )
    many = rs.paths_many(asked)
    fresh = route_set(graph, gap, sources, blocked)
    assert many == [fresh.path(k, t, walking) for k, t, walking in asked]
    for a, b in itertools.combinations(many, 2):
        assert a is not b or not a  # each request has a list of its own


@settings(max_examples=200, deadline=None)
@given(networks())
def test_level_parts_are_the_weakly_connected_parts(network):
    # strong parts of the matrix holding each level edge both ways: the same partition
    from scipy.sparse.csgraph import connected_components

    graph, sources, gap, blocked = network
    rs = route_set(graph, gap, sources, blocked)
    entries = EdgeEntries(graph.edges, graph.size)
    matrix = entries.both_ways(rs.level_edge, np.ones(len(rs.level_edge)))
    _, weak = connected_components(matrix, directed=True, connection="weak")
    parts = rs.level_parts
    pairs = set(zip(parts.tolist(), weak.tolist(), strict=True))
    assert len(pairs) == len(set(parts.tolist())) == len(set(weak.tolist()))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), st.data())
def test_read_back_over_a_row_view_equals_over_its_list(n, data):
    # a random predecessor forest (each node's predecessor has a smaller number, or none)
    from spacedesign.analysis.paths import read_back
    from spacedesign.analysis.routes import _row_view

    back = [data.draw(st.integers(-9999, k - 1)) if k else -9999 for k in range(n)]
    back = [b if b >= 0 else -9999 for b in back]
    ends = data.draw(st.lists(st.integers(-1, n - 1), max_size=8))
    matrix = np.array([back[::-1], back], dtype=np.int64)  # row 1 is the forest
    view = _row_view(matrix, 1)
    assert [view[k] for k in range(n)] == back
    assert read_back(view, ends) == read_back(back, ends)
    for end, path in zip(ends, read_back(view, ends), strict=True):
        assert (path[-1] == end and back[path[0]] < 0) if end >= 0 else path == []
