"""The accessibility score penalises each failing finding by its severity (rules.findings)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spacedesign.rules.findings import SEVERITY_WEIGHTS, Finding, score_findings

SEVERITIES = ("critical", "major", "minor")


def _finding(rule: str, status: str, severity: str, element: str = "x") -> Finding:
    return Finding(rule, status, element, None, None, None, "", None, severity=severity)


findings_st = st.lists(
    st.builds(_finding, st.sampled_from(["DOOR-WIDTH", "ROUTE-REACH", "COUNTER-LOW"]),
              st.sampled_from(["pass", "fail", "warn", "n/a"]), st.sampled_from(SEVERITIES)),
    max_size=40)


@given(findings_st, st.sampled_from(SEVERITIES), st.sampled_from(["fail", "warn"]))
def test_adding_a_failure_never_raises_the_score(findings, severity, status):
    before = score_findings(tuple(findings))
    after = score_findings((*findings, _finding("DOOR-WIDTH", status, severity, "new")))
    assert 0 < after <= before <= 100
    # a failure on a plan that still has points to lose always costs something
    if before > 1:
        assert after < before


@given(findings_st)
def test_critical_failure_costs_more_than_major_more_than_minor(findings):
    base = tuple(findings)
    scores = {sev: score_findings((*base, _finding("X", "fail", sev))) for sev in SEVERITIES}
    if score_findings(base) > 1:
        assert scores["critical"] < scores["major"] < scores["minor"]


@given(findings_st, st.integers(0, 30))
def test_passes_do_not_dilute_failures(findings, passes):
    extra = tuple(_finding("P", "pass", "critical", f"p{i}") for i in range(passes))
    assert score_findings((*findings, *extra)) == score_findings(tuple(findings))


def test_the_formula_as_documented():
    crit = _finding("ROUTE-REACH", "fail", "critical")
    major = _finding("DOOR-WIDTH", "fail", "major")
    warn = _finding("COUNTER-LOW", "warn", "minor")
    assert score_findings(()) == 100.0
    assert score_findings((crit,)) == 100 * (1 - SEVERITY_WEIGHTS["critical"]) == 90.0
    assert score_findings((crit, major)) == round(100 * 0.9 * 0.96, 1)
    assert score_findings((warn,)) == round(100 * 0.99 ** 0.5, 1)
    # five critical failures are worse than three critical and three major ones (audit case:
    # per-rule averaging used to rank the first plan best)
    assert score_findings((crit,) * 5 + (major,) * 3) < score_findings((crit,) * 3 + (major,) * 3)
