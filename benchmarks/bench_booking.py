"""Booking throughput over HTTP on loopback: 16 concurrent clients on distinct free slots.

For SQLite and PostgreSQL (a throw-away cluster started like the tests do): a real
``spacedesign booking serve`` process, keep-alive connections, ``POST /api/bookings`` with a
bearer token; bookings/s, p50/p99 latency; then the same rows (booking + slot claims + audit
entry, one transaction each) inserted directly with SQLAlchemy, and the ratio.

Run: ``python -m benchmarks booking`` (or ``python benchmarks/bench_booking.py``).
Targets (issue 9): SQLite >= 300 bookings/s with p99 < 100 ms.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spacedesign.booking.models import AuditEntry, Booking, SlotClaim  # noqa: E402
from spacedesign.booking.slots import TOKYO, claim_cells  # noqa: E402
from spacedesign.booking.store import BookingStore  # noqa: E402
from tests.booking.support import (  # noqa: E402
    PostgresCluster,
    Server,
    booking_body,
    next_open_day,
    seed,
)

CLIENTS = 16
BOOKINGS = int(os.environ.get("SPACEDESIGN_BENCH_BOOKINGS", "3000"))
WORKERS = int(os.environ.get("SPACEDESIGN_BENCH_WORKERS", "1"))
LANES = (("consult1", 0), ("consult2", 1), ("meeting", 2))


def _bodies(first_day: dt.date, coordinators: list[int], count: int) -> list[dict[str, Any]]:
    """Distinct, non-overlapping 5-minute bookings, each lane = one room + one coordinator."""
    bodies: list[dict[str, Any]] = []
    day = first_day
    while len(bodies) < count:
        for minute in range(0, 8 * 60, 5):
            for room, lane in LANES:
                start = f"{9 + minute // 60:02d}:{minute % 60:02d}"
                bodies.append(booking_body(day, start, 5, room, coordinators[lane]))
        day = next_open_day(day - dt.timedelta(days=1))
    return bodies[:count]


async def _client(port: int, token: str, jobs: asyncio.Queue[bytes],
                  latencies: list[float], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (f"POST /api/bookings HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n")
    try:
        while True:
            try:
                body = jobs.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            writer.write(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            status = int(status_line.split()[1])
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def _load(port: int, token: str, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    jobs: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        jobs.put_nowait(json.dumps(body).encode())
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    await asyncio.gather(*(_client(port, token, jobs, latencies, statuses)
                           for _ in range(CLIENTS)))
    seconds = time.perf_counter() - started
    latencies.sort()
    return {"seconds": seconds, "rate": len(latencies) / seconds, "statuses": statuses,
            "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000}


def _raw_inserts(url: str, bodies: list[dict[str, Any]]) -> float:
    """Insert the same rows directly (booking, its slot claims on SQLite, audit); rows/s."""
    store = BookingStore.open(url, create=True)
    now = dt.datetime.now(dt.UTC)
    rooms = {key: ident for ident, key in store.room_keys().items()}
    started = time.perf_counter()
    for body in bodies:
        start = dt.datetime.fromisoformat(body["start"])
        end = dt.datetime.fromisoformat(body["end"])
        with store._write() as session:
            booking = Booking(
                uid=str(uuid.uuid4()), mode="onsite", room_id=rooms[body["room"]],
                coordinator_id=body["coordinator"], start_at=start, end_at=end,
                block_start=start, block_end=end, status="confirmed",
                business_name=body["business_name"], contact_name=body["contact_name"],
                phone=body["phone"], topics=body["topics"], needs=[], attendees=1, sequence=0,
                created_by="raw", updated_by="raw", created_at=now, updated_at=now)
            session.add(booking)
            session.flush()
            if store.uses_claims:
                session.execute(insert(SlotClaim), [
                    {"resource": resource, "cell": cell, "booking_id": booking.id}
                    for resource in (f"coord:{booking.coordinator_id}", f"room:{booking.room_id}")
                    for cell in claim_cells(start, end)])
            session.add(AuditEntry(at=now, actor="raw", booking_id=booking.id,
                                   action="created", details={}))
            session.commit()
    seconds = time.perf_counter() - started
    store.close()
    return len(bodies) / seconds


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server process and its workers."""
    import psutil

    process = psutil.Process(pid)
    total = 0.0
    for proc in (process, *process.children(recursive=True)):
        times = proc.cpu_times()
        total += times.user + times.system
    return total


def run_backend(name: str, url: str, raw_url: str) -> dict[str, Any]:
    """Seed, serve, load, and compare with raw inserts on one backend."""
    seeded = seed(url, lengths=(5,))  # 5-minute slots: many distinct bookings a day
    bodies = _bodies(seeded.day, seeded.coordinators, BOOKINGS)
    with Server(url, workers=WORKERS) as server:
        asyncio.run(_load(server.port, seeded.token, [booking_body(
            next_open_day(seeded.day + dt.timedelta(days=200)), "09:00", 5, "consult1",
            seeded.coordinators[0])]))  # warm-up request
        cpu_before = _cpu_seconds(server.process.pid)
        result = asyncio.run(_load(server.port, seeded.token, bodies))
        result["cpu_ms"] = (_cpu_seconds(server.process.pid) - cpu_before) * 1000 / len(bodies)
    seed(raw_url, lengths=(5,))
    result["raw"] = _raw_inserts(raw_url, bodies)
    result["name"] = name
    return result


def main() -> None:
    """Print the table (and the command that made it)."""
    print(f"command: python -m benchmarks booking  (clients={CLIENTS}, bookings={BOOKINGS}, "
          f"server workers={WORKERS}, loopback HTTP/1.1 keep-alive)")
    results = []
    with tempfile.TemporaryDirectory(prefix="sd-bench-") as folder:
        results.append(run_backend("sqlite", f"sqlite:///{folder}/http.sqlite3",
                                   f"sqlite:///{folder}/raw.sqlite3"))
        cluster = PostgresCluster()
        try:
            results.append(run_backend("postgresql", cluster.new_database(),
                                       cluster.new_database()))
        finally:
            cluster.stop()
    print(f"{'database':<11} {'bookings/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'statuses':<14} "
          f"{'server CPU ms/booking':>21} {'raw rows/s':>10} {'http/raw':>8}")
    for r in results:
        statuses = ",".join(f"{k}x{v}" for k, v in sorted(r["statuses"].items()))
        print(f"{r['name']:<11} {r['rate']:>10.0f} {r['p50']:>7.1f} {r['p99']:>7.1f} "
              f"{statuses:<14} {r['cpu_ms']:>21.2f} {r['raw']:>10.0f} "
              f"{r['rate'] / r['raw']:>8.2f}")
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs "
          "(the figures drop when other jobs share the machine)")
    sqlite = results[0]
    verdict = "meets" if sqlite["rate"] >= 300 and sqlite["p99"] < 100 else "MISSES"
    print(f"SQLite {verdict} the target (>= 300 bookings/s, p99 < 100 ms); "
          f"date {dt.datetime.now(TOKYO):%Y-%m-%d %H:%M} JST")


if __name__ == "__main__":
    main()
