"""Records of the exterior (外構): access, surfaces, ramps, steps, parking, tactile paving."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spacedesign.model.geometry import Point, Points, Shape

__all__ = [
    "ACCESS_KINDS",
    "SITE_AREA_KINDS",
    "SURFACES",
    "WALKABLE_AREA_KINDS",
    "AccessPoint",
    "Parking",
    "Ramp",
    "Site",
    "SiteArea",
    "Step",
    "Tactile",
]

ACCESS_KINDS = ("pedestrian", "vehicle", "transit")
SITE_AREA_KINDS = (
    "walkway", "plaza", "parking_aisle", "planting", "road", "bicycle_parking", "other",
)
WALKABLE_AREA_KINDS = frozenset({"walkway", "plaza", "parking_aisle"})
SURFACES = ("paved", "tile", "gravel", "lawn", "deck")


def _props() -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class AccessPoint:
    """Where people arrive on the site (``kind``: pedestrian, vehicle or transit)."""

    id: str
    at: Point
    kind: str
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class SiteArea:
    """An exterior surface; walkable when ``kind`` is in :data:`WALKABLE_AREA_KINDS`."""

    id: str
    kind: str
    polygon: Shape
    elevation: float = 0.0
    surface: str | None = None
    slope: float | None = None
    cross_slope: float | None = None
    props: Mapping[str, Any] = field(default_factory=_props)

    @property
    def walkable(self) -> bool:
        """Whether people walk (and wheel) on this surface."""
        return self.kind in WALKABLE_AREA_KINDS


@dataclass(frozen=True)
class Ramp:
    """A ramp entered only at its ends ``from_point``/``to_point`` (file keys ``from``/``to``)."""

    id: str
    polygon: Shape
    from_point: Point
    to_point: Point
    from_elevation: float
    to_elevation: float
    handrails: str | None = None
    landings: tuple[Shape, ...] = ()
    edge_protection: bool | None = None
    props: Mapping[str, Any] = field(default_factory=_props)

    @property
    def rise(self) -> float:
        """Height difference between the two ends (m, positive)."""
        return abs(self.to_elevation - self.from_elevation)

    @property
    def run(self) -> float:
        """Horizontal distance between the two ends (m)."""
        return math.dist(self.from_point, self.to_point)

    @property
    def slope(self) -> float | None:
        """Mean running slope rise/run, or None when the ends coincide."""
        return self.rise / self.run if self.run > 0 else None


@dataclass(frozen=True)
class Step:
    """A flight of exterior steps; never carries a wheelchair."""

    id: str
    polygon: Shape
    from_elevation: float
    to_elevation: float
    risers: int | None = None
    handrails: str | None = None
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Parking:
    """A parking bay (``kind`` car or bicycle)."""

    id: str
    kind: str
    polygon: Shape
    accessible: bool = False
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Tactile:
    """Tactile paving: ``guide`` (a line, 線状ブロック) or ``warning`` (a polygon, 点状ブロック)."""

    id: str
    kind: str
    line: Points | None = None
    polygon: Shape | None = None
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Site:
    """The exterior of the building: boundary, arrival points and surfaces."""

    boundary: Shape | None = None
    access_points: tuple[AccessPoint, ...] = ()
    areas: tuple[SiteArea, ...] = ()
    ramps: tuple[Ramp, ...] = ()
    steps: tuple[Step, ...] = ()
    parking: tuple[Parking, ...] = ()
    tactile: tuple[Tactile, ...] = ()
    furniture: tuple[Any, ...] = ()
    props: Mapping[str, Any] = field(default_factory=_props)
