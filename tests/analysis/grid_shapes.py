"""Hypothesis strategies for rectangles on a half-metre grid, shared by the grid-geometry tests.

Small integer and half-integer coordinates give rectangles that share edges, meet at corners
(two covered cells diagonal at a point), enclose holes and touch them: the cases where a
hand-made orthogonal union or difference can part from GEOS.
"""

from __future__ import annotations

import hypothesis.strategies as st
from shapely.geometry import Polygon, box


def half_metres(steps: int) -> st.SearchStrategy[float]:
    """Coordinates 0, 0.5, …, ``steps / 2`` (m)."""
    return st.integers(0, steps).map(lambda k: k / 2.0)


def grid_rects(steps: int = 8) -> st.SearchStrategy[Polygon]:
    """Rectangles with corners at :func:`half_metres` ``(steps)`` and sides of 0.5 to 3 m."""
    side = st.integers(1, 6).map(lambda k: k / 2.0)
    return st.builds(lambda x, y, w, h: box(x, y, x + w, y + h),
                     half_metres(steps), half_metres(steps), side, side)
