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
from collections.abc import Callable, Iterator
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

__all__ = [
    "DescentResult",
    "descend",
    "iterated_descent",
    "neighbourhood",
    "neighbourhood_size",
]

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
    return np.concatenate(list(_neighbour_blocks(expr))).reshape(-1, len(expr))


def neighbourhood_size(expr: list[int]) -> int:
    """Return the number of rows of :func:`neighbourhood` (without building them)."""
    n = (len(expr) + 1) // 2
    starts = subtree_starts(expr)
    return n * (n - 1) // 2 + (n - 1) + sum(starts[:-1]) + 4 * n * (n - 1)


def _neighbour_blocks(expr: list[int]) -> Iterator[IntArray]:
    """Yield the rows of :func:`neighbourhood` in order, a block at a time, built when asked."""
    base = np.asarray(expr, dtype=np.intp)
    length = len(expr)
    leaves = np.flatnonzero(base >= 0)
    cuts = np.flatnonzero(base < 0)
    # Department swaps.
    ia, ib = np.triu_indices(len(leaves), k=1)
    swaps = np.tile(base, (len(ia), 1))
    rows = np.arange(len(ia))
    swaps[rows, leaves[ia]] = base[leaves[ib]]
    swaps[rows, leaves[ib]] = base[leaves[ia]]
    yield swaps
    # Cut complements.
    flips = np.tile(base, (len(cuts), 1))
    flips[np.arange(len(cuts)), cuts] = (VCUT + HCUT) - base[cuts]
    yield flips
    # Exchanges of disjoint subtrees [sa, a] and [sb, b] with a < sb (both below the root).
    starts = subtree_starts(expr)
    for b in range(length - 1):
        sb = starts[b]
        if sb:
            yield np.array(
                [
                    expr[: starts[a]]
                    + expr[sb : b + 1]
                    + expr[a + 1 : sb]
                    + expr[starts[a] : a + 1]
                    + expr[b + 1 :]
                    for a in range(sb)
                ],
                dtype=np.intp,
            ).reshape(-1, length)
    # Re-insertions of one department beside another.
    for dept in range(len(leaves)):
        removed = _remove_department(expr, dept)
        inserts: list[list[int]] = []
        for target, token in enumerate(removed):
            if token < 0:
                continue
            head, tail = removed[:target], removed[target + 1 :]
            for cut in (VCUT, HCUT):
                inserts.append([*head, token, dept, cut, *tail])
                inserts.append([*head, dept, token, cut, *tail])
        if inserts:
            yield np.array(inserts, dtype=np.intp)


def _chunks(blocks: Iterator[IntArray], size: int) -> Iterator[IntArray]:
    """Regroup row blocks into chunks of exactly ``size`` rows (the last one may be shorter)."""
    pending: list[IntArray] = []
    count = 0
    for block in blocks:
        pending.append(block)
        count += len(block)
        while count >= size:
            joined = np.concatenate(pending)
            yield joined[:size]
            pending = [joined[size:]]
            count -= size
    if count:
        yield np.concatenate(pending)


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
        if evaluations + neighbourhood_size(current) > budget:
            return DescentResult(current, best, evaluations, moves, False, False)
        found: IntArray | None = None
        found_objective = best * (1.0 - _MIN_GAIN)
        fallback: IntArray | None = None
        fallback_cost = current_cost
        # Built lazily: a first-improvement step often stops after a few chunks.
        for chunk in _chunks(_neighbour_blocks(current), _CHUNK):
            if clock() > deadline:
                return DescentResult(current, best, evaluations, moves, False, True)
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
