"""``spacedesign booking ...`` through typer's CliRunner on a SQLite file under SPACEDESIGN_DATA."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 (tests drive the CLI)
from tests.booking.support import GOOD_PLAN, next_open_day

runner = CliRunner()


def _run(*args: str, code: int = 0, stdin: str | None = None) -> str:
    result = runner.invoke(app, ["booking", *args], input=stdin)
    assert result.exit_code == code, (args, result.output, result.exception)
    return result.output


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPACEDESIGN_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("SPACEDESIGN_DB", raising=False)
    return tmp_path / "data"


def test_demo_then_book_list_export_purge(data_dir: Path, tmp_path: Path) -> None:
    _run("slots", "2026-12-02", code=1)  # no database yet: a clear message, exit 1
    missing = _run("init", "--demo", str(tmp_path / "nope.yaml"), code=1)
    assert "nope.yaml" in missing and "Traceback" not in missing
    assert not data_dir.exists()  # nothing created when the input is bad
    init = json.loads(_run("init", "--demo", str(GOOD_PLAN), "--json"))
    assert (data_dir / "booking.sqlite3").exists()
    assert init["demo"]["rooms"] == 3 and len(init["demo"]["rules"]) == 2
    assert init["demo"]["user"] == "staff" and init["demo"]["password"]
    rooms = json.loads(_run("rooms", "--json"))
    assert {r["id"] for r in rooms} == {"consult1", "consult2", "meeting"}

    wednesday = next_open_day(weekday=2)
    while wednesday - dt.date.today() > dt.timedelta(days=80):
        wednesday -= dt.timedelta(days=7)
    slots = json.loads(_run("slots", wednesday.isoformat(), "--json"))
    starts = sorted({s["start"][11:16] for s in slots})
    assert starts == ["09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"]
    assert {s["room"] for s in slots} == {"consult1", "consult2"}  # consultation rooms only
    assert all(s["start"].endswith("+09:00") for s in slots)
    assert json.loads(_run("slots", "2026-12-30", "--json")) == []  # 年末年始

    booked = json.loads(_run("book", "--date", wednesday.isoformat(), "--start", "10:00",
                             "--coordinator", "1", "--room", "consult1", "--business",
                             "中野商店", "--contact", "中野 太郎", "--phone", "03-3380-0000",
                             "--topic", "startup", "--as", "desk", "--json"))
    assert booked["status"] == "confirmed" and booked["created_by"] == "desk"
    _run("book", "--date", wednesday.isoformat(), "--start", "10:00", "--coordinator", "1",
         "--room", "consult2", "--business", "B", "--contact", "C", "--email", "c@example.jp",
         code=1)  # the coordinator is busy
    listed = json.loads(_run("list", "--date", wednesday.isoformat(), "--json"))
    assert [b["id"] for b in listed] == [booked["id"]]

    out = tmp_path / "booking.ics"
    _run("export-ics", str(booked["id"]), "--out", str(out))
    event = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    _run("export-ics", "--room", "consult1", "--out", str(tmp_path / "room.ics"))

    assert json.loads(_run("cancel", str(booked["id"]), "--json"))["status"] == "cancelled"
    assert json.loads(_run("cancel", str(booked["id"]), "--json"))["status"] == "cancelled"
    later = (wednesday + dt.timedelta(days=1)).isoformat()
    refused = _run("purge", "--before", later, code=1)  # a future cutoff: refused, one line
    assert "upcoming bookings are never purged" in refused and "Traceback" not in refused
    today = dt.date.today().isoformat()
    # the cancelled booking lies in the future: not purged
    assert json.loads(_run("purge", "--before", today, "--json")) == {"anonymised": 0}
    assert json.loads(_run("list", "--date", wednesday.isoformat(), "--json"))[0][
        "business_name"] == "中野商店"
    stats = json.loads(_run("list", "--stats", "--json"))
    assert stats["topics"] == {"startup": 1}


def test_admin_commands(data_dir: Path) -> None:
    _run("init")
    _run("rooms", str(GOOD_PLAN))
    assert json.loads(_run("coordinator", "add", "佐藤", "--name-en", "Sato", "--json")) == {
        "id": 1}
    rule = json.loads(_run("rule", "add", "--coordinator", "1", "--modes", "online,outreach",
                           "--days", "tue", "--start", "10:00", "--end", "16:00", "--json"))
    _run("rule", "add", "--coordinator", "1", "--days", "tue", code=1)  # onsite needs a room
    _run("rule", "add", "--coordinator", "1", "--room", "consult1", "--days", "xyz", code=1)
    assert len(json.loads(_run("rule", "list", "--json"))) == 1
    closure = json.loads(_run("closure", "add", "2027-02-02", "--reason", "研修", "--json"))
    assert json.loads(_run("closure", "list", "--json"))[0]["reason"] == "研修"
    _run("closure", "remove", str(closure["id"]))
    _run("rule", "remove", str(rule["id"]))
    _run("user", "add", "clerk", "--password-stdin", stdin="long enough password\n")
    _run("user", "add", "short", "--password-stdin", stdin="short\n", code=1)
    token = json.loads(_run("token", "create", "clerk", "--json"))["token"]
    assert token.startswith("sdb_")
    assert json.loads(_run("token", "list", "--json"))[0]["user"] == "clerk"
    _run("token", "revoke", "1")
    feed = json.loads(_run("token", "feed", "--room", "consult1", "--json"))["url"]
    assert "/api/feeds/rooms/consult1/" in feed and feed.endswith(".ics")
    _run("token", "create", "nobody-here", code=1)


def test_rooms_of_the_shipped_scenarios(data_dir: Path) -> None:
    from tests.conftest import SHIPPED_SCENARIOS

    assert SHIPPED_SCENARIOS, "scenarios/scenario-*.yaml are missing"
    for scenario in SHIPPED_SCENARIOS:
        rooms = json.loads(_run("rooms", str(scenario), "--dry-run", "--json"))
        assert rooms, scenario
        assert {r["use"] for r in rooms} <= {"consultation", "meeting"}
        assert all(r["capacity"] >= 2 and isinstance(r["wheelchair"], bool) for r in rooms)
    assert not data_dir.exists()  # --dry-run stores nothing


def test_tables_are_readable_in_80_columns(data_dir: Path) -> None:
    """Run the real CLI in an 80-column terminal: no cut-off values, no line over 80 cells."""
    import os
    import subprocess
    import sys

    from rich.cells import cell_len

    _run("init", "--demo", str(GOOD_PLAN))
    day = next_open_day(weekday=2)
    while day - dt.date.today() > dt.timedelta(days=80):
        day -= dt.timedelta(days=7)
    long_name = "株式会社中野精密機械製作所 本社工場"
    _run("book", "--date", day.isoformat(), "--start", "10:00", "--coordinator", "1",
         "--room", "consult1", "--business", long_name, "--contact", "中野 太郎",
         "--phone", "03-3380-0000")
    env = {**os.environ, "COLUMNS": "80", "LINES": "50", "SPACEDESIGN_DATA": str(data_dir)}

    def table(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "spacedesign", "booking", *args],
                              env=env, capture_output=True, text=True, check=True, timeout=120)
        lines = done.stdout.splitlines()
        assert all(cell_len(line) <= 80 for line in lines), done.stdout
        assert "…" not in done.stdout, done.stdout  # nothing truncated
        return lines

    listed = table("list")
    row = next(line for line in listed if "confirmed" in line)
    assert row.split()[:4] == ["1", "confirmed", f"{day:%m-%d}", "10:00–11:00"]
    assert "consult1" in row and "株式会社中野精密機械製作所" in row  # wrapped at the space
    assert any(line.strip() == "本社工場" for line in listed)
    slots = table("slots", day.isoformat())
    assert any(line.split() == ["10:00–11:00", "onsite", "consult1", "1", "taken"]
               for line in slots), slots
    rules = table("rule", "list")
    assert any(line.split() == ["1", "1", "consult1", "onsite", "wed,sat", "09:00-17:00", "60"]
               for line in rules), rules
    rooms = table("rooms")
    assert any(line.split()[:2] == ["consult1", "相談室1"] for line in rooms), rooms


def test_codes_are_listed_and_labels_accepted(data_dir: Path) -> None:
    codes = json.loads(_run("codes", "--json"))
    finance = next(c for c in codes if c["list"] == "topics" and c["code"] == "finance")
    assert (finance["ja"], finance["en"]) == ("資金繰り", "Cash flow and finance")
    assert {c["list"] for c in codes} >= {"topics", "company_size", "industry", "needs"}
    assert "製造業" in _run("codes", "industry")
    _run("codes", "colours", code=1)
    _run("init", "--demo", str(GOOD_PLAN))
    day = next_open_day(weekday=2)
    while day - dt.date.today() > dt.timedelta(days=80):
        day -= dt.timedelta(days=7)
    base = ["book", "--date", day.isoformat(), "--coordinator", "1", "--room", "consult1",
            "--business", "中野商店", "--contact", "中野 太郎", "--json"]
    booked = json.loads(_run(*base, "--start", "10:00", "--phone", "03-3380-0000",
                             "--topic", "資金繰り", "--topic", "Staff and hiring",
                             "--industry", "製造業", "--size", "micro"))
    assert booked["topics"] == ["finance", "hr"] and booked["industry"] == "E"
    # errors: one clean line naming the field and the problem
    wrong = _run(*base, "--start", "11:00", "--phone", "03-3380-0000", "--topic", "資金",
                 code=1)
    assert wrong.strip() == ("spacedesign: unknown topic '資金': give a code or its Japanese or "
                             "English label (list them with `spacedesign booking codes "
                             "topics`)")
    phone = _run(*base, "--start", "11:00", "--phone", "03", code=1)
    assert "<input>" not in phone and phone.count("phone") == 1
    assert "phone number is not valid" in phone


def test_slots_explain_an_empty_day_and_refuse_a_bogus_mode(data_dir: Path) -> None:
    _run("init", "--demo", str(GOOD_PLAN))
    bogus = _run("slots", "2026-12-09", "--mode", "bogus", code=1)
    assert "unknown --mode 'bogus': use one of onsite, outreach, online" in bogus
    assert "(none: closed on 2026-12-30: 年末年始" in _run("slots", "2026-12-30")
    tuesday = next_open_day(weekday=1)
    assert "no consultations on tue (open on wed, sat)" in _run("slots", tuesday.isoformat())
    far = next_open_day(dt.date.today() + dt.timedelta(days=200), weekday=2)
    assert "beyond the booking horizon" in _run("slots", far.isoformat())
    assert "no opening rule" in _run("slots", next_open_day(weekday=2).isoformat(),
                                     "--mode", "online")


def test_group_db_reschedule_and_status_commands(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from spacedesign.booking.store import BookingStore

    monkeypatch.delenv("SPACEDESIGN_DB", raising=False)
    monkeypatch.setenv("SPACEDESIGN_DATA", str(tmp_path / "unused"))
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    _run("--db", url, "init", "--demo", str(GOOD_PLAN))  # --db before the sub-command
    assert not (tmp_path / "unused").exists()
    day = next_open_day(weekday=2)
    while day - dt.date.today() > dt.timedelta(days=80):
        day -= dt.timedelta(days=7)
    booked = json.loads(_run("--db", url, "book", "--date", day.isoformat(), "--start", "10:00",
                             "--coordinator", "1", "--room", "consult1", "--business", "中野商店",
                             "--contact", "中野 太郎", "--phone", "03-3380-0000", "--json"))
    monkeypatch.setenv("SPACEDESIGN_BOOKING_DB", url)  # or the environment variable
    moved = json.loads(_run("reschedule", str(booked["id"]), "--date", day.isoformat(),
                            "--start", "14:00", "--room", "consult2", "--as", "desk", "--json"))
    assert (moved["id"], moved["uid"], moved["room"]) == (booked["id"], booked["uid"],
                                                           "consult2")
    assert moved["start"][11:16] == "14:00" and moved["end"][11:16] == "15:00"
    off_grid = _run("reschedule", str(booked["id"]), "--date", day.isoformat(), "--start",
                    "14:30", code=1)
    assert "not an offered slot" in off_grid
    early = _run("complete", str(booked["id"]), code=1)
    assert "cannot be marked completed before it starts" in early
    assert "before it starts" in _run("no-show", str(booked["id"]), code=1)
    first = json.loads(_run("cancel", str(booked["id"]), "--json"))
    assert json.loads(_run("cancel", str(booked["id"]), "--json")) == first  # idempotent
    store = BookingStore.open(url)
    try:
        actions = [(e["actor"], e["action"]) for e in store.audit_log(booked["id"])]
    finally:
        store.close()
    assert actions[1] == ("desk", "rescheduled") and [a for _, a in actions].count("status") == 1
