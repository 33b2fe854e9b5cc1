"""Helpers for the rule tests: build plans in memory and move them around."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacedesign.io import load_plan, plan_to_data
from spacedesign.model import Plan

GEOMETRY_KEYS = {"at", "from", "to", "polygon", "outline", "boundary", "line", "path", "landings",
                 "shell", "holes"}


def _map_points(value: Any, fn: Callable[[float, float], tuple[float, float]]) -> Any:
    if isinstance(value, dict):
        return {k: _map_points(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, int | float) for v in value):
            return list(fn(float(value[0]), float(value[1])))
        return [_map_points(v, fn) for v in value]
    return value


def transform_data(data: Any, fn: Callable[[float, float], tuple[float, float]],
                   turn: float = 0.0) -> Any:
    """Apply ``fn`` to every point of a plan document; add ``turn`` degrees to rotations."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in GEOMETRY_KEYS:
                out[key] = _map_points(value, fn)
            elif key == "rotation" and turn:
                out[key] = (value + turn) % 360
            else:
                out[key] = transform_data(value, fn, turn)
        if turn and "size" in data and "rotation" not in data and "at" in data:
            out["rotation"] = turn
        return out
    if isinstance(data, list):
        return [transform_data(v, fn, turn) for v in data]
    return data


def save_and_load(data: dict[str, Any], path: Path) -> Plan:
    path.write_text(json.dumps(data, ensure_ascii=False))
    return load_plan(path)


def translated(plan: Plan, dx: float, dy: float, path: Path) -> Plan:
    data = transform_data(plan_to_data(plan), lambda x, y: (x + dx, y + dy))
    return save_and_load(data, path)


def rotated90(plan: Plan, path: Path) -> Plan:
    data = transform_data(plan_to_data(plan), lambda x, y: (-y, x), turn=90.0)
    return save_and_load(data, path)


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def signature(report: Any) -> list[tuple[Any, ...]]:
    """What must not change when a plan is moved: rule, status, element, measured (1 cm)."""
    return sorted(
        (f.rule, f.status, f.element or "", rounded(f.measured) if f.measured is not None
         and math.isfinite(f.measured) else None)
        for f in report.findings
    )


def box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def small_centre(
    *,
    corridor: float = 1.8,
    door: float = 0.9,
    entrance: float = 1.2,
    elevation: float = 0.0,
    site: dict[str, Any] | None = None,
    furniture: list[dict[str, Any]] | None = None,
    extra_openings: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A 20 × 12 m centre: lobby (south) → corridor (drawn ``corridor`` wide) → rooms (north).

    Walls 0.2 m (exterior, corridor) and 0.1 m (partitions); rooms drawn to centrelines.
    """
    y_c0 = 5.0
    y_c1 = y_c0 + corridor
    openings = [
        {"id": "D0", "kind": "door", "wall": "W-ext", "at": [10, 0], "width": entrance,
         "operation": "automatic", "threshold": 0.0, "connects": ["lobby", "outside"]},
        {"id": "D1", "kind": "opening", "wall": "W-c0", "at": [10, y_c0], "width": 1.8,
         "operation": "none", "threshold": 0.0, "connects": ["lobby", "corridor"]},
        {"id": "D2", "kind": "door", "wall": "W-c1", "at": [3, y_c1], "width": door,
         "operation": "sliding", "threshold": 0.0, "connects": ["meeting", "corridor"]},
        {"id": "D3", "kind": "door", "wall": "W-c1", "at": [10, y_c1], "width": door,
         "operation": "sliding", "threshold": 0.0, "connects": ["wc", "corridor"]},
        {"id": "D4", "kind": "door", "wall": "W-c1", "at": [16, y_c1], "width": door,
         "operation": "sliding", "threshold": 0.0, "connects": ["consult", "corridor"]},
        *(extra_openings or []),
    ]
    return {
        "format": "spacedesign.plan/1",
        "name": "small centre",
        "north": 0,
        **({"site": site} if site is not None else {}),
        "levels": [{
            "id": "1F",
            "elevation": elevation,
            "outline": box(0, 0, 20, 12),
            "walls": [
                {"id": "W-ext", "path": [[0, 0], [20, 0], [20, 12], [0, 12], [0, 0]],
                 "thickness": 0.2, "kind": "exterior"},
                {"id": "W-c0", "path": [[0, y_c0], [20, y_c0]], "thickness": 0.2, "kind": "interior"},
                {"id": "W-c1", "path": [[0, y_c1], [20, y_c1]], "thickness": 0.2, "kind": "interior"},
                {"id": "W-n1", "path": [[7, y_c1], [7, 12]], "thickness": 0.1, "kind": "partition"},
                {"id": "W-n2", "path": [[13, y_c1], [13, 12]], "thickness": 0.1, "kind": "partition"},
            ],
            "openings": openings,
            "rooms": [
                {"id": "lobby", "name": "ロビー", "use": "lobby", "polygon": box(0, 0, 20, y_c0),
                 "public": True},
                {"id": "corridor", "name": "廊下", "use": "corridor",
                 "polygon": box(0, y_c0, 20, y_c1), "public": True},
                {"id": "meeting", "name": "会議室", "use": "meeting", "polygon": box(0, y_c1, 7, 12),
                 "public": True},
                {"id": "wc", "name": "バリアフリートイレ", "use": "accessible_toilet",
                 "polygon": box(7, y_c1, 13, 12), "public": True},
                {"id": "consult", "name": "相談室", "use": "consultation",
                 "polygon": box(13, y_c1, 20, 12), "public": True},
            ],
            "fixtures": [
                {"id": "WC1", "kind": "accessible_toilet", "room": "wc",
                 "features": ["ostomate", "baby_changing", "baby_chair"]},
                {"id": "RC1", "kind": "counter", "polygon": box(14, 3, 16, 3.6), "height": 0.72,
                 "knee_clearance": 0.65, "room": "lobby"},
            ],
            "furniture": furniture or [],
        }],
    }


def flat_site(elevation: float = 0.0) -> dict[str, Any]:
    """A walkway from an access point at (10, -6) to the entrance at (10, 0)."""
    return {
        "boundary": box(-5, -8, 25, 14),
        "access_points": [{"id": "A1", "at": [10, -6], "kind": "pedestrian"}],
        "areas": [{"id": "walk", "kind": "walkway", "polygon": box(8, -6, 12, 0),
                   "elevation": elevation, "surface": "paved"}],
    }


def load_data(data: dict[str, Any], tmp_path: Path, name: str = "plan.json") -> Plan:
    return save_and_load(data, tmp_path / name)
