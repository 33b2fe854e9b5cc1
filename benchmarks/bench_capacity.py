"""Capacity benchmark: seats and m² per person per style in empty rooms; Nakano furnishing time.

Run: ``python -m benchmarks capacity`` (or ``python -m benchmarks.bench_capacity``).

Rooms: rectangles of 20, 40, 60 and 100 m² net floor (3:2, walls 0.2 m outside the net floor),
one 0.9 m sliding door on a long wall 1.0 m from a corner, ruleset jp-recommended.
m²/person = net area ÷ (seats + wheelchair places). Practice ranges: standards.md §13; the
theatre row is also judged against §13's band for its audience size (< 100 persons 1.1–1.2,
100–300 persons 1.0–1.1). Boardroom rooms of 20 m² compare with §13's small-room rows
(6 persons ≈ 12–18 m², ~10 persons 24–30 m²) rather than the 2.3–2.8 m² per person of larger
conference rooms.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from spacedesign.capacity import STYLES, assess_plan, furnish_plan, furnish_room, room_space
from spacedesign.io import load_plan
from spacedesign.model import Level, Opening, Plan, Room, Shape, Wall

SIZES = (20.0, 40.0, 60.0, 100.0)
RANGES: dict[str, tuple[float, float]] = {
    "theatre": (1.0, 1.2),      # §13 theatre density by audience size, < 100 and 100–300
    "classroom": (1.4, 1.9),    # §13 classroom 15–20 ft²
    "boardroom": (2.3, 2.8),    # §13 boardroom / conference 25–30 ft²
    "banquet": (0.93, 1.1),     # §13 banquet rounds 10–12 ft² (large halls)
}
REPO = Path(__file__).resolve().parents[1]
NAKANO = REPO / "floorplans" / "nakano-ipc.yaml"
FALLBACK = [REPO.parent / "shared" / "cases" / "access" / "good.yaml",
            Path("/work/shared/cases/access/good.yaml")]
LIMIT_MS = 200.0


def empty_room(area: float, use: str = "seminar", aspect: float = 1.5) -> Plan:
    """A rectangular room of ``area`` m² net floor with one door."""
    width = (area * aspect) ** 0.5
    depth = area / width
    t = 0.2
    x0, y0, x1, y1 = -t / 2, -t / 2, width + t / 2, depth + t / 2
    wall = Wall("W", ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)), t, "interior")
    door = Opening("D1", "door", "W", (1.0, y0), 0.9, "sliding", connects=("r", "outside"))
    room = Room("r", f"{area:g} m² room", use, Shape.rectangle(x0, y0, x1, y1), public=True)
    level = Level("1F", Shape.rectangle(x0, y0, x1, y1), walls=(wall,), openings=(door,),
                  rooms=(room,))
    return Plan(name=f"empty {area:g} m²", levels=(level,))


def style_table() -> list[str]:
    lines = ["| style | " + " | ".join(f"{a:g} m²: seats+wc, m²/p" for a in SIZES)
             + " | practice m²/p |", "|---" * (len(SIZES) + 2) + "|"]
    for style in STYLES:
        use = {"consultation": "consultation", "lounge": "lounge",
               "coworking": "coworking"}.get(style, "seminar")
        cells = []
        audience = []
        for area in SIZES:
            plan = empty_room(area, use)
            level = plan.levels[0]
            layout = furnish_room(room_space(level, level.rooms[0]), style)
            persons = layout.seats + layout.wheelchair_places
            audience.append(persons)
            per = f"{area / persons:.2f}" if persons else "—"
            low, high = RANGES.get(style, (0.0, float("inf")))
            flag = "" if style not in RANGES or not persons or low <= area / persons <= high \
                else " ✗"
            cells.append(f"{layout.seats}+{layout.wheelchair_places}, {per}{flag}")
        lo, hi = RANGES.get(style, (None, None))
        practice = f"{lo}–{hi}" if lo is not None else "—"
        lines.append(f"| {style} | " + " | ".join(cells) + f" | {practice} |")
        if style == "theatre":
            lines.append("| theatre, §13 band for the audience | "
                         + " | ".join(_band(area, n) for area, n in zip(SIZES, audience,
                                                                        strict=True))
                         + " | < 100: 1.1–1.2, 100–300: 1.0–1.1 |")
    return lines


def _band(area: float, persons: int) -> str:
    """The §13 theatre density band for an audience of ``persons``, and whether it is met."""
    if not persons:
        return "—"
    low, high = (1.1, 1.2) if persons < 100 else (1.0, 1.1)
    mark = "" if low <= area / persons <= high else " ✗"
    return f"{low}–{high}{mark}"


def nakano_timing(repeats: int = 5) -> list[str]:
    path = NAKANO if NAKANO.exists() else next((p for p in FALLBACK if p.exists()), None)
    if path is None:
        return ["no plan to time: floorplans/nakano-ipc.yaml and the shared good.yaml are missing"]
    plan = load_plan(path)
    walls, cpus = [], []
    for _ in range(repeats):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        furnish_plan(plan)
        walls.append((time.perf_counter() - wall0) * 1000)
        cpus.append((time.process_time() - cpu0) * 1000)
    cpu0 = time.process_time()
    report = assess_plan(plan)
    assess_cpu = (time.process_time() - cpu0) * 1000
    best_cpu, median_wall = min(cpus), statistics.median(walls)
    verdict = "ok" if best_cpu <= LIMIT_MS else "OVER"
    note = "" if path == NAKANO else " (stand-in: the Nakano model is not on this branch yet)"
    lines = [
        f"furnish_plan({path.name}){note}: {len(report.rooms)} rooms furnished, "
        f"best CPU {best_cpu:.0f} ms, median wall {median_wall:.0f} ms over {repeats} runs "
        f"(limit {LIMIT_MS:.0f} ms: {verdict})",
        f"assess_plan (every applicable style of every room): CPU {assess_cpu:.0f} ms",
        "| room | use | net m² | best style | seats+wc | load JP | load IBC | capacity | limit |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for room in report.rooms:
        best = room.styles[room.best_style] if room.best_style else None
        places = f"{best.seats}+{best.wheelchair_places}" if best else "—"
        lines.append(f"| {room.id} | {room.use} | {room.net_area:.2f} | {room.best_style} | "
                     f"{places} | {room.occupant_load} | {room.occupant_load_ibc} | "
                     f"{room.capacity} | {room.limited_by} |")
    return lines


def main() -> None:
    print("command: python -m benchmarks capacity")
    print("empty rectangular rooms (3:2, one door), ruleset jp-recommended; ✗ = outside practice")
    print("\n".join(style_table()))
    print()
    print("\n".join(nakano_timing()))


if __name__ == "__main__":
    main()
