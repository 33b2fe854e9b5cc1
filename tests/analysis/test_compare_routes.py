"""Route-set answers kept or found in a cheaper way equal the plain ones (random networks)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import connected_components

from spacedesign.analysis.entries import EdgeEntries
from spacedesign.analysis.routes import Target, route_set
from spacedesign.analysis.widest import spanning_tree_of, widest_on_tree_many
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
