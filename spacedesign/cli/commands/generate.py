"""``spacedesign generate --program P --out DIR``: diverse, ranked scenarios for a program."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import typer

from spacedesign.cli.common import console, emit_json, err_console, run_command


def generate(
    program: Path = typer.Option(..., "--program", help="A spacedesign.program/1 file."),
    out: Path = typer.Option(..., "--out", help="Folder for the scenario files and index.json."),
    count: int = typer.Option(6, "--count", min=1, max=200, help="Scenarios to write."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same files)."),
    time_limit: float = typer.Option(60.0, "--time-limit", min=0.1, help="Seconds (recorded)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Local worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print index.json to stdout."),
) -> None:
    """Generate layout scenarios of the program's renovation zone, ranked by score."""

    def work() -> None:
        from rich.progress import Progress

        from spacedesign.generate import generate_scenarios
        from spacedesign.io import load_plan, load_program, resolve_program_plan, save_document

        prog = load_program(program)
        plan_path = resolve_program_plan(prog, program)
        plan = load_plan(plan_path)
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with Progress(console=err_console, transient=True, disable=as_json) as bar:
            task = bar.add_task("searching layouts", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            scenarios = generate_scenarios(
                plan,
                prog,
                count=count,
                seed=seed,
                time_limit=time_limit,
                workers=workers,
                scheduler=scheduler,
                progress=progress,
                base=os.path.relpath(plan_path, out),
                program_ref=os.path.relpath(program, out),
            )
        entries = []
        for scenario in scenarios:
            info = scenario.scenario.generator if scenario.scenario else {}
            name = f"scenario-{int(info['rank']):02d}.yaml"
            save_document(scenario, out / name)
            entries.append(
                {
                    "rank": info["rank"],
                    "file": name,
                    "name": scenario.name,
                    "scores": info["scores"],
                    "objective": info["objective"],
                }
            )
        index = {
            "program": str(program),
            "plan": str(plan_path),
            "seed": seed,
            "count": len(entries),
            "seconds": round(time.perf_counter() - started, 3),
            "ranking": "weighted mean of accessibility (rules), program_fit, adjacency, daylight, "
            "efficiency",
            "diversity": "Jaccard distance >= 0.25 between topology signatures",
            "scenarios": entries,
        }
        (out / "index.json").write_text(
            json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if as_json:
            emit_json(index)
            return
        for entry in entries:
            console.print(
                f"{entry['rank']:>3}  {entry['file']}  total {entry['scores']['total']:.1f}"
                f"  adjacency {entry['scores']['adjacency']:.1f}",
                markup=False,
            )
        console.print(
            f"wrote {len(entries)} scenarios and index.json to {out} in {index['seconds']:.1f} s",
            markup=False,
        )

    run_command(work)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("generate")(generate)
