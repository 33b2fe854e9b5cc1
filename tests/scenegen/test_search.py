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
from spacedesign.generate.scenario.generate import LATE_SKETCHES
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
    for rank, e in enumerate(first, 1):
        assert 0 <= e.score <= 100
        info = e.plan.scenario
        # no scores in the file (the Scorecard is `spacedesign score`'s), provenance filled
        assert "scores" not in info.generator and "score" not in info.generator
        assert (info.base, info.program) == (plan.name, program.name)
        assert info.generator["rank"] == rank and info.generator["search_seed"] == 11
        assert info.generator["seed"] == e.seed
        assert e.plan.name.startswith(f"案G{rank} ") and f" / G{rank} " in e.plan.name
    assert len({e.plan.name.split(" ", 1)[1] for e in first}) >= 1


def test_other_seed_gives_other_scenarios():
    plan, program = nakano()
    a = generate_scenarios(plan, program, count=2, seed=1)
    b = generate_scenarios(plan, program, count=2, seed=2)
    assert [plan_to_data(p) for p in a] != [plan_to_data(p) for p in b]


class CountingClock:
    """A clock that advances one second per reading (each sketch or finish reads it)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def _stages(time_limit, started=None):
    plan, program = nakano()
    calls = []
    found = search_scenarios(plan, program, count=2, seed=3, attempts=64,
                             time_limit=time_limit, clock=CountingClock(), started=started,
                             progress=lambda stage, done, total: calls.append(stage))
    return found, calls.count("sketch"), calls.count("finish")


def test_time_limit_stops_sketching_and_finishing_early():
    full, sketched_all, finished_all = _stages(None)
    assert sketched_all == 64 and len(full) == 2
    found, sketched, finished = _stages(10.0)
    # ten clock seconds: a handful of sketches, then one finished scenario at most the margin
    assert 10 <= sketched <= 16 < sketched_all
    assert len(found) >= 1 and finished <= finished_all
    # started long before (cold start): past the deadline at once, the least work is done:
    # LATE_SKETCHES sketches to fall back on (a seed may sketch nothing), one scenario
    found, sketched, finished = _stages(10.0, started=-100.0)
    assert LATE_SKETCHES <= sketched <= LATE_SKETCHES + 2
    assert len(found) == 1 and finished <= 3


def test_impossible_program_is_a_solver_error():
    plan, program = nakano()
    huge = (*program.spaces, Space(id="hall2", use="seminar", area=(150.0, 160.0)))
    with pytest.raises(SolverError, match="no scenario fits"):
        search_scenarios(plan, program.__class__(**{**program.__dict__, "spaces": huge}),
                         count=1, seed=0, attempts=8)
