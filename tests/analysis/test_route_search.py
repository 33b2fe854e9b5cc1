"""The route searches run scipy's directed algorithms on matrices stored both ways; on such a
matrix they must give exactly what the undirected ones give (distances, predecessors, order)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import breadth_first_order, dijkstra

from spacedesign.analysis.entries import EdgeEntries
from spacedesign.analysis.network import Graph
from spacedesign.analysis.routes import spanning_tree, widest_on_tree, widest_on_tree_many


def _graph(n: int, pairs: list[tuple[int, int]], lengths: list[float]) -> Graph:
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return Graph(
        xy=np.zeros((n, 2)),
        free=np.ones(n),
        route=np.ones(n),
        room=np.full(n, -1),
        door=np.full(n, -1),
        edges=edges,
        length=np.array(lengths, dtype=float),
        wheel=np.ones(len(edges), dtype=bool),
        change=np.full(len(edges), -1),
        rooms=(),
        doors=(),
        changes=(),
        ports={},
    )


@st.composite
def graphs(draw):
    n = draw(st.integers(min_value=2, max_value=30))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=80
        )
    )
    # few distinct lengths, so that equally short alternatives (ties) are common; a repeated
    # pair keeps its length (else the entries scipy adds up for it could differ in the last
    # bit between its two directions, and the matrix would not be symmetric)
    keys = sorted({(min(a, b), max(a, b)) for a, b in pairs})
    drawn = draw(st.lists(st.sampled_from([0.3, 0.6, 0.9, 0.1 + 0.2]), min_size=len(keys),
                          max_size=len(keys)))
    of = dict(zip(keys, drawn, strict=True))
    return _graph(n, pairs, [of[min(a, b), max(a, b)] for a, b in pairs])


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data())
def test_directed_search_on_a_two_way_matrix_equals_the_undirected_one(graph, data):
    entries = EdgeEntries(graph.edges, graph.size)
    matrix = entries.both_ways(graph.wheel, np.maximum(graph.length, 1e-9))
    sources = data.draw(st.lists(st.integers(0, graph.size - 1), min_size=1, max_size=3))
    d1, p1 = dijkstra(matrix, directed=True, indices=sources, return_predecessors=True)
    d2, p2 = dijkstra(matrix, directed=False, indices=sources, return_predecessors=True)
    assert np.array_equal(d1, d2) and np.array_equal(p1, p2)
    m1 = dijkstra(matrix, directed=True, indices=sources, min_only=True)
    m2 = dijkstra(matrix, directed=False, indices=sources, min_only=True)
    assert np.array_equal(m1, m2)
    tree = spanning_tree(graph.edges, np.linspace(0.2, 1.0, graph.size))
    o1, q1 = breadth_first_order(tree, sources[0], directed=True, return_predecessors=True)
    o2, q2 = breadth_first_order(tree, sources[0], directed=False, return_predecessors=True)
    assert np.array_equal(o1, o2) and np.array_equal(q1, q2)


def _widest_one_source(tree, node_weight, source):
    """The widest-route bottleneck with a fixed number of pointer jumps (as it was)."""
    n = len(node_weight)
    order, pred = breadth_first_order(tree, source, directed=True, return_predecessors=True)
    value = np.full(n, -1.0)
    where = np.full(n, -1, dtype=np.int64)
    value[source] = np.inf
    children = order[1:]
    parents = pred[children]
    if len(children):
        value[children] = 2e6 - np.asarray(tree[children, parents]).ravel()
        where[children] = np.where(node_weight[children] <= node_weight[parents], children, parents)
        ptr = np.arange(n)
        ptr[children] = parents
        for _ in range(int(np.ceil(np.log2(max(len(order), 2)))) + 1):
            up_v, up_w = value[ptr], where[ptr]
            better = up_v < value
            value = np.where(better, up_v, value)
            where = np.where(better, up_w, where)
            ptr = ptr[ptr]
    return value, where


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data())
def test_batched_widest_routes_equal_one_source_at_a_time(graph, data):
    # few distinct widths (ties are common) and some nodes too narrow to use (weight 0)
    weight = np.array(
        data.draw(st.lists(st.sampled_from([0.0, 0.4, 0.45, 0.9]), min_size=graph.size,
                           max_size=graph.size))
    )
    tree = spanning_tree(graph.edges, weight)
    sources = data.draw(st.lists(st.integers(0, graph.size - 1), min_size=1, max_size=3))
    value, where = widest_on_tree_many(tree, weight, sources)
    for k, source in enumerate(sources):
        want_v, want_w = _widest_one_source(tree, weight, source)
        assert np.array_equal(value[k], want_v) and np.array_equal(where[k], want_w)
        one_v, one_w = widest_on_tree(tree, weight, source)
        assert np.array_equal(one_v, want_v) and np.array_equal(one_w, want_w)
