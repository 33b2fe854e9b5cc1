"""Bookable rooms of a plan or scenario: consultation and meeting rooms.

Capacity comes from :func:`spacedesign.capacity.assess_plan` when that module is available;
otherwise from a simple estimate documented in :func:`estimate_capacity`. Whether a wheelchair
user can use the room comes from the accessibility findings of
:func:`spacedesign.rules.check_plan` (ruleset ``jp-minimum``) when available; otherwise from the
geometry: every door into the room has a clear width of at least 0.8 m, and a 1.5 m turning
circle fits in the room once walls and columns are taken out.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shapely.ops import unary_union

__all__ = ["BOOKABLE_USES", "BookableRoom", "bookable_rooms", "estimate_capacity"]

BOOKABLE_USES = ("consultation", "meeting")
MIN_DOOR_WIDTH = 0.8
TURNING_DIAMETER = 1.5
_ROOM_RULES = ("ROUTE-REACH", "ROUTE-TURN", "DOOR-WIDTH", "DOOR-LEVEL", "STEP-FREE")


@dataclass(frozen=True)
class BookableRoom:
    """A room the desk can book, with its capacity and wheelchair usability."""

    id: str
    name: str
    name_en: str | None
    use: str
    area: float
    capacity: int
    capacity_source: str
    wheelchair: bool
    wheelchair_source: str


def estimate_capacity(use: str, net_area: float) -> int:
    """Estimate simply: 2.0 m² a person in meeting rooms, 2.5 m² (2 to 6 people) for consultation.

    Used only when :mod:`spacedesign.capacity` is not available.
    """
    if use == "meeting":
        return max(2, math.floor(net_area / 2.0))
    return max(2, min(6, math.floor(net_area / 2.5)))


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _assessed_capacity(plan: Any) -> dict[str, int] | None:
    try:
        from spacedesign.capacity import assess_plan  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    try:
        result = assess_plan(plan)
    except Exception:  # an unfinished capacity module must not stop booking
        return None
    rooms = _field(result, "rooms") or []
    found = {}
    for item in rooms:
        room_id, capacity = _field(item, "id"), _field(item, "capacity")
        if isinstance(room_id, str) and isinstance(capacity, int):
            found[room_id] = capacity
    return found or None


def _failed_by_findings(plan: Any, level: Any) -> dict[str, list[str]] | None:
    try:
        from spacedesign.rules import check_plan  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    try:
        result = check_plan(plan, "jp-minimum")
    except Exception:  # an unfinished rules module must not stop booking
        return None
    findings = _field(result, "findings") if not isinstance(result, list | tuple) else result
    doors = {o.id: o.connects or () for o in level.openings}
    failed: dict[str, list[str]] = {}
    for finding in findings or []:
        rule, status, element = (_field(finding, k) for k in ("rule", "status", "element"))
        if rule not in _ROOM_RULES or status != "fail":
            continue
        for room_id in (element, *doors.get(element, ())):
            if isinstance(room_id, str):
                failed.setdefault(room_id, []).append(str(rule))
    return failed


def _geometric_check(level: Any, room: Any) -> tuple[bool, str]:
    doors = [o for o in level.openings
             if o.kind in ("door", "opening") and o.connects and room.id in o.connects]
    if not doors:
        return False, "no door into the room"
    narrow = [o.id for o in doors if o.width < MIN_DOOR_WIDTH]
    if narrow:
        return False, f"door {', '.join(narrow)} narrower than {MIN_DOOR_WIDTH} m"
    solid = [w.footprint for w in level.walls] + [c.polygon.geometry for c in level.columns]
    free = room.polygon.geometry.difference(unary_union(solid)) if solid else room.polygon.geometry
    if free.buffer(-TURNING_DIAMETER / 2).is_empty:
        return False, f"no {TURNING_DIAMETER} m turning circle"
    return True, f"doors ≥ {MIN_DOOR_WIDTH} m and a {TURNING_DIAMETER} m turning circle fit"


def _net_area(level: Any, room: Any) -> float:
    solid = [w.footprint for w in level.walls]
    geometry = room.polygon.geometry
    return float(geometry.difference(unary_union(solid)).area if solid else geometry.area)


_USE_EN = {"consultation": "Consultation room", "meeting": "Meeting room"}


def _english_name(room: Any) -> str | None:
    """Return an English name when the plan has none: the use plus the number in the name.

    相談室1 (consultation) becomes "Consultation room 1"; a room of another use keeps None.
    """
    base = _USE_EN.get(room.use)
    if base is None:
        return None
    digits = "".join(c for c in unicodedata.normalize("NFKC", room.name or "") if c.isdigit())
    return f"{base} {digits}" if digits else base


def bookable_rooms(plan: Any, uses: Iterable[str] = BOOKABLE_USES) -> list[BookableRoom]:
    """Return the consultation and meeting rooms of ``plan`` (a :class:`spacedesign.model.Plan`)."""
    uses = tuple(uses)
    capacities = _assessed_capacity(plan)
    found = []
    for level in plan.levels:
        failed = _failed_by_findings(plan, level)
        for room in level.rooms:
            if room.use not in uses:
                continue
            net = _net_area(level, room)
            if capacities and room.id in capacities:
                capacity, capacity_source = capacities[room.id], "capacity"
            else:
                capacity, capacity_source = estimate_capacity(room.use, net), "estimate"
            if failed is not None:
                rules = failed.get(room.id, [])
                usable = not rules
                source = "rules jp-minimum: " + (", ".join(sorted(set(rules))) or "all pass")
            else:
                usable, reason = _geometric_check(level, room)
                source = "geometry: " + reason
            found.append(BookableRoom(room.id, room.name, room.name_en or _english_name(room),
                                      room.use, round(net, 2),
                                      capacity, capacity_source, usable, source))
    return found
