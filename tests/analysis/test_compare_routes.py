"""Route-set answers kept or found in a cheaper way equal the plain ones (random networks)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.entries import EdgeEntries
from spacedesign.analysis.widest import spanning_tree_of, widest_on_tree_many
from tests.analysis.test_route_matrices import networks as simple_networks


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
