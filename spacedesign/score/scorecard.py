"""The Scorecard of a scenario against its program, and the composite score.

Composite weights (DESIGN.md §2, ``Program.weights``): the defaults are
:data:`spacedesign.model.DEFAULT_SCORE_WEIGHTS`

=============== ======= ============================================================
criterion       weight  what it measures
=============== ======= ============================================================
accessibility   0.30    rules score of the program's ruleset (0–100; each failure costs a share
                        by severity, see :func:`spacedesign.rules.score_findings`)
capacity        0.15    seats vs targets, consultation rooms, wheelchair places
program_fit     0.15    every space present, areas in range, minimum sides
adjacency       0.10    adjacency wishes as a normalised weighted-distance objective
efficiency      0.05    usable floor / gross area of the zone (walls, corridors and passages
                        walked through rooms are not usable)
family          0.10    FAMILY rules, kids corner in sight of the lounge, nursing, changing
daylight        0.05    rooms that ask for daylight touch a window
walking         0.10    entrance to reception, consultation rooms, accessible toilet and every
                        space the program wants ``near: entrance``
=============== ======= ============================================================

A program overrides any of them with a ``weights:`` mapping (unknown keys are an error). The
composite is Σ wₖ·sₖ / Σ wₖ over the criteria that could be judged (a criterion that is n/a,
for instance because the capacity module is not installed, is left out and the others are
renormalised); the scorecard lists which criteria were left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacedesign.errors import InputError
from spacedesign.model import Plan, Program
from spacedesign.score.criterion import CRITERIA, Criterion, severity_label
from spacedesign.score.inputs import read_capacity, read_check
from spacedesign.score.layout import match_spaces
from spacedesign.score.people import (
    accessibility_criterion,
    family_criterion,
    walking_criterion,
)
from spacedesign.score.spatial import (
    adjacency_criterion,
    capacity_criterion,
    daylight_criterion,
    efficiency_criterion,
    program_fit_criterion,
)

__all__ = ["Scorecard", "composite_score", "resolve_weights", "score_plan"]


@dataclass(frozen=True)
class Scorecard:
    """The scores of one scenario.

    Attributes
    ----------
    name : str
        The scenario's name.
    program : str
        The program's name.
    criteria : dict
        Criterion key -> :class:`Criterion`, in the order of :data:`CRITERIA`.
    weights : dict
        The weights used for the composite.
    composite : float
        Weighted mean (0–100) of the criteria that could be judged.
    findings : tuple
        The findings of the program's ruleset (for the report), as normalised records.
    zone : str or None
        The program's renovation zone (where the scenario differs from the base plan).
    """

    name: str
    program: str
    criteria: Mapping[str, Criterion]
    weights: Mapping[str, float]
    composite: float
    findings: tuple[Any, ...] = ()
    zone: str | None = None

    def value(self, key: str) -> float | None:
        """Score of criterion ``key`` (None when n/a)."""
        return self.criteria[key].score

    def failures_by_severity(self) -> dict[str, int] | None:
        """Failures of the program's ruleset by severity (None without a check)."""
        details = self.criteria["accessibility"].details
        info = details.get("rulesets", {}).get(details.get("ruleset"))
        return None if info is None else dict(info.get("failures_by_severity", {}))

    def accessibility_label(self) -> str:
        """Return the accessibility score with its failures, e.g. ``64.5 (critical 3)``."""
        return severity_label(self.value("accessibility"), self.failures_by_severity())

    @property
    def left_out(self) -> list[str]:
        """Criteria that could not be judged and are not in the composite."""
        return [k for k, c in self.criteria.items() if c.score is None]

    def to_dict(self) -> dict[str, Any]:
        """Return the scorecard as a JSON-ready mapping."""
        return {
            "name": self.name,
            "program": self.program,
            "composite": round(self.composite, 2),
            "weights": dict(self.weights),
            "left_out": self.left_out,
            "criteria": {k: c.to_dict() for k, c in self.criteria.items()},
            "findings": [f.to_dict() for f in self.findings],
        }


def resolve_weights(program: Program) -> dict[str, float]:
    """Return the composite weights: the defaults overridden by ``program.weights``.

    Raises
    ------
    InputError
        When the program names a weight that is not a criterion.
    """
    for key in program.weights:
        if key not in CRITERIA:
            raise InputError(f"unknown weight {key!r}; the criteria are {', '.join(CRITERIA)}",
                             path=f"weights.{key}", value=key)
    return {k: float(v) for k, v in program.score_weights().items() if k in CRITERIA}


def composite_score(criteria: Mapping[str, Criterion], weights: Mapping[str, float]) -> float:
    """Σ wₖ·sₖ / Σ wₖ over the criteria that have a score (0 when none has).

    Examples
    --------
    >>> c = {"a": Criterion("accessibility", 80.0), "b": Criterion("capacity", None)}
    >>> composite_score(c, {"a": 1.0, "b": 3.0})
    80.0
    """
    total = weight_sum = 0.0
    for key, criterion in criteria.items():
        weight = weights.get(key, 0.0)
        if criterion.score is not None and weight > 0:
            total += weight * criterion.score
            weight_sum += weight
    return total / weight_sum if weight_sum > 0 else 0.0


def score_plan(
    plan: Plan,
    program: Program,
    *,
    checks: Mapping[str, Any] | None = None,
    capacity: Any = None,
) -> Scorecard:
    """Score a scenario (or plan) against its program.

    Parameters
    ----------
    plan : Plan
        The scenario.
    program : Program
        What it must contain; its ``ruleset`` picks the accessibility score and its ``weights``
        override the default composite weights.
    checks : mapping of ruleset -> check report, optional
        Results of ``spacedesign.rules.check_plan`` (objects or DESIGN §5 mappings) for one or
        more rulesets; without them accessibility is n/a.
    capacity : capacity report, optional
        Result of ``spacedesign.capacity.assess_plan`` (object or DESIGN §6 mapping); without it
        capacity is n/a.

    Returns
    -------
    Scorecard

    Examples
    --------
    >>> from spacedesign.model import Level, Plan, Program, Room, Shape, Space
    >>> r = Room("lounge", "ラウンジ", "lounge", Shape.rectangle(0, 0, 8, 6))
    >>> plan = Plan("p", (Level("1F", Shape.rectangle(0, 0, 8, 6), rooms=(r,)),))
    >>> card = score_plan(plan, Program("x", (Space("lounge", "lounge", (40, 60)),)))
    >>> card.value("program_fit")
    100.0
    """
    weights = resolve_weights(program)
    summaries = {name: read_check(report, name) for name, report in (checks or {}).items()}
    rooms = read_capacity(capacity) if capacity is not None else None
    matched = match_spaces(plan, program)
    primary = summaries.get(program.ruleset)
    built = [
        accessibility_criterion(program, summaries or None),
        capacity_criterion(program, matched, rooms),
        program_fit_criterion(program, matched),
        adjacency_criterion(plan, program, matched),
        efficiency_criterion(plan, program),
        family_criterion(plan, program, matched, primary),
        daylight_criterion(program, matched),
        walking_criterion(plan, program, matched),
    ]
    criteria = {c.key: c for c in built}
    ordered = {key: criteria[key] for key in CRITERIA}
    return Scorecard(
        name=plan.name,
        program=program.name,
        criteria=ordered,
        weights=weights,
        composite=composite_score(ordered, weights),
        findings=primary.findings if primary is not None else (),
        zone=program.zone,
    )
