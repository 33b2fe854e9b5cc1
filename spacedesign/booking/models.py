"""SQLAlchemy 2 models of the booking store.

The schema itself is created by the Alembic migrations in ``spacedesign/booking/migrations``
(never by ``create_all``), because the no-overlap guarantee differs per database:

* PostgreSQL: two exclusion constraints (btree_gist) on ``bookings``, one on
  ``(room_id, tstzrange(block_start, block_end))`` and one on the coordinator, both limited to
  held and confirmed bookings;
* SQLite: ``slot_claims`` with primary key ``(resource, cell)``; a booking claims one row per
  5-minute cell of its blocked interval for its room and its coordinator, in the same
  transaction as the booking row.

``audit_log`` is append-only: triggers refuse UPDATE and DELETE on both databases, and TRUNCATE
on PostgreSQL (migration 0002).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Base",
    "Booking",
    "Closure",
    "Coordinator",
    "Room",
    "Rule",
    "Setting",
    "SlotClaim",
    "UTCDateTime",
    "User",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive UTC on SQLite, timestamptz on PG."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Convert to UTC (naive on SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the booking store; times must be aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints stably."""

    metadata = MetaData(naming_convention=NAMING)


class Room(Base):
    """A bookable room taken from a scenario (consultation or meeting use)."""

    __tablename__ = "rooms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    use: Mapped[str] = mapped_column(String(32))
    area: Mapped[float] = mapped_column()
    capacity: Mapped[int] = mapped_column(Integer)
    capacity_source: Mapped[str] = mapped_column(String(32))
    wheelchair: Mapped[bool] = mapped_column(Boolean)
    wheelchair_source: Mapped[str] = mapped_column(String(200))
    scenario: Mapped[str | None] = mapped_column(String(400))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Coordinator(Base):
    """A person who holds consultations and has their own availability."""

    __tablename__ = "coordinators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Rule(Base):
    """A weekly availability window; see :class:`spacedesign.booking.slots.RuleSpec`."""

    __tablename__ = "rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    modes: Mapped[str] = mapped_column(String(64))
    weekdays: Mapped[str] = mapped_column(String(64))
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    breaks: Mapped[str] = mapped_column(String(200), default="")
    slot_minutes: Mapped[int] = mapped_column(Integer)
    buffer_minutes: Mapped[int] = mapped_column(Integer)
    travel_minutes: Mapped[int] = mapped_column(Integer)
    min_notice_minutes: Mapped[int] = mapped_column(Integer)
    horizon_days: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    closed_on_holidays: Mapped[bool] = mapped_column(Boolean, default=True)


class Closure(Base):
    """An admin closure: fixed dates or a yearly month-day range (年末年始 12/29–1/3)."""

    __tablename__ = "closures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    yearly: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(200), default="")
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))


class Booking(Base):
    """A consultation booking; ``uid`` stays the same through re-scheduling."""

    __tablename__ = "bookings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    mode: Mapped[str] = mapped_column(String(16))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id"))
    start_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    block_start: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    block_end: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    business_name: Mapped[str | None] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    company_size: Mapped[str | None] = mapped_column(String(16))
    industry: Mapped[str | None] = mapped_column(String(1))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    attendees: Mapped[int] = mapped_column(Integer, default=1)
    notes: Mapped[str | None] = mapped_column(Text)
    meeting_link: Mapped[str | None] = mapped_column(String(400))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    request_hash: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    updated_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class SlotClaim(Base):
    """One 5-minute cell of a resource (``room:ID`` / ``coord:ID``) held by a booking (SQLite)."""

    __tablename__ = "slot_claims"
    resource: Mapped[str] = mapped_column(String(32), primary_key=True)
    cell: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)


class AuditEntry(Base):
    """Append-only record of a change; carries field names and states, never personal data."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    booking_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class User(Base):
    """A staff account; the password is stored as an argon2id hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="staff")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ApiToken(Base):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Setting(Base):
    """Key-value settings (the server's signing secret lives here)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
