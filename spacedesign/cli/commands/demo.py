"""``spacedesign demo [--out DIR]``: the main job end to end on the Nakano model.

Stages: validate the model, the program and the hand-drawn scenarios; generate scenarios within
a time budget; score every scenario; compare them (sheet, HTML report, summary.json); export
DXF (+ Jw_cad copy), PDF, PNG views and GLB of the best three; prepare the booking database with
the rooms of the best one. A stage whose module is not installed is reported as not available,
never faked. Ends with the ranking, the stages and every path written (also in ``demo.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from spacedesign.cli.commands.compare import ranking_table
from spacedesign.cli.common import console, emit_json, run_command
from spacedesign.cli.demo_stages import (
    Stage,
    StageLog,
    booking_available,
    export_best,
    generate,
    parallel,
    prepare_booking,
)
from spacedesign.errors import InputError
from spacedesign.export.comparison import Comparison, compare_scored
from spacedesign.io import load_plan, load_program
from spacedesign.model import Plan, Program
from spacedesign.pipeline import ScoredScenario, optional_function, score_scenario

PLAN = Path("floorplans/nakano-ipc.yaml")
PROGRAM = Path("scenarios/program-2026.yaml")
BEST = 3


def _validate(stage: Stage, root: Path) -> tuple[Plan, Program, list[tuple[Path, Plan]]]:
    plan_path, program_path = root / PLAN, root / PROGRAM
    if not plan_path.exists():
        raise InputError("the Nakano model is missing; run from the repository root",
                         file=str(plan_path))
    hand = sorted((root / "scenarios").glob("scenario-*.yaml"))
    # loading runs every check of `spacedesign validate` and raises on any error
    base, program = load_plan(plan_path), load_program(program_path)
    scenarios = [(p, load_plan(p)) for p in hand]
    stage.detail = f"validated {plan_path}, {program_path} and {len(hand)} hand-drawn scenarios"
    return base, program, scenarios


def _score(stage: Stage, log: StageLog, program: Program,
           scenarios: list[tuple[Path, Plan]], workers: int) -> list[ScoredScenario]:
    def done(i: int, scored: ScoredScenario) -> None:
        log.say(f"    scored {i + 1}/{len(scenarios)}: {scored.name} → "
                f"{scored.card.composite:.1f}")

    tasks = [(plan, program, path) for path, plan in scenarios]
    scored = parallel(_score_one, tasks, workers, done)
    missing = sorted({m for s in scored for m in s.missing})
    stage.detail = f"{len(scored)} scenarios on {max(1, min(workers, len(tasks)))} processes" + (
        f"; n/a: {', '.join(missing)}" if missing else "")
    return scored


def _score_one(plan: Plan, program: Program, path: Path) -> ScoredScenario:
    return score_scenario(plan, program, path=path)


def _stage_table(log: StageLog) -> Table:
    table = Table(title="stages / 段階")
    table.add_column("stage")
    table.add_column("status")
    table.add_column("s", justify="right")
    table.add_column("detail", overflow="fold")
    for stage in log.stages:
        table.add_row(stage.name, stage.status, f"{stage.seconds:.1f}", stage.detail)
    return table


def _run(out: Path, count: int, seed: int, time_limit: float, workers: int,
         as_json: bool) -> int:
    root = Path(".")  # the demo runs from the repository root, like `make demo`
    log = StageLog(total=6)
    validated = log.run("validate", lambda st: _validate(st, root))
    if validated is None:
        raise InputError(log.stages[-1].detail)
    base, program, hand = validated
    has_generator = optional_function("spacedesign.generate", "generate_scenarios") is not None
    generated = log.run(
        "generate", lambda st: generate(st, base, program, out, count=count, seed=seed,
                                        time_limit=time_limit, workers=workers,
                                        base_path=root / PLAN, program_path=root / PROGRAM,
                                        say=log.say),
        needs=None if has_generator else "spacedesign.generate.generate_scenarios is not "
        "installed; only the hand-drawn scenarios are compared") or []
    scenarios = [*hand, *generated]
    scored = log.run("score", lambda st: _score(st, log, program, scenarios, workers)) or []
    comparison: Comparison | None = log.run(
        "compare + report", lambda st: _compare(st, scored, out),
        needs=None if scored else "nothing was scored")
    ranked = comparison.ranked if comparison else []
    has_export = optional_function("spacedesign.export", "export") is not None
    log.run("export best 3", lambda st: export_best(st, ranked[:BEST], out, program.ruleset,
                                                    log.say, workers),
            needs=None if has_export and ranked else (
                "spacedesign.export.export is not installed" if ranked else "nothing ranked"))
    best_file = ranked[0] if ranked and ranked[0].path is not None else None
    log.run("booking", lambda st: prepare_booking(st, ranked[0], out, log.say),
            needs=None if booking_available() and best_file else (
                "the booking command is not installed" if best_file else "nothing ranked"))
    record = {
        "out": str(out), "seconds": round(log.elapsed(), 1),
        "stages": [vars(s) for s in log.stages],
        "ranking": comparison.summary["scenarios"] if comparison else [],
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "demo.json").write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str)
                                   + "\n", encoding="utf-8")
    if as_json:
        emit_json(record)
    else:
        if comparison is not None:
            console.print(ranking_table(comparison, "scenarios ranked / シナリオ順位"))
        console.print(_stage_table(log))
        console.print("paths written / 出力:", markup=False)
        for stage in log.stages:
            for path in stage.paths:
                console.print(f"  {path}", markup=False)
        console.print(f"  {out / 'demo.json'}", markup=False)
        budget = "within" if log.elapsed() <= 180 else "OVER"
        console.print(f"done in {log.elapsed():.1f} s ({budget} the 3-minute budget)", markup=False)
    return 1 if log.failed else 0


def _compare(stage: Stage, scored: list[ScoredScenario], out: Path) -> Comparison:
    comparison = compare_scored(scored, out)
    for paths in comparison.files.values():
        stage.paths.extend(paths)
    stage.detail = f"best: {comparison.ranked[0].name}; Pareto: {len(comparison.pareto)}"
    return comparison


def demo(
    out: Path = typer.Option(Path("renders"), "--out", help="Where outputs are written."),
    count: int = typer.Option(6, "--count", help="Scenarios to generate."),
    seed: int = typer.Option(7, "--seed", help="Seed of the generator."),
    time_limit: float = typer.Option(45.0, "--time-limit", help="Generation budget (s)."),
    workers: int = typer.Option(2, "--workers", help="Generator processes."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run the main job on the Nakano model: validate, generate, score, compare, export, book."""
    code = run_command(lambda: _run(out, count, seed, time_limit, workers, as_json))
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("demo")(demo)
