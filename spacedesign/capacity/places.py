"""Wheelchair places in a furnished room: in place of chairs, or on open floor beside tables.

A place must lie in the free floor, be on the route of the ruleset's width from a door
(:func:`spacedesign.capacity.routes.swept_region`), and leave every seat group reachable by
its aisle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.capacity.catalogue import Clearances, SeatingRules
from spacedesign.capacity.cells import FloorCells
from spacedesign.capacity.layout import FramedFloor, Part, grid, inside_boxes
from spacedesign.capacity.routes import (
    TOUCH,
    Arrangement,
    aisle_width,
    geometries,
    swept_region,
)

__all__ = ["add_wheelchair_places"]

Box = tuple[float, float, float, float]


def _wheelchair_rects(part: Part, x: float, y: float, rules: SeatingRules,
                      knee: float) -> list[Box]:
    """Candidate wheelchair places (boxes) replacing the chair ``part`` placed at ``(x, y)``.

    In a row (no table) the place is the full ``place_depth`` in front of or behind the chair's
    slot. At a table the wheelchair user's knees and footrests go under the table (knee space
    ``knee`` deep, standards.md §8), so the place takes ``place_depth − knee`` of floor from the
    table edge: the box drawn is that floor part.
    """
    x0, y0, x1, y1 = part.rect
    x0, y0, x1, y1 = x0 + x, y0 + y, x1 + x, y1 + y
    w = rules.place_width
    gap = part.table_gap
    d = rules.place_depth if gap is None else max(rules.place_depth - knee, 0.0)
    out: list[Box] = []
    if part.facing in ("-y", "+y"):
        sign = 1.0 if part.facing == "-y" else -1.0
        front = (y0 if sign > 0 else y1) - sign * (gap or 0.0)
        spans = [(front, front + sign * d)]
        if gap is None:
            back = y1 if sign > 0 else y0
            spans.append((back - sign * d, back))
        lateral = [((x0 + x1) / 2 - w / 2, (x0 + x1) / 2 + w / 2), (x0, x0 + w), (x1 - w, x1)]
        for a, b in spans:
            out.extend((lo, min(a, b), hi, max(a, b)) for lo, hi in lateral)
    elif part.facing in ("-x", "+x"):
        sign = 1.0 if part.facing == "-x" else -1.0
        front = (x0 if sign > 0 else x1) - sign * (gap or 0.0)
        a, b = front, front + sign * d
        cy = (y0 + y1) / 2
        out.append((min(a, b), cy - w / 2, max(a, b), cy + w / 2))
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
    """Index pairs ``(i, j)`` of boxes ``a[i]`` and ``b[j]`` that overlap with positive area.

    The set of pairs does not depend on how it is found (callers use it as a set): every
    pair is measured when there are few, a search tree picks the touching ones when many.
    """
    if a.size == 0 or b.size == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty
    if a.shape[0] * b.shape[0] > _ALL_PAIRS:
        # many boxes: measure only the pairs a search tree finds touching
        tree = shapely.STRtree(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3]))
        ia, ib = tree.query(shapely.box(a[:, 0], a[:, 1], a[:, 2], a[:, 3]),
                            predicate="intersects")
        dx = np.minimum(a[ia, 2], b[ib, 2]) - np.maximum(a[ia, 0], b[ib, 0])
        dy = np.minimum(a[ia, 3], b[ib, 3]) - np.maximum(a[ia, 1], b[ib, 1])
        keep = (dx > 1e-9) & (dy > 1e-9)
        return ia[keep], ib[keep]
    dx = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    dy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    ia, ib = np.nonzero((dx > 1e-9) & (dy > 1e-9))
    return ia, ib


def _near_any(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the indices (ascending) of the boxes ``a[i]`` overlapping some box of ``b``.

    Overlaps have positive area: the first column of :func:`_overlap_pairs`, without repeats,
    found without listing pairs.
    """
    if a.shape[0] * b.shape[0] > _ALL_PAIRS:
        return np.unique(_overlap_pairs(a, b)[0])
    dx = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    dy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return np.flatnonzero(((dx > 1e-9) & (dy > 1e-9)).any(axis=1))


_ALL_PAIRS = 200_000
"""Box pairs measured all at once at most; beyond, a search tree picks the touching pairs."""


def _pairs_among(pairs: tuple[np.ndarray, np.ndarray], among: tuple[np.ndarray, np.ndarray],
                 shape: tuple[int, int]) -> np.ndarray:
    """Whether each index pair of ``pairs`` is one of ``among`` (both index ``shape``)."""
    marked = np.zeros(shape, dtype=bool)
    marked[among] = True
    return np.asarray(marked[pairs], dtype=bool)


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
        gx, gy = grid(xs, ys)
        near = _near_any(np.stack([gx - 0.1, gy - 0.1, gx + dx + 0.1, gy + dy + 0.1], 1),
                         anchors)
        gx, gy = gx[near], gy[near]
        ok = inside_boxes(context.free, gx, gy, gx + dx, gy + dy, context.cells)
        # the boxes of the places inside only (the same corners as those tested)
        gx, gy = gx[ok], gy[ok]
        out.extend(shapely.box(gx, gy, gx + dx, gy + dy))
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
    geoms = geometries(pieces)
    bounds = np.array([(p.rect[0] + x, p.rect[1] + y, p.rect[2] + x, p.rect[3] + y)
                       for p, x, y in pieces])
    is_chair = np.array([p.kind == "chair" for p, _, _ in pieces])
    # places on open floor were found inside the free floor; those in place of chairs are tested
    rects = _free_standing(pieces, context, context.anchor_kinds)
    inside = np.ones(len(rects), dtype=bool)
    boxes = [b for part, x, y in pieces if part.kind == "chair"
             for b in _wheelchair_rects(part, x, y, context.rules, context.clear.knee_space)]
    if boxes:
        arr = np.array(boxes)
        chairs = shapely.box(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3])
        rects.extend(chairs)
        cx0, cy0, cx1, cy1 = shapely.bounds(chairs).T
        inside = np.concatenate([inside, inside_boxes(context.free, cx0, cy0, cx1, cy1,
                                                      context.cells)])
    if not rects:
        return pieces, places
    cand = np.array(rects, dtype=object)[inside]
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
        own = _pairs_among((back_c, back_p), (hit_c, hit_p), (cand.size, size))
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
        # the current route, made when first a place is measured against it (a place that
        # removes more chairs is not: rows may never need it)
        route0 = cache(partial(_route, context, geoms, set(removed), list(places)))

        usable = ~blocked
        if places:
            usable &= ~np.asarray(shapely.dwithin(shapely.union_all(places), cand, 0.3),
                                  dtype=bool)
        open_ = np.flatnonzero(usable)
        order: Iterable[int] = open_[np.lexsort((dist[open_], counts[open_]))]
        if context.starts:
            # a place that removes no more chairs must touch the current route
            gone_mask = _mask(removed, size)
            extra = np.bincount(hit_c[~gone_mask[hit_p]], minlength=cand.size)
            order = _touching(np.asarray(order), extra > 0, route0, cand)
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
            if gone == frozenset(removed):
                route = route0()
            else:
                route = swept_region(context.net, shapely.union_all(left + places),
                                     context.starts, context.rules.route_width)
            trial = [*places, rect]
            if (route is not None and not shapely.dwithin(route, rect, TOUCH)) or not check_runs(
                left, trial
            ):
                failed.append(centre)
                continue
            removed, places, placed = set(gone), trial, True
            break
        if not placed:
            break
    return [pc for k, pc in enumerate(pieces) if k not in removed], places


def _route(context: _Context, geoms: list[BaseGeometry], removed: set[int],
           places: list[Polygon]) -> BaseGeometry | None:
    """Return the route of the ruleset's width, the pieces ``removed`` gone, ``places`` added."""
    if not removed and not places and context.open_floor is not None:
        # the arrangement as checked: its clear floor is made already
        return swept_region(context.net, Polygon(), context.starts, context.rules.route_width,
                            clear=context.open_floor)
    remaining = [g for k, g in enumerate(geoms) if k not in removed]
    return swept_region(context.net, shapely.union_all(remaining + places), context.starts,
                        context.rules.route_width)


def _touching(order: np.ndarray, free_pass: np.ndarray,
              route: Callable[[], BaseGeometry | None], cand: np.ndarray) -> Iterator[int]:
    """Yield the candidates of ``order`` that pass or lie within :data:`TOUCH` of ``route()``.

    In ``order``; the distance test is made a chunk at a time as the caller reads on (it
    stops at the first place that works), not for every candidate at once, and the route is
    asked for only when a chunk has a candidate to measure.
    """
    for lo in range(0, order.size, _CHUNK):
        chunk = order[lo:lo + _CHUNK]
        ok = free_pass[chunk]
        test = np.flatnonzero(~ok)
        if test.size:
            ok[test] = np.asarray(shapely.dwithin(route(), cand[chunk[test]], TOUCH),
                                  dtype=bool)
        yield from chunk[ok].tolist()


_CHUNK = 16
"""Candidates whose distance to the route is measured in one call."""


@dataclass(frozen=True)
class _Context:
    free: BaseGeometry
    net: BaseGeometry
    starts: tuple[tuple[float, float], ...]
    clear: Clearances
    rules: SeatingRules
    anchor_kinds: frozenset[str]
    open_floor: BaseGeometry | None = None
    """The net floor minus every piece, when the checked arrangement has it."""
    cells: FloorCells | None = None
    """The free floor's cells (for box tests)."""



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
    # rows (theatre, classroom, coworking): a place takes chairs' room in a row, at a table
    # with its knee space where there is one; open floor beside rows is aisle (§11), kept free
    rows = not (module.single or module.greedy)
    anchors = frozenset() if rows else (tables or frozenset({"chair"}))
    context = _Context(floor.free, floor.net, tuple(starts), clear, rules, anchors,
                       arrangement.clear, floor.cells[1])
    width = aisle_width(module, clear)

    def check_runs(remaining: list[Polygon], places: list[Polygon]) -> bool:
        if not context.starts:
            return True
        region = swept_region(floor.net, shapely.union_all(remaining + places), context.starts,
                              width)
        return region is None or all(region.intersects(a) for a in arrangement.run_access)

    pieces, places = _add_wheelchair_places(list(arrangement.pieces), needed, context, check_runs)
    return Arrangement(arrangement.placement, tuple(pieces), tuple(places),
                       sum(p.seats for p, _, _ in pieces), arrangement.run_access)
