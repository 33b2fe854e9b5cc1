import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.generate.slicing import (
    HCUT,
    VCUT,
    LayoutEvaluator,
    is_valid_expression,
    neighbour,
    random_expression,
)
from spacedesign.generate.slicing_batch import SlicingBatchEvaluator
from spacedesign.generate.slicing_descent import (
    descend,
    iterated_descent,
    neighbourhood,
    neighbourhood_size,
)
from spacedesign.io import load_flp
from tests.conftest import FLP_CASES


def _instance(name):
    return load_flp(next(p for p in FLP_CASES if p.stem == name))


def _expression(n, seed, steps=6):
    rng = random.Random(seed)
    expr = random_expression(n, rng)
    for _ in range(steps):
        expr = neighbour(expr, rng)
    return expr


@given(st.integers(2, 16), st.integers(0, 10_000))
@settings(max_examples=50, deadline=None)
def test_every_neighbour_is_a_valid_expression_and_the_classes_are_complete(n, seed):
    expr = _expression(n, seed)
    rows = neighbourhood(expr)
    assert len(rows) == neighbourhood_size(expr)
    assert all(is_valid_expression(row, n) for row in rows.tolist())
    found = {tuple(row) for row in rows.tolist()}
    # Every swap of two departments and every single cut complement is in the neighbourhood.
    for a in range(n):
        for b in range(a + 1, n):
            swapped = [b if t == a else a if t == b else t for t in expr]
            assert tuple(swapped) in found
    for p, token in enumerate(expr):
        if token < 0:
            flipped = list(expr)
            flipped[p] = VCUT if token == HCUT else HCUT
            assert tuple(flipped) in found


def test_descent_ends_at_a_local_optimum_no_worse_than_its_start():
    instance = _instance("AB20")
    evaluator = LayoutEvaluator(instance)
    batch = SlicingBatchEvaluator(evaluator)
    start = _expression(instance.size, 3)
    result = descend(batch, start, 10**7, 1e18)
    assert result.local_optimum and not result.timed_out and result.moves > 0
    layout = evaluator.layout(result.expr)
    assert layout.feasible
    assert layout.objective == pytest.approx(result.objective, rel=1e-9)
    begin = evaluator.layout(start)
    if begin.feasible:
        assert result.objective < begin.objective
    # No neighbour of the end is feasible and better.
    _, objective, violation = batch.costs(neighbourhood(result.expr))
    better = (violation <= 1e-12) & (objective < result.objective * (1 - 1e-9))
    assert not better.any()


def test_descent_respects_its_budget_and_deadline():
    instance = _instance("MB12")
    batch = SlicingBatchEvaluator(LayoutEvaluator(instance))
    start = _expression(instance.size, 5)
    small = descend(batch, start, 10, 1e18)
    assert small.evaluations <= 10 and not small.local_optimum
    ticks = iter(range(10**6))
    late = descend(batch, start, 10**7, 0.5, clock=lambda: float(next(ticks)))
    assert late.timed_out


def test_iterated_descent_is_deterministic_and_improves_on_plain_descent():
    instance = _instance("AB20")
    batch = SlicingBatchEvaluator(LayoutEvaluator(instance))
    start = _expression(instance.size, 8)
    plain = descend(batch, start, 10**7, 1e18)
    runs = [iterated_descent(batch, start, random.Random(4), 60_000, 1e18) for _ in range(2)]
    assert runs[0].expr == runs[1].expr and runs[0].objective == runs[1].objective
    assert runs[0].objective <= plain.objective
    assert 0.5 * 60_000 < runs[0].evaluations <= 60_000
    assert np.isfinite(runs[0].objective)
