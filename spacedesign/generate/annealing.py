"""Simulated annealing over slicing expressions (deterministic for a seed and a budget)."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from spacedesign.generate.slicing import LayoutEvaluator, SlicingLayout, neighbour

__all__ = ["AnnealResult", "anneal"]


@dataclass
class AnnealResult:
    """Best expressions of one annealing run."""

    best_expr: list[int]
    best_layout: SlicingLayout
    best_cost: float
    feasible_expr: list[int] | None
    feasible_layout: SlicingLayout | None
    evaluations: int
    timed_out: bool


def anneal(
    evaluator: LayoutEvaluator,
    start: list[int],
    rng: random.Random,
    budget: int,
    deadline: float,
    *,
    start_acceptance: float = 0.4,
    end_ratio: float = 1e-4,
    clock: Callable[[], float] = time.perf_counter,
) -> AnnealResult:
    """Anneal from ``start`` for ``budget`` evaluations (or until ``deadline`` on ``clock``).

    The start temperature accepts an average uphill move with probability
    ``start_acceptance``; the temperature falls geometrically to ``end_ratio`` times that over
    the run's progress, which is the larger of the share of the budget spent and the share of
    the time to ``deadline`` elapsed: on a slow (or busy) machine the run still cools fully
    before the deadline instead of being cut off while hot.
    """
    began = clock()
    window = max(deadline - began, 1e-9)
    current = list(start)
    current_layout = evaluator.layout(current)
    current_cost = evaluator.cost(current_layout)
    best_expr, best_layout, best_cost = list(current), current_layout, current_cost
    feasible_expr: list[int] | None = list(current) if current_layout.feasible else None
    feasible_layout = current_layout if current_layout.feasible else None
    evaluations = 1

    # Calibrate the temperature on a few uphill moves from the start.
    uphill = []
    for _ in range(min(60, max(1, budget // 20))):
        trial = evaluator.layout(neighbour(current, rng))
        evaluations += 1
        delta = evaluator.cost(trial) - current_cost
        if delta > 0:
            uphill.append(min(delta, abs(current_cost) + 1.0))
    mean_uphill = sum(uphill) / len(uphill) if uphill else max(abs(current_cost), 1.0) * 0.01
    temperature = -mean_uphill / math.log(start_acceptance)
    start_temperature = temperature
    first = evaluations
    steps = max(1, budget - evaluations)
    cooling = end_ratio ** (1.0 / steps)
    timed_out = False
    while evaluations < budget:
        if evaluations % 128 == 0:
            elapsed = (clock() - began) / window
            done = (evaluations - first) / steps
            if elapsed >= 1.0:
                timed_out = True
                break
            if elapsed > done:
                temperature = start_temperature * end_ratio**elapsed
        candidate = neighbour(current, rng)
        layout = evaluator.layout(candidate)
        evaluations += 1
        cost = evaluator.cost(layout)
        delta = cost - current_cost
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            current, current_layout, current_cost = candidate, layout, cost
            if cost < best_cost:
                best_expr, best_layout, best_cost = list(candidate), layout, cost
            if layout.feasible and (
                feasible_layout is None or layout.objective < feasible_layout.objective
            ):
                feasible_expr, feasible_layout = list(candidate), layout
        temperature *= cooling
    return AnnealResult(
        best_expr,
        best_layout,
        best_cost,
        feasible_expr,
        feasible_layout,
        evaluations,
        timed_out,
    )
