"""Every case of shared/cases/access reproduces the statuses, elements and measured values of
its expected.json (a harness that reads the file, not one written around it)."""

from __future__ import annotations

import json

import pytest

from spacedesign.io import load_plan
from spacedesign.rules import RULES, RULESETS, check_plan
from tests.conftest import CASES

EXPECTED = json.loads((CASES / "access" / "expected.json").read_text(encoding="utf-8"))
ROWS = [
    (case, ruleset, rule, want)
    for case, by_ruleset in EXPECTED.items()
    for ruleset, by_rule in by_ruleset.items()
    for rule, want in by_rule.items()
]
_REPORTS: dict[tuple[str, str], object] = {}


def report_for(case: str, ruleset: str):
    key = (case, ruleset)
    if key not in _REPORTS:
        _REPORTS[key] = check_plan(load_plan(CASES / "access" / f"{case}.yaml"), ruleset)
    return _REPORTS[key]


@pytest.mark.parametrize(("case", "ruleset", "rule", "want"), ROWS,
                         ids=[f"{c}-{r}-{u}" for c, r, u, _ in ROWS])
def test_case_matches_expected(case, ruleset, rule, want):
    report = report_for(case, ruleset)
    findings = report.for_rule(rule)
    assert findings, f"{rule} produced no finding"
    assert report.status(rule) == want["status"], [f.to_dict() for f in findings]
    worst = findings[0]
    if "element" in want:
        assert any(f.element == want["element"] and f.status == want["status"] for f in findings)
        assert worst.element == want["element"]
    if "measured" in want:
        assert worst.measured is not None
        assert worst.measured == pytest.approx(want["measured"], abs=0.02)


@pytest.mark.parametrize("case", sorted(EXPECTED))
@pytest.mark.parametrize("ruleset", RULESETS)
def test_every_rule_reports_in_every_ruleset(case, ruleset):
    report = report_for(case, ruleset)
    assert {f.rule for f in report.findings} == set(RULES)
    assert 0 <= report.score <= 100
    data = report.to_dict()
    assert set(data) == {"ruleset", "score", "findings"}
    for finding in data["findings"]:
        assert {"rule", "status", "element", "measured", "required", "unit", "message", "source",
                "location"} <= set(finding)
        assert finding["status"] in {"pass", "fail", "warn", "n/a"}
        json.dumps(finding)
