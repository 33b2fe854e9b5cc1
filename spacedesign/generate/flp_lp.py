"""Continuous refinement of a slicing layout by linear programming.

For fixed relative positions (every pair of departments keeps the side of each other it has in
the slicing tree: left of, or below), choosing centres and sizes is a convex problem except for
the exact-area constraint ``w·h = a``. We replace ``h = a/w`` by ``h ≥`` the piecewise-linear
interpolation of ``a/w`` through breakpoints that include the current widths: that is an inner
approximation (any solution has ``w·h ≥ a``) for which the current layout is feasible, so the LP
(HiGHS via scipy) never does worse. Each rectangle is then shrunk about its centroid to its exact
area within its shape rule, which keeps the objective and every relation. Repeated a few times
with breakpoints around the new widths.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from spacedesign.model.flp import FlpInstance, FlpRectangle, flp_objective, flp_violations

__all__ = ["refine_layout", "tree_relations"]


def tree_relations(expr: Sequence[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return (left_of, below) department pairs implied by a postfix slicing expression."""
    stack: list[list[int]] = []
    left_of: list[tuple[int, int]] = []
    below: list[tuple[int, int]] = []
    for token in expr:
        if token >= 0:
            stack.append([token])
            continue
        second = stack.pop()
        first = stack.pop()
        target = left_of if token == -1 else below
        target.extend((a, b) for a in first for b in second)
        stack.append(first + second)
    return left_of, below


def _width_bounds(instance: FlpInstance, index: int) -> tuple[float, float]:
    dept = instance.departments[index]
    area = dept.area
    low = area / instance.height
    high = instance.width
    if dept.max_aspect is not None:
        low = max(low, math.sqrt(area / dept.max_aspect))
        high = min(high, math.sqrt(area * dept.max_aspect))
    if dept.min_side is not None and dept.min_side > 0:
        low = max(low, dept.min_side)
        high = min(high, area / dept.min_side)
    return low, high


def _exact(
    instance: FlpInstance, index: int, cx: float, cy: float, w: float, h: float
) -> FlpRectangle:
    """Shrink a ``w × h`` box about its centre to the department's exact area and rules."""
    dept = instance.departments[index]
    low, high = _width_bounds(instance, index)
    scale = math.sqrt(dept.area / (w * h)) if w * h > dept.area else 1.0
    lo = max(dept.area / h, low)
    hi = min(w, high)
    width = min(max(w * scale, lo), hi) if lo <= hi else w * scale
    height = dept.area / width
    return FlpRectangle(dept.id, cx - width / 2.0, cy - height / 2.0, width, height)


def _solve_once(
    instance: FlpInstance,
    relations: tuple[list[tuple[int, int]], list[tuple[int, int]]],
    current: Sequence[FlpRectangle],
) -> list[FlpRectangle] | None:
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    n = instance.size
    flows = instance.symmetric_flows()
    pairs = [(i, j, flows[i][j]) for i in range(n) for j in range(i + 1, n) if flows[i][j]]
    nvar = 4 * n + 2 * len(pairs)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    rhs: list[float] = []

    def add(terms: Sequence[tuple[int, float]], bound: float) -> None:
        r = len(rhs)
        for col, val in terms:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        rhs.append(bound)

    cost = np.zeros(nvar)
    for p, (i, j, f) in enumerate(pairs):
        dx, dy = 4 * n + 2 * p, 4 * n + 2 * p + 1
        cost[dx] = cost[dy] = f
        for axis, d in ((0, dx), (1, dy)):
            add(((4 * i + axis, 1.0), (4 * j + axis, -1.0), (d, -1.0)), 0.0)
            add(((4 * j + axis, 1.0), (4 * i + axis, -1.0), (d, -1.0)), 0.0)
    left_of, below = relations
    for axis, rel in ((0, left_of), (1, below)):
        for a, b in rel:
            add(
                (
                    (4 * a + axis, 1.0),
                    (4 * a + 2 + axis, 0.5),
                    (4 * b + axis, -1.0),
                    (4 * b + 2 + axis, 0.5),
                ),
                0.0,
            )
    bounds: list[tuple[float | None, float | None]] = []
    for i, dept in enumerate(instance.departments):
        for axis, size in ((0, instance.width), (1, instance.height)):
            add(((4 * i + axis, -1.0), (4 * i + 2 + axis, 0.5)), 0.0)
            add(((4 * i + axis, 1.0), (4 * i + 2 + axis, 0.5)), size)
        if dept.max_aspect is not None:
            add(((4 * i + 3, 1.0), (4 * i + 2, -dept.max_aspect)), 0.0)
            add(((4 * i + 2, 1.0), (4 * i + 3, -dept.max_aspect)), 0.0)
        low, high = _width_bounds(instance, i)
        w_now = min(max(current[i].w, low), high)
        points = set(np.geomspace(low, high, 12).tolist()) if high > low else {low}
        for factor in (1.0, 0.98, 1.02, 0.995, 1.005):
            points.add(min(max(w_now * factor, low), high))
        grid = sorted(points)
        area = dept.area
        for b0, b1 in itertools.pairwise(grid):
            if b1 - b0 < 1e-12:
                continue
            slope = area / (b0 * b1)
            add(((4 * i + 3, -1.0), (4 * i + 2, -slope)), -slope * (b0 + b1))
        bounds.extend([(None, None), (None, None), (low, high), (area / high, area / low)])
    bounds.extend([(0.0, None)] * (2 * len(pairs)))
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(rhs), nvar)).tocsr()
    result = linprog(cost, A_ub=matrix, b_ub=np.array(rhs), bounds=bounds, method="highs")
    if result.status != 0:
        return None
    x = result.x
    return [
        _exact(
            instance,
            i,
            float(x[4 * i]),
            float(x[4 * i + 1]),
            float(x[4 * i + 2]),
            float(x[4 * i + 3]),
        )
        for i in range(n)
    ]


def refine_layout(
    instance: FlpInstance,
    expr: Sequence[int],
    rectangles: Sequence[FlpRectangle],
    *,
    rounds: int = 4,
) -> tuple[FlpRectangle, ...]:
    """Improve a feasible slicing layout by LP on its relative positions; never makes it worse."""
    best = tuple(rectangles)
    best_value = flp_objective(instance, best)
    relations = tree_relations(expr)
    for _ in range(rounds):
        refined = _solve_once(instance, relations, best)
        if refined is None or flp_violations(instance, refined):
            break
        value = flp_objective(instance, refined)
        if value >= best_value - 1e-9 * max(1.0, abs(best_value)):
            break
        best, best_value = tuple(refined), value
    return best
