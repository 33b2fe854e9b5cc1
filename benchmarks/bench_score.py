"""Scorecard speed: the pure scorecard alone, and with the rules and capacity when installed.

Command: ``python -m benchmarks score`` (part of ``make bench``).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from spacedesign.io import load_plan, load_program
from spacedesign.pipeline import score_scenario
from spacedesign.score import score_plan

REPO = Path(__file__).resolve().parents[1]


def _inputs():
    program_path = REPO / "scenarios" / "program-2026.yaml"
    plans = sorted((REPO / "scenarios").glob("scenario-*.yaml"))
    if program_path.exists() and plans:
        return load_program(program_path), [(p.name, load_plan(p)) for p in plans]
    from spacedesign.model import Program, Space

    program = Program("bench", (Space("consult", "consultation", (6, 16), count=2, min_side=2.4,
                                      seats=4), Space("lounge", "lounge", (20, 40), seats=16,
                                                      daylight=True)),
                      adjacency=(("consult", "lounge", 2.0),))
    shared = [Path(os.environ.get("SPACEDESIGN_SHARED", "")), REPO.parent / "shared",
              Path("/work/shared")]
    cases = next((c / "cases" / "access" for c in shared if (c / "cases").is_dir()), Path())
    return program, [(p.name, load_plan(p)) for p in sorted(cases.glob("*.yaml"))]


def _median_ms(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    program, plans = _inputs()
    print("command: python -m benchmarks score")
    print(f"{'scenario':32} {'scorecard ms':>13} {'with rules+capacity ms':>23}")
    for name, plan in plans:
        pure = _median_ms(lambda plan=plan: score_plan(plan, program))
        full = _median_ms(lambda plan=plan: score_scenario(plan, program), repeat=3)
        print(f"{name:32} {pure:13.1f} {full:23.1f}")
