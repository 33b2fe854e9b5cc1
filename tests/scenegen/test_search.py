"""Search: same seed → same ranked scenarios; results are distinct topologies; limits."""

from __future__ import annotations

import pytest

from spacedesign.errors import SolverError
from spacedesign.generate.scenario import (
    MIN_DISTANCE,
    generate_scenarios,
    search_scenarios,
    topology_distance,
)
from spacedesign.io import plan_to_data
from spacedesign.model import Space
from tests.scenegen.conftest import nakano


def test_search_is_deterministic_diverse_and_ranked():
    plan, program = nakano()
    calls = []
    first = search_scenarios(plan, program, count=3, seed=11, attempts=40,
                             progress=lambda stage, done, total: calls.append(stage))
    again = search_scenarios(plan, program, count=3, seed=11, attempts=40)
    assert [plan_to_data(e.plan) for e in first] == [plan_to_data(e.plan) for e in again]
    assert len(first) == 3
    assert [e.score for e in first] == sorted((e.score for e in first), reverse=True)
    for i, a in enumerate(first):
        for b in first[i + 1:]:
            assert topology_distance(a.topology, b.topology) >= MIN_DISTANCE
    assert {"sketch", "finish"} <= set(calls)
    for e in first:
        assert 0 <= e.score <= 100
        assert e.plan.scenario.generator["scores"] == dict(sorted(e.scores.items()))


def test_other_seed_gives_other_scenarios():
    plan, program = nakano()
    a = generate_scenarios(plan, program, count=2, seed=1)
    b = generate_scenarios(plan, program, count=2, seed=2)
    assert [plan_to_data(p) for p in a] != [plan_to_data(p) for p in b]


def test_time_limit_stops_sketching_early():
    plan, program = nakano()
    ticks = iter(range(0, 10_000, 100))
    found = search_scenarios(plan, program, count=1, seed=3, time_limit=50, attempts=320,
                             clock=lambda: float(next(ticks)))
    assert len(found) == 1


def test_impossible_program_is_a_solver_error():
    plan, program = nakano()
    huge = (*program.spaces, Space(id="hall2", use="seminar", area=(150.0, 160.0)))
    with pytest.raises(SolverError, match="no scenario fits"):
        search_scenarios(plan, program.__class__(**{**program.__dict__, "spaces": huge}),
                         count=1, seed=0, attempts=8)
