"""Furniture modules and where they fit: frames, lattices and single placements.

Terminology
-----------
module
    A repeatable arrangement (a chair in a theatre row, a table with its chairs, a sofa cluster)
    drawn in its own axis-aligned coordinates, with the *audience front* toward −y.
envelope
    The module's furniture plus the clearances it needs to walls, columns, fixtures and door
    zones; it must lie inside the room's net floor, and every piece of furniture outside the
    door approach zones (clearance zones may share floor with a door approach).
access
    The strip from which people reach the module's seats (knee space, chair pull-back zone);
    the room's aisle network must touch it (see :mod:`spacedesign.capacity.routes`).
frame
    A rotation (and optional mirror) that turns the room so one of its sides is the front; every
    module is placed in a frame and turned back to plan coordinates afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np
import shapely
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from spacedesign.capacity.cells import FIT, FloorCells, fits_once, inside_boxes
from spacedesign.capacity.cells import fits as _fits
from spacedesign.capacity.space import Frame, FramedFloor, framed_floors

__all__ = [
    "FIT",
    "Frame",
    "FramedFloor",
    "Module",
    "Part",
    "Placement",
    "Rect",
    "framed_floors",
    "grid",
    "inside_boxes",
    "placements",
]

Rect = tuple[float, float, float, float]
"""``(x0, y0, x1, y1)`` in module or frame coordinates."""

_EPS = 1e-6


def grid(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the x and y of every point of the grid ``xs`` × ``ys``, row by row.

    The flattened ``np.meshgrid(xs, ys)`` (the same values), without its broadcasting.
    """
    return np.tile(xs, ys.size), np.repeat(ys, xs.size)


@dataclass(frozen=True)
class Part:
    """One piece of furniture in a module.

    ``facing`` is the direction a seated person looks (``"-y"``, ``"+y"``, ``"-x"``, ``"+x"``);
    ``table_gap`` the distance from a chair's front to its table edge (``None`` for row seating);
    ``wheelchair`` marks a place kept free for a wheelchair user.
    """

    key: str
    kind: str
    rect: Rect
    seats: int = 0
    height: float | None = None
    round: bool = False
    facing: str | None = None
    table_gap: float | None = None
    wheelchair: bool = False

    def geometry(self, dx: float = 0.0, dy: float = 0.0) -> Polygon:
        """Return the part's footprint moved by ``(dx, dy)``."""
        x0, y0, x1, y1 = self.rect
        if self.round:
            r = (x1 - x0) / 2.0
            centre = shapely.Point((x0 + x1) / 2.0 + dx, (y0 + y1) / 2.0 + dy)
            return centre.buffer(r, quad_segs=6)
        return box(x0 + dx, y0 + dy, x1 + dx, y1 + dy)


@dataclass(frozen=True)
class Module:
    """A repeatable furniture arrangement and the rules for repeating it (see module doc)."""

    name: str
    parts: tuple[Part, ...]
    envelope: Rect
    access: Rect
    pitch: tuple[float, float] = (0.0, 0.0)
    block: int = 10_000
    aisle: float = 0.0
    max_run: int = 10_000
    max_run_one_side: int = 10_000
    front_zone: float = 0.0
    rear_zone: float = 0.0
    free_rows: int = 4
    side_margin: float = 0.0
    both_walkways: bool = False
    """Rows keep the ``side_margin`` walkway at both ends, even runs that one aisle may serve
    (tables: wall to seat ≈ 80 cm, standards.md §13 [P3])."""
    single: bool = False
    symmetric: bool = False
    greedy: bool = False
    """Pack copies one by one (nearest a corner first) instead of on a fixed lattice; copies keep
    ``pitch`` apart centre to centre. For free-standing groups (lounge clusters, rounds)."""
    radial: bool = False
    """Greedy copies keep ``pitch[0]`` apart as a distance (round tables: staggered rows pack
    closer than a square grid) instead of per axis."""

    @cached_property
    def seats(self) -> int:
        """Seats the module gives (wheelchair places not counted)."""
        return sum(p.seats for p in self.parts)

    @cached_property
    def part_rects(self) -> np.ndarray:
        """The parts' rectangles, one row ``(x0, y0, x1, y1)`` each."""
        return np.array([p.rect for p in self.parts], dtype=float).reshape(-1, 4)

    @cached_property
    def parts_in_envelope(self) -> np.ndarray:
        """Whether each part lies inside the envelope."""
        ex0, ey0, ex1, ey1 = self.envelope
        return np.array([ex0 <= p.rect[0] and ey0 <= p.rect[1] and p.rect[2] <= ex1
                         and p.rect[3] <= ey1 for p in self.parts], dtype=bool)

    @cached_property
    def wheelchair_places(self) -> int:
        """Wheelchair places built into the module."""
        return sum(1 for p in self.parts if p.wheelchair)


@dataclass(frozen=True)
class Placement:
    """Module origins in one frame: ``(x, y, row, column, block)`` per copy."""

    module: Module
    frame: Frame
    origins: tuple[tuple[float, float, int, int, int], ...]

    @property
    def raw_seats(self) -> int:
        """Seats before routes and wheelchair places are checked."""
        return self.module.seats * len(self.origins)


def _columns(
    module: Module, x_min: float, x_max: float, lead: float, right: float
) -> list[tuple[float, int]]:
    ex0, _, ex1, _ = module.envelope
    px = module.pitch[0]
    cols: list[tuple[float, int]] = []
    x = x_min + module.side_margin + lead - ex0
    block, k = 0, 0
    while x + ex1 <= x_max - right + _EPS:
        cols.append((x, block))
        k += 1
        if k == module.block:
            block, k = block + 1, 0
            x += px + module.aisle
        else:
            x += px
    return cols


def _rows(first: float, last: float, pitch: float) -> list[float]:
    rows = []
    y = first
    while y <= last + _EPS:
        rows.append(y)
        y += pitch
    return rows


def _lattice(
    net: BaseGeometry, free: BaseGeometry, module: Module, frame: Frame, route: float = 0.0,
    cuts: np.ndarray | None = None, cells: tuple[FloorCells, FloorCells] | None = None,
) -> Iterator[Placement]:
    x_min, y_min, x_max, y_max = net.bounds
    _, ey0, _, ey1 = module.envelope
    py = module.pitch[1]
    y_last = y_max
    rows_front = _rows(y_min + module.front_zone - ey0, y_last - ey1, py)
    if module.rear_zone > 0 and len(rows_front) > module.free_rows:
        y_last = y_max - module.rear_zone
        rows_rear_aisle = _rows(y_min + module.front_zone - ey0, y_last - ey1, py)
        if len(rows_rear_aisle) < module.free_rows:
            rows_front = rows_front[: module.free_rows]
            y_last = rows_front[-1] + ey1
        else:
            rows_front = rows_rear_aisle
    if not rows_front:
        return
    shift = (y_last - ey1) - rows_front[-1]
    row_sets = [rows_front]
    if shift > 0.05:
        row_sets.append([r + shift for r in rows_front])
    if len(rows_front) > 1:
        row_sets.append(rows_front[:-1])
    leads = (0.0, module.aisle) if module.aisle > 0 and module.side_margin == 0 else (0.0,)
    rights: tuple[float, ...] = (0.0,)
    if module.side_margin > 0:
        # rows longer than a one-sided row need a walkway at both ends
        one_sided_ok = module.block <= module.max_run_one_side and not module.both_walkways
        rights = (0.0, module.side_margin) if one_sided_ok else (module.side_margin,)
        if route > module.side_margin:
            # one side walkway as wide as the route to wheelchair places (§8: aisle to
            # wheelchair places ≥ 120 cm); the mirrored frames give the other side
            rights = (*rights, route)
    layouts = []
    for rows in row_sets:
        for lead, right in ((a, b) for a in leads for b in rights):
            cols = _columns(module, x_min, x_max, lead, right)
            if cols:
                layouts.append((cols, np.array([c[0] for c in cols] * len(rows)),
                                np.repeat(np.array(rows), len(cols))))
    if not layouts:
        return
    # an origin of several layouts (a row set that is another's first rows, a walkway that
    # shortens the rows) is tested once: its answer depends on its coordinates alone
    gx = np.concatenate([g[1] for g in layouts])
    gy = np.concatenate([g[2] for g in layouts])
    fit = fits_once(net, free, module, gx, gy, cuts, cells)
    at = np.cumsum([0] + [g[1].size for g in layouts])
    for k, (cols, grid_x, grid_y) in enumerate(layouts):
        origins = tuple(
            (float(grid_x[i]), float(grid_y[i]), int(i) // len(cols), int(i) % len(cols),
             cols[int(i) % len(cols)][1])
            for i in np.flatnonzero(fit[at[k]:at[k + 1]])
        )
        if origins:
            yield Placement(module, frame, origins)


def _singles(
    net: BaseGeometry, free: BaseGeometry, module: Module, frame: Frame, step: float, limit: int,
    cuts: Callable[[], np.ndarray] | None = None, away: tuple[tuple[float, float], ...] = (),
    cheap: bool = False, cells: tuple[FloorCells, FloorCells] | None = None,
) -> Iterator[Placement]:
    """Origins where the module fits, nearest the room's centre first (tested in batches).

    With door points ``away``, the ``limit`` fitting origins farthest from the doors follow:
    a single table pushed to the far side leaves the entrance side open for the route.
    ``cuts`` gives the door zones' bounds (:attr:`FramedFloor.cuts`), asked for (unless
    ``cheap``: no overlay) only when a batch has more than :data:`_FEW_BOXES` piece boxes: fewer
    are all tested (the same answers: a box the bounds let skip is inside the free floor).
    """

    def fits(idx: np.ndarray) -> np.ndarray:
        many = cuts is not None and (cheap or idx.size * len(module.parts) > _FEW_BOXES)
        return _fits(net, free, module, gx[idx], gy[idx], cuts() if many and cuts else None,
                     cells)

    x_min, y_min, x_max, y_max = net.bounds
    ex0, ey0, ex1, ey1 = module.envelope
    if ex1 - ex0 > x_max - x_min + _EPS or ey1 - ey0 > y_max - y_min + _EPS:
        return
    xs = np.arange(x_min - ex0, x_max - ex1 + _EPS, step)
    ys = np.arange(y_min - ey0, y_max - ey1 + _EPS, step)
    if xs.size == 0 or ys.size == 0:
        return
    gx, gy = grid(xs, ys)
    # whether each origin fits (0: not tested yet, 1: fits, 2: not): a grid of one batch is
    # tested at once (nothing to order when nothing fits), the later orders test only what
    # the earlier left untested
    known = np.zeros(gx.size, dtype=np.int8)
    if gx.size <= _BATCH:
        known[:] = np.where(fits(np.arange(gx.size)), 1, 2)
        if not (known == 1).any():
            return
    mx, my = (ex0 + ex1) / 2.0, (ey0 + ey1) / 2.0
    seen: set[tuple[float, float]] = set()
    for first in (True, False) if away else (True,):
        if first:
            centre = net.centroid if net.geom_type == "Polygon" else net.representative_point()
            order = np.argsort(np.hypot(gx + mx - centre.x, gy + my - centre.y), kind="stable")
        else:
            near_door = np.min([np.hypot(gx + mx - px, gy + my - py) for px, py in away],
                               axis=0)
            order = np.argsort(-near_door, kind="stable")
        ox, oy = gx[order], gy[order]
        found = 0
        for lo in range(0, ox.size, _BATCH):
            batch = order[lo:lo + _BATCH]
            todo = batch[known[batch] == 0]
            if todo.size:
                known[todo] = np.where(fits(todo), 1, 2)
            ok = known[batch] == 1
            hits = [(float(ox[lo + i]), float(oy[lo + i])) for i in np.flatnonzero(ok)]
            for x, y in hits[: limit - found]:
                found += 1
                if (x, y) not in seen:
                    seen.add((x, y))
                    yield Placement(module, frame, ((x, y, 0, 0, 0),))
            if found >= limit:
                break


_BATCH = 256
"""Origins of a single module tested in one call (in order, until enough fit)."""

_FEW_BOXES = 512
"""Piece boxes (origins × parts) a single module's batch tests all, without the door zones."""


def _greedy(
    net: BaseGeometry, free: BaseGeometry, module: Module, frame: Frame, step: float,
    cuts: np.ndarray | None = None, cells: tuple[FloorCells, FloorCells] | None = None,
) -> Iterator[Placement]:
    """Place copies row by row from the frame's lower-left corner wherever they fit."""
    x_min, y_min, x_max, y_max = net.bounds
    ex0, ey0, ex1, ey1 = module.envelope
    xs = np.arange(x_min - ex0, x_max - ex1 + _EPS, step)
    ys = np.arange(y_min - ey0, y_max - ey1 + _EPS, step)
    if xs.size == 0 or ys.size == 0:
        return
    gx, gy = grid(xs, ys)
    free_cells = _fits(net, free, module, gx, gy, cuts, cells).reshape(ys.size, xs.size)
    px, py = module.pitch
    chosen: list[tuple[float, float]] = []
    while True:
        open_ = np.flatnonzero(free_cells)
        if open_.size == 0:
            break
        row, col = divmod(int(open_[0]), xs.size)
        x, y = float(xs[col]), float(ys[row])
        chosen.append((x, y))
        # block every origin closer than the pitch in both directions
        c0, c1 = np.searchsorted(xs, [x - px + _EPS, x + px - _EPS])
        r0, r1 = np.searchsorted(ys, [y - py + _EPS, y + py - _EPS])
        if module.radial:
            near = np.hypot(xs[c0:c1][None, :] - x, ys[r0:r1][:, None] - y) < px - _EPS
            free_cells[r0:r1, c0:c1] &= ~near
        else:
            free_cells[r0:r1, c0:c1] = False
    if chosen:
        yield Placement(module, frame, tuple((x, y, k, 0, k) for k, (x, y) in enumerate(chosen)))


def placements(
    floors: tuple[FramedFloor, ...],
    module: Module,
    *,
    step: float = 0.1,
    limit: int = 3,
    route: float = 0.0,
    doors: Mapping[Frame, tuple[tuple[float, float], ...]] | None = None,
) -> Iterator[tuple[Placement, FramedFloor]]:
    """Every candidate placement of ``module`` on the framed floors.

    ``route`` (the ruleset's route width to wheelchair places) adds row layouts with one side
    walkway that wide. ``doors`` (door points per frame) adds, for single modules, the fitting
    positions farthest from the doors after the central ones.
    """
    if not floors:
        return
    turns = (0, 1) if module.symmetric else (0, 1, 2, 3)
    mirrors = (False,) if module.single else (False, True)
    allowed = {Frame(floors[0].frame.angle + 90.0 * k, m) for k in turns for m in mirrors}
    for floor in floors:
        if floor.frame not in allowed or floor.free.is_empty:
            continue
        if module.single:
            away = doors.get(floor.frame, ()) if doors is not None else ()
            found = _singles(floor.net, floor.free, module, floor.frame, step, limit,
                             partial(getattr, floor, "cuts"), away, floor.cheap_cuts,
                             floor.cells)
        elif module.greedy:
            found = _greedy(floor.net, floor.free, module, floor.frame, 0.15, floor.cuts,
                            floor.cells)
        else:
            found = _lattice(floor.net, floor.free, module, floor.frame, route, floor.cuts,
                             floor.cells)
        for placement in found:
            yield placement, floor
