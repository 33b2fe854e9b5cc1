"""``spacedesign demo``: the main job on the Nakano model.

For now (foundation) it validates the Nakano model, the program and every scenario, and prints
a table of rooms and areas per scenario. Later stages (generation, scoring, exports, booking)
join it as their modules land.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from spacedesign.cli.common import console, emit_json, run_command
from spacedesign.errors import InputError
from spacedesign.io import load_plan, load_program
from spacedesign.model import Plan

DEFAULT_PLAN = Path("floorplans/nakano-ipc.yaml")
DEFAULT_PROGRAM = Path("scenarios/program-2026.yaml")


def _net_area(plan: Plan, use_filter: set[str] | None = None) -> float:
    total = 0.0
    for level in plan.levels:
        for room in level.rooms:
            if use_filter is None or room.use in use_filter:
                total += room.polygon.area
    return total


def summarise(plan: Plan) -> dict[str, object]:
    """Return rooms and areas of a plan, grouped by use (m², two decimals)."""
    by_use: dict[str, float] = {}
    rooms = []
    for level in plan.levels:
        for room in level.rooms:
            by_use[room.use] = by_use.get(room.use, 0.0) + room.polygon.area
            rooms.append({"level": level.id, "id": room.id, "name": room.name,
                          "use": room.use, "area": round(room.polygon.area, 2)})
    return {"name": plan.name, "rooms": rooms,
            "area_by_use": {k: round(v, 2) for k, v in sorted(by_use.items())},
            "total_area": round(sum(by_use.values()), 2)}


def _run(out: Path, as_json: bool) -> None:
    if not DEFAULT_PLAN.exists():
        raise InputError("the Nakano model is missing; run from the repository root",
                         file=str(DEFAULT_PLAN))
    base = load_plan(DEFAULT_PLAN)
    program = load_program(DEFAULT_PROGRAM)
    scenario_files = sorted(Path("scenarios").glob("scenario-*.yaml"))
    scenarios = [(f, load_plan(f)) for f in scenario_files]
    summaries = [("base", DEFAULT_PLAN, summarise(base))]
    summaries += [(f.stem, f, summarise(p)) for f, p in scenarios]
    if as_json:
        emit_json({"program": program.name,
                   "plans": [{"key": k, "file": str(f), **s} for k, f, s in summaries]})
        return
    console.print(f"validated {DEFAULT_PLAN}, {DEFAULT_PROGRAM} and {len(scenarios)} scenarios",
                  markup=False)
    uses = sorted({u for _, _, s in summaries for u in s["area_by_use"]})  # type: ignore[attr-defined]
    table = Table(title="rooms and net areas (m², to wall centrelines) / 室面積")
    table.add_column("use")
    for key, _, _ in summaries:
        table.add_column(key, justify="right")
    for use in uses:
        table.add_row(use, *(f"{s['area_by_use'].get(use, 0.0):.2f}"  # type: ignore[attr-defined]
                             for _, _, s in summaries))
    table.add_row("total", *(f"{s['total_area']:.2f}" for _, _, s in summaries))
    console.print(table)
    console.print(f"(output folder {out} is used by the export stages)", markup=False)


def demo(
    out: Path = typer.Option(Path("renders"), "--out", help="Where outputs are written."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run the main job on the Nakano model (validate, summarise; more stages as they land)."""
    run_command(lambda: _run(out, as_json))


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("demo")(demo)
