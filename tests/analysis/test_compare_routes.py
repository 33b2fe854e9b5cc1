"""Route-set answers kept or found in a cheaper way equal the plain ones (random networks)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import connected_components

from spacedesign.analysis.entries import EdgeEntries, symmetric
from spacedesign.analysis.routes import Target, route_set
from spacedesign.analysis.widest import (
    spanning_tree_of,
    spanning_tree_once,
    widest_from_two,
    widest_on_tree_many,
)
from tests.analysis.test_route_matrices import _same
from tests.analysis.test_route_matrices import networks as simple_networks
from tests.analysis.test_route_shortcuts import networks


def _targets(graph, data, count):
    out = []
    for k in range(count):
        nodes = data.draw(st.lists(st.integers(0, graph.size - 1), max_size=4, unique=True))
        out.append(Target(f"t{k}", "room", "1F", np.array(nodes, dtype=np.int64)))
    return out


def _plain_lengths(dist, targets):
    """Each target's least distance from each source, one target at a time."""
    out = []
    for t in targets:
        if not len(t.nodes) or not len(dist):
            out.append([None] * len(dist))
            continue
        best = dist[:, t.nodes].min(axis=1)
        out.append([float(v) if np.isfinite(v) else None for v in best])
    return out


@settings(max_examples=200, deadline=None)
@given(networks(), st.data())
def test_kept_lengths_are_those_of_the_targets_asked_for(network, data):
    graph, sources, gap, blocked = network
    rs = route_set(graph, gap, sources, blocked)
    first = _targets(graph, data, data.draw(st.integers(0, 4)))
    # the same sizes, other nodes: kept apart by the nodes themselves
    other = [
        Target(t.element, t.kind, t.level, (t.nodes + 1) % graph.size) for t in first
    ]
    for targets in (first, other, first, other):
        for walking in (True, False, True):
            got = rs.lengths_many(targets, walking)
            want = _plain_lengths(rs.walk_dist if walking else rs.wheel_dist, targets)
            assert got == want
            for row in got:  # the caller's own lists: changing them changes nothing kept
                row.append(-1.0)


@settings(max_examples=200, deadline=None)
@given(networks(), st.data())
def test_level_reach_is_the_sources_level_part(network, data):
    graph, sources, gap, blocked = network
    rs = route_set(graph, gap, sources, blocked)
    matrix = EdgeEntries(graph.edges, graph.size).both_ways(
        rs.level_edge, np.ones(len(rs.level_edge))
    )
    _, parts = connected_components(matrix, directed=False)
    assert np.array_equal(rs.level_parts[:, None] == rs.level_parts, parts[:, None] == parts)
    for target in _targets(graph, data, 3):
        for k, (_, node) in enumerate(sources):
            want = bool((parts[target.nodes] == parts[node]).any())
            assert rs.level_reaches(k, target) == want


@settings(max_examples=300, deadline=None)
@given(simple_networks(), st.data())
def test_widest_from_the_weights_equals_widest_from_the_tree_entries(net, data):
    n, edges, weight, _, mask = net
    entries = EdgeEntries(edges, n)
    tree = spanning_tree_of(entries, mask, weight)
    sources = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3))
    v_old, w_old = widest_on_tree_many(tree, weight, sources)
    v_new, w_new = widest_on_tree_many(tree, weight, sources, weighted=True)
    assert np.array_equal(v_new, v_old) and np.array_equal(w_new, w_old)


@settings(max_examples=400, deadline=None)
@given(simple_networks(), st.data())
def test_two_sources_in_one_pass_equal_each_source_on_its_own(net, data):
    n, edges, weight, _, mask = net
    if data.draw(st.booleans()):  # most often one tree: a chain through every node
        known = {(min(a, b), max(a, b)) for a, b in edges.tolist()}
        chain = [(k, k + 1) for k in range(n - 1) if (k, k + 1) not in known]
        edges = np.concatenate([edges, np.array(chain, dtype=np.int64).reshape(-1, 2)])
        mask = np.concatenate([mask, np.ones(len(chain), dtype=bool)])
        weight = np.where(weight > 0, weight, 0.4)
    tree = spanning_tree_of(EdgeEntries(edges, n), mask, weight)
    sources = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2))
    v_new, w_new = widest_on_tree_many(tree, weight, sources, weighted=True)
    for k, source in enumerate(sources):  # each source alone, as the entry form finds it
        v_one, w_one = widest_on_tree_many(tree, weight, [source])
        assert np.array_equal(v_new[k], v_one[0]) and np.array_equal(w_new[k], w_one[0])


def test_a_tie_between_the_climb_and_the_spine_goes_to_the_nearer_edge():
    # 0 - 1 - 2 - 3 with 4 hanging off 1, every width equal: from 4 the nearest narrowest
    # edge is its own (narrower end 4), for either source
    edges = np.array([[0, 1], [1, 2], [2, 3], [1, 4]])
    weight = np.full(5, 0.4)
    tree = spanning_tree_of(EdgeEntries(edges, 5), np.ones(4, dtype=bool), weight)
    value, where = widest_on_tree_many(tree, weight, [0, 3], weighted=True)
    assert where.tolist() == [[-1, 1, 2, 3, 4], [0, 1, 2, -1, 4]]
    assert np.isinf(value[0, 0]) and np.isinf(value[1, 3])


@settings(max_examples=400, deadline=None)
@given(simple_networks(), st.data())
def test_two_sources_on_the_tree_held_once_equal_the_entry_form(net, data):
    n, edges, weight, _, mask = net
    if data.draw(st.booleans()):  # most often one tree: a chain through every node
        known = {(min(a, b), max(a, b)) for a, b in edges.tolist()}
        chain = [(k, k + 1) for k in range(n - 1) if (k, k + 1) not in known]
        edges = np.concatenate([edges, np.array(chain, dtype=np.int64).reshape(-1, 2)])
        mask = np.concatenate([mask, np.ones(len(chain), dtype=bool)])
    entries = EdgeEntries(edges, n)
    once = spanning_tree_once(entries, mask, weight)
    assert _same(symmetric(once), spanning_tree_of(entries, mask, weight))
    first, second = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2))
    got = widest_from_two(once, weight, first, second)
    tree = spanning_tree_of(entries, mask, weight)
    v_old, w_old = widest_on_tree_many(tree, weight, [first, second])
    if got is None:  # the second source is off the first one's tree
        assert v_old[0, second] == -1.0
        return
    assert np.array_equal(got[0], v_old) and np.array_equal(got[1], w_old)
