"""An in-process snapshot of rooms, coordinators, rules and closures, checked on every booking.

Every change to them bumps ``settings.directory_version`` in the same transaction; a booking
transaction reads that one value and reuses the snapshot when it matches, so the rules are
still re-checked against the database state of the booking's own transaction (also across
several server processes), with one query instead of four.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from spacedesign.booking.models import Closure, Coordinator, Room, Rule, Setting
from spacedesign.booking.slots import ClosureCalendar, ClosureSpec, RuleSpec

__all__ = ["CoordinatorInfo", "Directory", "RoomInfo", "bump_version", "current_version",
           "load_directory"]

VERSION_KEY = "directory_version"


@dataclass(frozen=True)
class RoomInfo:
    """What a booking needs to know about a room."""

    id: int
    key: str
    name: str
    capacity: int
    wheelchair: bool


@dataclass(frozen=True)
class CoordinatorInfo:
    """What a booking needs to know about a coordinator."""

    id: int
    name: str


@dataclass(frozen=True)
class Directory:
    """Rooms by plan id, coordinators and their rules, and the closure calendar."""

    version: str
    rooms: dict[str, RoomInfo]
    coordinators: dict[int, CoordinatorInfo]
    rules: dict[int, tuple[RuleSpec, ...]]
    calendar: ClosureCalendar


def bump_version(session: Session) -> None:
    """Mark rooms / coordinators / rules / closures as changed (call before commit)."""
    session.merge(Setting(key=VERSION_KEY, value=uuid.uuid4().hex))


def current_version(session: Session) -> str:
    """Return the version the database holds now ("" before the first change)."""
    value = session.scalar(select(Setting.value).where(Setting.key == VERSION_KEY))
    return value or ""


def load_directory(session: Session, version: str) -> Directory:
    """Read everything a booking check needs."""
    from spacedesign.booking.directory import rule_spec

    rooms = {r.key: RoomInfo(r.id, r.key, r.name, r.capacity, r.wheelchair)
             for r in session.scalars(select(Room).where(Room.active))}
    coordinators = {c.id: CoordinatorInfo(c.id, c.name)
                    for c in session.scalars(select(Coordinator).where(Coordinator.active))}
    rules: dict[int, list[RuleSpec]] = {}
    for row in session.scalars(select(Rule).order_by(Rule.id)):
        rules.setdefault(row.coordinator_id, []).append(rule_spec(row))
    calendar = ClosureCalendar(tuple(
        ClosureSpec(c.id, c.start_date, c.end_date, c.reason, c.yearly, c.room_id,
                    c.coordinator_id) for c in session.scalars(select(Closure))))
    return Directory(version, rooms, coordinators, {k: tuple(v) for k, v in rules.items()},
                     calendar)
