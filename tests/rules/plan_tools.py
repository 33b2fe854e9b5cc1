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
