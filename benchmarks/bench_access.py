"""Accessibility check: speed on the Nakano model and on a floor ten times larger, and the
agreement of the medial-axis clear widths with a plain 5 cm raster distance transform.

Run: ``python -m benchmarks access`` (or ``make bench``).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from scipy import ndimage
from shapely.ops import polylabel

from spacedesign.analysis import clear_caches, freespace
from spacedesign.analysis.medial import medial_graph
from spacedesign.analysis.network import Region
from spacedesign.analysis.routes import widest_from
from spacedesign.io import load_plan
from spacedesign.model import Plan
from spacedesign.rules import check_plan

REPO = Path(__file__).resolve().parents[1]
NAKANO = REPO / "floorplans" / "nakano-ipc.yaml"
CELL = 0.05


def _timed(path: Path, runs: int, ruleset: str = "jp-recommended") -> tuple[float, float, int]:
    """Median wall and CPU time (ms) of a cold check: a freshly loaded plan (no geometry cached
    on its records; loading not timed) with every analysis memo cleared."""
    walls, cpus = [], []
    findings = 0
    for _ in range(runs):
        plan = load_plan(path)
        clear_caches()
        wall, cpu = time.perf_counter(), time.process_time()
        report = check_plan(plan, ruleset)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        findings = len(report.findings)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, findings


def _box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def _warm(plan: Plan, runs: int, ruleset: str = "jp-recommended") -> float:
    """Median CPU time (ms) of a check whose network is already built (same plan object)."""
    check_plan(plan, ruleset)
    times = []
    for _ in range(runs):
        started = time.process_time()
        check_plan(plan, ruleset)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def synthetic_floor(bands: int = 5, rooms_per_side: int = 12) -> dict[str, Any]:
    """A floor of ``bands`` double-loaded corridors, 2 × ``rooms_per_side`` rooms each, joined by
    a spine corridor on the west, with furniture in every room and a site walkway."""
    room_w, room_d, corridor = 5.0, 6.0, 2.0
    width = 4.0 + rooms_per_side * room_w
    band_h = 2 * room_d + corridor
    height = bands * band_h
    walls = [
        {
            "id": "W-ext",
            "path": [[0, 0], [width, 0], [width, height], [0, height], [0, 0]],
            "thickness": 0.25,
            "kind": "exterior",
        },
        {"id": "W-spine", "path": [[4, 0], [4, height]], "thickness": 0.2, "kind": "interior"},
    ]
    rooms = [
        {
            "id": "spine",
            "name": "廊下",
            "use": "corridor",
            "polygon": _box(0, 0, 4, height),
            "public": True,
        }
    ]
    openings = [
        {
            "id": "D-main",
            "kind": "door",
            "wall": "W-ext",
            "at": [2, 0],
            "width": 1.8,
            "operation": "automatic",
            "connects": ["spine", "outside"],
        }
    ]
    furniture = []
    uses = ["meeting", "consultation", "lounge", "coworking", "office"]
    for b in range(bands):
        y0 = b * band_h
        yc0, yc1 = y0 + room_d, y0 + room_d + corridor
        cid = f"c{b}"
        rooms.append(
            {
                "id": cid,
                "name": f"廊下{b}",
                "use": "corridor",
                "polygon": _box(4, yc0, width, yc1),
                "public": True,
            }
        )
        openings.append(
            {
                "id": f"D-{cid}",
                "kind": "opening",
                "wall": "W-spine",
                "at": [4, (yc0 + yc1) / 2],
                "width": 1.8,
                "connects": ["spine", cid],
            }
        )
        for name, y in ((f"Wa{b}", yc0), (f"Wb{b}", yc1)):
            walls.append(
                {"id": name, "path": [[4, y], [width, y]], "thickness": 0.2, "kind": "interior"}
            )
        if b:
            walls.append(
                {
                    "id": f"Wband{b}",
                    "path": [[4, y0], [width, y0]],
                    "thickness": 0.2,
                    "kind": "interior",
                }
            )
        for k in range(rooms_per_side):
            x0 = 4 + k * room_w
            for side, (ry0, ry1, wall, dy) in enumerate(
                ((y0, yc0, f"Wa{b}", yc0), (yc1, y0 + band_h, f"Wb{b}", yc1))
            ):
                rid = f"r{b}-{k}-{side}"
                rooms.append(
                    {
                        "id": rid,
                        "name": f"室{rid}",
                        "use": uses[(k + side) % len(uses)],
                        "polygon": _box(x0, ry0, x0 + room_w, ry1),
                        "public": True,
                    }
                )
                openings.append(
                    {
                        "id": f"D-{rid}",
                        "kind": "door",
                        "wall": wall,
                        "at": [x0 + 1.2, dy],
                        "width": 0.9,
                        "operation": "sliding",
                        "connects": [rid, cid],
                    }
                )
                cy = (ry0 + ry1) / 2
                furniture.append(
                    {
                        "id": f"t-{rid}",
                        "kind": "table",
                        "at": [x0 + 2.8, cy],
                        "size": [1.8, 0.9],
                        "height": 0.72,
                        "room": rid,
                    }
                )
            if k:
                walls.append(
                    {
                        "id": f"Wp{b}-{k}",
                        "path": [[x0, y0], [x0, yc0]],
                        "thickness": 0.1,
                        "kind": "partition",
                    }
                )
                walls.append(
                    {
                        "id": f"Wq{b}-{k}",
                        "path": [[x0, yc1], [x0, y0 + band_h]],
                        "thickness": 0.1,
                        "kind": "partition",
                    }
                )
    return {
        "format": "spacedesign.plan/1",
        "name": f"synthetic floor {len(rooms)} rooms",
        "site": {
            "access_points": [{"id": "A1", "at": [2, -10], "kind": "pedestrian"}],
            "areas": [
                {"id": "walk", "kind": "walkway", "polygon": _box(0, -10, 4, 0), "elevation": 0.0}
            ],
        },
        "levels": [
            {
                "id": "1F",
                "elevation": 0.0,
                "outline": _box(0, 0, width, height),
                "walls": walls,
                "openings": openings,
                "rooms": rooms,
                "furniture": furniture,
                "fixtures": [
                    {
                        "id": "RC",
                        "kind": "counter",
                        "polygon": _box(1, 3, 3, 3.6),
                        "height": 0.72,
                        "knee_clearance": 0.65,
                        "room": "spine",
                    }
                ],
            }
        ],
    }


def _probe_points(plan: Plan) -> tuple[Any, tuple[float, float], dict[str, tuple[float, float]]]:
    """Free space of the Nakano 1F (doors open at their clear width), a start point just inside
    the main entrance and a point inside each public room."""
    level = plan.levels[0]
    space = freespace.level_space(level)
    free = freespace.free_space(level)
    entrance = next(
        g
        for g in space.gaps
        if g.opening.connects and "outside" in g.opening.connects and g.opening.width >= 1.2
    )
    side = 1.0 if free.covers(shapely.Point(entrance.face_point(1.0, 0.3))) else -1.0
    start = entrance.face_point(side, 0.3)
    ends = {}
    for room in level.rooms:
        if room.public:
            part = room.polygon.geometry.intersection(free)
            if not part.is_empty:
                p = polylabel(max(getattr(part, "geoms", [part]), key=lambda g: g.area), 0.05)
                ends[room.id] = (float(p.x), float(p.y))
    return free, start, ends


def raster_widths(plan: Plan) -> tuple[dict[str, float], float]:
    """Widest-path clear width from the entrance to a point in each public room, 5 cm raster.

    A Euclidean distance transform gives the clearance of every cell; for thresholds falling
    by 1 cm of width, the cells with at least that clearance are labelled and a room is reached
    at the first threshold where a cell whose free disc reaches its point shares a component
    with a cell whose disc reaches the start. A raster rarely has a cell on the centre line of a
    passage, so its bottleneck clearance is low by 0 to half a cell; the width reported is
    ``2 c + Δ/2`` (centred estimate, ± Δ/4).
    """
    free, start, ends = _probe_points(plan)
    started = time.perf_counter()
    x0, y0, x1, y1 = free.bounds
    xs = np.arange(x0 - CELL, x1 + CELL, CELL) + CELL / 2
    ys = np.arange(y0 - CELL, y1 + CELL, CELL) + CELL / 2
    gx, gy = np.meshgrid(xs, ys)
    inside = shapely.contains_xy(free, gx, gy)
    clearance = np.where(inside, ndimage.distance_transform_edt(inside) * CELL - CELL / 2, 0.0)

    def reaching(point: tuple[float, float]) -> Any:
        return inside & (np.hypot(gx - point[0], gy - point[1]) <= clearance + 0.06)

    source = reaching(start)
    targets = {rid: reaching(p) for rid, p in ends.items()}
    found: dict[str, float] = {}
    for t in np.arange(round(float(clearance.max()), 3), 0.0, -0.005):
        labels, _ = ndimage.label(clearance >= t)
        ids = set(np.unique(labels[source & (labels > 0)]).tolist())
        for rid, mask in targets.items():
            if rid not in found and ids & set(np.unique(labels[mask & (labels > 0)]).tolist()):
                found[rid] = 2.0 * float(t) + CELL / 2
        if len(found) == len(targets):
            break
    return found, time.perf_counter() - started


def vector_widths(plan: Plan) -> tuple[dict[str, float], float]:
    """The same widths from one medial graph and one widest-path tree."""
    free, start, ends = _probe_points(plan)
    started = time.perf_counter()
    graph = medial_graph(free)
    region = Region("free", 0, graph.xy, graph.clearance)
    src = region.touching(shapely.Point(start))
    source = graph.size
    edges = np.concatenate([graph.edges, np.stack([np.full(len(src), source), src], axis=1)])
    weight = np.append(graph.clearance, 1e6)
    value, _ = widest_from(edges, weight, source)
    out = {}
    for rid, point in ends.items():
        nodes = region.touching(shapely.Point(point))
        if len(nodes):
            out[rid] = 2.0 * float(np.max(value[nodes]))
    return out, time.perf_counter() - started


def _same_site(plan: Plan, layouts: int = 9) -> tuple[float, float]:
    """Median cpu ms of checking layouts that differ only inside (one table moved each time).

    First with every cache cleared, then keeping the analysis memos (not the networks or level
    geometry of earlier plans): the medial graph of every closed-door piece of free space but
    the one with the moved table, and the site's part of the network, come out of them.
    """
    from spacedesign.analysis import assemble, freespace
    from spacedesign.io import plan_to_data

    data = plan_to_data(plan)
    variants = []
    with tempfile.TemporaryDirectory() as folder:
        for k in range(layouts):
            level = data["levels"][0]
            item = level["furniture"][0]
            key = "at" if "at" in item else "polygon"
            if key == "at":
                item["at"] = [item["at"][0] + 0.01, item["at"][1]]
            else:
                item["polygon"] = [[x + 0.01, y] for x, y in item["polygon"]]
            path = Path(folder) / f"layout{k}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            variants.append(load_plan(path))
    cold, memo = [], []
    for variant in variants:
        clear_caches()
        started = time.process_time()
        check_plan(variant, "jp-recommended")
        cold.append(time.process_time() - started)
    check_plan(variants[0], "jp-recommended")
    for variant in variants:
        assemble._NETWORKS.clear()
        freespace._SPACES.clear()
        started = time.process_time()
        check_plan(variant, "jp-recommended")
        memo.append(time.process_time() - started)
    return statistics.median(cold) * 1000, statistics.median(memo) * 1000


def main() -> None:
    print("command: python -m benchmarks access")
    nakano = load_plan(NAKANO)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        synthetic = Path(folder) / "synthetic.json"
        synthetic.write_text(json.dumps(synthetic_floor()), encoding="utf-8")
        for path, runs, target in ((NAKANO, 15, 50.0), (synthetic, 5, 1000.0)):
            wall, cpu, findings = _timed(path, runs)
            plan = load_plan(path)
            warm = _warm(plan, runs)
            rooms = sum(len(lv.rooms) for lv in plan.levels)
            area = sum(lv.outline.area for lv in plan.levels)
            name = path.name if path == NAKANO else plan.name
            rows.append((name, rooms, area, findings, wall, cpu, warm, target))
    print(
        f"{'plan':27} {'rooms':>5} {'floor m2':>8} {'findings':>8} {'cold ms':>8} "
        f"{'cpu ms':>7} {'warm cpu':>8} {'target':>7}"
    )
    for name, rooms, area, findings, wall, cpu, warm, target in rows:
        print(
            f"{name:27} {rooms:5d} {area:8.0f} {findings:8d} {wall:8.1f} {cpu:7.1f} "
            f"{warm:8.1f} {target:7.0f}"
        )
    print(
        "(medians of 15 / 5 runs, jp-recommended. cold: freshly loaded plan, every memo cleared, "
        "network built; cpu: process time of the cold run (wall time is inflated when other "
        "jobs share the 2 cores); warm cpu: same plan object again, network reused, rules only)"
    )

    cold_ms, memo_ms = _same_site(nakano)
    print(
        f"new layout on the Nakano site (as the scenario generator checks them): cold cpu "
        f"{cold_ms:.1f} ms, with the analysis memos warm (medial graph per closed piece, "
        f"site network) {memo_ms:.1f} ms"
    )

    vector, t_vec = vector_widths(nakano)
    raster, t_ras = raster_widths(nakano)
    print(
        "\nwidest-path clear width, inside the main entrance → a point in each public room "
        "(Nakano 1F, doors open at their clear width): medial graph vs 5 cm raster"
    )
    print(f"{'room':16} {'medial m':>9} {'raster m':>9} {'diff m':>7}")
    diffs = []
    for rid in sorted(set(vector) | set(raster)):
        v, r = vector.get(rid), raster.get(rid)
        shown_v = "∞" if v is not None and v >= 1e5 else ("-" if v is None else f"{v:.3f}")
        shown_r = "∞" if r is not None and r >= 1e5 else ("-" if r is None else f"{r:.3f}")
        diff = ""
        if v is not None and r is not None and v < 1e5 and r < 1e5:
            diffs.append(abs(v - r))
            diff = f"{v - r:+.3f}"
        print(f"{rid:16} {shown_v:>9} {shown_r:>9} {diff:>7}")
    print(
        f"max |diff| {max(diffs, default=0.0):.3f} m over {len(diffs)} rooms (target ≤ 0.05); "
        f"time medial {t_vec * 1000:.0f} ms vs raster {t_ras * 1000:.0f} ms "
        f"(raster / medial = {t_ras / max(t_vec, 1e-9):.1f}×)"
    )
