"""SIGKILL the server during a booking load: after a restart nothing confirmed is lost or torn."""

from __future__ import annotations

import datetime as dt
import queue
import signal
import threading
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from spacedesign.booking.models import AuditEntry, Booking, SlotClaim
from spacedesign.booking.slots import claim_cells
from spacedesign.booking.store import BookingStore
from tests.booking.support import Server, booking_body, next_open_day, seed

THREADS = 8


def _jobs(first_day: dt.date, coordinators: list[int]) -> queue.Queue[dict[str, Any]]:
    jobs: queue.Queue[dict[str, Any]] = queue.Queue()
    day = first_day
    for _ in range(4):
        for room, coordinator in zip(("consult1", "consult2", "meeting"), coordinators,
                                     strict=False):
            for minute in range(0, 8 * 60, 15):
                start = f"{9 + minute // 60:02d}:{minute % 60:02d}"
                jobs.put(booking_body(day, start, 15, room, coordinator, name=f"負荷{minute}"))
        day = next_open_day(day - dt.timedelta(days=1))
    return jobs


@pytest.mark.timeout(180)
def test_sigkill_during_load_loses_nothing(db_url: str) -> None:
    seeded = seed(db_url, lengths=(15,))
    jobs = _jobs(seeded.day, seeded.coordinators[:3])
    confirmed: list[dict[str, Any]] = []
    lock = threading.Lock()
    stop = threading.Event()

    server = Server(db_url, workers=1)

    def client() -> None:
        with httpx.Client(base_url=server.base, timeout=10,
                          headers={"Authorization": f"Bearer {seeded.token}"}) as http:
            while not stop.is_set():
                try:
                    body = jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    response = http.post("/api/bookings", json=body)
                except httpx.HTTPError:
                    continue  # the server died mid-request: the outcome is unknown
                if response.status_code == 201:
                    with lock:
                        confirmed.append(response.json())

    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(confirmed) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        server.kill(signal.SIGKILL)  # mid-load, with requests in flight
        killed_after = len(confirmed)
        stop.set()
    for thread in threads:
        thread.join()
    assert killed_after >= 40, "the load did not get going before the deadline"

    with Server(db_url, workers=1) as restarted:
        response = httpx.get(f"{restarted.base}/api/bookings",
                             headers={"Authorization": f"Bearer {seeded.token}"})
        stored = {b["id"]: b for b in response.json()}
        for booking in confirmed:
            assert stored[booking["id"]]["status"] == "confirmed"
            assert stored[booking["id"]]["start"] == booking["start"]
            assert stored[booking["id"]]["room"] == booking["room"]
        again = booking_body(seeded.day, "09:00", 15, "consult1", seeded.coordinators[0])
        retry = httpx.post(f"{restarted.base}/api/bookings", json=again,
                           headers={"Authorization": f"Bearer {seeded.token}"})
        assert retry.status_code in (201, 409)

    store = BookingStore.open(db_url)
    with store._read() as session:
        bookings = list(session.scalars(select(Booking)))
        created = {e.booking_id for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "created"))}
        assert {b.id for b in bookings} == created  # every row has its audit entry, no more
        if store.uses_claims:
            for booking in bookings:
                claims = session.scalar(select(func.count()).select_from(SlotClaim)
                                        .where(SlotClaim.booking_id == booking.id))
                assert claims == 2 * len(claim_cells(booking.block_start, booking.block_end))
    store.close()
    assert len(bookings) >= len(confirmed)
