"""DXF writers used by the import tests (drawings are generated into tmp_path, never committed).

``write_convention_dxf`` follows the export conventions of DESIGN.md §8 and the export issue:
mm units, rooms as closed LWPOLYLINEs on A-AREA-IDEN with an MTEXT tag (name, area) inside,
doors as INSERTs of named blocks with an attribute WIDTH in mm on A-DOOR, walls on A-WALL as
closed footprint outlines.
"""

from __future__ import annotations

import math
from pathlib import Path

import ezdxf

from spacedesign.model import Plan

MM = 1000.0


def _mm(p):
    return (p[0] * MM, p[1] * MM)


def write_convention_dxf(plan: Plan, path: Path, *, level: int = 0) -> Path:
    doc = ezdxf.new("R2013", units=4)
    doc.header["$MEASUREMENT"] = 1
    for name, colour in (("A-WALL", 7), ("A-DOOR", 2), ("A-AREA-IDEN", 7), ("A-GLAZ", 4),
                         ("A-FURN", 6), ("A-COLS", 7)):
        doc.layers.add(name, color=colour)
    msp = doc.modelspace()
    lv = plan.levels[level]
    for wall in lv.walls:
        foot = wall.footprint
        if not foot.is_empty:
            msp.add_lwpolyline([_mm(p) for p in foot.exterior.coords[:-1]], close=True,
                               dxfattribs={"layer": "A-WALL"})
    for room in lv.rooms:
        msp.add_lwpolyline([_mm(p) for p in room.polygon.shell], close=True,
                           dxfattribs={"layer": "A-AREA-IDEN"})
        spot = room.polygon.geometry.representative_point()
        text = f"{room.name}\\P{room.polygon.area:.2f}㎡"
        msp.add_mtext(text, dxfattribs={"layer": "A-AREA-IDEN", "char_height": 250,
                                        "insert": _mm((spot.x, spot.y)),
                                        "attachment_point": 5})
    walls = {w.id: w for w in lv.walls}
    for opening in lv.openings:
        if opening.kind != "door":
            continue
        width_mm = round(opening.width * MM)
        name = f"DOOR-{width_mm}"
        if name not in doc.blocks:
            block = doc.blocks.new(name)
            half = width_mm / 2
            block.add_line((-half, 0), (-half, width_mm))  # the leaf, open
            block.add_arc((-half, 0), width_mm, 0, 90)     # the swing
            block.add_attdef("WIDTH", (0, -200), dxfattribs={"height": 100})
        wall = walls[opening.wall]
        (ax, ay), (bx, by) = wall.path[0], wall.path[-1]
        angle = math.degrees(math.atan2(by - ay, bx - ax))
        ref = msp.add_blockref(name, _mm(opening.at),
                               dxfattribs={"layer": "A-DOOR", "rotation": angle})
        ref.add_auto_attribs({"WIDTH": str(width_mm)})
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
