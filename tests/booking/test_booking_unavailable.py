"""A locked or unreachable database: one line from the CLI, 503 from the web, no personal data."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from spacedesign.booking.db import database_error
from spacedesign.booking.models import AuditEntry
from spacedesign.booking.store import BookingStore
from spacedesign.cli import app  # noqa: TID251 (tests drive the CLI)
from tests.booking.support import PASSWORD, Server, booking_body, free_port, seed

runner = CliRunner()
SECRET = "秘密の商店"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold SQLite's write lock from another connection (as another program would)."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _book_args(day: str, url: str) -> list[str]:
    return ["booking", "book", "--db", url, "--date", day, "--start", "10:00",
            "--coordinator", "1", "--room", "consult1", "--business", SECRET,
            "--contact", "中野 秘子", "--phone", "03-1111-2222"]


def test_cli_unreachable_postgresql_is_one_line() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/booking"
    result = runner.invoke(app, ["booking", "list", "--db", url])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the booking database" in lines[0], result.output
    assert "Traceback" not in result.output and "SELECT" not in result.output


def test_cli_locked_sqlite_is_one_line_without_personal_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "booking.sqlite3"
    seeded = seed(f"sqlite:///{path}")
    monkeypatch.setenv("SPACEDESIGN_BOOKING_BUSY_TIMEOUT", "0.3")
    with locked(path):
        result = runner.invoke(app, _book_args(seeded.day.isoformat(), seeded.url))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "busy (locked by another program)" in lines[0], result.output
    assert SECRET not in result.output and "INSERT" not in result.output
    # nothing was half-written: once the lock is gone the same booking goes through
    again = runner.invoke(app, _book_args(seeded.day.isoformat(), seeded.url))
    assert again.exit_code == 0, again.output


def test_sql_errors_hide_the_bound_values(db_url: str) -> None:
    seed(db_url, coordinators=1)
    store = BookingStore.open(db_url)
    try:
        with store._write() as session, pytest.raises(DBAPIError) as caught:
            # refused: the other NOT NULL columns are missing
            session.execute(insert(AuditEntry).values(actor=SECRET))
            session.commit()
        assert "parameters hidden" in str(caught.value)
        # PostgreSQL's DETAIL repeats the refused row; the message users and logs get does not
        message = str(database_error(caught.value))
        assert SECRET not in message and "audit_log" in message and "\n" not in message
    finally:
        store.close()


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:300]
    return match.group(1)


def test_web_answers_503_while_the_database_is_locked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "booking.sqlite3"
    seeded = seed(f"sqlite:///{path}", coordinators=1)
    monkeypatch.setenv("SPACEDESIGN_BOOKING_BUSY_TIMEOUT", "0.5")
    with Server(seeded.url) as server, httpx.Client(base_url=server.base, timeout=30) as http:
        token = _csrf(http.get("/login").text)
        assert http.post("/login", data={"username": "staff", "password": PASSWORD,
                                         "csrf_token": token}).status_code == 303
        form = _csrf(http.get("/staff/book").text)
        fields = {"csrf_token": form, "mode": "onsite", "date": seeded.day.isoformat(),
                  "start_time": "10:00", "end_time": "11:00", "room": "consult1",
                  "coordinator": "1", "business_name": SECRET, "contact_name": "中野 秘子",
                  "phone": "0300000000"}
        with locked(path):
            api = http.post("/api/bookings", json=booking_body(seeded.day, "10:00", 60,
                                                                "consult1", 1),
                            headers={"Authorization": f"Bearer {seeded.token}"})
            assert api.status_code == 503 and api.headers["retry-after"] == "5"
            assert "temporarily unavailable" in api.json()["detail"]
            page = http.post("/staff/book", data=fields)
            assert page.status_code == 503
            assert '<html lang="ja">' in page.text and "一時的に接続できません" in page.text
            english = http.post("/staff/book?lang=en", data=fields)
            assert english.status_code == 503 and "temporarily unavailable" in english.text
            assert SECRET not in page.text + english.text
        # the lock is gone: the same form books normally
        fields["csrf_token"] = _csrf(http.get("/staff/book").text)
        assert http.post("/staff/book", data=fields).status_code == 303
