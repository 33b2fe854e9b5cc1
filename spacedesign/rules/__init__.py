"""Accessibility rules: data with citations per ruleset, and the checks that produce findings.

>>> from spacedesign.rules import RULESETS
>>> RULESETS
('jp-minimum', 'jp-recommended', 'tokyo', 'ada-2010')
"""

from spacedesign.rules.data import RULES, RULESETS, NotApplicable, Requirement, RuleSpec
from spacedesign.rules.engine import check_plan
from spacedesign.rules.findings import (
    SEVERITY_WEIGHTS,
    AccessGeometry,
    CheckReport,
    Finding,
    score_findings,
)

__all__ = [
    "RULES",
    "RULESETS",
    "SEVERITY_WEIGHTS",
    "AccessGeometry",
    "CheckReport",
    "Finding",
    "NotApplicable",
    "Requirement",
    "RuleSpec",
    "check_plan",
    "score_findings",
]
