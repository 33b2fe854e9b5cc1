"""Rooms: closed outlines, or faces found by polygonizing the wall lines; names and area labels."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
import shapely.ops
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from .collect import TextLabel

__all__ = ["AREA_LABEL", "RoomFace", "faces_from_lines", "label_rooms", "parse_area"]

Pt = tuple[float, float]

MIN_ROOM_AREA = 1.0
MIN_ROOM_WIDTH = 0.6
SNAP = 0.005
GAP = 0.05
"""Dangling line ends this close to another line are joined to it (sloppy drawings)."""

AREA_LABEL = re.compile(
    r"^\s*(?:a\s*=\s*|area\s*[:=]?\s*|面積\s*[:：]?\s*)?(\d+(?:[.,]\d+)?)\s*"
    r"(?:m2|m²|㎡|sq\.?\s*m|sqm|m\^2|平米)\s*$",
    re.IGNORECASE,
)


CAPACITY_LABEL = re.compile(
    r"^\s*(?:定員|capacity|cap\.?|seats?|席数?)\s*[:：]?\s*\d+|^\s*\d+\s*(?:seats?|席|人|名)\s*$",
    re.IGNORECASE,
)


def parse_area(text: str) -> float | None:
    """Return the area in m² that a label like ``"60 m2"`` or ``"42.24㎡"`` states."""
    found = AREA_LABEL.match(text)
    if found is None:
        return None
    return float(found.group(1).replace(",", "."))


@dataclass
class RoomFace:
    """A room polygon with the labels found inside it."""

    polygon: Polygon
    source: str
    names: list[str] = field(default_factory=list)
    area_labels: list[float] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    """Further lines of a multi-line label (name_en, capacity, notes)."""
    meta: dict[str, str] = field(default_factory=dict)
    """Room data a spacedesign export left in XDATA (id, use, public, name_en)."""


def faces_from_lines(
    lines: Sequence[Sequence[Pt]],
    *,
    min_area: float = MIN_ROOM_AREA,
    min_width: float = MIN_ROOM_WIDTH,
    gap: float = GAP,
) -> list[Polygon]:
    """Polygonize line work into the faces it encloses (wall slivers and tiny faces dropped)."""
    parts = [LineString(line) for line in lines if len(line) >= 2]
    if not parts:
        return []
    grid = shapely.set_precision(MultiLineString(parts), SNAP)
    noded = shapely.unary_union(grid)
    bridges = _bridges(noded, gap)
    if bridges:
        noded = shapely.unary_union([noded, *bridges])
    faces = shapely.polygonize(shapely.get_parts(noded))
    out: list[Polygon] = []
    for face in shapely.get_parts(faces).tolist():
        if not isinstance(face, Polygon) or face.area < min_area:
            continue
        radius = shapely.maximum_inscribed_circle(face, 0.01).length
        if 2 * radius < min_width:
            continue
        out.append(face)
    return out


def _bridges(noded: Any, gap: float) -> list[LineString]:
    """Short connectors from each dangling line end to the nearest other line within ``gap``."""
    edges = shapely.get_parts(noded).tolist()
    degree: Counter[tuple[float, float]] = Counter()
    for edge in edges:
        coords = edge.coords
        degree[coords[0]] += 1
        degree[coords[-1]] += 1
    dangles = [p for p, n in degree.items() if n == 1]
    if not dangles or len(dangles) > 200_000:
        return []
    tree = shapely.STRtree(edges)
    out: list[LineString] = []
    for p in dangles:
        point = Point(p)
        best: tuple[float, Any] | None = None
        for i in tree.query(point, predicate="dwithin", distance=gap).tolist():
            edge = edges[i]
            if p in (edge.coords[0], edge.coords[-1]):
                continue
            d = edge.distance(point)
            if d > 1e-9 and (best is None or d < best[0]):
                best = (d, edge)
        if best is not None:
            target = shapely.ops.nearest_points(point, best[1])[1]
            out.append(LineString([p, (target.x, target.y)]))
    return out


def _contains(polygon: Polygon, at: Pt) -> bool:
    return bool(polygon.covers(Point(at)))


def label_rooms(faces: list[RoomFace], texts: Sequence[TextLabel]) -> list[TextLabel]:
    """Put each label into the room that contains it; return the labels that fell in no room.

    The centre of the text box is tried first, then the insertion point. When two rooms nest,
    the smaller one gets the label.
    """
    orphans: list[TextLabel] = []
    named_groups: set[int] = set()
    ordered = sorted(texts, key=lambda t: (-round(t.at[1], 1), t.at[0]))
    by_size = sorted(faces, key=lambda f: f.polygon.area)
    for text in ordered:
        home = None
        for at in (text.at, text.anchor):
            home = next((f for f in by_size if _contains(f.polygon, at)), None)
            if home is not None:
                break
        if home is None:
            orphans.append(text)
            continue
        area = parse_area(text.text)
        if area is not None:
            home.area_labels.append(area)
        elif CAPACITY_LABEL.match(text.text) or text.group in named_groups:
            home.extra.append(text.text)
        else:
            home.names.append(text.text)
            named_groups.add(text.group)
    return orphans


def rectangularity(polygon: Polygon) -> float:
    """Area over the area of the minimum rotated rectangle (1.0 for a rectangle)."""
    box = polygon.minimum_rotated_rectangle
    return float(polygon.area / box.area) if box.area > 0 else 0.0


def clean_polygon(polygon: Polygon, tolerance: float = 0.002) -> Polygon | None:
    """Simplify away collinear points; return None when nothing valid is left."""
    simple = polygon.simplify(tolerance, preserve_topology=True)
    if not simple.is_valid:
        simple = shapely.make_valid(simple)
    if isinstance(simple, Polygon) and simple.area > 0 and not math.isnan(simple.area):
        return simple
    parts = [p for p in shapely.get_parts(simple).tolist() if isinstance(p, Polygon)]
    return max(parts, key=lambda p: p.area) if parts else None


LABEL_TOLERANCE = 0.15


def merge_by_area_labels(faces: list[RoomFace]) -> list[RoomFace]:
    """Grow a room whose area label is far from its polygon by adjacent unnamed faces.

    Counters and islands drawn with the same lines as walls cut a room into faces; the area
    label says how big the room really is. A face is merged with a neighbour (sharing at least
    0.2 m of boundary, without an area label of its own, adding no second name) while that
    brings the area closer to the label; the neighbour sharing the longest boundary goes
    first. Faces already within 15 % of their label are left.
    """
    faces = list(faces)
    for face in sorted((f for f in faces if f.area_labels), key=lambda f: -f.area_labels[0]):
        if face not in faces:
            continue
        label = face.area_labels[0]
        while abs(face.polygon.area - label) > LABEL_TOLERANCE * label:
            error = abs(face.polygon.area - label)
            best: tuple[float, RoomFace] | None = None
            for other in faces:
                if other is face or other.area_labels:
                    continue
                if len(set(face.names) | set(other.names)) > 1:
                    continue
                shared = float(face.polygon.intersection(other.polygon).length)
                if shared < 0.2:
                    continue
                new_error = abs(face.polygon.area + other.polygon.area - label)
                if new_error < error and (best is None or shared > best[0]):
                    best = (shared, other)
            if best is None:
                break
            other = best[1]
            union = shapely.union_all([face.polygon.buffer(0.001, join_style="mitre"),
                                       other.polygon.buffer(0.001, join_style="mitre")])
            union = union.buffer(-0.001, join_style="mitre")
            if not isinstance(union, Polygon):
                break
            merged = RoomFace(union, f"{face.source}+label", face.names + other.names,
                              face.area_labels, face.extra + other.extra,
                              face.meta or other.meta)
            faces = [f for f in faces if f is not face and f is not other] + [merged]
            face = merged
    return faces
