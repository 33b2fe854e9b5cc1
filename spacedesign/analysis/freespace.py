"""Free floor space of a level: rooms plus door openings, minus walls, columns, fixtures, furniture.

Rooms are drawn to wall centrelines (DESIGN.md §4.1), so the net floor is the drawn floor minus
the wall footprints. A door or opening is a gap cut through its host wall, exactly as wide as its
clear width; it is cut from the host wall only, so it never opens a neighbouring wall.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.circles import Circle, largest_turning_circle, turning_circle_near
from spacedesign.analysis.enclosed import union_and_cut, union_within
from spacedesign.analysis.footprints import level_furniture, wall_footprints
from spacedesign.analysis.gaps import GAP_OVERLAP, DoorGap, door_gaps
from spacedesign.analysis.memo import ShapeMemo
from spacedesign.analysis.ortho import orthogonal_union
from spacedesign.model import Level

if TYPE_CHECKING:
    from spacedesign.analysis.sightlines import SightLines

__all__ = [
    "Circle",
    "DoorGap",
    "LevelSpace",
    "door_gaps",
    "floor_area",
    "free_space",
    "gap_shapes",
    "largest_turning_circle",
    "level_space",
    "merge",
    "obstacles",
    "room_net_floor",
    "turning_circle_near",
]

#: Fixture kinds that are not solid obstacles on the floor (the toilet "fixture" is the booth).
NON_OBSTACLE_FIXTURES = frozenset({"accessible_toilet"})


def _walls_with_gaps(
    level: Level, gaps: tuple[DoorGap, ...], gap_shape: dict[str, BaseGeometry]
) -> list[BaseGeometry]:
    cut: dict[str, list[BaseGeometry]] = {}
    for gap in gaps:
        if gap.wall is not None:
            cut.setdefault(gap.wall.id, []).append(gap_shape[gap.opening.id])
    parts: list[BaseGeometry] = []
    for wall, foot in zip(level.walls, level_space(level).walls, strict=True):
        if wall.id in cut:
            foot = foot.difference(shapely.union_all(cut[wall.id]))
        parts.append(foot)
    return parts


def _union_parts(fixed: BaseGeometry) -> tuple[BaseGeometry, ...]:
    """Polygons of the union of the parts of the collection ``fixed`` (see :func:`merge`)."""
    return tuple(shapely.get_parts(shapely.disjoint_subset_union_all(shapely.get_parts(fixed))))


#: The union of a level's fixed walls and columns (the structure every scenario keeps),
#: memoised by the exact geometry of those parts.
_FIXED_UNION: ShapeMemo[tuple[BaseGeometry, ...]] = ShapeMemo(_union_parts, limit=16)


def _clean_union(structure: BaseGeometry, clean: str) -> tuple[bool, tuple[BaseGeometry, ...]]:
    """Whether any part of the collection ``structure`` is left after ``clean``, and the union.

    ``clean``: keep the :func:`_sound` parts (``"sound"``) or the :func:`repaired` ones
    (``"repair"``); the union as :func:`merge` makes it of those.
    """
    parts = list(shapely.get_parts(structure))
    parts = _sound(parts) if clean == "sound" else repaired(parts)
    return bool(parts), (_union_parts(shapely.geometrycollections(parts)) if parts else ())


#: A level's structure (fixed walls and columns) as drawn -> cleaned and united: the
#: structure's cleaning is memoised with its union (:func:`merge_structure`).
_STRUCTURE: ShapeMemo[tuple[bool, tuple[BaseGeometry, ...]]] = ShapeMemo(_clean_union, limit=16)


def merge(parts: list[BaseGeometry], fixed: int = 0) -> BaseGeometry:
    """Return the union of ``parts``, normalised.

    Normalised: the same rings, ring starts and part order whatever the order of ``parts``.
    GEOS's disjoint-subset union merges only the groups of parts that touch (walls meeting at a
    corner, furniture in a cluster), about twice as fast as a cascaded union of the walls,
    columns and furniture of a level; the normalised result is the same geometry.

    The first ``fixed`` parts (a level's fixed walls and its columns, which every scenario of the
    level keeps) are united first, memoised by their exact geometry, and the rest merged with
    that union.
    """
    if fixed:
        # The structure's union, memoised by the exact parts, then merged with the rest: the
        # same two steps whether the memo hits or not, so a hit gives what a fresh check gives.
        structure = _FIXED_UNION(shapely.geometrycollections(parts[:fixed]))
        parts = [*structure, *parts[fixed:]]
    return shapely.normalize(shapely.disjoint_subset_union_all(parts))


def merge_structure(
    structure: list[BaseGeometry], parts: list[BaseGeometry], clean: str
) -> BaseGeometry | None:
    """:func:`merge` of the ``structure`` parts cleaned by ``clean`` and of ``parts``.

    What ``merge(cleaned + parts, fixed=len(cleaned))`` gives (None when nothing is left),
    with the cleaning of the structure (see :func:`_clean_union`) memoised with its union.
    """
    merged = _merged_parts(structure, parts, clean)
    return None if merged is None else _union(merged)


def _merged_parts(
    structure: list[BaseGeometry], parts: list[BaseGeometry], clean: str
) -> list[BaseGeometry] | None:
    """Return the parts :func:`merge_structure` unites: the structure's union, then ``parts``."""
    kept, united = False, ()
    if structure:
        kept, united = _STRUCTURE(shapely.geometrycollections(structure), clean)
    if not kept and not parts:
        return None
    return [*united, *parts]


def _union(parts: list[BaseGeometry]) -> BaseGeometry:
    """Return the normalised union of the valid ``parts``, as GEOS's overlay gives it.

    Axis-parallel parts (a level's walls, columns, fixtures, furniture, rooms) are united on
    the grid of their coordinates (:func:`~spacedesign.analysis.ortho.orthogonal_union`,
    the same polygons bit for bit); anything else by GEOS's disjoint-subset union.
    """
    merged = orthogonal_union(parts)
    if merged is None:
        merged = shapely.normalize(shapely.disjoint_subset_union_all(parts))
    return merged


def obstacles(
    level: Level,
    *,
    gaps: bool = True,
    furniture: bool = True,
    widen_doors: float = 0.0,
) -> BaseGeometry:
    """Return the union of everything that blocks movement on ``level``.

    Parameters
    ----------
    level : Level
        The storey.
    gaps : bool
        Cut door and opening gaps through their walls (False: walls are solid).
    furniture : bool
        Count furniture as an obstacle (Solibri SOL/209 does; so does ROUTE-WIDTH).
    widen_doors : float
        Extra half-width added to each gap (clipped to the host wall segment and stopped by
        crossing walls). Used to measure passages *without* the door jambs: door openings are
        judged by DOOR-WIDTH alone.
    """
    merged = _obstacle_parts(level, gaps=gaps, furniture=furniture, widen_doors=widen_doors)
    return Polygon() if merged is None else _union(merged)


def _obstacle_parts(
    level: Level, *, gaps: bool, furniture: bool, widen_doors: float
) -> list[BaseGeometry] | None:
    """Return the parts :func:`obstacles` unites (None: nothing blocks movement)."""
    all_gaps = level_space(level).gaps if gaps else ()
    gap_shape = gap_shapes(level, all_gaps, widen_doors)
    walls = _walls_with_gaps(level, all_gaps, gap_shape)
    structure = [w for wall, w in zip(level.walls, walls, strict=True) if wall.fixed]
    structure += [c.polygon.geometry for c in level.columns]
    parts = [w for wall, w in zip(level.walls, walls, strict=True) if not wall.fixed]
    parts += [
        f.polygon.geometry
        for f in level.fixtures
        if f.polygon is not None and f.kind not in NON_OBSTACLE_FIXTURES
    ]
    if furniture:
        parts += level_space(level).furniture
    return _merged_parts(structure, _sound(parts), "sound")


def _sound(parts: list[BaseGeometry]) -> list[BaseGeometry]:
    """Return the parts that are neither empty nor invalid, in order (one vectorised test)."""
    if not parts:
        return []
    array = np.array(parts, dtype=object)
    return list(array[~shapely.is_empty(array) & shapely.is_valid(array)])


def repaired(parts: list[BaseGeometry]) -> list[BaseGeometry]:
    """Return the non-empty parts, in order, each invalid one replaced by its ``buffer(0)``."""
    if not parts:
        return []
    array = np.array(parts, dtype=object)
    array = array[~shapely.is_empty(array)]
    invalid = ~shapely.is_valid(array)
    if invalid.any():
        array[invalid] = shapely.buffer(array[invalid], 0.0)
    return list(array)


def gap_shapes(
    level: Level, gaps: tuple[DoorGap, ...], widen: float = 0.0, extra_depth: float = GAP_OVERLAP
) -> dict[str, BaseGeometry]:
    """Return the gap polygon of each opening id, optionally widened by ``widen`` per side.

    A widened gap is clipped to its host wall segment and stops at crossing walls.
    """
    shapes: dict[str, BaseGeometry] = {}
    for gap in gaps:
        if widen <= 0 and extra_depth == GAP_OVERLAP:
            shapes[gap.opening.id] = gap.polygon
            continue
        wide = gap.box(gap.opening.width / 2.0 + widen, extra_depth)
        others = [w.footprint for w in level.walls if gap.wall is None or w.id != gap.wall.id]
        if others:
            wide = wide.difference(shapely.union_all(others))
        shapes[gap.opening.id] = _part_containing(wide, gap.centre)
    return shapes


def _part_containing(geom: BaseGeometry, at: tuple[float, float]) -> BaseGeometry:
    if isinstance(geom, MultiPolygon):
        point = Point(at)
        return min(geom.geoms, key=lambda g: g.distance(point))
    return geom


class LevelSpace:
    """Geometry of one level computed once and shared by every check of a run.

    Get it with :func:`level_space` (a small cache keyed by the level object).
    """

    def __init__(self, level: Level) -> None:
        self.level = level

    @cached_property
    def gaps(self) -> tuple[DoorGap, ...]:
        """Door and opening gaps (see :func:`door_gaps`)."""
        return door_gaps(self.level)

    @cached_property
    def walls(self) -> tuple[Polygon, ...]:
        """Footprint of each wall, in order (see :func:`.footprints.wall_footprints`)."""
        return wall_footprints(self.level.walls)

    @cached_property
    def furniture(self) -> tuple[Polygon, ...]:
        """Footprint of each piece of furniture, in order (see :mod:`.footprints`)."""
        return tuple(level_furniture(self.level.furniture))

    @cached_property
    def floor(self) -> BaseGeometry:
        """The drawn floor: outline and every room polygon."""
        parts = [self.level.outline.geometry] + [r.polygon.geometry for r in self.level.rooms]
        array = np.array(parts, dtype=object)
        invalid = ~shapely.is_valid(array)  # one validity test; each invalid part repaired
        if invalid.any():
            array[invalid] = shapely.buffer(array[invalid], 0.0)
        # Rooms inside the outline add only their vertices on its shell (see union_within).
        within = union_within(array[0], list(array[1:]))
        return within if within is not None else _union(list(array))

    @cached_property
    def _closed(self) -> tuple[BaseGeometry, BaseGeometry | None]:
        """:attr:`solid`, and :attr:`closed_free` when made with it (see union_and_cut)."""
        parts = _obstacle_parts(self.level, gaps=False, furniture=True, widen_doors=0.0)
        if parts is None:
            return Polygon(), None
        solid, free = union_and_cut(parts, self.floor)
        return (_union(parts) if solid is None else solid), free

    @cached_property
    def solid(self) -> BaseGeometry:
        """Obstacles with doors closed (walls, columns, fixtures, furniture)."""
        return self._closed[0]

    @cached_property
    def closed_free(self) -> BaseGeometry:
        """Free floor with every door closed: each room (or open group of rooms) apart.

        The floor less :attr:`solid`, normalised when made from the solid's rings (the
        same geometry GEOS's difference gives, whose parts :func:`.piecewise_medial` takes
        normalised).
        """
        free = self._closed[1]
        return self.floor.difference(self.solid) if free is None else free

    @cached_property
    def sight(self) -> BaseGeometry:
        """Where sight travels (see :func:`spacedesign.analysis.visibility.sight_domain`)."""
        from spacedesign.analysis.visibility import sight_domain

        return sight_domain(self.level)

    @cached_property
    def sight_lines(self) -> SightLines:
        """What bounds sight (see :func:`spacedesign.analysis.sightlines.sight_lines`)."""
        from spacedesign.analysis.sightlines import sight_lines

        return sight_lines(self.level)

    def room_floor(self, room_id: str) -> BaseGeometry:
        """Net floor of one room (see :func:`room_net_floor`)."""
        polygon = self.level.room(room_id).polygon.geometry
        if not polygon.is_valid:
            polygon = polygon.buffer(0.0)
        # Only the obstacles whose boxes meet the room's can cut it: the difference with those
        # alone is the same polygon, without running the overlay over the whole level.
        parts, boxes = self._solid_parts
        x0, y0, x1, y1 = polygon.bounds
        near = (boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)
        if not near.any() or near.all():
            return polygon.difference(self.solid)
        return polygon.difference(shapely.multipolygons(parts[near]))

    @cached_property
    def _solid_parts(self) -> tuple[np.ndarray, np.ndarray]:
        """The polygons of :attr:`solid` and their boxes (none unless it is polygonal)."""
        polygonal = isinstance(self.solid, Polygon | MultiPolygon)
        parts = shapely.get_parts(self.solid) if polygonal else np.array([], dtype=object)
        return parts, shapely.bounds(parts).reshape(-1, 4)


_SPACES: dict[int, tuple[Level, LevelSpace]] = {}
_SPACES_MAX = 32


def level_space(level: Level) -> LevelSpace:
    """Return the (cached) :class:`LevelSpace` of ``level``."""
    hit = _SPACES.get(id(level))
    if hit is not None and hit[0] is level:
        return hit[1]
    if len(_SPACES) >= _SPACES_MAX:
        _SPACES.pop(next(iter(_SPACES)))
    space = LevelSpace(level)
    _SPACES[id(level)] = (level, space)
    return space


def floor_area(level: Level) -> BaseGeometry:
    """Return the drawn floor of ``level``: its outline together with every room polygon."""
    return level_space(level).floor


def free_space(level: Level, *, furniture: bool = True) -> BaseGeometry:
    """Return the free floor space of ``level`` (shapely Polygon or MultiPolygon).

    Rooms plus door openings, minus walls, columns, fixtures and (by default) furniture.
    Each connected part is a set of spaces a person can walk between.
    """
    gaps = [g.polygon for g in door_gaps(level) if not g.polygon.is_empty]
    floor = shapely.union_all([floor_area(level), *gaps])
    return floor.difference(obstacles(level, furniture=furniture))


def room_net_floor(level: Level, room_id: str, *, furniture: bool = True) -> BaseGeometry:
    """Return the net floor of one room: its polygon minus walls, columns, fixtures, furniture."""
    if furniture:
        return level_space(level).room_floor(room_id)
    polygon = level.room(room_id).polygon.geometry
    if not polygon.is_valid:
        polygon = polygon.buffer(0.0)
    return polygon.difference(obstacles(level, gaps=False, furniture=False))
