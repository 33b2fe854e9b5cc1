"""Which findings matter most, and which tell scenarios apart (for the sheet and the report).

Findings are ordered worst first: failures before warnings, then by severity (critical, major,
minor, other), then those inside the program's renovation zone before those outside it (the
zone is what the scenarios change; outside it they share the existing building), then by rule
and element. A finding common to every scenario compared (same rule, element and status) says
nothing about the choice: :func:`split_common` takes those out so each scenario's column shows
what distinguishes it, and they are listed once as "common to all".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shapely.geometry import Point as ShapelyPoint

from spacedesign.model import Plan
from spacedesign.score import SEVERITIES
from spacedesign.score.layout import renovation_area

__all__ = ["finding_key", "finding_order", "split_common", "zone_of"]

_STATUS = {"fail": 0, "warn": 1}


def finding_key(finding: Any) -> tuple[str, str, str]:
    """Identity of a finding across scenarios: ``(rule, element, status)``."""
    return (finding.rule, finding.element or "", finding.status)


def zone_of(plan: Plan, zone: str | None) -> Any:
    """Return the polygon of the renovation zone ``zone`` of ``plan`` (None when absent)."""
    found = renovation_area(plan, zone)
    return None if found is None else found[1]


def finding_order(finding: Any, at: tuple[float, float] | None, zone: Any) -> tuple[Any, ...]:
    """Sort key, worst first: status, severity, inside the zone, rule, element.

    Examples
    --------
    >>> from spacedesign.score import read_finding
    >>> a = read_finding({"rule": "Z", "status": "fail", "severity": "critical"})
    >>> b = read_finding({"rule": "A", "status": "fail", "severity": "minor"})
    >>> finding_order(a, None, None) < finding_order(b, None, None)
    True
    """
    severity = (SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES
                else len(SEVERITIES))
    inside = zone is not None and at is not None and zone.buffer(0.3).covers(ShapelyPoint(at))
    return (_STATUS.get(finding.status, 2), severity, 0 if inside else 1, finding.rule,
            finding.element or "")


def split_common(groups: Sequence[Sequence[Any]]) -> tuple[list[Any], list[list[Any]]]:
    """Split markers into those common to every group and, per group, the others.

    ``groups`` holds, per scenario, objects with a ``finding`` (markers) in display order. With
    fewer than two groups nothing is common. Returns ``(common, distinct)``: ``common`` the
    first group's markers whose finding every group has, ``distinct`` per group the rest, in
    their order.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> f = lambda r: NS(finding=NS(rule=r, element="e", status="fail"))
    >>> common, distinct = split_common([[f("A"), f("B")], [f("A")]])
    >>> [m.finding.rule for m in common], [[m.finding.rule for m in d] for d in distinct]
    (['A'], [['B'], []])
    """
    if len(groups) < 2:
        return [], [list(g) for g in groups]
    shared = set.intersection(*({finding_key(m.finding) for m in g} for g in groups))
    common = [m for m in groups[0] if finding_key(m.finding) in shared]
    distinct = [[m for m in g if finding_key(m.finding) not in shared] for g in groups]
    return common, distinct
