"""Races over HTTP against a real server process: the database lets exactly one booking win."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from typing import Any

import httpx
import pytest

from tests.booking.support import Seeded, Server, booking_body, next_open_day

CLIENTS = 32


def _race(base: str, token: str, bodies: list[dict[str, Any]]) -> Counter[int]:
    """Send the bodies at the same moment from one thread (and connection) each."""
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []
    lock = threading.Lock()

    def client(body: dict[str, Any]) -> None:
        with httpx.Client(base_url=base, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as http:
            http.get("/api/rooms")  # open the connection before the start signal
            barrier.wait()
            status = http.post("/api/bookings", json=body).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=client, args=(b,)) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def _active(server: Server, seeded: Seeded, day: dt.date) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.base}/api/bookings", params={"date": day.isoformat()},
                         headers={"Authorization": f"Bearer {seeded.token}"})
    return [b for b in response.json() if b["status"] in ("held", "confirmed")]


def _day(seeded: Seeded, offset: int) -> dt.date:
    """A distinct open day per test, so the tests share one server."""
    return next_open_day(seeded.day + dt.timedelta(days=offset - 2))


@pytest.mark.timeout(180)
def test_same_slot_one_winner(served: Any) -> None:
    seeded, server = served
    day = _day(seeded, 1)
    body = booking_body(day, "10:00", 60, "consult1", seeded.coordinators[0])
    assert _race(server.base, seeded.token, [body] * CLIENTS) == {201: 1, 409: CLIENTS - 1}
    assert len(_active(server, seeded, day)) == 1


@pytest.mark.timeout(180)
def test_overlapping_slots_of_different_lengths(served: Any) -> None:
    """Different starts, lengths and coordinators; all contain 09:50–10:00 in consult2.

    Each is an offered slot of one of the seeded grids (60, 45, 90 and 25 minutes from 09:00).
    """
    seeded, server = served
    day = _day(seeded, 2)
    shapes = (("09:00", 60), ("09:45", 45), ("09:00", 90), ("09:50", 25))
    bodies = [booking_body(day, shapes[i % 4][0], shapes[i % 4][1], "consult2",
                           seeded.coordinators[(i // 4) % 4]) for i in range(CLIENTS)]
    assert _race(server.base, seeded.token, bodies) == {201: 1, 409: CLIENTS - 1}
    assert len(_active(server, seeded, day)) == 1


@pytest.mark.timeout(180)
def test_same_coordinator_in_two_rooms(served: Any) -> None:
    seeded, server = served
    coordinator = seeded.coordinators[1]
    day = _day(seeded, 3)
    bodies = [booking_body(day, *(("14:00", 60) if i % 2 else ("14:15", 45)),
                           ("consult1", "consult2", "meeting")[i % 3], coordinator)
              for i in range(CLIENTS)]
    assert _race(server.base, seeded.token, bodies) == {201: 1, 409: CLIENTS - 1}
    assert len(_active(server, seeded, day)) == 1


@pytest.mark.timeout(180)
def test_cancel_frees_the_slot_and_retry_is_idempotent(served: Any) -> None:
    seeded, server = served
    headers = {"Authorization": f"Bearer {seeded.token}", "Idempotency-Key": "call-0042"}
    body = booking_body(_day(seeded, 4), "15:00", 60, "meeting", seeded.coordinators[2])
    with httpx.Client(base_url=server.base, headers=headers, timeout=30) as http:
        first = http.post("/api/bookings", json=body)
        again = http.post("/api/bookings", json=body)
        assert first.status_code == again.status_code == 201
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["Idempotent-Replayed"] == "true"
        changed = http.post("/api/bookings", json={**body, "contact_name": "別の人"})
        assert changed.status_code == 422
        del http.headers["Idempotency-Key"]
        assert http.post("/api/bookings", json=body).status_code == 409
        cancelled = http.post(f"/api/bookings/{first.json()['id']}/cancel")
        repeated = http.post(f"/api/bookings/{first.json()['id']}/cancel")  # a retried cancel
        assert cancelled.status_code == repeated.status_code == 200
        assert repeated.json() == cancelled.json()
        assert http.post("/api/bookings", json=body).status_code == 201
        assert httpx.post(f"{server.base}/api/bookings", json=body).status_code == 401
