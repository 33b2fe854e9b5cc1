"""Administration sub-commands of ``spacedesign booking``: coordinator, rule, closure, user, token.

Also the helpers the booking commands share (``--db``, ``--json``, output).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich import box
from rich.table import Table

from spacedesign.cli.common import console, emit_json, fail
from spacedesign.cli.common import run_command as _run_command
from spacedesign.errors import InputError

if TYPE_CHECKING:
    from spacedesign.booking.store import BookingStore

T = TypeVar("T")

DB_HELP = ("Database URL, e.g. postgresql+psycopg://user@host/db or sqlite:///PATH (default: "
           "$SPACEDESIGN_BOOKING_DB, else $SPACEDESIGN_DB, else the SQLite file under "
           "$SPACEDESIGN_DATA / the user data directory). Accepted before or after the "
           "sub-command.")
DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def run_command(fn: Callable[[], T]) -> T:
    """Run a booking command: a locked or unreachable database is one line and exit 1."""
    def guarded() -> T:
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.exc import TimeoutError as PoolTimeout

        from spacedesign.booking.db import database_error
        from spacedesign.booking.records import error_text
        from spacedesign.errors import BookingError

        try:
            return fn()
        except (DBAPIError, PoolTimeout) as exc:
            raise fail(error_text(database_error(exc))) from None
        except BookingError as exc:
            raise fail(error_text(exc)) from None
    return _run_command(guarded)


#: ``--db`` given on the ``booking`` group (``spacedesign booking --db URL list``).
_group_db: list[str | None] = [None]


def set_group_db(db: str | None) -> None:
    """Remember the group's ``--db`` for the sub-command (reset on every invocation)."""
    _group_db[0] = db


def resolve_db(db: str | None) -> str | None:
    """Return the sub-command's ``--db``, else the group's (None: environment / default)."""
    return db or _group_db[0]


def open_store(db: str | None) -> BookingStore:
    """Open the existing database (a clear message when it was never initialised)."""
    from spacedesign.booking.db import make_engines, schema_is_current
    from spacedesign.booking.store import BookingStore

    engines = make_engines(resolve_db(db))
    if not schema_is_current(engines):
        engines.dispose()
        raise InputError("the booking database is not initialised or out of date; "
                         "run `spacedesign booking init`")
    return BookingStore(engines)


#: Below this terminal width, the columns a command marks optional are left out.
WIDE = 100


def _cell(value: Any) -> str:
    """Short text of one table cell: ISO times as ``MM-DD HH:MM``, booleans as yes / no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if len(text) >= 16 and text[4] == "-" and text[10] == "T" and text[13] == ":":
        return f"{text[5:10]} {text[11:16]}"
    return text


def show(data: Any, as_json: bool, *, columns: Sequence[str] = (), single: bool = False,
         optional: Sequence[str] = (), wrap: Sequence[str] = ()) -> None:
    """Print ``data`` as JSON or as a table / key list.

    Tables stay readable in an 80-column terminal: times are shortened, the ``optional``
    columns are left out below :data:`WIDE` columns, and only the ``wrap`` columns (names)
    may wrap onto further lines; the others never break.
    """
    if as_json:
        emit_json(data)
        return
    if single or isinstance(data, dict):
        for key, value in dict(data).items():
            console.print(f"{key}: {value}", markup=False)
        return
    if not data:
        console.print("(none)", markup=False)
        return
    keep = [c for c in columns if c not in optional or console.width >= WIDE]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for column in keep:
        table.add_column(column, no_wrap=column not in wrap, overflow="fold",
                         ratio=1 if column in wrap else None)
    for row in data:
        table.add_row(*(_cell(row.get(c)) for c in keep))
    console.print(table)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date: {text!r} (use YYYY-MM-DD)", value=text) from None


coordinator_app = typer.Typer(no_args_is_help=True, help="Coordinators (people).")
rule_app = typer.Typer(no_args_is_help=True, help="Weekly availability rules.")
closure_app = typer.Typer(no_args_is_help=True, help="Closures (holidays are automatic).")
user_app = typer.Typer(no_args_is_help=True, help="Staff accounts.")
token_app = typer.Typer(no_args_is_help=True, help="API tokens and calendar feed URLs.")


@coordinator_app.command("add")
def coordinator_add(name: str, name_en: str | None = typer.Option(None, "--name-en"),
                    db: DbOption = None, as_json: JsonOption = False) -> None:
    """Add a coordinator."""
    def run() -> None:
        store = open_store(db)
        show({"id": store.add_coordinator(name, name_en)}, as_json)
        store.close()
    run_command(run)


@coordinator_app.command("list")
def coordinator_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List coordinators."""
    def run() -> None:
        store = open_store(db)
        show(store.coordinators(), as_json, columns=("id", "name", "name_en"))
        store.close()
    run_command(run)


@rule_app.command("add")
def rule_add(
    coordinator: int = typer.Option(..., "--coordinator"),
    room: str | None = typer.Option(None, "--room", help="Room id (needed for onsite)."),
    days: str = typer.Option(..., "--days", help="e.g. wed,sat"),
    start: str = typer.Option("09:00", "--start"), end: str = typer.Option("17:00", "--end"),
    breaks: str = typer.Option("", "--breaks", help="e.g. 12:00-13:00"),
    modes: str = typer.Option("onsite", "--modes", help="onsite,outreach,online"),
    slot: int = typer.Option(60, "--slot", help="Slot minutes."),
    buffer: int = typer.Option(0, "--buffer", help="Minutes blocked after each booking."),
    travel: int = typer.Option(30, "--travel", help="Outreach travel minutes each way."),
    notice: int = typer.Option(60, "--notice", help="Minimum notice in minutes."),
    horizon: int = typer.Option(90, "--horizon", help="Booking horizon in days."),
    valid_from: str | None = typer.Option(None, "--from"),
    valid_until: str | None = typer.Option(None, "--until"),
    open_on_holidays: bool = typer.Option(False, "--open-on-holidays"),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Add a weekly window."""
    def run() -> None:
        store = open_store(db)
        rule_id = store.add_rule(
            coordinator_id=coordinator, room=room, weekdays=days, start=start, end=end,
            breaks=breaks, modes=tuple(m.strip() for m in modes.split(",")), slot_minutes=slot,
            buffer_minutes=buffer, travel_minutes=travel, min_notice_minutes=notice,
            horizon_days=horizon, valid_from=_date(valid_from), valid_until=_date(valid_until),
            closed_on_holidays=not open_on_holidays)
        store.close()
        show({"id": rule_id}, as_json)
    run_command(run)


@rule_app.command("list")
def rule_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List rules."""
    def run() -> None:
        from spacedesign.booking.slots import WEEKDAYS

        store = open_store(db)
        keys = store.room_keys()
        data = [{"id": r.id, "coordinator": r.coordinator_id,
                 "room": keys.get(r.room_id) if r.room_id else None, "modes": ",".join(r.modes),
                 "days": ",".join(WEEKDAYS[d] for d in r.weekdays),
                 "hours": f"{r.start:%H:%M}-{r.end:%H:%M}",
                 "breaks": ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in r.breaks),
                 "slot": r.slot_minutes, "buffer": r.buffer_minutes} for r in store.rules()]
        store.close()
        show(data, as_json, columns=("id", "coordinator", "room", "modes", "days", "hours",
                                     "slot", "breaks", "buffer"),
             optional=("breaks", "buffer"), wrap=("room", "modes", "days"))
    run_command(run)


@rule_app.command("remove")
def rule_remove(rule_id: int, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Remove a rule."""
    def run() -> None:
        store = open_store(db)
        store.remove_rule(rule_id)
        store.close()
        show({"removed": rule_id}, as_json)
    run_command(run)


@closure_app.command("add")
def closure_add(
    start: str, end: str | None = typer.Argument(None),
    reason: str = typer.Option("", "--reason"),
    yearly: bool = typer.Option(False, "--yearly", help="Repeat the month-day range yearly."),
    room: str | None = typer.Option(None, "--room"),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Close a day or a range (e.g. 2026-12-29 2027-01-03 --yearly)."""
    def run() -> None:
        first = _date(start)
        assert first is not None
        store = open_store(db)
        closure_id = store.add_closure(first, _date(end) or first, reason, yearly=yearly,
                                       room=room)
        store.close()
        show({"id": closure_id}, as_json)
    run_command(run)


@closure_app.command("list")
def closure_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List closures."""
    def run() -> None:
        store = open_store(db)
        data = [{"id": c.id, "start": c.start.isoformat(), "end": c.end.isoformat(),
                 "yearly": c.yearly, "reason": c.reason} for c in store.closures()]
        store.close()
        show(data, as_json, columns=("id", "start", "end", "yearly", "reason"),
             wrap=("reason",))
    run_command(run)


@closure_app.command("remove")
def closure_remove(closure_id: int, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Remove a closure."""
    def run() -> None:
        store = open_store(db)
        store.remove_closure(closure_id)
        store.close()
        show({"removed": closure_id}, as_json)
    run_command(run)


@user_app.command("add")
def user_add(
    username: str, role: str = typer.Option("staff", "--role"),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from stdin."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Add a staff account (asks for the password)."""
    def run() -> None:
        import getpass

        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("password: ")
        store = open_store(db)
        user_id = store.add_user(username, password, role=role)
        store.close()
        show({"id": user_id, "username": username}, as_json)
    run_command(run)


@user_app.command("list")
def user_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List staff accounts."""
    def run() -> None:
        store = open_store(db)
        show(store.users(), as_json, columns=("id", "username", "role", "active"))
        store.close()
    run_command(run)


@token_app.command("create")
def token_create(username: str, label: str = typer.Option("", "--label"),
                 db: DbOption = None, as_json: JsonOption = False) -> None:
    """Create an API token (printed once)."""
    def run() -> None:
        store = open_store(db)
        token = store.create_token(username, label)
        store.close()
        if as_json:
            emit_json({"token": token, "user": username})
        else:
            sys.stdout.write(token + "\n")
    run_command(run)


@token_app.command("list")
def token_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List tokens (not their values)."""
    def run() -> None:
        store = open_store(db)
        show(store.tokens(), as_json, columns=("id", "user", "label", "created_at", "revoked"),
             wrap=("label",))
        store.close()
    run_command(run)


@token_app.command("revoke")
def token_revoke(token_id: int, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Revoke a token."""
    def run() -> None:
        store = open_store(db)
        store.revoke_token(token_id)
        store.close()
        show({"revoked": token_id}, as_json)
    run_command(run)


@token_app.command("feed")
def token_feed(
    room: str | None = typer.Option(None, "--room"),
    coordinator: int | None = typer.Option(None, "--coordinator"),
    base_url: str = typer.Option("http://127.0.0.1:8000", "--base-url"),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Print the secret calendar-feed URL of a room or a coordinator."""
    def run() -> None:
        from spacedesign.booking.api import feed_key

        store = open_store(db)
        secret = store.secret_key()
        store.close()
        if room:
            url = f"{base_url}/api/feeds/rooms/{room}/{feed_key(secret, 'room', room)}.ics"
        elif coordinator:
            key = feed_key(secret, "coordinator", str(coordinator))
            url = f"{base_url}/api/feeds/coordinators/{coordinator}/{key}.ics"
        else:
            raise InputError("give --room or --coordinator")
        show({"url": url}, as_json)
    run_command(run)


def add_admin_commands(app: typer.Typer) -> None:
    """Attach coordinator, rule, closure, user and token to the booking group."""
    app.add_typer(coordinator_app, name="coordinator")
    app.add_typer(rule_app, name="rule")
    app.add_typer(closure_app, name="closure")
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
