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

#: Share of the score one failing finding takes off, by severity: a critical failure (can a
#: wheelchair user get in at all?) costs 10 %, a major one 4 %, a minor one (comfort, wayfinding,
#: family facilities) 1 %. See :func:`score_findings`.
SEVERITY_WEIGHTS: Mapping[str, float] = {"critical": 0.10, "major": 0.04, "minor": 0.01}

#: Credit of a finding by status; a finding costs ``1 - credit`` times its severity's penalty
#: (a warning half a failure). ``n/a`` findings are not applicable and cost nothing.
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
    """Return the accessibility score 0–100: each failing finding takes off a share by severity.

    ``score = 100 × Π (1 − p[severity]) ** (1 − credit[status])`` over all findings, with
    ``p`` from :data:`SEVERITY_WEIGHTS` (critical 0.10, major 0.04, minor 0.01; an unknown
    severity counts as major) and ``credit`` from :data:`STATUS_CREDIT` (pass 1, warn ½, fail 0;
    ``n/a`` costs nothing). So each critical failure takes 10 % off what is left, a warning half
    that. Passing findings neither add nor dilute: a plan is judged by what fails, per finding,
    so two failing doors cost twice one. The score never reaches 0 and never rises when a
    failing finding is added; a plan with no failure or warning scores 100.

    Examples
    --------
    >>> f = Finding("DOOR-WIDTH", "fail", "D1", 0.7, 0.85, "m", "", None, severity="critical")
    >>> score_findings((f,)), score_findings((f, f))
    (90.0, 81.0)
    """
    kept = 1.0
    for finding in findings:
        credit = STATUS_CREDIT.get(finding.status)
        if credit is None or credit >= 1.0:
            continue
        penalty = SEVERITY_WEIGHTS.get(finding.severity, SEVERITY_WEIGHTS["major"])
        kept *= (1.0 - penalty) ** (1.0 - credit)
    return round(100.0 * kept, 1)


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
