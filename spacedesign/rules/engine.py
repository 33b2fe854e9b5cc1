"""Run every rule of a ruleset on a plan and assemble the report."""

from __future__ import annotations

from spacedesign.errors import InputError
from spacedesign.model import Plan
from spacedesign.rules.checks_facility import FACILITY_CHECKS
from spacedesign.rules.checks_route import ROUTE_CHECKS
from spacedesign.rules.checks_site import SITE_CHECKS
from spacedesign.rules.context import build_context
from spacedesign.rules.data import RULES, RULESETS, NotApplicable
from spacedesign.rules.findings import AccessGeometry, CheckReport, score_findings

__all__ = ["CHECKS", "check_plan"]

CHECKS = {**ROUTE_CHECKS, **SITE_CHECKS, **FACILITY_CHECKS}
_ORDER = {"fail": 0, "warn": 1, "pass": 2, "n/a": 3}


def check_plan(plan: Plan, ruleset: str = "jp-recommended") -> CheckReport:
    """Check ``plan`` against every rule of ``ruleset`` (DESIGN.md §5).

    Parameters
    ----------
    plan : Plan
        A plan or scenario.
    ruleset : str
        One of :data:`spacedesign.rules.RULESETS`.

    Returns
    -------
    CheckReport
        Findings grouped by rule (rules in DESIGN.md order, worst finding first), the score and
        the geometry for drawing.

    Raises
    ------
    InputError
        For an unknown ruleset.
    """
    if ruleset not in RULESETS:
        raise InputError(
            f"unknown ruleset {ruleset!r}; choose one of {', '.join(RULESETS)}", value=ruleset
        )
    ctx = build_context(plan, ruleset)
    for rule_id, spec in RULES.items():
        req = spec.rulesets[ruleset]
        if isinstance(req, NotApplicable):
            ctx.not_applicable(rule_id, req.reason)
            continue
        CHECKS[rule_id](ctx, req)
    rank = {rule_id: k for k, rule_id in enumerate(RULES)}
    findings = tuple(sorted(ctx.findings, key=lambda f: (rank[f.rule], _ORDER[f.status])))
    failures = tuple(
        (f.location, f.rule, f.element)
        for f in findings
        if f.status in ("fail", "warn") and f.location is not None
    )
    geometry = AccessGeometry(
        routes=tuple(ctx.routes_drawn),
        narrow_points=tuple(ctx.narrow_points),
        turning_circles=tuple(ctx.circles),
        isovists=tuple(ctx.isovists),
        failures=failures,
    )
    return CheckReport(ruleset, score_findings(findings), findings, geometry)
