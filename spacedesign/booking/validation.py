"""Server-side check of one booking request against the rules and the closure calendar.

A booking must be exactly one offered slot: it starts on the slot grid of an opening window
piece of a rule for the coordinator (and, on site, the room) and lasts the rule's slot length.
Past times, the minimum notice and the horizon are checked against ``now``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spacedesign.booking.slots import (
    GRID_MINUTES,
    MAX_BOOKING_MINUTES,
    MODES,
    TOKYO,
    WEEKDAYS,
    ClosureCalendar,
    RuleSpec,
    _local,
    _rule_slots,
)
from spacedesign.errors import RuleViolationError

__all__ = ["validate_request", "why_no_slots"]


def _on_grid(value: dt.datetime) -> bool:
    return value.second == 0 and value.microsecond == 0 and value.minute % GRID_MINUTES == 0


def validate_request(
    rules: Iterable[RuleSpec],
    calendar: ClosureCalendar,
    *,
    mode: str,
    room_id: int | None,
    coordinator_id: int,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
) -> RuleSpec:
    """Return the rule that allows this booking, or raise RuleViolationError saying why not.

    A booking must be one of the slots the rule offers that day (start on its slot grid, length
    = its slot length); outreach needs the travel time inside the window too.
    """
    if mode not in MODES:
        raise RuleViolationError(f"mode must be one of {', '.join(MODES)}", value=mode)
    if start.tzinfo is None or end.tzinfo is None:
        raise RuleViolationError("times need a time zone (e.g. +09:00)", value=str(start))
    if end <= start:
        raise RuleViolationError("the end must be after the start", value=str(end))
    if not (_on_grid(start) and _on_grid(end)):
        raise RuleViolationError(
            f"times must be on the {GRID_MINUTES}-minute grid", value=str(start)
        )
    if end - start > dt.timedelta(minutes=MAX_BOOKING_MINUTES):
        raise RuleViolationError("a booking lasts at most 8 hours", value=str(end))
    if mode == "onsite" and room_id is None:
        raise RuleViolationError("an on-site consultation needs a room", value=mode)
    local_start, local_end = start.astimezone(TOKYO), end.astimezone(TOKYO)
    day = local_start.date()
    candidates = [
        r for r in rules
        if r.coordinator_id == coordinator_id and mode in r.modes
        and (mode != "onsite" or r.room_id == room_id)
    ]
    if not candidates:
        raise RuleViolationError("no opening rule for this coordinator, room and mode", value=mode)
    reasons: list[str] = []
    for rule in candidates:
        if not rule.applies_on(day):
            reasons.append(f"not an opening day ({day.isoformat()})")
            continue
        closed = calendar.closed_reason(day, rule)
        if closed:
            reasons.append(f"closed on {day.isoformat()}: {closed}")
            continue
        travel = dt.timedelta(minutes=rule.travel_minutes if mode == "outreach" else 0)
        inside = any(
            _local(day, p_start) <= start - travel and end + travel <= _local(day, p_end)
            for p_start, p_end in rule.pieces()
        ) and local_end.date() == day
        if not inside:
            reasons.append("outside the opening hours")
            continue
        offered = list(_rule_slots(rule, day, mode))
        if (start, end) not in offered:
            starts = ", ".join(f"{a.astimezone(TOKYO):%H:%M}" for a, _ in offered[:12])
            reasons.append(f"not an offered slot: consultations last {rule.slot_minutes} "
                           f"minutes and start at {starts}")
            continue
        if start < now:
            reasons.append(f"the time is in the past ({local_start:%Y-%m-%d %H:%M} Tokyo)")
            continue
        if start < now + dt.timedelta(minutes=rule.min_notice_minutes):
            reasons.append(f"too soon: book at least {rule.min_notice_minutes} minutes ahead")
            continue
        if start > now + dt.timedelta(days=rule.horizon_days):
            reasons.append(f"too far ahead: at most {rule.horizon_days} days")
            continue
        return rule
    # The most specific reason is the one of the rule that got furthest.
    order = ("too far", "too soon", "the time is in the past", "not an offered", "outside",
             "closed", "not an opening")
    reasons.sort(key=lambda r: next(i for i, p in enumerate(order) if r.startswith(p)))
    raise RuleViolationError(reasons[0], value=str(start))


def why_no_slots(
    rules: Iterable[RuleSpec],
    calendar: ClosureCalendar,
    day: dt.date,
    now: dt.datetime,
    *,
    mode: str | None = None,
    room_id: int | None = None,
    any_slots: bool = False,
) -> str:
    """Say why the Tokyo day ``day`` offers no (free) slot.

    ``any_slots`` tells that slots exist but every one is taken. Otherwise the reason is the
    first that holds of: a holiday or closure, no rule for the room / mode, not an opening
    weekday, past, beyond the horizon, inside the minimum notice.
    """
    if any_slots:
        return "fully booked: every slot of the day is taken"
    closed = calendar.closed_reason(day)
    if closed:
        return f"closed on {day.isoformat()}: {closed}"
    relevant = [r for r in rules if (mode is None or mode in r.modes)
                and (room_id is None or r.room_id == room_id)]
    if not relevant:
        return "no opening rule for this room and mode"
    open_rules = [r for r in relevant if r.applies_on(day)]
    if not open_rules:
        days = sorted({d for r in relevant for d in r.weekdays})
        return (f"outside the opening days: no consultations on {WEEKDAYS[day.weekday()]} "
                f"(open on {', '.join(WEEKDAYS[d] for d in days)})")
    reasons = [calendar.closed_reason(day, r) for r in open_rules]
    if all(reasons):
        return f"closed on {day.isoformat()}: {reasons[0]}"
    last_start = max(_local(day, r.end) for r in open_rules)
    if last_start <= now:
        return f"{day.isoformat()} is in the past"
    if all(_local(day, r.start) > now + dt.timedelta(days=r.horizon_days) for r in open_rules):
        horizon = max(r.horizon_days for r in open_rules)
        return f"beyond the booking horizon: at most {horizon} days ahead"
    return "too soon: the remaining slots are inside the minimum notice"
