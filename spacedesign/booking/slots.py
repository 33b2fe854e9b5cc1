"""Slot rules: opening windows, closures and the checks a booking must pass (no database).

Everything here is pure: the functions take rule records, a closure calendar, the busy time of
rooms and coordinators and the current time, and return slots or raise
:class:`~spacedesign.errors.RuleViolationError`. The store calls the same checks inside the
booking transaction, so every rule the web page shows is re-checked on the server.

Conventions
-----------
* Intervals are half-open ``[start, end)``; times are timezone-aware; windows are read in
  Asia/Tokyo and stored in UTC.
* Every start, end and buffer is a multiple of :data:`GRID_MINUTES`; the SQLite store claims one
  row per grid cell, so two bookings overlap exactly when they claim a common cell.
* The *blocked* interval of a booking is what it occupies: the meeting itself, plus the buffer
  after it, plus for outreach the travel time before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from spacedesign.errors import RuleViolationError

__all__ = [
    "GRID_MINUTES",
    "MODES",
    "TOKYO",
    "UTC",
    "WEEKDAYS",
    "ClosureCalendar",
    "ClosureSpec",
    "RuleSpec",
    "Slot",
    "blocked_interval",
    "claim_cells",
    "day_bounds_utc",
    "day_slots",
    "japanese_holiday",
    "parse_breaks",
    "parse_weekdays",
]

TOKYO = ZoneInfo("Asia/Tokyo")
UTC = dt.UTC
GRID_MINUTES = 5
MODES = ("onsite", "outreach", "online")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_BOOKING_MINUTES = 8 * 60
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Turn ``"wed,sat"`` (or ``"2,5"``) into sorted weekday numbers, Monday = 0."""
    days: set[int] = set()
    for part in text.replace(" ", "").lower().split(","):
        if not part:
            continue
        if part.isdigit() and 0 <= int(part) <= 6:
            days.add(int(part))
        elif part[:3] in WEEKDAYS:
            days.add(WEEKDAYS.index(part[:3]))
        else:
            raise RuleViolationError(f"unknown weekday {part!r} (use mon..sun)", value=part)
    if not days:
        raise RuleViolationError("a rule needs at least one weekday", value=text)
    return tuple(sorted(days))


def _parse_time(text: str) -> dt.time:
    try:
        hours, minutes = text.strip().split(":")
        value = dt.time(int(hours), int(minutes))
    except ValueError:
        raise RuleViolationError(f"not a time of day: {text!r} (use HH:MM)", value=text) from None
    if value.minute % GRID_MINUTES:
        raise RuleViolationError(f"{text} is not on the {GRID_MINUTES}-minute grid", value=text)
    return value


def parse_breaks(text: str | None) -> tuple[tuple[dt.time, dt.time], ...]:
    """Turn ``"12:00-13:00, 15:00-15:15"`` into time pairs."""
    if not text:
        return ()
    pairs = []
    for part in text.split(","):
        if not part.strip():
            continue
        start, _, end = part.partition("-")
        pairs.append((_parse_time(start), _parse_time(end)))
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class RuleSpec:
    """A weekly opening window of one coordinator (in one room, for on-site consultations)."""

    id: int
    coordinator_id: int
    room_id: int | None
    modes: tuple[str, ...]
    weekdays: tuple[int, ...]
    start: dt.time
    end: dt.time
    breaks: tuple[tuple[dt.time, dt.time], ...] = ()
    slot_minutes: int = 60
    buffer_minutes: int = 0
    travel_minutes: int = 30
    min_notice_minutes: int = 60
    horizon_days: int = 90
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    closed_on_holidays: bool = True

    def __post_init__(self) -> None:
        for name in ("slot_minutes", "buffer_minutes", "travel_minutes"):
            value = getattr(self, name)
            if value < 0 or value % GRID_MINUTES:
                raise RuleViolationError(
                    f"{name} must be a non-negative multiple of {GRID_MINUTES}", value=value
                )
        if self.slot_minutes == 0:
            raise RuleViolationError("slot_minutes must be positive", value=0)
        if self.end <= self.start:
            raise RuleViolationError("a window must end after it starts", value=str(self.end))
        unknown = set(self.modes) - set(MODES)
        if unknown or not self.modes:
            raise RuleViolationError(f"modes must be some of {', '.join(MODES)}", value=unknown)
        if "onsite" in self.modes and self.room_id is None:
            raise RuleViolationError("an on-site rule needs a room", value=self.id)

    def pieces(self) -> list[tuple[dt.time, dt.time]]:
        """Return the window minus its breaks, as (start, end) local times."""
        pieces = []
        cursor = self.start
        for b_start, b_end in self.breaks:
            if b_start > cursor:
                pieces.append((cursor, min(b_start, self.end)))
            cursor = max(cursor, b_end)
        if cursor < self.end:
            pieces.append((cursor, self.end))
        return [p for p in pieces if p[0] < p[1]]

    def applies_on(self, day: dt.date) -> bool:
        """Whether the weekday and the validity dates include ``day``."""
        if day.weekday() not in self.weekdays:
            return False
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


@dataclass(frozen=True)
class ClosureSpec:
    """A closed period: fixed dates, or a yearly month-day range such as 12/29–1/3."""

    id: int
    start: dt.date
    end: dt.date
    reason: str = ""
    yearly: bool = False
    room_id: int | None = None
    coordinator_id: int | None = None

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the closure."""
        if not self.yearly:
            return self.start <= day <= self.end
        key = (day.month, day.day)
        first, last = (self.start.month, self.start.day), (self.end.month, self.end.day)
        if first <= last:
            return first <= key <= last
        return key >= first or key <= last  # wraps over the new year


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> Mapping[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("JP", years=year, language="ja").items())


def japanese_holiday(day: dt.date) -> str | None:
    """Name of the Japanese public holiday on ``day`` (振替休日 and 国民の休日 included)."""
    return _holidays_for(day.year).get(day)


@dataclass(frozen=True)
class ClosureCalendar:
    """Japanese public holidays (the ``holidays`` package) merged with the admin closure table."""

    closures: tuple[ClosureSpec, ...] = ()

    def closed_reason(self, day: dt.date, rule: RuleSpec | None = None) -> str | None:
        """Why the desk (or the rule's room / coordinator) is closed on ``day``, else None."""
        if rule is None or rule.closed_on_holidays:
            name = japanese_holiday(day)
            if name:
                return name
        for closure in self.closures:
            if not closure.covers(day):
                continue
            if rule is not None:
                if closure.room_id is not None and closure.room_id != rule.room_id:
                    continue
                if closure.coordinator_id not in (None, rule.coordinator_id):
                    continue
            return closure.reason or "closed"
        return None


@dataclass(frozen=True)
class Slot:
    """One offered time: public fields plus the interval it would block."""

    start: dt.datetime
    end: dt.datetime
    mode: str
    room_id: int | None
    coordinator_id: int
    rule_id: int
    block_start: dt.datetime
    block_end: dt.datetime
    available: bool = True


@dataclass(frozen=True)
class BusyTimes:
    """Blocked intervals per resource key (``room:ID`` / ``coord:ID``)."""

    intervals: Mapping[str, Sequence[tuple[dt.datetime, dt.datetime]]] = field(default_factory=dict)

    def overlaps(self, key: str, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether ``[start, end)`` overlaps a busy interval of ``key``."""
        return any(s < end and start < e for s, e in self.intervals.get(key, ()))


def blocked_interval(
    start: dt.datetime, end: dt.datetime, mode: str, rule: RuleSpec
) -> tuple[dt.datetime, dt.datetime]:
    """Return the interval a booking occupies (buffer after; travel around outreach)."""
    travel = dt.timedelta(minutes=rule.travel_minutes if mode == "outreach" else 0)
    buffer = dt.timedelta(minutes=rule.buffer_minutes)
    return start - travel, end + travel + buffer


def claim_cells(start: dt.datetime, end: dt.datetime) -> range:
    """Grid cells (minutes since 1970 / GRID_MINUTES) covered by ``[start, end)``."""
    first = int((start - _EPOCH).total_seconds() // 60) // GRID_MINUTES
    last = -(-int((end - _EPOCH).total_seconds() // 60) // GRID_MINUTES)
    return range(first, last)


def day_bounds_utc(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the UTC interval of a Tokyo calendar day."""
    start = dt.datetime.combine(day, dt.time(0), TOKYO)
    return start.astimezone(UTC), (start + dt.timedelta(days=1)).astimezone(UTC)


def _local(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, TOKYO).astimezone(UTC)


def _rule_slots(rule: RuleSpec, day: dt.date, mode: str) -> Iterator[tuple[dt.datetime, ...]]:
    travel = rule.travel_minutes if mode == "outreach" else 0
    step = dt.timedelta(minutes=rule.slot_minutes + rule.buffer_minutes + 2 * travel)
    length = dt.timedelta(minutes=rule.slot_minutes)
    for piece_start, piece_end in rule.pieces():
        cursor = _local(day, piece_start) + dt.timedelta(minutes=travel)
        limit = _local(day, piece_end) - dt.timedelta(minutes=travel)
        while cursor + length <= limit:
            yield (cursor, cursor + length)
            cursor += step


def _modes_of(rule: RuleSpec, mode: str | None) -> Iterable[str]:
    return [m for m in rule.modes if mode is None or m == mode]


def day_slots(
    rules: Iterable[RuleSpec],
    calendar: ClosureCalendar,
    day: dt.date,
    now: dt.datetime,
    busy: BusyTimes | None = None,
    *,
    mode: str | None = None,
    room_id: int | None = None,
) -> list[Slot]:
    """Slots offered on the Tokyo day ``day``, sorted by start, room and coordinator.

    Days closed by a holiday or a closure give no slots; slots inside the minimum notice or
    beyond the horizon are left out; slots whose blocked interval meets a busy interval are
    returned with ``available=False``.
    """
    busy = busy or BusyTimes()
    found: dict[tuple[object, ...], Slot] = {}
    for rule in rules:
        if not rule.applies_on(day) or calendar.closed_reason(day, rule):
            continue
        earliest = now + dt.timedelta(minutes=rule.min_notice_minutes)
        latest = now + dt.timedelta(days=rule.horizon_days)
        for slot_mode in _modes_of(rule, mode):
            slot_room = rule.room_id if slot_mode == "onsite" else None
            if room_id is not None and slot_room != room_id:
                continue
            for start, end in _rule_slots(rule, day, slot_mode):
                if start < earliest or start > latest:
                    continue
                b_start, b_end = blocked_interval(start, end, slot_mode, rule)
                taken = busy.overlaps(f"coord:{rule.coordinator_id}", b_start, b_end) or (
                    slot_room is not None and busy.overlaps(f"room:{slot_room}", b_start, b_end)
                )
                key = (start, end, slot_mode, slot_room, rule.coordinator_id)
                found.setdefault(
                    key,
                    Slot(start, end, slot_mode, slot_room, rule.coordinator_id, rule.id,
                         b_start, b_end, available=not taken),
                )
    return sorted(found.values(), key=lambda s: (s.start, s.room_id or 0, s.coordinator_id, s.mode))
