"""Scenario throughput on the Nakano program: complete scenarios per second, 1 and 2 workers.

A *complete* scenario is generated (layout, walls, doors), furnished and checked — the work
``spacedesign generate`` does for every scenario it finishes. The rate rows finish seeds that
were not sketched before, so each measured scenario is generated in the run (a sketched seed's
design is kept by the worker, and finishing it would leave generation out). The stage table
shows what dominates: CPU per stage in this process, the mean over seeds after a few warm-up
seeds (a worker's steady state: its memos of the zone, the base plan's check and furnished
rooms are filled). Sketches (layout + geometric scores only) are what the search maps over many
seeds before it finishes the best distinct ones.

The machine is shared, so besides scenarios per wall-clock second the rate table gives the CPU
the run took in all processes (parent and workers, from ``/proc``), the parent's part of it, and
the rate that CPU allows when every worker has a free core: ``workers / CPU s per scenario``.
The pool is measured twice: fresh (a short warm-up, as ``spacedesign generate`` gets it; the
verdict uses this row) and after as many warm-up scenarios per worker as the in-process run had
seen, which separates the workers' cold start (their memos fill) from the pool's own costs.

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
    furnish_new_rooms,
)
from spacedesign.io import load_plan, load_program
from spacedesign.rules import check_plan

REPO = Path(__file__).resolve().parents[1]
PROGRAM = REPO / "scenarios" / "program-2026.yaml"
PLAN = REPO / "floorplans" / "nakano-ipc.yaml"
SEED = 2026
STAGE_SEEDS, WARM_SEEDS = 24, 8


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far (Linux ``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu(mapper: object) -> tuple[float, float]:
    """CPU seconds of this process and of the mapper's pool workers (together)."""
    processes = getattr(mapper, "processes", None)
    pids = processes() if processes is not None else []
    return time.process_time(), sum(_proc_cpu(pid) for pid in pids)


def _rate(mapper: object, stage: str, seeds: list[int]) -> tuple[float, int, float, float]:
    """Return (results per wall second, results, CPU seconds in this process, in workers)."""
    run = getattr(mapper, stage)
    parent, workers = _cpu(mapper)
    started = time.perf_counter()
    done = sum(1 for r in run(seeds) if r is not None)
    rate = done / (time.perf_counter() - started)
    parent_after, workers_after = _cpu(mapper)
    return rate, done, parent_after - parent, workers_after - workers


def _stages(plan, program, seeds: list[int], warm: int) -> dict[str, tuple[float, float]]:
    """Mean wall and CPU seconds per stage, in this process, after ``warm`` warm-up seeds."""
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in
                                                   ("generate", "furnish", "check", "total")}
    for seed in candidate_seeds(SEED, 9000, warm):
        design = design_candidate(plan, program, seed)
        if design is not None:
            check_plan(furnish_new_rooms(design.plan, program.ruleset), program.ruleset)
    for seed in seeds:
        marks = [(time.perf_counter(), time.process_time())]
        design = design_candidate(plan, program, seed)
        marks.append((time.perf_counter(), time.process_time()))
        if design is None:
            continue
        furnished = furnish_new_rooms(design.plan, program.ruleset)
        marks.append((time.perf_counter(), time.process_time()))
        check_plan(furnished, program.ruleset)
        marks.append((time.perf_counter(), time.process_time()))
        for key, (a, b) in (("generate", (0, 1)), ("furnish", (1, 2)), ("check", (2, 3)),
                            ("total", (0, 3))):
            times[key].append((marks[b][0] - marks[a][0], marks[b][1] - marks[a][1]))
    return {k: (statistics.mean(w for w, _ in v), statistics.mean(c for _, c in v))
            for k, v in times.items()}


def _burn(_: int) -> int:
    total = 0
    for i in range(2_000_000):
        total += i * i
    return total


def _calibrate() -> tuple[float, float]:
    """Seconds for 8 pure-Python CPU burns in-process and on a 2-process pool (machine check)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    for i in range(8):
        _burn(i)
    inline = time.perf_counter() - started
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_burn, range(2)))
        started = time.perf_counter()
        list(pool.map(_burn, range(8)))
        pooled = time.perf_counter() - started
    return inline, pooled


def main() -> None:
    """Print the throughput table and the command that made it."""
    n = int(os.environ.get("BENCH_SCENARIOS", "24"))
    plan, program = load_plan(PLAN), load_program(PROGRAM)
    checker = "spacedesign.rules.check_plan (furnished scenario, program's ruleset)"
    furnisher = "spacedesign.capacity.furnish_plan (new rooms)"
    print("command: python -m benchmarks scenarios   "
          f"(BENCH_SCENARIOS={n}, seed {SEED}, {os.cpu_count()} CPUs, shared machine)")
    print(f"furnish: {furnisher}\ncheck:   {checker}")
    stages = _stages(plan, program, candidate_seeds(SEED, 1000, STAGE_SEEDS), WARM_SEEDS)
    print(f"\nstage (mean of {STAGE_SEEDS} after {WARM_SEEDS} warm-up, in-process) | "
          "wall s / scenario | CPU s / scenario")
    for key, (wall, cpu) in stages.items():
        print(f"  {key:<45} | {wall:17.4f} | {cpu:16.4f}")
    cpu_total = stages["total"][1]
    print(f"CPU-bound ceiling: {1 / cpu_total:.1f} scenarios/s per free core, "
          f"{2 / cpu_total:.1f}/s on 2 free cores")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    base: dict[str, float] = {}
    # (workers, finished scenarios each process has seen before the measured ones): the
    # in-process run follows the stage table; a fresh pool has only its short warm-up, so a
    # second pool is warmed as long as the in-process run was (per-process memos: zone, base
    # check, furnished rooms) to tell cold-start costs from what the pool itself costs
    seen_inline = WARM_SEEDS + STAGE_SEEDS + 2
    for workers, warm in ((1, seen_inline), (2, 2), (2, seen_inline)):
        if workers == 1:
            mapper: object = InlineMapper(plan, program)
            _rate(mapper, "finish", candidate_seeds(SEED, 5000, 2))  # same warm-up in-process
        else:
            mapper = ProcessPoolMapper(plan, program, workers)
            # warm the pool: spawn, imports (rules, capacity) and first-call caches
            _rate(mapper, "sketch", candidate_seeds(SEED, 5000, 2 * workers))
            _rate(mapper, "finish", candidate_seeds(SEED, 5000, 2 * workers))
            if warm > 2:
                _rate(mapper, "finish", candidate_seeds(SEED, 1000, (warm - 2) * workers))
        try:
            sketch_rate, _, _, _ = _rate(mapper, "sketch", candidate_seeds(SEED, 0, 4 * n))
            # seeds nobody sketched: each is generated, furnished, checked and scored here
            # (a sketched seed's design is kept, so finishing it would leave generation out)
            finish_rate, done, parent, pool = _rate(mapper, "finish",
                                                    candidate_seeds(SEED, 4 * n, n))
        finally:
            close = getattr(mapper, "close", None)
            if close is not None:
                close()
        base.setdefault("sketch", sketch_rate)
        base.setdefault("finish", finish_rate)
        rows.append((workers, warm, sketch_rate, finish_rate, done,
                     (parent + pool) / max(done, 1), parent / max(done, 1)))
    print(f"\nload average (1, 5, 15 min) before the runs: {load} (other processes share the CPUs)")
    print("workers | warm-up / process | layouts/s (sketch) | complete scenarios/s | scaling | "
          "scenarios | CPU s / scenario (all processes) | of it in the parent | "
          "scenarios/s on free cores")
    for workers, warm, sketch_rate, finish_rate, done, cpu_each, parent_each in rows:
        print(f"{workers:7d} | {warm:17d} | {sketch_rate:18.1f} | {finish_rate:20.2f} | "
              f"{finish_rate / base['finish']:6.2f}x | {done:9d} | {cpu_each:32.4f} | "
              f"{parent_each:19.4f} | {workers / cpu_each:25.2f}")
    inline, pooled = _calibrate()
    print(f"machine check, same CPU burn: 1 process {inline:.2f} s, 2 processes {pooled:.2f} s "
          f"(x{inline / pooled:.2f}: the speed-up 2 workers can get here right now)")
    target = 50.0
    two = next(r for r in rows if r[0] == 2)  # the fresh pool, as `generate` gets it
    best = max(two[3], 2 / two[5])
    verdict = "meets" if best >= target else "misses"
    print(f"\ntarget >= {target:.0f} complete scenarios/s with 2 workers: {verdict} "
          f"({two[3]:.2f}/s measured, {2 / two[5]:.2f}/s on 2 free cores by CPU; "
          f"{target:.0f}/s needs <= {2 / target:.3f} CPU s per scenario)")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
