"""iCalendar (RFC 5545) files: one booking, or a subscribable feed per room or coordinator.

Times are written in Asia/Tokyo with a VTIMEZONE; the UID stays the same through
re-scheduling and SEQUENCE grows with every change; a cancelled booking is written with
``STATUS:CANCELLED`` (and ``METHOD:CANCEL`` for a single booking). Feeds carry no personal
data (anyone with the secret URL can read them): only the time, mode, room and booking number.

RFC 5546 (iTIP) wants an ORGANIZER on every PUBLISH and CANCEL event, and on a CANCEL of the
whole event every ATTENDEE: the organizer is the desk (``$SPACEDESIGN_BOOKING_ORGANIZER``, a
``mailto:`` address; default ``mailto:booking@localhost``), the attendee of a single booking is
the caller (``mailto:`` e-mail, else ``tel:`` phone).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from spacedesign.booking import vocab
from spacedesign.booking.records import BookingView
from spacedesign.booking.slots import TOKYO

__all__ = ["booking_calendar", "feed_calendar"]

PRODID = "-//spacedesign//Nakano consultation desk booking//JA"
DESK_NAME = "中野区産業振興センター 経営相談窓口"


def _organizer() -> Any:
    from icalendar import vCalAddress

    address = os.environ.get("SPACEDESIGN_BOOKING_ORGANIZER") or "mailto:booking@localhost"
    if ":" not in address:
        address = f"mailto:{address}"
    organizer = vCalAddress(address)
    organizer.params["CN"] = DESK_NAME
    return organizer


def _attendee(booking: BookingView) -> Any:
    from icalendar import vCalAddress

    if booking.email:
        address = f"mailto:{booking.email}"
    elif booking.phone:
        address = "tel:" + "".join(c for c in booking.phone if c.isdigit() or c == "+")
    else:
        return None
    attendee = vCalAddress(address)
    attendee.params["CN"] = booking.contact_name or booking.business_name or ""
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = ("DECLINED" if booking.status == "cancelled"
                                   else "ACCEPTED")
    return attendee


def _event(booking: BookingView, *, personal: bool) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{booking.uid}@spacedesign")
    event.add("dtstamp", booking.updated_at)
    event.add("dtstart", booking.start.astimezone(TOKYO))
    event.add("dtend", booking.end.astimezone(TOKYO))
    event.add("sequence", booking.sequence)
    event.add("organizer", _organizer())
    attendee = _attendee(booking) if personal else None
    if attendee is not None:
        event.add("attendee", attendee)
    mode = vocab.label(vocab.MODES, booking.mode)
    if personal and booking.business_name:
        summary = f"{mode}: {booking.business_name}"
    else:
        summary = f"{mode} (予約 #{booking.id})"
    event.add("summary", summary)
    if booking.room_name:
        event.add("location", booking.room_name)
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    lines = [f"予約番号 / Booking: {booking.id}", f"担当 / Coordinator: {booking.coordinator_name}"]
    if personal:
        if booking.contact_name:
            lines.append(f"ご担当者 / Contact: {booking.contact_name}")
        topics = ", ".join(vocab.label(vocab.TOPICS, t) for t in booking.topics)
        if topics:
            lines.append(f"相談内容 / Topics: {topics}")
        if booking.meeting_link:
            event.add("url", booking.meeting_link)
    event.add("description", "\n".join(lines))
    return event


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    return calendar


def _finish(calendar: Any) -> bytes:
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def booking_calendar(booking: BookingView) -> bytes:
    """Return the .ics of one booking (for staff: includes the business name and contact)."""
    calendar = _calendar(f"相談予約 #{booking.id}")
    calendar.add("method", "CANCEL" if booking.status == "cancelled" else "PUBLISH")
    calendar.add_component(_event(booking, personal=True))
    return _finish(calendar)


def feed_calendar(name: str, bookings: Iterable[BookingView]) -> bytes:
    """Return a subscribable feed of the bookings, without personal data."""
    calendar = _calendar(name)
    calendar.add("method", "PUBLISH")
    for booking in bookings:
        if booking.status in ("held", "confirmed", "cancelled", "completed"):
            calendar.add_component(_event(booking, personal=False))
    return _finish(calendar)
