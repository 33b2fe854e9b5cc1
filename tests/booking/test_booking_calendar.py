"""Calendar cases: Japanese holidays, 年末年始, Tokyo days around midnight UTC, and .ics files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from spacedesign.booking.ics import booking_calendar, feed_calendar
from spacedesign.booking.records import BookingInput
from spacedesign.booking.rooms import bookable_rooms
from spacedesign.booking.slots import (
    TOKYO,
    UTC,
    ClosureCalendar,
    ClosureSpec,
    RuleSpec,
    day_slots,
    japanese_holiday,
)
from spacedesign.booking.store import BookingStore
from spacedesign.booking.validation import validate_request, why_no_slots
from spacedesign.errors import RuleViolationError
from spacedesign.io import load_plan
from tests.booking.support import GOOD_PLAN

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
APRIL = dt.datetime(2026, 4, 1, tzinfo=UTC)
YEAR_END = ClosureSpec(1, dt.date(2000, 12, 29), dt.date(2001, 1, 3), "年末年始", yearly=True)


def _rule(**changes: object) -> RuleSpec:
    rule = RuleSpec(id=1, coordinator_id=1, room_id=1, modes=("onsite",), weekdays=EVERY_DAY,
                    start=dt.time(9), end=dt.time(17), breaks=((dt.time(12), dt.time(13)),),
                    slot_minutes=60, min_notice_minutes=0, horizon_days=800)
    return dataclasses.replace(rule, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("day", "name"), [
    (dt.date(2026, 9, 22), "国民の休日"),
    (dt.date(2026, 5, 6), "振替休日"),
    (dt.date(2026, 9, 21), "敬老の日"),
    (dt.date(2019, 5, 6), "振替休日"),
    (dt.date(2019, 4, 30), "国民の休日"),
    (dt.date(2019, 5, 2), "国民の休日"),
    (dt.date(2021, 8, 9), "振替休日"),
    (dt.date(2025, 11, 24), "振替休日"),
])
def test_holidays_give_no_slots(day: dt.date, name: str) -> None:
    assert japanese_holiday(day) == name
    assert day_slots([_rule()], ClosureCalendar(), day, APRIL) == []
    with pytest.raises(RuleViolationError, match=name):
        start = dt.datetime.combine(day, dt.time(10), TOKYO)
        validate_request([_rule()], ClosureCalendar(), mode="onsite", room_id=1,
                         coordinator_id=1, start=start, end=start + dt.timedelta(hours=1),
                         now=APRIL)


def test_ordinary_days_around_the_holidays_have_slots() -> None:
    for day in (dt.date(2026, 9, 24), dt.date(2026, 5, 7)):
        slots = day_slots([_rule()], ClosureCalendar(), day, APRIL)
        assert len(slots) == 7  # 9-12 and 13-17 in 60-minute slots


def test_year_end_closure_wraps_the_new_year() -> None:
    calendar = ClosureCalendar((YEAR_END,))
    closed = [dt.date(2026, 12, 29) + dt.timedelta(days=i) for i in range(6)]
    assert closed[-1] == dt.date(2027, 1, 3)
    for day in closed:
        assert day_slots([_rule()], calendar, day, APRIL) == [], day
    for day in (dt.date(2026, 12, 28), dt.date(2027, 1, 4)):
        assert len(day_slots([_rule()], calendar, day, APRIL)) == 7, day


def test_rule_open_on_holidays_is_respected() -> None:
    slots = day_slots([_rule(closed_on_holidays=False)], ClosureCalendar(),
                      dt.date(2026, 9, 22), APRIL)
    assert len(slots) == 7


def test_slots_near_midnight_utc_land_on_the_tokyo_day() -> None:
    """08:00-10:00 in Tokyo is 23:00-01:00 UTC: the slots belong to the Tokyo day."""
    rule = _rule(start=dt.time(8), end=dt.time(10), breaks=())
    slots = day_slots([rule], ClosureCalendar(), dt.date(2026, 12, 2), APRIL)
    assert [s.start for s in slots] == [dt.datetime(2026, 12, 1, 23, tzinfo=UTC),
                                        dt.datetime(2026, 12, 2, 0, tzinfo=UTC)]
    assert all(s.start.astimezone(TOKYO).date() == dt.date(2026, 12, 2) for s in slots)
    # A Wednesday-only rule gives the 23:00 UTC Tuesday slot on Wednesday, not on Tuesday.
    wednesday = _rule(start=dt.time(8), end=dt.time(10), breaks=(), weekdays=(2,))
    assert day_slots([wednesday], ClosureCalendar(), dt.date(2026, 12, 1), APRIL) == []
    assert len(day_slots([wednesday], ClosureCalendar(), dt.date(2026, 12, 2), APRIL)) == 2


def test_notice_horizon_grid_buffer_and_travel() -> None:
    now = dt.datetime(2026, 12, 1, 0, tzinfo=UTC)  # 09:00 Tokyo on 1 Dec
    rule = _rule(min_notice_minutes=24 * 60, horizon_days=30, buffer_minutes=10,
                 modes=("onsite", "outreach"), travel_minutes=30)
    calendar = ClosureCalendar()

    def check(start: dt.datetime, minutes: int = 60, mode: str = "onsite") -> RuleSpec:
        return validate_request([rule], calendar, mode=mode, room_id=1 if mode == "onsite"
                                else None, coordinator_id=1, start=start,
                                end=start + dt.timedelta(minutes=minutes), now=now)

    tokyo = dt.datetime(2026, 12, 2, 10, 10, tzinfo=TOKYO)  # the slot after 09:00 + buffer
    check(tokyo)
    with pytest.raises(RuleViolationError, match="too soon"):
        check(dt.datetime(2026, 12, 1, 15, 20, tzinfo=TOKYO))
    with pytest.raises(RuleViolationError, match="too far"):
        check(dt.datetime(2027, 1, 14, 10, 10, tzinfo=TOKYO))
    with pytest.raises(RuleViolationError, match="grid"):
        check(tokyo + dt.timedelta(minutes=3))
    with pytest.raises(RuleViolationError, match="opening hours"):
        check(dt.datetime(2026, 12, 2, 11, 30, tzinfo=TOKYO))  # runs into lunch
    with pytest.raises(RuleViolationError, match="opening hours"):
        check(dt.datetime(2026, 12, 2, 9, 0, tzinfo=TOKYO), mode="outreach")  # no travel time
    check(dt.datetime(2026, 12, 2, 9, 30, tzinfo=TOKYO), mode="outreach")
    slots = day_slots([rule], calendar, dt.date(2026, 12, 2), now, mode="onsite")
    assert [f"{s.start.astimezone(TOKYO):%H:%M}" for s in slots] == [
        "09:00", "10:10", "13:00", "14:10", "15:20"]
    assert slots[0].block_end - slots[0].end == dt.timedelta(minutes=10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[BookingStore]:
    store = BookingStore.open(f"sqlite:///{tmp_path / 'b.sqlite3'}", create=True)
    store.load_rooms(bookable_rooms(load_plan(GOOD_PLAN)), "good")
    coordinator = store.add_coordinator("山田")
    store.add_rule(coordinator_id=coordinator, room="consult1", weekdays="wed,sat",
                   start="09:00", end="17:00", breaks="12:00-13:00", min_notice_minutes=0,
                   horizon_days=800)
    store.add_closure(dt.date(2000, 12, 29), dt.date(2001, 1, 3), "年末年始", yearly=True)
    store.clock = lambda: APRIL
    yield store
    store.close()


def _book(store: BookingStore, start: dt.datetime) -> int:
    data = BookingInput(mode="onsite", start=start, end=start + dt.timedelta(hours=1),
                        coordinator_id=1, room="consult1", business_name="中野商店",
                        contact_name="中野 太郎", email="taro@example.jp", topics=("dx",))
    return store.book(data, "staff")[0].id


def test_store_applies_the_calendar(store: BookingStore) -> None:
    assert store.slots(dt.date(2026, 5, 6)) == []  # Wednesday, 振替休日
    assert store.slots(dt.date(2026, 12, 30)) == []  # Wednesday, 年末年始
    assert len(store.slots(dt.date(2026, 5, 13))) == 7
    with pytest.raises(RuleViolationError, match="振替休日"):
        _book(store, dt.datetime(2026, 5, 6, 10, tzinfo=TOKYO))


def test_ics_parses_with_tokyo_times(store: BookingStore) -> None:
    start = dt.datetime(2026, 12, 2, 9, tzinfo=TOKYO)
    booking_id = _book(store, start)
    calendar = icalendar.Calendar.from_ical(booking_calendar(store.get(booking_id)))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    begins = event.decoded("DTSTART")
    assert begins == start and begins.utcoffset() == dt.timedelta(hours=9)
    assert str(begins.tzinfo) == "Asia/Tokyo" or begins.tzinfo == ZoneInfo("Asia/Tokyo")
    assert "中野商店" in str(event["SUMMARY"])
    uid, sequence = str(event["UID"]), int(event["SEQUENCE"])

    store.reschedule(booking_id, start + dt.timedelta(days=3, hours=1),
                     start + dt.timedelta(days=3, hours=2), "staff")  # Saturday 10:00
    store.cancel(booking_id, "staff")
    calendar = icalendar.Calendar.from_ical(booking_calendar(store.get(booking_id)))
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == sequence + 2
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 5, 10, tzinfo=TOKYO)
    # RFC 5546 3.2.5 (CANCEL of the whole event): ORGANIZER, every ATTENDEE, DTSTAMP,
    # SEQUENCE and UID are required
    for name in ("ORGANIZER", "ATTENDEE", "DTSTAMP", "SEQUENCE", "UID"):
        assert name in event, name
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert event["ORGANIZER"].params["CN"] == "中野区産業振興センター 経営相談窓口"
    assert str(event["ATTENDEE"]) == "mailto:taro@example.jp"
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"
    assert event["ATTENDEE"].params["CN"] == "中野 太郎"

    feed = icalendar.Calendar.from_ical(feed_calendar("consult1", store.bookings()))
    (event,) = feed.walk("VEVENT")
    assert "中野商店" not in feed.to_ical().decode()  # feeds carry no personal data
    assert "ORGANIZER" in event and "ATTENDEE" not in event  # no caller address in feeds
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"


def test_a_booking_must_be_an_offered_slot_and_past_times_say_so() -> None:
    now = dt.datetime(2026, 12, 1, 0, tzinfo=UTC)  # 09:00 Tokyo on 1 Dec
    rule = _rule(min_notice_minutes=60, horizon_days=30)

    def check(start: dt.datetime, minutes: int = 60) -> RuleSpec:
        return validate_request([rule], ClosureCalendar(), mode="onsite", room_id=1,
                                coordinator_id=1, start=start,
                                end=start + dt.timedelta(minutes=minutes), now=now)

    check(dt.datetime(2026, 12, 2, 10, tzinfo=TOKYO))
    for start, minutes in ((dt.datetime(2026, 12, 2, 10, 5, tzinfo=TOKYO), 60),  # off the grid
                           (dt.datetime(2026, 12, 2, 10, tzinfo=TOKYO), 30),  # too short
                           (dt.datetime(2026, 12, 2, 10, tzinfo=TOKYO), 120)):  # two slots
        with pytest.raises(RuleViolationError, match=r"not an offered slot.*60 minutes"):
            check(start, minutes)
    with pytest.raises(RuleViolationError, match=r"in the past \(2026-11-25 10:00 Tokyo\)"):
        check(dt.datetime(2026, 11, 25, 10, tzinfo=TOKYO))
    with pytest.raises(RuleViolationError, match="too soon"):
        check(dt.datetime(2026, 12, 1, 9, tzinfo=TOKYO) + dt.timedelta(minutes=0))


def test_the_holiday_library_is_the_pinned_version() -> None:
    """The dates above were checked against this release; a new one must be re-checked."""
    import re
    import tomllib

    import holidays

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    pins = [d for d in project["project"]["optional-dependencies"]["web"]
            if d.startswith("holidays")]
    assert len(pins) == 1 and re.fullmatch(r"holidays==[0-9.]+", pins[0].split(";")[0].strip())
    assert holidays.__version__ == pins[0].split("==")[1]


@pytest.mark.parametrize(("day", "now", "reason"), [
    (dt.date(2026, 9, 22), APRIL, "closed on 2026-09-22: 国民の休日"),
    (dt.date(2026, 5, 6), APRIL, "closed on 2026-05-06: 振替休日"),
    (dt.date(2026, 12, 30), APRIL, "closed on 2026-12-30: 年末年始"),
    (dt.date(2026, 12, 1), APRIL, "no consultations on tue (open on wed, sat)"),
    (dt.date(2026, 3, 4), APRIL, "2026-03-04 is in the past"),
    (dt.date(2026, 12, 2), APRIL, "beyond the booking horizon: at most 90 days ahead"),
])
def test_an_empty_day_says_why(day: dt.date, now: dt.datetime, reason: str) -> None:
    rule = _rule(weekdays=(2, 5), horizon_days=90)
    calendar = ClosureCalendar((ClosureSpec(1, dt.date(2000, 12, 29), dt.date(2001, 1, 3),
                                            "年末年始", yearly=True),))
    assert day_slots([rule], calendar, day, now) == []
    assert reason in why_no_slots([rule], calendar, day, now)
    assert why_no_slots([rule], calendar, dt.date(2026, 4, 8), now, any_slots=True).startswith(
        "fully booked")
    assert "no opening rule" in why_no_slots([rule], calendar, dt.date(2026, 4, 8), now,
                                             mode="online")
