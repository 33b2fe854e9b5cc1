"""The route matrices built from one sort of the edges equal those scipy's COO conversion built.

The spanning tree is found on each edge once instead of both ways; the widest routes read off
it must be exactly the ones of the tree found on the two-way matrix (ties included), and the
sparse matrices the same arrays (values, column indices, row pointers and index type).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import dijkstra, minimum_spanning_tree

from spacedesign.analysis.entries import EdgeEntries, symmetric
from spacedesign.analysis.widest import spanning_tree, spanning_tree_of, widest_on_tree_many


def _old_csr(edges, mask, weight, n) -> csr_matrix:
    """Both ways through a COO matrix (as the route set built them)."""
    e = edges[mask]
    w = weight[mask]
    return coo_matrix(
        (
            np.concatenate([w, w]),
            (np.concatenate([e[:, 0], e[:, 1]]), np.concatenate([e[:, 1], e[:, 0]])),
        ),
        shape=(n, n),
    ).tocsr()


def _old_tree(edges, node_weight) -> csr_matrix:
    """The spanning tree on the two-way matrix (as it was built)."""
    n = len(node_weight)
    u, v = edges[:, 0], edges[:, 1]
    edge_w = np.minimum(node_weight[u], node_weight[v])
    keep = edge_w > 0
    cost = 2e6 - edge_w[keep]
    matrix = _old_csr(edges[keep], np.ones(int(keep.sum()), dtype=bool), cost, n)
    tree = minimum_spanning_tree(matrix, overwrite=True)
    return (tree + tree.T).tocsr()


def _same(a: csr_matrix, b: csr_matrix) -> bool:
    return (
        a.shape == b.shape
        and a.indices.dtype == b.indices.dtype
        and a.indptr.dtype == b.indptr.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


@st.composite
def networks(draw, simple: bool = True):
    n = draw(st.integers(min_value=1, max_value=40))
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=120)
    )
    if simple:  # a generated network joins a pair once and never a node to itself
        pairs = list(dict.fromkeys((min(a, b), max(a, b)) for a, b in pairs if a != b))
        pairs = [(b, a) if draw(st.booleans()) else (a, b) for a, b in pairs]
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    # few distinct values, so that ties (and zero widths) are common
    weight = np.array(
        draw(st.lists(st.sampled_from([0.0, 0.4, 0.45, 0.9, 1e6]), min_size=n, max_size=n))
    )
    length = np.array(
        draw(st.lists(st.sampled_from([0.3, 0.6, 0.1 + 0.2]), min_size=len(edges),
                      max_size=len(edges)))
    )
    mask = np.array(
        draw(st.lists(st.booleans(), min_size=len(edges), max_size=len(edges))), dtype=bool
    )
    return n, edges, weight, length, mask


@settings(max_examples=300, deadline=None)
@given(st.booleans().flatmap(lambda simple: networks(simple)))
def test_matrices_equal_the_converted_ones(net):
    n, edges, _, length, mask = net
    entries = EdgeEntries(edges, n)
    assert _same(entries.both_ways(mask, length), _old_csr(edges, mask, length, n))


@settings(max_examples=300, deadline=None)
@given(st.booleans().flatmap(lambda simple: networks(simple)), st.data())
def test_spanning_tree_and_widest_routes_equal_the_two_way_ones(net, data):
    n, edges, weight, _, mask = net
    old = _old_tree(edges[mask], weight)
    new = spanning_tree_of(EdgeEntries(edges, n), mask, weight)
    assert _same(new, old)
    assert _same(spanning_tree(edges[mask], weight), old)
    sources = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3))
    v_new, w_new = widest_on_tree_many(new, weight, sources)
    # the old lookup: fancy indexing of a matrix not flagged canonical
    plain = csr_matrix((old.data, old.indices, old.indptr), shape=old.shape)
    plain.has_canonical_format = False
    v_old, w_old = widest_on_tree_many(plain, weight, sources)
    assert np.array_equal(v_new, v_old) and np.array_equal(w_new, w_old)


@settings(max_examples=200, deadline=None)
@given(networks(), st.data())
def test_routes_on_the_new_matrices_equal_the_old_ones(net, data):
    n, edges, _, length, mask = net
    sources = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3))
    new = EdgeEntries(edges, n).both_ways(mask, length)
    d1, p1 = dijkstra(new, directed=True, indices=sources, return_predecessors=True)
    d2, p2 = dijkstra(
        _old_csr(edges, mask, length, n), directed=True, indices=sources,
        return_predecessors=True,
    )
    assert np.array_equal(d1, d2) and np.array_equal(p1, p2)


def test_symmetric_tree_is_the_sum_with_its_transpose():
    tree = csr_matrix(np.array([[0, 2.0, 0, 0], [0, 0, 0, 3.0], [0, 0, 0, 0], [0, 0, 5.0, 0]]))
    want = (tree + tree.T).tocsr()
    assert _same(symmetric(tree), want)
    # a repeated pair stored both ways is added up, as the sum does
    both = csr_matrix(np.array([[0, 2.0], [4.0, 0]]))
    assert _same(symmetric(both), (both + both.T).tocsr())


@settings(max_examples=30, deadline=None)
@given(st.booleans().flatmap(lambda simple: networks(simple)), st.integers(46_341, 60_000))
def test_matrices_of_a_network_too_large_for_32_bit_keys_equal_the_converted_ones(net, spread):
    # node numbers spread over more than 46 340 nodes: n * n keys no longer fit 32 bits, so the
    # entries are sorted by their 64-bit keys
    n, edges, weight, length, mask = net
    edges = edges * (spread // n)
    entries = EdgeEntries(edges, spread)
    assert _same(entries.both_ways(mask, length), _old_csr(edges, mask, length, spread))
    if entries.simple:
        wide = np.zeros(spread)
        wide[np.arange(n) * (spread // n)] = weight
        assert _same(spanning_tree_of(entries, mask, wide), _old_tree(edges[mask], wide))
