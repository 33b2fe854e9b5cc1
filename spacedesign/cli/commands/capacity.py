"""``spacedesign capacity PLAN``: seats per room and style, occupant loads, capacity."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from spacedesign.capacity import (
    DEFAULT_CONSULTATION_HOURS,
    STYLE_LABELS,
    STYLES,
    CapacityReport,
    assess_plan,
    furnish_plan,
)
from spacedesign.cli.common import console, emit_json, run_command
from spacedesign.io import load_plan, save_document

RULESETS = ("jp-minimum", "jp-recommended", "tokyo", "ada-2010")


def _print_report(report: CapacityReport, written: Path | None) -> None:
    table = Table(title=f"収容人数 / Capacity — {report.plan} ({report.ruleset})")
    shown = [s for s in STYLES if any(s in room.styles for room in report.rooms)]
    for column in ("room", "use", "net m²", *shown, "load", "IBC", "capacity", "limit"):
        table.add_column(column, justify="left" if column in ("room", "use") else "right")
    for room in report.rooms:
        cells = []
        for style in shown:
            result = room.styles.get(style)
            if result is None:
                cells.append("")
            else:
                mark = "*" if style == room.best_style else ""
                flag = "" if result.meets_wheelchair else \
                    f" (wc<{result.required_wheelchair_places}!)"
                cells.append(f"{result.seats}+{result.wheelchair_places}{flag}{mark}")
        table.add_row(f"{room.id} {room.name}", room.use, f"{room.net_area:.2f}", *cells,
                      str(room.occupant_load), str(room.occupant_load_ibc), str(room.capacity),
                      "seats" if room.limited_by == "seats" else "load")
    console.print(table)
    totals = report.totals
    console.print(
        f"total: {totals['rooms']} rooms, {totals['net_area']:.2f} m², {totals['seats']} seats "
        f"+ {totals['wheelchair_places']} wheelchair places, "
        f"occupant load {totals['occupant_load']} (IBC {totals['occupant_load_ibc']}), "
        f"capacity {totals['capacity']}", markup=False)
    for use, row in totals["by_use"].items():
        console.print(f"  {use}: {row['rooms']} rooms, capacity {row['capacity']}", markup=False)
    consult = report.consultation
    console.print(
        f"consultation: {len(consult.rooms)} rooms × {consult.hours_per_week:g} h/week = "
        f"{consult.room_hours_per_week:g} room-hours/week", markup=False)
    legend = ", ".join(f"{s} = {STYLE_LABELS[s][0]}" for s in shown)
    console.print(f"cells: seats+wheelchair places, * = style used for the capacity, "
                  f"(wc<N!) = fewer wheelchair places than the N SEATING-WHEELCHAIR asks for; "
                  f"{legend}", markup=False)
    short = [(room.id, s) for room in report.rooms for s in room.styles.values()
             if not s.meets_wheelchair]
    for room_id, lacking in short:
        console.print(f"  {room_id} {lacking.style}: {lacking.wheelchair_places} of "
                      f"{lacking.required_wheelchair_places} wheelchair places: does not meet "
                      f"SEATING-WHEELCHAIR{' (recommended)' if lacking.wheelchair_soft else ''}",
                      markup=False)
    if written is not None:
        chosen = ", ".join(f"{room.id}: {room.best_style if report.style is None else report.style}"
                           for room in report.rooms if room.best_style is not None)
        console.print(f"furnished plan written to {written} ({chosen})", markup=False)


def capacity(
    plan_path: Path = typer.Argument(..., metavar="PLAN", help="Plan or scenario file."),
    style: str | None = typer.Option(
        None, "--style", help=f"Only this furnishing style ({', '.join(STYLES)})."),
    ruleset: str = typer.Option(
        "jp-recommended", "--ruleset", help=f"Wheelchair-place rules: {', '.join(RULESETS)}."),
    hours: float = typer.Option(
        DEFAULT_CONSULTATION_HOURS, "--hours", help="Consultation desk opening hours per week."),
    furnish: Path | None = typer.Option(
        None, "--furnish", metavar="OUT.yaml", help="Write the plan with the furniture placed."),
    as_json: bool = typer.Option(False, "--json", help="Print the DESIGN.md §6 JSON."),
) -> None:
    """Seats per room and furnishing style, occupant loads, capacity and what limits it."""
    if style is not None and style not in STYLES:
        raise typer.BadParameter(f"unknown style {style!r}; one of: {', '.join(STYLES)}",
                                 param_hint="--style")
    if ruleset not in RULESETS:
        raise typer.BadParameter(f"unknown ruleset {ruleset!r}; one of: {', '.join(RULESETS)}",
                                 param_hint="--ruleset")

    def run() -> tuple[CapacityReport, Path | None]:
        plan = load_plan(plan_path)
        report = assess_plan(plan, ruleset=ruleset, style=style, hours_per_week=hours)
        written = None
        if furnish is not None:
            best = {r.id: r.best_style for r in report.rooms if r.best_style is not None}
            written = save_document(
                furnish_plan(plan, style=style, ruleset=ruleset, styles=best), furnish)
        return report, written

    report, written = run_command(run)
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_report(report, written)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("capacity")(capacity)
