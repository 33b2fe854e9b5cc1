"""Pure, immutable records of plans, scenarios, programs and facility-layout instances.

See :mod:`spacedesign.model.plan` for the vocabulary and the invariants each record keeps.
Only shapely, numpy and the standard library are used here: no file I/O.
"""

from spacedesign.model.flp import (
    Department,
    FlpInstance,
    FlpRectangle,
    flp_objective,
    flp_violations,
)
from spacedesign.model.geometry import Point, Points, Shape, line_of
from spacedesign.model.plan import (
    FIXTURE_KINDS,
    FURNITURE_KINDS,
    OPENING_KINDS,
    OPERATIONS,
    ROOM_USES,
    WALL_KINDS,
    Column,
    Fixture,
    Furniture,
    Level,
    Opening,
    Plan,
    Room,
    ScenarioInfo,
    Wall,
    Zone,
)
from spacedesign.model.program import DEFAULT_SCORE_WEIGHTS, Program, Space
from spacedesign.model.site import (
    ACCESS_KINDS,
    SITE_AREA_KINDS,
    SURFACES,
    WALKABLE_AREA_KINDS,
    AccessPoint,
    Parking,
    Ramp,
    Site,
    SiteArea,
    Step,
    Tactile,
)

__all__ = [
    "ACCESS_KINDS",
    "DEFAULT_SCORE_WEIGHTS",
    "FIXTURE_KINDS",
    "FURNITURE_KINDS",
    "OPENING_KINDS",
    "OPERATIONS",
    "ROOM_USES",
    "SITE_AREA_KINDS",
    "SURFACES",
    "WALKABLE_AREA_KINDS",
    "WALL_KINDS",
    "AccessPoint",
    "Column",
    "Department",
    "Fixture",
    "FlpInstance",
    "FlpRectangle",
    "Furniture",
    "Level",
    "Opening",
    "Parking",
    "Plan",
    "Point",
    "Points",
    "Program",
    "Ramp",
    "Room",
    "ScenarioInfo",
    "Shape",
    "Site",
    "SiteArea",
    "Space",
    "Step",
    "Tactile",
    "Wall",
    "Zone",
    "flp_objective",
    "flp_violations",
    "line_of",
]
