"""Export timings: DXF of a Nakano scenario (target ≤ 0.5 s) and every format together (≤ 5 s).

Run: ``python -m benchmarks export`` (or ``python -m benchmarks.bench_export``). Times are the
median of three runs in one warm process (imports and font registration excluded: the first
untimed run pays them), on the first scenario in scenarios/ (else the Nakano plan, else the
shared ramp case). CPU seconds of this process are judged against the targets; wall-clock
seconds are printed beside them, but on a shared machine the wall clock also counts the time
other processes held the cores (the load average is printed too).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 3
JOBS = [("dxf", "plan"), ("png", "plan"), ("png", "access"), ("png", "capacity"),
        ("png", "exterior"), ("svg", "plan"), ("pdf", "plan"), ("glb", "plan"), ("png", "axon")]


def _plan_file() -> Path:
    candidates = sorted((REPO / "scenarios").glob("scenario-*.yaml"))
    candidates += [REPO / "floorplans" / "nakano-ipc.yaml"]
    candidates += [REPO.parent / "shared" / "cases" / "access" / "ramp-steep.yaml",
                   Path("/work/shared/cases/access/ramp-steep.yaml")]
    return next(p for p in candidates if p.is_file())


def main() -> None:
    from spacedesign.export import export
    from spacedesign.io import load_plan

    source = _plan_file()
    plan = load_plan(source)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for fmt, view in JOBS:  # warm-up: imports, font registration, matplotlib caches
            export(plan, out / f"warm-{view}.{fmt}", view=view)
        for fmt, view in JOBS:
            times, cpu = [], []
            for run in range(RUNS):
                started, cpu_started = time.perf_counter(), time.process_time()
                export(plan, out / f"{view}-{run}.{fmt}", view=view)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            rows.append((fmt, view, statistics.median(times), statistics.median(cpu)))
        started = time.perf_counter()
        export(plan, out / "jw.dxf", jw=True)
        jw_time = time.perf_counter() - started
    rel = source.relative_to(REPO) if source.is_relative_to(REPO) else source
    print(f"plan: {rel} ({sum(len(lv.rooms) for lv in plan.levels)} rooms)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'format':<7}{'view':<10}{'wall s':>9}{'cpu s':>9}")
    for fmt, view, seconds, cpu_seconds in rows:
        print(f"{fmt:<7}{view:<10}{seconds:>9.3f}{cpu_seconds:>9.3f}")
    dxf = rows[0][3]
    core = sum(c for _, v, _, c in rows if v == "plan")
    total = sum(c for _, _, _, c in rows)
    print(f"{'dxf+jw':<7}{'plan':<10}{jw_time:>9.3f}   (R2013 + R12 Shift-JIS copy, wall)")
    print(f"cpu: DXF {dxf:.3f} s (target ≤ 0.5 s: {'ok' if dxf <= 0.5 else 'MISSED'}); "
          f"dxf+png+svg+pdf+glb {core:.3f} s (target ≤ 5 s: {'ok' if core <= 5 else 'MISSED'}); "
          f"every format and view {total:.3f} s")
    print(f"command: {sys.executable} -m benchmarks export")


if __name__ == "__main__":
    main()
