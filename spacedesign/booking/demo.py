"""The trial schedule of the desk, seeded by ``spacedesign booking init --demo SCENARIO``."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from spacedesign.booking.rooms import bookable_rooms
from spacedesign.booking.store import BookingStore

__all__ = ["DEMO_COORDINATOR", "DemoResult", "seed_demo"]

DEMO_COORDINATOR = "経営相談コーディネーター"
DEMO_USER = "staff"


@dataclass
class DemoResult:
    """What the seeding created."""

    rooms: int = 0
    coordinator: int = 0
    rules: list[int] = field(default_factory=list)
    closure: int | None = None
    user: str | None = None
    password: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        return {"rooms": self.rooms, "coordinator": self.coordinator, "rules": self.rules,
                "closure": self.closure, "user": self.user, "password": self.password}


def seed_demo(store: BookingStore, plan: Any, scenario: str) -> DemoResult:
    """Load the plan's rooms and the trial schedule (idempotent: existing parts are kept).

    One coordinator, Wednesday and Saturday 9:00–17:00, 60-minute slots, lunch 12:00–13:00, in
    every consultation room; 12/29–1/3 closed every year (Japanese holidays are always closed);
    a staff account ``staff`` with a random password (printed once) when there is none.
    """
    result = DemoResult()
    rooms = bookable_rooms(plan)
    result.rooms = store.load_rooms(rooms, scenario)
    existing = {c["name"]: c["id"] for c in store.coordinators()}
    result.coordinator = existing.get(DEMO_COORDINATOR) or store.add_coordinator(
        DEMO_COORDINATOR, "SME support coordinator")
    have_rules = {(r.coordinator_id, r.room_id) for r in store.rules()}
    room_ids = {r.key: r.id for r in store.rooms()}
    for room in rooms:
        if room.use != "consultation":
            continue
        if (result.coordinator, room_ids[room.id]) in have_rules:
            continue
        result.rules.append(store.add_rule(
            coordinator_id=result.coordinator, room=room.id, weekdays="wed,sat", start="09:00",
            end="17:00", breaks="12:00-13:00", slot_minutes=60, modes=("onsite",)))
    if not any(c.yearly and (c.start.month, c.start.day) == (12, 29) for c in store.closures()):
        result.closure = store.add_closure(dt.date(2000, 12, 29), dt.date(2001, 1, 3),
                                           "年末年始 (12/29〜1/3)", yearly=True)
    if not store.users():
        result.user, result.password = DEMO_USER, secrets.token_urlsafe(9)
        store.add_user(DEMO_USER, result.password, role="admin", display_name="Demo staff")
    return result
