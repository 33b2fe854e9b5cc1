"""Geometric value types shared by every record: points, polylines and polygon shapes.

Coordinates are metres, x east, y north (DESIGN.md §3). Records store plain tuples so that
they compare, hash and round-trip exactly; the shapely geometry is built on demand and cached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from shapely.geometry import LineString, Polygon

__all__ = ["Point", "Points", "Shape", "line_of"]

Point = tuple[float, float]
"""An ``(x, y)`` pair in metres."""

Points = tuple[Point, ...]
"""A sequence of points (a polyline or a ring without the closing repeat)."""


@dataclass(frozen=True)
class Shape:
    """A polygon with an outer shell and optional holes.

    Parameters
    ----------
    shell : tuple of (x, y)
        Outer ring, at least three points, not repeating the first point at the end.
    holes : tuple of rings
        Inner rings, each like ``shell``.

    Examples
    --------
    >>> Shape(((0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 3.0))).area
    12.0
    """

    shell: Points
    holes: tuple[Points, ...] = field(default=())

    @cached_property
    def geometry(self) -> Polygon:
        """The shapely polygon (built once, then cached)."""
        return Polygon(self.shell, self.holes)

    @property
    def area(self) -> float:
        """Area in m²."""
        return float(self.geometry.area)

    @classmethod
    def rectangle(cls, x0: float, y0: float, x1: float, y1: float) -> Shape:
        """Return the axis-aligned rectangle with corners ``(x0, y0)`` and ``(x1, y1)``.

        Parameters
        ----------
        x0, y0, x1, y1 : float
            Opposite corners (m).

        Returns
        -------
        Shape
            Counter-clockwise rectangle.
        """
        return cls(((x0, y0), (x1, y0), (x1, y1), (x0, y1)))

    @classmethod
    def from_geometry(cls, polygon: Polygon) -> Shape:
        """Return the shape of a shapely polygon (dropping the closing repeat of each ring).

        Parameters
        ----------
        polygon : shapely.Polygon
            Any valid polygon.

        Returns
        -------
        Shape
            The same polygon as points.
        """
        shell = tuple((float(x), float(y)) for x, y in polygon.exterior.coords[:-1])
        holes = tuple(
            tuple((float(x), float(y)) for x, y in ring.coords[:-1]) for ring in polygon.interiors
        )
        return cls(shell, holes)


def line_of(points: Points) -> LineString:
    """Return the shapely line through ``points``.

    Parameters
    ----------
    points : sequence of (float, float)
        Two or more points.

    Returns
    -------
    shapely.LineString
        The polyline.
    """
    return LineString(points)
