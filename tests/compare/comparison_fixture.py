"""A comparison of the shared access cases with findings that carry locations (for markers)."""

from __future__ import annotations

from pathlib import Path

from spacedesign.export.comparison import Comparison, compare_scored
from spacedesign.io import load_plan
from spacedesign.pipeline import ScoredScenario
from spacedesign.score import score_plan
from tests.conftest import ACCESS_CASES
from tests.score.programs import CASE_PROGRAM


def fake_check(index: int) -> dict:
    """A DESIGN §5 check document: two located failures, one warning without location."""
    return {"score": 60.0 + 8 * index, "findings": [
        {"rule": "DOOR-WIDTH", "status": "fail", "element": "D2", "measured": 0.75,
         "required": 0.85, "unit": "m", "message": "door too narrow", "location": [8.0, 9.0],
         "severity": "major"},
        {"rule": "ROUTE-WIDTH", "status": "fail", "element": "corridor", "measured": 1.0,
         "required": 1.2, "unit": "m", "message": "corridor <narrow> & tight",
         "location": [12.0 + index, 9.9], "severity": "critical"},
        {"rule": "TACTILE-ROUTE", "status": "warn", "element": None, "measured": None,
         "required": None, "unit": None, "message": "guide paving gap", "location": None},
        {"rule": "TOILET-ACCESSIBLE", "status": "pass", "element": "WC1", "measured": None,
         "required": None, "unit": None, "message": "ok", "location": [18.0, 12.0]},
    ]}


def build_comparison(out: Path) -> Comparison:
    scored = []
    for index, path in enumerate(ACCESS_CASES):
        plan = load_plan(path)
        checks = {"jp-recommended": fake_check(index)}
        card = score_plan(plan, CASE_PROGRAM, checks=checks)
        scored.append(ScoredScenario(path, plan, card, checks, None,
                                     ["capacity (test: not assessed)"]))
    return compare_scored(scored, out)
