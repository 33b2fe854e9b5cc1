"""The Scorecard: a scenario judged against its program, the composite and the Pareto front.

Pure: plans, programs and the results of the rules and capacity packages in, numbers out. The
criteria and their default weights are documented in :mod:`spacedesign.score.scorecard`.
"""

from spacedesign.score.criterion import CRITERIA, SEVERITIES, Criterion, severity_label
from spacedesign.score.inputs import (
    CapacityRoom,
    CheckReportLike,
    CheckSummary,
    FindingLike,
    FindingRecord,
    read_capacity,
    read_check,
    read_finding,
)
from spacedesign.score.ranking import (
    PARETO_CRITERIA,
    dominates,
    pareto_criteria,
    pareto_front,
    rank,
    scenario_front,
)
from spacedesign.score.scorecard import Scorecard, composite_score, resolve_weights, score_plan

__all__ = [
    "CRITERIA",
    "PARETO_CRITERIA",
    "SEVERITIES",
    "CapacityRoom",
    "CheckReportLike",
    "CheckSummary",
    "Criterion",
    "FindingLike",
    "FindingRecord",
    "Scorecard",
    "composite_score",
    "dominates",
    "pareto_criteria",
    "pareto_front",
    "rank",
    "read_capacity",
    "read_check",
    "read_finding",
    "resolve_weights",
    "scenario_front",
    "score_plan",
    "severity_label",
]
