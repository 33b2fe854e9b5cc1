"""Finished scenarios: furnished, then checked by the project's checker (``spacedesign.rules``).

The search returns no scenario with a critical check failure the base plan does not have, and
the failures an :class:`Evaluation` lists are exactly those the real checker reports on the
furnished scenario.
"""

from __future__ import annotations

import pytest

from spacedesign.generate.scenario import evaluate_design, search_scenarios
from spacedesign.generate.scenario.evaluate import base_failures
from spacedesign.rules import check_plan
from tests.scenegen.conftest import design, nakano


def _new_fails(plan, ruleset, base):
    known = base_failures(base, ruleset)
    new = {r.id for lv in plan.levels for r in lv.rooms if r.props.get("generated")}
    report = check_plan(plan, ruleset)
    return report, [f for f in report.findings if f.status == "fail"
                    and ((f.rule, f.element) not in known or f.element in new
                         or str(f.element).startswith("G-"))]


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_failures_are_what_the_checker_reports_on_the_furnished_scenario(seed):
    base, program = nakano()
    finished = evaluate_design(design(seed), program, base)
    assert any(f.room == "consult-1" for f in finished.plan.levels[0].furniture)
    report, fails = _new_fails(finished.plan, program.ruleset, base)
    assert finished.scores["accessibility"] == pytest.approx(report.score, abs=0.01)
    assert sorted(finished.failures) == sorted(f"{f.rule} {f.element}" for f in fails)
    assert sorted(finished.critical) == sorted(f"{f.rule} {f.element}" for f in fails
                                               if f.severity == "critical")
    assert finished.sound == (not finished.critical)


def test_old_failures_under_a_reused_room_id_count_against_the_scenario():
    base, program = nakano()
    # the base plan's consult-1 fails ROUTE-TURN; the new consult-1 is judged on its own
    assert ("ROUTE-TURN", "consult-1") in base_failures(base, program.ruleset)
    finished = evaluate_design(design(0), program, base)
    report = check_plan(finished.plan, program.ruleset)
    turn = next(f for f in report.findings if f.rule == "ROUTE-TURN" and f.element == "consult-1")
    assert (turn.status == "fail") == ("ROUTE-TURN consult-1" in finished.failures)


def test_search_returns_no_scenario_with_a_new_critical_failure():
    base, program = nakano()
    found = search_scenarios(base, program, count=3, seed=0, attempts=40)
    assert len(found) == 3
    for e in found:
        _, fails = _new_fails(e.plan, program.ruleset, base)
        assert not [f for f in fails if f.severity == "critical"], e.plan.name
        assert sorted(e.failures) == sorted(f"{f.rule} {f.element}" for f in fails)
        level = e.plan.levels[0]
        new_public = {r.id for r in level.rooms if r.props.get("generated") and r.public}
        report = check_plan(e.plan, program.ruleset)
        assert {f.status for f in report.findings
                if f.rule == "ROUTE-REACH" and f.element in new_public} == {"pass"}
    # clean scenarios (no new failure at all) rank before the others
    assert [e.clean for e in found] == sorted((e.clean for e in found), reverse=True)


def test_furniture_stays_in_its_room():
    base, program = nakano()
    finished = evaluate_design(design(1), program, base)
    level = finished.plan.levels[0]
    rooms = {r.id: r.polygon.geometry.buffer(1e-6) for r in level.rooms}
    new = {r.id for r in level.rooms if r.props.get("generated")}
    placed = [f for f in level.furniture if f.room in new]
    assert placed and "capacity" in finished.scores
    for item in placed:
        assert rooms[item.room].covers(item.footprint.geometry), item.id
