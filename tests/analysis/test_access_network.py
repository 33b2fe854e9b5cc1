"""The finished network's edge lengths are those of the row-wise form they replaced."""

from __future__ import annotations

import numpy as np

from spacedesign.analysis.assemble import build_network
from tests.scenegen.conftest import design, nakano


def test_edge_lengths_equal_the_row_differences_bit_for_bit():
    plans = [nakano()[0]] + [design(seed).plan for seed in range(1, 4)]
    for plan in plans:
        graph = build_network(plan)
        old = np.hypot(*(graph.xy[graph.edges[:, 0]] - graph.xy[graph.edges[:, 1]]).T)
        assert len(graph.edges) > 1000
        assert old.tobytes() == graph.length.tobytes()
