"""Sub-commands that change a booking after it was made: reschedule, confirm, complete, no-show.

Each goes through the same store call as the web page, so every rule is re-checked on the
server and every change lands in the audit log with ``--as`` as the actor. Re-scheduling keeps
the booking's number and calendar UID.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable

import typer

from spacedesign.cli.commands._booking_admin import (
    DbOption,
    JsonOption,
    open_store,
    run_command,
    show,
)
from spacedesign.errors import InputError

__all__ = ["add_change_commands"]


def _tokyo(day: str, at: str) -> dt.datetime:
    from spacedesign.booking.slots import TOKYO

    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise InputError(f"not a date: {day!r} (use YYYY-MM-DD)", value=day) from None
    try:
        clock = dt.time.fromisoformat(at)
    except ValueError:
        raise InputError(f"not a time: {at!r} (use HH:MM)", value=at) from None
    return dt.datetime.combine(date, clock, TOKYO)


def reschedule(
    booking_id: int = typer.Argument(..., help="Booking number (kept)."),
    date: str = typer.Option(..., "--date", help="New day YYYY-MM-DD (Tokyo)."),
    start: str = typer.Option(..., "--start", help="New start HH:MM (Tokyo)."),
    minutes: int | None = typer.Option(None, "--minutes", min=5, max=480,
                                       help="New length (default: unchanged)."),
    room: str | None = typer.Option(None, "--room", help="New room (default: unchanged)."),
    coordinator: int | None = typer.Option(None, "--coordinator",
                                           help="New coordinator (default: unchanged)."),
    actor: str = typer.Option(getpass.getuser(), "--as", help="Who changes it (audit log)."),
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Move a booking to another offered slot; its number and calendar UID stay."""
    def run() -> None:
        first = _tokyo(date, start)
        store = open_store(db)
        try:
            current = store.get(booking_id)
            length = (dt.timedelta(minutes=minutes) if minutes is not None
                      else current.end - current.start)
            view = store.reschedule(booking_id, first, first + length, actor, room=room,
                                    coordinator_id=coordinator)
        finally:
            store.close()
        show(view.to_dict(), as_json, single=True)
    run_command(run)


def _status_command(status: str, summary: str) -> Callable[..., None]:
    def command(
        booking_id: int = typer.Argument(..., help="Booking number."),
        actor: str = typer.Option(getpass.getuser(), "--as", help="Who records it (audit log)."),
        db: DbOption = None, as_json: JsonOption = False,
    ) -> None:
        def run() -> None:
            store = open_store(db)
            try:
                view = store.set_status(booking_id, status, actor)
            finally:
                store.close()
            show(view.to_dict(), as_json, single=True)
        run_command(run)

    command.__doc__ = summary
    return command


def add_change_commands(app: typer.Typer) -> None:
    """Attach reschedule, confirm, complete and no-show to the booking group."""
    app.command("reschedule")(reschedule)
    app.command("confirm")(_status_command("confirmed", "Confirm a held booking."))
    app.command("complete")(_status_command(
        "completed", "Mark a booking as completed (it took place); not before it starts."))
    app.command("no-show")(_status_command(
        "no_show", "Mark that the caller did not come; not before the booking starts."))
