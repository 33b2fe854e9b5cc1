"""Finished scenarios: furnished and checked by the project's own checker when it is installed.

With ``spacedesign.rules`` present (it is on main), ROUTE-REACH must pass for every public room
the generator made and the check must not crash; furniture placed by ``spacedesign.capacity``
stays inside its room. Without them the generator's own reachability test is the check.
"""

from __future__ import annotations

import importlib

import pytest

from spacedesign.generate.scenario import (
    evaluate_design,
    evaluator_features,
    search_scenarios,
    wheelchair_reachable,
)
from tests.scenegen.conftest import design, nakano


def _rules():
    if not evaluator_features()["check"]:
        return None
    return importlib.import_module("spacedesign.rules")


@pytest.mark.parametrize("seed", [0, 3])
def test_reachable_flag_agrees_with_the_checker(seed):
    _, program = nakano()
    finished = evaluate_design(design(seed), program)
    level = finished.plan.levels[0]
    new_public = {r.id for r in level.rooms if r.props.get("generated") and r.public}
    assert 0 <= finished.score <= 100
    rules = _rules()
    if rules is None:
        assert finished.reachable == (finished.scores["accessibility"] == 100.0)
        assert "reachability" in finished.checked_by
        return
    report = rules.check_plan(finished.plan, program.ruleset)
    assert finished.scores["accessibility"] == pytest.approx(report.score, abs=0.01)
    reach = [f for f in report.findings if f.rule == "ROUTE-REACH" and f.element in new_public]
    assert reach, "the checker reported nothing about the new rooms"
    assert finished.reachable == all(f.status == "pass" for f in reach)


def test_search_returns_only_scenarios_that_reach_every_new_public_room():
    plan, program = nakano()
    found = search_scenarios(plan, program, count=2, seed=0, attempts=40)
    assert found and all(e.reachable for e in found)
    rules = _rules()
    for e in found:
        level = e.plan.levels[0]
        new_public = {r.id for r in level.rooms if r.props.get("generated") and r.public}
        if rules is None:
            assert all(wheelchair_reachable(level, "hall", sorted(new_public)).values())
            continue
        report = rules.check_plan(e.plan, program.ruleset)
        statuses = {f.status for f in report.findings
                    if f.rule == "ROUTE-REACH" and f.element in new_public}
        assert statuses == {"pass"}


def test_furniture_stays_in_its_room():
    _, program = nakano()
    finished = evaluate_design(design(1), program)
    level = finished.plan.levels[0]
    rooms = {r.id: r.polygon.geometry.buffer(1e-6) for r in level.rooms}
    new = {r.id for r in level.rooms if r.props.get("generated")}
    placed = [f for f in level.furniture if f.room in new]
    if evaluator_features()["furnish"]:
        assert placed
        assert "capacity" in finished.scores
    for item in placed:
        assert rooms[item.room].covers(item.footprint.geometry), item.id
