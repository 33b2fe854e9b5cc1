"""Records of a plan: levels with walls, openings, rooms, fixtures, furniture and zones.

Vocabulary
----------
plan
    A building floor model plus its site (file format ``spacedesign.plan/1``).
scenario
    A complete plan with provenance (``spacedesign.scenario/1``): the base plan, the program and
    the generator that made it.
room
    A named space drawn to wall centrelines; its net floor is the polygon minus walls and columns.
opening
    A door, window or open gap in a wall; ``width`` is the clear width.
zone
    An area where the generator may re-plan (``kind: renovation``).

Invariants checked by :func:`spacedesign.io.validate_file` (not by the constructors): ids are
unique within a file, references resolve, polygons are valid, rooms do not overlap each other and
lie inside the level outline, doors sit on their wall.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from shapely import affinity
from shapely.geometry import LineString, Polygon

from spacedesign.model.geometry import Point, Points, Shape
from spacedesign.model.site import Site

__all__ = [
    "FIXTURE_KINDS",
    "FURNITURE_KINDS",
    "OPENING_KINDS",
    "OPERATIONS",
    "ROOM_USES",
    "WALL_KINDS",
    "Column",
    "Fixture",
    "Furniture",
    "Level",
    "Opening",
    "Plan",
    "Room",
    "ScenarioInfo",
    "Wall",
    "Zone",
]

WALL_KINDS = ("exterior", "interior", "partition", "glazed")
OPENING_KINDS = ("door", "window", "opening")
OPERATIONS = ("hinged", "sliding", "automatic", "folding", "revolving", "none")
ROOM_USES = (
    "lobby", "corridor", "reception", "consultation", "meeting", "seminar", "lounge",
    "coworking", "kids", "nursing", "toilet", "accessible_toilet", "office", "storage", "stair",
    "elevator", "kitchenette", "exhibition", "other",
)
FIXTURE_KINDS = (
    "elevator", "stair", "accessible_toilet", "counter", "sink", "shaft", "signboard", "other",
)
FURNITURE_KINDS = (
    "chair", "table", "desk", "sofa", "shelf", "partition", "booth", "counter", "plant", "bench",
    "sign", "kids_play", "other",
)


def _props() -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Wall:
    """A wall along ``path`` (centreline) of the given ``thickness``."""

    id: str
    path: Points
    thickness: float
    kind: str = "interior"
    fixed: bool = False
    height: float | None = None
    props: Mapping[str, Any] = field(default_factory=_props)

    @cached_property
    def centreline(self) -> LineString:
        """The wall's centreline as a shapely line."""
        return LineString(self.path)

    @cached_property
    def footprint(self) -> Polygon:
        """The wall's plan footprint: the path buffered by half the thickness, mitred joints."""
        geom = self.centreline.buffer(self.thickness / 2.0, cap_style="flat", join_style="mitre")
        if isinstance(geom, Polygon):
            return geom
        return Polygon()


@dataclass(frozen=True)
class Column:
    """A structural column."""

    id: str
    polygon: Shape
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Opening:
    """A door, window or opening in ``wall`` centred at ``at``; ``width`` is the clear width."""

    id: str
    kind: str
    wall: str
    at: Point
    width: float
    operation: str | None = None
    threshold: float = 0.0
    connects: tuple[str, str] | None = None
    height: float | None = None
    sill: float | None = None
    props: Mapping[str, Any] = field(default_factory=_props)

    @property
    def is_passable(self) -> bool:
        """Whether people pass through it (doors and openings, not windows)."""
        return self.kind in ("door", "opening")


@dataclass(frozen=True)
class Room:
    """A room drawn to wall centrelines; ``public`` rooms are used by visitors."""

    id: str
    name: str
    use: str
    polygon: Shape
    name_en: str | None = None
    public: bool = False
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Fixture:
    """Built-in equipment that rules inspect (elevator, stair, counter, accessible toilet, ...)."""

    id: str
    kind: str
    polygon: Shape | None = None
    room: str | None = None
    car: tuple[float, float] | None = None
    door_width: float | None = None
    features: tuple[str, ...] = ()
    height: float | None = None
    knee_clearance: float | None = None
    riser: float | None = None
    tread: float | None = None
    handrails: str | None = None
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Furniture:
    """A piece of furniture: either ``polygon``, or ``at`` (centre) + ``size`` + ``rotation``."""

    id: str
    kind: str
    polygon: Shape | None = None
    at: Point | None = None
    size: tuple[float, float] | None = None
    rotation: float = 0.0
    height: float | None = None
    room: str | None = None
    props: Mapping[str, Any] = field(default_factory=_props)

    @cached_property
    def footprint(self) -> Shape:
        """The plan footprint as a :class:`Shape` (the polygon, or the rotated box)."""
        if self.polygon is not None:
            return self.polygon
        if self.at is None or self.size is None:
            return Shape(((0.0, 0.0), (0.0, 0.0), (0.0, 0.0)))
        w, d = self.size
        cx, cy = self.at
        box = Polygon([(-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, d / 2), (-w / 2, d / 2)])
        box = affinity.rotate(box, self.rotation, origin=(0, 0))
        return Shape.from_geometry(affinity.translate(box, cx, cy))


@dataclass(frozen=True)
class Zone:
    """A marked area of a level; ``kind: renovation`` is where the generator may re-plan."""

    id: str
    kind: str
    polygon: Shape
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Level:
    """One storey: its outline and everything on it."""

    id: str
    outline: Shape
    elevation: float = 0.0
    walls: tuple[Wall, ...] = ()
    columns: tuple[Column, ...] = ()
    openings: tuple[Opening, ...] = ()
    rooms: tuple[Room, ...] = ()
    fixtures: tuple[Fixture, ...] = ()
    furniture: tuple[Furniture, ...] = ()
    zones: tuple[Zone, ...] = ()
    name: str | None = None
    height: float = 3.0
    props: Mapping[str, Any] = field(default_factory=_props)

    def room(self, room_id: str) -> Room:
        """Return the room with ``room_id`` (KeyError if absent).

        Parameters
        ----------
        room_id : str
            A room id on this level.

        Returns
        -------
        Room
            The room.
        """
        for room in self.rooms:
            if room.id == room_id:
                return room
        raise KeyError(room_id)

    def wall(self, wall_id: str) -> Wall:
        """Return the wall with ``wall_id`` (KeyError if absent).

        Parameters
        ----------
        wall_id : str
            A wall id on this level.

        Returns
        -------
        Wall
            The wall.
        """
        for wall in self.walls:
            if wall.id == wall_id:
                return wall
        raise KeyError(wall_id)

    def zone(self, zone_id: str) -> Zone:
        """Return the zone with ``zone_id`` (KeyError if absent).

        Parameters
        ----------
        zone_id : str
            A zone id on this level.

        Returns
        -------
        Zone
            The zone.
        """
        for zone in self.zones:
            if zone.id == zone_id:
                return zone
        raise KeyError(zone_id)


@dataclass(frozen=True)
class ScenarioInfo:
    """Provenance of a scenario: base plan, program, generator settings and notes."""

    base: str | None = None
    program: str | None = None
    generator: Mapping[str, Any] = field(default_factory=_props)
    notes: str | None = None


@dataclass(frozen=True)
class Plan:
    """A plan or scenario: levels, an optional site and, for scenarios, their provenance."""

    name: str
    levels: tuple[Level, ...]
    kind: str = "plan"
    north: float = 0.0
    site: Site | None = None
    scenario: ScenarioInfo | None = None
    props: Mapping[str, Any] = field(default_factory=_props)

    def level(self, level_id: str) -> Level:
        """Return the level with ``level_id`` (KeyError if absent).

        Parameters
        ----------
        level_id : str
            A level id of this plan.

        Returns
        -------
        Level
            The level.
        """
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def with_changes(self, **changes: Any) -> Plan:
        """Return a copy with the given fields replaced.

        Parameters
        ----------
        **changes
            Field names and their new values.

        Returns
        -------
        Plan
            A new plan; this one is unchanged.
        """
        return dataclasses.replace(self, **changes)


def distance(a: Point, b: Point) -> float:
    """Euclidean distance between two points (m).

    Parameters
    ----------
    a, b : (float, float)
        Points (m).

    Returns
    -------
    float
        Their distance (m).
    """
    return math.dist(a, b)
