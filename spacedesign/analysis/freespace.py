"""Free floor space of a level: rooms plus door openings, minus walls, columns, fixtures, furniture.

Rooms are drawn to wall centrelines (DESIGN.md §4.1), so the net floor is the drawn floor minus
the wall footprints. A door or opening is a gap cut through its host wall, exactly as wide as its
clear width; it is cut from the host wall only, so it never opens a neighbouring wall.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.footprints import furniture_polygons
from spacedesign.model import Level, Opening, Wall

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
#: How far a gap reaches past each wall face, so that it overlaps the floor on both sides (m).
GAP_OVERLAP = 0.01


@dataclass(frozen=True)
class DoorGap:
    """The gap a door or opening cuts through its wall.

    Attributes
    ----------
    opening : Opening
        The door or opening.
    wall : Wall or None
        The host wall (None when the opening names no wall of the level).
    centre : tuple of float
        The door centre on the wall path.
    along : tuple of float
        Unit vector along the wall.
    normal : tuple of float
        Unit vector across the wall (left of ``along``).
    depth : float
        Wall thickness (m).
    polygon : Polygon
        The gap: clear width along the wall, wall thickness (+ a small overlap) across it.
    segment : tuple of two points
        Start and end of the host wall segment the door sits on.
    """

    opening: Opening
    wall: Wall | None
    centre: tuple[float, float]
    along: tuple[float, float]
    normal: tuple[float, float]
    depth: float
    polygon: Polygon
    segment: tuple[tuple[float, float], tuple[float, float]]

    def face_point(self, side: float, extra: float = 0.0) -> tuple[float, float]:
        """Return the centre of the wall face on ``side`` (+1: along ``normal``, -1: against)."""
        off = side * (self.depth / 2.0 + extra)
        return (self.centre[0] + self.normal[0] * off, self.centre[1] + self.normal[1] * off)

    def box(self, half_width: float, extra_depth: float = GAP_OVERLAP) -> Polygon:
        """Return a box centred on the door, ``2*half_width`` along the wall, clipped to it."""
        (ax, ay), (bx, by) = self.segment
        ux, uy = self.along
        nx, ny = self.normal
        cx, cy = self.centre
        t_here = (cx - ax) * ux + (cy - ay) * uy
        t_len = math.hypot(bx - ax, by - ay)
        lo = max(-half_width, -t_here) if self.wall is not None else -half_width
        hi = min(half_width, t_len - t_here) if self.wall is not None else half_width
        lo, hi = min(lo, -self.opening.width / 2.0), max(hi, self.opening.width / 2.0)
        d = self.depth / 2.0 + extra_depth
        return Polygon(
            [
                (cx + ux * lo - nx * d, cy + uy * lo - ny * d),
                (cx + ux * hi - nx * d, cy + uy * hi - ny * d),
                (cx + ux * hi + nx * d, cy + uy * hi + ny * d),
                (cx + ux * lo + nx * d, cy + uy * lo + ny * d),
            ]
        )


def _nearest_segment(
    path: tuple[tuple[float, float], ...], at: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    best: tuple[float, tuple[tuple[float, float], tuple[float, float]]] | None = None
    for a, b in itertools.pairwise(path):
        ax, ay = a
        bx, by = b
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        if length2 <= 1e-18:
            continue
        t = max(0.0, min(1.0, ((at[0] - ax) * dx + (at[1] - ay) * dy) / length2))
        dist = math.hypot(ax + t * dx - at[0], ay + t * dy - at[1])
        if best is None or dist < best[0]:
            best = (dist, (a, b))
    return None if best is None else best[1]


def _host_wall(level: Level, opening: Opening) -> Wall | None:
    for wall in level.walls:
        if wall.id == opening.wall:
            return wall
    point = Point(opening.at)
    walls = [w for w in level.walls if len(w.path) >= 2]
    if not walls:
        return None
    wall = min(walls, key=lambda w: w.centreline.distance(point))
    return wall if wall.centreline.distance(point) <= max(wall.thickness, 0.05) else None


def door_gaps(level: Level) -> tuple[DoorGap, ...]:
    """Return the gap of every passable opening (doors and openings, not windows) of ``level``."""
    gaps = []
    for opening in level.openings:
        if not opening.is_passable:
            continue
        wall = _host_wall(level, opening)
        segment = _nearest_segment(wall.path, opening.at) if wall is not None else None
        if wall is None or segment is None:
            along, depth = (1.0, 0.0), 0.2
            segment = ((opening.at[0] - 1.0, opening.at[1]), (opening.at[0] + 1.0, opening.at[1]))
        else:
            (ax, ay), (bx, by) = segment
            length = math.hypot(bx - ax, by - ay)
            along, depth = ((bx - ax) / length, (by - ay) / length), wall.thickness
        normal = (-along[1], along[0])
        gap = DoorGap(opening, wall, opening.at, along, normal, depth, Polygon(), segment)
        width = max(opening.width, 0.0)
        polygon = gap.box(width / 2.0) if width > 0 else Polygon()
        gaps.append(DoorGap(opening, wall, opening.at, along, normal, depth, polygon, segment))
    return tuple(gaps)


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


def merge(parts: list[BaseGeometry]) -> BaseGeometry:
    """Return the union of ``parts``, normalised.

    Normalised: the same rings, ring starts and part order whatever the order of ``parts``.
    GEOS's disjoint-subset union merges only the groups of parts that touch (walls meeting at a
    corner, furniture in a cluster), about twice as fast as a cascaded union of the walls,
    columns and furniture of a level; the normalised result is the same geometry.
    """
    return shapely.normalize(shapely.disjoint_subset_union_all(parts))


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
    all_gaps = door_gaps(level) if gaps else ()
    gap_shape = gap_shapes(level, all_gaps, widen_doors)
    parts = _walls_with_gaps(level, all_gaps, gap_shape)
    parts += [c.polygon.geometry for c in level.columns]
    parts += [
        f.polygon.geometry
        for f in level.fixtures
        if f.polygon is not None and f.kind not in NON_OBSTACLE_FIXTURES
    ]
    if furniture:
        parts += level_space(level).furniture
    parts = [p for p in parts if not p.is_empty and p.is_valid]
    return merge(parts) if parts else Polygon()


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
        """Footprint of each wall, in order.

        :attr:`~spacedesign.model.Wall.footprint` of all the walls from one vectorised buffer
        (the same polygons, without a shapely call per wall).
        """
        walls = self.level.walls
        if not walls:
            return ()
        feet = shapely.buffer(
            np.array([w.centreline for w in walls], dtype=object),
            np.array([w.thickness / 2.0 for w in walls]),
            cap_style="flat",
            join_style="mitre",
        )
        return tuple(f if isinstance(f, Polygon) else Polygon() for f in feet)

    @cached_property
    def furniture(self) -> tuple[Polygon, ...]:
        """Footprint of each piece of furniture, in order (see :mod:`.footprints`)."""
        return tuple(furniture_polygons(self.level.furniture))

    @cached_property
    def floor(self) -> BaseGeometry:
        """The drawn floor: outline and every room polygon."""
        parts = [self.level.outline.geometry] + [r.polygon.geometry for r in self.level.rooms]
        parts = [p if p.is_valid else p.buffer(0.0) for p in parts]
        return shapely.normalize(shapely.disjoint_subset_union_all(parts))

    @cached_property
    def solid(self) -> BaseGeometry:
        """Obstacles with doors closed (walls, columns, fixtures, furniture)."""
        return obstacles(self.level, gaps=False)

    @cached_property
    def closed_free(self) -> BaseGeometry:
        """Free floor with every door closed: each room (or open group of rooms) apart."""
        return self.floor.difference(self.solid)

    @cached_property
    def sight(self) -> BaseGeometry:
        """Where sight travels (see :func:`spacedesign.analysis.visibility.sight_domain`)."""
        from spacedesign.analysis.visibility import sight_domain

        return sight_domain(self.level)

    def room_floor(self, room_id: str) -> BaseGeometry:
        """Net floor of one room (see :func:`room_net_floor`)."""
        polygon = self.level.room(room_id).polygon.geometry
        if not polygon.is_valid:
            polygon = polygon.buffer(0.0)
        return polygon.difference(self.solid)


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


@dataclass(frozen=True)
class Circle:
    """A circle: ``centre`` and ``radius`` (m)."""

    centre: tuple[float, float]
    radius: float

    @property
    def diameter(self) -> float:
        """Twice the radius (m)."""
        return 2.0 * self.radius


def turning_circle_near(polygon: BaseGeometry, diameter: float) -> Circle | None:
    """Largest circle, computed coarsely (1 cm) and again finely (1 mm) near ``diameter``.

    The fine pass only runs when the coarse answer is within 3 cm of the diameter being
    checked, so that pass/fail never depends on the tolerance.
    """
    circle = largest_turning_circle(polygon, 0.01)
    if circle is not None and abs(circle.diameter - diameter) < 0.03:
        circle = largest_turning_circle(polygon, 0.001)
    return circle


def largest_turning_circle(polygon: BaseGeometry, tolerance: float = 0.002) -> Circle | None:
    """Return the largest circle that fits in ``polygon`` (None for an empty polygon).

    Uses GEOS's maximum inscribed circle (accurate to ``tolerance`` metres) on each part.
    """
    parts = list(getattr(polygon, "geoms", [polygon]))
    best: Circle | None = None
    for part in parts:
        if not isinstance(part, Polygon) or part.is_empty or part.area <= 0:
            continue
        line = shapely.maximum_inscribed_circle(part, tolerance)
        (cx, cy), _ = line.coords
        circle = Circle((float(cx), float(cy)), float(line.length))
        if best is None or circle.radius > best.radius:
            best = circle
    return best
