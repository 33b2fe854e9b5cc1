"""Flexible-bay layouts evaluated in vectorised batches, searched by batched annealing.

A flexible-bay layout orders the departments and cuts the order into bays: full-height strips
(``vertical``) whose width is their share of the facility, each department taking the bay's
width and its share of the height. :class:`BayBatchEvaluator` computes the cost of many such
layouts at once with numpy, which makes annealing on large instances (Du62) an order of
magnitude faster than evaluating one layout at a time. :func:`anneal_bays` runs Metropolis
annealing that proposes a stream of moves one at a time, exactly as sequential annealing does,
but evaluates the next proposals in chunks sized by the acceptance rate and takes the first one
the Metropolis test accepts (the rest are proposed again to the new layout; their evaluations
still count toward the budget, and are used to remember the best layout seen).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
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
        rows = np.arange(k)[:, None]
        base = before[rows, start_idx]
        bay_area = cum[rows, end_idx] - base
        width = bay_area / self.along
        height = areas / width
        cx_pos = base / self.along + width / 2.0
        cy_pos = (before - base) / width + height / 2.0
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


@dataclass(frozen=True)
class MoveDraws:
    """Random numbers of a run of moves, independent of the layout they will be applied to.

    ``kind`` picks the move (swap < 0.45 ≤ insertion < 0.8 ≤ bay split/merge < 0.9 ≤ edge
    shift), ``a``/``b`` are the positions a swap or an insertion moves, ``pos``/``other`` the bay
    starts a split/merge or a shift changes, ``u`` the uniform number of the Metropolis test.
    """

    kind: FloatArray
    a: IntArray
    b: IntArray
    pos: IntArray
    other: IntArray
    u: FloatArray

    def __len__(self) -> int:
        return int(self.kind.shape[0])

    def part(self, first: int, stop: int) -> MoveDraws:
        """Return the draws ``first .. stop - 1``."""
        return MoveDraws(
            self.kind[first:stop],
            self.a[first:stop],
            self.b[first:stop],
            self.pos[first:stop],
            self.other[first:stop],
            self.u[first:stop],
        )

    def then(self, more: MoveDraws) -> MoveDraws:
        """Return these draws followed by ``more``."""
        return MoveDraws(
            np.concatenate((self.kind, more.kind)),
            np.concatenate((self.a, more.a)),
            np.concatenate((self.b, more.b)),
            np.concatenate((self.pos, more.pos)),
            np.concatenate((self.other, more.other)),
            np.concatenate((self.u, more.u)),
        )


def draw_moves(n: int, count: int, rng: np.random.Generator) -> MoveDraws:
    """Draw the random numbers of ``count`` moves on ``n ≥ 2`` departments."""
    kind = rng.random(count)
    a = rng.integers(0, n, count)
    b = (a + rng.integers(1, n, count)) % n
    pos = rng.integers(1, n, count)
    other = np.clip(pos + np.where(rng.random(count) < 0.5, -1, 1), 1, n - 1)
    return MoveDraws(kind, a, b, pos, other, rng.random(count))


def apply_moves(order: IntArray, starts: BoolArray, draws: MoveDraws) -> tuple[IntArray, BoolArray]:
    """Return the neighbours of one layout that ``draws`` make (orders, starts; one per draw)."""
    count = len(draws)
    n = order.shape[0]
    kind, a, b, pos = draws.kind, draws.a, draws.b, draws.pos
    orders = order[None, :].repeat(count, axis=0)
    starts_out = starts[None, :].repeat(count, axis=0)
    swap = kind < 0.45
    insert = (kind >= 0.45) & (kind < 0.8)
    toggle = (kind >= 0.8) & (kind < 0.9)
    shift = kind >= 0.9
    rows = np.arange(count)
    r = rows[swap]
    orders[r, a[swap]], orders[r, b[swap]] = order[b[swap]], order[a[swap]]
    if insert.any():
        p = np.arange(n)[None, :]
        ai = a[insert][:, None]
        bi = b[insert][:, None]
        src = p.repeat(ai.shape[0], axis=0)
        src = np.where((ai < bi) & (p >= ai) & (p < bi), p + 1, src)
        src = np.where((ai > bi) & (p > bi) & (p <= ai), p - 1, src)
        src = np.where(p == bi, ai, src)
        orders[insert] = order[src]
    starts_out[rows[toggle], pos[toggle]] ^= True
    rs = rows[shift]
    ps, os_ = pos[shift], draws.other[shift]
    starts_out[rs, ps], starts_out[rs, os_] = starts[os_], starts[ps]
    return orders, starts_out


def random_moves(order: IntArray, starts: BoolArray, count: int, rng: np.random.Generator) -> Moves:
    """Return ``count`` random neighbours: swaps, insertions, bay splits/merges, edge shifts."""
    draws = draw_moves(order.shape[0], count, rng)
    orders, starts_out = apply_moves(order, starts, draws)
    kind = draws.kind
    kinds = np.select([kind < 0.45, kind < 0.8, kind < 0.9], [SWAP, INSERT, TOGGLE], SHIFT)
    return Moves(orders, starts_out, kinds.astype(np.intp), draws.a, draws.b, draws.pos)


class MoveStream:
    """An endless sequence of move draws, drawn from ``rng`` in blocks of ``block``.

    The annealer proposes the draws in this order, one Metropolis step each; a draw is consumed
    only by the step that uses it, so the chain is the same whatever the chunks it is
    evaluated in.
    """

    def __init__(self, n: int, rng: np.random.Generator, block: int = 4096) -> None:
        self.n = n
        self.rng = rng
        self.block = block
        self.draws = draw_moves(n, 0, rng)
        self.cursor = 0

    def peek(self, count: int) -> MoveDraws:
        """Return the next ``count`` draws without consuming them."""
        if self.cursor + count > len(self.draws):
            rest = self.draws.part(self.cursor, len(self.draws))
            self.draws = rest.then(draw_moves(self.n, max(self.block, count), self.rng))
            self.cursor = 0
        return self.draws.part(self.cursor, self.cursor + count)

    def consume(self, count: int) -> None:
        """Mark the next ``count`` draws as used."""
        self.cursor += count


# Every evaluated neighbour counts toward the budget, wanted or not, but a chunk also costs about
# 0.1 ms of numpy calls whatever its size (CPU, 2026-12: 1 neighbour 0.10 ms, 16 neighbours
# 0.15 ms on MB12, 0.35 ms on Du62), so chunks of fewer than MIN_CHUNK would cost more per
# evaluated layout than the solver's budget rate allows (12 µs on MB12, 48 µs on Du62).
MIN_CHUNK = 16
MAX_CHUNK = 256


def chunk_size(acceptance: float, left: int) -> int:
    """Neighbours to evaluate next: about twice the expected trials to an acceptance."""
    wanted = math.ceil(2.0 / max(acceptance, 1e-3))
    return max(1, min(left, MAX_CHUNK, max(MIN_CHUNK, wanted)))


@dataclass
class BayAnnealResult:
    """Best feasible flexible-bay layout found (``None`` when none was feasible).

    ``evaluations`` counts every layout evaluated, ``steps`` the Metropolis steps taken (the
    proposals the chain decided on) and ``last`` is the chain's layout at the end.
    """

    best: BayState | None
    best_objective: float
    evaluations: int
    timed_out: bool
    steps: int
    last: BayState


def anneal_bays(
    batch: BayBatchEvaluator,
    rng: np.random.Generator,
    budget: int,
    deadline: float,
    *,
    start: BayState | None = None,
    start_acceptance: float = 0.3,
    end_ratio: float = 1e-4,
    clock: Callable[[], float] = time.perf_counter,
) -> BayAnnealResult:
    """Metropolis annealing over flexible-bay layouts for ``budget`` evaluated layouts.

    Parameters
    ----------
    batch : BayBatchEvaluator
        Costs of layouts of one orientation.
    rng : numpy.random.Generator
        Source of the start, the moves and the Metropolis tests.
    budget : int
        Layouts to evaluate, every one counted (the start, the temperature probe and every
        neighbour of every chunk, including those after the chunk's accepted move).
    deadline : float
        ``clock()`` value at which the run stops early (``timed_out``).
    start : BayState, optional
        First layout; a random order in about √n bays otherwise.
    start_acceptance : float
        Probability of accepting the mean uphill move at the start.
    end_ratio : float
        Last temperature over the first.
    clock : callable
        Monotonic clock in seconds.

    Notes
    -----
    The chain proposes the moves of a :class:`MoveStream` one at a time, exactly as sequential
    annealing would; it evaluates the next proposals in a chunk of :func:`chunk_size` and takes
    the first one the Metropolis test accepts; the proposals after it are proposed again, to the
    new layout, by the next chunk. The temperature falls geometrically with the evaluations (the
    ``k``-th neighbour of a chunk is tested at the temperature after ``k`` more evaluations)
    and reaches ``end_ratio`` at the budget, whatever the clock says, so a run that ends by its
    budget is the same for a seed on any machine.
    """
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
    weight = batch.penalty_weight

    obj, viol = batch.costs(order[None, :], starts[None, :])
    current = float(obj[0] + weight * viol[0])
    best_state: BayState | None = None
    best_obj = math.inf
    if viol[0] <= 1e-12:
        best_state = BayState(
            tuple(int(d) for d in order), tuple(bool(s) for s in starts), batch.vertical
        )
        best_obj = float(obj[0])
    probe = random_moves(order, starts, 64, rng)
    obj, viol = batch.costs(probe.orders, probe.starts)
    delta = obj + weight * viol - current
    uphill = delta[delta > 0]
    mean_up = float(uphill.mean()) if uphill.size else max(abs(current), 1.0) * 0.01
    temperature = -mean_up / math.log(start_acceptance)
    evaluations = 65
    log_cooling = math.log(end_ratio) / max(1, budget - evaluations)
    stream = MoveStream(n, rng)
    acceptance = 0.5
    steps = 0
    timed_out = False
    while evaluations < budget:
        if clock() >= deadline:
            timed_out = True
            break
        count = chunk_size(acceptance, budget - evaluations)
        draws = stream.peek(count)
        orders, starts_b = apply_moves(order, starts, draws)
        obj, viol = batch.costs(orders, starts_b)
        feasible = viol <= 1e-12
        k_best = int(np.argmin(np.where(feasible, obj, np.inf)))
        if feasible[k_best] and obj[k_best] < best_obj - 1e-12:
            best_obj = float(obj[k_best])
            best_state = BayState(
                tuple(int(d) for d in orders[k_best]),
                tuple(bool(s) for s in starts_b[k_best]),
                batch.vertical,
            )
        cost = obj + weight * viol
        delta = cost - current
        temps = temperature * np.exp(log_cooling * np.arange(count))
        # A zero change is (almost always) a move that did nothing: it is not an acceptance.
        accept = (delta < 0) | ((delta > 0) & (draws.u < np.exp(-np.maximum(delta, 0.0) / temps)))
        hit = int(np.argmax(accept))
        if accept[hit]:
            order, starts = orders[hit].copy(), starts_b[hit].copy()
            current = float(cost[hit])
            used = hit + 1
            acceptance = 0.9 * acceptance + 0.1 / used
        else:
            used = count
            acceptance *= 0.9
        stream.consume(used)
        steps += used
        evaluations += count
        temperature *= math.exp(log_cooling * count)
    last = BayState(tuple(int(d) for d in order), tuple(bool(s) for s in starts), batch.vertical)
    return BayAnnealResult(best_state, best_obj, evaluations, timed_out, steps, last)
