"""Run every benchmark module (``python -m benchmarks [NAME ...]``) and print their tables."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    wanted = [n for n in names if not argv or any(a in n for a in argv)]
    print(f"# spacedesign benchmarks: {' '.join(['python -m benchmarks', *argv])}")
    for name in wanted:
        started = time.perf_counter()
        print(f"\n## {name}")
        module = importlib.import_module(f"benchmarks.{name}")
        module.main()
        print(f"({name} took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
