"""The import pipeline: drawing -> primitives -> walls, openings, rooms, furniture -> Plan."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Point, Polygon

from spacedesign.errors import DrawingImportError
from spacedesign.model import Column, Furniture, Level, Opening, Plan, Room, Shape, Wall

from . import geometry as geo
from .attach import attach_openings, sides
from .collect import Drawing, collect
from .elements import find_columns, find_furniture, guess_use
from .layers import LayerMap
from .openings import OpeningCandidate, arc_doors, block_openings, gap_openings, line_windows
from .reading import DEFAULT_MAX_MEGABYTES, Progress, read_drawing
from .report import ImportReport
from .rooms import RoomFace, clean_polygon, faces_from_lines, label_rooms, merge_by_area_labels
from .units import INSUNITS_METRES, Units, infer_units, units_from_header
from .walls import WallPiece, find_walls

__all__ = ["ImportResult", "import_dxf"]

Pt = tuple[float, float]


@dataclass(frozen=True)
class ImportResult:
    """A plan read from a drawing and the report of what was (not) read."""

    plan: Plan
    report: ImportReport


def _r(v: float) -> float:
    return round(float(v), 4)


def _shape(poly: Polygon) -> Shape:
    """Return the polygon on a 0.1 mm grid, still valid (the largest part if snapping split it)."""
    snapped = shapely.set_precision(poly, 1e-4)
    parts = [p for p in shapely.get_parts(snapped).tolist() if isinstance(p, Polygon)]
    if parts:
        poly = max(parts, key=lambda p: p.area)
    shape = Shape.from_geometry(poly)
    return Shape(tuple((_r(x), _r(y)) for x, y in shape.shell),
                 tuple(tuple((_r(x), _r(y)) for x, y in h) for h in shape.holes))


def _units(doc: Any, override: str | None) -> Units:
    if override is not None:
        for name, metres in INSUNITS_METRES.values():
            if name == override:
                return Units(name, metres, "option", "--units option")
        raise DrawingImportError(f"unknown unit {override!r}; use mm, cm, m, inch or foot")
    found = units_from_header(doc.header.get("$INSUNITS"))
    if found is not None:
        return found
    import ezdxf.bbox

    msp = doc.modelspace()
    box = ezdxf.bbox.extents(msp.query("LINE LWPOLYLINE POLYLINE ARC"), fast=True)
    extent = max(box.size.x, box.size.y) if box.has_data else 0.0
    radii = [float(a.dxf.radius) for a in msp.query("ARC")
             if 10.0 <= (a.dxf.end_angle - a.dxf.start_angle) % 360.0 <= 120.0]
    return infer_units(extent, radii)


def import_dxf(
    path: str | Path,
    *,
    layer_map: LayerMap | None = None,
    level_id: str = "1F",
    units: str | None = None,
    max_megabytes: float = DEFAULT_MAX_MEGABYTES,
    progress: Progress | None = None,
) -> ImportResult:
    """Read a DXF drawing into a :class:`~spacedesign.model.Plan` with one level.

    Parameters
    ----------
    path : str or Path
        The drawing (DXF R12 to R2018, ASCII or binary).
    layer_map : LayerMap, optional
        Layer roles; the default map recognises AIA/NCS, classification and Japanese names.
    level_id : str
        Id of the level the drawing becomes.
    units : str, optional
        Force the drawing unit (``mm``, ``cm``, ``m``, ...) instead of ``$INSUNITS``.
    max_megabytes : float
        Refuse larger files with a clear message.
    progress : callable, optional
        ``progress(phase, fraction)`` for a progress bar.

    Raises
    ------
    DrawingImportError
        When the file cannot be read or holds nothing a plan can be made of.
    """
    layer_map = layer_map or LayerMap()
    source = read_drawing(path, max_megabytes=max_megabytes, progress=progress)
    doc = source.doc
    unit = _units(doc, units)
    report = ImportReport.start(str(path), doc, source, unit)
    if unit.source == "inferred":
        report.warn(f"the drawing has no unit ($INSUNITS); assumed {unit.name} ({unit.reason})")
    drawing = collect(doc, layer_map, unit.metres, progress)
    for message in drawing.warnings:
        report.warn(message)
    plan = _build(drawing, layer_map, level_id, Path(path).stem, report)
    return ImportResult(plan, report)


def _build(d: Drawing, layer_map: LayerMap, level_id: str, title: str,
           report: ImportReport) -> Plan:
    candidates = geo.candidate_segments(d)
    plain = [s for s in candidates if s.role in ("wall", "geometry")]
    doors, leaves = arc_doors(d.arcs, candidates, plain)
    wall_segs = geo.wall_lines(d, leaves, candidates)
    found = block_openings(d.blocks) + doors + line_windows(d.segments)
    openings = _dedupe_openings(found + _free_gaps(gap_openings(wall_segs), found))
    pieces = find_walls([(s.a, s.b, s.layer) for s in wall_segs])
    pieces, placed = attach_openings(pieces, openings)

    # closed outlines on room layers; on label layers (A-AREA-IDEN) only room-sized ones,
    # since label layers also hold the frames drawn around room tags
    room_polys = [pl for pl in d.polylines if pl.closed and len(pl.points) >= 3 and (
        pl.role == "room" or (pl.role == "label" and Polygon(pl.points).area >= 2.0))]
    faces: list[RoomFace] = []
    if room_polys:
        raw = [clean_polygon(Polygon(pl.points)) for pl in room_polys if len(pl.points) >= 3]
        faces = [RoomFace(p, "outline") for p in raw if p is not None and p.area >= 0.5]
    else:
        lines: list[Sequence[Pt]] = [(s.a, s.b) for s in wall_segs]
        lines += [(s.a, s.b) for i, s in enumerate(candidates)
                  if s.role == "door" and i not in leaves]
        lines += [pl.points + pl.points[:1] for pl in d.polylines
                  if pl.role == "wall" and pl.closed and pl.source == "HATCH"]
        lines += geo.closure_lines(openings)
        faces = [RoomFace(p, "walls") for p in faces_from_lines(lines)]
    kept = geo.disjoint([f.polygon for f in faces])
    faces = [RoomFace(poly, faces[i].source) for i, poly in kept]
    label_texts = [t for t in d.texts if t.role in ("label", "room", "geometry", "wall")]
    orphans = label_rooms(faces, label_texts)
    faces = merge_by_area_labels(faces)

    columns = find_columns(d)
    furniture = find_furniture(d)
    walls = _walls(pieces)
    parts = [f.polygon for f in faces] + [w.footprint for w in walls] + [c.polygon for c in columns]
    points = [p for s in d.segments for p in (s.a, s.b)] + [t.at for t in d.texts]
    points += [p for pl in d.polylines for p in pl.points]
    if not parts and len(points) < 3:
        held = d.read + d.not_read
        kinds: Counter[str] = Counter()
        for (kind, _layer), n in held.items():
            kinds[kind] += n
        summary = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()) or "no entities"
        notes = "".join(f"; {w}" for w in report.warnings)
        raise DrawingImportError("the drawing holds no walls, rooms or other geometry to import "
                                 f"(modelspace: {summary}{notes})", file=report.source)
    outline, hull = geo.outline_of(parts + [f.polygon for f in furniture], points)
    if hull:
        report.warn("the walls and rooms do not form one building; the level outline is their "
                    "convex hull")

    rooms = _rooms(faces, report)
    room_geoms = [(r.id, r.polygon.geometry) for r in rooms]
    openings_out = _openings(placed, walls, pieces, room_geoms, outline)
    level = Level(
        id=level_id,
        outline=_shape(outline),
        walls=tuple(walls),
        columns=tuple(Column(f"C{i}", _shape(c.polygon), {"layer": c.layer, "source": c.source})
                      for i, c in enumerate(columns, 1)),
        openings=tuple(openings_out),
        rooms=tuple(rooms),
        furniture=tuple(_furniture(furniture, room_geoms)),
        name=None,
    )
    report.finish(d, level, orphans, layer_map)
    return Plan(name=f"{title} (imported from DXF)", levels=(level,),
                props={"import": report.to_dict()})


def _free_gaps(gaps: list[OpeningCandidate],
               found: list[OpeningCandidate]) -> list[OpeningCandidate]:
    """Gaps that no door or window already fills."""
    return [g for g in gaps
            if not any(math.dist(g.center, o.center) < max(0.6, o.width / 2) for o in found)]


def _dedupe_openings(found: list[OpeningCandidate]) -> list[OpeningCandidate]:
    out: list[OpeningCandidate] = []
    for op in found:
        if any(o.kind == op.kind and math.dist(o.center, op.center) < 0.3 for o in out):
            continue
        out.append(op)
    return out


def _walls(pieces: Sequence[WallPiece]) -> list[Wall]:
    out: list[Wall] = []
    for i, p in enumerate(pieces, 1):
        props: dict[str, Any] = {"layer": p.layer}
        if not p.paired:
            props["thickness_assumed"] = True
        if p.generated:
            props["generated"] = "added under an opening that had no wall"
        kind = "glazed" if "glaz" in p.layer.casefold() else "interior"
        out.append(Wall(f"W{i}", ((_r(p.a[0]), _r(p.a[1])), (_r(p.b[0]), _r(p.b[1]))),
                        p.thickness, kind, False, None, props))
    return out


def _rooms(faces: Sequence[RoomFace], report: ImportReport) -> list[Room]:
    rooms: list[Room] = []
    for i, face in enumerate(sorted(faces, key=lambda f: (-f.polygon.centroid.y,
                                                          f.polygon.centroid.x)), 1):
        rid = f"R{i}"
        props: dict[str, Any] = {"source": face.source}
        if face.names:
            name = " / ".join(dict.fromkeys(face.names))
            if len(face.names) > 1:
                props["labels"] = list(face.names)
                report.warn(f"room {rid} holds several names ({name}); the drawing may leave it "
                            "open to its neighbours")
        else:
            name = rid
            props["unnamed"] = True
        if face.area_labels:
            props["label_area"] = face.area_labels[0]
        if face.extra:
            props["label_lines"] = list(face.extra)
        use, public = guess_use(name) if face.names else ("other", False)
        rooms.append(Room(rid, name, use, _shape(face.polygon), None, public, props))
    return rooms


def _openings(placed: Sequence[tuple[OpeningCandidate, int, Pt]], walls: Sequence[Wall],
              pieces: Sequence[WallPiece], rooms: Sequence[tuple[str, Polygon]],
              outline: Polygon) -> list[Opening]:
    out: list[Opening] = []
    counters = {"door": 0, "window": 0, "opening": 0}
    for op, index, at in placed:
        counters[op.kind] += 1
        prefix = {"door": "D", "window": "WIN", "opening": "OP"}[op.kind]
        first, second = sides(at, pieces[index], rooms, outline)
        connects = None
        props = {"layer": op.layer, "source": op.source, **op.props}
        if first is not None and second is not None and first != second:
            connects = (first, second)
        elif first is not None or second is not None:
            props["side_rooms"] = [side for side in (first, second) if side is not None]
        out.append(Opening(f"{prefix}{counters[op.kind]}", op.kind, walls[index].id,
                           (_r(at[0]), _r(at[1])), op.width, op.operation, 0.0, connects,
                           None, None, props))
    return out


def _furniture(items: Sequence[Any], rooms: Sequence[tuple[str, Polygon]]) -> list[Furniture]:
    out: list[Furniture] = []
    for i, item in enumerate(items, 1):
        centre = item.polygon.centroid
        room = next((rid for rid, poly in rooms if poly.covers(Point(centre))), None)
        out.append(Furniture(f"F{i}", item.kind, _shape(item.polygon), None, None, 0.0, None,
                             room, {"layer": item.layer, "source": item.source}))
    return out
