"""Model records from what the importer found: walls, rooms, openings, columns, furniture."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shapely
from shapely.geometry import Point, Polygon

from spacedesign.model import Column, Furniture, Opening, Room, Shape, Wall

from .attach import sides
from .elements import FoundItem, guess_use
from .ids import IdPool
from .openings import OpeningCandidate
from .report import ImportReport
from .rooms import RoomFace
from .walls import WallPiece

__all__ = ["make_columns", "make_furniture", "make_openings", "make_rooms", "make_walls",
           "shape_of"]

Pt = tuple[float, float]

ROOM_USES = frozenset({
    "lobby", "corridor", "reception", "consultation", "meeting", "seminar", "lounge",
    "coworking", "kids", "nursing", "toilet", "accessible_toilet", "office", "storage", "stair",
    "elevator", "kitchenette", "exhibition", "other",
})
FURNITURE_KINDS = frozenset({
    "chair", "table", "desk", "sofa", "shelf", "partition", "booth", "counter", "plant", "bench",
    "sign", "kids_play", "other",
})


def _r(v: float) -> float:
    return round(float(v), 4)


def shape_of(poly: Polygon) -> Shape:
    """Return the polygon on a 0.1 mm grid, still valid (the largest part if snapping split it)."""
    snapped = shapely.set_precision(poly, 1e-4)
    parts = [p for p in shapely.get_parts(snapped).tolist() if isinstance(p, Polygon)]
    if parts:
        poly = max(parts, key=lambda p: p.area)
    shape = Shape.from_geometry(poly)
    return Shape(tuple((_r(x), _r(y)) for x, y in shape.shell),
                 tuple(tuple((_r(x), _r(y)) for x, y in h) for h in shape.holes))


def make_walls(pieces: Sequence[WallPiece], ids: IdPool) -> list[Wall]:
    """Walls with straight two-point paths; props say how sure the thickness is."""
    out: list[Wall] = []
    for p in pieces:
        props: dict[str, Any] = {"layer": p.layer}
        if not p.paired:
            props["thickness_assumed"] = True
        if p.generated:
            props["generated"] = "added under an opening that had no wall"
        kind = "glazed" if "glaz" in p.layer.casefold() else "interior"
        out.append(Wall(ids.take("W"), ((_r(p.a[0]), _r(p.a[1])), (_r(p.b[0]), _r(p.b[1]))),
                        p.thickness, kind, False, None, props))
    return out


def make_rooms(faces: Sequence[RoomFace], ids: IdPool, report: ImportReport) -> list[Room]:
    """Rooms named by their labels (or by the XDATA of a spacedesign export)."""
    rooms: list[Room] = []
    for face in sorted(faces, key=lambda f: (-f.polygon.centroid.y, f.polygon.centroid.x)):
        meta = face.meta
        rid = ids.take("R", meta.get("id"))
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
        if use != "other":
            props["use_from"] = "name"
        if meta.get("use") in ROOM_USES:
            use = meta["use"]
            props["use_from"] = "drawing data"
        if meta.get("public") in ("0", "1"):
            public = meta["public"] == "1"
        name_en = meta.get("name_en") or None
        rooms.append(Room(rid, name, use, shape_of(face.polygon), name_en, public, props))
    return rooms


def make_openings(placed: Sequence[tuple[OpeningCandidate, int, Pt]], walls: Sequence[Wall],
                  pieces: Sequence[WallPiece], rooms: Sequence[tuple[str, Polygon]],
                  outline: Polygon, ids: IdPool) -> list[Opening]:
    """Make openings on their walls, with the rooms on both sides found geometrically."""
    out: list[Opening] = []
    prefixes = {"door": "D", "window": "WIN", "opening": "OP"}
    for op, index, at in placed:
        first, second = sides(at, pieces[index], rooms, outline)
        connects = None
        props = {"layer": op.layer, "source": op.source, **op.props}
        if first is not None and second is not None and first != second:
            connects = (first, second)
        elif first is not None or second is not None:
            props["side_rooms"] = [side for side in (first, second) if side is not None]
        oid = ids.take(prefixes[op.kind], op.props.get("drawing_id"))
        out.append(Opening(oid, op.kind, walls[index].id, (_r(at[0]), _r(at[1])), op.width,
                           op.operation, 0.0, connects, None, None, props))
    return out


def make_columns(items: Sequence[FoundItem], ids: IdPool) -> list[Column]:
    """Columns from outlines, hatches and blocks on column layers."""
    return [Column(ids.take("C"), shape_of(c.polygon), {"layer": c.layer, "source": c.source})
            for c in items]


def make_furniture(items: Sequence[FoundItem], rooms: Sequence[tuple[str, Polygon]],
                   ids: IdPool) -> list[Furniture]:
    """Furniture footprints, each in the room that holds its centre."""
    out: list[Furniture] = []
    for item in items:
        centre = item.polygon.centroid
        room = next((rid for rid, poly in rooms if poly.covers(Point(centre))), None)
        kind = item.kind if item.kind in FURNITURE_KINDS else "other"
        out.append(Furniture(ids.take("F", item.drawing_id), kind, shape_of(item.polygon), None,
                             None, 0.0, None, room, {"layer": item.layer, "source": item.source}))
    return out
