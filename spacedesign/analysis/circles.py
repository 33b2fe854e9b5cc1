"""The largest circle that fits in a floor (turning circles for ROUTE-TURN and the rooms).

Split from :mod:`spacedesign.analysis.freespace` (which re-exports these names).
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["Circle", "largest_turning_circle", "turning_circle_near"]


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
