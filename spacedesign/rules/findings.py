"""Findings, the check report and the accessibility score (DESIGN.md §5)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

__all__ = [
    "SEVERITY_WEIGHTS",
    "STATUS_CREDIT",
    "AccessGeometry",
    "CheckReport",
    "Finding",
    "score_findings",
]

STATUSES = ("fail", "warn", "pass", "n/a")

#: Weight of a rule in the score, by severity. A critical rule (can a wheelchair user get in at
#: all?) counts three times a minor one (comfort, wayfinding, family facilities).
SEVERITY_WEIGHTS: Mapping[str, float] = {"critical": 3.0, "major": 2.0, "minor": 1.0}

#: Credit of a finding by status; ``n/a`` findings are not applicable and carry no weight.
STATUS_CREDIT: Mapping[str, float] = {"pass": 1.0, "warn": 0.5, "fail": 0.0}


def _round(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 3)


@dataclass(frozen=True)
class Finding:
    """One result of one rule on one element.

    Attributes
    ----------
    rule : str
        Rule id (DESIGN.md §5), e.g. ``ROUTE-WIDTH``.
    status : str
        ``pass``, ``fail``, ``warn`` or ``n/a``.
    element : str or None
        Id of the element judged (room, door, ramp, ...).
    measured, required : float or None
        What was measured and what the ruleset requires, in ``unit``.
    unit : str or None
        ``m``, ``ratio``, ``count``, ...
    message : str
        Plain explanation (Japanese label + English).
    source : str or None
        Document and article the requirement comes from.
    location : tuple of float or None
        Where to mark it on a drawing.
    confirmed : str or None
        ``confirmed``, ``secondary`` or ``unconfirmed`` (reference/standards.md).
    severity : str
        ``critical``, ``major`` or ``minor`` (weights in :data:`SEVERITY_WEIGHTS`).
    """

    rule: str
    status: str
    element: str | None
    measured: float | None
    required: float | None
    unit: str | None
    message: str
    source: str | None
    location: tuple[float, float] | None = None
    confirmed: str | None = None
    severity: str = "major"

    def to_dict(self) -> dict[str, Any]:
        """Return the DESIGN.md §5 finding, plus ``confirmed`` and ``severity``."""
        loc = None
        if self.location is not None:
            loc = [round(float(self.location[0]), 3), round(float(self.location[1]), 3)]
        return {
            "rule": self.rule,
            "status": self.status,
            "element": self.element,
            "measured": _round(self.measured),
            "required": _round(self.required),
            "unit": self.unit,
            "message": self.message,
            "source": self.source,
            "location": loc,
            "confirmed": self.confirmed,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class AccessGeometry:
    """Geometry for drawing the accessibility overlay (plain tuples and shapely objects).

    Attributes
    ----------
    routes : tuple
        ``(source, target, kind, polyline, length)``; kind ``wheelchair`` or ``walking``.
    narrow_points : tuple
        ``(xy, width, element)``: the narrowest point of the widest route to ``element``.
    turning_circles : tuple
        ``(centre, diameter, element)``: the largest circle in each public room.
    isovists : tuple
        ``(viewpoint, polygon, purpose)``.
    failures : tuple
        ``(xy, rule, element)`` of every failing or warning finding that has a location.
    """

    routes: tuple[tuple[str, str, str, tuple[tuple[float, float], ...], float], ...] = ()
    narrow_points: tuple[tuple[tuple[float, float], float, str], ...] = ()
    turning_circles: tuple[tuple[tuple[float, float], float, str], ...] = ()
    isovists: tuple[tuple[tuple[float, float], BaseGeometry, str], ...] = ()
    failures: tuple[tuple[tuple[float, float], str, str | None], ...] = ()


def score_findings(findings: tuple[Finding, ...]) -> float:
    """Severity-weighted share of applicable checks passed, 0–100.

    Each rule counts with the weight of its severity; within a rule the credit is the mean over
    its applicable findings (pass 1, warn ½, fail 0). Rules with only ``n/a`` findings are left
    out. A plan with nothing applicable scores 100.
    """
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.status in STATUS_CREDIT:
            by_rule.setdefault(finding.rule, []).append(finding)
    total = 0.0
    gained = 0.0
    for items in by_rule.values():
        weight = SEVERITY_WEIGHTS.get(items[0].severity, 1.0)
        credit = sum(STATUS_CREDIT[f.status] for f in items) / len(items)
        total += weight
        gained += weight * credit
    return 100.0 if total == 0 else round(100.0 * gained / total, 1)


@dataclass(frozen=True)
class CheckReport:
    """The result of :func:`spacedesign.rules.check_plan`."""

    ruleset: str
    score: float
    findings: tuple[Finding, ...]
    geometry: AccessGeometry = field(default_factory=AccessGeometry)

    def status(self, rule: str) -> str:
        """Overall status of a rule: the worst of its findings (fail > warn > pass > n/a)."""
        statuses = {f.status for f in self.findings if f.rule == rule}
        for status in STATUSES:
            if status in statuses:
                return status
        return "n/a"

    def for_rule(self, rule: str) -> tuple[Finding, ...]:
        """Return the findings of one rule, worst first."""
        return tuple(f for f in self.findings if f.rule == rule)

    def to_dict(self) -> dict[str, Any]:
        """``{"ruleset", "score", "findings": [...]}`` (DESIGN.md §5)."""
        return {
            "ruleset": self.ruleset,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
        }
