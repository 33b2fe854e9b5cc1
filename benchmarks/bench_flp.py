"""Block-layout optimiser on the shared FLP instances: objective / reference and seconds.

    python -m benchmarks.bench_flp [--seeds 5] [--limit 60] [--du62-limit 300] [--only O7,O8]
                                   [--first-seed 0] [--clock wall|cpu]

Under ``python -m benchmarks`` (no arguments) the environment variable ``BENCH_FLP_ARGS`` may
carry the same options, e.g. ``BENCH_FLP_ARGS="--seeds 1 --limit 20 --du62-limit 60"``. The
search stops after an evaluation budget set from the limit, which ends at about 75 % of the
limit on a busy core of the reference machine, so the full default run takes about 40 minutes
of CPU (5 seeds × (6 × 45 s + 225 s)); a run stopped by the time limit instead ("time" in the
stopped column) had a busier machine than that and is not deterministic for its seed.

For every instance of ../shared/cases/flp/ it runs ``solve_flp`` once per seed with the time
limit of the issue (60 s; 300 s for Du62) and prints the best and the median objective over the
seeds, each divided by the verified reference, the wall seconds (what the time limit bounds)
and the CPU seconds of the slowest run (the machine is shared: CPU time is the fair measure),
how the runs stopped (evaluation budget or time limit) and every seed's objective.

``--clock cpu`` times the solver by this process's CPU time instead of the wall clock, for a
machine shared with other work: a run that ends by its budget gives the same layout with either
clock, and is not cut early by time other processes took. A run that the time limit ends (Du62's
final descent) is not what a quiet machine gives even so: under contention every evaluation
costs more CPU (shared caches), so it does less work in the same CPU time. Measure Du62 on a
quiet machine with the wall clock.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from spacedesign.generate import solve_flp
from spacedesign.io import load_flp
from spacedesign.model.flp import flp_violations

REPO = Path(__file__).resolve().parents[1]


def _cases() -> Path:
    for candidate in (
        Path(os.environ.get("SPACEDESIGN_SHARED", "/nonexistent")),
        REPO.parent / "shared",
        Path("/work/shared"),
    ):
        if (candidate / "cases" / "flp").is_dir():
            return candidate / "cases" / "flp"
    raise SystemExit("the shared cases folder was not found (set SPACEDESIGN_SHARED)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--du62-limit", type=float, default=300.0, help="seconds per Du62 run")
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument("--first-seed", type=int, default=0, help="seeds run: first .. first+n-1")
    parser.add_argument(
        "--clock", choices=("wall", "cpu"), default="wall", help="the solver's clock (see above)"
    )
    args = parser.parse_args(os.environ.get("BENCH_FLP_ARGS", "").split() if argv is None else argv)
    folder = _cases()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    names = [p.stem for p in sorted(folder.glob("*.json")) if not p.stem.endswith(".reference")]
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    command = (
        f"python -m benchmarks.bench_flp --seeds {args.seeds} --limit {args.limit:g} "
        f"--du62-limit {args.du62_limit:g}"
        + (f" --only {args.only}" if args.only else "")
        + (f" --first-seed {args.first_seed}" if args.first_seed else "")
        + (" --clock cpu" if args.clock == "cpu" else "")
    )
    print(f"# {command}")
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    header = (
        f"{'instance':<8} {'n':>3} {'reference':>12} {'best':>12} {'best/ref':>9} "
        f"{'median':>12} {'med/ref':>8} {'s (max)':>8} {'cpu s':>8} {'feasible':>8} {'stopped':>8}"
        "  per seed"
    )
    print(header)
    print("-" * len(header))
    for name in names:
        instance = load_flp(folder / f"{name}.json")
        ref_path = folder / f"{name}.reference.json"
        reference = json.loads(ref_path.read_text())["objective"] if ref_path.exists() else None
        limit = args.du62_limit if name == "Du62" else args.limit
        values: list[float] = []
        seconds: list[float] = []
        feasible = True
        stops = set()
        cpu: list[float] = []
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            cpu_start = time.process_time()
            solution = solve_flp(instance, time_limit=limit, seed=seed, clock=clock)
            cpu.append(time.process_time() - cpu_start)
            values.append(solution.objective)
            seconds.append(solution.seconds)
            feasible &= not flp_violations(instance, solution.rectangles)
            stops.add(solution.stopped_by)
        best = min(values)
        median = statistics.median(values)
        ref_text = f"{reference:12.2f}" if reference else f"{'—':>12}"
        best_ratio = f"{best / reference:9.4f}" if reference else f"{'—':>9}"
        med_ratio = f"{median / reference:8.4f}" if reference else f"{'—':>8}"
        print(
            f"{name:<8} {instance.size:>3} {ref_text} {best:12.2f} {best_ratio} {median:12.2f} "
            f"{med_ratio} {max(seconds):8.1f} {max(cpu):8.1f} {'yes' if feasible else 'NO':>8} "
            f"{'/'.join(sorted(stops)):>8}  {' '.join(f'{v:.2f}' for v in values)}",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
