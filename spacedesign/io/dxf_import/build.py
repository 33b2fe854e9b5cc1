"""The import pipeline: drawing -> primitives -> walls, openings, rooms, furniture -> Plan."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.errors import GEOSException
from shapely.geometry import Polygon

from spacedesign.errors import DrawingImportError
from spacedesign.model import Furniture, Level, Plan, Room

from . import geometry as geo
from .attach import attach_openings
from .blockdoors import block_openings
from .collect import Drawing, collect
from .elements import find_columns, find_furniture, infer_use
from .ids import IdPool
from .layers import LayerMap
from .openings import (
    OpeningCandidate,
    arc_doors,
    gap_openings,
    join_face_gaps,
    line_windows,
    snap_to_gaps,
)
from .reading import DEFAULT_MAX_MEGABYTES, Progress, read_drawing
from .records import (
    make_columns,
    make_furniture,
    make_openings,
    make_rooms,
    make_walls,
    shape_of,
)
from .report import ImportReport
from .rooms import RoomFace, clean_polygon, faces_from_lines, label_rooms, merge_by_area_labels
from .units import INSUNITS_METRES, Units, infer_units, units_from_header
from .walls import find_walls

__all__ = ["ImportResult", "import_dxf"]

Pt = tuple[float, float]


@dataclass(frozen=True)
class ImportResult:
    """A plan read from a drawing and the report of what was (not) read."""

    plan: Plan
    report: ImportReport


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
    try:
        plan = _build(drawing, layer_map, level_id, Path(path).stem, report, progress)
    except (GEOSException, ArithmeticError, ValueError) as exc:
        if isinstance(exc, DrawingImportError):
            raise
        # geometry the importer cannot make sense of: one clear message, not a traceback
        raise DrawingImportError(
            f"the drawing's geometry could not be interpreted ({type(exc).__name__}: {exc})",
            file=str(path),
        ) from exc
    return ImportResult(plan, report)


def _build(d: Drawing, layer_map: LayerMap, level_id: str, title: str,
           report: ImportReport, progress: Progress | None = None) -> Plan:
    def step(phase: str, fraction: float) -> None:
        if progress:
            progress(phase, fraction)

    step("doors", 0.0)
    candidates = geo.candidate_segments(d)
    plain = [s for s in candidates if s.role in ("wall", "geometry")]
    doors, leaves = arc_doors(d.arcs, candidates, plain)
    step("walls", 0.0)
    wall_segs = geo.wall_lines(d, leaves, candidates)
    found = block_openings(d.blocks) + doors + line_windows(d.segments)
    step("doors", 0.5)
    face_gaps = gap_openings(wall_segs)
    openings = _dedupe_openings(found + snap_to_gaps(found, join_face_gaps(face_gaps)))
    step("doors", 1.0)
    pieces = find_walls([(s.a, s.b, s.layer) for s in wall_segs])
    pieces, placed = attach_openings(pieces, openings)
    step("walls", 1.0)
    step("rooms", 0.0)

    # closed outlines on room layers; on label layers (A-AREA-IDEN) only room-sized ones,
    # since label layers also hold the frames drawn around room tags
    room_polys = [pl for pl in d.polylines if pl.closed and len(pl.points) >= 3 and (
        pl.role == "room" or (pl.role == "label" and Polygon(pl.points).area >= 2.0))]
    lines: list[Sequence[Pt]] = [(s.a, s.b) for s in wall_segs]
    lines += [(s.a, s.b) for i, s in enumerate(candidates)
              if s.role == "door" and i not in leaves]
    lines += [pl.points + pl.points[:1] for pl in d.polylines
              if pl.role == "wall" and pl.closed and pl.source == "HATCH"]
    lines += geo.closure_lines(openings)
    lines += [g.jambs for g in face_gaps]  # rooms close on the wall's inner face
    walled = faces_from_lines(lines)
    step("rooms", 0.5)
    drawn = _drawn_rooms(room_polys, walled, report)
    # drawn room outlines where they exist, rooms found from the walls for the rest
    faces = drawn + [RoomFace(p, "walls") for p in _uncovered(walled, [f.polygon for f in drawn])]
    kept = geo.disjoint([f.polygon for f in faces])
    faces = [RoomFace(poly, faces[i].source, meta=faces[i].meta) for i, poly in kept]
    label_texts = [t for t in d.texts if t.role in ("label", "room", "geometry", "wall")]
    orphans = label_rooms(faces, label_texts)
    faces = merge_by_area_labels(faces)

    columns = find_columns(d)
    furniture = find_furniture(d)
    ids = IdPool()
    rooms = make_rooms(faces, ids, report)
    walls = make_walls(pieces, ids)
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
    # furniture only shapes the outline when nothing else does (site benches stand outside)
    outline, hull = geo.outline_of(parts or [f.polygon for f in furniture], points)
    if hull:
        report.warn("the walls and rooms do not form one building; the level outline is their "
                    "convex hull")

    room_geoms = [(r.id, r.polygon.geometry) for r in rooms]
    pieces_of_furniture = make_furniture(furniture, room_geoms, ids)
    rooms = _infer_uses(rooms, pieces_of_furniture)
    level = Level(
        id=level_id,
        outline=shape_of(outline),
        walls=tuple(walls),
        columns=tuple(make_columns(columns, ids)),
        openings=tuple(make_openings(placed, walls, pieces, room_geoms, outline, ids)),
        rooms=tuple(rooms),
        furniture=tuple(pieces_of_furniture),
        name=None,
    )
    step("rooms", 1.0)
    report.finish(d, level, orphans, layer_map)
    return Plan(name=f"{title} (imported from DXF)", levels=(level,),
                props={"import": report.to_dict()})


def _drawn_rooms(room_polys: Sequence[Any], walled: Sequence[Polygon],
                 report: ImportReport) -> list[RoomFace]:
    """Room faces from closed outlines, leaving out outlines drawn around other rooms.

    An outline that holds two or more other outlines, or holds one and spans two or more of
    the rooms the walls enclose, is a gross-area, zone or occupancy outline, not a room.
    """
    faces: list[RoomFace] = []
    for pl in room_polys:
        poly = clean_polygon(Polygon(pl.points))
        if poly is not None and poly.area >= 0.5:
            faces.append(RoomFace(poly, "outline", meta=dict(pl.meta)))
    if len(faces) < 2:
        return faces
    tree = shapely.STRtree([f.polygon for f in faces])
    inside = [p.representative_point() for p in walled]
    kept: list[RoomFace] = []
    skipped = 0
    for i, face in enumerate(faces):
        inner = [j for j in tree.query(face.polygon, predicate="contains_properly").tolist()
                 if j != i and faces[j].polygon.area < face.polygon.area]
        spans = sum(1 for p in inside if face.polygon.contains(p)) if inner else 0
        if len(inner) >= 2 or (inner and spans >= 2):
            skipped += 1
        else:
            kept.append(face)
    if skipped:
        report.warn(f"{skipped} closed outline(s) on room layers enclose other rooms (gross or "
                    "zone areas); they were not read as rooms")
    return kept


def _infer_uses(rooms: Sequence[Room], furniture: Sequence[Furniture]) -> list[Room]:
    """Give rooms whose name tells no use one inferred from their furniture or shape."""
    out: list[Room] = []
    for room in rooms:
        guessed = None
        if room.use == "other" and "use_from" not in room.props:
            kinds = Counter(f.kind for f in furniture if f.room == room.id)
            guessed = infer_use(room.polygon.geometry, kinds)
        if guessed is None:
            out.append(room)
            continue
        use, public, how = guessed
        out.append(dataclasses.replace(room, use=use, public=public,
                                       props={**room.props, "use_from": how}))
    return out


def _uncovered(walled: Sequence[Polygon], drawn: Sequence[Polygon]) -> list[Polygon]:
    """Wall faces that drawn room outlines cover less than half of."""
    if not drawn:
        return list(walled)
    covered = shapely.union_all(list(drawn))
    return [p for p in walled if p.intersection(covered).area < 0.5 * p.area]


def _dedupe_openings(found: list[OpeningCandidate]) -> list[OpeningCandidate]:
    out: list[OpeningCandidate] = []
    for op in found:
        if any(o.kind == op.kind and math.dist(o.center, op.center) < 0.3 for o in out):
            continue
        out.append(op)
    return out
