"""The booking store: every change is one database transaction that re-checks every rule.

No overlap is guaranteed by the database, not by this code: on SQLite each booking claims its
room and coordinator cells in ``slot_claims`` (primary key ``(resource, cell)``) inside the same
``BEGIN IMMEDIATE`` transaction as the booking row; on PostgreSQL the exclusion constraints of
migration 0001 refuse overlapping held/confirmed bookings. A refused insert becomes
:class:`~spacedesign.errors.SlotTakenError` (HTTP 409); a broken rule
:class:`~spacedesign.errors.RuleViolationError` (HTTP 422).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from spacedesign.booking import vocab
from spacedesign.booking.db import Engines, make_engines, upgrade
from spacedesign.booking.directory import DirectoryMixin, active_rules, rule_spec
from spacedesign.booking.models import AuditEntry, Booking, Coordinator, Room, SlotClaim
from spacedesign.booking.privacy import PrivacyMixin
from spacedesign.booking.records import BookingInput, BookingView, iso_tokyo
from spacedesign.booking.slots import (
    UTC,
    BusyTimes,
    Slot,
    blocked_interval,
    claim_cells,
    day_bounds_utc,
    day_slots,
)
from spacedesign.booking.snapshot import (
    CoordinatorInfo,
    Directory,
    RoomInfo,
    current_version,
    load_directory,
)
from spacedesign.booking.validation import validate_request
from spacedesign.errors import NotFoundError, RuleViolationError, SlotTakenError

__all__ = ["BookingStore", "IdempotencyMismatchError"]


class IdempotencyMismatchError(RuleViolationError):
    """An Idempotency-Key was reused with a different request body."""


def _claims(booking: Booking) -> list[dict[str, Any]]:
    resources = [f"coord:{booking.coordinator_id}"]
    if booking.room_id is not None:
        resources.append(f"room:{booking.room_id}")
    cells = claim_cells(booking.block_start, booking.block_end)
    return [{"resource": r, "cell": c, "booking_id": booking.id} for r in resources for c in cells]


def _lock_resources(session: Session, resources: list[tuple[int, int]]) -> None:
    """On PostgreSQL, take transaction advisory locks in one global order.

    The exclusion constraints alone already refuse every overlap, but two transactions that
    insert into both constraint indexes in different orders can deadlock; locking the
    (kind, id) pairs in sorted order first makes them queue instead. kind 1 = room,
    2 = coordinator.
    """
    for kind, ident in sorted(set(resources)):
        session.execute(text("SELECT pg_advisory_xact_lock(:kind, :ident)"),
                        {"kind": kind, "ident": ident})


def _is_overlap(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate == "23P01" or "slot_claims" in text


class BookingStore(PrivacyMixin, DirectoryMixin):
    """Bookings, slots and their administration on one database.

    Parameters
    ----------
    engines : Engines
        From :func:`spacedesign.booking.db.make_engines`.
    clock : callable, optional
        Returns the current aware time (tests pass a fixed clock).
    """

    def __init__(self, engines: Engines, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.engines = engines
        self.clock = clock or (lambda: dt.datetime.now(UTC))
        self._writer = sessionmaker(engines.writer, expire_on_commit=False)
        self._reader = sessionmaker(engines.reader, expire_on_commit=False)
        self.uses_claims = engines.dialect == "sqlite"
        self._snapshot: Directory | None = None
        # SQLite: queue this process's writers on a lock instead of in SQLite's busy handler,
        # which sleeps in steps of up to 100 ms and makes the latency tail long.
        self._write_lock = threading.Lock() if self.uses_claims else contextlib.nullcontext()

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = False) -> BookingStore:
        """Open the store at ``url`` (default location when None); ``create`` migrates it."""
        engines = make_engines(url, create_folder=create)
        if create:
            upgrade(engines)
        return cls(engines)

    def close(self) -> None:
        """Release the database connections."""
        self.engines.dispose()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._write_lock, self._writer() as session:
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    # views -------------------------------------------------------------------------------
    def _view(self, session: Session, booking: Booking, room: Room | RoomInfo | None = None,
              coordinator: Coordinator | CoordinatorInfo | None = None) -> BookingView:
        if room is None and booking.room_id:
            room = session.get(Room, booking.room_id)
        if coordinator is None:
            coordinator = session.get(Coordinator, booking.coordinator_id)
        return BookingView(
            id=booking.id, uid=booking.uid, status=booking.status, mode=booking.mode,
            start=booking.start_at, end=booking.end_at, room=room.key if room else None,
            room_name=room.name if room else None, coordinator_id=booking.coordinator_id,
            coordinator_name=coordinator.name if coordinator else "",
            business_name=booking.business_name, contact_name=booking.contact_name,
            phone=booking.phone, email=booking.email, company_size=booking.company_size,
            industry=booking.industry, topics=tuple(booking.topics or ()),
            needs=tuple(booking.needs or ()), attendees=booking.attendees, notes=booking.notes,
            meeting_link=booking.meeting_link, sequence=booking.sequence,
            created_by=booking.created_by, updated_by=booking.updated_by,
            created_at=booking.created_at, updated_at=booking.updated_at,
            anonymised=booking.anonymised_at is not None,
        )

    def _audit(self, session: Session, actor: str, booking: Booking, action: str,
               **details: Any) -> None:
        session.execute(insert(AuditEntry), [{"at": self.clock(), "actor": actor,
                                               "booking_id": booking.id, "action": action,
                                               "details": details}])

    def _directory(self, session: Session) -> Directory:
        version = current_version(session)
        directory = self._snapshot
        if directory is None or directory.version != version:
            directory = self._snapshot = load_directory(session, version)
        return directory

    def _check(self, session: Session, data: BookingInput, now: dt.datetime,
               ) -> tuple[RoomInfo | None, CoordinatorInfo, Any]:
        """Re-check every rule for ``data``; returns the room, the coordinator and the rule."""
        directory = self._directory(session)
        room = None
        if data.mode == "onsite" and data.room:
            room = directory.rooms.get(data.room)
            if room is None:
                raise NotFoundError(f"no bookable room {data.room!r}", element=data.room)
        coordinator = directory.coordinators.get(data.coordinator_id)
        if coordinator is None:
            raise NotFoundError(f"no coordinator {data.coordinator_id}",
                                value=data.coordinator_id)
        if room is not None:
            if "wheelchair" in data.needs and not room.wheelchair:
                raise RuleViolationError(f"room {room.key} is not usable by wheelchair users",
                                         path="room")
            if data.attendees > room.capacity:
                raise RuleViolationError(f"room {room.key} seats {room.capacity}",
                                         path="attendees")
        rule = validate_request(
            directory.rules.get(data.coordinator_id, ()), directory.calendar, mode=data.mode,
            room_id=room.id if room else None, coordinator_id=data.coordinator_id,
            start=data.start, end=data.end, now=now)
        return room, coordinator, rule

    # booking -----------------------------------------------------------------------------
    def book(self, data: BookingInput, actor: str, *, idempotency_key: str | None = None,
             ) -> tuple[BookingView, bool]:
        """Create a booking; returns it and whether it is a replay of an idempotent request.

        Raises
        ------
        SlotTakenError
            The room or the coordinator is already held or confirmed for an overlapping time.
        RuleViolationError
            A rule, the closure calendar or a field check forbids it.
        """
        data = data.normalised()
        digest = data.digest()
        scoped_key = f"{actor}:{idempotency_key}" if idempotency_key else None
        now = self.clock()
        try:
            with self._write() as session:
                if scoped_key:
                    replay = self._replay(session, scoped_key, digest)
                    if replay is not None:
                        return replay, True
                room, coordinator, rule = self._check(session, data, now)
                if not self.uses_claims:
                    _lock_resources(session, [(2, data.coordinator_id)]
                                    + ([(1, room.id)] if room else []))
                block_start, block_end = blocked_interval(data.start, data.end, data.mode, rule)
                booking = Booking(
                    uid=str(uuid.uuid4()), mode=data.mode, room_id=room.id if room else None,
                    coordinator_id=data.coordinator_id, start_at=data.start, end_at=data.end,
                    block_start=block_start, block_end=block_end, status=data.status,
                    business_name=data.business_name, contact_name=data.contact_name,
                    phone=data.phone, email=data.email, company_size=data.company_size,
                    industry=data.industry, topics=list(data.topics), needs=list(data.needs),
                    attendees=data.attendees, notes=data.notes, meeting_link=data.meeting_link,
                    sequence=0, idempotency_key=scoped_key, request_hash=digest,
                    created_by=actor, updated_by=actor, created_at=now, updated_at=now)
                session.add(booking)
                session.flush()
                if self.uses_claims:
                    session.execute(insert(SlotClaim), _claims(booking))
                self._audit(session, actor, booking, "created", status=booking.status,
                            mode=booking.mode, start=data.start.isoformat(),
                            end=data.end.isoformat(), room=data.room,
                            coordinator=data.coordinator_id)
                view = self._view(session, booking, room, coordinator)
                session.commit()
                return view, False
        except IntegrityError as exc:
            if _is_overlap(exc):
                raise SlotTakenError("the time is already taken", value=data.start.isoformat(),
                                     ) from None
            if scoped_key:  # a concurrent retry with the same key won the race
                with self._read() as session:
                    replay = self._replay(session, scoped_key, digest)
                    if replay is not None:
                        return replay, True
            raise

    def _replay(self, session: Session, key: str, digest: str) -> BookingView | None:
        booking = session.scalar(select(Booking).where(Booking.idempotency_key == key))
        if booking is None:
            return None
        if booking.request_hash != digest:
            raise IdempotencyMismatchError(
                "this Idempotency-Key was already used for a different request", path="key")
        return self._view(session, booking)

    def _load(self, session: Session, booking_id: int) -> Booking:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFoundError(f"no booking {booking_id}", value=booking_id)
        return booking

    def set_status(self, booking_id: int, status: str, actor: str) -> BookingView:
        """Move a booking along held → confirmed → completed / no_show, or cancel it."""
        with self._write() as session:
            booking = self._load(session, booking_id)
            if status == "cancelled" and booking.status == "cancelled":
                return self._view(session, booking)  # cancelling twice changes nothing
            if status not in vocab.TRANSITIONS.get(booking.status, ()):
                raise RuleViolationError(
                    f"a {booking.status} booking cannot become {status}", value=status)
            if status in ("completed", "no_show") and self.clock() < booking.start_at:
                raise RuleViolationError(
                    f"a booking cannot be marked {status} before it starts "
                    f"({iso_tokyo(booking.start_at)})", path="status", value=status)
            old = booking.status
            booking.status, booking.updated_by = status, actor
            booking.updated_at = self.clock()
            booking.sequence += 1
            if status not in vocab.ACTIVE_STATUSES and self.uses_claims:
                session.execute(delete(SlotClaim).where(SlotClaim.booking_id == booking.id))
            self._audit(session, actor, booking, "status", old=old, new=status)
            view = self._view(session, booking)
            session.commit()
            return view

    def cancel(self, booking_id: int, actor: str) -> BookingView:
        """Cancel a held or confirmed booking (its time becomes free at once).

        Cancelling an already cancelled booking is a no-op that returns the same booking.
        """
        return self.set_status(booking_id, "cancelled", actor)

    def reschedule(self, booking_id: int, start: dt.datetime, end: dt.datetime, actor: str, *,
                   room: str | None = None, coordinator_id: int | None = None) -> BookingView:
        """Move a booking to a new time (and room / coordinator); the id and uid stay."""
        try:
            with self._write() as session:
                booking = self._load(session, booking_id)
                if booking.status not in vocab.ACTIVE_STATUSES:
                    raise RuleViolationError(f"a {booking.status} booking cannot be moved",
                                             value=booking.status)
                old_room = session.get(Room, booking.room_id) if booking.room_id else None
                data = BookingInput(
                    mode=booking.mode, start=start, end=end,
                    coordinator_id=coordinator_id or booking.coordinator_id,
                    room=room or (old_room.key if old_room else None),
                    needs=tuple(booking.needs or ()), attendees=booking.attendees)
                room_row, coordinator, rule = self._check(session, data, self.clock())
                if not self.uses_claims:
                    _lock_resources(session, [(2, data.coordinator_id)]
                                    + ([(1, room_row.id)] if room_row else []))
                before = (booking.start_at.isoformat(), booking.end_at.isoformat())
                booking.start_at, booking.end_at = start, end
                booking.block_start, booking.block_end = blocked_interval(start, end,
                                                                          booking.mode, rule)
                booking.room_id = room_row.id if room_row else None
                booking.coordinator_id = data.coordinator_id
                booking.sequence += 1
                booking.updated_by, booking.updated_at = actor, self.clock()
                if self.uses_claims:
                    session.execute(delete(SlotClaim).where(SlotClaim.booking_id == booking.id))
                session.flush()
                if self.uses_claims:
                    session.execute(insert(SlotClaim), _claims(booking))
                self._audit(session, actor, booking, "rescheduled", old=list(before),
                            new=[start.isoformat(), end.isoformat()], room=data.room,
                            coordinator=data.coordinator_id)
                view = self._view(session, booking, room_row, coordinator)
                session.commit()
                return view
        except IntegrityError as exc:
            if _is_overlap(exc):
                raise SlotTakenError("the new time is already taken",
                                     value=start.isoformat()) from None
            raise

    # reading -----------------------------------------------------------------------------
    def get(self, booking_id: int) -> BookingView:
        """One booking."""
        with self._read() as session:
            return self._view(session, self._load(session, booking_id))

    def bookings(self, day: dt.date | None = None, *, coordinator_id: int | None = None,
                 include_cancelled: bool = True) -> list[BookingView]:
        """Bookings (on a Tokyo day, of a coordinator), sorted by start."""
        query = select(Booking).order_by(Booking.start_at, Booking.id)
        if day is not None:
            first, last = day_bounds_utc(day)
            query = query.where(Booking.start_at >= first, Booking.start_at < last)
        if coordinator_id is not None:
            query = query.where(Booking.coordinator_id == coordinator_id)
        if not include_cancelled:
            query = query.where(Booking.status != "cancelled")
        with self._read() as session:
            rooms = {r.id: r for r in session.scalars(select(Room))}
            people = {c.id: c for c in session.scalars(select(Coordinator))}
            return [self._view(session, b, rooms.get(b.room_id or 0), people.get(b.coordinator_id))
                    for b in session.scalars(query)]

    def audit_log(self, booking_id: int | None = None) -> list[dict[str, Any]]:
        """Audit entries (of one booking), oldest first."""
        query = select(AuditEntry).order_by(AuditEntry.id)
        if booking_id is not None:
            query = query.where(AuditEntry.booking_id == booking_id)
        with self._read() as session:
            return [{"id": e.id, "at": e.at.isoformat(), "actor": e.actor,
                     "booking": e.booking_id, "action": e.action, "details": e.details}
                    for e in session.scalars(query)]

    def slots(self, day: dt.date, *, mode: str | None = None, room: str | None = None,
              now: dt.datetime | None = None) -> list[Slot]:
        """Slots of a Tokyo day with their availability."""
        first, last = day_bounds_utc(day)
        with self._read() as session:
            room_id = self.room_id(session, room).id if room else None
            rules = [rule_spec(r) for r in session.scalars(active_rules())]
            taken = session.execute(
                select(Booking.room_id, Booking.coordinator_id, Booking.block_start,
                       Booking.block_end)
                .where(Booking.status.in_(vocab.ACTIVE_STATUSES),
                       Booking.block_end > first - dt.timedelta(days=1),
                       Booking.block_start < last + dt.timedelta(days=1)))
            busy: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
            for room_key, coord, start, end in taken:
                busy.setdefault(f"coord:{coord}", []).append((start, end))
                if room_key is not None:
                    busy.setdefault(f"room:{room_key}", []).append((start, end))
            calendar = self.calendar(session)
        return day_slots(rules, calendar, day, now or self.clock(), BusyTimes(busy),
                         mode=mode, room_id=room_id)

    def room_keys(self) -> dict[int, str]:
        """Room row id → plan room id."""
        with self._read() as session:
            return {row[0]: row[1] for row in session.execute(select(Room.id, Room.key))}
