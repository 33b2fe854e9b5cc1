"""Pydantic models of the file formats (DESIGN.md §4): the only place pydantic is used.

They mirror the files key for key, forbid unknown keys (except under ``props``) and reject
non-finite numbers. Conversion to the pure records is in :mod:`spacedesign.io.convert`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "FORMATS",
    "FlpFile",
    "PlanFile",
    "ProgramFile",
    "ScenarioFile",
]

_POINT_SCHEMA = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
_RING_SCHEMA = {"type": "array", "items": _POINT_SCHEMA, "minItems": 3}
_POLYGON_SCHEMA = {
    "anyOf": [
        _RING_SCHEMA,
        {
            "type": "object",
            "properties": {
                "shell": _RING_SCHEMA,
                "holes": {"type": "array", "items": _RING_SCHEMA},
            },
            "required": ["shell"],
            "additionalProperties": False,
        },
    ]
}


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("wrong_type", "{what} must be a number, not {got!r}",
                                  {"what": what, "got": value})
    try:
        number = float(value)
    except OverflowError:
        digits = int(int(value).bit_length() * 0.30103) + 1
        raise PydanticCustomError(
            "non_finite", "{what} is too large to be a number of metres ({digits} digits)",
            {"what": what, "digits": digits},
        ) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise PydanticCustomError("non_finite", "{what} is not a finite number ({got})",
                                  {"what": what, "got": value})
    return number


def _point(value: Any) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise PydanticCustomError("invalid_point", "a point must be [x, y], not {got!r}",
                                  {"got": value})
    return (_number(value[0], "x"), _number(value[1], "y"))


def _ring(value: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, list | tuple):
        raise PydanticCustomError("invalid_polygon", "a polygon must be a list of [x, y] points")
    points = tuple(_point(p) for p in value)
    if len(points) >= 2 and points[0] == points[-1]:
        raise PydanticCustomError(
            "invalid_polygon", "a polygon must not repeat its first point at the end"
        )
    if len(points) < 3:
        raise PydanticCustomError(
            "invalid_polygon", "a polygon needs at least 3 points, got {n}", {"n": len(points)}
        )
    return points


def _polygon(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        unknown = set(value) - {"shell", "holes"}
        if unknown:
            raise PydanticCustomError(
                "unknown_key", "unknown key {key!r} in polygon", {"key": sorted(unknown)[0]}
            )
        if "shell" not in value:
            raise PydanticCustomError("missing", "a polygon mapping needs a 'shell'")
        holes = value.get("holes") or []
        if not isinstance(holes, list):
            raise PydanticCustomError("invalid_polygon", "'holes' must be a list of rings")
        return {"shell": _ring(value["shell"]), "holes": tuple(_ring(h) for h in holes)}
    return {"shell": _ring(value), "holes": ()}


def _polyline(value: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, list | tuple):
        raise PydanticCustomError("invalid_line", "a line must be a list of [x, y] points")
    points = tuple(_point(p) for p in value)
    if len(points) < 2:
        raise PydanticCustomError("invalid_line", "a line needs at least 2 points")
    return points


Point = Annotated[Any, BeforeValidator(_point), WithJsonSchema(_POINT_SCHEMA)]
Polygon = Annotated[Any, BeforeValidator(_polygon), WithJsonSchema(_POLYGON_SCHEMA)]
Polyline = Annotated[
    Any, BeforeValidator(_polyline), WithJsonSchema({"type": "array", "items": _POINT_SCHEMA})
]
Props = dict[str, Any]
Id = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class _Element(_Strict):
    id: Id
    props: Props | None = None


class AccessPointIn(_Element):
    at: Point
    kind: Literal["pedestrian", "vehicle", "transit"]


class SiteAreaIn(_Element):
    kind: Literal[
        "walkway", "plaza", "parking_aisle", "planting", "road", "bicycle_parking", "other"
    ]
    polygon: Polygon
    elevation: float = 0.0
    surface: Literal["paved", "tile", "gravel", "lawn", "deck"] | None = None
    slope: float | None = None
    cross_slope: float | None = None


Handrails = Literal["both", "one", "none"]


class RampIn(_Element):
    model_config = ConfigDict(populate_by_name=True)
    polygon: Polygon
    from_: Point = Field(alias="from")
    to: Point
    from_elevation: float
    to_elevation: float
    handrails: Handrails | None = None
    landings: list[Polygon] = []
    edge_protection: bool | None = None


class StepIn(_Element):
    polygon: Polygon
    from_elevation: float
    to_elevation: float
    risers: Annotated[int, Field(ge=1)] | None = None
    handrails: Handrails | None = None


class ParkingIn(_Element):
    kind: Literal["car", "bicycle"]
    polygon: Polygon
    accessible: bool = False


class TactileIn(_Element):
    kind: Literal["guide", "warning"]
    line: Polyline | None = None
    polygon: Polygon | None = None


FurnitureKind = Literal[
    "chair", "table", "desk", "sofa", "shelf", "partition", "booth", "counter", "plant", "bench",
    "sign", "kids_play", "other",
]


class FurnitureIn(_Element):
    kind: FurnitureKind
    polygon: Polygon | None = None
    at: Point | None = None
    size: Point | None = None
    rotation: float = 0.0
    height: Annotated[float, Field(ge=0)] | None = None
    room: str | None = None


class SiteIn(_Strict):
    boundary: Polygon | None = None
    access_points: list[AccessPointIn] = []
    areas: list[SiteAreaIn] = []
    ramps: list[RampIn] = []
    steps: list[StepIn] = []
    parking: list[ParkingIn] = []
    tactile: list[TactileIn] = []
    furniture: list[FurnitureIn] = []
    props: Props | None = None


class WallIn(_Element):
    path: Polyline
    thickness: Annotated[float, Field(gt=0)]
    kind: Literal["exterior", "interior", "partition", "glazed"] = "interior"
    fixed: bool = False
    height: Annotated[float, Field(gt=0)] | None = None


class ColumnIn(_Element):
    polygon: Polygon


class OpeningIn(_Element):
    kind: Literal["door", "window", "opening"]
    wall: Id
    at: Point
    width: Annotated[float, Field(ge=0)]
    operation: (
        Literal["hinged", "sliding", "automatic", "folding", "revolving", "none"] | None
    ) = None
    threshold: Annotated[float, Field(ge=0)] = 0.0
    connects: Annotated[list[Id], Field(min_length=2, max_length=2)] | None = None
    height: Annotated[float, Field(gt=0)] | None = None
    sill: Annotated[float, Field(ge=0)] | None = None


RoomUse = Literal[
    "lobby", "corridor", "reception", "consultation", "meeting", "seminar", "lounge",
    "coworking", "kids", "nursing", "toilet", "accessible_toilet", "office", "storage", "stair",
    "elevator", "kitchenette", "exhibition", "other",
]


class RoomIn(_Element):
    name: str
    name_en: str | None = None
    use: RoomUse
    polygon: Polygon
    public: bool = False


class FixtureIn(_Element):
    kind: Literal[
        "elevator", "stair", "accessible_toilet", "counter", "sink", "shaft", "signboard", "other"
    ]
    polygon: Polygon | None = None
    room: str | None = None
    car: Point | None = None
    door_width: Annotated[float, Field(ge=0)] | None = None
    features: list[str] = []
    height: Annotated[float, Field(ge=0)] | None = None
    knee_clearance: Annotated[float, Field(ge=0)] | None = None
    riser: Annotated[float, Field(ge=0)] | None = None
    tread: Annotated[float, Field(ge=0)] | None = None
    handrails: Handrails | None = None


class ZoneIn(_Element):
    kind: str
    polygon: Polygon


class LevelIn(_Element):
    name: str | None = None
    elevation: float = 0.0
    height: Annotated[float, Field(gt=0)] = 3.0
    outline: Polygon
    walls: list[WallIn] = []
    columns: list[ColumnIn] = []
    openings: list[OpeningIn] = []
    rooms: list[RoomIn] = []
    fixtures: list[FixtureIn] = []
    furniture: list[FurnitureIn] = []
    zones: list[ZoneIn] = []


class PlanFile(_Strict):
    """A ``spacedesign.plan/1`` document."""

    format: Literal["spacedesign.plan/1"]
    name: str
    north: float = 0.0
    site: SiteIn | None = None
    levels: Annotated[list[LevelIn], Field(min_length=1)]
    props: Props | None = None


class ScenarioInfoIn(_Strict):
    base: str | None = None
    program: str | None = None
    generator: dict[str, Any] = {}
    notes: str | None = None


class ScenarioFile(PlanFile):
    """A ``spacedesign.scenario/1`` document: a plan plus its provenance."""

    format: Literal["spacedesign.scenario/1"]  # type: ignore[assignment]
    scenario: ScenarioInfoIn


class SpaceIn(_Element):
    use: RoomUse
    count: Annotated[int, Field(ge=1)] = 1
    area: Annotated[list[Annotated[float, Field(gt=0)]], Field(min_length=2, max_length=2)]
    min_side: Annotated[float, Field(gt=0)] | None = None
    seats: Annotated[int, Field(ge=0)] | None = None
    private: bool = False
    daylight: bool = False
    near: str | None = None


class ProgramFile(_Strict):
    """A ``spacedesign.program/1`` document."""

    format: Literal["spacedesign.program/1"]
    name: str
    plan: str | None = None
    zone: str | None = None
    ruleset: Literal["jp-minimum", "jp-recommended", "tokyo", "ada-2010"] = "jp-recommended"
    spaces: Annotated[list[SpaceIn], Field(min_length=1)]
    adjacency: list[tuple[Id, Id, float]] = []
    corridor_width: Annotated[float, Field(gt=0)] = 1.8
    weights: dict[str, Annotated[float, Field(ge=0)]] = {}
    props: Props | None = None


class DepartmentIn(_Strict):
    id: Id
    area: Annotated[float, Field(gt=0)]
    max_aspect: Annotated[float, Field(ge=1)] | None = None
    min_side: Annotated[float, Field(gt=0)] | None = None


class FlpFile(_Strict):
    """A ``spacedesign.flp/1`` facility layout instance."""

    format: Literal["spacedesign.flp/1"]
    name: str
    width: Annotated[float, Field(gt=0)]
    height: Annotated[float, Field(gt=0)]
    departments: Annotated[list[DepartmentIn], Field(min_length=1)]
    flows: list[list[Annotated[float, Field(ge=0)]]]
    distance: Literal["rectilinear"] = "rectilinear"
    props: Props | None = None


FORMATS: dict[str, type[_Strict]] = {
    "spacedesign.plan/1": PlanFile,
    "spacedesign.scenario/1": ScenarioFile,
    "spacedesign.program/1": ProgramFile,
    "spacedesign.flp/1": FlpFile,
}
"""The document model for each value of the ``format`` key."""
