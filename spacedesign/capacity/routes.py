"""Routes through a furnished room, and the wheelchair places that need one.

A *swept region* of width ``w`` is the floor a disc of diameter ``w`` can cover when it starts
at a door and never overlaps furniture or walls (erosion by ``w/2``, keep the parts a door
reaches, dilate back). Seat groups (a row between aisles, a table with its chairs) are
reachable when the aisle-width swept region touches their access strip; at least one
wheelchair place must touch the swept region of the ruleset's route width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.capacity.catalogue import Clearances, SeatingRules
from spacedesign.capacity.layout import FramedFloor, Module, Part, Placement

__all__ = ["Arrangement", "check_routes", "clear_floor", "swept_region"]

_TOL = 1e-3

TOUCH = 0.1
"""A wheelchair place is on the route when it lies within 10 cm of it: the gap is free floor
(every piece of furniture is wider), e.g. a table-end place 5 cm in from a table's end."""


@dataclass(frozen=True)
class Arrangement:
    """A checked layout in frame coordinates: furniture pieces and wheelchair places."""

    placement: Placement
    pieces: tuple[tuple[Part, float, float], ...]
    wheelchair: tuple[Polygon, ...]
    seats: int
    run_access: tuple[BaseGeometry, ...] = ()
    clear: BaseGeometry | None = None
    """The floor minus the pieces (:func:`clear_floor`), when :func:`check_routes` made it."""

    @property
    def wheelchair_places(self) -> int:
        """Wheelchair places (module-built and added)."""
        return len(self.wheelchair) + sum(1 for p, _, _ in self.pieces if p.wheelchair)


def clear_floor(floor: BaseGeometry, obstacles: BaseGeometry) -> BaseGeometry:
    """Return ``floor`` minus ``obstacles`` (``floor`` itself when there are none)."""
    return floor.difference(obstacles) if not obstacles.is_empty else floor


def swept_region(
    floor: BaseGeometry,
    obstacles: BaseGeometry,
    starts: Sequence[tuple[float, float]],
    width: float,
    *,
    clear: BaseGeometry | None = None,
) -> BaseGeometry | None:
    """Floor reachable from ``starts`` by a disc of diameter ``width``; None when no start.

    ``clear`` is :func:`clear_floor` of ``floor`` and ``obstacles`` when the caller has it.
    """
    if not starts:
        return None
    if clear is None:
        clear = clear_floor(floor, obstacles)
    core = clear.buffer(-(width / 2.0 - _TOL), quad_segs=4)
    if core.is_empty:
        return Polygon()
    parts = np.array(list(getattr(core, "geoms", [core])), dtype=object)
    reach = width / 2.0 + 0.05
    points = shapely.points(np.array(starts, dtype=float).reshape(-1, 2))
    near = (shapely.distance(parts[:, None], points[None, :]) <= reach).any(axis=1)
    kept = list(parts[near])
    if not kept:
        return Polygon()
    region = shapely.union_all(kept).buffer(width / 2.0 - _TOL, quad_segs=4)
    shapely.prepare(region)
    return region


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
    if aisle is None or not runs:
        return runs
    # per run: its access strip, its first and last copy's access boxes and its middle
    # copies' strip, all tested against the aisle in one call
    origins = placement.origins
    rects: list[tuple[float, float, float, float]] = []
    for run in runs:
        whole = _run_rect(placement, run)
        rects += [whole, _access_rect(module, *origins[run[0]][:2], 0.03),
                  _access_rect(module, *origins[run[-1]][:2], 0.03),
                  _run_rect(placement, run[1:-1]) if len(run) > 2 else whole]
    arr = np.array(rects)
    touch = np.asarray(shapely.intersects(
        aisle, shapely.box(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3])), dtype=bool).tolist()
    kept: list[list[int]] = []
    for k, run in enumerate(runs):
        if not touch[4 * k]:
            continue
        left, right = touch[4 * k + 1], touch[4 * k + 2]
        middle = len(run) > 2 and touch[4 * k + 3]
        limit = module.max_run if (left and right) or middle else module.max_run_one_side
        if len(run) > limit:
            run = run[:limit] if left or not right else run[-limit:]
        kept.append(run)
    return kept


def _access_rect(module: Module, x: float, y: float,
                 grow: float = 0.0) -> tuple[float, float, float, float]:
    ax0, ay0, ax1, ay1 = module.access
    return (ax0 + x - grow, ay0 + y - grow, ax1 + x + grow, ay1 + y + grow)


def _run_rect(placement: Placement, run: Sequence[int]) -> tuple[float, float, float, float]:
    """Access strip of a run: copies of a run sit side by side, so one box covers them."""
    ax0, ay0, ax1, ay1 = placement.module.access
    xs = [placement.origins[i][0] for i in run]
    ys = [placement.origins[i][1] for i in run]
    g = 0.03
    return (min(xs) + ax0 - g, min(ys) + ay0 - g, max(xs) + ax1 + g, max(ys) + ay1 + g)


def _pieces(placement: Placement, copies: Sequence[int]) -> list[tuple[Part, float, float]]:
    out: list[tuple[Part, float, float]] = []
    for i in copies:
        x, y = placement.origins[i][:2]
        out.extend((part, x, y) for part in placement.module.parts)
    return out


def geometries(pieces: Sequence[tuple[Part, float, float]]) -> list[BaseGeometry]:
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
    geoms = geometries(pieces) + list(extra)
    return shapely.union_all(geoms) if geoms else Polygon()


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
    width = aisle_width(module, clear)
    runs = _runs(placement)
    every = _pieces(placement, range(len(placement.origins)))
    obstacles = _union(every, [])
    clear = clear_floor(floor.net, obstacles)
    aisle = swept_region(floor.net, obstacles, starts, width, clear=clear)
    runs = _reachable_runs(placement, runs, aisle)
    pieces = _pieces(placement, [i for run in runs for i in run])
    built = [(p, x, y) for p, x, y in pieces if p.wheelchair]
    if built and starts:
        # every piece kept, in the same order: the same obstacles, so the same clear floor
        route = (swept_region(floor.net, obstacles, starts, rules.route_width, clear=clear)
                 if pieces == every else
                 swept_region(floor.net, _union(pieces, []), starts, rules.route_width))
        if route is not None and not any(
            shapely.dwithin(route, p.geometry(x, y), TOUCH) for p, x, y in built
        ):
            pieces = [pc for pc in pieces if not pc[0].wheelchair]
    strips = np.array([_run_rect(placement, run) for run in runs]).reshape(-1, 4)
    access = tuple(shapely.box(strips[:, 0], strips[:, 1], strips[:, 2], strips[:, 3]))
    return Arrangement(placement, tuple(pieces), (), sum(p.seats for p, _, _ in pieces), access,
                       clear if pieces == every else None)


def aisle_width(module: Module, clear: Clearances) -> float:
    """Width of the aisles that reach ``module``'s seat groups (§11, §13)."""
    return min(clear.aisle, module.aisle) if module.aisle > 0 else clear.aisle
