"""Scenario throughput on the Nakano program: complete scenarios per second, 1 and 2 workers.

A *complete* scenario is generated (layout, walls, doors), furnished and checked — the work
``spacedesign generate`` does for every scenario it finishes. The stage table shows what
dominates (measured in this process on a few seeds). Sketches (layout + geometric scores only)
are what the search maps over many seeds before it finishes the best distinct ones.

Run: ``python -m benchmarks scenarios`` (or ``python benchmarks/bench_scenarios.py``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from spacedesign.executors import ProcessPoolMapper
from spacedesign.generate.scenario import (
    InlineMapper,
    candidate_seeds,
    design_candidate,
    evaluator_features,
    furnish_new_rooms,
)
from spacedesign.generate.scenario.evaluate import evaluate_design
from spacedesign.io import load_plan, load_program

REPO = Path(__file__).resolve().parents[1]
PROGRAM = REPO / "scenarios" / "program-2026.yaml"
PLAN = REPO / "floorplans" / "nakano-ipc.yaml"
SEED = 2026


def _rate(mapper: object, stage: str, seeds: list[int]) -> tuple[float, int]:
    run = getattr(mapper, stage)
    started = time.perf_counter()
    done = sum(1 for r in run(seeds) if r is not None)
    return done / (time.perf_counter() - started), done


def _stages(plan, program, seeds: list[int]) -> dict[str, float]:
    try:
        from spacedesign.rules import check_plan as check
    except ImportError:
        check = None
    times: dict[str, list[float]] = {"generate": [], "furnish": [], "check": [], "total": []}
    for seed in seeds:
        t0 = time.perf_counter()
        design = design_candidate(plan, program, seed)
        t1 = time.perf_counter()
        assert design is not None
        furnished = furnish_new_rooms(design.plan, program.ruleset)
        t2 = time.perf_counter()
        if check is not None:
            check(furnished, program.ruleset)
        else:
            evaluate_design(design, program)
        t3 = time.perf_counter()
        for key, value in (("generate", t1 - t0), ("furnish", t2 - t1), ("check", t3 - t2),
                           ("total", t3 - t0)):
            times[key].append(value)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    """Print the throughput table and the command that made it."""
    n = int(os.environ.get("BENCH_SCENARIOS", "24"))
    plan, program = load_plan(PLAN), load_program(PROGRAM)
    features = evaluator_features()
    checker = ("spacedesign.rules.check_plan" if features["check"]
               else "own door-graph + clear-width reachability (rules not installed)")
    furnisher = ("spacedesign.capacity.furnish_plan (new rooms)" if features["furnish"]
                 else "none (capacity not installed)")
    print("command: python -m benchmarks scenarios   "
          f"(BENCH_SCENARIOS={n}, seed {SEED}, {os.cpu_count()} CPUs, shared machine)")
    print(f"furnish: {furnisher}\ncheck:   {checker}")
    stages = _stages(plan, program, candidate_seeds(SEED, 1000, 4))
    print("\nstage (median of 4, in-process)   seconds / scenario")
    for key, value in stages.items():
        print(f"  {key:<32} {value:8.3f}")
    rows = []
    base: dict[str, float] = {}
    for workers in (1, 2):
        if workers == 1:
            mapper: object = InlineMapper(plan, program)
        else:
            mapper = ProcessPoolMapper(plan, program, workers)
            _rate(mapper, "sketch", candidate_seeds(SEED, 5000, 2 * workers))  # warm the pool
        try:
            sketch_rate, _ = _rate(mapper, "sketch", candidate_seeds(SEED, 0, 4 * n))
            finish_rate, done = _rate(mapper, "finish", candidate_seeds(SEED, 0, n))
        finally:
            close = getattr(mapper, "close", None)
            if close is not None:
                close()
        base.setdefault("sketch", sketch_rate)
        base.setdefault("finish", finish_rate)
        rows.append((workers, sketch_rate, finish_rate, done))
    print("\nworkers | layouts/s (sketch) | complete scenarios/s | scaling | scenarios")
    for workers, sketch_rate, finish_rate, done in rows:
        print(f"{workers:7d} | {sketch_rate:18.1f} | {finish_rate:20.2f} | "
              f"{finish_rate / base['finish']:6.2f}x | {done}")
    target = 50.0
    best = max(r[2] for r in rows)
    verdict = "meets" if best >= target else "misses"
    print(f"\ntarget >= {target:.0f} complete scenarios/s with 2 workers: {verdict} "
          f"({best:.2f}/s)")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
