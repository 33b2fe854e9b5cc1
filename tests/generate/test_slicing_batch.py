import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.generate.slicing import LayoutEvaluator, neighbour, random_expression
from spacedesign.generate.slicing_batch import SlicingBatchEvaluator, anneal_replicas
from spacedesign.io import load_flp
from spacedesign.model.flp import Department, FlpInstance
from tests.conftest import FLP_CASES


def _instance(name):
    return load_flp(next(p for p in FLP_CASES if p.stem == name))


def _walk(n, seed, count):
    rng = random.Random(seed)
    expr = random_expression(n, rng)
    exprs = []
    for _ in range(count):
        expr = neighbour(expr, rng)
        exprs.append(expr)
    return exprs


@pytest.mark.parametrize("name", ["O7", "BA12", "AB20", "Du62"])
def test_batch_layouts_match_the_scalar_evaluator_on_the_shared_instances(name):
    instance = _instance(name)
    evaluator = LayoutEvaluator(instance)
    batch = SlicingBatchEvaluator(evaluator)
    exprs = _walk(instance.size, 5, 60)
    out = batch.layouts(np.array(exprs, dtype=np.intp))
    for k, expr in enumerate(exprs):
        layout = evaluator.layout(expr)
        scale = instance.width + instance.height
        assert np.allclose(out.cx[k], layout.cx, rtol=0, atol=1e-9 * scale)
        assert np.allclose(out.cy[k], layout.cy, rtol=0, atol=1e-9 * scale)
        assert np.allclose(out.w[k], layout.w, rtol=1e-9)
        assert np.allclose(out.h[k], layout.h, rtol=1e-9)
        assert out.objective[k] == pytest.approx(layout.objective, rel=1e-9)
        assert out.violation[k] == pytest.approx(layout.violation, abs=1e-9)


@given(
    st.lists(st.floats(1.0, 50.0), min_size=1, max_size=16),
    st.floats(0.5, 1.0),
    st.floats(0.3, 3.0),
    st.integers(0, 10_000),
)
@settings(max_examples=60, deadline=None)
def test_batch_layouts_match_the_scalar_evaluator_on_random_trees(areas, fill, ratio, seed):
    n = len(areas)
    total = sum(areas) / fill
    width = (total * ratio) ** 0.5
    instance = FlpInstance(
        "random",
        width,
        total / width,
        tuple(Department(str(i), a, max_aspect=4.0) for i, a in enumerate(areas)),
        tuple(tuple(float((i * 7 + j * 3) % 5) for j in range(n)) for i in range(n)),
    )
    evaluator = LayoutEvaluator(instance)
    exprs = [random_expression(n, random.Random(seed)), *_walk(n, seed, 12)]
    out = SlicingBatchEvaluator(evaluator).layouts(np.array(exprs, dtype=np.intp))
    for k, expr in enumerate(exprs):
        layout = evaluator.layout(expr)
        assert np.allclose(out.cx[k], layout.cx, rtol=1e-9, atol=1e-9)
        assert np.allclose(out.cy[k], layout.cy, rtol=1e-9, atol=1e-9)
        assert np.allclose(out.w[k] * out.h[k], areas, rtol=1e-9)
        assert out.objective[k] == pytest.approx(layout.objective, rel=1e-9, abs=1e-9)
        assert out.violation[k] == pytest.approx(layout.violation, abs=1e-9)


def test_replica_annealing_is_deterministic_and_improves_on_its_starts():
    instance = _instance("AB20")
    evaluator = LayoutEvaluator(instance)
    batch = SlicingBatchEvaluator(evaluator)

    def run(seed):
        rng = random.Random(seed)
        starts = [random_expression(instance.size, rng) for _ in range(8)]
        return starts, anneal_replicas(batch, starts, rng, 8000, 1e12, t_start=100.0, stages=4)

    starts, first = run(11)
    _, second = run(11)
    assert first.feasible_expr == second.feasible_expr
    assert first.feasible_expr is not None and not first.timed_out
    layout = evaluator.layout(first.feasible_expr)
    assert layout.feasible
    assert layout.objective == pytest.approx(first.feasible_objective, rel=1e-9)
    feasible_starts = [v.objective for v in map(evaluator.layout, starts) if v.feasible]
    assert all(first.feasible_objective < v for v in feasible_starts)
    assert 7900 <= first.evaluations <= 8000


def test_replica_annealing_stops_at_its_deadline():
    instance = _instance("AB20")
    batch = SlicingBatchEvaluator(LayoutEvaluator(instance))
    ticks = iter(range(10**6))
    rng = random.Random(0)
    starts = [random_expression(instance.size, rng) for _ in range(4)]
    result = anneal_replicas(
        batch, starts, rng, 10**6, 50.0, t_start=10.0, clock=lambda: float(next(ticks))
    )
    assert result.timed_out
    assert result.evaluations < 10**6


@given(st.integers(2, 30), st.integers(0, 10_000))
@settings(max_examples=60, deadline=None)
def test_local_subtree_scans_agree_with_the_whole_tree(n, seed):
    from spacedesign.generate.slicing import (
        _remove_department,
        _subtree_start,
        is_valid_expression,
        subtree_starts,
    )

    expr = _walk(n, seed, 5)[-1]
    starts = subtree_starts(expr)
    assert [_subtree_start(expr, p) for p in range(len(expr))] == starts
    for dept in range(n):
        removed = _remove_department(expr, dept)
        assert dept not in removed and len(removed) == len(expr) - 2
        relabelled = [t - (t > dept) if t >= 0 else t for t in removed]
        assert is_valid_expression(relabelled, n - 1)
        # The rest of the tree keeps its shape: every other subtree is still contiguous.
        pos = expr.index(dept)
        parent = next(q for q in range(pos + 1, len(expr)) if expr[q] < 0 and starts[q] <= pos)
        assert removed == [t for q, t in enumerate(expr) if q not in (pos, parent)]


def test_replica_count_shrinks_with_instance_size_within_its_bounds():
    from spacedesign.generate.flp_solver import replica_count

    budget = 3_000_000
    counts = [replica_count(n, budget) for n in (5, 20, 40, 62, 200)]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 128 and counts[-1] == 16
    # Each replica gets at least its share of steps unless the lower bound binds.
    sizes = (5, 20, 40, 62, 200)
    assert all(budget // c >= n**3 for c, n in zip(counts, sizes, strict=True) if c > 16)
