"""Routes through a furnished room, and the wheelchair places that need one.

A *swept region* of width ``w`` is the floor a disc of diameter ``w`` can cover when it starts
at a door and never overlaps furniture or walls (erosion by ``w/2``, keep the parts a door
reaches, dilate back). Seat groups (a row between aisles, a table with its chairs) are
reachable when the aisle-width swept region touches their access strip; at least one
wheelchair place must touch the swept region of the ruleset's route width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from spacedesign.capacity.catalogue import Clearances, SeatingRules
from spacedesign.capacity.layout import FramedFloor, Module, Part, Placement

__all__ = ["Arrangement", "add_wheelchair_places", "check_routes", "swept_region"]

_TOL = 1e-3


@dataclass(frozen=True)
class Arrangement:
    """A checked layout in frame coordinates: furniture pieces and wheelchair places."""

    placement: Placement
    pieces: tuple[tuple[Part, float, float], ...]
    wheelchair: tuple[Polygon, ...]
    seats: int
    run_access: tuple[BaseGeometry, ...] = ()

    @property
    def wheelchair_places(self) -> int:
        """Wheelchair places (module-built and added)."""
        return len(self.wheelchair) + sum(1 for p, _, _ in self.pieces if p.wheelchair)


def swept_region(
    floor: BaseGeometry,
    obstacles: BaseGeometry,
    starts: Sequence[tuple[float, float]],
    width: float,
) -> BaseGeometry | None:
    """Floor reachable from ``starts`` by a disc of diameter ``width``; None when no start."""
    if not starts:
        return None
    clear = floor.difference(obstacles) if not obstacles.is_empty else floor
    core = clear.buffer(-(width / 2.0 - _TOL), quad_segs=4)
    if core.is_empty:
        return Polygon()
    parts = list(getattr(core, "geoms", [core]))
    reach = width / 2.0 + 0.05
    points = [Point(s) for s in starts]
    kept = [g for g in parts if any(g.distance(p) <= reach for p in points)]
    if not kept:
        return Polygon()
    region = shapely.union_all(kept).buffer(width / 2.0 - _TOL, quad_segs=4)
    shapely.prepare(region)
    return region


def _access_box(module: Module, x: float, y: float, grow: float = 0.0) -> Polygon:
    ax0, ay0, ax1, ay1 = module.access
    return box(ax0 + x - grow, ay0 + y - grow, ax1 + x + grow, ay1 + y + grow)


def _runs(placement: Placement) -> list[list[int]]:
    """Group copies into runs: same row and block, consecutive columns."""
    order = sorted(range(len(placement.origins)), key=lambda i: placement.origins[i][2:])
    runs: list[list[int]] = []
    last: tuple[int, int, int] | None = None
    for i in order:
        _, _, row, col, block = placement.origins[i]
        if last is not None and runs and (row, block) == last[:2] and col == last[2] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
        last = (row, block, col)
    return runs


def _reachable_runs(
    placement: Placement, runs: list[list[int]], aisle: BaseGeometry | None
) -> list[list[int]]:
    module = placement.module
    if aisle is None:
        return runs
    kept: list[list[int]] = []
    for run in runs:
        if not aisle.intersects(_run_box(placement, run)):
            continue
        left = aisle.intersects(_access_box(module, *placement.origins[run[0]][:2], 0.03))
        right = aisle.intersects(_access_box(module, *placement.origins[run[-1]][:2], 0.03))
        middle = len(run) > 2 and aisle.intersects(_run_box(placement, run[1:-1]))
        limit = module.max_run if (left and right) or middle else module.max_run_one_side
        if len(run) > limit:
            run = run[:limit] if left or not right else run[-limit:]
        kept.append(run)
    return kept


def _run_box(placement: Placement, run: Sequence[int]) -> Polygon:
    """Access strip of a run: copies of a run sit side by side, so one box covers them."""
    ax0, ay0, ax1, ay1 = placement.module.access
    xs = [placement.origins[i][0] for i in run]
    ys = [placement.origins[i][1] for i in run]
    g = 0.03
    return box(min(xs) + ax0 - g, min(ys) + ay0 - g, max(xs) + ax1 + g, max(ys) + ay1 + g)


def _pieces(placement: Placement, copies: Sequence[int]) -> list[tuple[Part, float, float]]:
    out: list[tuple[Part, float, float]] = []
    for i in copies:
        x, y = placement.origins[i][:2]
        out.extend((part, x, y) for part in placement.module.parts)
    return out


def _geometries(pieces: Sequence[tuple[Part, float, float]]) -> list[BaseGeometry]:
    """Footprints of ``pieces`` (boxes built in one vectorised call)."""
    if not pieces:
        return []
    rects = np.array([(p.rect[0] + x, p.rect[1] + y, p.rect[2] + x, p.rect[3] + y)
                      for p, x, y in pieces])
    geoms = list(shapely.box(rects[:, 0], rects[:, 1], rects[:, 2], rects[:, 3]))
    for k, (part, x, y) in enumerate(pieces):
        if part.round:
            geoms[k] = part.geometry(x, y)
    return geoms


def _union(pieces: Sequence[tuple[Part, float, float]], extra: Sequence[Polygon]) -> BaseGeometry:
    geoms = _geometries(pieces) + list(extra)
    return shapely.union_all(geoms) if geoms else Polygon()


def _wheelchair_rects(part: Part, x: float, y: float, rules: SeatingRules) -> list[Polygon]:
    """Candidate wheelchair places replacing the chair ``part`` placed at ``(x, y)``."""
    x0, y0, x1, y1 = part.rect
    x0, y0, x1, y1 = x0 + x, y0 + y, x1 + x, y1 + y
    w, d = rules.place_width, rules.place_depth
    gap = part.table_gap
    out: list[Polygon] = []
    if part.facing in ("-y", "+y"):
        sign = 1.0 if part.facing == "-y" else -1.0
        front = (y0 if sign > 0 else y1) - sign * (gap or 0.0)
        spans = [(front, front + sign * d)]
        if gap is None:
            back = y1 if sign > 0 else y0
            spans.append((back - sign * d, back))
        lateral = [((x0 + x1) / 2 - w / 2, (x0 + x1) / 2 + w / 2), (x0, x0 + w), (x1 - w, x1)]
        for a, b in spans:
            out.extend(box(lo, min(a, b), hi, max(a, b)) for lo, hi in lateral)
    elif part.facing in ("-x", "+x"):
        sign = 1.0 if part.facing == "-x" else -1.0
        front = (x0 if sign > 0 else x1) - sign * (gap or 0.0)
        a, b = front, front + sign * d
        cy = (y0 + y1) / 2
        out.append(box(min(a, b), cy - w / 2, max(a, b), cy + w / 2))
    return out


_MAX_TRIES = 24
"""Wheelchair-place candidates checked against the routes per arrangement (bounds the time)."""

_PUSH_BACK = 0.13
"""Chair depth + 5 in to push a chair back (standards.md §13 [P5]); kept free of wheelchairs."""


def _push_back(part: Part, x: float, y: float) -> tuple[float, float, float, float]:
    """Return the strip behind a chair (all round for a chair with no facing)."""
    x0, y0, x1, y1 = part.rect
    x0, y0, x1, y1 = x0 + x, y0 + y, x1 + x, y1 + y
    d = _PUSH_BACK
    if part.facing == "-y":
        return (x0, y1, x1, y1 + d)
    if part.facing == "+y":
        return (x0, y0 - d, x1, y0)
    if part.facing == "-x":
        return (x1, y0, x1 + d, y1)
    if part.facing == "+x":
        return (x0 - d, y0, x0, y1)
    return (x0 - d, y0 - d, x1 + d, y1 + d)


def _mask(indices: set[int], size: int) -> np.ndarray:
    out = np.zeros(size, dtype=bool)
    out[list(indices)] = True
    return out


def _overlap_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)`` of boxes ``a[i]`` and ``b[j]`` that overlap with positive area."""
    if a.size == 0 or b.size == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty
    tree = shapely.STRtree(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3]))
    ia, ib = tree.query(shapely.box(a[:, 0], a[:, 1], a[:, 2], a[:, 3]), predicate="intersects")
    dx = np.minimum(a[ia, 2], b[ib, 2]) - np.maximum(a[ia, 0], b[ib, 0])
    dy = np.minimum(a[ia, 3], b[ib, 3]) - np.maximum(a[ia, 1], b[ib, 1])
    keep = (dx > 1e-9) & (dy > 1e-9)
    return ia[keep], ib[keep]


def _free_standing(
    pieces: Sequence[tuple[Part, float, float]], context: _Context, anchor_kinds: frozenset[str]
) -> list[Polygon]:
    """Wheelchair places on open floor next to a table (or a seat row), no chair removed."""
    anchors = np.array([
        (p.rect[0] + x, p.rect[1] + y, p.rect[2] + x, p.rect[3] + y)
        for p, x, y in pieces if p.kind in anchor_kinds
    ])
    if anchors.size == 0:
        return []
    x_min, y_min, x_max, y_max = context.free.bounds
    w, d = context.rules.place_width, context.rules.place_depth
    out: list[Polygon] = []
    step = 0.2
    for dx, dy in ((w, d), (d, w)):
        xs = np.arange(x_min, x_max - dx + 1e-9, step)
        ys = np.arange(y_min, y_max - dy + 1e-9, step)
        if xs.size == 0 or ys.size == 0:
            continue
        gx, gy = (g.ravel() for g in np.meshgrid(xs, ys))
        near_idx, _ = _overlap_pairs(
            np.stack([gx - 0.1, gy - 0.1, gx + dx + 0.1, gy + dy + 0.1], 1), anchors)
        near = np.unique(near_idx)
        gx, gy = gx[near], gy[near]
        rects = shapely.box(gx, gy, gx + dx, gy + dy)
        out.extend(rects[np.asarray(shapely.contains(context.free, rects), dtype=bool)])
    return out


def _add_wheelchair_places(
    pieces: list[tuple[Part, float, float]],
    needed: int,
    context: _Context,
    check_runs: Callable[[list[Polygon], list[Polygon]], bool],
) -> tuple[list[tuple[Part, float, float]], list[Polygon]]:
    places: list[Polygon] = []
    if needed <= 0 or not pieces:
        return pieces, places
    geoms = _geometries(pieces)
    bounds = np.array([(p.rect[0] + x, p.rect[1] + y, p.rect[2] + x, p.rect[3] + y)
                       for p, x, y in pieces])
    is_chair = np.array([p.kind == "chair" for p, _, _ in pieces])
    rects = _free_standing(pieces, context, context.anchor_kinds)
    for part, x, y in pieces:
        if part.kind == "chair":
            rects.extend(_wheelchair_rects(part, x, y, context.rules))
    if not rects:
        return pieces, places
    cand = np.array(rects, dtype=object)
    cand = cand[np.asarray(shapely.contains(context.free, cand), dtype=bool)]
    if cand.size == 0:
        return pieces, places
    cand_bounds = shapely.bounds(cand)
    hit_c, hit_p = _overlap_pairs(cand_bounds, bounds)
    size = len(pieces)
    blocked = np.zeros(cand.size, dtype=bool)
    blocked[hit_c[~is_chair[hit_p]]] = True
    if is_chair.any():
        backs = np.array([_push_back(p, x, y) for p, x, y in pieces])
        back_c, back_p = _overlap_pairs(cand_bounds, backs)
        own = np.isin(back_c * size + back_p, hit_c * size + hit_p)
        blocked[back_c[~own & is_chair[back_p]]] = True
    counts = np.bincount(hit_c, minlength=cand.size)
    by_cand = np.argsort(hit_c, kind="stable")
    first = np.searchsorted(hit_c[by_cand], np.arange(cand.size + 1))

    def hits(i: int) -> list[int]:
        return [int(k) for k in hit_p[by_cand[first[i]:first[i + 1]]]]

    starts = shapely.points(np.array(context.starts)) if context.starts else None
    dist = (
        np.min(np.stack([shapely.distance(cand, s) for s in starts]), axis=0)
        if starts is not None else np.zeros(cand.size)
    )
    removed: set[int] = set()
    tried = 0
    while len(places) < needed and tried < _MAX_TRIES:
        remaining = [g for k, g in enumerate(geoms) if k not in removed]
        route0 = swept_region(context.net, shapely.union_all(remaining + places),
                              context.starts, context.rules.route_width)
        usable = ~blocked
        if route0 is not None:
            # a place that removes no more chairs must touch the current route
            gone_mask = _mask(removed, size)
            extra = np.bincount(hit_c[~gone_mask[hit_p]], minlength=cand.size)
            usable &= (extra > 0) | np.asarray(shapely.dwithin(route0, cand, 0.02), dtype=bool)
        if places:
            usable &= ~np.asarray(shapely.dwithin(shapely.union_all(places), cand, 0.3),
                                  dtype=bool)
        open_ = np.flatnonzero(usable)
        order = open_[np.lexsort((dist[open_], counts[open_]))]
        failed: list[Point] = []
        placed = False
        for i in order:
            if tried >= _MAX_TRIES:
                break
            rect = cand[i]
            centre = rect.centroid
            if any(centre.distance(f) < 0.8 for f in failed):
                continue
            gone = frozenset(removed.union(hits(int(i))))
            left = [g for k, g in enumerate(geoms) if k not in gone]
            tried += 1
            route = route0
            if gone != frozenset(removed):
                route = swept_region(context.net, shapely.union_all(left + places),
                                     context.starts, context.rules.route_width)
            trial = [*places, rect]
            if (route is not None and not route.intersects(rect.buffer(0.02))) or not check_runs(
                left, trial
            ):
                failed.append(centre)
                continue
            removed, places, placed = set(gone), trial, True
            break
        if not placed:
            break
    return [pc for k, pc in enumerate(pieces) if k not in removed], places


@dataclass(frozen=True)
class _Context:
    free: BaseGeometry
    net: BaseGeometry
    starts: tuple[tuple[float, float], ...]
    clear: Clearances
    rules: SeatingRules
    anchor_kinds: frozenset[str]


def check_routes(
    placement: Placement,
    floor: FramedFloor,
    starts: Sequence[tuple[float, float]],
    clear: Clearances,
    rules: SeatingRules,
) -> Arrangement:
    """Keep the seat groups an aisle reaches from a door, cut rows to the row limits.

    A module-built wheelchair place that the ruleset's route does not reach is dropped.
    """
    module = placement.module
    aisle_width = _aisle_width(module, clear)
    runs = _runs(placement)
    obstacles = _union(_pieces(placement, range(len(placement.origins))), [])
    aisle = swept_region(floor.net, obstacles, starts, aisle_width)
    runs = _reachable_runs(placement, runs, aisle)
    pieces = _pieces(placement, [i for run in runs for i in run])
    built = [(p, x, y) for p, x, y in pieces if p.wheelchair]
    if built and starts:
        route = swept_region(floor.net, _union(pieces, []), starts, rules.route_width)
        if route is not None and not any(
            route.intersects(p.geometry(x, y).buffer(0.02)) for p, x, y in built
        ):
            pieces = [pc for pc in pieces if not pc[0].wheelchair]
    access = tuple(_run_box(placement, run) for run in runs)
    return Arrangement(placement, tuple(pieces), (), sum(p.seats for p, _, _ in pieces), access)


def _aisle_width(module: Module, clear: Clearances) -> float:
    return min(clear.aisle, module.aisle) if module.aisle > 0 else clear.aisle


def add_wheelchair_places(
    arrangement: Arrangement,
    floor: FramedFloor,
    starts: Sequence[tuple[float, float]],
    clear: Clearances,
    rules: SeatingRules,
    needed: int,
) -> Arrangement:
    """Add up to ``needed`` wheelchair places on open floor or in place of chairs.

    A place must lie in the free floor, touch the route of the ruleset's width from a door, and
    leave every seat group reachable; places that remove fewer chairs and lie nearer a door are
    tried first.
    """
    module = arrangement.placement.module
    tables = frozenset(p.kind for p in module.parts if p.kind in ("table", "desk"))
    context = _Context(floor.free, floor.net, tuple(starts), clear, rules,
                       tables or frozenset({"chair"}))
    aisle_width = _aisle_width(module, clear)

    def check_runs(remaining: list[Polygon], places: list[Polygon]) -> bool:
        if not context.starts:
            return True
        region = swept_region(floor.net, shapely.union_all(remaining + places), context.starts,
                              aisle_width)
        return region is None or all(region.intersects(a) for a in arrangement.run_access)

    pieces, places = _add_wheelchair_places(list(arrangement.pieces), needed, context, check_runs)
    return Arrangement(arrangement.placement, tuple(pieces), tuple(places),
                       sum(p.seats for p, _, _ in pieces), arrangement.run_access)
