"""Shared plumbing of the CLI: error handling, JSON output and consoles.

Only the CLI prints or exits. :func:`run_command` turns every :class:`SpacedesignError` into one
clear message on stderr and exit status 1; usage errors keep typer's exit status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from spacedesign.errors import SpacedesignError, ValidationError

__all__ = ["console", "emit_json", "err_console", "fail", "run_command"]

console = Console(highlight=False, soft_wrap=True, emoji=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

T = TypeVar("T")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``spacedesign: message`` on stderr and return the Exit to raise."""
    err_console.print(f"spacedesign: {message}", markup=False)
    return typer.Exit(code)


def run_command(fn: Callable[[], T]) -> T:
    """Run ``fn``; report a SpacedesignError (or a file system error) as one message + exit 1."""
    try:
        return fn()
    except ValidationError as exc:
        for problem in exc.problems:
            if problem.severity == "error":
                err_console.print(str(problem), markup=False)
        raise typer.Exit(1) from None
    except SpacedesignError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        raise fail(f"{name}{exc.strerror or exc}") from None
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None


def _default(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(obj: Any) -> None:
    """Print ``obj`` as one JSON document on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_default) + "\n")
    sys.stdout.flush()
