"""Rooms, coordinators, rules, closures, staff accounts and tokens (mixin of the store)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from spacedesign.booking import auth
from spacedesign.booking.models import ApiToken, Closure, Coordinator, Room, Rule, Setting, User
from spacedesign.booking.records import RoomView
from spacedesign.booking.rooms import BookableRoom
from spacedesign.booking.slots import (
    MODES,
    ClosureCalendar,
    ClosureSpec,
    RuleSpec,
    _parse_time,
    parse_breaks,
    parse_weekdays,
)
from spacedesign.booking.snapshot import bump_version
from spacedesign.errors import BookingError, NotFoundError, RuleViolationError

__all__ = ["DirectoryMixin", "rule_spec"]


def rule_spec(rule: Rule) -> RuleSpec:
    """Return the pure rule record of a database row."""
    return RuleSpec(
        id=rule.id, coordinator_id=rule.coordinator_id, room_id=rule.room_id,
        modes=tuple(m for m in rule.modes.split(",") if m),
        weekdays=parse_weekdays(rule.weekdays), start=_parse_time(rule.start_time),
        end=_parse_time(rule.end_time), breaks=parse_breaks(rule.breaks),
        slot_minutes=rule.slot_minutes, buffer_minutes=rule.buffer_minutes,
        travel_minutes=rule.travel_minutes, min_notice_minutes=rule.min_notice_minutes,
        horizon_days=rule.horizon_days, valid_from=rule.valid_from, valid_until=rule.valid_until,
        closed_on_holidays=rule.closed_on_holidays,
    )


def active_rules() -> Any:
    """Rules whose room (if any) is still active: a deactivated room offers no slots."""
    return (select(Rule).outerjoin(Room, Rule.room_id == Room.id)
            .where(or_(Rule.room_id.is_(None), Room.active)))


def room_view(room: Room) -> RoomView:
    """Return the API record of a room row."""
    return RoomView(room.id, room.key, room.name, room.name_en, room.use, room.area,
                    room.capacity, room.capacity_source, room.wheelchair, room.wheelchair_source)


class DirectoryMixin:
    """Administration of everything around bookings; needs ``_write``/``_read`` sessions."""

    _write: Callable[[], AbstractContextManager[Session]]
    _read: Callable[[], AbstractContextManager[Session]]

    # rooms -------------------------------------------------------------------------------
    def load_rooms(self, rooms: Iterable[BookableRoom], scenario: str | None = None) -> int:
        """Insert or update rooms (matched by plan room id); returns how many were loaded.

        Rooms of an earlier scenario that are not in ``rooms`` are deactivated: they can no
        longer be booked, but their bookings and history stay.
        """
        count = 0
        rooms = list(rooms)
        keep = {item.id for item in rooms}
        with self._write() as session:
            for gone in session.scalars(select(Room).where(Room.active)):
                if gone.key not in keep:  # no longer in the plan: hidden, history kept
                    gone.active = False
            for item in rooms:
                row = session.scalar(select(Room).where(Room.key == item.id)) or Room(key=item.id)
                row.name, row.name_en, row.use = item.name, item.name_en, item.use
                row.area, row.capacity, row.capacity_source = (item.area, item.capacity,
                                                               item.capacity_source)
                row.wheelchair, row.wheelchair_source = item.wheelchair, item.wheelchair_source
                row.scenario, row.active = scenario, True
                session.add(row)
                count += 1
            bump_version(session)
            session.commit()
        return count

    def rooms(self) -> list[RoomView]:
        """Active rooms sorted by plan id."""
        with self._read() as session:
            rows = session.scalars(select(Room).where(Room.active).order_by(Room.key))
            return [room_view(r) for r in rows]

    def room_id(self, session: Session, key: str) -> Room:
        """Return the room row with plan id ``key``."""
        room = None if "\x00" in key else session.scalar(
            select(Room).where(Room.key == key, Room.active))
        if room is None:
            raise NotFoundError(f"no bookable room {key!r}", element=key)
        return room

    # coordinators ------------------------------------------------------------------------
    def add_coordinator(self, name: str, name_en: str | None = None) -> int:
        """Create a coordinator; returns the id."""
        if not name.strip():
            raise RuleViolationError("a coordinator needs a name", path="name")
        with self._write() as session:
            row = Coordinator(name=name.strip(), name_en=name_en, active=True)
            session.add(row)
            try:
                bump_version(session)
                session.commit()
            except IntegrityError:
                raise BookingError(f"coordinator {name!r} exists already", value=name) from None
            return row.id

    def coordinators(self) -> list[dict[str, Any]]:
        """Active coordinators as ``{"id", "name", "name_en"}``."""
        with self._read() as session:
            rows = session.scalars(select(Coordinator).where(Coordinator.active)
                                   .order_by(Coordinator.id))
            return [{"id": c.id, "name": c.name, "name_en": c.name_en} for c in rows]

    # rules and closures ------------------------------------------------------------------
    def add_rule(self, *, coordinator_id: int, room: str | None, weekdays: str, start: str,
                 end: str, breaks: str = "", modes: Sequence[str] = ("onsite",),
                 slot_minutes: int = 60, buffer_minutes: int = 0, travel_minutes: int = 30,
                 min_notice_minutes: int = 60, horizon_days: int = 90,
                 valid_from: dt.date | None = None, valid_until: dt.date | None = None,
                 closed_on_holidays: bool = True) -> int:
        """Add a weekly window (validated through :class:`RuleSpec`); returns the id."""
        with self._write() as session:
            if session.get(Coordinator, coordinator_id) is None:
                raise NotFoundError(f"no coordinator {coordinator_id}", value=coordinator_id)
            room_row = self.room_id(session, room) if room else None
            row = Rule(coordinator_id=coordinator_id, room_id=room_row.id if room_row else None,
                       modes=",".join(m for m in MODES if m in modes), weekdays=weekdays,
                       start_time=start, end_time=end, breaks=breaks, slot_minutes=slot_minutes,
                       buffer_minutes=buffer_minutes, travel_minutes=travel_minutes,
                       min_notice_minutes=min_notice_minutes, horizon_days=horizon_days,
                       valid_from=valid_from, valid_until=valid_until,
                       closed_on_holidays=closed_on_holidays)
            rule_spec(row)  # raises RuleViolationError on a bad rule
            session.add(row)
            bump_version(session)
            session.commit()
            return row.id

    def rules(self) -> list[RuleSpec]:
        """Every rule."""
        with self._read() as session:
            return [rule_spec(r) for r in session.scalars(select(Rule).order_by(Rule.id))]

    def remove_rule(self, rule_id: int) -> None:
        """Delete a rule (bookings made under it stay)."""
        with self._write() as session:
            row = session.get(Rule, rule_id)
            if row is None:
                raise NotFoundError(f"no rule {rule_id}", value=rule_id)
            session.delete(row)
            bump_version(session)
            session.commit()

    def add_closure(self, start: dt.date, end: dt.date, reason: str = "", *,
                    yearly: bool = False, room: str | None = None,
                    coordinator_id: int | None = None) -> int:
        """Add a closure (``yearly`` repeats the month-day range every year)."""
        if not yearly and end < start:
            raise RuleViolationError("a closure must end on or after its start", value=str(end))
        with self._write() as session:
            room_row = self.room_id(session, room) if room else None
            row = Closure(start_date=start, end_date=end, yearly=yearly, reason=reason,
                          room_id=room_row.id if room_row else None,
                          coordinator_id=coordinator_id)
            session.add(row)
            bump_version(session)
            session.commit()
            return row.id

    def closures(self) -> list[ClosureSpec]:
        """Every admin closure."""
        with self._read() as session:
            return [ClosureSpec(c.id, c.start_date, c.end_date, c.reason, c.yearly, c.room_id,
                                c.coordinator_id)
                    for c in session.scalars(select(Closure).order_by(Closure.id))]

    def remove_closure(self, closure_id: int) -> None:
        """Delete a closure."""
        with self._write() as session:
            row = session.get(Closure, closure_id)
            if row is None:
                raise NotFoundError(f"no closure {closure_id}", value=closure_id)
            session.delete(row)
            bump_version(session)
            session.commit()

    def why_no_slots(self, day: dt.date, now: dt.datetime, *, mode: str | None = None,
                     room: str | None = None, any_slots: bool = False) -> str:
        """Why ``day`` offers no (free) slot: holiday, closure, weekday, horizon, full..."""
        from spacedesign.booking.validation import why_no_slots

        with self._read() as session:
            room_id = self.room_id(session, room).id if room else None
            rules = [rule_spec(r) for r in session.scalars(active_rules())]
            return why_no_slots(rules, self.calendar(session), day, now, mode=mode,
                                room_id=room_id, any_slots=any_slots)

    def calendar(self, session: Session) -> ClosureCalendar:
        """Holidays + closures as seen inside ``session``."""
        rows = session.scalars(select(Closure))
        return ClosureCalendar(tuple(
            ClosureSpec(c.id, c.start_date, c.end_date, c.reason, c.yearly, c.room_id,
                        c.coordinator_id) for c in rows))

    # staff accounts and tokens -----------------------------------------------------------
    def add_user(self, username: str, password: str, *, role: str = "staff",
                 display_name: str | None = None) -> int:
        """Create a staff account (argon2id-hashed password)."""
        if role not in ("staff", "admin"):
            raise RuleViolationError("role must be staff or admin", value=role)
        if len(password) < 8:
            raise RuleViolationError("a password needs at least 8 characters", path="password")
        with self._write() as session:
            row = User(username=username, display_name=display_name, role=role, active=True,
                       password_hash=auth.hash_password(password), created_at=_now())
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                raise BookingError(f"user {username!r} exists already", value=username) from None
            return row.id

    def users(self) -> list[dict[str, Any]]:
        """Staff accounts without their hashes."""
        with self._read() as session:
            return [{"id": u.id, "username": u.username, "role": u.role, "active": u.active}
                    for u in session.scalars(select(User).order_by(User.id))]

    def login(self, username: str, password: str) -> int | None:
        """Return the user id when the password matches an active account, else None."""
        if "\x00" in username or len(username) > 64:
            return None
        with self._read() as session:
            user = session.scalar(select(User).where(User.username == username, User.active))
            stored = user.password_hash if user else "$argon2id$v=19$m=65536,t=3,p=4$x$x"
            ok = auth.verify_password(stored, password)
            return user.id if (user and ok) else None

    def user_name(self, user_id: int) -> str | None:
        """Username of an active account."""
        with self._read() as session:
            user = session.get(User, user_id)
            return user.username if user and user.active else None

    def create_token(self, username: str, label: str = "") -> str:
        """Create an API token for ``username``; the clear token is returned once."""
        token = auth.new_api_token()
        with self._write() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                raise NotFoundError(f"no user {username!r}", value=username)
            session.add(ApiToken(user_id=user.id, token_hash=auth.token_digest(token),
                                 label=label, created_at=_now()))
            session.commit()
        return token

    def tokens(self) -> list[dict[str, Any]]:
        """Tokens (never their values)."""
        with self._read() as session:
            rows = session.execute(select(ApiToken, User.username).join(User))
            return [{"id": t.id, "user": name, "label": t.label,
                     "created_at": t.created_at.isoformat(), "revoked": t.revoked_at is not None}
                    for t, name in rows]

    def revoke_token(self, token_id: int) -> None:
        """Revoke a token."""
        with self._write() as session:
            row = session.get(ApiToken, token_id)
            if row is None:
                raise NotFoundError(f"no token {token_id}", value=token_id)
            row.revoked_at = _now()
            session.commit()

    def token_user(self, token: str) -> str | None:
        """Return the username a valid bearer token belongs to, else None."""
        with self._read() as session:
            row = session.execute(
                select(User.username).join(ApiToken)
                .where(ApiToken.token_hash == auth.token_digest(token),
                       ApiToken.revoked_at.is_(None), User.active)
            ).first()
            return row[0] if row else None

    def secret_key(self) -> str:
        """Return the server's signing secret (created on first use)."""
        with self._read() as session:
            row = session.get(Setting, "secret_key")
            if row is not None:
                return row.value
        with self._write() as session:
            row = session.get(Setting, "secret_key")
            if row is None:
                row = Setting(key="secret_key", value=secrets.token_urlsafe(32))
                session.add(row)
                session.commit()
            return row.value


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
