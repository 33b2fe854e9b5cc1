"""The store on both databases: statuses, audit log, purge, rules re-checked, the DB guarantee."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import insert, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from spacedesign.booking.models import AuditEntry, Booking
from spacedesign.booking.records import BookingInput
from spacedesign.booking.rooms import BookableRoom, bookable_rooms
from spacedesign.booking.slots import TOKYO
from spacedesign.booking.store import BookingStore
from spacedesign.errors import NotFoundError, RuleViolationError, SlotTakenError
from spacedesign.io import load_plan
from tests.booking.support import GOOD_PLAN, seed
from tests.conftest import CASES


@pytest.fixture
def store(db_url: str) -> Iterator[BookingStore]:
    seeded = seed(db_url, coordinators=2)
    store = BookingStore.open(db_url)
    store.seeded = seeded  # type: ignore[attr-defined]
    yield store
    store.close()


def _input(store: BookingStore, hour: int = 10, **changes: object) -> BookingInput:
    day = store.seeded.day  # type: ignore[attr-defined]
    start = dt.datetime.combine(day, dt.time(hour), TOKYO)
    data = BookingInput(mode="onsite", start=start, end=start + dt.timedelta(hours=1),
                        coordinator_id=1, room="consult1", business_name="中野商店",
                        contact_name="中野 太郎", phone="03-3380-0000", company_size="micro",
                        industry="E", topics=("sales", "finance"), needs=("childcare",))
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def test_lifecycle_and_audit(store: BookingStore) -> None:
    view, replayed = store.book(_input(store, status="held"), "alice")
    assert not replayed and view.status == "held"
    assert store.set_status(view.id, "confirmed", "bob").status == "confirmed"
    with pytest.raises(RuleViolationError):
        store.set_status(view.id, "held", "bob")
    moved = store.reschedule(view.id, view.start + dt.timedelta(hours=4),
                             view.end + dt.timedelta(hours=4), "bob", room="consult2")
    assert (moved.id, moved.uid, moved.room) == (view.id, view.uid, "consult2")
    after = BookingStore(store.engines, clock=lambda: moved.end + dt.timedelta(minutes=5))
    assert after.set_status(view.id, "completed", "bob").status == "completed"
    with pytest.raises(RuleViolationError):
        store.cancel(view.id, "bob")
    actions = [(e["actor"], e["action"]) for e in store.audit_log(view.id)]
    assert actions == [("alice", "created"), ("bob", "status"), ("bob", "rescheduled"),
                       ("bob", "status")]
    log_text = str(store.audit_log())
    assert "中野" not in log_text and "03-3380" not in log_text  # no personal data in the log
    # the old time is free again, the new one was released by "completed"
    store.book(_input(store), "alice")


def test_audit_log_is_append_only(store: BookingStore) -> None:
    store.book(_input(store), "alice")
    with store._write() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(update(AuditEntry).values(actor="mallory"))
        session.commit()
    with store._write() as session, pytest.raises(DBAPIError, match="append-only"):
        session.execute(text("DELETE FROM audit_log"))
        session.commit()
    if store.engines.dialect == "postgresql":  # SQLite has no TRUNCATE
        for statement in ("TRUNCATE audit_log", "TRUNCATE bookings, audit_log CASCADE"):
            with store._write() as session, pytest.raises(DBAPIError, match="append-only"):
                session.execute(text(statement))
                session.commit()
    assert len(store.audit_log()) == 1


def test_rules_are_rechecked_on_the_server(store: BookingStore) -> None:
    with pytest.raises(RuleViolationError, match="outside"):
        store.book(_input(store, hour=8), "alice")
    with pytest.raises(RuleViolationError, match="seats"):
        store.book(_input(store, attendees=40), "alice")
    with pytest.raises(RuleViolationError, match="phone"):
        store.book(_input(store, phone=None, email=None), "alice")
    with pytest.raises(RuleViolationError, match="industry"):
        store.book(_input(store, industry="Z"), "alice")
    with pytest.raises(NotFoundError):
        store.book(_input(store, room="kitchen"), "alice")
    with pytest.raises(NotFoundError):
        store.book(_input(store, coordinator_id=99), "alice")


def test_wheelchair_need_refuses_an_unusable_room(store: BookingStore) -> None:
    narrow = bookable_rooms(load_plan(CASES / "access" / "consult-narrow.yaml"))
    consult1 = next(r for r in narrow if r.id == "consult1")
    assert not consult1.wheelchair
    assert "ROUTE-TURN" in consult1.wheelchair_source or "turning circle" in consult1.wheelchair_source
    others = [r for r in bookable_rooms(load_plan(GOOD_PLAN)) if r.id != "consult1"]
    store.load_rooms([consult1, *others], "narrow")
    with pytest.raises(RuleViolationError, match="wheelchair"):
        store.book(_input(store, needs=("wheelchair",)), "alice")
    store.book(_input(store, needs=("wheelchair",), room="consult2"), "alice")


def test_reschedule_into_a_taken_time_is_refused(store: BookingStore) -> None:
    first, _ = store.book(_input(store, hour=10), "alice")
    second, _ = store.book(_input(store, hour=14, coordinator_id=2), "alice")
    with pytest.raises(SlotTakenError):
        store.reschedule(second.id, first.start, first.end, "bob")
    assert store.get(second.id).start == second.start  # unchanged


def test_purge_anonymises_only_finished_past_bookings(store: BookingStore) -> None:
    held, _ = store.book(_input(store, hour=10, status="held"), "alice",
                         idempotency_key="retry-1")
    upcoming, _ = store.book(_input(store, hour=14), "alice")
    before = store.statistics()
    far = store.seeded.day + dt.timedelta(days=30)  # type: ignore[attr-defined]
    # a future cutoff is refused with a clear error and touches nothing
    with pytest.raises(RuleViolationError, match="upcoming bookings are never purged"):
        store.purge(far, "admin")
    assert store.get(upcoming.id).business_name == "中野商店"
    # later: the first booking was held, the second took place; only the finished one goes
    later = BookingStore(store.engines, clock=lambda: dt.datetime.combine(
        far, dt.time(12), TOKYO))
    assert later.set_status(upcoming.id, "completed", "bob").status == "completed"
    with pytest.raises(RuleViolationError, match="retention"):
        later.purge(far, "admin", retention_days=7)
    assert later.purge(upcoming.start.date(), "admin") == 0  # ends after that day starts
    assert later.purge(far, "admin") == 1
    purged = later.get(upcoming.id)
    assert purged.anonymised and purged.business_name is None and purged.phone is None
    assert purged.topics == ("sales", "finance") and purged.industry == "E"
    assert not later.get(held.id).anonymised  # still held: not finished, never purged
    assert later.statistics()["topics"] == before["topics"]
    # the idempotency data of the cancelled-and-purged booking is cleared too
    later.set_status(held.id, "cancelled", "bob")
    assert later.purge(far, "admin") == 1
    with store._read() as session:
        row = session.get(Booking, held.id)
        assert row is not None and row.idempotency_key is None and row.request_hash is None


def test_cancel_twice_is_a_no_op_and_completion_waits_for_the_start(store: BookingStore,
                                                                    ) -> None:
    view, _ = store.book(_input(store), "alice")
    first = store.cancel(view.id, "bob")
    again = store.cancel(view.id, "carol")
    assert again == first and again.status == "cancelled"
    assert [e["action"] for e in store.audit_log(view.id)] == ["created", "status"]
    other, _ = store.book(_input(store, hour=14), "alice")
    for status in ("completed", "no_show"):
        with pytest.raises(RuleViolationError, match="before it starts"):
            store.set_status(other.id, status, "bob")
    assert store.get(other.id).status == "confirmed"


def test_the_database_itself_refuses_overlaps(store: BookingStore) -> None:
    """Write rows directly, bypassing every check in the store: the schema still says no."""
    view, _ = store.book(_input(store), "alice")
    now = dt.datetime.now(dt.UTC)
    room_id = {key: ident for ident, key in store.room_keys().items()}["consult1"]
    row = {"uid": str(uuid.uuid4()), "mode": "onsite", "room_id": room_id, "coordinator_id": 2,
           "start_at": view.start + dt.timedelta(minutes=30),
           "end_at": view.end + dt.timedelta(minutes=30),
           "block_start": view.start + dt.timedelta(minutes=30),
           "block_end": view.end + dt.timedelta(minutes=30), "status": "confirmed",
           "topics": [], "needs": [], "attendees": 1, "sequence": 0, "created_by": "x",
           "updated_by": "x", "created_at": now, "updated_at": now}
    if store.uses_claims:
        from spacedesign.booking.models import SlotClaim
        from spacedesign.booking.store import _claims

        with store._write() as session, pytest.raises(IntegrityError):
            booking = Booking(**row)
            session.add(booking)
            session.flush()
            session.execute(insert(SlotClaim), _claims(booking))
    else:
        with store._write() as session, pytest.raises(IntegrityError, match="overlap"):
            session.execute(insert(Booking), [row])
            session.commit()
        with store._write() as session:  # a cancelled row may overlap
            session.execute(insert(Booking), [{**row, "status": "cancelled"}])
            session.commit()


def test_room_records() -> None:
    rooms = {r.id: r for r in bookable_rooms(load_plan(GOOD_PLAN))}
    assert set(rooms) == {"consult1", "consult2", "meeting"}
    assert all(isinstance(r, BookableRoom) and r.wheelchair for r in rooms.values())
    assert rooms["meeting"].capacity > rooms["consult1"].capacity >= 2


def test_geometric_wheelchair_fallback() -> None:
    """Used when spacedesign.rules is not installed: doors >= 0.8 m and a 1.5 m circle."""
    from spacedesign.booking.rooms import _geometric_check

    good = load_plan(GOOD_PLAN).levels[0]
    narrow = load_plan(CASES / "access" / "consult-narrow.yaml").levels[0]
    assert _geometric_check(good, good.room("consult1"))[0]
    usable, reason = _geometric_check(narrow, narrow.room("consult1"))
    assert not usable and "turning circle" in reason


def test_loading_a_new_scenario_deactivates_missing_rooms(store: BookingStore) -> None:
    view, _ = store.book(_input(store, room="meeting"), "alice")
    smaller = [r for r in bookable_rooms(load_plan(GOOD_PLAN)) if r.id != "meeting"]
    assert store.load_rooms(smaller, "smaller") == 2
    assert [r.key for r in store.rooms()] == ["consult1", "consult2"]
    with pytest.raises(NotFoundError, match="meeting"):
        store.book(_input(store, hour=14, room="meeting"), "alice")
    assert store.get(view.id).room == "meeting"  # history kept
    meeting_id = {k: i for i, k in store.room_keys().items()}["meeting"]
    day = store.seeded.day  # type: ignore[attr-defined]
    assert all(s.room_id != meeting_id for s in store.slots(day))  # no slots offered there
    store.load_rooms(bookable_rooms(load_plan(GOOD_PLAN)), "good")  # back again
    assert [r.key for r in store.rooms()] == ["consult1", "consult2", "meeting"]
