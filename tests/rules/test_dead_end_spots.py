"""ROUTE-TURN at dead ends: the short search from the ends gives the findings of the search
from every turning spot (the ends it cannot settle fall back to that search)."""

from __future__ import annotations

import numpy as np
import pytest

from spacedesign.analysis.routes import RouteSet
from spacedesign.generate.scenario import candidate_seeds, design_candidate
from spacedesign.io import load_plan, load_program
from spacedesign.rules.checks_route import route_turn
from spacedesign.rules.context import build_context
from spacedesign.rules.data import RULES
from tests.conftest import CASES, REPO

SHIPPED = [
    CASES / "access" / "corridor-narrow.yaml",  # two dead ends without a turning place
    CASES / "access" / "good.yaml",  # two dead ends, each with one
    REPO / "floorplans" / "nakano-ipc.yaml",
    REPO / "scenarios" / "scenario-a.yaml",
]


def _turn_findings(plan, ruleset: str) -> list[str]:
    ctx = build_context(plan, ruleset)
    route_turn(ctx, RULES["ROUTE-TURN"].rulesets[ruleset])
    return [repr(f) for f in ctx.findings]


def _unsettled(self, nodes, limit):
    """The short search finding nothing: every end goes to the search from the spots."""
    return np.full((len(nodes), self.graph.size), np.inf)


def _plans():
    yield from ((path.name, load_plan(path)) for path in SHIPPED)
    plan = load_plan(REPO / "floorplans" / "nakano-ipc.yaml")
    program = load_program(REPO / "scenarios" / "program-2026.yaml")
    for seed in candidate_seeds(2026, 1000, 3):
        design = design_candidate(plan, program, seed)
        if design is not None:
            yield str(seed), design.plan


@pytest.mark.parametrize("ruleset", ["jp-minimum", "jp-recommended"])
def test_short_search_gives_the_findings_of_the_search_from_every_spot(monkeypatch, ruleset):
    dead_end_findings = 0
    for name, plan in _plans():
        fast = _turn_findings(plan, ruleset)
        with monkeypatch.context() as m:
            m.setattr(RouteSet, "distances_from", _unsettled)
            exact = _turn_findings(plan, ruleset)
        assert fast == exact, name
        dead_end_findings += sum("dead end" in f for f in fast)
    assert dead_end_findings >= 4
