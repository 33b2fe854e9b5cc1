"""Staff pages for one booking: details, status changes, re-scheduling, .ics download."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import Response

from spacedesign.booking import auth, vocab
from spacedesign.booking.i18n import format_day
from spacedesign.booking.ics import booking_calendar
from spacedesign.booking.pages import (
    _error_pairs,
    _redirect,
    _render_form,
    _staff,
    _times,
    coordinator_label,
    room_label,
)
from spacedesign.booking.slots import TOKYO
from spacedesign.errors import BookingError, NotFoundError, SlotTakenError

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_ACTION_TEXT = {"confirmed": "confirm", "completed": "mark_completed", "no_show": "mark_no_show",
                "cancelled": "cancel_booking"}


def _booking_id(text: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise NotFoundError("no such booking")
    return int(text)


@router.get("/staff/bookings/{booking_ref}")
def booking_page(request: Request, booking_ref: str, created: int = 0,
                 updated: int = 0) -> Response:
    """One booking with its actions and history (``.ics`` suffix: the calendar file)."""
    context = _staff(request)
    if isinstance(context, Response):
        return context
    store, lang, t = context.store, context.lang, context.t
    if booking_ref.endswith(".ics"):
        body = booking_calendar(store.get(_booking_id(booking_ref[:-4])))
        return context.finish(Response(body, media_type="text/calendar; charset=utf-8"))
    booking = store.get(_booking_id(booking_ref))
    start, end = booking.start.astimezone(TOKYO), booking.end.astimezone(TOKYO)
    rows = [
        (t["booking"], f"#{booking.id}"),
        (t["status"], vocab.label(vocab.STATUSES, booking.status, lang)),
        (t["date"], f"{format_day(start.date(), lang)} {start:%H:%M}–{end:%H:%M}"),
        (t["mode"], vocab.label(vocab.MODES, booking.mode, lang)),
        (t["room"], room_label(store, booking.room, booking.room_name, lang) or "—"),
        (t["coordinator"], coordinator_label(store, booking.coordinator_id,
                                             booking.coordinator_name, lang)),
        (t["business_name"], booking.business_name or "—"),
        (t["contact_name"], booking.contact_name or "—"),
        (t["phone"], booking.phone or "—"),
        (t["email"], booking.email or "—"),
        (t["company_size"], vocab.label(vocab.COMPANY_SIZES, booking.company_size, lang) or "—"),
        (t["industry"], vocab.label(vocab.INDUSTRIES, booking.industry, lang) or "—"),
        (t["topics"], ", ".join(vocab.label(vocab.TOPICS, x, lang) for x in booking.topics)
         or "—"),
        (t["needs"], ", ".join(vocab.label(vocab.NEEDS, x, lang) for x in booking.needs)
         or t["none"]),
        (t["attendees"], str(booking.attendees)),
        (t["notes"], booking.notes or "—"),
    ]
    if booking.meeting_link:
        rows.append((t["meeting_link"], booking.meeting_link))
    actions = [(s, t[_ACTION_TEXT[s]]) for s in vocab.TRANSITIONS[booking.status]]
    zone = "JST" if lang == "en" else "日本時間"
    history = [f"{dt.datetime.fromisoformat(e['at']).astimezone(TOKYO):%Y-%m-%d %H:%M} {zone}"
               f" · {e['actor']} · {e['action']}" for e in store.audit_log(booking.id)]
    notice = t["booked"] if created else (t["updated"] if updated else None)
    return context.render("detail.html", f"{t['booking']} #{booking.id}", booking=booking,
                          rows=rows, actions=actions, history=history, notice=notice,
                          can_move=booking.status in vocab.ACTIVE_STATUSES)


@router.post("/staff/bookings/{booking_ref}/status")
async def booking_status(request: Request, booking_ref: str) -> Response:
    """Confirm, complete, mark no show or cancel."""
    context = _staff(request)
    if isinstance(context, Response):
        return context
    form = await request.form()
    booking_id = _booking_id(booking_ref)
    lang = "&lang=en" if context.lang == "en" else ""
    if not auth.csrf_valid(context.session, str(form.get("csrf_token", ""))):
        return context.render("message.html", context.t["errors_title"], status=400,
                              message=context.t["csrf_failed"])
    context.store.set_status(booking_id, str(form.get("status", "")), context.user or "")
    return _redirect(context, f"/staff/bookings/{booking_id}?updated=1{lang}")


@router.get("/staff/bookings/{booking_ref}/reschedule")
def reschedule_form(request: Request, booking_ref: str) -> Response:
    """Form to move a booking."""
    context = _staff(request)
    if isinstance(context, Response):
        return context
    booking = context.store.get(_booking_id(booking_ref))
    start, end = booking.start.astimezone(TOKYO), booking.end.astimezone(TOKYO)
    form = {"mode": booking.mode, "date": start.date().isoformat(),
            "start_time": f"{start:%H:%M}", "end_time": f"{end:%H:%M}",
            "room": booking.room or "", "coordinator": str(booking.coordinator_id)}
    return _render_form(context, form, booking_id=booking.id)


@router.post("/staff/bookings/{booking_ref}/reschedule")
async def reschedule_submit(request: Request, booking_ref: str) -> Response:
    """Move the booking (same number and calendar UID)."""
    context = _staff(request)
    if isinstance(context, Response):
        return context
    raw = await request.form()
    booking_id = _booking_id(booking_ref)
    form = {k: str(raw.get(k) or "") for k in ("mode", "date", "start_time", "end_time", "room",
                                               "coordinator")}
    t = context.t
    if not auth.csrf_valid(context.session, str(raw.get("csrf_token", ""))):
        return _render_form(context, form, status=400, errors=[("", t["csrf_failed"])],
                            booking_id=booking_id)
    try:
        start, end = _times(form, t)
        coordinator = int(form["coordinator"]) if form["coordinator"].isdigit() else None
        context.store.reschedule(booking_id, start, end, context.user or "",
                                 room=form["room"] or None, coordinator_id=coordinator)
    except BookingError as exc:
        if isinstance(exc, NotFoundError) and exc.value == booking_id:
            raise
        status = 409 if isinstance(exc, SlotTakenError) else 422
        return _render_form(context, form, status=status, errors=_error_pairs(exc, t, context.lang),
                            booking_id=booking_id)
    lang = "&lang=en" if context.lang == "en" else ""
    return _redirect(context, f"/staff/bookings/{booking_id}?updated=1{lang}")
