"""Server-rendered pages (work without JavaScript; CSRF token on every form)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from spacedesign.booking import auth, vocab
from spacedesign.booking.i18n import explain, format_day
from spacedesign.booking.records import BookingInput
from spacedesign.booking.slots import TOKYO, ClosureCalendar
from spacedesign.booking.web import PageContext, page_context
from spacedesign.errors import BookingError, RuleViolationError, SlotTakenError

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
FORM_FIELDS = ("mode", "date", "start_time", "end_time", "room", "coordinator", "business_name",
               "contact_name", "phone", "email", "company_size", "industry", "attendees", "notes",
               "meeting_link", "status")


def _today() -> dt.date:
    return dt.datetime.now(TOKYO).date()


def _parse_day(text: str | None, default: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default
    return day if dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1) else default


def room_label(store: Any, key: str | None, name: str | None, lang: str) -> str:
    """Return the room name in the page language (English on English pages when known)."""
    if lang == "en" and key:
        english = {r.key: r.name_en for r in store.rooms()}.get(key)
        if english:
            return str(english)
    return name or ""


def coordinator_label(store: Any, ident: int, name: str, lang: str) -> str:
    """Return the coordinator name in the page language."""
    if lang == "en":
        english = {c["id"]: c["name_en"] for c in store.coordinators()}.get(ident)
        if english:
            return str(english)
    return name


def _redirect(context: PageContext, url: str) -> Response:
    return context.finish(RedirectResponse(url, status_code=303))


def _opts(table: dict[str, tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    return [(code, vocab.label(table, code, lang)) for code in table]


@router.get("/")
def home() -> Response:
    """Start page: the week view."""
    return RedirectResponse("/week", status_code=307)


@router.get("/week")
def week(request: Request, start: str | None = None) -> Response:
    """Free and taken slots of seven days per room (public: no personal data)."""
    context = page_context(request)
    store, lang = context.store, context.lang
    first = _parse_day(start, _today())
    days_list = [first + dt.timedelta(days=i) for i in range(7)]
    calendar = ClosureCalendar(tuple(store.closures()))
    days = [{"iso": d.isoformat(), "label": format_day(d, lang),
             "closed": calendar.closed_reason(d)} for d in days_list]
    rooms = []
    for room in store.rooms():
        cells: dict[str, list[dict[str, Any]]] = {}
        for day in days_list:
            cells[day.isoformat()] = [
                {"label": f"{s.start.astimezone(TOKYO):%H:%M}–{s.end.astimezone(TOKYO):%H:%M}",
                 "available": s.available,
                 "book_url": "/staff/book?" + urlencode({
                     "date": day.isoformat(), "start_time": f"{s.start.astimezone(TOKYO):%H:%M}",
                     "end_time": f"{s.end.astimezone(TOKYO):%H:%M}", "room": room.key,
                     "coordinator": s.coordinator_id, "mode": s.mode,
                     **({"lang": "en"} if lang == "en" else {})})}
                for s in store.slots(day, room=room.key, mode="onsite")]
        label = room.name_en if lang == "en" and room.name_en else room.name
        rooms.append({"label": label, "capacity": room.capacity, "wheelchair": room.wheelchair,
                      "cells": cells})
    return context.render("week.html", context.t["week_title"], rooms=rooms, days=days,
                          prev_start=(first - dt.timedelta(days=7)).isoformat(),
                          next_start=(first + dt.timedelta(days=7)).isoformat())


@router.get("/login")
def login_form(request: Request, next: str = "/week") -> Response:
    """Staff login form."""
    context = page_context(request)
    return context.render("login.html", context.t["login"], next=_safe_next(next), username="")


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/week"


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the password (argon2id) and start a new session."""
    context = page_context(request)
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    next_url = _safe_next(str(form.get("next", "")))
    t = context.t
    if not auth.csrf_valid(context.session, str(form.get("csrf_token", ""))):
        return context.render("login.html", t["login"], status=400, next=next_url,
                              username=username, errors=[("username", t["csrf_failed"])])
    user_id = await run_in_threadpool(context.store.login, username, password)
    if user_id is None:
        return context.render("login.html", t["login"], status=401, next=next_url,
                              username=username, errors=[("username", t["login_failed"])])
    context.login_as(user_id)
    return _redirect(context, next_url)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session."""
    context = page_context(request)
    form = await request.form()
    if auth.csrf_valid(context.session, str(form.get("csrf_token", ""))):
        context.login_as(None)
    return _redirect(context, "/week")


def _staff(request: Request) -> PageContext | Response:
    context = page_context(request)
    if context.user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return _redirect(context, "/login?" + urlencode({"next": target}))
    return context


def _form_values(source: Any) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(source.get(name) or "") for name in FORM_FIELDS}
    values["topics"] = list(source.getlist("topics")) if hasattr(source, "getlist") else []
    values["needs"] = list(source.getlist("needs")) if hasattr(source, "getlist") else []
    values["mode"] = values["mode"] or "onsite"
    values["status"] = values["status"] or "confirmed"
    values["attendees"] = values["attendees"] or "1"
    return values


def _render_form(context: PageContext, form: dict[str, Any], *, status: int = 200,
                 errors: list[tuple[str, str]] | None = None, booking_id: int | None = None,
                 ) -> Response:
    store, lang, t = context.store, context.lang, context.t
    rooms = [(r.key, (r.name_en if lang == "en" and r.name_en else r.name)
              + ("" if r.wheelchair else f" ({t['wheelchair_no']})")) for r in store.rooms()]
    coordinators = [(str(c["id"]), c["name_en"] if lang == "en" and c["name_en"] else c["name"])
                    for c in store.coordinators()]
    title = t["reschedule"] if booking_id else t["book_title"]
    action = f"/staff/bookings/{booking_id}/reschedule" if booking_id else "/staff/book"
    return context.render(
        "book.html", title, status=status, form=form, errors=errors,
        field_errors=dict(errors or []), action=action + ("?lang=en" if lang == "en" else ""),
        reschedule=booking_id is not None,
        submit_label=t["reschedule"] if booking_id else t["submit_booking"],
        modes=_opts(vocab.MODES, lang), room_options=rooms, coordinator_options=coordinators,
        size_options=_opts(vocab.COMPANY_SIZES, lang),
        industry_options=[(c, f"{c} {vocab.label(vocab.INDUSTRIES, c, lang)}")
                          for c in vocab.INDUSTRIES],
        topic_options=_opts(vocab.TOPICS, lang), need_options=_opts(vocab.NEEDS, lang),
        status_options=[(s, vocab.label(vocab.STATUSES, s, lang)) for s in ("confirmed", "held")])


def _times(form: dict[str, Any], t: dict[str, str]) -> tuple[dt.datetime, dt.datetime]:
    try:
        day = dt.date.fromisoformat(form["date"])
    except ValueError:
        raise RuleViolationError(t["date"], path="date") from None
    parsed = []
    for name in ("start_time", "end_time"):
        try:
            parsed.append(dt.datetime.combine(day, dt.time.fromisoformat(form[name]), TOKYO))
        except ValueError:
            raise RuleViolationError(t["start" if name == "start_time" else "end"],
                                     path=name) from None
    return parsed[0], parsed[1]


_FIELD_OF_PATH = {"key": "mode", "attendees": "attendees", "room": "room"}


def _error_pairs(exc: BookingError, t: dict[str, str], lang: str) -> list[tuple[str, str]]:
    if isinstance(exc, SlotTakenError):
        return [("start_time", t["taken_error"])]
    field = _FIELD_OF_PATH.get(exc.path, exc.path) or "start_time"
    message = explain(str(exc.message), lang)
    if field in t and field not in ("start_time", "end_time"):
        message = f"{t[field]}: {message}"
    return [(field, message)]


@router.get("/staff/book")
def book_form(request: Request) -> Response:
    """Show the booking form, pre-filled from the chosen slot."""
    context = _staff(request)
    if isinstance(context, Response):
        return context
    form = _form_values(request.query_params)
    form["date"] = form["date"] or _today().isoformat()
    return _render_form(context, form)


@router.post("/staff/book")
async def book_submit(request: Request) -> Response:
    """Create the booking; re-show the form with clear messages when it cannot be made."""
    context = _staff(request)
    if isinstance(context, Response):
        return context
    raw = await request.form()
    form = _form_values(raw)
    t = context.t
    if not auth.csrf_valid(context.session, str(raw.get("csrf_token", ""))):
        return _render_form(context, form, status=400, errors=[("", t["csrf_failed"])])
    try:
        start, end = _times(form, t)
        data = BookingInput(
            mode=form["mode"], start=start, end=end,
            coordinator_id=int(form["coordinator"]) if form["coordinator"].isdigit() else 0,
            room=form["room"] or None, business_name=form["business_name"],
            contact_name=form["contact_name"], phone=form["phone"] or None,
            email=form["email"] or None, company_size=form["company_size"] or None,
            industry=form["industry"] or None, topics=tuple(form["topics"]),
            needs=tuple(form["needs"]),
            attendees=int(form["attendees"]) if form["attendees"].isdigit() else 0,
            notes=form["notes"] or None, meeting_link=form["meeting_link"] or None,
            status=form["status"])
        view, _ = context.store.book(data, context.user or "")
    except BookingError as exc:
        status = 409 if isinstance(exc, SlotTakenError) else 422
        return _render_form(context, form, status=status, errors=_error_pairs(exc, t, context.lang))
    lang = "&lang=en" if context.lang == "en" else ""
    return _redirect(context, f"/staff/bookings/{view.id}?created=1{lang}")


@router.get("/staff/day")
def day_view(request: Request, date: str | None = None, coordinator: str | None = None,
             ) -> Response:
    """Show a coordinator's bookings of one day."""
    context = _staff(request)
    if isinstance(context, Response):
        return context
    store, lang = context.store, context.lang
    day = _parse_day(date, _today())
    coordinators = [(str(c["id"]), c["name_en"] if lang == "en" and c["name_en"] else c["name"])
                    for c in store.coordinators()]
    chosen = coordinator if coordinator in dict(coordinators) else (
        coordinators[0][0] if coordinators else "")
    bookings = store.bookings(day, coordinator_id=int(chosen)) if chosen else []
    rows = [{"id": b.id,
             "time": f"{b.start.astimezone(TOKYO):%H:%M}–{b.end.astimezone(TOKYO):%H:%M}",
             "mode": vocab.label(vocab.MODES, b.mode, lang),
             "room": room_label(store, b.room, b.room_name, lang),
             "business_name": b.business_name or "—",
             "topics": ", ".join(vocab.label(vocab.TOPICS, x, lang) for x in b.topics),
             "status": vocab.label(vocab.STATUSES, b.status, lang)} for b in bookings]
    return context.render("day.html", context.t["day_title"], bookings=rows, day=day.isoformat(),
                          day_label=format_day(day, lang), coordinator=chosen,
                          coordinator_options=coordinators)
