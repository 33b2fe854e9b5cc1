"""DXF import: time and what is found, per real drawing and for generated line drawings.

Run: python -m benchmarks importdxf
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import ezdxf

from spacedesign.io.dxf_import import import_dxf

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CASES = [SHARED / "cases" / "dxf", Path("/work/shared/cases/dxf")]


def _lines(path: Path, count: int) -> Path:
    doc = ezdxf.new("R2013", units=4)
    msp = doc.modelspace()
    for i in range(count):
        msp.add_line((i * 1000, 0), (i * 1000, 5000), dxfattribs={"layer": "A-WALL"})
    doc.saveas(path)
    return path


def main() -> None:
    folder = next((c for c in CASES if c.is_dir()), None)
    rows = []
    drawings = sorted(folder.glob("*.dxf")) if folder else []
    with tempfile.TemporaryDirectory() as tmp:
        for count in (5_000, 20_000):
            drawings.append(_lines(Path(tmp) / f"lines-{count}.dxf", count))
        for path in drawings:
            started = time.perf_counter()
            result = import_dxf(path)
            seconds = time.perf_counter() - started
            found = result.report.found
            rows.append((path.name, path.stat().st_size / 1e6, seconds, found["walls"],
                         found["rooms"], found["doors"], found["openings"], found["furniture"]))
    print("command: python -m benchmarks importdxf")
    print(f"{'drawing':<32} {'MB':>6} {'s':>6} {'walls':>6} {'rooms':>6} {'doors':>6} "
          f"{'open.':>6} {'furn.':>6}")
    for name, mb, seconds, walls, rooms, doors, openings, furniture in rows:
        print(f"{name:<32} {mb:>6.2f} {seconds:>6.2f} {walls:>6} {rooms:>6} {doors:>6} "
              f"{openings:>6} {furniture:>6}")
