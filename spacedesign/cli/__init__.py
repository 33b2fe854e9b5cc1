"""The one entry point ``spacedesign`` (a typer app).

Commands live one per module in :mod:`spacedesign.cli.commands`; each module defines
``register(app)``. They are discovered at start-up, so adding a command is adding a file.
Optional dependencies are imported inside the command bodies: ``spacedesign --version`` works
with only the core installed.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from spacedesign import __version__
from spacedesign.cli import commands

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


def main() -> None:
    """Run the CLI (the ``spacedesign`` console script)."""
    app()
