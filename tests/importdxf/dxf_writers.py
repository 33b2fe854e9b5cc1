"""DXF writers used by the import tests (drawings are generated into tmp_path, never committed).

``write_convention_dxf`` follows the conventions the DXF export documents (spacedesign/export/
dxf.py on the export branch): R2013 in mm; each room a closed LWPOLYLINE on A-AREA-IDEN with
XDATA ``SPACEDESIGN`` (id, use, public, name_en) and an MTEXT tag inside (name, ``12.34㎡``,
``定員N名``); doors and openings INSERTs on A-DOOR of blocks ``DOOR-<OPERATION>-<mm>`` with
attributes ID, WIDTH (mm), OPERATION, CONNECTS, inserted at the opening centre and turned to the
wall; walls closed outlines on A-WALL with the openings cut out, hatched on A-WALL-PATT;
furniture INSERTs on A-FURN of ``FURN-<KIND>-<w>x<d>`` at the piece's centre.
"""

from __future__ import annotations

import math
from pathlib import Path

import ezdxf
import shapely
from shapely.geometry import LineString, Polygon

from spacedesign.model import Plan

MM = 1000.0
APPID = "SPACEDESIGN"


def _mm(points):
    return [(round(x * MM, 3), round(y * MM, 3)) for x, y in points]


def _rings(polygon: Polygon):
    yield _mm(polygon.exterior.coords[:-1])
    for ring in polygon.interiors:
        yield _mm(ring.coords[:-1])


def _door_block(doc, operation: str, width_mm: int) -> str:
    name = f"DOOR-{operation.upper()}-{width_mm}"
    if name in doc.blocks:
        return name
    block = doc.blocks.new(name)
    half = width_mm / 2
    if operation in ("hinged", "folding", "revolving"):
        block.add_line((-half, 0), (-half, width_mm))
        block.add_arc((-half, 0), width_mm, 0, 90)
    elif operation in ("sliding", "automatic"):
        block.add_lwpolyline([(half, 40), (half + width_mm, 40), (half + width_mm, 80),
                              (half, 80)], close=True)
    for i, tag in enumerate(("ID", "WIDTH", "OPERATION", "CONNECTS")):
        block.add_attdef(tag, (0, -200 - 200 * i), dxfattribs={"height": 150, "flags": 1})
    return name


def _window_block(doc, width_mm: int, thickness_mm: int) -> str:
    name = f"WINDOW-{width_mm}x{thickness_mm}"
    if name not in doc.blocks:
        block = doc.blocks.new(name)
        hw, ht = width_mm / 2, thickness_mm / 2
        block.add_lwpolyline([(-hw, -ht), (hw, -ht), (hw, ht), (-hw, ht)], close=True)
        block.add_line((-hw, 0), (hw, 0))
        for i, tag in enumerate(("ID", "WIDTH")):
            block.add_attdef(tag, (0, -100 * i), dxfattribs={"height": 100, "flags": 1})
    return name


def _furniture_block(doc, kind: str, w: float, d: float) -> str:
    name = f"FURN-{kind.upper()}-{round(w * MM)}x{round(d * MM)}"
    if name not in doc.blocks:
        block = doc.blocks.new(name)
        hw, hd = w * MM / 2, d * MM / 2
        block.add_lwpolyline([(-hw, -hd), (hw, -hd), (hw, hd), (-hw, hd)], close=True)
        for i, tag in enumerate(("ID", "KIND", "ROOM")):
            block.add_attdef(tag, (0, -100 * i), dxfattribs={"height": 100, "flags": 1})
    return name


def _direction(wall, at):
    """Unit vector of the piece of the wall's path that the opening sits on."""
    from shapely.geometry import Point

    pieces = [(a, b) for a, b in zip(wall.path, wall.path[1:], strict=False) if a != b]
    (ax, ay), (bx, by) = min(pieces, key=lambda p: LineString(p).distance(Point(at)))
    length = math.hypot(bx - ax, by - ay)
    return (bx - ax) / length, (by - ay) / length


def write_convention_dxf(plan: Plan, path: Path, *, level: int = 0) -> Path:
    doc = ezdxf.new("R2013", units=4)
    doc.header["$MEASUREMENT"] = 1
    doc.appids.add(APPID)
    for name in ("A-WALL", "A-WALL-PATT", "A-DOOR", "A-AREA-IDEN", "A-GLAZ", "A-FURN",
                 "A-COLS"):
        doc.layers.add(name)
    msp = doc.modelspace()
    lv = plan.levels[level]
    walls = {w.id: w for w in lv.walls}
    cuts = []
    for opening in lv.openings:
        wall = walls[opening.wall]
        ux, uy = _direction(wall, opening.at)
        half = opening.width / 2
        cx, cy = opening.at
        a = (cx - ux * half, cy - uy * half)
        b = (cx + ux * half, cy + uy * half)
        cuts.append(LineString([a, b]).buffer(wall.thickness, cap_style="flat"))
    poche = shapely.union_all([w.footprint for w in lv.walls])
    if cuts:
        poche = poche.difference(shapely.union_all(cuts))
    for part in shapely.get_parts(poche).tolist():
        if not isinstance(part, Polygon) or part.area <= 0:
            continue
        for ring in _rings(part):
            msp.add_lwpolyline(ring, close=True, dxfattribs={"layer": "A-WALL"})
        hatch = msp.add_hatch(dxfattribs={"layer": "A-WALL-PATT"})
        rings = list(_rings(part))
        hatch.paths.add_polyline_path(rings[0], is_closed=True, flags=1)
        for ring in rings[1:]:
            hatch.paths.add_polyline_path(ring, is_closed=True, flags=16)
        hatch.set_pattern_fill("ANSI31", scale=20.0)
    for room in lv.rooms:
        outline = msp.add_lwpolyline(_mm(room.polygon.shell), close=True,
                                     dxfattribs={"layer": "A-AREA-IDEN"})
        outline.set_xdata(APPID, [(1000, f"id={room.id}"), (1000, f"use={room.use}"),
                                  (1000, f"public={int(room.public)}"),
                                  (1000, f"name_en={room.name_en or ''}")])
        spot = room.polygon.geometry.representative_point()
        text = f"{room.name}\\P{room.polygon.area:.2f}㎡\\P定員12名"
        msp.add_mtext(text, dxfattribs={"layer": "A-AREA-IDEN", "char_height": 250,
                                        "insert": _mm([(spot.x, spot.y)])[0],
                                        "attachment_point": 5})
    for opening in lv.openings:
        width_mm = round(opening.width * MM)
        ux, uy = _direction(walls[opening.wall], opening.at)
        angle = math.degrees(math.atan2(uy, ux))
        if opening.kind == "window":
            name = _window_block(doc, width_mm, round(walls[opening.wall].thickness * MM))
            ref = msp.add_blockref(name, _mm([opening.at])[0],
                                   dxfattribs={"layer": "A-GLAZ", "rotation": angle})
            ref.add_auto_attribs({"ID": opening.id, "WIDTH": str(width_mm)})
            continue
        operation = (opening.operation or "hinged") if opening.kind == "door" else "none"
        name = _door_block(doc, operation, width_mm)
        ref = msp.add_blockref(name, _mm([opening.at])[0],
                               dxfattribs={"layer": "A-DOOR", "rotation": angle})
        ref.add_auto_attribs({"ID": opening.id, "WIDTH": str(width_mm),
                              "OPERATION": operation,
                              "CONNECTS": "|".join(opening.connects or ())})
    for piece in lv.furniture:
        if piece.at is None or piece.size is None:
            continue
        name = _furniture_block(doc, piece.kind, *piece.size)
        ref = msp.add_blockref(name, _mm([piece.at])[0],
                               dxfattribs={"layer": "A-FURN", "rotation": piece.rotation})
        ref.add_auto_attribs({"ID": piece.id, "KIND": piece.kind, "ROOM": piece.room or ""})
    assert not doc.audit().has_errors
    doc.saveas(path)
    return path


def write_lines_dxf(path: Path, count: int, *, units: int | None = 4) -> Path:
    """A big, dull drawing: ``count`` parallel lines on A-WALL."""
    doc = ezdxf.new("R2013", units=units or 0)
    if units is None:
        doc.header["$INSUNITS"] = 0
    msp = doc.modelspace()
    for i in range(count):
        msp.add_line((i * 1000, 0), (i * 1000, 5000), dxfattribs={"layer": "A-WALL"})
    doc.saveas(path)
    return path


def write_raw_huge_dxf(path: Path, megabytes: int) -> Path:
    """A syntactically plain ASCII DXF of about ``megabytes`` MB, written without ezdxf."""
    record = "".join(f"  0\nLINE\n  8\n0\n 10\n{i}.0\n 20\n0.0\n 11\n{i}.0\n 21\n1000.0\n"
                     for i in range(2000))
    chunk = record * max(1, (1_000_000 // len(record)))
    with open(path, "w", encoding="ascii") as out:
        out.write("  0\nSECTION\n  2\nENTITIES\n")
        written = 0
        while written < megabytes * 1_000_000:
            out.write(chunk)
            written += len(chunk)
        out.write("  0\nENDSEC\n  0\nEOF\n")
    return path
