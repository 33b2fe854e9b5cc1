"""Flexible-bay layouts evaluated in vectorised batches, searched by batched annealing.

A flexible-bay layout orders the departments and cuts the order into bays: full-height strips
(``vertical``) whose width is their share of the facility, each department taking the bay's
width and its share of the height. :class:`BayBatchEvaluator` computes the cost of many such
layouts at once with numpy, which makes annealing on large instances (Du62) an order of
magnitude faster than evaluating one layout at a time. :func:`anneal_bays` runs Metropolis
annealing that draws a batch of neighbours, evaluates them together and takes the first one the
Metropolis test accepts, which is exactly sequential annealing (the rest of the batch is only
used to remember the best layout seen).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from spacedesign.generate.slicing import (
    LayoutEvaluator,
    bay_expression,
    fit_departments,
    shape_violation,
)

__all__ = ["BayBatchEvaluator", "BayState", "anneal_bays"]

IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class BayState:
    """A flexible-bay layout: department order, bay starts (``starts[0]`` is True), orientation."""

    order: tuple[int, ...]
    starts: tuple[bool, ...]
    vertical: bool

    def expression(self) -> list[int]:
        """Return the slicing expression of this layout (see :func:`bay_expression`)."""
        bays: list[list[int]] = []
        for dept, start in zip(self.order, self.starts, strict=True):
            if start or not bays:
                bays.append([])
            bays[-1].append(dept)
        return bay_expression(bays, vertical=self.vertical)


class BayBatchEvaluator:
    """Costs of many flexible-bay layouts of one orientation, computed together."""

    def __init__(self, evaluator: LayoutEvaluator, vertical: bool) -> None:
        inst = evaluator.instance
        self.vertical = vertical
        # Work in a frame where bays are vertical: swap the axes for horizontal bays.
        self.across = inst.width if vertical else inst.height
        self.along = inst.height if vertical else inst.width
        self.region_areas = np.array(evaluator.areas) * evaluator.region_scale
        self.shrink = evaluator.shrink
        self.areas = evaluator.area_array
        self.width_low = evaluator.width_low
        self.width_high = evaluator.width_high
        self.max_aspect = evaluator.max_aspect
        self.min_side = evaluator.min_side
        self.pair_i = evaluator.pair_i
        self.pair_j = evaluator.pair_j
        self.pair_f = evaluator.pair_f
        self.penalty_weight = evaluator.penalty_weight
        self.n = evaluator.n

    def costs(self, orders: IntArray, starts: BoolArray) -> tuple[FloatArray, FloatArray]:
        """Return (objective, violation) for each row of ``orders`` / ``starts`` (K × n)."""
        k, n = orders.shape
        positions = np.arange(n)
        areas = self.region_areas[orders]
        cum = np.cumsum(areas, axis=1)
        before = cum - areas
        start_idx = np.maximum.accumulate(np.where(starts, positions, 0), axis=1)
        ends = np.ones_like(starts)
        ends[:, :-1] = starts[:, 1:]
        end_idx = np.minimum.accumulate(np.where(ends, positions, n)[:, ::-1], axis=1)[:, ::-1]
        base = np.take_along_axis(before, start_idx, axis=1)
        bay_area = np.take_along_axis(cum, end_idx, axis=1) - base
        width = bay_area / self.along
        height = areas / width
        cx_pos = base / self.along + width / 2.0
        cy_pos = (before - base) / width + height / 2.0
        rows = np.arange(k)[:, None]
        cx = np.empty((k, n))
        cy = np.empty((k, n))
        cx[rows, orders] = cx_pos
        cy[rows, orders] = cy_pos
        dist = np.abs(cx[:, self.pair_i] - cx[:, self.pair_j])
        dist += np.abs(cy[:, self.pair_i] - cy[:, self.pair_j])
        objective = dist @ self.pair_f
        region_w = np.empty((k, n))
        region_h = np.empty((k, n))
        region_w[rows, orders] = width
        region_h[rows, orders] = height
        w, h = fit_departments(
            region_w, region_h, self.areas, self.width_low, self.width_high, self.shrink
        )
        return objective, shape_violation(w, h, self.max_aspect, self.min_side)


SWAP, INSERT, TOGGLE, SHIFT = 0, 1, 2, 3


@dataclass(frozen=True)
class Moves:
    """A batch of neighbours and the move that made each (``kind``, ``a``, ``b``, ``pos``)."""

    orders: IntArray
    starts: BoolArray
    kind: IntArray
    a: IntArray
    b: IntArray
    pos: IntArray


def random_moves(order: IntArray, starts: BoolArray, count: int, rng: np.random.Generator) -> Moves:
    """Return ``count`` random neighbours: swaps, insertions, bay splits/merges, edge shifts."""
    n = order.shape[0]
    orders = np.tile(order, (count, 1))
    starts_out = np.tile(starts, (count, 1))
    kind = rng.random(count)
    rows = np.arange(count)
    a = rng.integers(0, n, count)
    b = (a + rng.integers(1, n, count)) % n
    swap = kind < 0.45
    r = rows[swap]
    orders[r, a[swap]], orders[r, b[swap]] = order[b[swap]], order[a[swap]]
    insert = (kind >= 0.45) & (kind < 0.8)
    if insert.any():
        p = np.arange(n)[None, :]
        ai = a[insert][:, None]
        bi = b[insert][:, None]
        src = p.repeat(insert.sum(), axis=0)
        forward = (ai < bi) & (p >= ai) & (p < bi)
        backward = (ai > bi) & (p > bi) & (p <= ai)
        src = np.where(forward, p + 1, src)
        src = np.where(backward, p - 1, src)
        src = np.where(p == bi, ai, src)
        orders[insert] = order[src]
    if n > 1:
        pos = rng.integers(1, n, count)
        toggle = (kind >= 0.8) & (kind < 0.9)
        starts_out[rows[toggle], pos[toggle]] ^= True
        shift = kind >= 0.9
        other = np.clip(pos + np.where(rng.random(count) < 0.5, -1, 1), 1, n - 1)
        rs = rows[shift]
        starts_out[rs, pos[shift]], starts_out[rs, other[shift]] = (
            starts[other[shift]],
            starts[pos[shift]],
        )
    else:
        pos = np.zeros(count, dtype=np.intp)
    kinds = np.select([kind < 0.45, kind < 0.8, kind < 0.9], [SWAP, INSERT, TOGGLE], SHIFT)
    return Moves(orders, starts_out, kinds.astype(np.intp), a, b, pos)


def _neighbours(
    order: IntArray, starts: BoolArray, count: int, rng: np.random.Generator
) -> tuple[IntArray, BoolArray]:
    moves = random_moves(order, starts, count, rng)
    return moves.orders, moves.starts


@dataclass
class BayAnnealResult:
    """Best feasible flexible-bay layout found (``None`` when none was feasible)."""

    best: BayState | None
    best_objective: float
    evaluations: int
    timed_out: bool


def anneal_bays(
    batch: BayBatchEvaluator,
    rng: np.random.Generator,
    budget: int,
    deadline: float,
    *,
    start: BayState | None = None,
    start_acceptance: float = 0.3,
    end_ratio: float = 1e-4,
) -> BayAnnealResult:
    """Batched Metropolis annealing over flexible-bay layouts for ``budget`` evaluations."""
    n = batch.n
    if start is None:
        order = rng.permutation(n).astype(np.intp)
        starts = np.zeros(n, dtype=bool)
        bay_count = max(1, round(math.sqrt(n)))
        starts[np.linspace(0, n, bay_count, endpoint=False).astype(int)] = True
    else:
        order = np.array(start.order, dtype=np.intp)
        starts = np.array(start.starts, dtype=bool)
    starts[0] = True

    def penalised(obj: FloatArray, viol: FloatArray) -> FloatArray:
        return obj + batch.penalty_weight * viol

    obj, viol = batch.costs(order[None, :], starts[None, :])
    current = float(penalised(obj, viol)[0])
    best_state: BayState | None = None
    best_obj = math.inf
    if viol[0] <= 1e-12:
        best_state = BayState(
            tuple(int(d) for d in order), tuple(bool(s) for s in starts), batch.vertical
        )
        best_obj = float(obj[0])
    orders, starts_b = _neighbours(order, starts, 64, rng)
    probe = penalised(*batch.costs(orders, starts_b)) - current
    uphill = probe[probe > 0]
    mean_up = float(uphill.mean()) if uphill.size else max(abs(current), 1.0) * 0.01
    temperature = -mean_up / math.log(start_acceptance)
    evaluations = 65
    log_cooling = math.log(end_ratio) / max(1, budget - evaluations)
    acceptance = 0.5
    timed_out = False
    began = time.perf_counter()
    window = max(deadline - began, 1e-9)
    while evaluations < budget:
        # Cooling follows the evaluations only; the clock just stops the run at ``deadline``,
        # so a run that ends by its budget does not depend on the machine's load.
        if (time.perf_counter() - began) / window >= 1.0:
            timed_out = True
            break
        count = int(min(256, max(16, 2.0 / max(acceptance, 1e-3))))
        count = min(count, budget - evaluations)
        orders, starts_b = _neighbours(order, starts, count, rng)
        obj, viol = batch.costs(orders, starts_b)
        cost = penalised(obj, viol)
        feasible = viol <= 1e-12
        if feasible.any():
            k_best = int(np.argmin(np.where(feasible, obj, np.inf)))
            if obj[k_best] < best_obj - 1e-12:
                best_obj = float(obj[k_best])
                best_state = BayState(
                    tuple(int(d) for d in orders[k_best]),
                    tuple(bool(s) for s in starts_b[k_best]),
                    batch.vertical,
                )
        delta = cost - current
        steps = np.arange(count)
        temps = temperature * np.exp(log_cooling * steps)
        u = rng.random(count)
        # A zero change is (almost always) a move that did nothing: do not stop the batch for it.
        accept = (delta < 0) | ((delta > 0) & (u < np.exp(-np.maximum(delta, 0.0) / temps)))
        hits = np.flatnonzero(accept)
        used = int(hits[0]) + 1 if hits.size else count
        if hits.size:
            k = int(hits[0])
            order, starts = orders[k].copy(), starts_b[k].copy()
            current = float(cost[k])
        acceptance = 0.9 * acceptance + 0.1 * (1.0 / used if hits.size else 0.0)
        temperature *= math.exp(log_cooling * used)
        evaluations += used
    return BayAnnealResult(best_state, best_obj, evaluations, timed_out)
