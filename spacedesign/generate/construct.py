"""Constructive starts: spectral flexible-bay layouts.

The two smallest non-trivial eigenvectors of the flow graph's Laplacian place departments with
heavy flows between them close together (the classic spectral relaxation of quadratic
placement). Sorting by the first coordinate, cutting the order into ``k`` bays of about equal
area and sorting each bay by the second coordinate gives a bay layout; every ``k``, both axis
assignments and both orientations are tried and the cheapest is kept.
"""

from __future__ import annotations

import numpy as np

from spacedesign.generate.bays import BayBatchEvaluator, BayState
from spacedesign.generate.slicing import LayoutEvaluator

__all__ = ["spectral_bay_start"]


def spectral_bay_start(evaluator: LayoutEvaluator, vertical: bool) -> BayState:
    """Return the cheapest spectral bay layout of one orientation (penalised cost)."""
    n = evaluator.n
    flows = np.array(evaluator.instance.symmetric_flows(), dtype=np.float64)
    laplacian = np.diag(flows.sum(axis=1)) - flows
    _, vectors = np.linalg.eigh(laplacian)
    first = vectors[:, 1] if n > 1 else np.zeros(n)
    second = vectors[:, 2] if n > 2 else np.zeros(n)
    areas = np.array(evaluator.areas)
    batch = BayBatchEvaluator(evaluator, vertical)
    orders: list[np.ndarray] = []
    starts: list[np.ndarray] = []
    for along, across in ((first, second), (second, first), (first, -second), (-first, second)):
        order = np.argsort(along, kind="stable")
        cumulative = np.cumsum(areas[order])
        for bays in range(1, max(2, n // 2 + 1)):
            bay = np.minimum(
                (cumulative - areas[order] / 2.0) / cumulative[-1] * bays, bays - 1e-9
            ).astype(int)
            resorted = np.lexsort((across[order], bay))
            orders.append(order[resorted])
            bay_sorted = bay[resorted]
            starts.append(np.r_[True, bay_sorted[1:] != bay_sorted[:-1]])
    objective, violation = batch.costs(np.array(orders), np.array(starts))
    best = int(np.argmin(objective + batch.penalty_weight * violation))
    return BayState(
        tuple(int(d) for d in orders[best]), tuple(bool(s) for s in starts[best]), vertical
    )
