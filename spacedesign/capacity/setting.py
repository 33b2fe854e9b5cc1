"""A room cut out of its level and moved to the origin: exactly what the furnisher looks at.

The furnisher (:func:`~spacedesign.capacity.room_space`, then
:func:`~spacedesign.capacity.furnish_room`) sees the room polygon and its use, the walls,
columns and fixtures over it, and the doors into it. :func:`room_setting` cuts those out of the
level, renames them (``R``, ``w0``, ``o0``, …) and moves them so the lower-left corner of the
room's bounds is the origin, with local coordinates rounded to :data:`DIGITS` decimals (a
nanometre, far below any drawing's precision). The furnisher then works in those local
coordinates and :func:`~spacedesign.capacity.furniture.furniture_records` moves what it
placed back.

So the same room between the same walls gets the same furniture, relative to the room, wherever
it stands and whatever its elements are called; and :attr:`RoomSetting.key` names those inputs
exactly, which lets a caller keep furnishings per key (the scenario generator does).

>>> from spacedesign.model import Level, Room, Shape
>>> room = Room("a", "A", "meeting", Shape.rectangle(10.0, 20.0, 14.0, 23.0))
>>> level = Level("1F", Shape.rectangle(0.0, 0.0, 40.0, 40.0), rooms=(room,))
>>> setting = room_setting(level, room)
>>> setting.origin, setting.room.polygon.shell[2]
((10.0, 20.0), (4.0, 3.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from spacedesign.capacity.space import touches_room, wall_footprints
from spacedesign.model import Column, Fixture, Level, Opening, Points, Room, Shape, Wall
from spacedesign.model import Point as XY

__all__ = ["DIGITS", "LOCAL_ROOM", "LevelIndex", "RoomSetting", "SettingInputs", "room_setting",
           "setting_from", "setting_inputs"]

DIGITS = 9
"""Decimals (m) local coordinates are rounded to."""

LOCAL_ROOM = "R"
"""The room's id in its setting."""

_SMALL = 1e-4
"""Walls thinner or shorter than this (m) have their footprint tested where the centreline
meets a room (GEOS may leave a degenerate footprint empty)."""


@dataclass(frozen=True)
class RoomSetting:
    """A room and what the furnisher looks at for it, in local coordinates.

    Attributes
    ----------
    level : Level
        Holds only the room (id :data:`LOCAL_ROOM`), the walls, columns and fixtures over it
        and the doors into it, renamed and moved by ``-origin``.
    origin : tuple of float
        Where the local origin is in plan coordinates.
    """

    level: Level
    origin: XY
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the records' field values, exactly (dataclass repr; floats print round-trip)
        object.__setattr__(self, "key", repr(self.level))

    @property
    def room(self) -> Room:
        """The room, in local coordinates."""
        return self.level.rooms[0]


def _moved(points: Points, ox: float, oy: float) -> Points:
    return tuple((round(x - ox, DIGITS), round(y - oy, DIGITS)) for x, y in points)


def _shape(shape: Shape, ox: float, oy: float) -> Shape:
    return Shape(_moved(shape.shell, ox, oy), tuple(_moved(h, ox, oy) for h in shape.holes))


def _pieces(wall: Wall, bounds: tuple[float, float, float, float]) -> list[Points]:
    """Return the wall's centreline cut to the room's bounds widened by 3 thicknesses + 5 cm.

    Within the room the cut wall's footprint is the whole wall's: a cut end's flat cap, and a
    mitred corner left out (a mitre reaches at most 2.5 thicknesses), stay outside it. So a
    wall running on past the room does not make the setting depend on how far it runs.
    A centreline strictly inside the widened bounds is what ``clip_by_rect`` returns uncut,
    its own points.
    """
    margin = 3.0 * wall.thickness + 0.05
    x0, y0, x1, y1 = bounds
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    path = wall.path
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    if x0 < min(xs) and max(xs) < x1 and y0 < min(ys) and max(ys) < y1:
        points = tuple((float(x), float(y)) for x, y in path)
        return [points] if any(p != points[0] for p in points) else []
    if len(path) == 2:
        straight = _clip_straight(path, x0, y0, x1, y1)
        if straight is not None:
            return [straight]
    clipped = shapely.clip_by_rect(wall.centreline, x0, y0, x1, y1)
    return [tuple(map(tuple, shapely.get_coordinates(g).tolist()))
            for g in getattr(clipped, "geoms", [clipped])
            if isinstance(g, LineString) and not g.is_empty and g.length > 0.0]


def _clip_straight(path: Points, x0: float, y0: float, x1: float,
                   y1: float) -> Points | None:
    """``clip_by_rect``'s piece of an axis-parallel segment crossing the box's inside.

    The segment runs strictly between the box's other two sides, so its piece keeps the
    segment's direction and runs from its own end or the box side, whichever is inner (no
    arithmetic: the coordinates GEOS returns). ``None`` where that does not hold or a
    coordinate is zero (the sign GEOS gives a zero) or the piece shorter than a nanometre.
    """
    (ax, ay), (bx, by) = path
    if ay == by and y0 < ay < y1:
        lo, hi, flip = max(min(ax, bx), x0), min(max(ax, bx), x1), bx < ax
        piece = ((float(lo), float(ay)), (float(hi), float(ay)))
    elif ax == bx and x0 < ax < x1:
        lo, hi, flip = max(min(ay, by), y0), min(max(ay, by), y1), by < ay
        piece = ((float(ax), float(lo)), (float(ax), float(hi)))
    else:
        return None
    if not hi - lo > 1e-9 or 0.0 in piece[0] or 0.0 in piece[1]:
        return None
    return piece[::-1] if flip else piece


class LevelIndex:
    """Where a level's walls may reach, to skip those far from a room cheaply.

    A wall's row is its centreline's bounds widened by three thicknesses + 1 cm: its footprint
    (flat caps, mitres at most 2.5 thicknesses from a corner) lies within them, so a wall
    whose row keeps clear of a room's bounds cannot overlap the room; the rest are tested
    exactly. Columns have their polygon's bounds (fixtures are few and tested directly).

    Parameters
    ----------
    level : Level
        The level whose walls are indexed (its rooms share the index).
    """

    def __init__(self, level: Level) -> None:
        paths = [w.path for w in level.walls]
        rows = np.full((len(paths), 4), np.inf)
        rows[:, 2:] = -np.inf
        sizes = np.array([len(p) for p in paths], dtype=int)
        some = np.flatnonzero(sizes)
        xy = np.zeros((0, 2))
        if some.size:
            xy = np.array([q for p in paths for q in p], dtype=float).reshape(-1, 2)
            starts = np.concatenate([[0], np.cumsum(sizes[some])[:-1]])
            grow = np.array([3.0 * abs(w.thickness) + 0.01 for w in level.walls])[some]
            rows[some, 0] = np.minimum.reduceat(xy[:, 0], starts) - grow
            rows[some, 1] = np.minimum.reduceat(xy[:, 1], starts) - grow
            rows[some, 2] = np.maximum.reduceat(xy[:, 0], starts) + grow
            rows[some, 3] = np.maximum.reduceat(xy[:, 1], starts) + grow
        self.walls = rows
        self.columns = shapely.bounds(np.array(
            [c.polygon.geometry for c in level.columns], dtype=object)).reshape(-1, 4)
        self._fixtures = tuple(f for f in level.fixtures if f.polygon is not None)
        self.fixtures = shapely.bounds(np.array(
            [f.polygon.geometry for f in self._fixtures if f.polygon is not None],
            dtype=object)).reshape(-1, 4)
        # passable openings by the rooms they connect; those connecting none are placed
        self._connecting: dict[str, list[int]] = {}
        self._placed: list[int] = []
        for k, opening in enumerate(level.openings):
            if not opening.is_passable:
                continue
            if opening.connects is None:
                self._placed.append(k)
                continue
            for rid in dict.fromkeys(opening.connects):
                self._connecting.setdefault(rid, []).append(k)
        self._level = level
        self._xy = xy
        self._sizes = sizes
        self._feet = np.full(len(paths), None, dtype=object)
        self._lines: np.ndarray | None = None

    def _centrelines(self) -> np.ndarray:
        """Each wall's centreline (``None`` for a path of fewer than two points), in one call."""
        if self._lines is None:
            lines = np.full(len(self._sizes), None, dtype=object)
            ok = self._sizes >= 2
            if ok.any():
                keep = np.repeat(ok, self._sizes)
                lines[ok] = shapely.linestrings(
                    self._xy[keep], indices=np.repeat(np.arange(int(ok.sum())), self._sizes[ok]))
            self._lines = lines
        return self._lines

    def footprints(self, which: np.ndarray) -> np.ndarray:
        """Return the :attr:`~spacedesign.model.Wall.footprint` of the walls ``which`` (indices).

        Those not made yet are made together (:func:`~spacedesign.capacity.space.wall_footprints`).
        """
        todo = [int(k) for k in which if self._feet[k] is None]
        if todo:
            walls = self._level.walls
            for k, foot in zip(todo, wall_footprints([walls[k] for k in todo]), strict=True):
                self._feet[k] = foot
        return np.asarray(self._feet[which], dtype=object)

    def overlapping_walls(self, poly: BaseGeometry) -> np.ndarray:
        """Whether each wall's footprint is non-empty and intersects ``poly``.

        Only walls near ``poly``'s bounds can. A straight wall (two points, thickness and length
        above :data:`_SMALL`) whose centreline meets ``poly`` does: its footprint holds the
        centreline with half a thickness to spare. The others' footprints are made (in one
        call) and tested.
        """
        out = np.zeros(len(self._feet), dtype=bool)
        near = np.flatnonzero(self.near_walls(poly.bounds))
        if near.size == 0:
            return out
        walls = self._level.walls
        straight = np.array([self._sizes[k] == 2 and walls[k].thickness > _SMALL
                             and _length(walls[k].path) > _SMALL for k in near], dtype=bool)
        sure = np.zeros(near.size, dtype=bool)
        if straight.any():
            sure[straight] = shapely.intersects(self._centrelines()[near[straight]], poly)
        out[near[sure]] = True
        rest = near[~sure]
        if rest.size:
            feet = self.footprints(rest)
            out[rest] = ~shapely.is_empty(feet) & shapely.intersects(feet, poly)
        return out

    def doors(self, room: Room) -> tuple[Opening, ...]:
        """Return the openings that are ways into ``room`` (:func:`touches_room`), in order."""
        level = self._level
        rows = self._connecting.get(room.id, []) + [
            k for k in self._placed if touches_room(level.openings[k], room, level)]
        return tuple(level.openings[k] for k in sorted(rows))

    def fixtures_near(self, room: Room,
                      bounds: tuple[float, float, float, float]) -> tuple[Fixture, ...]:
        """Return the fixtures (with a polygon) of ``room`` or whose bounds meet ``bounds``."""
        meets = _meets(self.fixtures, bounds).tolist()
        return tuple(f for f, near in zip(self._fixtures, meets, strict=True)
                     if f.room == room.id or near)

    def near_walls(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Whether each wall may reach the box ``bounds`` (its row meets or touches it)."""
        return _meets(self.walls, bounds)

    def near_columns(self, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Whether each column's bounds meet (or touch) the box ``bounds``."""
        return _meets(self.columns, bounds)


def _length(path: Points) -> float:
    (ax, ay), (bx, by) = path
    return math.hypot(bx - ax, by - ay)


def _meets(rows: np.ndarray, bounds: tuple[float, float, float, float]) -> np.ndarray:
    x0, y0, x1, y1 = bounds
    # an empty geometry's bounds are NaN: never near
    return np.asarray((rows[:, 0] <= x1) & (rows[:, 2] >= x0) & (rows[:, 1] <= y1)
                      & (rows[:, 3] >= y0), dtype=bool)


@dataclass(frozen=True)
class SettingInputs:
    """What :func:`room_setting` reads of a level for one room, and a key naming it exactly.

    Attributes
    ----------
    key : str
        The room's use and polygon, its doors (kind, wall, place, width, operation), the walls
        near it or holding a door (id, path, thickness), the columns near it and the fixtures
        near it or of it (whether of it, polygon), in level order; ``repr`` of those values, so
        equal keys give equal settings (:func:`setting_from`), wherever the level differs.
    """

    room: Room
    doors: tuple[Opening, ...]
    walls: tuple[Wall, ...]
    columns: tuple[Column, ...]
    fixtures: tuple[tuple[bool, Shape], ...]
    index: LevelIndex = field(repr=False, compare=False)
    rows: tuple[int, ...] = field(repr=False, compare=False)
    """Where ``walls`` are in the level (rows of ``index``)."""

    @cached_property
    def key(self) -> str:
        """The inputs named exactly (see the class attributes)."""
        shape = self.room.polygon
        return repr((
            self.room.use, shape.shell, shape.holes,
            [(o.kind, o.wall, o.at, o.width, o.operation) for o in self.doors],
            [(w.id, w.path, w.thickness) for w in self.walls],
            [(c.polygon.shell, c.polygon.holes) for c in self.columns],
            [(own, f.shell, f.holes) for own, f in self.fixtures]))


def setting_inputs(level: Level, room: Room, index: LevelIndex | None = None) -> SettingInputs:
    """Return what :func:`room_setting` reads of ``level`` for ``room`` (cheaply gathered).

    The doors into the room; the walls whose reach meets the room's bounds or that hold a door;
    the columns whose bounds meet them; the fixtures of the room or whose bounds meet them.
    """
    index = index or LevelIndex(level)
    bounds = room.polygon.geometry.bounds
    doors = index.doors(room)
    holding = {o.wall for o in doors}
    near = index.near_walls(bounds).tolist()
    columns = index.near_columns(bounds).tolist()
    fixtures = tuple((f.room == room.id, f.polygon) for f in index.fixtures_near(room, bounds)
                     if f.polygon is not None)
    rows = tuple(k for k, w in enumerate(level.walls) if near[k] or w.id in holding)
    return SettingInputs(room, doors, tuple(level.walls[k] for k in rows),
                         tuple(c for k, c in enumerate(level.columns) if columns[k]), fixtures,
                         index, rows)


def room_setting(level: Level, room: Room, index: LevelIndex | None = None) -> RoomSetting:
    """Return the :class:`RoomSetting` of ``room`` on ``level`` (see the module docstring).

    The walls, columns and fixtures are those :func:`~spacedesign.capacity.room_space` would
    take (overlapping the room, or fixtures of the room), walls cut to the room's surroundings;
    the openings those it treats as doors into the room. They keep their order on the level.
    ``index`` (the level's :class:`LevelIndex`) saves building it again for each room.
    """
    return setting_from(setting_inputs(level, room, index))


def setting_from(inputs: SettingInputs) -> RoomSetting:
    """Return the :class:`RoomSetting` of the room ``inputs`` were gathered for.

    It reads nothing but what :attr:`SettingInputs.key` names (the index only saves work).
    """
    room, index = inputs.room, inputs.index
    poly = room.polygon.geometry
    bounds = poly.bounds
    ox, oy = bounds[0], bounds[1]
    holding = {o.wall for o in inputs.doors}
    walls: list[Wall] = []
    pieces: dict[str, list[Wall]] = {}
    over = index.overlapping_walls(poly)[list(inputs.rows)].tolist()
    for wall, meets in zip(inputs.walls, over, strict=True):
        if not (meets or wall.id in holding):
            continue
        for path in _pieces(wall, bounds):
            walls.append(Wall(f"w{len(walls)}", _moved(path, ox, oy), wall.thickness))
            pieces.setdefault(wall.id, []).append(walls[-1])
    openings: list[Opening] = []
    for opening in inputs.doors:
        at = _moved((opening.at,), ox, oy)[0]
        # the piece the door is in (a wall leaving the surroundings and coming back is cut in two)
        cut = pieces.get(opening.wall, [])
        near = cut[0] if len(cut) == 1 else min(
            cut, default=None, key=lambda w: w.centreline.distance(Point(at)))
        if near is not None:
            openings.append(Opening(f"o{len(openings)}", opening.kind, near.id, at, opening.width,
                                    operation=opening.operation,
                                    connects=(LOCAL_ROOM, LOCAL_ROOM)))
    local_room = Room(LOCAL_ROOM, "", room.use, _shape(room.polygon, ox, oy))
    moved = Level(
        id="L",
        outline=local_room.polygon,
        walls=tuple(walls),
        columns=tuple(Column(f"c{i}", _shape(c.polygon, ox, oy)) for i, c in enumerate(
            c for c in inputs.columns if c.polygon.geometry.intersects(poly))),
        openings=tuple(openings),
        rooms=(local_room,),
        fixtures=tuple(Fixture(f"f{i}", "other", _shape(shape, ox, oy), room=LOCAL_ROOM)
                       for i, shape in enumerate(
                           shape for own, shape in inputs.fixtures
                           if own or shape.geometry.intersects(poly))),
    )
    return RoomSetting(moved, (ox, oy))
