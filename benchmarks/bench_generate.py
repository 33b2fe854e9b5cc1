"""Scenario generator throughput on the Nakano program, 1 and 2 local workers.

    python -m benchmarks.bench_generate [--count 6] [--seed 0]

A scenario is complete when it is generated (corridor-and-bands search), built into a plan
and checked by the accessibility rules (the capacity module is not wired in yet). Environment
variable ``BENCH_GENERATE_ARGS`` carries the options under ``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from spacedesign.generate import generate_scenarios
from spacedesign.io import load_plan, load_program, resolve_program_plan

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(
        os.environ.get("BENCH_GENERATE_ARGS", "").split() if argv is None else argv
    )
    program_path = REPO / "scenarios" / "program-2026.yaml"
    program = load_program(program_path)
    plan = load_plan(resolve_program_plan(program, program_path))
    print(f"# python -m benchmarks.bench_generate --count {args.count} --seed {args.seed}")
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'workers':>7} {'scenarios':>9} {'seconds':>8} {'cpu s':>7} {'scen/s':>7} {'scaling':>8}"
    )
    base_rate = None
    for workers in (1, 2):
        cpu = time.process_time()
        started = time.perf_counter()
        scenarios = generate_scenarios(
            plan, program, count=args.count, seed=args.seed, time_limit=60, workers=workers
        )
        seconds = time.perf_counter() - started
        rate = len(scenarios) / seconds
        base_rate = base_rate or rate
        print(
            f"{workers:>7} {len(scenarios):>9} {seconds:8.1f} {time.process_time() - cpu:7.1f} "
            f"{rate:7.2f} {rate / base_rate:7.2f}x",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
