"""``spacedesign validate FILE...``: check plan, scenario, program and FLP files."""

from __future__ import annotations

from pathlib import Path

import typer

from spacedesign.cli.common import console, emit_json, err_console
from spacedesign.io import validate_file


def validate(
    files: list[Path] = typer.Argument(..., help="Plan, scenario, program or FLP files."),
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    """Check files against the formats of DESIGN.md §4 and report every problem."""
    report = []
    errors = 0
    for file in files:
        problems = validate_file(file)
        errors += sum(1 for p in problems if p.severity == "error")
        report.append({"file": str(file), "problems": [p.to_dict() for p in problems]})
        if not as_json:
            for problem in problems:
                err_console.print(str(problem), markup=False)
    if as_json:
        emit_json({"ok": errors == 0, "files": report})
    elif errors == 0:
        warnings = sum(len(r["problems"]) for r in report)
        extra = f", {warnings} warnings" if warnings else ""
        console.print(f"ok: {len(files)} file(s) valid{extra}", markup=False)
    else:
        err_console.print(f"{errors} problem(s) in {len(files)} file(s)", markup=False)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("validate")(validate)
