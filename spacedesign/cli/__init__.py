"""The one entry point ``spacedesign`` (a typer app).

Commands live one per module in :mod:`spacedesign.cli.commands`; each module defines
``register(app)``. They are discovered at start-up, so adding a command is adding a file.
Optional dependencies are imported inside the command bodies: ``spacedesign --version`` works
with only the core installed.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
import traceback
from pathlib import Path

import typer

from spacedesign import __version__
from spacedesign.cli import commands
from spacedesign.errors import SpacedesignError

__all__ = ["app", "main"]

app = typer.Typer(
    name="spacedesign",
    help="中野区産業振興センター 1F の空間計画ツール — plan, check, compare and book the "
    "renovated first floor of Nakano City's Industrial Promotion Center.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spacedesign {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Plan, check, compare and book the renovated 1F of Nakano Industrial Promotion Center."""


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register_commands()


def _crash_log(exc: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to a log file; return its path."""
    try:
        handle, name = tempfile.mkstemp(prefix="spacedesign-crash-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(f"spacedesign {__version__}\nargv: {sys.argv!r}\n\n")
            log.write("".join(traceback.format_exception(exc)))
        return Path(name)
    except OSError:
        return None


def main() -> None:
    """Run the CLI (the ``spacedesign`` console script).

    Every command turns the errors it expects into one message; this is the last resort for the
    ones nobody expected: one line on stderr, the traceback in a log file, exit status 70.
    """
    try:
        app()
    except SpacedesignError as exc:
        sys.stderr.write(f"spacedesign: {exc}\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("spacedesign: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"spacedesign: {name}{exc.strerror or exc}\n")
        sys.exit(1)
    except Exception as exc:  # the last resort catches everything
        log = _crash_log(exc)
        where = f"; details in {log}" if log is not None else ""
        sys.stderr.write(
            f"spacedesign: internal error ({type(exc).__name__}: {exc}){where}. "
            "Please report it with that file.\n"
        )
        sys.exit(70)
