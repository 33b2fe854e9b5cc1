"""The plain inputs of the scorecard and how other modules' results are read into them.

The scorecard does not depend on the rules or capacity packages: it takes anything that looks
like their results. A check report is any object with ``score`` and ``findings`` (or a mapping
with those keys, the DESIGN.md §5 document); a finding is any object or mapping with ``rule``,
``status``, ``element``, ``measured``, ``required``, ``location`` and optionally ``severity``,
``message`` and ``unit``. A capacity report is the DESIGN.md §6 document (or an object with
``to_dict()`` giving it, or with a ``rooms`` attribute).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "CapacityRoom",
    "CheckReportLike",
    "CheckSummary",
    "FindingLike",
    "FindingRecord",
    "read_capacity",
    "read_check",
    "read_finding",
]


@runtime_checkable
class FindingLike(Protocol):
    """What the scorecard reads from one accessibility finding."""

    rule: str
    status: str
    element: Any
    location: Any


@runtime_checkable
class CheckReportLike(Protocol):
    """What the scorecard reads from an accessibility check (``rules.check_plan``)."""

    score: float
    findings: Sequence[Any]


@dataclass(frozen=True)
class FindingRecord:
    """One accessibility finding, normalised.

    Attributes
    ----------
    rule, status : str
        Rule id (``ROUTE-WIDTH``) and ``pass`` | ``fail`` | ``warn`` | ``n/a``.
    element : str or None
        The element concerned.
    measured, required : object
        As reported (numbers, text or None).
    unit, message : str or None
        Unit of ``measured``/``required`` and the explanation.
    severity : str
        Severity bucket as reported (``"high"``, ``"3"``, ...); ``"unspecified"`` when absent.
    location : (x, y) or None
        Where to put the marker on the plan.
    """

    rule: str
    status: str
    element: str | None = None
    measured: Any = None
    required: Any = None
    unit: str | None = None
    message: str | None = None
    severity: str = "unspecified"
    location: tuple[float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready mapping (DESIGN.md §5 keys plus severity)."""
        return {
            "rule": self.rule,
            "status": self.status,
            "element": self.element,
            "measured": _plain(self.measured),
            "required": _plain(self.required),
            "unit": self.unit,
            "message": self.message,
            "severity": self.severity,
            "location": list(self.location) if self.location is not None else None,
        }


@dataclass(frozen=True)
class CheckSummary:
    """An accessibility check reduced to what the scorecard needs."""

    ruleset: str
    score: float
    findings: tuple[FindingRecord, ...]

    @property
    def failures(self) -> tuple[FindingRecord, ...]:
        """Findings whose status is ``fail``."""
        return tuple(f for f in self.findings if f.status == "fail")

    def failures_by_severity(self) -> dict[str, int]:
        """Count the failures per severity bucket."""
        counts: dict[str, int] = {}
        for finding in self.failures:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class CapacityRoom:
    """One room of a capacity report (DESIGN.md §6)."""

    id: str
    use: str
    capacity: int
    styles: Mapping[str, tuple[int, int]]
    """Style -> (seats, wheelchair places)."""

    @property
    def wheelchair_places(self) -> int:
        """Most wheelchair places offered by any style."""
        return max((wc for _, wc in self.styles.values()), default=0)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_plain(v) for v in value]
    return str(value)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _location(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        x, y = value
        return (float(x), float(y))
    except (TypeError, ValueError):
        return None


def read_finding(obj: Any) -> FindingRecord:
    """Normalise one finding (an object or a mapping) into a :class:`FindingRecord`.

    Examples
    --------
    >>> read_finding({"rule": "DOOR-WIDTH", "status": "fail", "location": [1, 2]}).location
    (1.0, 2.0)
    """
    if not isinstance(obj, Mapping) and hasattr(obj, "to_dict"):
        data = obj.to_dict()
        if isinstance(data, Mapping) and "severity" not in data and hasattr(obj, "severity"):
            data = {**data, "severity": obj.severity}
        obj = data
    severity = _get(obj, "severity")
    element = _get(obj, "element")
    unit = _get(obj, "unit")
    message = _get(obj, "message")
    return FindingRecord(
        rule=str(_get(obj, "rule", "?")),
        status=str(_get(obj, "status", "n/a")),
        element=None if element is None else str(element),
        measured=_plain(_get(obj, "measured")),
        required=_plain(_get(obj, "required")),
        unit=None if unit is None else str(unit),
        message=None if message is None else str(message),
        severity="unspecified" if severity is None else str(getattr(severity, "value", severity)),
        location=_location(_get(obj, "location")),
    )


def read_check(report: Any, ruleset: str) -> CheckSummary:
    """Normalise a check report (object or DESIGN §5 mapping) for ``ruleset``.

    Examples
    --------
    >>> s = read_check({"score": 80, "findings": [{"rule": "X", "status": "fail"}]}, "tokyo")
    >>> (s.score, len(s.failures))
    (80.0, 1)
    """
    findings = tuple(read_finding(f) for f in (_get(report, "findings", ()) or ()))
    return CheckSummary(ruleset=ruleset, score=float(_get(report, "score", 0.0)),
                        findings=findings)


def read_capacity(report: Any) -> tuple[CapacityRoom, ...]:
    """Normalise a capacity report (object with ``to_dict`` / ``rooms``, or DESIGN §6 mapping).

    Examples
    --------
    >>> rooms = read_capacity({"rooms": [{"id": "m", "use": "meeting", "capacity": 10,
    ...     "styles": {"boardroom": {"seats": 10, "wheelchair_places": 1}}}]})
    >>> (rooms[0].capacity, rooms[0].wheelchair_places)
    (10, 1)
    """
    if not isinstance(report, Mapping) and hasattr(report, "to_dict"):
        report = report.to_dict()
    rooms: list[CapacityRoom] = []
    for room in _get(report, "rooms", ()) or ():
        if not isinstance(room, Mapping) and hasattr(room, "to_dict"):
            room = room.to_dict()
        styles: dict[str, tuple[int, int]] = {}
        for style, value in (_get(room, "styles", {}) or {}).items():
            seats = int(_get(value, "seats", 0) or 0)
            places = int(_get(value, "wheelchair_places", 0) or 0)
            styles[str(style)] = (seats, places)
        best = max((s for s, _ in styles.values()), default=0)
        capacity = _get(room, "capacity")
        rooms.append(CapacityRoom(
            id=str(_get(room, "id", "?")),
            use=str(_get(room, "use", "other")),
            capacity=best if capacity is None else int(capacity),
            styles=styles,
        ))
    return tuple(rooms)
