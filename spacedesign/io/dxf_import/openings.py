"""Doors and windows from lines: door arcs with their leaf lines, glazing lines, wall gaps.

Block references are read in :mod:`.blockdoors`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import LineString, Point

from .collect import Arc, Segment

__all__ = ["OpeningCandidate", "arc_doors", "gap_openings", "join_face_gaps", "line_windows",
           "snap_to_gaps"]

Pt = tuple[float, float]

MIN_DOOR = 0.45
MAX_DOOR = 1.4


@dataclass
class OpeningCandidate:
    """A door or window found in the drawing, before it is attached to a wall."""

    kind: str
    center: Pt
    axis: Pt
    """Unit vector along the wall, from one jamb to the other."""
    width: float
    source: str
    layer: str
    operation: str | None = None
    props: dict[str, Any] = field(default_factory=dict)
    candidates: tuple[Pt, ...] = ()
    """Other places the centre may be (a block's insert point and its middle)."""

    @property
    def jambs(self) -> tuple[Pt, Pt]:
        """The two ends of the clear opening."""
        h = self.width / 2
        c, u = self.center, self.axis
        return (c[0] - u[0] * h, c[1] - u[1] * h), (c[0] + u[0] * h, c[1] + u[1] * h)


def _norm(v: Pt) -> Pt:
    length = math.hypot(*v) or 1.0
    return v[0] / length, v[1] / length


def arc_doors(
    arcs: Sequence[Arc], segments: Sequence[Segment], walls: Sequence[Segment]
) -> tuple[list[OpeningCandidate], set[int]]:
    """Find hinged doors drawn as a swing arc plus a leaf line.

    A leaf is a line with one end on the arc (near one of its ends) and the other end at the
    hinge; the clear width is the leaf's length. Without a leaf line, an arc on a door layer
    still counts, with its radius as the width. Returns the doors and the indices of the
    segments used as leaves (they are not walls).
    """
    doors: list[OpeningCandidate] = []
    leaves: set[int] = set()
    if not arcs:
        return doors, leaves
    tree = shapely.STRtree([LineString([s.a, s.b]) for s in segments]) if segments else None
    wall_tree = shapely.STRtree([LineString([s.a, s.b]) for s in walls]) if walls else None

    arcs = merge_arcs([a for a in arcs if a.radius <= MAX_DOOR * 1.2])

    def on_wall(p: Pt, leaf: Segment) -> bool:
        if wall_tree is None:
            return False
        hits = wall_tree.query(Point(p), predicate="dwithin", distance=0.03).tolist()
        return any((walls[i].a, walls[i].b) != (leaf.a, leaf.b) for i in hits)

    for arc in arcs:
        if arc.role not in ("door", "geometry", "wall") or not 10.0 <= arc.sweep <= 120.0:
            continue
        if not MIN_DOOR * 0.6 <= arc.radius <= MAX_DOOR * 1.2:
            continue
        found = _leaf(arc, segments, tree, leaves, on_wall)
        if found is not None:
            index, hinge, tip = found
            width = math.dist(hinge, tip)
            closed = arc.start if math.dist(tip, arc.end) < math.dist(tip, arc.start) else arc.end
            leaves.add(index)
            source = "arc+leaf"
        elif arc.role == "door":
            hinge, width = arc.center, arc.radius
            closed = _nearer_to_wall(arc, wall_tree)
            source = "arc"
        else:
            continue
        if not MIN_DOOR <= width <= MAX_DOOR:
            continue
        axis = _norm((closed[0] - hinge[0], closed[1] - hinge[1]))
        center = (hinge[0] + axis[0] * width / 2, hinge[1] + axis[1] * width / 2)
        doors.append(OpeningCandidate("door", center, axis, round(width, 3), source, arc.layer,
                                      "hinged", {"width_from": "leaf" if found else "radius"}))
    return _merge_double_doors(doors), leaves


def merge_arcs(arcs: Sequence[Arc]) -> list[Arc]:
    """Join arc pieces that continue each other on the same circle (swings drawn in parts)."""
    remaining = list(arcs)
    out: list[Arc] = []
    while remaining:
        current = remaining.pop()
        grown = True
        while grown:
            grown = False
            for i, other in enumerate(remaining):
                if (math.dist(other.center, current.center) > 0.02 * current.radius
                        or abs(other.radius - current.radius) > 0.02 * current.radius):
                    continue
                if math.dist(other.start, current.end) < 0.01:
                    current = Arc(current.center, current.radius, current.start, other.end,
                                  current.sweep + other.sweep, current.layer, current.role)
                elif math.dist(other.end, current.start) < 0.01:
                    current = Arc(current.center, current.radius, other.start, current.end,
                                  current.sweep + other.sweep, current.layer, current.role)
                else:
                    continue
                remaining.pop(i)
                grown = True
                break
        out.append(current)
    return out


def _leaf(
    arc: Arc, segments: Sequence[Segment], tree: Any, used: set[int], on_wall: Any
) -> tuple[int, Pt, Pt] | None:
    if tree is None:
        return None
    best: tuple[float, int, Pt, Pt] | None = None
    probe = Point(arc.center).buffer(arc.radius * 1.3)
    for i in tree.query(probe).tolist():
        if i in used:
            continue
        seg = segments[i]
        if seg.role not in ("door", "geometry", "wall"):
            continue
        for tip, hinge in ((seg.a, seg.b), (seg.b, seg.a)):
            on_circle = abs(math.dist(tip, arc.center) - arc.radius) < 0.15 * arc.radius
            near_end = min(math.dist(tip, arc.start), math.dist(tip, arc.end)) < 0.35 * arc.radius
            if not (on_circle and near_end):
                continue
            length = math.dist(tip, hinge)
            if not 0.6 * arc.radius <= length <= 2.5 * arc.radius:
                continue
            at_centre = math.dist(hinge, arc.center) < 0.1 * arc.radius
            if not at_centre and not on_wall(hinge, seg):
                continue
            score = math.dist(hinge, arc.center) + abs(length - arc.radius)
            if best is None or score < best[0]:
                best = (score, i, hinge, tip)
    return None if best is None else (best[1], best[2], best[3])


def _nearer_to_wall(arc: Arc, wall_tree: Any) -> Pt:
    if wall_tree is None:
        return arc.start
    geoms = wall_tree.geometries

    def distance(p: Pt) -> float:
        near = wall_tree.nearest(Point(p))
        return float(geoms[near].distance(Point(p))) if near is not None else math.inf

    return arc.start if distance(arc.start) <= distance(arc.end) else arc.end


def _merge_double_doors(doors: list[OpeningCandidate]) -> list[OpeningCandidate]:
    """Two leaves meeting in the middle of one opening become one double door."""
    out: list[OpeningCandidate] = []
    used: set[int] = set()
    for i, d in enumerate(doors):
        if i in used:
            continue
        for j in range(i + 1, len(doors)):
            e = doors[j]
            if j in used or abs(d.axis[0] * e.axis[1] - d.axis[1] * e.axis[0]) > 0.05:
                continue
            gap = math.dist(d.center, e.center)
            if abs(gap - (d.width + e.width) / 2) < 0.05 and d.axis[0] * e.axis[0] + d.axis[
                1
            ] * e.axis[1] < 0:
                (a0, _), (b0, _) = d.jambs, e.jambs
                center = ((a0[0] + b0[0]) / 2, (a0[1] + b0[1]) / 2)
                axis = _norm((b0[0] - a0[0], b0[1] - a0[1]))
                d = OpeningCandidate("door", center, axis, round(d.width + e.width, 3),
                                     d.source, d.layer, "hinged", {"leaves": 2, **d.props})
                used.add(j)
                break
        out.append(d)
    return out


def line_windows(segments: Sequence[Segment]) -> list[OpeningCandidate]:
    """Windows drawn as parallel glazing lines on a window layer (one window per bundle)."""
    lines = sorted((s for s in segments if s.role == "window" and s.length >= 0.3),
                   key=lambda s: -s.length)
    out: list[OpeningCandidate] = []
    for seg in lines:
        center = ((seg.a[0] + seg.b[0]) / 2, (seg.a[1] + seg.b[1]) / 2)
        axis = _norm((seg.b[0] - seg.a[0], seg.b[1] - seg.a[1]))
        duplicate = any(
            abs(axis[0] * w.axis[1] - axis[1] * w.axis[0]) < 0.05
            and LineString(w.jambs).distance(Point(center)) < 0.35
            for w in out
        )
        if not duplicate:
            out.append(OpeningCandidate("window", center, axis, round(seg.length, 3), "lines",
                                        seg.layer, None, {}))
    return out


SNAP_ACROSS = 0.35
"""How far (m) across the wall a block's insert point may lie from the gap's centreline: a
block is often inserted on a wall face, half a wall thickness off the centreline."""
SNAP_SLACK = 0.1
"""Extra reach (m) along the wall beyond half the opening's width."""
GAP_WIDTH_FROM = frozenset({"leaf", "block extent", "name"})
"""Width sources a wall gap overrides for sliding, automatic and double doors."""


def snap_to_gaps(
    found: Sequence[OpeningCandidate], gaps: Sequence[OpeningCandidate]
) -> list[OpeningCandidate]:
    """Centre each door or window on the wall gap it fills; return the gaps nothing fills.

    A block may be inserted at its centre, its hinge or beside the opening; the gap cut in
    the wall shows where the opening really is. Every place the opening may be (its centre and
    the block's insert point and middle) is tried; a gap within half the opening's width
    (+0.1 m) along the wall and 0.35 m across it is taken, the nearest first. Sliding,
    automatic and double doors whose width was not stated take the gap's width.
    """
    free = list(gaps)
    for op in found:
        places = (op.center, *op.candidates)
        best: tuple[float, int] | None = None
        for i, gap in enumerate(free):
            if abs(op.axis[0] * gap.axis[1] - op.axis[1] * gap.axis[0]) > 0.05:
                continue
            if abs(gap.width - op.width) > max(0.25, 0.5 * op.width) and op.kind != "window":
                continue
            ux, uy = op.axis
            reach = max(0.35, op.width / 2) + SNAP_SLACK
            for p in places:
                rx, ry = gap.center[0] - p[0], gap.center[1] - p[1]
                along = abs(rx * ux + ry * uy)
                across = abs(-rx * uy + ry * ux)
                if along <= reach and across <= SNAP_ACROSS:
                    score = along + across + abs(gap.width - op.width)
                    if best is None or score < best[0]:
                        best = (score, i)
        if best is not None:
            gap = free.pop(best[1])
            op.center = gap.center
            double = op.props.get("leaves") == 2 or op.operation in ("sliding", "automatic")
            if double and op.props.get("width_from") in GAP_WIDTH_FROM:
                op.props["width_from"] = "gap"
                op.width = gap.width
    return [g for g in free
            if not any(math.dist(g.center, o.center) < max(0.6, o.width / 2) for o in found)]


MAX_GAP = 2.5
"""Widest gap between two collinear wall lines read as an opening."""


def gap_openings(walls: Sequence[Segment]) -> list[OpeningCandidate]:
    """Find openings where a wall line stops and continues on the same line up to 2.5 m later.

    Returns one gap per wall face (see :func:`join_face_gaps`). Nothing may cross the gap.
    Such gaps are doorless openings, or windows drawn without
    glazing; they are reported as ``kind: opening`` and close the rooms on either side.
    """
    segs = [s for s in walls if s.length >= 0.15]
    if not segs:
        return []
    lines = [LineString([s.a, s.b]) for s in segs]
    tree = shapely.STRtree(lines)
    found: list[OpeningCandidate] = []
    seen: set[tuple[int, int]] = set()
    for i, seg in enumerate(segs):
        for p, other in ((seg.b, seg.a), (seg.a, seg.b)):
            u = _norm((p[0] - other[0], p[1] - other[1]))
            ray = LineString([p, (p[0] + u[0] * MAX_GAP, p[1] + u[1] * MAX_GAP)])
            best: tuple[float, int, Pt] | None = None
            for j in tree.query(ray.buffer(0.02)).tolist():
                if j == i:
                    continue
                cand = segs[j]
                v = _norm((cand.b[0] - cand.a[0], cand.b[1] - cand.a[1]))
                if abs(u[0] * v[1] - u[1] * v[0]) > 0.03:
                    continue
                for q in (cand.a, cand.b):
                    rx, ry = q[0] - p[0], q[1] - p[1]
                    along = rx * u[0] + ry * u[1]
                    if along < 0.3 or abs(-u[1] * rx + u[0] * ry) > 0.01:
                        continue
                    far = cand.b if q == cand.a else cand.a
                    if (far[0] - q[0]) * u[0] + (far[1] - q[1]) * u[1] <= 0:
                        continue  # the other line must continue away from the gap
                    if best is None or along < best[0]:
                        best = (along, j, q)
            if best is None or (min(i, best[1]), max(i, best[1])) in seen:
                continue
            along, j, q = best
            if max(seg.length, segs[j].length) < 0.3:
                continue  # two jamb edges facing each other across a room
            inner = LineString([(p[0] + u[0] * 0.01, p[1] + u[1] * 0.01),
                                (q[0] - u[0] * 0.01, q[1] - u[1] * 0.01)])
            if any(k not in (i, j) for k in tree.query(inner, predicate="intersects").tolist()):
                continue
            seen.add((min(i, j), max(i, j)))
            center = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            found.append(OpeningCandidate("opening", center, u, round(along, 3), "gap",
                                          seg.layer, "none", {"width_from": "gap"}))
    return found


def join_face_gaps(found: Sequence[OpeningCandidate]) -> list[OpeningCandidate]:
    """Join the two gaps the faces of a double-line wall give into one on the centreline."""
    out: list[OpeningCandidate] = []
    for op in (dataclasses.replace(g) for g in found):
        twin = False
        for kept in out:
            if abs(op.axis[0] * kept.axis[1] - op.axis[1] * kept.axis[0]) > 0.05:
                continue
            rx, ry = op.center[0] - kept.center[0], op.center[1] - kept.center[1]
            along = abs(rx * kept.axis[0] + ry * kept.axis[1])
            across = abs(-kept.axis[1] * rx + kept.axis[0] * ry)
            if across <= 0.55 and along < 0.2 and abs(op.width - kept.width) < 0.2:
                twin = True
                kept.center = ((op.center[0] + kept.center[0]) / 2,
                               (op.center[1] + kept.center[1]) / 2)
                break
        if not twin:
            out.append(op)
    return out
