"""``spacedesign export PLAN_OR_SCENARIO --format ... [--view ...] [--jw] --out PATH``."""

from __future__ import annotations

import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from spacedesign.cli.common import console, emit_json, err_console, run_command
from spacedesign.errors import InputError


class Format(StrEnum):
    """Export formats (kept here so ``--help`` works without the optional extras)."""

    dxf = "dxf"
    png = "png"
    svg = "svg"
    pdf = "pdf"
    glb = "glb"


class View(StrEnum):
    """What an image shows."""

    plan = "plan"
    access = "access"
    capacity = "capacity"
    exterior = "exterior"
    axon = "axon"

VIEW_HELP = "plan | access | capacity | exterior | axon (images; DXF and GLB hold everything)."


def _optional_analysis(plan: Any, fmt: str, view: str, ruleset: str,
                       notes: list[str]) -> tuple[Any, Any]:
    """Run the accessibility check and the capacity assessment when their modules exist."""
    findings = capacity = None
    if fmt == "dxf" or view == "access":
        try:
            from spacedesign.rules import check_plan  # type: ignore[attr-defined,unused-ignore]
        except ImportError as exc:
            notes.append("accessibility checks (spacedesign.rules) are not available "
                         f"({exc}): drawing without findings")
        else:
            findings = check_plan(plan, ruleset)
    if fmt == "dxf" or view in ("capacity", "plan"):
        try:
            from spacedesign.capacity import assess_plan  # type: ignore[attr-defined,unused-ignore]
        except ImportError as exc:
            notes.append("capacity assessment (spacedesign.capacity) is not available "
                         f"({exc}): drawing without seat counts")
        else:
            capacity = assess_plan(plan)
    return findings, capacity


def export_command(
    plan_file: Path = typer.Argument(..., help="Plan or scenario file (YAML or JSON).",
                                     metavar="PLAN_OR_SCENARIO"),
    out: Path = typer.Option(..., "--out", "-o", help="Output file (parent folders are created)."),
    fmt: Format | None = typer.Option(
        None, "--format", "-f", case_sensitive=False,
        help="dxf | png | svg | pdf | glb (default: from the suffix of --out)."),
    view: View = typer.Option(View.plan, "--view", help=VIEW_HELP),
    jw: bool = typer.Option(False, "--jw",
                            help="DXF: also write <stem>_jw.dxf (R12, Shift-JIS) for Jw_cad."),
    ruleset: str = typer.Option("jp-recommended", "--ruleset",
                                help="Ruleset for the accessibility overlay."),
    date: str | None = typer.Option(
        None, "--date", metavar="YYYY-MM-DD",
        help="Date in the title blocks (default: SOURCE_DATE_EPOCH or today, Asia/Tokyo)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Write drawings (DXF), images (PNG/SVG/PDF) or the 3D model (GLB) of a plan."""

    def run() -> None:
        from spacedesign.export import export, format_of
        from spacedesign.io import load_plan

        chosen = format_of(out, fmt.value if fmt else None)
        day = None
        if date is not None:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise InputError(f"--date {date!r} is not a date like 2026-01-31",
                                 value=date) from None
        plan = load_plan(plan_file)
        notes: list[str] = []
        findings, capacity = _optional_analysis(plan, chosen, view.value, ruleset, notes)
        written = export(plan, out, fmt=chosen, view=view.value, findings=findings,
                         capacity=capacity, jw=jw, date=day)
        for note in notes:
            err_console.print(f"spacedesign: note: {note}", markup=False)
        if as_json:
            emit_json({"plan": str(plan_file), "format": chosen, "view": view.value,
                       "written": [str(p) for p in written],
                       "findings": findings is not None, "capacity": capacity is not None,
                       "notes": notes})
        else:
            for path in written:
                console.print(f"wrote {path}", markup=False)

    run_command(run)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("export")(export_command)
