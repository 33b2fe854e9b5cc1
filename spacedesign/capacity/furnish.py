"""Furnish one room in one style: try every placement, keep the best checked arrangement.

The best arrangement first meets the wheelchair-place requirement as far as any arrangement
can (a shortfall is kept on the layout and reported, never hidden), then seats the most people
(seats + wheelchair places). Candidates are checked in order of an upper bound, so the search
stops as soon as no unchecked candidate can do better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
from shapely.geometry import Polygon

from spacedesign.capacity.catalogue import (
    Clearances,
    seating_rules,
    wheelchair_requirement,
)
from spacedesign.capacity.layout import (
    Frame,
    FramedFloor,
    Module,
    Placement,
    framed_floors,
    placements,
)
from spacedesign.capacity.places import add_wheelchair_places
from spacedesign.capacity.routes import Arrangement, check_routes, geometries
from spacedesign.capacity.space import DoorAccess, RoomSpace, transform
from spacedesign.capacity.styles import WHEELCHAIR_STYLES, style_modules

__all__ = ["PlacedItem", "RoomLayout", "furnish_room"]

_MAX_CHECKS = 8
_TRIES_AFTER_MET = 1
"""Arrangements given wheelchair places after one has met the requirement (time budget)."""
_MAX_EXTRA = 16
"""Further row layouts tried when none of the first ``_MAX_CHECKS`` takes the wheelchair places."""


@dataclass(frozen=True)
class PlacedItem:
    """A piece of furniture (or a wheelchair place) in plan coordinates.

    ``polygon`` is the footprint; boxes also carry ``at`` (centre), ``size`` (width, depth) and
    ``rotation`` (degrees) so exports can draw them as blocks.
    """

    kind: str
    key: str
    polygon: Polygon
    at: tuple[float, float] | None
    size: tuple[float, float] | None
    rotation: float
    height: float | None
    seats: int
    role: str


@dataclass(frozen=True)
class RoomLayout:
    """The furnishing of one room in one style."""

    room: str
    style: str
    seats: int
    wheelchair_places: int
    required_wheelchair_places: int
    items: tuple[PlacedItem, ...]
    module: str | None = None
    wheelchair_soft: bool = False
    """``True`` when the required places are a recommendation (SEATING-WHEELCHAIR warns)."""

    @property
    def meets_wheelchair(self) -> bool:
        """Whether the layout offers the wheelchair places SEATING-WHEELCHAIR asks for."""
        return self.wheelchair_places >= self.required_wheelchair_places

    @property
    def score(self) -> int:
        """What the search maximises: persons seated, minus a large penalty per missing place.

        A layout without the required wheelchair places ranks below any layout with them.
        """
        if self.seats == 0:
            return _EMPTY_SCORE
        shortfall = max(self.required_wheelchair_places - self.wheelchair_places, 0)
        return self.seats + self.wheelchair_places - _SHORTFALL_PENALTY * shortfall


_SHORTFALL_PENALTY = 10_000
"""Persons a missing wheelchair place costs in the ranking: more than any room seats, so a
layout with the places SEATING-WHEELCHAIR asks for always wins over one without them."""


_EMPTY_SCORE = -1_000_000
"""An arrangement without a single chair (wheelchair places alone) ranks below every other."""


def _score(arr: Arrangement, required: int) -> int:
    if arr.seats == 0:
        return _EMPTY_SCORE
    shortfall = max(required - arr.wheelchair_places, 0)
    return arr.seats + arr.wheelchair_places - _SHORTFALL_PENALTY * shortfall


def _most(module: Module, need: int) -> int:
    """Return the most a placement of the single ``module`` scores (``need``: its seats' need).

    That is its chairs, and its built places or the places added for the need (never more than
    the need, which grows with the seats: chairs taken away lower it).
    """
    return module.seats + max(module.wheelchair_places, need)


def _by_seats(style: str, wheelchair: bool, modules: Sequence[Module]) -> bool:
    """Return whether layouts of ``style`` rank by their seats alone.

    So they do when no wheelchair places are needed (``wheelchair`` off, or a style that asks
    for none) and no module builds one: the first checked layout seating the most then wins
    (ties go to the earlier), and a candidate that cannot seat more need not be checked.
    """
    needs = wheelchair and (style == "consultation" or style in WHEELCHAIR_STYLES)
    return not needs and not any(m.wheelchair_places for m in modules)


def _to_items(arr: Arrangement, frame: Frame) -> tuple[PlacedItem, ...]:
    items: list[PlacedItem] = []
    rotation = round(frame.angle % 180.0, 9)
    # every footprint turned back to the plan in one call
    shapes = geometries(arr.pieces) + list(arr.wheelchair)
    geoms = list(transform(np.array(shapes, dtype=object), frame.inverse)) if shapes else []
    for (part, x, y), geom in zip(arr.pieces, geoms, strict=False):
        x0, y0, x1, y1 = part.rect
        centre = frame.point_to_plan((x0 + x1) / 2.0 + x, (y0 + y1) / 2.0 + y)
        size = None if part.round else (round(x1 - x0, 6), round(y1 - y0, 6))
        role = "wheelchair_place" if part.wheelchair else ("seat" if part.seats else "furniture")
        items.append(PlacedItem(part.kind, part.key, geom, None if part.round else centre, size,
                                rotation, part.height, part.seats, role))
    for rect, geom in zip(arr.wheelchair, geoms[len(arr.pieces):], strict=True):
        x0, y0, x1, y1 = rect.bounds
        centre = frame.point_to_plan((x0 + x1) / 2.0, (y0 + y1) / 2.0)
        items.append(PlacedItem("other", "wheelchair_place", geom, centre,
                                (round(x1 - x0, 6), round(y1 - y0, 6)), rotation, None, 0,
                                "wheelchair_place"))
    return tuple(items)


class _Starts(dict[Frame, tuple[tuple[float, float], ...]]):
    """The doors' inside points in each frame, turned when a frame is first asked for."""

    def __init__(self, doors: Sequence[DoorAccess]) -> None:
        super().__init__()
        self._doors = doors

    def __missing__(self, frame: Frame) -> tuple[tuple[float, float], ...]:
        points = tuple(frame.point_to_frame(*d.inside) for d in self._doors)
        self[frame] = points
        return points

    def get(self, frame: Frame, default: object = None) -> tuple[tuple[float, float], ...]:
        """Return the points in ``frame`` (every frame has them: ``default`` is not used)."""
        return self[frame]


def furnish_room(
    space: RoomSpace,
    style: str,
    *,
    ruleset: str = "jp-recommended",
    clear: Clearances | None = None,
    wheelchair: bool = True,
) -> RoomLayout:
    """Furnish ``space`` in ``style`` and return the best :class:`RoomLayout` found.

    Parameters
    ----------
    space : RoomSpace
        The room's net and free floor and its doors (:func:`~spacedesign.capacity.room_space`).
    style : str
        One of :data:`~spacedesign.capacity.STYLES`.
    ruleset : str
        Decides the wheelchair places needed, their size and the route width to them.
    clear : Clearances, optional
        Clearances to keep (defaults from standards.md §13).
    wheelchair : bool
        ``False`` skips turning chairs into wheelchair places (seats only; for comparison).
    """
    clear = clear or Clearances()
    rules = seating_rules(ruleset)
    needs_places = style in WHEELCHAIR_STYLES

    def required(seats: int) -> int:
        # counted on chairs, as the SEATING-WHEELCHAIR check counts them
        if not wheelchair:
            return 0
        if style == "consultation":
            return 1 if seats > 0 else 0
        return wheelchair_requirement(seats, ruleset, use)[0] if needs_places else 0

    use = space.room.use
    soft = style == "consultation" or wheelchair_requirement(1, ruleset, use)[1]

    floors = framed_floors(space.net, space.free, [d.zone for d in space.doors])
    starts_of = _Starts(space.doors)
    checked: list[tuple[Arrangement, FramedFloor]] = []
    modules = sorted(style_modules(style, clear), key=lambda m: -(m.seats + m.wheelchair_places))
    candidates: list[tuple[Placement, FramedFloor]] = []
    unique: set[tuple[str, Frame, tuple[tuple[float, float, int, int, int], ...]]] = set()
    for module in modules:
        if module.single:
            continue
        for placement, floor in placements(floors, module,
                                           route=rules.route_width if needs_places else 0.0):
            # row-set and walkway variants often coincide: check each layout once
            key = (module.name, floor.frame, placement.origins)
            if key not in unique:
                unique.add(key)
                candidates.append((placement, floor))
    candidates.sort(key=lambda c: -(c[0].raw_seats
                                    + c[0].module.wheelchair_places * len(c[0].origins)))
    def arrange(placement: Placement, floor: FramedFloor) -> tuple[int, Arrangement]:
        """Routes checked, missing wheelchair places added, scored."""
        starts = starts_of[floor.frame]
        arr = check_routes(placement, floor, starts, clear, rules)
        missing = required(arr.seats) - arr.wheelchair_places
        if missing > 0:
            arr = add_wheelchair_places(arr, floor, starts, clear, rules, missing)
        return _score(arr, required(arr.seats)), arr

    # the first checked layout seating the most wins: a candidate that cannot seat more
    by_seats = _by_seats(style, wheelchair, modules)
    top = 0
    used = 0
    for placement, floor in candidates:
        if len(checked) >= _MAX_CHECKS:
            break
        used += 1
        built = placement.module.wheelchair_places * len(placement.origins)
        bound = placement.raw_seats + built
        if bound < top or (bound == top and len(checked) >= 5):
            break
        if by_seats and 0 < top and bound <= top:
            break
        arr = check_routes(placement, floor, starts_of[floor.frame], clear, rules)
        checked.append((arr, floor))
        top = max(top, arr.seats + arr.wheelchair_places)
    checked.sort(key=lambda c: -(c[0].seats + c[0].wheelchair_places))
    best: tuple[int, Arrangement] | None = None
    tries_after_met = 0
    for arr, floor in checked:
        if best is not None and best[1].wheelchair_places >= required(best[1].seats):
            # search budget: one more arrangement once one meets the requirement
            if tries_after_met >= _TRIES_AFTER_MET:
                break
            tries_after_met += 1
        need = required(arr.seats)
        # in rows every added place takes at least one chair's room (places.py): no gain
        module = arr.placement.module
        bound = arr.seats + arr.wheelchair_places + (
            need if module.single or module.greedy else 0)
        if best is not None and bound <= best[0]:
            break
        if arr.wheelchair_places < need:
            arr = add_wheelchair_places(arr, floor, starts_of[floor.frame], clear, rules,
                                        need - arr.wheelchair_places)
        score = _score(arr, required(arr.seats))
        if best is None or score > best[0]:
            best = (score, arr)
    # none of the fullest layouts takes the wheelchair places: go on down the candidates (a
    # walkway as wide as the route, a row fewer) until one does
    for placement, floor in candidates[used:used + _MAX_EXTRA]:
        if best is None or best[1].wheelchair_places >= required(best[1].seats):
            break
        score, arr = arrange(placement, floor)
        if score > best[0]:
            best = (score, arr)
    for module in (m for m in modules if m.single):
        need = required(module.seats)
        bound = module.seats + module.wheelchair_places + need
        if best is not None and bound <= best[0]:
            break
        most = _most(module, need)
        if best is not None and most <= best[0]:
            continue
        # per frame: the central position and the one farthest from the doors
        for placement, floor in islice(
            placements(floors, module, step=0.2, limit=1, doors=starts_of), 8
        ):
            score, arr = arrange(placement, floor)
            if best is None or score > best[0]:
                best = (score, arr)
            if score >= most:
                break
    if best is None:
        return RoomLayout(space.room.id, style, 0, 0, required(0), (), wheelchair_soft=soft)
    arr = best[1]
    return RoomLayout(
        room=space.room.id,
        style=style,
        seats=arr.seats,
        wheelchair_places=arr.wheelchair_places,
        required_wheelchair_places=required(arr.seats),
        items=_to_items(arr, arr.placement.frame),
        module=arr.placement.module.name,
        wheelchair_soft=soft,
    )

