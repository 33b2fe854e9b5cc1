"""``spacedesign generate``: diverse, ranked scenarios of the program's renovation zone.

Writes ``scenario-01.yaml`` … (``spacedesign.scenario/1``, best first) and ``index.json``
(rank, file, scores) into ``--out``. The same ``--seed`` gives byte-identical files whether the
search runs in this process, on a local pool (``--workers``) or on a Dask cluster
(``--scheduler``); only ``--time-limit`` can cut the search short and change that.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from spacedesign.cli.common import console, emit_json, err_console, run_command
from spacedesign.errors import InputError
from spacedesign.io import load_plan, load_program, resolve_program_plan, save_document

INDEX_FORMAT = "spacedesign.generate-index/1"


def _diversity(found: list[Any]) -> dict[str, Any]:
    """Return the set's diversity: the measure, its circulation patterns, pairwise distances."""
    from spacedesign.generate.scenario import MIN_DISTANCE, topology_distance

    distances = [topology_distance(a.topology, b.topology)
                 for i, a in enumerate(found) for b in found[i + 1:]]
    patterns = sorted({str(e.plan.scenario.generator.get("spine")) for e in found
                       if e.plan.scenario is not None})
    return {"measure": "Jaccard distance of topology feature sets (circulation pattern, entry "
                       "edge, what each room opens onto, rooms sharing >= 1 m of wall, zone "
                       "edges touched)",
            "near_duplicate_below": MIN_DISTANCE, "circulation": patterns,
            "min_distance": round(min(distances), 3) if distances else None,
            "mean_distance": round(sum(distances) / len(distances), 3) if distances else None}


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def _stale_files(out: Path) -> list[Path]:
    """Scenario files listed by a previous index in ``out`` (replaced by this run)."""
    index = out / "index.json"
    try:
        previous = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(previous, dict) or previous.get("format") != INDEX_FORMAT:
        return []
    return [out / str(s.get("file")) for s in previous.get("scenarios", [])
            if isinstance(s, dict) and isinstance(s.get("file"), str) and "/" not in s["file"]]


_clock = time.monotonic
"""The clock ``--time-limit`` is measured on (tests replace it)."""


def _process_start() -> float:
    """When this process started, on :func:`_clock` (Linux ``/proc``; now elsewhere).

    ``--time-limit`` counts from here, so interpreter start-up and imports are inside it.
    """
    now = _clock()
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return now
    return now - max(0.0, age) if _clock is time.monotonic else now


def _run(program_path: Path, count: int, seed: int, time_limit: float | None, workers: int,
         scheduler: str | None, out: Path, as_json: bool, started: float) -> None:
    from spacedesign.executors import open_mapper
    from spacedesign.generate.scenario import STRATEGY, search_scenarios

    if count < 1:
        raise InputError("--count must be at least 1", value=count)
    if time_limit is not None and time_limit <= 0:
        raise InputError("--time-limit must be positive", value=time_limit)
    program = load_program(program_path)
    plan_path = resolve_program_plan(program, program_path)
    plan = load_plan(plan_path)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True, disable=as_json) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = {"sketch": "layouts / 配置案", "finish": "furnish + check / 家具・検査"}
                tasks[stage] = bar.add_task(label.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        with open_mapper(plan, program, workers=workers, scheduler=scheduler) as mapper:
            found = search_scenarios(plan, program, count=count, seed=seed,
                                     time_limit=time_limit, mapper=mapper, progress=progress,
                                     clock=_clock, started=started,
                                     base_ref=_relative(plan_path, out),
                                     program_ref=_relative(program_path, out))
    seconds = _clock() - started
    out.mkdir(parents=True, exist_ok=True)
    stale = set(_stale_files(out))
    rows: list[dict[str, Any]] = []
    for rank, result in enumerate(found, 1):
        file = out / f"scenario-{rank:02d}.yaml"
        save_document(result.plan, file)
        stale.discard(file)
        rows.append({"rank": rank, "file": file.name, "name": result.plan.name,
                     "seed": result.seed, "score": result.score,
                     "scores": {k: result.scores[k] for k in sorted(result.scores)},
                     "failures": list(result.failures),
                     "circulation": result.plan.scenario.generator.get("spine")
                     if result.plan.scenario else None,
                     "topology": sorted(result.topology)})
    for old in stale:
        old.unlink(missing_ok=True)
    checked_by = found[0].checked_by if found else None
    spread = _diversity(found)
    index = {"format": INDEX_FORMAT, "program": _relative(program_path, out),
             "base": _relative(plan_path, out), "strategy": STRATEGY, "seed": seed,
             "count": count, "checked_by": checked_by,
             "weights": program.score_weights(), "diversity": spread,
             "scenarios": rows}
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    where = scheduler or (f"{workers} local processes" if workers > 1 else "this process")
    if as_json:
        emit_json({"out": str(out), "index": str(out / "index.json"), "seconds": round(seconds, 2),
                   "executor": where, "checked_by": checked_by, "scenarios": rows})
        return
    table = Table(title=f"generated scenarios / 生成案 (seed {seed}, {where}, {seconds:.1f} s)")
    table.add_column("file", no_wrap=True, min_width=16)
    table.add_column("name", no_wrap=True)
    for name in ("score", "access", "adjacency", "daylight", "capacity"):
        table.add_column(name, justify="right", no_wrap=True, min_width=5)
    for row in rows:
        s = row["scores"]
        table.add_row(str(row["file"]), str(row["name"]).split(" / ")[0],
                      f"{row['score']:.1f}",
                      *(f"{s[k]:.1f}" if k in s else "—"
                        for k in ("accessibility", "adjacency", "daylight", "capacity")))
    console.print(table)
    console.print(f"scored by: {checked_by}", markup=False)
    if spread["min_distance"] is not None:
        console.print(f"diversity: {len(spread['circulation'])} circulation pattern(s) "
                      f"({', '.join(spread['circulation'])}); topology distance min "
                      f"{spread['min_distance']:.2f} / mean {spread['mean_distance']:.2f} "
                      f"(near-duplicates < {spread['near_duplicate_below']})", markup=False)
    flagged = [r for r in rows if r["failures"]]
    if flagged:
        console.print(f"{len(flagged)} scenario(s) keep major/minor check failures (see "
                      "index.json 'failures'); none has a critical one", markup=False)
    console.print(f"wrote {len(rows)} scenario(s) and {out / 'index.json'}", markup=False)


def generate(
    program: Path = typer.Option(..., "--program", help="Program file (spacedesign.program/1)."),
    count: int = typer.Option(8, "--count", help="Scenarios to write."),
    seed: int = typer.Option(0, "--seed", help="Search seed (same seed, same files)."),
    time_limit: float = typer.Option(None, "--time-limit",
                                     help="Stop after T s from start-up (at least one "
                                          "scenario is finished)."),
    workers: int = typer.Option(min(2, os.cpu_count() or 1), "--workers",
                                help="Local worker processes (1 = this process)."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="Dask scheduler address, e.g. tcp://127.0.0.1:8786."),
    out: Path = typer.Option(..., "--out", help="Output folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Generate diverse, ranked layout scenarios for the program's renovation zone."""
    started = _process_start()
    run_command(lambda: _run(program, count, seed, time_limit, workers, scheduler, out, as_json,
                             started))


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("generate")(generate)
