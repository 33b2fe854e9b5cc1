"""Door and opening gaps: the gap each door or opening cuts through its host wall.

Split from :mod:`spacedesign.analysis.freespace` (which re-exports these names).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from spacedesign.model import Level, Opening, Wall

__all__ = ["GAP_OVERLAP", "DoorGap", "door_gaps"]

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
        return Polygon(
            _box_corners(
                self.segment,
                self.along,
                self.normal,
                self.centre,
                self.depth,
                self.wall is not None,
                self.opening.width,
                half_width,
                extra_depth,
            )
        )


def _box_corners(
    segment: tuple[tuple[float, float], tuple[float, float]],
    along: tuple[float, float],
    normal: tuple[float, float],
    centre: tuple[float, float],
    depth: float,
    hosted: bool,
    width: float,
    half_width: float,
    extra_depth: float,
) -> list[tuple[float, float]]:
    """Return the four corners of :meth:`DoorGap.box` (``hosted``: it has a host wall)."""
    (ax, ay), (bx, by) = segment
    ux, uy = along
    nx, ny = normal
    cx, cy = centre
    t_here = (cx - ax) * ux + (cy - ay) * uy
    t_len = math.hypot(bx - ax, by - ay)
    lo = max(-half_width, -t_here) if hosted else -half_width
    hi = min(half_width, t_len - t_here) if hosted else half_width
    lo, hi = min(lo, -width / 2.0), max(hi, width / 2.0)
    d = depth / 2.0 + extra_depth
    return [
        (cx + ux * lo - nx * d, cy + uy * lo - ny * d),
        (cx + ux * hi - nx * d, cy + uy * hi - ny * d),
        (cx + ux * hi + nx * d, cy + uy * hi + ny * d),
        (cx + ux * lo + nx * d, cy + uy * lo + ny * d),
    ]


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


def _host_wall(level: Level, opening: Opening, by_id: dict[str, Wall]) -> Wall | None:
    wall = by_id.get(opening.wall)
    if wall is not None:
        return wall
    point = Point(opening.at)
    walls = [w for w in level.walls if len(w.path) >= 2]
    if not walls:
        return None
    wall = min(walls, key=lambda w: w.centreline.distance(point))
    return wall if wall.centreline.distance(point) <= max(wall.thickness, 0.05) else None


#: The gap of an opening of no width.
_NO_GAP = Polygon()


def door_gaps(level: Level) -> tuple[DoorGap, ...]:
    """Return the gap of every passable opening (doors and openings, not windows) of ``level``.

    The gap boxes are made by one vectorised shapely call, from the corners
    :meth:`DoorGap.box` computes (the same coordinates as a box made per door).
    """
    by_id: dict[str, Wall] = {}
    for each in level.walls:
        by_id.setdefault(each.id, each)  # the first wall of an id, as a scan in plan order
    found = []
    corners = []
    for opening in level.openings:
        if not opening.is_passable:
            continue
        wall = _host_wall(level, opening, by_id)
        segment = _nearest_segment(wall.path, opening.at) if wall is not None else None
        if wall is None or segment is None:
            along, depth = (1.0, 0.0), 0.2
            segment = ((opening.at[0] - 1.0, opening.at[1]), (opening.at[0] + 1.0, opening.at[1]))
        else:
            (ax, ay), (bx, by) = segment
            length = math.hypot(bx - ax, by - ay)
            along, depth = ((bx - ax) / length, (by - ay) / length), wall.thickness
        normal = (-along[1], along[0])
        width = max(opening.width, 0.0)
        if width > 0:
            corners.append(
                _box_corners(
                    segment,
                    along,
                    normal,
                    opening.at,
                    depth,
                    wall is not None,
                    opening.width,
                    width / 2.0,
                    GAP_OVERLAP,
                )
            )
        found.append((opening, wall, along, normal, depth, segment, width > 0))
    boxes = iter(shapely.polygons(np.array(corners, dtype=float).reshape(-1, 4, 2)))
    return tuple(
        DoorGap(
            opening, wall, opening.at, along, normal, depth, next(boxes) if has else _NO_GAP, seg
        )
        for opening, wall, along, normal, depth, seg, has in found
    )
