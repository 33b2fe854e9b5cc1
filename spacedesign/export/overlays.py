"""What the exporters draw from accessibility findings and capacity results.

The exporters do not import :mod:`spacedesign.rules` or :mod:`spacedesign.capacity`; they accept
anything shaped like their results (duck typing, described by the Protocols below) and turn it into
the small records here.

Findings (``findings=``) may be a check report (an object with ``.findings`` and optionally
``.geometry``) or a plain sequence of findings. A finding is an object or a mapping with ``rule``,
``status`` (pass|fail|warn|n/a), ``element``, ``location`` (``[x, y]`` or None) and optionally
``message``. Findings are numbered 1, 2, ... in the order given, so the number on a drawing is the
finding's position in the report. The report geometry (object attributes or mapping keys) may carry

- ``routes`` (or ``route``): polylines ``[[x, y], ...]``, objects/mappings with ``points``, or
  the rules' tuples ``(source, target, kind, polyline, length)`` (kind ``wheelchair`` or
  ``walking``; walking routes are drawn fainter);
- ``circles`` or ``turning_circles``: ``[x, y]``, ``[x, y, r]`` (radius), the rules' tuples
  ``((x, y), diameter, element)``, or objects/mappings with ``centre``/``center``/``at`` and
  ``radius``/``r`` or ``diameter`` (default: the 1.5 m wheelchair turning circle);
- ``narrow_points`` (or ``narrow``, ``pinch_points``): ``[x, y]``, ``[x, y, width]``, the rules'
  tuples ``((x, y), width, element)``, or objects/mappings with ``at``/``location``/``point`` and
  ``width``;
- ``isovists``: the rules' tuples ``(viewpoint, polygon, purpose)`` (shapely polygons), drawn
  as a light area in the access view.

Capacity (``capacity=``) may be an assessment (an object with ``.rooms``), a sequence of room
results (each with ``id`` and ``capacity``, attributes or keys), or a mapping ``{room_id: seats}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "AccessOverlay",
    "CapacityLike",
    "FindingLike",
    "MarkedFinding",
    "ReportLike",
    "access_overlay",
    "seat_counts",
]


@runtime_checkable
class FindingLike(Protocol):
    """One accessibility finding (see :mod:`spacedesign.rules`)."""

    rule: str
    status: str
    element: str | None
    location: Sequence[float] | None


@runtime_checkable
class ReportLike(Protocol):
    """A check report: findings plus optional analysis geometry."""

    findings: Sequence[Any]


@runtime_checkable
class CapacityLike(Protocol):
    """A capacity assessment: per-room results with ``id`` and ``capacity``."""

    rooms: Sequence[Any]


@dataclass(frozen=True)
class MarkedFinding:
    """A finding as drawn: its number in the report, rule, status, element, place, message."""

    number: int
    rule: str
    status: str
    element: str | None
    location: tuple[float, float] | None
    message: str


@dataclass(frozen=True)
class AccessOverlay:
    """Everything the accessibility overlay draws."""

    findings: tuple[MarkedFinding, ...]
    routes: tuple[tuple[tuple[float, float], ...], ...]
    circles: tuple[tuple[float, float, float], ...]
    narrow: tuple[tuple[float, float, float | None], ...]
    walking_routes: tuple[tuple[tuple[float, float], ...], ...] = ()
    isovists: tuple[Any, ...] = ()

    @property
    def problems(self) -> tuple[MarkedFinding, ...]:
        """The findings that failed or warn (these are marked on drawings)."""
        return tuple(f for f in self.findings if f.status in ("fail", "warn"))


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, Mapping):
            if name in obj:
                return obj[name]
        elif hasattr(obj, name):
            return getattr(obj, name)
    return default


def _xy(value: Any) -> tuple[float, float] | None:
    if value is None or isinstance(value, str):
        return None
    try:
        return (float(value[0]), float(value[1]))
    except (TypeError, IndexError, ValueError):
        return None


def _is_point(value: Any) -> bool:
    return _xy(value) is not None


def _circle(item: Any) -> tuple[float, float, float] | None:
    if isinstance(item, Sequence) and not isinstance(item, str):
        if item and _is_point(item[0]):  # ((x, y), diameter, element)
            centre = _xy(item[0])
            radius = float(item[1]) / 2 if len(item) > 1 and item[1] is not None else 0.75
        else:
            centre = _xy(item)
            radius = float(item[2]) if len(item) > 2 else 0.75
    else:
        centre = _xy(_get(item, "centre", "center", "at", "location"))
        diameter = _get(item, "diameter", "d")
        radius = float(diameter) / 2 if diameter else float(_get(item, "radius", "r",
                                                                  default=0.75))
    return None if centre is None else (centre[0], centre[1], radius)


def _narrow(item: Any) -> tuple[float, float, float | None] | None:
    if isinstance(item, Sequence) and not isinstance(item, str):
        if item and _is_point(item[0]):  # ((x, y), width, element)
            at = _xy(item[0])
            width = float(item[1]) if len(item) > 1 and item[1] is not None else None
        else:
            at = _xy(item)
            width = float(item[2]) if len(item) > 2 and item[2] is not None else None
    else:
        at = _xy(_get(item, "at", "location", "point"))
        raw = _get(item, "width", "measured")
        width = float(raw) if isinstance(raw, int | float) else None
    return None if at is None else (at[0], at[1], width)


def _items(obj: Any, *names: str) -> list[Any]:
    value = _get(obj, *names)
    return list(value) if isinstance(value, Iterable) and not isinstance(value, str) else []


def access_overlay(findings: Any) -> AccessOverlay | None:
    """Normalise a check report or a sequence of findings; None when nothing is given."""
    if findings is None:
        return None
    raw = _get(findings, "findings")
    items = list(raw) if raw is not None else list(findings)
    marked = []
    for number, item in enumerate(items, start=1):
        element = _get(item, "element")
        marked.append(MarkedFinding(
            number=number,
            rule=str(_get(item, "rule", default="?")),
            status=str(_get(item, "status", default="n/a")),
            element=None if element is None else str(element),
            location=_xy(_get(item, "location")),
            message=str(_get(item, "message", default="") or ""),
        ))
    geometry = _get(findings, "geometry") if raw is not None else None
    routes: list[tuple[tuple[float, float], ...]] = []
    walking: list[tuple[tuple[float, float], ...]] = []
    isovists: list[Any] = []
    circles: list[tuple[float, float, float]] = []
    narrow: list[tuple[float, float, float | None]] = []
    if geometry is not None:
        for line in _items(geometry, "routes", "route"):
            points, kind = _route(line)
            if len(points) >= 2:
                (walking if kind == "walking" else routes).append(points)
        for item in _items(geometry, "isovists"):
            polygon = item[1] if isinstance(item, Sequence) and len(item) > 1 else item
            if hasattr(polygon, "exterior"):
                isovists.append(polygon)
        circles = [c for c in map(_circle, _items(geometry, "circles", "turning_circles")) if c]
        narrow = [
            n for n in map(_narrow, _items(geometry, "narrow_points", "narrow", "pinch_points"))
            if n
        ]
    return AccessOverlay(tuple(marked), tuple(routes), tuple(circles), tuple(narrow),
                         tuple(walking), tuple(isovists))


def _route(line: Any) -> tuple[tuple[tuple[float, float], ...], str]:
    """Points and kind of one route: a polyline, an object with points, or the rules' tuple."""
    kind = str(_get(line, "kind", default="wheelchair"))
    raw = _get(line, "points", "polyline", default=line)
    if isinstance(raw, Sequence) and not isinstance(raw, str) and any(
            isinstance(v, Sequence) and len(v) > 1 and not isinstance(v, str)
            and not _is_point(v) for v in raw):
        # (source, target, kind, polyline, length): pick the polyline and the kind.
        for value in raw:
            if isinstance(value, str) and value in ("wheelchair", "walking"):
                kind = value
        raw = next(v for v in raw if isinstance(v, Sequence) and not isinstance(v, str)
                   and not _is_point(v))
    points = tuple(p for p in (_xy(v) for v in raw) if p is not None)
    return points, kind


def seat_counts(capacity: Any) -> dict[str, int]:
    """Return ``{room_id: capacity}`` from an assessment, a sequence of rooms or a mapping."""
    if capacity is None:
        return {}
    if isinstance(capacity, Mapping) and "rooms" not in capacity:
        return {str(k): int(v) for k, v in capacity.items() if isinstance(v, int | float)}
    rooms = _get(capacity, "rooms")
    items = list(rooms) if rooms is not None else list(capacity)
    seats: dict[str, int] = {}
    for item in items:
        room_id = _get(item, "id", "room")
        value = _get(item, "capacity", "seats")
        if room_id is not None and isinstance(value, int | float):
            seats[str(room_id)] = int(value)
    return seats
