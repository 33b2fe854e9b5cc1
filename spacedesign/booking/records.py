"""Plain records the store hands out (no ORM objects leave a transaction)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from spacedesign.booking import vocab
from spacedesign.booking.slots import MODES, TOKYO
from spacedesign.errors import RuleViolationError, SpacedesignError

__all__ = ["BookingInput", "BookingView", "RoomView", "error_text", "iso_tokyo"]

_PHONE = re.compile(r"^[0-9+()\- ]{6,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _shallow(record: Any) -> dict[str, Any]:
    """Like dataclasses.asdict, without deep copies (the records hold only plain values)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def iso_tokyo(value: dt.datetime) -> str:
    """ISO 8601 in Asia/Tokyo (``2026-12-02T09:00:00+09:00``)."""
    return value.astimezone(TOKYO).isoformat()


def _clean(text: str | None, limit: int, name: str) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise RuleViolationError(f"{name} contains control characters", path=name)
    if len(text) > limit:
        raise RuleViolationError(f"{name} is longer than {limit} characters", path=name)
    return text or None


def error_text(exc: SpacedesignError) -> str:
    """One clean line for a user: the field, then the problem.

    No ``<input>:`` prefix (there is no file) and the field is not named twice when the message
    already names it.
    """
    if exc.file is not None:
        return str(exc)
    subject = (exc.path or "").replace("_", " ") or (exc.element or "")
    message = exc.message
    if not subject or subject.casefold() in message.casefold():
        return message
    return f"{subject}: {message}"


_FIELD_NAMES = {"company_size": "company size", "industry": "industry", "topics": "topic",
                "needs": "need"}


def _code(field: str, value: str | None) -> str | None:
    """Return the code of ``value`` in the list of ``field`` (code, Japanese or English label)."""
    if not value or not value.strip():
        return None
    code = vocab.resolve(vocab.CODE_LISTS[field], value)
    if code is None:
        raise RuleViolationError(
            f"unknown {_FIELD_NAMES[field]} {value.strip()!r}: give a code or its Japanese or "
            f"English label (list them with `spacedesign booking codes {field}`)", path=field)
    return code


def _codes(field: str, values: tuple[str, ...]) -> list[str]:
    return [code for code in (_code(field, v) for v in values) if code]


@dataclass(frozen=True)
class BookingInput:
    """What a booking request carries (validated by :meth:`normalised`)."""

    mode: str
    start: dt.datetime
    end: dt.datetime
    coordinator_id: int
    room: str | None = None
    business_name: str | None = None
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    company_size: str | None = None
    industry: str | None = None
    topics: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    attendees: int = 1
    notes: str | None = None
    meeting_link: str | None = None
    status: str = "confirmed"

    def normalised(self) -> BookingInput:
        """Trimmed and checked copy; raises RuleViolationError naming the field."""
        if self.mode not in MODES:
            raise RuleViolationError(f"mode must be one of {', '.join(MODES)}", path="mode")
        if self.status not in ("held", "confirmed"):
            raise RuleViolationError("a new booking is held or confirmed", path="status")
        business = _clean(self.business_name, 200, "business_name")
        contact = _clean(self.contact_name, 200, "contact_name")
        phone = _clean(self.phone, 40, "phone")
        email = _clean(self.email, 200, "email")
        if not business:
            raise RuleViolationError("business name is required", path="business_name")
        if not contact:
            raise RuleViolationError("contact person is required", path="contact_name")
        if not phone and not email:
            raise RuleViolationError("a phone number or an e-mail address is required",
                                     path="phone")
        if phone and not _PHONE.match(phone):
            raise RuleViolationError("phone number is not valid: use 6 to 20 digits, +, -, "
                                     "( ) or spaces", path="phone")
        if email and not _EMAIL.match(email):
            raise RuleViolationError("e-mail address is not valid", path="email")
        size = _code("company_size", self.company_size)
        industry = _code("industry", self.industry)
        topics = tuple(dict.fromkeys(_codes("topics", self.topics)))
        needs = tuple(dict.fromkeys(_codes("needs", self.needs)))
        if not 1 <= self.attendees <= 50:
            raise RuleViolationError("attendees must be between 1 and 50", path="attendees")
        link = _clean(self.meeting_link, 400, "meeting_link")
        if link and not link.startswith(("https://", "http://")):
            raise RuleViolationError("meeting link must be an http(s) URL", path="meeting_link")
        return replace(
            self, business_name=business, contact_name=contact, phone=phone, email=email,
            company_size=size, industry=industry, topics=topics, needs=needs,
            notes=_clean(self.notes, 4000, "notes"), meeting_link=link,
            room=self.room if self.mode == "onsite" else None,
        )

    def digest(self) -> str:
        """Stable hash of the request (to detect a reused Idempotency-Key)."""
        data = _shallow(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class RoomView:
    """A bookable room as the API shows it."""

    id: int
    key: str
    name: str
    name_en: str | None
    use: str
    area: float
    capacity: int
    capacity_source: str
    wheelchair: bool
    wheelchair_source: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (``id`` is the plan's room id)."""
        data = _shallow(self)
        data["id"] = data.pop("key")
        data["area"] = round(self.area, 2)
        return data


PERSONAL_FIELDS = ("business_name", "contact_name", "phone", "email", "notes", "meeting_link")


@dataclass(frozen=True)
class BookingView:
    """A booking as staff see it."""

    id: int
    uid: str
    status: str
    mode: str
    start: dt.datetime
    end: dt.datetime
    room: str | None
    room_name: str | None
    coordinator_id: int
    coordinator_name: str
    business_name: str | None
    contact_name: str | None
    phone: str | None
    email: str | None
    company_size: str | None
    industry: str | None
    topics: tuple[str, ...]
    needs: tuple[str, ...]
    attendees: int
    notes: str | None
    meeting_link: str | None
    sequence: int
    created_by: str
    updated_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    anonymised: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping with times in Asia/Tokyo."""
        data = _shallow(self)
        data.pop("extra")
        for key in ("start", "end", "created_at", "updated_at"):
            data[key] = iso_tokyo(getattr(self, key))
        data["topics"], data["needs"] = list(self.topics), list(self.needs)
        data["coordinator"] = data.pop("coordinator_id")
        return data
