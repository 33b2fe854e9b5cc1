"""JSON API (OpenAPI at ``/openapi.json``).

Public: ``GET /api/rooms``, ``GET /api/slots`` (free and taken times only). Staff (``Authorization:
Bearer TOKEN`` from ``spacedesign booking token create``): bookings, their .ics, cancel,
reschedule and status changes. Calendar feeds are public at secret URLs (see :func:`feed_key`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime, BaseModel, Field

from spacedesign.booking.ics import booking_calendar, feed_calendar
from spacedesign.booking.records import BookingInput, iso_tokyo
from spacedesign.booking.store import BookingStore
from spacedesign.errors import NotFoundError, RuleViolationError

__all__ = ["feed_key", "router"]

router = APIRouter(prefix="/api")
bearer = HTTPBearer(auto_error=False, description="Token from `spacedesign booking token create`")
TOKEN_CACHE_SECONDS = 5.0
MIN_DAY, MAX_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
BookingId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text200 = Annotated[str | None, Field(default=None, max_length=200)]


class RoomOut(BaseModel):
    """A bookable room."""

    id: str
    name: str
    name_en: str | None
    use: str
    area: float
    capacity: int
    capacity_source: str
    wheelchair: bool
    wheelchair_source: str


class SlotOut(BaseModel):
    """A slot; the public view carries no personal data."""

    start: str
    end: str
    mode: str
    room: str | None
    coordinator: int
    available: bool


class BookingIn(BaseModel):
    """A booking request (times with an offset, e.g. ``2026-12-02T09:00:00+09:00``)."""

    mode: Literal["onsite", "outreach", "online"] = "onsite"
    start: AwareDatetime
    end: AwareDatetime
    room: str | None = Field(default=None, max_length=64)
    coordinator: int = Field(ge=1, le=2**31 - 1)
    business_name: str = Field(min_length=1, max_length=200)
    contact_name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    company_size: str | None = Field(default=None, max_length=16)
    industry: str | None = Field(default=None, max_length=1)
    topics: list[str] = Field(default_factory=list, max_length=10)
    needs: list[str] = Field(default_factory=list, max_length=5)
    attendees: int = Field(default=1, ge=1, le=50)
    notes: str | None = Field(default=None, max_length=4000)
    meeting_link: str | None = Field(default=None, max_length=400)
    status: Literal["held", "confirmed"] = "confirmed"


class BookingOut(BaseModel):
    """A booking as staff see it (times in Asia/Tokyo)."""

    id: int
    uid: str
    status: str
    mode: str
    start: str
    end: str
    room: str | None
    room_name: str | None
    coordinator: int
    coordinator_name: str
    business_name: str | None
    contact_name: str | None
    phone: str | None
    email: str | None
    company_size: str | None
    industry: str | None
    topics: list[str]
    needs: list[str]
    attendees: int
    notes: str | None
    meeting_link: str | None
    sequence: int
    created_by: str
    updated_by: str
    created_at: str
    updated_at: str
    anonymised: bool


class RescheduleIn(BaseModel):
    """A new time (and optionally room / coordinator) for a booking."""

    start: AwareDatetime
    end: AwareDatetime
    room: str | None = Field(default=None, max_length=64)
    coordinator: int | None = Field(default=None, ge=1, le=2**31 - 1)


class StatusIn(BaseModel):
    """A status change."""

    status: Literal["confirmed", "completed", "no_show", "cancelled"]


def _store(request: Request) -> BookingStore:
    return request.app.state.store  # type: ignore[no-any-return]


async def staff_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """Return the username behind the bearer token; 401 without a valid one.

    Valid tokens are cached for a few seconds (a revoked token stops working within
    ``TOKEN_CACHE_SECONDS``); the lookup is one indexed read.
    """
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "a staff token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    token = credentials.credentials
    cache: dict[str, tuple[str, float]] = request.app.state.token_cache
    hit = cache.get(token)
    if hit and hit[1] > time.monotonic():
        return hit[0]
    user = await run_in_threadpool(_store(request).token_user, token) if len(token) < 200 else None
    if user is None:
        raise HTTPException(401, "invalid or revoked token",
                            headers={"WWW-Authenticate": "Bearer"})
    cache[token] = (user, time.monotonic() + TOKEN_CACHE_SECONDS)
    return user


Staff = Annotated[str, Depends(staff_user)]


def _check_day(day: dt.date) -> dt.date:
    if not MIN_DAY <= day <= MAX_DAY:
        raise RuleViolationError("date out of range (2000-2100)", path="date")
    return day


def _check_times(start: dt.datetime, end: dt.datetime) -> None:
    _check_day(start.date())
    _check_day(end.date())


@router.get("/rooms", response_model=list[RoomOut], tags=["public"])
def list_rooms(request: Request) -> list[dict[str, Any]]:
    """Bookable rooms with capacity and wheelchair usability."""
    return [r.to_dict() for r in _store(request).rooms()]


@router.get("/slots", response_model=list[SlotOut], tags=["public"])
def list_slots(
    request: Request,
    date: Annotated[dt.date, Query(description="Tokyo calendar day, YYYY-MM-DD")],
    room: Annotated[str | None, Query(max_length=64)] = None,
    mode: Literal["onsite", "outreach", "online"] | None = None,
) -> list[dict[str, Any]]:
    """Slots of a day: start, end, room, coordinator and whether it is available."""
    store = _store(request)
    keys = store.room_keys()
    return [{"start": iso_tokyo(s.start), "end": iso_tokyo(s.end), "mode": s.mode,
             "room": keys.get(s.room_id) if s.room_id else None,
             "coordinator": s.coordinator_id, "available": s.available}
            for s in store.slots(_check_day(date), mode=mode, room=room)]


@router.post("/bookings", status_code=201, response_model=BookingOut, tags=["staff"],
             responses={401: {}, 404: {}, 409: {"description": "the time is taken"},
                        422: {"description": "a rule forbids it"}})
async def create_booking(
    request: Request, body: BookingIn, user: Staff,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    """Book a consultation; retries with the same ``Idempotency-Key`` return the same booking.

    On SQLite the booking runs on the event loop (writes are serialised anyway, so this saves
    a thread hand-over per request); on PostgreSQL in the thread pool, concurrently.
    """
    _check_times(body.start, body.end)
    data = BookingInput(
        mode=body.mode, start=body.start, end=body.end, coordinator_id=body.coordinator,
        room=body.room, business_name=body.business_name, contact_name=body.contact_name,
        phone=body.phone, email=body.email, company_size=body.company_size,
        industry=body.industry, topics=tuple(body.topics), needs=tuple(body.needs),
        attendees=body.attendees, notes=body.notes, meeting_link=body.meeting_link,
        status=body.status)
    store = _store(request)
    if store.uses_claims:
        view, replayed = store.book(data, user, idempotency_key=idempotency_key)
    else:
        view, replayed = await run_in_threadpool(store.book, data, user,
                                                 idempotency_key=idempotency_key)
    headers = {"Location": f"/api/bookings/{view.id}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(view.to_dict(), status_code=201, headers=headers)


@router.get("/bookings", response_model=list[BookingOut], tags=["staff"])
def list_bookings(
    request: Request, user: Staff,
    date: Annotated[dt.date | None, Query(description="Tokyo calendar day")] = None,
    coordinator: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> list[dict[str, Any]]:
    """Bookings of a day (all when no date), with personal data (staff only)."""
    day = _check_day(date) if date else None
    return [b.to_dict() for b in _store(request).bookings(day, coordinator_id=coordinator)]


@router.get("/bookings/{booking_id}.ics", tags=["staff"],
            response_class=Response, responses={200: {"content": {"text/calendar": {}}}})
def booking_ics(request: Request, booking_id: BookingId, user: Staff) -> Response:
    """Return the booking as an iCalendar file (Asia/Tokyo)."""
    body = booking_calendar(_store(request).get(booking_id))
    return Response(body, media_type="text/calendar; charset=utf-8")


@router.get("/bookings/{booking_id}", response_model=BookingOut, tags=["staff"])
def get_booking(request: Request, booking_id: BookingId, user: Staff) -> dict[str, Any]:
    """One booking."""
    return _store(request).get(booking_id).to_dict()


@router.post("/bookings/{booking_id}/cancel", response_model=BookingOut, tags=["staff"])
def cancel_booking(request: Request, booking_id: BookingId, user: Staff) -> dict[str, Any]:
    """Cancel a booking; its time is free at once."""
    return _store(request).cancel(booking_id, user).to_dict()


@router.post("/bookings/{booking_id}/reschedule", response_model=BookingOut, tags=["staff"])
def reschedule_booking(request: Request, booking_id: BookingId, body: RescheduleIn,
                       user: Staff) -> dict[str, Any]:
    """Move a booking; it keeps its number and calendar UID."""
    _check_times(body.start, body.end)
    return _store(request).reschedule(booking_id, body.start, body.end, user, room=body.room,
                                      coordinator_id=body.coordinator).to_dict()


@router.post("/bookings/{booking_id}/status", response_model=BookingOut, tags=["staff"])
def change_status(request: Request, booking_id: BookingId, body: StatusIn,
                  user: Staff) -> dict[str, Any]:
    """Confirm, complete, mark no show or cancel."""
    return _store(request).set_status(booking_id, body.status, user).to_dict()


def feed_key(secret: str, kind: str, ident: str) -> str:
    """Return the secret part of a feed URL (HMAC of the feed name with the server secret)."""
    digest = hmac.new(secret.encode(), f"feed:{kind}:{ident}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _feed(request: Request, kind: str, ident: str, key: str) -> Response:
    expected = feed_key(request.app.state.secret, kind, ident).encode()
    if not hmac.compare_digest(expected, key.encode("utf-8", "replace")):
        raise NotFoundError("no such feed")
    store = _store(request)
    if kind == "room":
        bookings = [b for b in store.bookings() if b.room == ident]
        name = f"相談室予約 {ident}"
    else:
        bookings = store.bookings(coordinator_id=int(ident))
        name = f"コーディネーター予約 {ident}"
    return Response(feed_calendar(name, bookings), media_type="text/calendar; charset=utf-8")


@router.get("/feeds/rooms/{room}/{key}.ics", tags=["feeds"], response_class=Response)
def room_feed(request: Request, room: Annotated[str, Path(max_length=64)],
              key: Annotated[str, Path(max_length=64)]) -> Response:
    """Serve the subscribable calendar of a room (secret URL; no personal data)."""
    return _feed(request, "room", room, key)


@router.get("/feeds/coordinators/{coordinator}/{key}.ics", tags=["feeds"],
            response_class=Response)
def coordinator_feed(request: Request, coordinator: Annotated[int, Path(ge=1, le=2**31 - 1)],
                     key: Annotated[str, Path(max_length=64)]) -> Response:
    """Serve the subscribable calendar of a coordinator (secret URL; no personal data)."""
    return _feed(request, "coordinator", str(coordinator), key)
