r"""DXF drawings for the design contractor (AutoCAD, Jw_cad, Vectorworks, LibreCAD).

R2013, millimetres (``$INSUNITS`` 4), NCS-style ASCII layer names with Japanese descriptions
(:data:`spacedesign.export.dxf_setup.LAYERS`). The conventions the DXF importer relies on:

- each room is one closed ``LWPOLYLINE`` on ``A-AREA-IDEN`` drawn to wall centrelines; its area
  equals the area on the room's tag; XDATA under the application ``SPACEDESIGN`` carries
  ``id=<room id>``, ``use=<use>``, ``public=0|1``, ``name_en=<English name>``. A room with a
  hole (courtyard, shaft) adds one closed ``LWPOLYLINE`` per hole on the same layer with XDATA
  ``hole_of=<room id>``: the outer area minus the holes equals the tag;
- the room's tag is one ``MTEXT`` on ``A-AREA-IDEN`` inside the room: line 1 the room name,
  line 2 the area as ``12.34m²`` (two decimals; ``12.34㎡`` in the Shift-JIS R12 copy, since
  ``²`` is not in cp932 and LibreCAD's ``unicode`` font has no ``㎡``), line 3 (only when a
  capacity is known)
  ``定員12名``; lines are separated by ``\\P``;
- doors and openings are ``INSERT``\\ s on ``A-DOOR`` of blocks named ``DOOR-<OPERATION>-<mm>``
  (``OPENING`` operations are ``NONE``) with attributes ``ID``, ``WIDTH`` (clear width, integer
  mm), ``OPERATION`` and ``CONNECTS`` (``a|b``); the insert point is the opening centre on the
  wall centreline and the rotation is the wall direction;
- windows are ``INSERT``\\ s on ``A-GLAZ`` of blocks ``WINDOW-<width>x<thickness>`` (attributes
  ``ID``, ``WIDTH``);
- walls are closed ``LWPOLYLINE`` outlines on ``A-WALL`` (the wall poché with every opening cut
  out) with an ``ANSI31`` hatch on ``A-WALL-PATT``; glazed walls are outlines on ``A-GLAZ``;
- furniture are ``INSERT``\\ s on ``A-FURN`` of blocks ``FURN-<KIND>-<w>x<d>`` (attributes ``ID``,
  ``KIND``, ``ROOM``); the insert point is the piece's centre;
- a second level is drawn to the right of the first, shifted by the first level's width + 10 m.

Accessibility overlays (route, turning circles, numbered failures) sit on the ``G-ACCS-*``
layers that do not plot. The paperspace layouts ``A3-1_100`` (floor plan at 1:100) and
``A3-SITE`` (site plan) hold A3 sheets with title blocks (see :mod:`.dxf_sheet`).
"""

from __future__ import annotations

import logging
import math
import warnings
from pathlib import Path
from typing import Any

from spacedesign.export import dxf_sheet
from spacedesign.export.common import (
    label_point,
    level_bounds,
    marker_layout,
    opening_frame,
    room_of_point,
    walls_with_openings,
)
from spacedesign.export.dxf_dims import draw_dimensions, tag_box
from spacedesign.export.dxf_setup import (
    LAYERS,
    MIN_TEXT_MM,
    MM,
    TEXT_STYLE,
    door_block,
    draw_furniture,
    hatch,
    mm,
    new_document,
    outline,
    text,
    window_block,
)
from spacedesign.export.dxf_site import draw_site
from spacedesign.export.overlays import AccessOverlay
from spacedesign.model import Level, Plan

__all__ = ["APPID", "AREA_UNIT", "R12_AREA_UNIT", "build_document", "write_dxf"]

APPID = "SPACEDESIGN"
AREA_UNIT = "m²"
"""Unit on room tags in the R2013 file (MS Gothic and LibreCAD's ``unicode.lff`` both have ²)."""
R12_AREA_UNIT = "㎡"
"""Unit on room tags in the Shift-JIS R12 copy (cp932 has ㎡ but not ²)."""


def _draw_walls(msp: Any, level: Level, dx: float) -> None:
    for polygon in walls_with_openings(level):
        outline(msp, polygon, dx, "A-WALL")
        hatch(msp, polygon, dx, "A-WALL-PATT", "ANSI31", scale=20.0)
    for wall in level.walls:
        if wall.kind == "glazed" and not wall.footprint.is_empty:
            outline(msp, wall.footprint, dx, "A-GLAZ")
            msp.add_lwpolyline(mm(wall.path, dx), dxfattribs={"layer": "A-GLAZ"})
    for column in level.columns:
        outline(msp, column.polygon.geometry, dx, "A-COLS")
        hatch(msp, column.polygon.geometry, dx, "A-COLS", None, colour=8)


def _draw_openings(doc: Any, msp: Any, level: Level, dx: float) -> None:
    for opening in level.openings:
        frame = opening_frame(level, opening)
        width_mm = round(opening.width * MM)
        insert = (round((frame.centre[0] + dx) * MM, 3), round(frame.centre[1] * MM, 3))
        if opening.kind == "window":
            name = window_block(doc, width_mm, round(frame.thickness * MM))
            ref = msp.add_blockref(name, insert, dxfattribs={
                "layer": "A-GLAZ", "rotation": round(frame.angle, 6)})
            ref.add_auto_attribs({"ID": opening.id, "WIDTH": str(width_mm)})
            continue
        operation = (opening.operation or "hinged") if opening.kind == "door" else "none"
        name = door_block(doc, operation, width_mm)
        # Swing (or slide) towards the first room the door connects, when known.
        yscale = 1.0
        if opening.connects:
            probe = (frame.centre[0] + frame.normal[0] * 0.4,
                     frame.centre[1] + frame.normal[1] * 0.4)
            room = room_of_point(level, *probe)
            if room is not None and room.id != opening.connects[0]:
                yscale = -1.0
            elif room is None and opening.connects[0] != "outside":
                yscale = -1.0
        ref = msp.add_blockref(name, insert, dxfattribs={
            "layer": "A-DOOR", "rotation": round(frame.angle, 6), "yscale": yscale})
        ref.add_auto_attribs({
            "ID": opening.id, "WIDTH": str(width_mm), "OPERATION": operation,
            "CONNECTS": "|".join(opening.connects) if opening.connects else "",
        })


def _draw_rooms(msp: Any, level: Level, dx: float, seats: dict[str, int]) -> list[Any]:
    """Draw room boundaries and tags; return the tags' boxes (m) for the dimension placement."""
    boxes = []
    for room in level.rooms:
        polygon = room.polygon.geometry
        line = msp.add_lwpolyline(mm(room.polygon.shell, dx), close=True,
                                  dxfattribs={"layer": "A-AREA-IDEN"})
        line.set_xdata(APPID, [(1000, f"id={room.id}"), (1000, f"use={room.use}"),
                               (1000, f"public={int(room.public)}"),
                               (1000, f"name_en={room.name_en or ''}")])
        # A courtyard or shaft: its ring is a second closed polyline on the boundary layer,
        # so outer minus inner equals the net area on the tag.
        for hole in room.polygon.holes:
            inner = msp.add_lwpolyline(mm(hole, dx), close=True,
                                       dxfattribs={"layer": "A-AREA-IDEN"})
            inner.set_xdata(APPID, [(1000, f"hole_of={room.id}")])
        lines = [room.name, f"{room.polygon.area:.2f}{AREA_UNIT}"]
        if room.id in seats:
            lines.append(f"定員{seats[room.id]}名")
        xmin, _, xmax, _ = polygon.bounds
        longest = max(len(s) for s in lines)
        height = max(MIN_TEXT_MM, min(250.0, 0.85 * (xmax - xmin) * MM / max(longest, 1)))
        x, y = label_point(polygon)
        boxes.append(tag_box((x, y), lines, round(height, 1) / MM))
        msp.add_mtext("\\P".join(lines), dxfattribs={
            "layer": "A-AREA-IDEN", "style": TEXT_STYLE, "char_height": round(height, 1),
            "attachment_point": 5, "insert": (round((x + dx) * MM, 3), round(y * MM, 3)),
        })
    for zone in level.zones:
        outline(msp, zone.polygon.geometry, dx, "A-AREA-ZONE")
    return boxes


def _draw_fixtures_and_furniture(doc: Any, msp: Any, level: Level, dx: float) -> None:
    layers = {"elevator": "A-FLOR-EVTR", "stair": "A-FLOR-STRS"}
    for fixture in level.fixtures:
        if fixture.polygon is None:
            continue
        layer = layers.get(fixture.kind, "A-FLOR-FIXT")
        poly = fixture.polygon.geometry
        outline(msp, poly, dx, layer)
        xmin, ymin, xmax, ymax = poly.bounds
        if fixture.kind == "elevator":
            msp.add_line(mm([(xmin, ymin)], dx)[0], mm([(xmax, ymax)], dx)[0],
                         dxfattribs={"layer": layer})
            msp.add_line(mm([(xmin, ymax)], dx)[0], mm([(xmax, ymin)], dx)[0],
                         dxfattribs={"layer": layer})
        elif fixture.kind == "stair":
            tread = fixture.tread or 0.3
            along_x = (xmax - xmin) >= (ymax - ymin)
            count = int((xmax - xmin if along_x else ymax - ymin) / tread)
            for i in range(1, count):
                if along_x:
                    pts = [(xmin + i * tread, ymin), (xmin + i * tread, ymax)]
                else:
                    pts = [(xmin, ymin + i * tread), (xmax, ymin + i * tread)]
                msp.add_line(*mm(pts, dx), dxfattribs={"layer": layer})
    for piece in level.furniture:
        draw_furniture(doc, msp, piece, dx)


def _draw_overlay(msp: Any, plan: Plan, overlay: AccessOverlay) -> None:
    for route in overlay.routes:
        msp.add_lwpolyline(mm(route), dxfattribs={"layer": "G-ACCS-ROUT"})
    for route in overlay.walking_routes:
        msp.add_lwpolyline(mm(route), dxfattribs={"layer": "G-ACCS-ROUT", "color": 8})
    for x, y, r in overlay.circles:
        msp.add_circle(mm([(x, y)])[0], radius=r * MM, dxfattribs={"layer": "G-ACCS-TURN"})
    for x, y, width in overlay.narrow:
        msp.add_circle(mm([(x, y)])[0], radius=150, dxfattribs={"layer": "G-ACCS-ROUT"})
        if width is not None:
            text(msp, f"{width * MM:.0f}", mm([(x, y + 0.35)])[0], 200, "G-ACCS-ROUT")
    for place in marker_layout(plan, overlay.problems):
        finding, at = place.finding, place.at
        if place.moved:  # leader from the marker's rim to the point it refers to
            (x0, y0), (bx, by) = place.anchor, at
            length = math.hypot(bx - x0, by - y0)
            rim = (bx - (bx - x0) * 0.45 / length, by - (by - y0) * 0.45 / length)
            msp.add_line(mm([rim])[0], mm([place.anchor])[0],
                         dxfattribs={"layer": "G-ACCS-FAIL"})
            msp.add_circle(mm([place.anchor])[0], radius=60, dxfattribs={"layer": "G-ACCS-FAIL"})
        msp.add_circle(mm([at])[0], radius=450, dxfattribs={"layer": "G-ACCS-FAIL"})
        text(msp, str(finding.number), mm([at])[0], 350, "G-ACCS-FAIL")
        text(msp, f"{finding.rule} {finding.status}", mm([(at[0], at[1] - 0.75)])[0], 180,
              "G-ACCS-FAIL")


def build_document(plan: Plan, *, overlay: AccessOverlay | None = None,
                   seats: dict[str, int] | None = None) -> Any:
    """Return the ezdxf document of ``plan`` (modelspace + the A3 paperspace sheet)."""
    doc = new_document(plan.name)
    doc.appids.new(APPID)
    msp = doc.modelspace()
    draw_site(doc, msp, plan)
    dx = 0.0
    for level in plan.levels:
        xmin, _, xmax, ymax = level_bounds(level)
        _draw_walls(msp, level, dx)
        _draw_openings(doc, msp, level, dx)
        tags = _draw_rooms(msp, level, dx, seats or {})
        _draw_fixtures_and_furniture(doc, msp, level, dx)
        draw_dimensions(msp, level, dx, tags)
        title = f"{level.name or level.id} 平面図"
        text(msp, title, mm([((xmin + xmax) / 2, ymax + 0.55)], dx)[0], 400, "A-ANNO-TEXT")
        dx += xmax - xmin + 10.0
    if overlay is not None:
        _draw_overlay(msp, plan, overlay)
    dxf_sheet.add_sheet(doc, plan)
    return doc


def _prepare_for_r12(doc: Any) -> None:
    """Make the R12 copy light and legible (called after the R2013 file is saved).

    R12 has no HATCH, so ezdxf would explode patterns into thousands of lines: wall poché becomes
    a solid grey fill; paving, planting and tactile patterns are dropped (outlines stay). Room
    tags (MTEXT) become one centred TEXT per line in the ``unicode`` style. R12 has no
    per-layer "do not plot" flag, so the content of the non-plotting layers (the ``G-ACCS-*``
    analysis overlays) is left out of the copy: it would print.
    """
    no_plot = {name for name, spec in LAYERS.items() if not spec[3]}
    for layout in (doc.modelspace(), *(doc.layouts.get(n) for n in doc.layouts.names()
                                       if n != "Model")):
        for entity in list(layout):
            if entity.dxf.layer in no_plot and entity.dxftype() != "VIEWPORT":
                layout.delete_entity(entity)
        for entity in list(layout.query("HATCH")):
            if entity.dxf.solid_fill:
                continue
            if entity.dxf.layer == "A-WALL-PATT":
                entity.set_solid_fill(color=8)
            else:
                layout.delete_entity(entity)
    # ezdxf would explode MTEXT into TEXT with a generated style; do it here with ours instead.
    msp = doc.modelspace()
    for mtext in list(msp.query("MTEXT")):
        lines = [line.replace(AREA_UNIT, R12_AREA_UNIT)
                 for line in mtext.plain_text().split("\n")]
        height = mtext.dxf.char_height
        x, y = mtext.dxf.insert.x, mtext.dxf.insert.y
        top = y + (len(lines) - 1) * height * 0.8
        for i, line in enumerate(lines):
            text(msp, line, (x, top - i * height * 1.6), height, mtext.dxf.layer)
        msp.delete_entity(mtext)


def write_dxf(plan: Plan, path: Path, *, overlay: AccessOverlay | None = None,
              seats: dict[str, int] | None = None, jw: bool = False) -> list[Path]:
    """Write ``path`` (R2013, UTF-8) and, with ``jw``, ``<stem>_jw.dxf`` (R12, Shift-JIS).

    The R12 copy keeps every layer, block and text (MTEXT becomes TEXT) except the content of
    the non-plotting analysis layers; hatches are simplified (see :func:`_prepare_for_r12`)
    and ``$INSUNITS`` does not exist in R12 (it is mm).
    """
    import ezdxf
    from ezdxf.addons import r12export

    from spacedesign.errors import ExportError

    # Fixed creation/update stamps and GUIDs, so the same plan gives the same bytes.
    options = ezdxf.options  # type: ignore[attr-defined]
    previous = options.write_fixed_meta_data_for_testing
    options.write_fixed_meta_data_for_testing = True
    written = [path]
    try:
        doc = build_document(plan, overlay=overlay, seats=seats)
        auditor = doc.audit()
        if auditor.has_errors:
            raise ExportError(f"the DXF audit found {len(auditor.errors)} errors", file=str(path))
        doc.saveas(path)
        if jw:
            jw_path = path.with_name(f"{path.stem}_jw.dxf")
            _prepare_for_r12(doc)
            doc.encoding = "cp932"
            doc.header["$DWGCODEPAGE"] = "ANSI_932"
            # ezdxf logs that R12 has no $INSUNITS: known and documented, not worth a line.
            ezdxf_log = logging.getLogger("ezdxf")
            level = ezdxf_log.level
            ezdxf_log.setLevel(logging.ERROR)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    r12export.saveas(doc, jw_path)
            finally:
                ezdxf_log.setLevel(level)
            written.append(jw_path)
    finally:
        options.write_fixed_meta_data_for_testing = previous
    return written
