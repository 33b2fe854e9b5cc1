"""Capacity of a plan: seats per room and style, occupant loads, and the limiting figure.

``assess_plan`` gives the DESIGN.md §6 report; ``furnish_plan`` returns the plan with the
furniture of one style placed in every furnishable room; ``consultation_capacity`` turns the
consultation rooms and the desk's opening hours into room-hours per week.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacedesign.capacity.catalogue import seating_rules
from spacedesign.capacity.furnish import RoomLayout, furnish_room
from spacedesign.capacity.occupancy import occupant_load
from spacedesign.capacity.setting import room_setting
from spacedesign.capacity.space import RoomSpace, room_space
from spacedesign.capacity.styles import DEFAULT_STYLE, STYLES, STYLES_BY_USE
from spacedesign.errors import InputError
from spacedesign.model import Level, Plan, Room

__all__ = [
    "DEFAULT_CONSULTATION_HOURS",
    "CapacityReport",
    "ConsultationCapacity",
    "RoomCapacity",
    "StyleResult",
    "assess_plan",
    "best_style",
    "consultation_capacity",
    "furnishable_rooms",
]

DEFAULT_CONSULTATION_HOURS = 16.0
"""The desk's trial opening: one weekday and one weekend day, 9:00–17:00 (reference/nakano.md)."""


@dataclass(frozen=True)
class StyleResult:
    """Seats and wheelchair places one style gives in one room."""

    style: str
    seats: int
    wheelchair_places: int
    required_wheelchair_places: int
    module: str | None = None
    wheelchair_soft: bool = False

    @property
    def places(self) -> int:
        """People the layout holds: seats plus wheelchair places."""
        return self.seats + self.wheelchair_places

    @property
    def meets_wheelchair(self) -> bool:
        """Whether the layout has the wheelchair places SEATING-WHEELCHAIR asks for."""
        return self.wheelchair_places >= self.required_wheelchair_places

    def to_dict(self) -> dict[str, Any]:
        """Return the §6 form ``{"seats", "wheelchair_places"}`` plus the requirement.

        ``required_wheelchair_places`` and ``meets_wheelchair`` (SEATING-WHEELCHAIR) are
        added so a layout short of wheelchair places is never reported silently.
        """
        return {"seats": self.seats, "wheelchair_places": self.wheelchair_places,
                "required_wheelchair_places": self.required_wheelchair_places,
                "meets_wheelchair": self.meets_wheelchair}


@dataclass(frozen=True)
class RoomCapacity:
    """Capacity of one room (DESIGN.md §6 plus the details behind it)."""

    id: str
    level: str
    name: str
    name_en: str | None
    use: str
    net_area: float
    styles: Mapping[str, StyleResult]
    occupant_load: int
    occupant_load_ibc: int
    load_basis: str
    capacity: int
    limited_by: str
    best_style: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the room entry of ``capacity --json`` (keys exactly as in DESIGN.md §6)."""
        return {
            "id": self.id,
            "use": self.use,
            "net_area": round(self.net_area, 2),
            "styles": {k: v.to_dict() for k, v in self.styles.items()},
            "occupant_load": self.occupant_load,
            "capacity": self.capacity,
            "limited_by": self.limited_by,
        }


@dataclass(frozen=True)
class ConsultationCapacity:
    """Consultation room-hours per week, against a stated weekly demand when one is given."""

    rooms: tuple[str, ...]
    unusable: tuple[str, ...]
    hours_per_week: float
    weekly_demand_hours: float | None = None

    @property
    def room_hours_per_week(self) -> float:
        """Usable consultation rooms × opening hours per week."""
        return len(self.rooms) * self.hours_per_week

    @property
    def utilisation(self) -> float | None:
        """Demand ÷ room-hours (None without a demand or without rooms)."""
        if self.weekly_demand_hours is None or self.room_hours_per_week == 0:
            return None
        return self.weekly_demand_hours / self.room_hours_per_week

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = {
            "rooms": len(self.rooms),
            "room_ids": list(self.rooms),
            "unusable": list(self.unusable),
            "hours_per_week": self.hours_per_week,
            "room_hours_per_week": self.room_hours_per_week,
        }
        if self.weekly_demand_hours is not None:
            out["weekly_demand_hours"] = self.weekly_demand_hours
            util = self.utilisation
            out["utilisation"] = None if util is None else round(util, 3)
        return out


@dataclass(frozen=True)
class CapacityReport:
    """Capacity of every furnishable room of a plan, with totals per use."""

    plan: str
    ruleset: str
    style: str | None
    rooms: tuple[RoomCapacity, ...]
    consultation: ConsultationCapacity
    totals: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``capacity --json`` document (DESIGN.md §6)."""
        return {"rooms": [r.to_dict() for r in self.rooms], "totals": dict(self.totals)}


def furnishable_rooms(plan: Plan) -> Iterator[tuple[Level, Room]]:
    """Every (level, room) whose use has furnishing styles, in plan order."""
    for level in plan.levels:
        for room in level.rooms:
            if room.use in STYLES_BY_USE:
                yield level, room


def _styles_for(use: str, style: str | None) -> tuple[str, ...]:
    applicable = STYLES_BY_USE[use]
    if style is None:
        return applicable
    return (style,) if style in applicable else applicable


def _check_style(style: str | None) -> None:
    if style is not None and style not in STYLES:
        raise InputError(f"unknown style {style!r} (known: {', '.join(STYLES)})")


def best_style(results: Iterable[StyleResult], use: str) -> StyleResult | None:
    """Pick the style a room is counted (and furnished) with.

    Layouts that seat someone and have the wheelchair places SEATING-WHEELCHAIR asks for come
    first, then the most persons, then the use's default style, then the order of ``STYLES``.
    """
    default = DEFAULT_STYLE.get(use)
    return max(results, key=lambda s: (s.places > 0 and s.meets_wheelchair, s.places,
                                       s.style == default, -STYLES.index(s.style)),
               default=None)


def _room_capacity(
    level: Level, space: RoomSpace, layouts: Mapping[str, RoomLayout], ruleset: str
) -> RoomCapacity:
    room = space.room
    styles = {
        key: StyleResult(key, lay.seats, lay.wheelchair_places, lay.required_wheelchair_places,
                         lay.module, lay.wheelchair_soft)
        for key, lay in layouts.items()
    }
    best = best_style(styles.values(), room.use)
    places = best.places if best is not None else 0
    load = occupant_load(room.use, space.net_area, best.style if best is not None else None)
    ceiling = load.ibc if ruleset == "ada-2010" else load.jp
    return RoomCapacity(
        id=room.id, level=level.id, name=room.name, name_en=room.name_en, use=room.use,
        net_area=space.net_area, styles=styles, occupant_load=ceiling,
        occupant_load_ibc=load.ibc,
        load_basis=load.ibc_basis if ruleset == "ada-2010" else load.jp_basis,
        capacity=min(places, ceiling), limited_by="seats" if places <= ceiling else "occupant_load",
        best_style=best.style if best is not None else None,
    )


def _totals(rooms: tuple[RoomCapacity, ...], consult: ConsultationCapacity) -> dict[str, Any]:
    def summary(group: list[RoomCapacity]) -> dict[str, Any]:
        best = [r.styles[r.best_style] for r in group if r.best_style is not None]
        return {
            "rooms": len(group),
            "net_area": round(sum(r.net_area for r in group), 2),
            "seats": sum(s.seats for s in best),
            "wheelchair_places": sum(s.wheelchair_places for s in best),
            "occupant_load": sum(r.occupant_load for r in group),
            "occupant_load_ibc": sum(r.occupant_load_ibc for r in group),
            "capacity": sum(r.capacity for r in group),
        }

    uses = sorted({r.use for r in rooms}, key=list(STYLES_BY_USE).index)
    out = summary(list(rooms))
    out["by_use"] = {use: summary([r for r in rooms if r.use == use]) for use in uses}
    out["consultation"] = consult.to_dict()
    return out


def assess_plan(
    plan: Plan,
    *,
    ruleset: str = "jp-recommended",
    style: str | None = None,
    hours_per_week: float = DEFAULT_CONSULTATION_HOURS,
    weekly_demand_hours: float | None = None,
) -> CapacityReport:
    """Furnish every meeting, seminar, lounge, coworking and consultation room; report capacity.

    Parameters
    ----------
    plan : Plan
    ruleset : str
        ``jp-minimum``, ``jp-recommended``, ``tokyo`` or ``ada-2010``: wheelchair places and
        the route to them; under ``ada-2010`` the IBC load is the ceiling.
    style : str, optional
        Only this style, in the rooms it applies to (other rooms keep their own styles).
    hours_per_week, weekly_demand_hours : float
        For the consultation figures in the totals.

    Returns
    -------
    CapacityReport
        ``capacity = min(seats + wheelchair places of the best style, occupant load)``.
    """
    seating_rules(ruleset)
    _check_style(style)
    rooms: list[RoomCapacity] = []
    consult_ok: list[str] = []
    consult_bad: list[str] = []
    for level, room in furnishable_rooms(plan):
        space = room_space(level, room)
        # furnished as furnish_plan furnishes it: in its setting (local coordinates)
        setting = room_setting(level, room)
        local = room_space(setting.level, setting.room)
        layouts = {s: furnish_room(local, s, ruleset=ruleset) for s in _styles_for(room.use, style)}
        cap = _room_capacity(level, space, layouts, ruleset)
        rooms.append(cap)
        if room.use == "consultation":
            consult = cap.styles.get("consultation")
            (consult_ok if consult is not None and consult.places >= 2 else consult_bad).append(
                room.id)
    hours = ConsultationCapacity(tuple(consult_ok), tuple(consult_bad), hours_per_week,
                                 weekly_demand_hours)
    result = tuple(rooms)
    return CapacityReport(plan.name, ruleset, style, result, hours, _totals(result, hours))


def consultation_capacity(
    plan: Plan,
    hours_per_week: float = DEFAULT_CONSULTATION_HOURS,
    *,
    weekly_demand_hours: float | None = None,
) -> ConsultationCapacity:
    """Consultation room-hours per week: rooms that seat two or more at a table × hours open.

    Examples
    --------
    A plan without consultation rooms offers no room-hours:

    >>> from spacedesign.model import Plan
    >>> consultation_capacity(Plan(name="empty", levels=()), 16).room_hours_per_week
    0.0
    """
    ok: list[str] = []
    bad: list[str] = []
    for level, room in furnishable_rooms(plan):
        if room.use != "consultation":
            continue
        setting = room_setting(level, room)
        layout = furnish_room(room_space(setting.level, setting.room), "consultation")
        (ok if layout.seats + layout.wheelchair_places >= 2 else bad).append(room.id)
    return ConsultationCapacity(tuple(ok), tuple(bad), float(hours_per_week), weekly_demand_hours)
