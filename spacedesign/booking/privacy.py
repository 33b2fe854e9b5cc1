"""Personal data of the booking store: anonymising finished bookings, statistics that survive it.

``purge`` only touches bookings that are over: finished (completed, no show or cancelled) and
ended before the cutoff day, which itself must lie at least the retention period in the past.
Upcoming bookings are never touched, whatever date is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spacedesign.booking.models import Booking
from spacedesign.booking.records import PERSONAL_FIELDS
from spacedesign.booking.slots import TOKYO, day_bounds_utc
from spacedesign.errors import RuleViolationError

__all__ = ["FINISHED_STATUSES", "PrivacyMixin", "purge_cutoff"]

#: Statuses of bookings that are over and may be anonymised.
FINISHED_STATUSES = ("completed", "no_show", "cancelled")


def purge_cutoff(before: dt.date, now: dt.datetime, retention_days: int) -> dt.datetime:
    """Return the UTC start of the Tokyo day ``before`` after checking it is old enough.

    Raises
    ------
    RuleViolationError
        ``before`` is later than today (Tokyo) minus ``retention_days``, or the retention is
        negative.
    """
    if retention_days < 0:
        raise RuleViolationError(f"the retention must be 0 or more days, not {retention_days}",
                                 path="retention", value=retention_days)
    today = now.astimezone(TOKYO).date()
    latest = today - dt.timedelta(days=retention_days)
    if before > latest:
        kept = f" minus the {retention_days}-day retention" if retention_days else ""
        raise RuleViolationError(
            f"{before.isoformat()} is too late: the cutoff may be at most {latest.isoformat()} "
            f"(today {today.isoformat()}{kept}); upcoming bookings are never purged",
            path="before", value=before.isoformat())
    return day_bounds_utc(before)[0]


class PrivacyMixin:
    """``purge`` and ``statistics`` of :class:`~spacedesign.booking.store.BookingStore`."""

    clock: Callable[[], dt.datetime]
    _write: Callable[[], AbstractContextManager[Session]]
    _read: Callable[[], AbstractContextManager[Session]]
    _audit: Callable[..., None]

    def purge(self, before: dt.date, actor: str, *, retention_days: int = 0) -> int:
        """Anonymise finished bookings that ended before the Tokyo day ``before``.

        Parameters
        ----------
        before : date
            Cutoff day (Tokyo); must be at most today minus ``retention_days``.
        actor : str
            Who purges (audit log).
        retention_days : int
            How long finished bookings keep their personal data.

        Returns
        -------
        int
            How many bookings were anonymised. Statistics (status, mode, topics, industry,
            size) are kept; personal fields and the idempotency data are cleared.
        """
        now = self.clock()
        limit = purge_cutoff(before, now, retention_days)
        count = 0
        with self._write() as session:
            query = select(Booking).where(Booking.end_at < limit, Booking.block_end <= limit,
                                          Booking.status.in_(FINISHED_STATUSES),
                                          Booking.anonymised_at.is_(None))
            for booking in session.scalars(query):
                for name in PERSONAL_FIELDS:
                    setattr(booking, name, None)
                booking.idempotency_key = booking.request_hash = None
                booking.anonymised_at = now
                self._audit(session, actor, booking, "anonymised")
                count += 1
            session.commit()
        return count

    def statistics(self) -> dict[str, Any]:
        """Count by status, mode, topic, industry and company size (survive purging)."""
        stats: dict[str, dict[str, int]] = {k: {} for k in
                                             ("status", "mode", "topics", "industry", "size")}
        with self._read() as session:
            for b in _all(session):
                for key, values in (("status", [b.status]), ("mode", [b.mode]),
                                    ("topics", b.topics or []), ("industry", [b.industry]),
                                    ("size", [b.company_size])):
                    for value in values:
                        name = value or "unknown"
                        stats[key][name] = stats[key].get(name, 0) + 1
        return stats


def _all(session: Session) -> Iterator[Booking]:
    yield from session.scalars(select(Booking))
