"""The stages of ``spacedesign demo`` and the record of what each one did.

Each stage runs only when the module it needs is installed; otherwise it is recorded as
``not available`` with the reason, and the summary says so. A stage that exists but fails is
recorded as ``failed`` with its error, and the demo exits 1 at the end.
"""

from __future__ import annotations

import inspect
import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from spacedesign.cli.common import console
from spacedesign.errors import SpacedesignError
from spacedesign.io import save_document
from spacedesign.model import Plan, Program
from spacedesign.pipeline import ScoredScenario, optional_function

__all__ = [
    "EXPORT_FORMATS",
    "Stage",
    "StageLog",
    "booking_available",
    "export_best",
    "export_scenario",
    "generate",
    "parallel",
    "prepare_booking",
]

EXPORT_FORMATS: tuple[tuple[str, str, bool], ...] = (
    ("plan.dxf", "plan", True),
    ("plan.pdf", "plan", False),
    ("plan.png", "plan", False),
    ("access.png", "access", False),
    ("capacity.png", "capacity", False),
    ("exterior.png", "exterior", False),
    ("axon.png", "axon", False),
    ("model.glb", "plan", False),
)
"""(file name, view, Jw_cad copy) written for each of the best scenarios."""

T = TypeVar("T")


@dataclass
class Stage:
    """What one stage did."""

    name: str
    status: str = "pending"
    seconds: float = 0.0
    detail: str = ""
    paths: list[str] = field(default_factory=list)


class StageLog:
    """Runs stages in order, prints progress, and keeps their records."""

    def __init__(self, total: int) -> None:
        self.stages: list[Stage] = []
        self.total = total
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the demo started."""
        return time.perf_counter() - self.started

    def say(self, text: str) -> None:
        """Print one progress line, stamped with the elapsed time."""
        console.print(f"[{self.elapsed():6.1f} s] {text}", markup=False)

    def run(self, name: str, fn: Callable[[Stage], Any], *, needs: str | None = None) -> Any:
        """Run ``fn(stage)``; with ``needs`` set (a reason), record the stage as unavailable."""
        stage = Stage(name)
        self.stages.append(stage)
        number = f"{len(self.stages)}/{self.total}"
        if needs is not None:
            stage.status = "not available"
            stage.detail = needs
            self.say(f"{number} {name}: not available — {needs}")
            return None
        self.say(f"{number} {name} …")
        start = time.perf_counter()
        try:
            result = fn(stage)
        except (SpacedesignError, OSError, subprocess.SubprocessError) as exc:
            stage.status = "failed"
            stage.detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            result = None
        except Exception as exc:  # a stage module that breaks: recorded, the demo goes on
            stage.status = "failed"
            stage.detail = f"{type(exc).__name__}: {exc}".splitlines()[0]
            result = None
        else:
            if stage.status == "pending":
                stage.status = "ok"
        stage.seconds = time.perf_counter() - start
        self.say(f"{number} {name}: {stage.status} ({stage.seconds:.1f} s) {stage.detail}")
        return result

    @property
    def failed(self) -> list[Stage]:
        """Stages that ran and failed."""
        return [s for s in self.stages if s.status in ("failed", "partial")]


def generate(stage: Stage, base: Plan, program: Program, out: Path, *, count: int, seed: int,
             time_limit: float, workers: int, base_path: Path, program_path: Path,
             say: Callable[[str], None]) -> list[tuple[Path, Plan]]:
    """Generate scenarios and save them as ``out/scenarios/generated-NN.yaml``."""
    generate_scenarios = optional_function("spacedesign.generate", "generate_scenarios")
    assert generate_scenarios is not None
    folder = out / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    accepted = inspect.signature(generate_scenarios).parameters
    extra: dict[str, Any] = {}
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] >= 5.0 or done == total:
            last[0] = time.perf_counter()
            say(f"    generating: {done}/{total}")

    if "progress" in accepted:
        extra["progress"] = progress
    if "base" in accepted:  # provenance, relative to where the scenario files are written
        extra["base"] = os.path.relpath(base_path.resolve(), folder.resolve())
    if "program_ref" in accepted:
        extra["program_ref"] = os.path.relpath(program_path.resolve(), folder.resolve())
    if "workers" in accepted:
        extra["workers"] = workers
    plans = generate_scenarios(base, program, count=count, seed=seed, time_limit=time_limit,
                               **extra)
    saved = []
    for i, plan in enumerate(plans, start=1):
        path = save_document(plan, folder / f"generated-{i:02d}.yaml")
        saved.append((path, plan))
        stage.paths.append(str(path))
    stage.detail = f"{len(saved)} scenarios (seed {seed}, limit {time_limit:g} s)"
    return saved


def _findings_for(scored: ScoredScenario, ruleset: str) -> Any:
    return scored.checks.get(ruleset)


def _export_one(export: Callable[..., Any], scored: ScoredScenario, path: Path, view: str,
                jw: bool, report: Any) -> tuple[list[Path], str | None]:
    """Export one file; if the exporter rejects the check report, retry with its findings only.

    Returns the files written and, for a retry, a note saying what was left out.
    """
    try:
        written = export(scored.plan, path, view=view, findings=report,
                         capacity=scored.capacity, jw=jw)
        return list(written), None
    except Exception as exc:  # an adapter that breaks is reported, not hidden
        if report is None or not hasattr(report, "findings"):
            raise
        first = f"{type(exc).__name__}: {exc}"
    written = export(scored.plan, path, view=view, findings=list(report.findings),
                     capacity=scored.capacity, jw=jw)
    return list(written), f"{path.name}: check geometry rejected ({first}); findings only"


@dataclass
class ExportResult:
    """What exporting one scenario wrote, left out and failed on."""

    paths: list[str] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def export_scenario(scored: ScoredScenario, folder: Path, ruleset: str) -> ExportResult:
    """Export every file of :data:`EXPORT_FORMATS` for one scenario (runs in a worker)."""
    export = optional_function("spacedesign.export", "export")
    assert export is not None
    result = ExportResult()
    for name, view, jw in EXPORT_FORMATS:
        try:
            written, note = _export_one(export, scored, folder / name, view, jw,
                                        _findings_for(scored, ruleset))
        except Exception as exc:  # reported in the summary and the exit status
            result.problems.append(f"{folder.name}/{name}: {type(exc).__name__}: {exc}")
            continue
        if note:
            result.degraded.append(f"{folder.name}/{note}")
        result.paths.extend(str(p) for p in written)
    return result


def parallel(fn: Callable[..., T], tasks: Sequence[tuple[Any, ...]], workers: int,
             done: Callable[[int, T], None]) -> list[T]:
    """Run ``fn(*task)`` for every task on ``workers`` processes; call ``done`` as each ends.

    Results come back in task order. One worker (or one task) runs in this process.
    """
    results: dict[int, T] = {}
    if workers <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            results[i] = fn(*task)
            done(i, results[i])
    else:
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks)),
                                 mp_context=context) as pool:
            futures = {pool.submit(fn, *task): i for i, task in enumerate(tasks)}
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                done(i, results[i])
    return [results[i] for i in range(len(tasks))]


def export_best(stage: Stage, best: Sequence[ScoredScenario], out: Path, ruleset: str,
                say: Callable[[str], None], workers: int) -> None:
    """Export DXF (+ Jw_cad copy), PDF, PNG views and GLB of each of ``best`` (in parallel)."""
    tasks = [(scored, out / f"best-{rank}", ruleset) for rank, scored in enumerate(best, start=1)]

    def done(i: int, result: ExportResult) -> None:
        say(f"    best-{i + 1} ({best[i].name}) exported to {tasks[i][1]}")

    results = parallel(export_scenario, tasks, workers, done)
    degraded = [d for r in results for d in r.degraded]
    problems = [p for r in results for p in r.problems]
    stage.paths.extend(p for r in results for p in r.paths)
    stage.detail = f"{len(stage.paths)} files"
    if degraded:
        stage.detail += f"; {len(degraded)} without route overlay: {degraded[0]}"
    if problems:
        stage.status = "partial"
        stage.detail += f"; {len(problems)} failed: " + "; ".join(problems[:3])


def booking_available() -> bool:
    """Whether the CLI has the ``booking`` command group."""
    from spacedesign.cli import app

    names = [g.name for g in app.registered_groups] + [c.name for c in app.registered_commands]
    return "booking" in names


def prepare_booking(stage: Stage, best: ScoredScenario, out: Path,
                    say: Callable[[str], None]) -> None:
    """Run ``spacedesign booking init --demo BEST`` with a SQLite database in ``out/booking``."""
    assert best.path is not None
    folder = out / "booking"
    folder.mkdir(parents=True, exist_ok=True)
    database = (folder / "booking.sqlite3").resolve()
    result = subprocess.run(
        [sys.executable, "-m", "spacedesign", "booking", "init", "--demo",
         str(best.path.resolve()), "--db", f"sqlite:///{database}", "--json"],
        capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        lines = (result.stderr.strip() or result.stdout.strip()).splitlines()
        stage.status = "failed"
        stage.detail = lines[-1] if lines else f"exit {result.returncode}"
        return
    try:
        seeded = json.loads(result.stdout).get("demo") or {}
    except json.JSONDecodeError:
        seeded = {}
    stage.paths.append(str(database))
    rooms = seeded.get("rooms")
    stage.detail = f"rooms of {best.name}: {rooms}" if rooms is not None else best.name
    if seeded.get("password"):
        say(f"    staff login for `spacedesign booking serve --db sqlite:///{database}`: "
            f"user {seeded.get('user')}, password {seeded['password']} (shown once)")
