"""``spacedesign booking ...``: consultation slots, bookings, calendars and the desk's web page.

The database is a SQLite file (``$SPACEDESIGN_DATA/booking.sqlite3`` or the user data
directory) unless ``--db URL`` (on the ``booking`` group or the sub-command),
``SPACEDESIGN_BOOKING_DB`` or ``SPACEDESIGN_DB`` names another one
(``postgresql+psycopg://user@host/db``). Optional dependencies (the ``web`` extra) are imported
inside the commands.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

import typer

from spacedesign.cli.commands._booking_admin import (
    DB_HELP,
    DbOption,
    JsonOption,
    add_admin_commands,
    open_store,
    resolve_db,
    run_command,
    set_group_db,
    show,
)
from spacedesign.cli.commands._booking_changes import add_change_commands
from spacedesign.cli.common import console
from spacedesign.errors import InputError

booking_app = typer.Typer(
    name="booking", no_args_is_help=True, rich_markup_mode=None,
    help="相談予約 — consultation booking: rooms, rules, slots, bookings, calendars, web page.")



@booking_app.callback()
def _group(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """相談予約 — consultation booking: rooms, rules, slots, bookings, calendars, web page.

    The database: --db URL (here or after the sub-command), else $SPACEDESIGN_BOOKING_DB, else
    $SPACEDESIGN_DB, else a SQLite file under $SPACEDESIGN_DATA or the user data directory.
    """
    set_group_db(db)


TOKYO_NAME = "Asia/Tokyo"
MODES = ("onsite", "outreach", "online")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date: {text!r} (use YYYY-MM-DD)", value=text) from None


def _tokyo(day: dt.date, at: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    try:
        clock = dt.time.fromisoformat(at)
    except ValueError:
        raise InputError(f"not a time: {at!r} (use HH:MM)", value=at) from None
    return dt.datetime.combine(day, clock, ZoneInfo(TOKYO_NAME))


@booking_app.command("init")
def init(
    demo: Path | None = typer.Option(None, "--demo", help="Scenario or plan: load its rooms "
                                     "and seed the trial schedule."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Create (or migrate) the booking database; --demo seeds the trial schedule."""
    def run() -> None:
        from spacedesign.booking.db import default_url
        from spacedesign.booking.demo import seed_demo
        from spacedesign.booking.store import BookingStore

        url = default_url(resolve_db(db))
        plan = None
        if demo is not None:  # read and check the scenario before anything is created
            from spacedesign.booking.rooms import bookable_rooms
            from spacedesign.io import load_plan

            plan = load_plan(demo)
            if not bookable_rooms(plan):
                raise InputError("the scenario has no consultation or meeting room to book",
                                 file=str(demo))
        store = BookingStore.open(url, create=True)
        result: dict[str, Any] = {"database": _safe_url(url)}
        if plan is not None:
            result["demo"] = seed_demo(store, plan, str(demo)).to_dict()
        store.close()
        if as_json:
            show(result, True)
            return
        console.print(f"booking database ready: {result['database']}", markup=False)
        seeded = result.get("demo")
        if seeded:
            console.print(f"rooms loaded: {seeded['rooms']}; rules added: {len(seeded['rules'])}"
                          " (Wed + Sat 9:00–17:00, lunch 12:00–13:00, 60 min)", markup=False)
            if seeded["password"]:
                console.print(f"staff login: user {seeded['user']}, password "
                              f"{seeded['password']} (shown once)", markup=False)
            console.print("next: spacedesign booking serve", markup=False)
    run_command(run)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@booking_app.command("rooms")
def rooms(
    scenario: Path | None = typer.Argument(None, help="Scenario or plan to load rooms from; "
                                           "without it, list the rooms in the database."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only show, do not store."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Load the bookable rooms (consultation, meeting) of a scenario, or list them."""
    def run() -> None:
        from spacedesign.booking.rooms import bookable_rooms

        if scenario is not None:
            from spacedesign.io import load_plan

            found = bookable_rooms(load_plan(scenario))
            if not dry_run:
                store = open_store(db)
                store.load_rooms(found, str(scenario))
                store.close()
            data = [{"id": r.id, "name": r.name, "use": r.use, "area": r.area,
                     "capacity": r.capacity, "capacity_source": r.capacity_source,
                     "wheelchair": r.wheelchair, "wheelchair_source": r.wheelchair_source}
                    for r in found]
        else:
            store = open_store(db)
            data = [r.to_dict() for r in store.rooms()]
            store.close()
        show(data, as_json, columns=("id", "name", "use", "area", "capacity", "wheelchair"),
             optional=("use",), wrap=("name",))
    run_command(run)


@booking_app.command("slots")
def slots(
    date: str = typer.Argument(..., help="Tokyo calendar day YYYY-MM-DD."),
    room: str | None = typer.Option(None, "--room"),
    mode: str | None = typer.Option(None, "--mode", help="onsite, outreach or online."),
    free_only: bool = typer.Option(False, "--free", help="Only available slots."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Show the slots of a day and whether they are free."""
    def run() -> None:
        from spacedesign.booking.records import iso_tokyo

        if mode is not None and mode not in MODES:
            raise InputError(f"unknown --mode {mode!r}: use one of {', '.join(MODES)}",
                             value=mode)
        day = _parse_date(date)
        store = open_store(db)
        keys = store.room_keys()
        data: list[dict[str, Any]] = [
                {"start": iso_tokyo(s.start), "end": iso_tokyo(s.end), "mode": s.mode,
                 "room": keys.get(s.room_id) if s.room_id else None,
                 "coordinator": s.coordinator_id, "available": s.available}
                for s in store.slots(day, mode=mode, room=room)
                if s.available or not free_only]
        reason = None
        if not data or not any(d["available"] for d in data):
            reason = store.why_no_slots(day, store.clock(), mode=mode, room=room,
                                        any_slots=bool(data) or free_only)
        store.close()
        if as_json:
            show(data, True)
            return
        if not data:
            console.print(f"(none: {reason})", markup=False)
            return
        rows = [{"time": f"{d['start'][11:16]}–{d['end'][11:16]}", "mode": d["mode"],
                 "room": d["room"], "coordinator": d["coordinator"],
                 "state": "free" if d["available"] else "taken"} for d in data]
        show(rows, False, columns=("time", "mode", "room", "coordinator", "state"))
        if reason:
            console.print(reason, markup=False)
    run_command(run)


@booking_app.command("book")
def book(
    date: str = typer.Option(..., "--date", help="YYYY-MM-DD (Tokyo)."),
    start: str = typer.Option(..., "--start", help="HH:MM (Tokyo)."),
    minutes: int = typer.Option(60, "--minutes", min=5, max=480),
    coordinator: int = typer.Option(..., "--coordinator"),
    room: str | None = typer.Option(None, "--room"),
    mode: str = typer.Option("onsite", "--mode"),
    business: str = typer.Option(..., "--business", help="Business name."),
    contact: str = typer.Option(..., "--contact", help="Contact person."),
    phone: str | None = typer.Option(None, "--phone"),
    email: str | None = typer.Option(None, "--email"),
    size: str | None = typer.Option(None, "--size", help="Company size: code or label (e.g. "
                                    "micro or 小規模事業者); see `booking codes company_size`."),
    industry: str | None = typer.Option(None, "--industry", help="JSIC major group: A-T or "
                                        "its label (e.g. E or 製造業); see `booking codes "
                                        "industry`."),
    topic: list[str] = typer.Option([], "--topic", help="Topic, repeatable: code or label "
                                    "(finance, 資金繰り, Cash flow and finance); see `booking "
                                    "codes topics`."),
    need: list[str] = typer.Option([], "--need", help="wheelchair, childcare, interpreter (or "
                                   "their labels)."),
    notes: str | None = typer.Option(None, "--notes"),
    link: str | None = typer.Option(None, "--link", help="Online meeting link."),
    held: bool = typer.Option(False, "--held", help="Hold instead of confirm."),
    actor: str = typer.Option(getpass.getuser(), "--as", help="Who books (audit log)."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Book a consultation (the same checks as the web page)."""
    def run() -> None:
        from spacedesign.booking.records import BookingInput

        first = _tokyo(_parse_date(date), start)
        data = BookingInput(
            mode=mode, start=first, end=first + dt.timedelta(minutes=minutes),
            coordinator_id=coordinator, room=room, business_name=business, contact_name=contact,
            phone=phone, email=email, company_size=size, industry=industry, topics=tuple(topic),
            needs=tuple(need), notes=notes, meeting_link=link,
            status="held" if held else "confirmed")
        store = open_store(db)
        view, _ = store.book(data, actor)
        store.close()
        show(view.to_dict(), as_json, single=True)
    run_command(run)


@booking_app.command("codes")
def codes(
    field: str | None = typer.Argument(None, help="topics, company_size, industry, needs or "
                                       "mode (all when left out)."),
    as_json: JsonOption = False,
) -> None:
    """List the codes of topics, company sizes, industries, needs and modes (ja / en labels).

    Wherever a command or the API takes one of these, the code, the Japanese label or the
    English label may be given.
    """
    def run() -> None:
        from spacedesign.booking.vocab import CODE_LISTS

        if field is not None and field not in CODE_LISTS:
            raise InputError(f"unknown code list {field!r}: use one of {', '.join(CODE_LISTS)}",
                             value=field)
        names = [field] if field else list(CODE_LISTS)
        rows = [{"list": name, "code": code, "ja": ja, "en": en}
                for name in names for code, (ja, en) in CODE_LISTS[name].items()]
        show(rows, as_json, columns=("list", "code", "ja", "en") if field is None
             else ("code", "ja", "en"), wrap=("ja", "en"))
    run_command(run)


@booking_app.command("cancel")
def cancel(
    booking_id: int = typer.Argument(..., help="Booking number."),
    actor: str = typer.Option(getpass.getuser(), "--as"),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Cancel a booking."""
    def run() -> None:
        store = open_store(db)
        view = store.cancel(booking_id, actor)
        store.close()
        show(view.to_dict(), as_json, single=True)
    run_command(run)


@booking_app.command("list")
def list_bookings(
    date: str | None = typer.Option(None, "--date", help="Tokyo day YYYY-MM-DD."),
    coordinator: int | None = typer.Option(None, "--coordinator"),
    stats: bool = typer.Option(False, "--stats", help="Counts only (no personal data)."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """List bookings (staff data) or their statistics."""
    def run() -> None:
        store = open_store(db)
        if stats:
            show(store.statistics(), as_json, single=True)
        else:
            day = _parse_date(date) if date else None
            data = [b.to_dict() for b in store.bookings(day, coordinator_id=coordinator)]
            for row in data:
                if not as_json:
                    row["when"] = f"{row['start'][5:10]} {row['start'][11:16]}–{row['end'][11:16]}"
            show(data, as_json, columns=("id", "status", "when", "room", "business_name",
                                         "mode", "coordinator_name"),
                 optional=("mode", "coordinator_name"), wrap=("business_name",
                                                              "coordinator_name"))
        store.close()
    run_command(run)


@booking_app.command("export-ics")
def export_ics(
    booking_id: int | None = typer.Argument(None, help="Booking number."),
    room: str | None = typer.Option(None, "--room", help="Feed of a room instead."),
    coordinator: int | None = typer.Option(None, "--coordinator", help="Feed of a coordinator."),
    out: Path = typer.Option(..., "--out", help="File to write (.ics)."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Write one booking, or the feed of a room / coordinator, as an .ics file."""
    def run() -> None:
        from spacedesign.booking.ics import booking_calendar, feed_calendar

        store = open_store(db)
        if booking_id is not None:
            body = booking_calendar(store.get(booking_id))
        elif room is not None:
            body = feed_calendar(f"相談室予約 {room}",
                                 [b for b in store.bookings() if b.room == room])
        elif coordinator is not None:
            body = feed_calendar(f"コーディネーター予約 {coordinator}",
                                 store.bookings(coordinator_id=coordinator))
        else:
            raise InputError("give a booking number, --room or --coordinator")
        store.close()
        out.write_bytes(body)
        show({"written": str(out), "bytes": len(body)}, as_json, single=True)
    run_command(run)


@booking_app.command("purge")
def purge(
    before: str = typer.Option(..., "--before", help="Anonymise finished bookings (completed, "
                               "no show, cancelled) that ended before this Tokyo day "
                               "(YYYY-MM-DD, at most today minus the retention)."),
    retention_days: int = typer.Option(0, "--retention-days", min=0,
                                       help="Days finished bookings keep personal data."),
    actor: str = typer.Option(getpass.getuser(), "--as"),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Anonymise old finished bookings (personal data removed; statistics kept)."""
    def run() -> None:
        store = open_store(db)
        count = store.purge(_parse_date(before), actor, retention_days=retention_days)
        store.close()
        show({"anonymised": count}, as_json, single=True)
    run_command(run)


@booking_app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    workers: int = typer.Option(1, "--workers", min=1, max=32),
    db: DbOption = None,
) -> None:
    """Run the web page and JSON API (Japanese; English with ?lang=en)."""
    def run() -> None:
        import os

        import uvicorn

        from spacedesign.booking.db import default_url, make_engines, schema_is_current

        url = default_url(resolve_db(db))
        engines = make_engines(url)
        current = schema_is_current(engines)
        engines.dispose()
        if not current:
            raise InputError("the booking database is not initialised or out of date; "
                             "run `spacedesign booking init`")
        os.environ["SPACEDESIGN_DB"] = os.environ["SPACEDESIGN_BOOKING_DB"] = url
        console.print(f"serving on http://{host}:{port}/ (database {_safe_url(url)})",
                      markup=False)
        uvicorn.run("spacedesign.booking.web:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level="warning", access_log=False)
    run_command(run)


add_admin_commands(booking_app)
add_change_commands(booking_app)


def register(app: typer.Typer) -> None:
    """Add the ``booking`` command group to the CLI."""
    app.add_typer(booking_app, name="booking")
