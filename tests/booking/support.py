"""Helpers of the booking tests: a throw-away PostgreSQL cluster, a real server, seed data."""

from __future__ import annotations

import datetime as dt
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from spacedesign.booking.rooms import bookable_rooms
from spacedesign.booking.slots import TOKYO, japanese_holiday
from spacedesign.booking.store import BookingStore
from spacedesign.io import load_plan
from tests.conftest import CASES, REPO

GOOD_PLAN = CASES / "access" / "good.yaml"
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql "
                           "(install the Debian package postgresql: make system-deps)")
    return Path(found[-1]).parent


def _unprivileged_user() -> str | None:
    """None when not root; else a user that initdb/postgres accept (created if needed)."""
    if os.geteuid() != 0:
        return None
    for name in ("spacedesign-pg", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "spacedesign-pg"], check=True)
    return "spacedesign-pg"


class PostgresCluster:
    """initdb + pg_ctl into a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.user = _unprivileged_user()
        self.root = Path(tempfile.mkdtemp(prefix="sd-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        if self.user:
            shutil.chown(self.root, self.user)
        self._run(["initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                   "-E", "UTF8", "--locale=C", "--no-sync"])
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                   f"-c unix_socket_directories={self.root} -c max_connections=200 "
                   "-c fsync=on -c shared_buffers=64MB")
        self._run(["pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options,
                   "-w", "-t", "60", "start"])
        self.counter = 0

    def _run(self, args: list[str]) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd=self.root)

    def new_database(self) -> str:
        import psycopg

        self.counter += 1
        name = f"booking{self.counter}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(["pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Seeded:
    """What :func:`seed` put in a database."""

    url: str
    token: str
    coordinators: list[int]
    day: dt.date


def next_open_day(start: dt.date | None = None, weekday: int | None = None) -> dt.date:
    """A day at least two days ahead that is no holiday and not in 12/29–1/3."""
    day = (start or dt.datetime.now(TOKYO).date()) + dt.timedelta(days=2)
    while (japanese_holiday(day) or (day.month, day.day) >= (12, 29)
           or (day.month, day.day) <= (1, 3) or (weekday is not None and day.weekday() != weekday)):
        day += dt.timedelta(days=1)
    return day


def seed(url: str, coordinators: int = 4, lengths: tuple[int, ...] = (60,)) -> Seeded:
    """Rooms of good.yaml; ``coordinators`` people, each with every day 9–17 in every room.

    One rule per slot length in ``lengths`` (all from 09:00), so bookings of those lengths on
    their grids are offered slots.
    """
    store = BookingStore.open(url, create=True)
    store.load_rooms(bookable_rooms(load_plan(GOOD_PLAN)), str(GOOD_PLAN))
    ids = []
    for number in range(coordinators):
        coordinator = store.add_coordinator(f"コーディネーター{number + 1}")
        ids.append(coordinator)
        for room in ("consult1", "consult2", "meeting"):
            for length in lengths:
                store.add_rule(coordinator_id=coordinator, room=room,
                               weekdays="mon,tue,wed,thu,fri,sat,sun", start="09:00",
                               end="17:00", slot_minutes=length, min_notice_minutes=0,
                               horizon_days=400)
    store.add_closure(dt.date(2000, 12, 29), dt.date(2001, 1, 3), "年末年始", yearly=True)
    store.add_user("staff", PASSWORD)
    token = store.create_token("staff", "tests")
    store.close()
    return Seeded(url, token, ids, next_open_day())


class Server:
    """``spacedesign booking serve`` in its own process group."""

    def __init__(self, url: str, workers: int = 1) -> None:
        self.url = url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "spacedesign", "booking", "serve", "--db", url,
             "--port", str(self.port), "--workers", str(workers)],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited: " + self.process.stderr.read().decode()[-2000:])
            try:
                if httpx.get(self.base + "/api/rooms", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError("server did not start within 60 s")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        if self.process.stderr:
            self.process.stderr.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill(signal.SIGTERM)


def booking_body(day: dt.date, start: str, minutes: int, room: str | None, coordinator: int,
                 mode: str = "onsite", name: str = "中野テスト商店") -> dict[str, object]:
    first = dt.datetime.combine(day, dt.time.fromisoformat(start), TOKYO)
    return {"mode": mode, "start": first.isoformat(),
            "end": (first + dt.timedelta(minutes=minutes)).isoformat(), "room": room,
            "coordinator": coordinator, "business_name": name, "contact_name": "中野 花子",
            "phone": "03-3380-0000", "topics": ["sales"]}
