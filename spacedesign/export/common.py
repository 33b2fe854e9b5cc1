"""Geometry and styling shared by the DXF, image and mesh exporters.

Everything here works on the model records (metres, x east, y north). The exporters convert to
their own units: millimetres in DXF, metres in the GLB (Y-up), metres on the image axes.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import itertools
import math
import os
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.ops import polylabel, unary_union

from spacedesign.model import Level, Opening, Plan, Room, Wall

__all__ = [
    "FURNITURE_COLOURS",
    "MARKER_SPACING",
    "PROJECT_TITLE",
    "USE_COLOURS",
    "USE_LABELS",
    "MarkerPlace",
    "OpeningFrame",
    "drawing_date",
    "element_location",
    "fixed_drawing_date",
    "label_point",
    "level_bounds",
    "marker_layout",
    "marker_places",
    "opening_frame",
    "plan_bounds",
    "polygons_of",
    "riser_lines",
    "room_of_point",
    "walls_with_openings",
]

PROJECT_TITLE = "中野区産業振興センター 1F・外構 改修計画"
"""Project name in title blocks (Nakano City Industrial Promotion Center, 1F and exterior)."""

# Room colours by use (hex), chosen to stay distinguishable in greyscale print as well.
USE_COLOURS: dict[str, str] = {
    "lobby": "#f6e7b4", "corridor": "#eeeeee", "reception": "#f9d48b",
    "consultation": "#b9d8f2", "meeting": "#9cc3e6", "seminar": "#7fb0de",
    "lounge": "#c8e6b0", "coworking": "#d6ecc4", "kids": "#f8c7d8", "nursing": "#f3b2c9",
    "toilet": "#d9d2ea", "accessible_toilet": "#c3b6e0", "office": "#e3d6c3",
    "storage": "#d0d0d0", "stair": "#c8c8c8", "elevator": "#bdbdbd", "kitchenette": "#f1dcc1",
    "exhibition": "#e9e1a6", "other": "#e6e6e6",
}

FURNITURE_COLOURS: dict[str, str] = {
    "table": "#c8a878", "desk": "#c8a878", "counter": "#b89868", "bench": "#a08060",
    "shelf": "#a08060", "chair": "#5a6f8f", "sofa": "#8a6f9e", "booth": "#7d8fa8",
    "partition": "#b0b8c0", "kids_play": "#f0a0b0", "sign": "#505050", "plant": "#6f9a45",
}

USE_LABELS: dict[str, tuple[str, str]] = {
    "lobby": ("エントランス", "lobby"), "corridor": ("廊下", "corridor"),
    "reception": ("受付", "reception"), "consultation": ("相談室", "consultation"),
    "meeting": ("会議室", "meeting"), "seminar": ("セミナー室", "seminar"),
    "lounge": ("ラウンジ", "lounge"), "coworking": ("コワーキング", "coworking"),
    "kids": ("キッズ", "kids"), "nursing": ("授乳室", "nursing"), "toilet": ("トイレ", "toilet"),
    "accessible_toilet": ("バリアフリートイレ", "accessible toilet"),
    "office": ("事務室", "office"), "storage": ("倉庫", "storage"), "stair": ("階段", "stair"),
    "elevator": ("EV", "elevator"), "kitchenette": ("給湯室", "kitchenette"),
    "exhibition": ("展示", "exhibition"), "other": ("その他", "other"),
}


TIMEZONE = "Asia/Tokyo"
"""Title blocks show the date in Japan (the ward's calendar), not UTC."""

_FIXED_DATE: contextvars.ContextVar[_dt.date | None] = contextvars.ContextVar(
    "spacedesign_drawing_date", default=None)


@contextlib.contextmanager
def fixed_drawing_date(day: _dt.date | None) -> Iterator[None]:
    """Within the block, title blocks print ``day`` (``None``: no override)."""
    token = _FIXED_DATE.set(day)
    try:
        yield
    finally:
        _FIXED_DATE.reset(token)


def drawing_date() -> str:
    """Return the date printed in title blocks (ISO, Asia/Tokyo).

    In order: the date fixed with :func:`fixed_drawing_date` (``spacedesign export --date``),
    else ``SOURCE_DATE_EPOCH`` (reproducible builds), else today; the last two in Tokyo time.
    """
    fixed = _FIXED_DATE.get()
    if fixed is not None:
        return fixed.isoformat()
    tokyo = zoneinfo.ZoneInfo(TIMEZONE)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = _dt.datetime.fromtimestamp(int(epoch), tz=tokyo)
    else:
        moment = _dt.datetime.now(tz=tokyo)
    return moment.date().isoformat()


def polygons_of(geom: object) -> list[Polygon]:
    """Return the non-empty polygons of a shapely (multi)polygon or collection."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if isinstance(geom, MultiPolygon):
        return [g for g in geom.geoms if not g.is_empty]
    parts = getattr(geom, "geoms", ())
    return [g for part in parts for g in polygons_of(part)]


@dataclass(frozen=True)
class OpeningFrame:
    """Where an opening sits: centre, unit direction along the wall, unit normal, wall thickness."""

    centre: tuple[float, float]
    direction: tuple[float, float]
    normal: tuple[float, float]
    thickness: float

    @property
    def angle(self) -> float:
        """Angle of the wall direction in degrees (counter-clockwise from +x)."""
        return math.degrees(math.atan2(self.direction[1], self.direction[0]))

    def cut(self, width: float, extra: float = 0.02) -> Polygon:
        """Rectangle removed from the wall for an opening of ``width`` (m)."""
        (cx, cy), (dx, dy), (nx, ny) = self.centre, self.direction, self.normal
        half_w, half_t = width / 2.0, self.thickness / 2.0 + extra
        return Polygon([
            (cx - dx * half_w - nx * half_t, cy - dy * half_w - ny * half_t),
            (cx + dx * half_w - nx * half_t, cy + dy * half_w - ny * half_t),
            (cx + dx * half_w + nx * half_t, cy + dy * half_w + ny * half_t),
            (cx - dx * half_w + nx * half_t, cy - dy * half_w + ny * half_t),
        ])


def opening_frame(level: Level, opening: Opening) -> OpeningFrame:
    """Return the frame of ``opening`` on its wall (nearest wall segment to ``opening.at``)."""
    try:
        wall: Wall | None = level.wall(opening.wall)
    except KeyError:
        wall = None
    path = wall.path if wall is not None else ()
    best: tuple[float, tuple[float, float]] = (math.inf, (1.0, 0.0))
    for (x0, y0), (x1, y1) in itertools.pairwise(path):
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        dx, dy = (x1 - x0) / length, (y1 - y0) / length
        t = max(0.0, min(length, (opening.at[0] - x0) * dx + (opening.at[1] - y0) * dy))
        dist = math.hypot(x0 + dx * t - opening.at[0], y0 + dy * t - opening.at[1])
        if dist < best[0]:
            best = (dist, (dx, dy))
    dx, dy = best[1]
    thickness = wall.thickness if wall is not None else 0.2
    return OpeningFrame((opening.at[0], opening.at[1]), (dx, dy), (-dy, dx), thickness)


def walls_with_openings(level: Level, *, kinds: Iterable[str] | None = None) -> list[Polygon]:
    """Return the plan poché of the level's walls (not glazed) with every opening cut out."""
    wanted = set(kinds) if kinds is not None else {"exterior", "interior", "partition"}
    solid = unary_union([w.footprint for w in level.walls if w.kind in wanted])
    cuts = [opening_frame(level, o).cut(o.width) for o in level.openings]
    if cuts:
        solid = solid.difference(unary_union(cuts))
    return polygons_of(solid)


def room_of_point(level: Level, x: float, y: float) -> Room | None:
    """Return the room whose polygon contains the point, if any."""
    probe = Point(x, y)
    for room in level.rooms:
        if room.polygon.geometry.contains(probe):
            return room
    return None


def label_point(polygon: Polygon) -> tuple[float, float]:
    """Return a point well inside ``polygon`` for its label (pole of inaccessibility)."""
    if polygon.is_empty:
        return (0.0, 0.0)
    try:
        pole = polylabel(polygon, tolerance=0.05)
    except Exception:  # degenerate rings: fall back to a point that is surely inside
        pole = polygon.representative_point()
    return (float(pole.x), float(pole.y))


def level_bounds(level: Level) -> tuple[float, float, float, float]:
    """Bounds (xmin, ymin, xmax, ymax) of the level outline, walls and rooms."""
    parts = [level.outline.geometry] + [w.footprint for w in level.walls]
    parts += [r.polygon.geometry for r in level.rooms]
    geoms = [g for g in parts if not g.is_empty]
    if not geoms:
        return (0.0, 0.0, 1.0, 1.0)
    xmin, ymin, xmax, ymax = unary_union(geoms).bounds
    return (float(xmin), float(ymin), float(xmax), float(ymax))


def plan_bounds(plan: Plan, *, site: bool = True) -> tuple[float, float, float, float]:
    """Bounds of every level and (optionally) the site of ``plan``."""
    boxes = [box(*level_bounds(level)) for level in plan.levels]
    if site and plan.site is not None:
        s = plan.site
        shapes = [s.boundary] if s.boundary is not None else []
        shapes += [a.polygon for a in s.areas] + [r.polygon for r in s.ramps]
        shapes += [p.polygon for p in s.parking] + [st.polygon for st in s.steps]
        boxes += [sh.geometry for sh in shapes if sh is not None]
        boxes += [Point(a.at).buffer(0.5) for a in s.access_points]
    if not boxes:
        return (0.0, 0.0, 1.0, 1.0)
    xmin, ymin, xmax, ymax = unary_union(boxes).bounds
    return (float(xmin), float(ymin), float(xmax), float(ymax))


def element_location(plan: Plan, element: str | None) -> tuple[float, float] | None:
    """Return a point for the element with id ``element`` (room label, door centre, ...)."""
    if element is None:
        return None
    for level in plan.levels:
        for room in level.rooms:
            if room.id == element:
                return label_point(room.polygon.geometry)
        for opening in level.openings:
            if opening.id == element:
                return (opening.at[0], opening.at[1])
        for wall in level.walls:
            if wall.id == element and not wall.footprint.is_empty:
                c = wall.centreline.interpolate(0.5, normalized=True)
                return (float(c.x), float(c.y))
        for fixture in level.fixtures:
            if fixture.id == element and fixture.polygon is not None:
                return label_point(fixture.polygon.geometry)
        for column in level.columns:
            if column.id == element:
                return label_point(column.polygon.geometry)
        for piece in level.furniture:
            if piece.id == element:
                return label_point(piece.footprint.geometry)
    site = plan.site
    if site is not None:
        for access in site.access_points:
            if access.id == element:
                return (access.at[0], access.at[1])
        shaped: list[Any] = [*site.areas, *site.ramps, *site.steps, *site.parking]
        for thing in shaped:
            if thing.id == element:
                return label_point(thing.polygon.geometry)
        for tactile in site.tactile:
            if tactile.id == element:
                if tactile.polygon is not None:
                    return label_point(tactile.polygon.geometry)
                if tactile.line:
                    return tactile.line[0]
    return None


Segment = tuple[tuple[float, float], tuple[float, float]]


def riser_lines(polygon: Polygon, risers: int) -> list[Segment]:
    """Lines between the treads of a flight of steps: parallel to its long side."""
    corners = list(polygon.minimum_rotated_rectangle.exterior.coords)[:4]
    a, b, c, d = ((float(x), float(y)) for x, y in corners)
    if math.dist(a, b) < math.dist(b, c):
        a, b, c, d = b, c, d, a
    lines = []
    for i in range(1, risers):
        t = i / risers
        p = (a[0] + t * (d[0] - a[0]), a[1] + t * (d[1] - a[1]))
        q = (b[0] + t * (c[0] - b[0]), b[1] + t * (c[1] - b[1]))
        lines.append((p, q))
    return lines


MARKER_SPACING = 0.95
"""Least distance (m, plan scale) between two finding markers (each is 0.9 m across)."""


@dataclass(frozen=True)
class MarkerPlace:
    """Where a finding's marker is drawn (``at``) and the point it refers to (``anchor``).

    When ``at`` differs from ``anchor`` the marker was moved off a crowded spot and drawings
    add a leader line from the marker to the anchor.
    """

    finding: Any
    at: tuple[float, float]
    anchor: tuple[float, float]

    @property
    def moved(self) -> bool:
        """True when the marker does not sit on its anchor (draw a leader line)."""
        return self.at != self.anchor


def marker_layout(plan: Plan, problems: Iterable[Any],
                  spacing: float = MARKER_SPACING) -> list[MarkerPlace]:
    """Place the markers of failed/warned findings at least ``spacing`` apart.

    Each finding is anchored at its ``location``, else at its element
    (:func:`element_location`); findings with neither are left out. A marker sits on its anchor
    when that is free, else on the first free point of rings of radius ``spacing``,
    ``2 * spacing``, ... around the anchor (8 points on the first ring, 16 on the second, ...,
    starting east and turning counter-clockwise), so the result is deterministic.
    """
    placed: list[MarkerPlace] = []

    def free(p: tuple[float, float]) -> bool:
        return all(math.dist(p, other.at) >= spacing - 1e-9 for other in placed)

    for finding in problems:
        anchor = finding.location or element_location(plan, finding.element)
        if anchor is None:
            continue
        anchor = (float(anchor[0]), float(anchor[1]))
        at = anchor
        ring = 0
        while not free(at):
            ring += 1
            points = 8 * ring
            for i in range(points):
                angle = 2 * math.pi * i / points
                candidate = (round(anchor[0] + ring * spacing * math.cos(angle), 6),
                             round(anchor[1] + ring * spacing * math.sin(angle), 6))
                if free(candidate):
                    at = candidate
                    break
        placed.append(MarkerPlace(finding, at, anchor))
    return placed


def marker_places(plan: Plan, problems: Iterable[Any],
                  spacing: float = MARKER_SPACING) -> list[tuple[Any, tuple[float, float]]]:
    """Return ``(finding, marker point)`` for each placed marker (see :func:`marker_layout`)."""
    return [(place.finding, place.at) for place in marker_layout(plan, problems, spacing)]
