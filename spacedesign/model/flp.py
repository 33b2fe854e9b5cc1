"""The unequal-area facility layout problem (DESIGN.md §4.4).

An instance places one axis-aligned rectangle per department, of exact area, inside a
``width`` × ``height`` facility, without overlap and within each department's shape rule,
minimising Σ_{i<j} (f_ij + f_ji) · d(c_i, c_j) with d the rectilinear centroid distance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AREA_TOLERANCE",
    "Department",
    "FlpInstance",
    "FlpRectangle",
    "flp_objective",
    "flp_violations",
]

AREA_TOLERANCE = 1e-6
"""Relative tolerance on ``w·h`` against a department's area."""

_GEOMETRY_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Department:
    """One department: its id, area (m²) and shape rule (``max_aspect`` and/or ``min_side``)."""

    id: str
    area: float
    max_aspect: float | None = None
    min_side: float | None = None


@dataclass(frozen=True)
class FlpInstance:
    """A facility layout instance; ``flows[i][j]`` is the flow from department i to j."""

    name: str
    width: float
    height: float
    departments: tuple[Department, ...]
    flows: tuple[tuple[float, ...], ...]
    distance: str = "rectilinear"
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of departments."""
        return len(self.departments)

    def symmetric_flows(self) -> tuple[tuple[float, ...], ...]:
        """Return ``f_ij + f_ji`` for every pair (the matrix the objective uses).

        Returns
        -------
        tuple of tuple of float
            The symmetric ``n × n`` matrix.
        """
        n = self.size
        return tuple(
            tuple(self.flows[i][j] + self.flows[j][i] for j in range(n)) for i in range(n)
        )


@dataclass(frozen=True)
class FlpRectangle:
    """A placed department: lower-left corner ``(x, y)``, width ``w`` and height ``h``."""

    id: str
    x: float
    y: float
    w: float
    h: float

    @property
    def centre(self) -> tuple[float, float]:
        """Centroid of the rectangle."""
        return (self.x + self.w / 2.0, self.y + self.h / 2.0)


def flp_objective(instance: FlpInstance, rectangles: Sequence[FlpRectangle]) -> float:
    """Return Σ_{i<j} (f_ij + f_ji) · rectilinear distance between centroids.

    ``rectangles`` are matched to departments by id.

    Examples
    --------
    >>> inst = FlpInstance("t", 4, 2, (Department("a", 4), Department("b", 4)), ((0, 1), (2, 0)))
    >>> flp_objective(inst, [FlpRectangle("a", 0, 0, 2, 2), FlpRectangle("b", 2, 0, 2, 2)])
    6.0
    """
    by_id = {r.id: r for r in rectangles}
    centres = [by_id[d.id].centre for d in instance.departments]
    flows = instance.symmetric_flows()
    total = 0.0
    for i in range(instance.size):
        xi, yi = centres[i]
        for j in range(i + 1, instance.size):
            if flows[i][j]:
                xj, yj = centres[j]
                total += flows[i][j] * (abs(xi - xj) + abs(yi - yj))
    return total


def flp_violations(instance: FlpInstance, rectangles: Sequence[FlpRectangle]) -> list[str]:
    """Return every feasibility violation of a solution (empty when the layout is feasible).

    Parameters
    ----------
    instance : FlpInstance
        The problem.
    rectangles : sequence of FlpRectangle
        One rectangle per department, in any order.

    Returns
    -------
    list of str
        Plain descriptions: missing or unknown departments, wrong areas, shapes outside their
        aspect or side limits, rectangles outside the facility, overlaps.
    """
    problems: list[str] = []
    by_id = {r.id: r for r in rectangles}
    for dept in instance.departments:
        if dept.id not in by_id:
            problems.append(f"department {dept.id!r} has no rectangle")
    tol = _GEOMETRY_TOLERANCE
    for dept in instance.departments:
        r = by_id.get(dept.id)
        if r is None:
            continue
        if r.w <= 0 or r.h <= 0:
            problems.append(f"{dept.id}: non-positive size {r.w} x {r.h}")
            continue
        if abs(r.w * r.h - dept.area) > AREA_TOLERANCE * dept.area:
            problems.append(f"{dept.id}: area {r.w * r.h:.6f} differs from {dept.area}")
        if r.x < -tol or r.y < -tol or r.x + r.w > instance.width + tol:
            problems.append(f"{dept.id}: outside the facility")
        elif r.y + r.h > instance.height + tol:
            problems.append(f"{dept.id}: outside the facility")
        if dept.max_aspect is not None and max(r.w, r.h) / min(r.w, r.h) > dept.max_aspect + 1e-9:
            problems.append(f"{dept.id}: aspect {max(r.w, r.h) / min(r.w, r.h):.4f} too large")
        if dept.min_side is not None and min(r.w, r.h) < dept.min_side - tol:
            problems.append(f"{dept.id}: side {min(r.w, r.h):.4f} below {dept.min_side}")
    placed = [by_id[d.id] for d in instance.departments if d.id in by_id]
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            dx = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
            dy = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
            if dx > tol and dy > tol:
                problems.append(f"{a.id} and {b.id} overlap")
    return problems
