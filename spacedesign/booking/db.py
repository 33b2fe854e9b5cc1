r"""Database location, engines and migrations of the booking store.

The database is a SQLite file by default: ``$SPACEDESIGN_DATA/booking.sqlite3`` when
``SPACEDESIGN_DATA`` is set, else ``booking.sqlite3`` in the user's data directory
(``$XDG_DATA_HOME/spacedesign``, ``~/.local/share/spacedesign``, ``~/Library/Application
Support/spacedesign`` or ``%APPDATA%\\spacedesign``). ``--db URL``,
``SPACEDESIGN_BOOKING_DB`` or ``SPACEDESIGN_DB`` selects another database, e.g. ``postgresql+psycopg://user@host/dbname``.

SQLite runs in WAL mode; every write transaction starts with ``BEGIN IMMEDIATE`` so writers are
serialised and a booking's checks and inserts see one consistent state. A writer waits up to
``$SPACEDESIGN_BOOKING_BUSY_TIMEOUT`` seconds (default 30) for another program's lock before
giving up with :class:`DatabaseUnavailableError`.

Engines are made with ``hide_parameters=True``: SQL errors and logs never carry the bound values
(names, phone numbers) of a statement.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect

from spacedesign.errors import BookingError

__all__ = [
    "DatabaseUnavailableError",
    "Engines",
    "database_error",
    "default_url",
    "make_engines",
    "schema_is_current",
    "unavailable",
    "upgrade",
]

MIGRATIONS = Path(__file__).with_name("migrations")


def _user_data_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "spacedesign"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "spacedesign"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spacedesign"


def default_url(explicit: str | None = None) -> str:
    """Return the database URL.

    ``explicit``, else ``$SPACEDESIGN_BOOKING_DB``, else ``$SPACEDESIGN_DB``, else the SQLite
    file.
    """
    if explicit:
        return explicit
    for name in ("SPACEDESIGN_BOOKING_DB", "SPACEDESIGN_DB"):
        if os.environ.get(name):
            return os.environ[name]
    data = os.environ.get("SPACEDESIGN_DATA")
    folder = Path(data) if data else _user_data_dir()
    return f"sqlite:///{folder / 'booking.sqlite3'}"


class DatabaseUnavailableError(BookingError):
    """The database is locked by another program or cannot be reached (HTTP 503)."""


def unavailable(exc: BaseException) -> DatabaseUnavailableError:
    """Turn a driver's OperationalError into one plain line (no SQL, no parameters)."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = detail[0].strip() if detail else type(exc).__name__
    if "locked" in first or "busy" in first:
        return DatabaseUnavailableError(
            "the booking database is busy (locked by another program); try again in a moment")
    if "connect" in first or "server" in first or "timeout" in first:
        return DatabaseUnavailableError(
            f"cannot reach the booking database ({first.removeprefix('connection failed: ')}); "
            "check that PostgreSQL is running and the --db URL")
    return DatabaseUnavailableError(f"the booking database cannot be used: {first}")


def database_error(exc: BaseException) -> BookingError:
    """One plain line for any driver error, without SQL, parameters or row contents.

    PostgreSQL's DETAIL ("Failing row contains (...)") repeats the values of the refused row even
    with ``hide_parameters``; only its primary message is kept. Locked or unreachable databases
    become :class:`DatabaseUnavailableError`.
    """
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(exc, OperationalError | PoolTimeout):
        return unavailable(exc)
    orig = getattr(exc, "orig", None) or exc
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    lines = (primary or str(orig)).strip().splitlines()
    return BookingError(f"database error: {lines[0] if lines else type(orig).__name__}")


def _busy_timeout() -> float:
    text = os.environ.get("SPACEDESIGN_BOOKING_BUSY_TIMEOUT", "30")
    try:
        return max(0.0, float(text))
    except ValueError:
        raise BookingError(f"SPACEDESIGN_BOOKING_BUSY_TIMEOUT must be seconds, not {text!r}",
                           value=text) from None


class Engines:
    """A writer and a reader engine on the same database (the same engine on PostgreSQL)."""

    def __init__(self, url: str, writer: Engine, reader: Engine) -> None:
        self.url = url
        self.writer = writer
        self.reader = reader
        self.dialect = writer.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def _sqlite_engine(url: str, begin: str) -> Engine:
    timeout = _busy_timeout()
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": timeout},
        pool_size=8,
        max_overflow=24,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def make_engines(url: str | None = None, *, create_folder: bool = False) -> Engines:
    """Open the database at ``url`` (see :func:`default_url`)."""
    url = default_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            folder = Path(path).parent
            if create_folder:
                folder.mkdir(parents=True, exist_ok=True)
            elif not Path(path).exists():
                raise BookingError(
                    f"no booking database at {path}; create it with `spacedesign booking init`",
                    file=path,
                )
        return Engines(url, _sqlite_engine(url, "BEGIN IMMEDIATE"), _sqlite_engine(url, "BEGIN"))
    if url.startswith("postgresql"):
        engine = create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True,
                               hide_parameters=True, connect_args={"connect_timeout": 10})
        return Engines(url, engine, engine)
    raise BookingError(
        f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql+psycopg://...",
        value=url,
    )


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engines: Engines) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    from alembic import command

    with engines.writer.connect() as connection:
        command.upgrade(_alembic_config(connection), "head")
        connection.commit()


def schema_is_current(engines: Engines) -> bool:
    """Whether the database has the newest migration applied."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engines.reader.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        heads = set(MigrationContext.configure(connection).get_current_heads())
        script = ScriptDirectory.from_config(_alembic_config(connection))
        return heads == set(script.get_heads())
