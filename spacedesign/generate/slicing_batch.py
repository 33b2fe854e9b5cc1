"""Slicing-tree layouts of many expressions at once, with a constant number of numpy passes.

:class:`SlicingBatchEvaluator` gives the same layouts as
:meth:`spacedesign.generate.slicing.LayoutEvaluator.layout` for a batch of postfix expressions
(``K × (2n-1)``), without a Python loop over the tokens:

* the subtree rooted at position ``p`` is ``[s_p, p]``, where ``s_p - 1`` is the last position
  before ``p`` whose stack depth is one less than at ``p`` (found for every position at once by
  one sort and one binary search); a node's area is then a difference of prefix sums;
* a region's width is the facility width times the share it takes at every vertical cut above
  it; in logarithms that is a sum over the intervals ``[s_c, c]`` that contain the position,
  which a difference array and a cumulative sum give for all positions together; the offsets
  of right-hand (upper) subtrees are the same kind of interval sums.

:func:`anneal_replicas` anneals a population of expressions in lock step on these batches (one
neighbour per replica per step), restarting the worse half from the better half at stage ends.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from spacedesign.generate.slicing import (
    VCUT,
    LayoutEvaluator,
    fit_departments,
    neighbour,
    shape_violation,
)

__all__ = [
    "BatchLayouts",
    "ReplicaResult",
    "SlicingBatchEvaluator",
    "anneal_replicas",
    "calibrate_temperature",
]

IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class BatchLayouts:
    """Layouts of a batch (rows): department centres and sizes, objective and violation."""

    cx: FloatArray
    cy: FloatArray
    w: FloatArray
    h: FloatArray
    objective: FloatArray
    violation: FloatArray


class SlicingBatchEvaluator:
    """Turns batches of postfix expressions into layouts and penalised costs."""

    def __init__(self, evaluator: LayoutEvaluator) -> None:
        self.base = evaluator
        self.n = evaluator.n
        self.length = 2 * evaluator.n - 1
        # Leaf token → its region's area (the department's share of the facility); cuts → 0.
        self.leaf_area = np.append(evaluator.area_array * evaluator.region_scale, [0.0, 0.0])
        self.width = float(evaluator.instance.width)
        self.height = float(evaluator.instance.height)

    def layouts(self, exprs: IntArray) -> BatchLayouts:
        """Return the layouts of the rows of ``exprs`` (valid postfix expressions, ``K × L``)."""
        k, length = exprs.shape
        size = k * length
        flat = exprs.ravel()
        leaf = flat >= 0
        # Stack depth after each token, and the start of the subtree rooted at each position
        # (flat indices: intervals never cross rows, so sums over the whole batch work).
        depth = np.cumsum(np.where(exprs >= 0, 1, -1), axis=1)
        start = _subtree_starts(depth).ravel() + np.repeat(np.arange(0, size, length), length)
        prefix = np.zeros(size + 1)
        np.cumsum(self.leaf_area[np.where(leaf, flat, self.n)], out=prefix[1:])
        node_area = prefix[1:] - prefix[start]
        # Children of the cut at p: right = p - 1, left = start[p - 1] - 1.
        cuts = np.flatnonzero(~leaf)
        right = cuts - 1
        left = start[right] - 1
        parent_area = node_area[cuts]
        vertical = flat[cuts] == VCUT
        log_left = np.log(node_area[left] / parent_area)
        log_right = np.log(node_area[right] / parent_area)
        zeros = np.zeros_like(log_left)
        # Log-shares of width (vertical cuts) and height (horizontal cuts) summed over each
        # child's interval [start_c, c]: widths in the first half, heights in the second.
        log_w, log_h = _interval_sums(
            size,
            (
                (start[left], left, np.where(vertical, log_left, zeros)),
                (start[right], right, np.where(vertical, log_right, zeros)),
            ),
            (
                (start[left], left, np.where(vertical, zeros, log_left)),
                (start[right], right, np.where(vertical, zeros, log_right)),
            ),
        )
        node_w = self.width * np.exp(log_w)
        node_h = self.height * np.exp(log_h)
        # The right (upper) subtree of a cut starts where its left sibling ends.
        offset_x, offset_y = _interval_sums(
            size,
            ((start[right], right, np.where(vertical, node_w[left], zeros)),),
            ((start[right], right, np.where(vertical, zeros, node_h[left])),),
        )
        # Leaves in department order.
        leaves = np.flatnonzero(leaf)
        dest = leaves // length * self.n + flat[leaves]
        region_w = np.empty(k * self.n)
        region_h = np.empty(k * self.n)
        cx = np.empty(k * self.n)
        cy = np.empty(k * self.n)
        region_w[dest] = node_w[leaves]
        region_h[dest] = node_h[leaves]
        cx[dest] = offset_x[leaves] + node_w[leaves] / 2.0
        cy[dest] = offset_y[leaves] + node_h[leaves] / 2.0
        region_w = region_w.reshape(k, self.n)
        region_h = region_h.reshape(k, self.n)
        cx = cx.reshape(k, self.n)
        cy = cy.reshape(k, self.n)
        base_eval = self.base
        w, h = fit_departments(
            region_w,
            region_h,
            base_eval.area_array,
            base_eval.width_low,
            base_eval.width_high,
            base_eval.shrink,
        )
        pi, pj = base_eval.pair_i, base_eval.pair_j
        dist = np.abs(np.take(cx, pi, axis=1) - np.take(cx, pj, axis=1))
        dist += np.abs(np.take(cy, pi, axis=1) - np.take(cy, pj, axis=1))
        objective = dist @ base_eval.pair_f
        violation = shape_violation(w, h, base_eval.max_aspect, base_eval.min_side)
        return BatchLayouts(cx, cy, w, h, objective, violation)

    def costs(self, exprs: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return (penalised cost, objective, violation) of each row of ``exprs``."""
        out = self.layouts(exprs)
        return (
            out.objective + self.base.penalty_weight * out.violation,
            out.objective,
            out.violation,
        )


def _subtree_starts(depth: IntArray) -> IntArray:
    """``s_p`` for every position: one after the last earlier position at depth ``depth_p - 1``.

    Keys ``(row, depth, position)`` are sorted once; the key of the question for a position is
    its own key with the depth one less, so the questions come in sorted order too.
    """
    k, length = depth.shape
    keys = (
        (np.arange(k)[:, None] * (length + 2) + depth) * length + np.arange(length)[None, :]
    ).ravel()
    ordered = np.sort(keys)
    query = ordered - length
    found_at = np.searchsorted(ordered, query) - 1
    found = ordered[np.maximum(found_at, 0)]
    same_group = (found_at >= 0) & (found // length == query // length)
    start = np.empty(k * length, dtype=np.intp)
    row = ordered // ((length + 2) * length)
    start[row * length + ordered % length] = np.where(same_group, found % length + 1, 0)
    return start.reshape(k, length)


def _interval_sums(
    size: int, *groups: tuple[tuple[IntArray, IntArray, FloatArray], ...]
) -> list[FloatArray]:
    """For each group, sum at every flat position the values of the intervals covering it.

    An interval is ``(first, last, value)`` arrays over ``[0, size)``. All groups share one
    difference array (group ``g`` shifted by ``g * (size + 1)``) and one cumulative sum.
    """
    stride = size + 1
    index = np.concatenate(
        [
            np.concatenate([first + g * stride, last + 1 + g * stride])
            for g, group in enumerate(groups)
            for first, last, _ in group
        ]
    )
    weight = np.concatenate(
        [np.concatenate([value, -value]) for group in groups for _, _, value in group]
    )
    diff = np.bincount(index, weights=weight, minlength=len(groups) * stride)
    sums = np.cumsum(np.asarray(diff, dtype=np.float64))
    return [sums[g * stride : g * stride + size] for g in range(len(groups))]


@dataclass
class ReplicaResult:
    """Best feasible expression of a lock-step replica annealing run."""

    feasible_expr: list[int] | None
    feasible_objective: float
    evaluations: int
    timed_out: bool


def anneal_replicas(
    batch: SlicingBatchEvaluator,
    starts: list[list[int]],
    rng: random.Random,
    budget: int,
    deadline: float,
    *,
    t_start: float,
    end_ratio: float = 1e-4,
    stages: int = 20,
    clock: Callable[[], float] = time.perf_counter,
) -> ReplicaResult:
    """Anneal every start as a replica in lock step: one neighbour each per step, one batch.

    All replicas follow one geometric schedule from ``t_start`` down to ``end_ratio`` times it
    over the budget's steps; the clock only stops the run at ``deadline`` (``timed_out``), so
    a run that ends by its budget is the same on a quiet or a busy machine. At
    the end of each of ``stages`` stages the worse half of the replicas (by current cost)
    restart from copies of the better half ("go with the winners").
    """
    replicas = [list(s) for s in starts]
    count = len(replicas)
    cost, objective, violation = batch.costs(np.array(replicas, dtype=np.intp))
    current = cost
    # Metropolis draws for the whole population at once, seeded from ``rng``.
    draws = np.random.default_rng(rng.getrandbits(64))
    evaluations = count
    best_expr: list[int] | None = None
    best_objective = math.inf
    feasible = violation <= 1e-12
    if feasible.any():
        k = int(np.argmin(np.where(feasible, objective, np.inf)))
        best_expr, best_objective = list(replicas[k]), float(objective[k])
    steps = max(1, (budget - evaluations) // count)
    began = clock()
    window = max(deadline - began, 1e-9)
    timed_out = False
    stage_len = max(1, steps // stages)
    temperature = t_start
    for step in range(steps):
        if step % 16 == 0:
            if (clock() - began) / window >= 1.0:
                timed_out = True
                break
            temperature = t_start * end_ratio ** (step / steps)
        candidates = [neighbour(e, rng) for e in replicas]
        cost, objective, violation = batch.costs(np.array(candidates, dtype=np.intp))
        evaluations += count
        feasible = violation <= 1e-12
        if feasible.any():
            k = int(np.argmin(np.where(feasible, objective, np.inf)))
            if objective[k] < best_objective:
                best_expr, best_objective = list(candidates[k]), float(objective[k])
        delta = cost - current
        uphill = np.maximum(delta, 0.0) / temperature
        accept = (delta <= 0) | (draws.random(count) < np.exp(-np.minimum(uphill, 700.0)))
        for i in np.flatnonzero(accept).tolist():
            replicas[i] = candidates[i]
        current = np.where(accept, cost, current)
        if (step + 1) % stage_len == 0 and count > 1:
            ranked = np.argsort(current, kind="stable").tolist()
            half = count // 2
            current = current.copy()
            for worse, better in zip(ranked[::-1][:half], ranked[:half], strict=True):
                replicas[worse], current[worse] = list(replicas[better]), current[better]
    return ReplicaResult(best_expr, best_objective, evaluations, timed_out)


def calibrate_temperature(
    evaluator: LayoutEvaluator,
    expr: list[int],
    cost: float,
    rng: random.Random,
    start_acceptance: float,
    samples: int = 60,
) -> float:
    """Temperature at which an average uphill move from ``expr`` is accepted with the given odds.

    Spends ``samples`` evaluations on random neighbours of ``expr`` (penalised cost ``cost``).
    """
    uphill = []
    for _ in range(samples):
        delta = evaluator.cost(evaluator.layout(neighbour(expr, rng))) - cost
        if delta > 0:
            uphill.append(min(delta, abs(cost) + 1.0))
    mean_uphill = sum(uphill) / len(uphill) if uphill else max(abs(cost), 1.0) * 0.01
    return -mean_uphill / math.log(start_acceptance)
