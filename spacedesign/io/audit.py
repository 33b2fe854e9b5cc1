"""Semantic checks of a document that has the right shape: ids, references and geometry.

Each check appends :class:`~spacedesign.errors.Problem` records with a stable ``code``; nothing
raises, so a file with many problems reports all of them at once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely import STRtree
from shapely.geometry import LineString, Point
from shapely.validation import explain_validity

from spacedesign.errors import Problem
from spacedesign.io.reader import KeyPath, LineMap
from spacedesign.model import FlpInstance, Level, Plan, Program, Shape

__all__ = ["audit_flp", "audit_plan", "audit_program"]

ON_WALL_TOLERANCE = 0.02
"""How far (m) a door centre may lie from its wall's centreline."""

ON_BOUNDARY_TOLERANCE = 0.05
"""How far (m) a ramp end may lie from its polygon's boundary."""

OVERLAP_TOLERANCE = 0.01
"""Overlap area (m²) below which two rooms are taken as touching, not overlapping."""


@dataclass
class _Collector:
    file: str
    lines: LineMap
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, path: KeyPath, message: str, element: str | None = None,
            severity: str = "error") -> None:
        self.problems.append(Problem(
            code=code, message=message, file=self.file, line=self.lines.line_of(path),
            path=format_path(path), element=element, severity=severity,
        ))


def format_path(path: KeyPath) -> str:
    """Format a key path as ``levels[0].rooms[3].polygon``.

    Parameters
    ----------
    path : tuple of str or int
        Key path inside a document.

    Returns
    -------
    str
        The path as users read it.
    """
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def _fmt(x: float, y: float) -> str:
    return f"({x:.2f}, {y:.2f})"


def _check_shape(c: _Collector, shape: Shape, path: KeyPath, element: str | None) -> bool:
    geom = shape.geometry
    if geom.is_valid and geom.area > 0:
        return True
    reason = explain_validity(geom)
    if "Self-intersection" in reason or "Ring Self-intersection" in reason:
        coords = reason[reason.find("[") + 1 : reason.find("]")].split()
        where = _fmt(float(coords[0]), float(coords[1])) if len(coords) >= 2 else "?"
        c.add("polygon-self-intersecting", path, f"polygon crosses itself at {where}", element)
    elif geom.area <= 0 and geom.is_valid:
        c.add("polygon-degenerate", path, "polygon has zero area", element)
    else:
        c.add("polygon-invalid", path, f"polygon is invalid: {reason}", element)
    return False


def _elements(plan: Plan) -> Iterator[tuple[KeyPath, str]]:
    site = plan.site
    if site is not None:
        for key in ("access_points", "areas", "ramps", "steps", "parking", "tactile", "furniture"):
            for i, item in enumerate(getattr(site, key)):
                yield ("site", key, i), item.id
    for li, lv in enumerate(plan.levels):
        yield ("levels", li), lv.id
        for key in ("walls", "columns", "openings", "rooms", "fixtures", "furniture", "zones"):
            for i, item in enumerate(getattr(lv, key)):
                yield ("levels", li, key, i), item.id


def _check_unique(c: _Collector, items: Iterator[tuple[KeyPath, str]]) -> None:
    seen: dict[str, KeyPath] = {}
    for path, ident in items:
        if ident in seen:
            first = format_path(seen[ident])
            c.add("duplicate-id", path, f'id "{ident}" is already used at {first}', ident)
        else:
            seen[ident] = path


def _check_level(c: _Collector, lv: Level, li: int) -> None:
    base: KeyPath = ("levels", li)
    outline_ok = _check_shape(c, lv.outline, (*base, "outline"), lv.id)
    walls = {w.id: w for w in lv.walls}
    rooms = {r.id: r for r in lv.rooms}
    for i, w in enumerate(lv.walls):
        if LineString(w.path).length <= 0:
            c.add("wall-degenerate", (*base, "walls", i, "path"), "wall path has zero length",
                  w.id)
    good_rooms = []
    for i, r in enumerate(lv.rooms):
        path = (*base, "rooms", i)
        if _check_shape(c, r.polygon, (*path, "polygon"), r.id):
            good_rooms.append((i, r))
            if outline_ok:
                outside = r.polygon.geometry.difference(lv.outline.geometry)
                if outside.area > OVERLAP_TOLERANCE:
                    p = outside.representative_point()
                    c.add("room-outside-outline", (*path, "polygon"),
                          f"room extends {outside.area:.2f} m² outside the level outline "
                          f"near {_fmt(p.x, p.y)}", r.id)
    tree = STRtree([r.polygon.geometry for _, r in good_rooms])
    for a_pos, (ai, a) in enumerate(good_rooms):
        ga = a.polygon.geometry
        for b_pos in sorted(int(k) for k in tree.query(ga, predicate="intersects")):
            if b_pos <= a_pos:
                continue
            bi, b = good_rooms[b_pos]
            inter = ga.intersection(b.polygon.geometry)
            if inter.area > OVERLAP_TOLERANCE:
                p = inter.representative_point()
                c.add("room-overlap", (*base, "rooms", bi, "polygon"),
                      f'room overlaps room "{a.id}" (levels[{li}].rooms[{ai}]) by '
                      f"{inter.area:.2f} m² near {_fmt(p.x, p.y)}", b.id)
    for key in ("columns", "zones"):
        for i, item in enumerate(getattr(lv, key)):
            _check_shape(c, item.polygon, (*base, key, i, "polygon"), item.id)
    for i, o in enumerate(lv.openings):
        path = (*base, "openings", i)
        wall = walls.get(o.wall)
        if wall is None:
            c.add("dangling-reference", (*path, "wall"), f'wall "{o.wall}" does not exist on '
                  f'level "{lv.id}"', o.id)
        else:
            _check_opening_on_wall(c, o.at, o.width, wall.path, path, o.id)
        for j, ref in enumerate(o.connects or ()):
            if ref != "outside" and ref not in rooms:
                c.add("dangling-reference", (*path, "connects", j),
                      f'connects to room "{ref}", which does not exist on level "{lv.id}"', o.id)
    for key in ("fixtures", "furniture"):
        for i, item in enumerate(getattr(lv, key)):
            if item.room is not None and item.room not in rooms:
                c.add("dangling-reference", (*base, key, i, "room"),
                      f'room "{item.room}" does not exist on level "{lv.id}"', item.id)
            if item.polygon is not None:
                _check_shape(c, item.polygon, (*base, key, i, "polygon"), item.id)
    for i, f in enumerate(lv.furniture):
        if f.polygon is None and (f.at is None or f.size is None):
            c.add("furniture-shape-missing", (*base, "furniture", i),
                  "furniture needs either polygon or at + size", f.id)


def _check_opening_on_wall(c: _Collector, at: tuple[float, float], width: float,
                           path_points: tuple[tuple[float, float], ...], path: KeyPath,
                           element: str) -> None:
    """Check that an opening lies on its wall's path and fits within that segment."""
    centre = Point(at)
    best: tuple[float, LineString] | None = None
    for a, b in itertools.pairwise(path_points):
        seg = LineString([a, b])
        d = seg.distance(centre)
        if best is None or d < best[0]:
            best = (d, seg)
    if best is None:
        return
    dist, seg = best
    seg_len = seg.length
    if dist > ON_WALL_TOLERANCE:
        c.add("opening-off-wall", (*path, "at"),
              f"{_fmt(*at)} is {dist:.2f} m from its wall's path (must lie on it)", element)
    elif width > seg_len + 1e-9:
        c.add("opening-wider-than-wall", (*path, "width"),
              f"width {width:.2f} m is wider than its wall segment ({seg_len:.2f} m)", element)
    else:
        along = seg.project(centre)
        overhang = max(width / 2 - along, along + width / 2 - seg_len)
        if overhang > ON_WALL_TOLERANCE:
            c.add("opening-past-wall-end", (*path, "at"),
                  f"an opening {width:.2f} m wide centred at {_fmt(*at)} runs {overhang:.2f} m "
                  f"past the end of its wall segment (move it along the wall)", element)


def _check_site(c: _Collector, plan: Plan) -> None:
    site = plan.site
    if site is None:
        return
    if site.boundary is not None:
        _check_shape(c, site.boundary, ("site", "boundary"), None)
    for key in ("areas", "steps", "parking"):
        for i, item in enumerate(getattr(site, key)):
            _check_shape(c, item.polygon, ("site", key, i, "polygon"), item.id)
    for i, r in enumerate(site.ramps):
        path: KeyPath = ("site", "ramps", i)
        if not _check_shape(c, r.polygon, (*path, "polygon"), r.id):
            continue
        boundary = r.polygon.geometry.exterior
        for key, pt in (("from", r.from_point), ("to", r.to_point)):
            d = boundary.distance(Point(pt))
            if d > ON_BOUNDARY_TOLERANCE:
                c.add("ramp-end-off-polygon", (*path, key),
                      f"{key} {_fmt(*pt)} is {d:.2f} m from the ramp polygon's boundary "
                      "(a ramp is entered only at its ends, which lie on its boundary)", r.id)
        if r.run <= 0:
            c.add("ramp-slope-undefined", path,
                  "from and to are the same point, so the slope is undefined", r.id)
        for j, landing in enumerate(r.landings):
            _check_shape(c, landing, (*path, "landings", j), r.id)
    for i, t in enumerate(site.tactile):
        tpath: KeyPath = ("site", "tactile", i)
        if t.kind == "guide" and t.line is None:
            c.add("tactile-shape-missing", tpath, "guide paving needs a line", t.id)
        if t.kind == "warning" and t.polygon is None:
            c.add("tactile-shape-missing", tpath, "warning paving needs a polygon", t.id)
        if t.polygon is not None:
            _check_shape(c, t.polygon, (*tpath, "polygon"), t.id)


def audit_plan(plan: Plan, *, file: str, lines: LineMap) -> list[Problem]:
    """Return every semantic problem of a plan or scenario (ids, references, geometry).

    Parameters
    ----------
    plan : Plan
        The plan or scenario, already converted from its file model.
    file : str
        Its file name, for messages.
    lines : LineMap
        Line numbers of the document.

    Returns
    -------
    list of Problem
        Every problem found, in document order; empty when the plan is sound.
    """
    c = _Collector(file, lines)
    _check_unique(c, _elements(plan))
    _check_site(c, plan)
    for li, lv in enumerate(plan.levels):
        _check_level(c, lv, li)
    return c.problems


def audit_program(program: Program, *, file: str, lines: LineMap,
                  exists: Callable[[Path], bool] | None = None) -> list[Problem]:
    """Return every semantic problem of a program (ids, adjacency references, area ranges).

    Parameters
    ----------
    program : Program
        The program, already converted from its file model.
    file : str
        Its file name, for messages (the plan it names is resolved relative to it).
    lines : LineMap
        Line numbers of the document.
    exists : callable
        Tells whether a path exists (injected so the core stays free of file I/O in tests).

    Returns
    -------
    list of Problem
        Every problem found; empty when the program is sound.
    """
    c = _Collector(file, lines)
    _check_unique(c, ((("spaces", i), sp.id) for i, sp in enumerate(program.spaces)))
    ids = {sp.id for sp in program.spaces}
    for i, sp in enumerate(program.spaces):
        lo, hi = sp.area
        if lo > hi:
            c.add("area-range-inverted", ("spaces", i, "area"),
                  f"area range [{lo}, {hi}] has min above max", sp.id)
    for i, (a, b, _w) in enumerate(program.adjacency):
        for j, ref in enumerate((a, b)):
            if ref not in ids:
                c.add("dangling-reference", ("adjacency", i, j),
                      f'space "{ref}" is not in spaces', None)
    if program.plan is not None and exists is not None:
        target = Path(file).parent / program.plan
        if not exists(target):
            c.add("dangling-reference", ("plan",), f'plan file "{program.plan}" does not exist')
    return c.problems


def audit_flp(instance: FlpInstance, *, file: str, lines: LineMap) -> list[Problem]:
    """Return every semantic problem of a facility layout instance.

    Parameters
    ----------
    instance : FlpInstance
        The instance, already converted from its file model.
    file : str
        Its file name, for messages.
    lines : LineMap
        Line numbers of the document.

    Returns
    -------
    list of Problem
        Every problem found (flow matrix shape, areas, aspect limits); empty when sound.
    """
    c = _Collector(file, lines)
    n = instance.size
    _check_unique(c, ((("departments", i), d.id) for i, d in enumerate(instance.departments)))
    if len(instance.flows) != n or any(len(row) != n for row in instance.flows):
        c.add("flow-matrix-shape", ("flows",), f"flows must be a {n}×{n} matrix")
    total = sum(d.area for d in instance.departments)
    if total > instance.width * instance.height * (1 + 1e-9):
        c.add("area-exceeds-facility", ("departments",),
              f"departments need {total:.2f} m² but the facility has "
              f"{instance.width * instance.height:.2f} m²")
    for i, d in enumerate(instance.departments):
        if d.max_aspect is None and d.min_side is None:
            c.add("shape-rule-missing", ("departments", i), "department needs max_aspect or "
                  "min_side", d.id, severity="warning")
        if d.min_side is not None and d.min_side**2 > d.area * (1 + 1e-9):
            c.add("min-side-impossible", ("departments", i, "min_side"),
                  f"min_side {d.min_side} cannot hold with area {d.area}", d.id)
        if d.min_side is not None and d.max_aspect is None:
            longest = d.area / d.min_side
            if longest > max(instance.width, instance.height) + 1e-9 and not math.isclose(
                longest, max(instance.width, instance.height)
            ):
                c.add("min-side-impossible", ("departments", i, "min_side"),
                      f"min_side {d.min_side} forces a side of {longest:.2f}, longer than the "
                      "facility", d.id, severity="warning")
    return c.problems


def problem_for(file: str, lines: LineMap, path: KeyPath, code: str, message: str,
                data: Any) -> Problem:
    """Return a Problem at ``path`` naming the id of the element it concerns.

    Parameters
    ----------
    file : str
        The document's file name.
    lines : LineMap
        Line numbers of the document.
    path : tuple of str or int
        Key path of the problem.
    code, message : str
        Stable code and plain message.
    data : object
        The document's plain data, to find the id of the element at or above ``path``. An element
        of a list that has no id names none: never its parent's id.

    Returns
    -------
    Problem
        With file, line, formatted path and element id.
    """
    element = None
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(key, int) and not isinstance(node, dict):
            element = None
        elif isinstance(key, int):
            # an element of a list: its own id, or none (never its parent's)
            element = node["id"] if isinstance(node.get("id"), str) else None
        elif isinstance(node, dict) and isinstance(node.get("id"), str) and key != "props":
            element = node["id"]
    return Problem(code=code, message=message, file=file, line=lines.line_of(path),
                   path=format_path(path), element=element)
