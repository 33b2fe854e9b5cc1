"""DXF import: CPU time and what is found, per real drawing and for generated line drawings.

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
            started = time.process_time()
            result = import_dxf(path)
            seconds = time.process_time() - started
            found = result.report.found
            rooms = f"{found['rooms']}/{found['named_rooms']}"
            rows.append((path.name, path.stat().st_size / 1e6, seconds, found["walls"], rooms,
                         found["doors"], found["windows"], found["openings"],
                         found["furniture"], len(result.report.texts_in_no_room)))
    print("command: python -m benchmarks importdxf   (cpu = CPU seconds, rooms = all/named)")
    print(f"{'drawing':<30} {'MB':>5} {'cpu s':>6} {'walls':>6} {'rooms':>7} {'doors':>5} "
          f"{'wind.':>5} {'open.':>5} {'furn.':>5} {'texts out':>9}")
    for name, mb, seconds, walls, rooms, doors, windows, openings, furniture, orphans in rows:
        print(f"{name:<30} {mb:>5.2f} {seconds:>6.2f} {walls:>6} {rooms:>7} {doors:>5} "
              f"{windows:>5} {openings:>5} {furniture:>5} {orphans:>9}")
