"""Block-layout optimiser for ``spacedesign.flp/1`` instances.

Method
------
Layouts are slicing trees (:mod:`spacedesign.generate.slicing`): every cut divides its rectangle
in proportion to the department areas on either side, so areas are exact by construction and
each tree gives one layout in closed form; shape rules (aspect, minimum side) are a penalty.

1. *Flexible bays*: batched simulated annealing over department order and bay breaks, in both
   orientations (:mod:`spacedesign.generate.bays`); fast, and a good start.
2. *Free slicing layouts*: a population of Polish expressions (Wong & Liu moves plus department
   swaps, subtree exchanges and re-insertions) annealed in lock step from random starts and
   the best bay layout, each step one neighbour per replica evaluated in one numpy batch
   (:mod:`spacedesign.generate.slicing_batch`, several times faster per layout than one at a
   time); after every stage the worse half restarts from the better half ("go with the
   winners"). The population is as large as the budget allows while every replica still gets
   a chain of about n³ steps (:func:`replica_count`: 128 replicas on AB20, 18 on Du62).
3. *Intensification*: the whole population restarts from the best layout found and anneals
   from a low temperature, which makes the result depend much less on the seed.
4. *Iterated descent* (:mod:`spacedesign.generate.slicing_descent`): annealing ends near a
   local optimum of its moves but rarely at one, so the rest of the budget goes to a steepest
   descent over whole neighbourhoods (every department swap, cut complement, subtree exchange
   and re-insertion) from the best layout, then to kicks of a few random moves each followed
   by a descent, keeping the best local optimum.
5. *Continuous refinement* when the facility has spare area: the best tree is turned into
   pairwise left/below relations and a linear programme moves and reshapes the departments
   (:mod:`spacedesign.generate.flp_lp`).

The search is deterministic for a seed: its length is a number of layout evaluations derived
from ``time_limit`` with a fixed rate (:func:`evaluation_budget`), and every annealing phase cools
by its share of that budget, never by the clock; a wall-clock guard stops a phase (and the run
at ``time_limit``) if the machine is slower than that rate assumes (``stopped_by == "time"``;
only then can two runs with the same seed differ).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from spacedesign.errors import SolverError
from spacedesign.generate.bays import BayBatchEvaluator, anneal_bays
from spacedesign.generate.construct import spectral_bay_start
from spacedesign.generate.flp_lp import refine_layout
from spacedesign.generate.slicing import LayoutEvaluator, SlicingLayout, random_expression
from spacedesign.generate.slicing_batch import (
    SlicingBatchEvaluator,
    anneal_replicas,
    calibrate_temperature,
)
from spacedesign.generate.slicing_descent import iterated_descent
from spacedesign.model.flp import FlpInstance, FlpRectangle, flp_objective, flp_violations

__all__ = ["FlpSolution", "evaluation_budget", "replica_count", "solve_flp"]

# CPU time per evaluated layout (neighbour, batched layout, Metropolis step, with the bay phase)
# measured on the busy 2-core reference machine: about 2.5 µs + 0.53 µs per department (O7
# 6.3 µs, MB12 8.9 µs, AB20 13.2 µs, Du62 36 µs). The rate below is a third slower, so a run
# uses about 75 % of its time limit there and ends by its budget (deterministic for a seed).
_SECONDS_PER_EVALUATION_BASE = 3.4e-6
_SECONDS_PER_EVALUATION_PER_DEPARTMENT = 0.72e-6
# Shares of the budget: flexible bays (both orientations), the slicing population, the final
# cool pass from the best layout; the rest is the iterated descent.
_BAY_SHARE = 0.05
# The bay annealer counts every layout it evaluates (about 9 µs of CPU each on MB12, 7 µs on O7,
# within the rate); it may still take up to three times its budget share of the time before the
# time guard cuts it, so that it ends by its budget on a busy machine too.
_BAY_TIME_SHARE = 3 * _BAY_SHARE
_POPULATION_SHARE = 0.70
_FINAL_SHARE = 0.10
_DESCENT_SHARE = 1.0 - _BAY_SHARE - _POPULATION_SHARE - _FINAL_SHARE
# Replicas: as many as the population budget allows while each still gets about
# ``_STEPS_PER_REPLICA × n³`` steps (larger instances need longer chains), within these bounds.
_MIN_REPLICAS = 16
_MAX_REPLICAS = 128
_STEPS_PER_REPLICA = 1.0
_START_ACCEPTANCE = 0.4
# The intensification starts at this fraction of the first temperature.
_FINAL_TEMPERATURE = 0.02


@dataclass(frozen=True)
class FlpSolution:
    """A feasible layout and how it was found."""

    objective: float
    rectangles: tuple[FlpRectangle, ...]
    seconds: float
    evaluations: int
    stopped_by: str
    seed: int

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: ``{"objective", "rectangles": [{"id","x","y","w","h"}], "seconds"}``."""
        return {
            "objective": self.objective,
            "rectangles": [
                {"id": r.id, "x": r.x, "y": r.y, "w": r.w, "h": r.h} for r in self.rectangles
            ],
            "seconds": round(self.seconds, 3),
        }

    def search_summary(self) -> str:
        """One line on how the search ran (evaluations, what stopped it, seed)."""
        return (
            f"{self.evaluations} layouts evaluated, stopped by {self.stopped_by}, "
            f"seed {self.seed}, {self.seconds:.1f} s"
        )


def evaluation_budget(instance: FlpInstance, time_limit: float) -> int:
    """Layout evaluations the search may spend for ``time_limit`` seconds (a fixed rate).

    The rate was measured on a busy core of the reference machine, so on an idle machine the
    budget ends before the time limit and results repeat for a seed; on a busier one the time
    limit binds first (``stopped_by == "time"``).
    """
    per_eval = _SECONDS_PER_EVALUATION_BASE + _SECONDS_PER_EVALUATION_PER_DEPARTMENT * instance.size
    return max(200, int(time_limit / per_eval))


def replica_count(n: int, budget: int) -> int:
    """Return the population size for ``budget`` evaluations on ``n`` departments.

    Larger instances need longer chains: each replica should get about
    ``_STEPS_PER_REPLICA × n³`` steps; the count is kept between the two bounds.
    """
    wanted = int(budget / max(1.0, _STEPS_PER_REPLICA * n**3))
    return min(_MAX_REPLICAS, max(_MIN_REPLICAS, wanted))


def solve_flp(
    instance: FlpInstance,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    budget: int | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> FlpSolution:
    """Find a feasible low-cost layout of ``instance``.

    Parameters
    ----------
    instance : FlpInstance
        The problem.
    time_limit : float
        Seconds; sets the evaluation budget and the wall-clock guard.
    seed : int
        Random seed; the same seed and budget give the same layout.
    budget : int, optional
        Evaluations to spend instead of the one derived from ``time_limit``.
    clock : callable
        Monotonic clock in seconds: the wall clock; a fake one in tests, or the CPU time
        (``time.process_time``) to measure on a shared machine.

    Raises
    ------
    SolverError
        When no layout satisfying every shape rule was found.
    """
    started = clock()
    # Leave a little of the limit for the final refinement and bookkeeping.
    deadline = started + 0.92 * time_limit
    total = budget if budget is not None else evaluation_budget(instance, time_limit)
    evaluator = LayoutEvaluator(instance)
    n = instance.size
    if n == 1:
        layout = evaluator.layout([0])
        return _finish(instance, evaluator, layout, started, clock, 1, "budget", seed)
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    spent = 0
    timed_out = False
    candidates: list[tuple[float, list[int], SlicingLayout]] = []

    # 1. Flexible bays from spectral starts, both orientations, refined at low temperature.
    bay_budget = int(total * _BAY_SHARE) // 2
    window = deadline - started

    def phase_end(share: float) -> float:
        # Each phase may use its share of the time, so a busy machine still runs every phase.
        return min(deadline, started + share * window)

    for phase, vertical in enumerate((True, False), 1):
        start = spectral_bay_start(evaluator, vertical)
        expr = start.expression()
        candidates.append(_candidate(evaluator, expr))
        result = anneal_bays(
            BayBatchEvaluator(evaluator, vertical),
            np_rng,
            bay_budget,
            phase_end(_BAY_TIME_SHARE / 2 * phase),
            start=start,
            start_acceptance=0.05,
            clock=clock,
        )
        spent += result.evaluations
        timed_out |= result.timed_out
        if result.best is not None:
            candidates.append(_candidate(evaluator, result.best.expression()))

    # 2. Free slicing layouts: replicas annealed in lock step from random starts and the best
    #    bay layout, the worse half restarting from the better half after every stage.
    candidates.sort(key=lambda c: c[0])
    batch = SlicingBatchEvaluator(evaluator)
    best_start = list(candidates[0][1])
    t0 = calibrate_temperature(evaluator, best_start, candidates[0][0], rng, _START_ACCEPTANCE)
    spent += 60
    replicas = replica_count(n, int(total * _POPULATION_SHARE))
    starts = [random_expression(n, rng) for _ in range(replicas - 1)]
    starts.append(best_start)
    # A phase may run into the time of the phases after it, up to half of their shares: one
    # phase's evaluations cost more or less than the rate assumes (on a quiet machine, Du62's
    # population, 0.70 of the budget, was cut at 0.75 of the window), and a phase cut by its
    # window makes a quiet machine's run depend on the clock.
    phases = (
        (starts, t0, _POPULATION_SHARE, 1.0 - (_FINAL_SHARE + _DESCENT_SHARE) / 2),
        (None, t0 * _FINAL_TEMPERATURE, _FINAL_SHARE, 1.0 - _DESCENT_SHARE / 2),
    )
    for phase_starts, t_start, share, end_share in phases:
        if clock() > deadline:
            timed_out = True
            break
        if phase_starts is None:
            # 3. Intensification: every replica from the best layout found, cool.
            candidates.sort(key=lambda c: c[0])
            phase_starts = [list(candidates[0][1]) for _ in range(replicas)]
        annealed = anneal_replicas(
            batch,
            phase_starts,
            rng,
            max(4 * replicas, int(total * share)),
            phase_end(end_share),
            t_start=t_start,
            clock=clock,
        )
        spent += annealed.evaluations
        timed_out |= annealed.timed_out
        if annealed.feasible_expr is not None:
            candidates.append(_candidate(evaluator, annealed.feasible_expr))
    candidates = [c for c in candidates if c[2].feasible]
    candidates.sort(key=lambda c: c[0])
    if candidates and clock() <= deadline:
        # 4. Iterated descent over whole neighbourhoods from the best layout (the rest; it
        #    also runs after a phase cut by the clock, until the deadline).
        polished = iterated_descent(
            batch, list(candidates[0][1]), rng, max(0, total - spent), deadline, clock=clock
        )
        spent += polished.evaluations
        timed_out |= polished.timed_out
        if polished.objective < candidates[0][0]:
            candidates.insert(0, _candidate(evaluator, polished.expr))
    if not candidates:
        raise SolverError(
            f"{instance.name}: no layout satisfying every shape rule found in {spent} evaluations",
            value=instance.name,
        )
    _, best_expr, best_layout = candidates[0]
    rectangles = _rectangles(instance, best_layout)
    if evaluator.shrink < 1.0 - 1e-9:
        rectangles = refine_layout(instance, best_expr, rectangles)
    return _finish_rectangles(
        instance, rectangles, started, clock, spent, "time" if timed_out else "budget", seed
    )


def _candidate(
    evaluator: LayoutEvaluator, expr: list[int]
) -> tuple[float, list[int], SlicingLayout]:
    layout = evaluator.layout(expr)
    return (evaluator.cost(layout), list(expr), layout)


def _rectangles(instance: FlpInstance, layout: SlicingLayout) -> tuple[FlpRectangle, ...]:
    return tuple(
        FlpRectangle(
            dept.id,
            float(layout.cx[i] - layout.w[i] / 2.0),
            float(layout.cy[i] - layout.h[i] / 2.0),
            float(layout.w[i]),
            float(layout.h[i]),
        )
        for i, dept in enumerate(instance.departments)
    )


def _finish(
    instance: FlpInstance,
    evaluator: LayoutEvaluator,
    layout: SlicingLayout,
    started: float,
    clock: Callable[[], float],
    evaluations: int,
    stopped_by: str,
    seed: int,
) -> FlpSolution:
    del evaluator
    return _finish_rectangles(
        instance, _rectangles(instance, layout), started, clock, evaluations, stopped_by, seed
    )


def _finish_rectangles(
    instance: FlpInstance,
    rectangles: tuple[FlpRectangle, ...],
    started: float,
    clock: Callable[[], float],
    evaluations: int,
    stopped_by: str,
    seed: int,
) -> FlpSolution:
    problems = flp_violations(instance, rectangles)
    if problems:
        raise SolverError(f"{instance.name}: best layout is infeasible: {problems[0]}")
    return FlpSolution(
        objective=flp_objective(instance, rectangles),
        rectangles=rectangles,
        seconds=clock() - started,
        evaluations=evaluations,
        stopped_by=stopped_by,
        seed=seed,
    )
