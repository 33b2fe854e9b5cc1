"""Simulated annealing over slicing expressions (deterministic for a seed and a budget)."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from spacedesign.generate.slicing import LayoutEvaluator, SlicingLayout, neighbour

__all__ = [
    "AnnealResult",
    "PopulationResult",
    "anneal",
    "anneal_population",
    "calibrate_temperature",
]


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
    current_expr: list[int]
    current_cost: float


def anneal(
    evaluator: LayoutEvaluator,
    start: list[int],
    rng: random.Random,
    budget: int,
    deadline: float,
    *,
    start_acceptance: float = 0.4,
    end_ratio: float = 1e-4,
    temperatures: tuple[float, float] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> AnnealResult:
    """Anneal from ``start`` for ``budget`` evaluations (or until ``deadline`` on ``clock``).

    The start temperature accepts an average uphill move with probability
    ``start_acceptance``; the temperature falls geometrically to ``end_ratio`` times that over
    the run's progress, which is the larger of the share of the budget spent and the share of
    the time to ``deadline`` elapsed: on a slow (or busy) machine the run still cools fully
    before the deadline instead of being cut off while hot. ``temperatures`` (start, end) sets
    the schedule directly instead (one stage of a longer schedule).
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

    if temperatures is not None:
        temperature, end_temperature = temperatures
        end_ratio = end_temperature / temperature
    else:
        temperature = calibrate_temperature(
            evaluator, current, current_cost, rng, budget, start_acceptance
        )
        evaluations += min(60, max(1, budget // 20))
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
        current,
        current_cost,
    )


def calibrate_temperature(
    evaluator: LayoutEvaluator,
    expr: list[int],
    cost: float,
    rng: random.Random,
    budget: int,
    start_acceptance: float,
) -> float:
    """Temperature at which an average uphill move from ``expr`` is accepted with the given odds.

    Spends ``min(60, max(1, budget // 20))`` evaluations on random neighbours.
    """
    uphill = []
    for _ in range(min(60, max(1, budget // 20))):
        delta = evaluator.cost(evaluator.layout(neighbour(expr, rng))) - cost
        if delta > 0:
            uphill.append(min(delta, abs(cost) + 1.0))
    mean_uphill = sum(uphill) / len(uphill) if uphill else max(abs(cost), 1.0) * 0.01
    return -mean_uphill / math.log(start_acceptance)


@dataclass
class PopulationResult:
    """Best feasible expression of a population annealing run."""

    feasible_expr: list[int] | None
    feasible_objective: float
    evaluations: int
    timed_out: bool


def anneal_population(
    evaluator: LayoutEvaluator,
    starts: list[list[int]],
    rng: random.Random,
    budget: int,
    deadline: float,
    *,
    stages: int = 20,
    start_acceptance: float = 0.4,
    end_ratio: float = 1e-4,
    clock: Callable[[], float] = time.perf_counter,
) -> PopulationResult:
    """Anneal a population of expressions on one schedule, keeping the winners.

    Every replica follows the same geometric schedule, cut into ``stages``; after each stage
    the worse half of the replicas restart from copies of the better half ("go with the
    winners", Aldous & Vazirani 1994), so the budget flows to the promising regions while the
    early, hot stages still explore from many starts. The start temperature is calibrated on
    the first start as in :func:`anneal`. Stages share the time to ``deadline`` evenly.
    """
    replicas = [list(s) for s in starts]
    costs = [evaluator.cost(evaluator.layout(e)) for e in replicas]
    evaluations = len(replicas)
    t0 = calibrate_temperature(evaluator, replicas[0], costs[0], rng, budget, start_acceptance)
    evaluations += min(60, max(1, budget // 20))
    per_run = max(2, (budget - evaluations) // (len(replicas) * stages))
    best_expr: list[int] | None = None
    best_objective = math.inf
    began = clock()
    timed_out = False
    for stage in range(stages):
        t_start = t0 * end_ratio ** (stage / stages)
        t_end = t0 * end_ratio ** ((stage + 1) / stages)
        stage_deadline = began + (deadline - began) * (stage + 1) / stages
        for i, expr in enumerate(replicas):
            run_deadline = clock() + (stage_deadline - clock()) / (len(replicas) - i)
            result = anneal(
                evaluator,
                expr,
                rng,
                per_run,
                run_deadline,
                temperatures=(t_start, t_end),
                clock=clock,
            )
            evaluations += result.evaluations
            timed_out |= result.timed_out
            replicas[i], costs[i] = result.current_expr, result.current_cost
            layout = result.feasible_layout
            if layout is not None and layout.objective < best_objective:
                best_expr, best_objective = result.feasible_expr, layout.objective
        ranked = sorted(range(len(replicas)), key=lambda k: costs[k])
        half = len(replicas) // 2
        for worse, better in zip(ranked[::-1][:half], ranked[:half], strict=True):
            replicas[worse], costs[worse] = list(replicas[better]), costs[better]
    return PopulationResult(best_expr, best_objective, evaluations, timed_out)
