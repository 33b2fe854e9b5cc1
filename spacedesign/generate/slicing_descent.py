"""Steepest descent of a slicing expression over whole neighbourhoods, evaluated in batches.

Annealing samples one random neighbour at a time, so at its end the best layout is usually
*near* a local optimum of the move set but not at one. :func:`descend` finishes the job: it
lists every neighbour of the current expression under four deterministic move classes,

* swap two departments (every pair),
* complement one cut (vertical ↔ horizontal),
* exchange two disjoint subtrees (every pair of nodes neither of which contains the other),
* take one department out and re-insert it beside another one (either side, either cut),

evaluates them in batches (:class:`~spacedesign.generate.slicing_batch.SlicingBatchEvaluator`)
and moves to the feasible neighbour of lowest objective while that improves, until no move
improves (a local optimum of all four classes) or its evaluation budget is spent. It uses no
random numbers, so it is deterministic.
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
    HCUT,
    VCUT,
    _remove_department,
    neighbour,
    subtree_starts,
)
from spacedesign.generate.slicing_batch import SlicingBatchEvaluator

__all__ = ["DescentResult", "descend", "iterated_descent", "neighbourhood"]

IntArray = NDArray[np.intp]

# Rows per batch evaluation (bounds the memory of one batch: rows × (2n - 1) tokens).
_CHUNK = 128
# An improvement must beat the current objective by this relative margin (rounding noise).
_MIN_GAIN = 1e-12


@dataclass(frozen=True)
class DescentResult:
    """Where the descent ended: expression, its objective, evaluations, improving moves made."""

    expr: list[int]
    objective: float
    evaluations: int
    moves: int
    local_optimum: bool
    timed_out: bool


def neighbourhood(expr: list[int]) -> IntArray:
    """Every neighbour of ``expr`` under the four move classes, one row each (may repeat)."""
    base = np.asarray(expr, dtype=np.intp)
    length = len(expr)
    leaves = np.flatnonzero(base >= 0)
    cuts = np.flatnonzero(base < 0)
    blocks: list[IntArray] = []
    # Department swaps.
    ia, ib = np.triu_indices(len(leaves), k=1)
    swaps = np.tile(base, (len(ia), 1))
    rows = np.arange(len(ia))
    swaps[rows, leaves[ia]] = base[leaves[ib]]
    swaps[rows, leaves[ib]] = base[leaves[ia]]
    blocks.append(swaps)
    # Cut complements.
    flips = np.tile(base, (len(cuts), 1))
    flips[np.arange(len(cuts)), cuts] = (VCUT + HCUT) - base[cuts]
    blocks.append(flips)
    # Exchanges of disjoint subtrees [sa, a] and [sb, b] with a < sb (both below the root).
    starts = subtree_starts(expr)
    exchanges = [
        expr[:sa] + expr[sb : b + 1] + expr[a + 1 : sb] + expr[sa : a + 1] + expr[b + 1 :]
        for b in range(length - 1)
        for a in range(starts[b])
        for sa in (starts[a],)
        for sb in (starts[b],)
    ]
    if exchanges:
        blocks.append(np.array(exchanges, dtype=np.intp))
    # Re-insertions of one department beside another.
    inserts: list[list[int]] = []
    for dept in range(len(leaves)):
        removed = _remove_department(expr, dept)
        for target, token in enumerate(removed):
            if token < 0:
                continue
            head, tail = removed[:target], removed[target + 1 :]
            for cut in (VCUT, HCUT):
                inserts.append([*head, token, dept, cut, *tail])
                inserts.append([*head, dept, token, cut, *tail])
    if inserts:
        blocks.append(np.array(inserts, dtype=np.intp))
    return np.concatenate(blocks).reshape(-1, length)


def descend(
    batch: SlicingBatchEvaluator,
    expr: list[int],
    budget: int,
    deadline: float,
    *,
    clock: Callable[[], float] = time.perf_counter,
    first_improvement: bool = False,
) -> DescentResult:
    """Steepest descent from ``expr`` over :func:`neighbourhood`.

    Moves to the feasible neighbour of lowest objective while that improves. An infeasible
    start moves to its best feasible neighbour, or when it has none to the neighbour of lowest
    penalised cost (objective plus weighted violation), until it is feasible. With
    ``first_improvement`` a step takes the best improving neighbour of the first batch that
    holds one instead of the best of the whole neighbourhood. Stops at a local optimum, when
    the next full neighbourhood would exceed ``budget`` evaluations, or at ``deadline``
    (checked between batches; then ``timed_out``). ``objective`` is infinite when no feasible
    layout was reached.
    """
    current = list(expr)
    cost, objective, violation = batch.costs(np.array([current], dtype=np.intp))
    current_cost = float(cost[0])
    best = float(objective[0]) if violation[0] <= 1e-12 else math.inf
    evaluations = 1
    moves = 0
    while True:
        rows = neighbourhood(current)
        if evaluations + len(rows) > budget:
            return DescentResult(current, best, evaluations, moves, False, False)
        found: IntArray | None = None
        found_objective = best * (1.0 - _MIN_GAIN)
        fallback: IntArray | None = None
        fallback_cost = current_cost
        for first in range(0, len(rows), _CHUNK):
            if clock() > deadline:
                return DescentResult(current, best, evaluations, moves, False, True)
            chunk = rows[first : first + _CHUNK]
            cost, objective, violation = batch.costs(chunk)
            evaluations += len(chunk)
            masked = np.where(violation <= 1e-12, objective, np.inf)
            k = int(np.argmin(masked))
            if masked[k] < found_objective:
                found, found_objective = chunk[k], float(masked[k])
                if first_improvement:
                    break
            if math.isinf(best):
                k = int(np.argmin(cost))
                if cost[k] < fallback_cost:
                    fallback, fallback_cost = chunk[k], float(cost[k])
        if found is not None:
            current, best, current_cost = found.tolist(), found_objective, found_objective
        elif fallback is not None:
            current, current_cost = fallback.tolist(), fallback_cost
        else:
            return DescentResult(current, best, evaluations, moves, True, False)
        moves += 1


def iterated_descent(
    batch: SlicingBatchEvaluator,
    expr: list[int],
    rng: random.Random,
    budget: int,
    deadline: float,
    *,
    kick: int = 4,
    clock: Callable[[], float] = time.perf_counter,
) -> DescentResult:
    """Descend, then repeatedly kick the best local optimum and descend again (iterated search).

    A kick is ``kick`` random moves (:func:`~spacedesign.generate.slicing.neighbour`) from the
    best local optimum so far; the descent after it (first improvement) is kept when it ends
    better. Runs until ``budget`` evaluations are spent or ``deadline``; deterministic for the
    state of ``rng`` when the budget ends it.
    """
    result = descend(batch, expr, budget, deadline, clock=clock)
    best = result
    evaluations = result.evaluations
    moves = result.moves
    timed_out = result.timed_out
    while not timed_out and evaluations < budget:
        start = best.expr
        for _ in range(kick):
            start = neighbour(start, rng)
        trial = descend(
            batch, start, budget - evaluations, deadline, clock=clock, first_improvement=True
        )
        evaluations += trial.evaluations
        timed_out = trial.timed_out
        if trial.moves == 0 and not trial.local_optimum:
            break  # the budget left is smaller than one neighbourhood
        if trial.objective < best.objective:
            best = trial
            moves += trial.moves
    return DescentResult(best.expr, best.objective, evaluations, moves, False, timed_out)
