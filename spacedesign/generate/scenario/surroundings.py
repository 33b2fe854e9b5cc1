"""What lies around the zone: windows, public rooms across its edges, the reception's front.

Cheap tests the layout search runs before building walls and doors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shapely.geometry import LineString

from spacedesign.generate.scenario.frame import (
    Rect,
    ZoneFrame,
    edge_line,
    neighbour_room,
    overlap_length,
)
from spacedesign.model import Level, Space

__all__ = ["FRONT_RUN", "STEP", "faces_public", "front_intervals", "is_reception",
           "windowed_parts"]

STEP = 0.05
"""Sampling step (m) along the zone edges."""

FRONT_RUN = 1.5
"""Length (m) of zone edge onto a public room the reception needs for its front door: the
door's clear width plus the margins to the wall ends (see :mod:`.build`)."""


def windowed_parts(bounds: Rect, spans: Sequence[LineString],
                   fronts: Mapping[str, Sequence[tuple[float, float]]], frame: ZoneFrame,
                   vc: float, cw: float,
                   extents: Mapping[str, tuple[float, float]],
                   memo: dict[Any, Any] | None = None) -> tuple[set[str], set[str]]:
    """Return which parts (left, right, end) have a window, and which can take a front door.

    ``extents`` gives each part's ``(u0, u1)`` and the end block's ``end_v`` (see
    :func:`~.layout.corridor_parts`). A part
    faces a public room when its side along the zone edge holds :data:`FRONT_RUN` of a
    :func:`front_intervals` stretch (walled, with the hall or a corridor behind).
    ``memo`` keeps what each side segment gives (pure in the segment, for one zone's
    ``bounds``, ``spans`` and ``fronts``): most segments recur from draw to draw.
    """
    length, width = frame.size
    (l0, l1), (r0, r1), (e0, _) = extents["left"], extents["right"], extents["end"]
    v0, v1 = extents.get("end_v", (0.0, width))
    end = [(length, v0, length, v1)]
    end += [(e0, 0.0, length, 0.0)] if v0 == 0.0 else []
    end += [(e0, width, length, width)] if v1 == width else []
    edges = {
        "left": [(l0, 0.0, l1, 0.0)],
        "right": [(r0, width, r1, width)],
        "left-start": [(0.0, 0.0, 0.0, vc)],
        "right-start": [(0.0, vc + cw, 0.0, width)],
        "end": end,
    }
    lit = set()
    public = set()
    for part, lines in edges.items():
        for line in lines:
            key = ("side", frame.edge, line)
            facts = memo.get(key) if memo is not None else None
            if facts is None:
                facts = _side_facts(bounds, spans, fronts, frame, line)
                if memo is not None:
                    memo[key] = facts
            if facts[0]:
                lit.add(part)
            if facts[1]:
                public.add(part)
    return lit, public


def _side_facts(bounds: Rect, spans: Sequence[LineString],
                fronts: Mapping[str, Sequence[tuple[float, float]]], frame: ZoneFrame,
                line: tuple[float, float, float, float]) -> tuple[bool, bool]:
    """Whether the local segment ``line`` holds a window, and a front door's stretch."""
    u0, v0, u1, v1 = line
    a, b = frame.point(u0, v0), frame.point(u1, v1)
    lit = any(overlap_length(a, b, span) >= 0.6 for span in spans)
    x0, y0, x1, _ = bounds
    side = ("west" if a[0] == b[0] == x0 else "east" if a[0] == b[0] == x1
            else "south" if a[1] == b[1] == y0 else "north")
    public = False
    if side in fronts and a != b:
        along = 1 if side in ("west", "east") else 0
        lo, hi = sorted((a[along], b[along]))
        public = any(min(hi, q) - max(lo, p) >= FRONT_RUN - 1e-9 for p, q in fronts[side])
    return lit, public


def is_reception(space: Space) -> bool:
    """Whether ``space`` is the reception (it must face the entrance)."""
    return space.near == "entrance" or space.use == "reception"


def front_intervals(level: Level, bounds: Rect,
                    public_edges: Sequence[str]) -> dict[str, tuple[tuple[float, float], ...]]:
    """Return, per public zone edge, the stretches where a front door can open onto it.

    A stretch is walled (a door needs a wall to stand in; an open edge has none) and has a
    public room across it. Stretches are ``(lo, hi)`` along the edge's x (south, north) or y
    (west, east), sampled every :data:`STEP` metres.
    """
    out: dict[str, tuple[tuple[float, float], ...]] = {}
    for edge in public_edges:
        line = edge_line(bounds, edge)
        walls = [w for w in (LineString(w.path).intersection(line.buffer(1e-6))
                             for w in level.walls) if not w.is_empty]
        along = 1 if edge in ("west", "east") else 0
        steps = max(1, round(line.length / STEP))
        runs: list[tuple[float, float]] = []
        start: float | None = None
        last = 0.0
        for i in range(steps + 1):
            p = line.interpolate(i / steps, normalized=True)
            ok = (neighbour_room(level, (p.x, p.y), bounds, edge) is not None
                  and any(w.distance(p) < 1e-6 for w in walls))
            pos = (p.x, p.y)[along]
            if ok and start is None:
                start = pos
            if not ok and start is not None:
                runs.append((start, last))
                start = None
            last = pos
        if start is not None:
            runs.append((start, last))
        out[edge] = tuple(runs)
    return out


def faces_public(intervals: Mapping[str, Sequence[tuple[float, float]]], bounds: Rect,
                 rect: Rect, run: float = FRONT_RUN) -> bool:
    """Whether ``rect`` has ``run`` metres of a :func:`front_intervals` stretch along its side."""
    x0, y0, x1, y1 = bounds
    sides = {"west": (rect[0] == x0, rect[1], rect[3]), "east": (rect[2] == x1, rect[1], rect[3]),
             "south": (rect[1] == y0, rect[0], rect[2]), "north": (rect[3] == y1, rect[0], rect[2])}
    for edge, stretches in intervals.items():
        touches, lo, hi = sides[edge]
        if touches and any(min(hi, b) - max(lo, a) >= run - 1e-9 for a, b in stretches):
            return True
    return False
