"""DXF document set-up: layers, text and dimension styles, header, and the named blocks.

Units are millimetres (``$INSUNITS`` 4). Block geometry is drawn in the opening's own frame:
x along the wall (the opening spans ``-WIDTH/2 .. +WIDTH/2``), y across it (the swing side is +y),
origin on the wall centreline at the opening centre.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import Polygon

__all__ = [
    "LAYERS",
    "MIN_TEXT_MM",
    "MM",
    "TEXT_STYLE",
    "door_block",
    "draw_furniture",
    "furniture_block",
    "hatch",
    "mm",
    "new_document",
    "outline",
    "ring",
    "text",
    "wheelchair_block",
    "window_block",
]

TEXT_STYLE = "unicode"
"""Text style used for all text. LibreCAD chooses its font by the style *name*, and only a
style named ``unicode`` shows kanji there; the font file is MS Gothic for Windows CAD."""

MIN_TEXT_MM = 160.0
"""Smallest visible text in modelspace (mm): 1.6 mm on paper at 1:100, i.e. 4.5 pt on A3."""

# name: (ACI colour, lineweight 1/100 mm, linetype, plot, Japanese description)
LAYERS: dict[str, tuple[int, int, str, bool, str]] = {
    "A-WALL": (7, 50, "Continuous", True, "壁"),
    "A-WALL-PATT": (8, 9, "Continuous", True, "壁ハッチ"),
    "A-COLS": (7, 50, "Continuous", True, "柱"),
    "A-DOOR": (2, 25, "Continuous", True, "扉(開き戸・引き戸・自動扉)"),
    "A-GLAZ": (4, 25, "Continuous", True, "窓・ガラス"),
    "A-FURN": (6, 18, "Continuous", True, "家具"),
    "A-FLOR-FIXT": (8, 18, "Continuous", True, "造作・設備(受付カウンター等)"),
    "A-FLOR-EVTR": (8, 25, "Continuous", True, "エレベーター"),
    "A-FLOR-STRS": (8, 25, "Continuous", True, "階段"),
    "A-AREA-IDEN": (7, 18, "Continuous", True, "室名・面積(㎡)・定員 / 室境界(面積算定)"),
    "A-AREA-ZONE": (5, 13, "DASHED", True, "改修範囲"),
    "A-ANNO-DIMS": (1, 13, "Continuous", True, "寸法"),
    "A-ANNO-TEXT": (7, 18, "Continuous", True, "注記"),
    "L-SITE": (1, 35, "PHANTOM", True, "敷地境界線・外構"),
    "L-WALK": (8, 25, "Continuous", True, "歩道・広場(舗装)"),
    "L-WALK-PATT": (8, 9, "Continuous", True, "舗装ハッチ"),
    "L-WALK-RAMP": (3, 25, "Continuous", True, "スロープ(勾配・方向)"),
    "L-WALK-STEP": (8, 25, "Continuous", True, "屋外階段・段差"),
    "L-PRKG": (7, 18, "Continuous", True, "駐車場・駐輪場(車いす使用者用区画)"),
    "L-PLNT": (3, 18, "Continuous", True, "植栽"),
    "G-ACCS-TACT": (2, 18, "Continuous", True, "視覚障害者誘導用ブロック"),
    "G-ACCS-ROUT": (30, 35, "DASHED", False, "バリアフリー経路(検討用・非印刷)"),
    "G-ACCS-TURN": (30, 13, "DASHED", False, "車いす回転円 φ1500(検討用・非印刷)"),
    "G-ACCS-FAIL": (1, 35, "Continuous", False, "基準不適合箇所・番号(検討用・非印刷)"),
    "G-ANNO-TTLB": (7, 35, "Continuous", True, "図枠・表題欄・方位・凡例"),
    "G-ANNO-NPLT": (8, 0, "Continuous", False, "非印刷(ビューポート枠)"),
}


def new_document(name: str) -> Any:
    """Return a new R2013 document in mm with layers, styles and header variables set."""
    from ezdxf.filemanagement import new
    from ezdxf.tools.standards import setup_dimstyle

    doc = new("R2013", setup=["linetypes"], units=4)
    header = doc.header
    header["$MEASUREMENT"] = 1
    header["$LUNITS"] = 2
    header["$LWDISPLAY"] = 1
    header["$PROJECTNAME"] = name[:250]
    style = doc.styles.add(TEXT_STYLE, font="msgothic.ttc")
    style.dxf.width = 1.0
    for layer_name, (colour, weight, linetype, plot, description) in LAYERS.items():
        layer = doc.layers.add(layer_name, color=colour, linetype=linetype, lineweight=weight)
        layer.dxf.plot = 1 if plot else 0
        layer.description = description
    dimstyle = setup_dimstyle(doc, "EZ_MM_100_H25_MM", style=TEXT_STYLE, name="JP-MM-100")
    dimstyle.dxf.dimclrd = 1
    dimstyle.dxf.dimclre = 1
    # LibreCAD ignores DIMSTYLE and redraws dimensions from the header: 1:100, 2.5 mm text.
    for key, value in {
        "$DIMSTYLE": "JP-MM-100", "$DIMSCALE": 100.0, "$DIMTXT": 2.5, "$DIMASZ": 2.5,
        "$DIMTSZ": 1.0, "$DIMEXO": 1.0, "$DIMEXE": 1.25, "$DIMGAP": 0.625, "$DIMDEC": 0,
        "$DIMLUNIT": 2, "$DIMTAD": 1, "$DIMTIH": 0, "$DIMTOH": 0, "$DIMTXSTY": TEXT_STYLE,
    }.items():
        header[key] = value
    return doc


def door_block(doc: Any, operation: str, width_mm: int) -> str:
    """Create (once) and return the name of the block for a door of this operation and width."""
    op = operation or "hinged"
    name = f"DOOR-{op.upper()}-{width_mm}"
    if name in doc.blocks:
        return name
    blk = doc.blocks.new(name, dxfattribs={"description": f"扉 {op} 有効幅{width_mm}mm"})
    w, h = float(width_mm), width_mm / 2.0
    panel = 40.0
    if op == "hinged":
        blk.add_line((-h, 0), (-h, w))
        blk.add_arc((-h, 0), radius=w, start_angle=0, end_angle=90)
    elif op == "folding":
        q = w / 4.0
        blk.add_lwpolyline([(-h, 0), (-h + q, q), (-h + 2 * q, 0)])
        blk.add_lwpolyline([(h, 0), (h - q, q), (h - 2 * q, 0)])
    elif op == "revolving":
        blk.add_circle((0, 0), radius=h)
        blk.add_line((-h, 0), (h, 0))
        blk.add_line((0, -h), (0, h))
    elif op in ("sliding", "automatic"):
        leaves = [(-h, h)] if op == "sliding" else [(-h, 0.0), (0.0, h)]
        for i, (x0, x1) in enumerate(leaves):
            shift = (x1 - x0) * (1 if (op == "sliding" or i == 1) else -1)
            blk.add_lwpolyline(
                [(x0 + shift, panel), (x1 + shift, panel), (x1 + shift, 2 * panel),
                 (x0 + shift, 2 * panel)], close=True,
            )
            tip = x0 + shift + (x1 - x0) * (0.8 if shift > 0 else 0.2)
            tail = x0 + shift + (x1 - x0) * (0.2 if shift > 0 else 0.8)
            blk.add_line((tail, 4 * panel), (tip, 4 * panel))
            back = 120.0 if tip > tail else -120.0
            blk.add_lwpolyline([(tip - back, 4 * panel + 60), (tip, 4 * panel),
                                (tip - back, 4 * panel - 60)])
    else:  # an open gap: only the two jamb ticks
        blk.add_line((-h, -100), (-h, 100))
        blk.add_line((h, -100), (h, 100))
    for i, tag in enumerate(("ID", "WIDTH", "OPERATION", "CONNECTS")):
        blk.add_attdef(tag, insert=(0, -250 - 200 * i), dxfattribs={
            "height": MIN_TEXT_MM, "style": TEXT_STYLE, "flags": 1 if i else 0, "layer": "A-DOOR"})
    return name


def window_block(doc: Any, width_mm: int, thickness_mm: int) -> str:
    """Create (once) and return the name of the block for a window in a wall of this thickness."""
    name = f"WINDOW-{width_mm}x{thickness_mm}"
    if name in doc.blocks:
        return name
    blk = doc.blocks.new(name, dxfattribs={"description": f"窓 幅{width_mm}mm"})
    h, t = width_mm / 2.0, thickness_mm / 2.0
    blk.add_lwpolyline([(-h, -t), (h, -t), (h, t), (-h, t)], close=True)
    blk.add_line((-h, 0), (h, 0))
    blk.add_line((-h, t / 3), (h, t / 3))
    for i, tag in enumerate(("ID", "WIDTH")):
        blk.add_attdef(tag, insert=(0, -t - 200 - 200 * i), dxfattribs={
            "height": 150, "style": TEXT_STYLE, "flags": 1, "layer": "A-GLAZ"})
    return name


def furniture_block(doc: Any, name: str, outline: list[tuple[float, float]], kind: str) -> str:
    """Create (once) a furniture block from its outline (mm, around the insert point)."""
    if name in doc.blocks:
        return name
    blk = doc.blocks.new(name, dxfattribs={"description": f"家具 {kind}"})
    blk.add_lwpolyline(outline, close=True)
    xs = [p[0] for p in outline]
    ys = [p[1] for p in outline]
    if kind in ("table", "desk", "counter") and len(outline) == 4:
        inset = 0.12 * min(max(xs) - min(xs), max(ys) - min(ys))
        blk.add_lwpolyline([(min(xs) + inset, min(ys) + inset), (max(xs) - inset, min(ys) + inset),
                            (max(xs) - inset, max(ys) - inset), (min(xs) + inset, max(ys) - inset)],
                           close=True)
    elif kind == "chair":
        blk.add_line((min(xs), max(ys) - 0.25 * (max(ys) - min(ys))),
                     (max(xs), max(ys) - 0.25 * (max(ys) - min(ys))))
    elif kind == "plant":
        r = 0.45 * min(max(xs) - min(xs), max(ys) - min(ys))
        blk.add_circle(((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2), radius=max(r, 1.0))
    for i, tag in enumerate(("ID", "KIND", "ROOM")):
        blk.add_attdef(tag, insert=(0, -150 * i), dxfattribs={
            "height": 100, "style": TEXT_STYLE, "flags": 1, "layer": "A-FURN"})
    return name


def wheelchair_block(doc: Any) -> str:
    """Create (once) the wheelchair-user mark (国際シンボルマーク), 1000 mm tall."""
    name = "SYM-WHEELCHAIR"
    if name in doc.blocks:
        return name
    blk = doc.blocks.new(name, dxfattribs={"description": "車いす使用者用 国際シンボルマーク"})
    blk.add_lwpolyline([(-500, -500), (500, -500), (500, 500), (-500, 500)], close=True)
    blk.add_circle((-60, 330), radius=70)
    blk.add_lwpolyline([(-80, 230), (-80, 20), (150, 20), (260, -250), (330, -230)])
    blk.add_line((-80, 140), (120, 140))
    blk.add_arc((-60, -120), radius=230, start_angle=100, end_angle=20)
    return name


MM = 1000.0
"""Millimetres per metre (DXF units are mm)."""


def mm(points: Any, dx: float = 0.0) -> list[tuple[float, float]]:
    """Convert model points (m), shifted by ``dx``, to DXF millimetres."""
    return [(round((x + dx) * MM, 3), round(y * MM, 3)) for x, y in points]


def ring(polygon: Polygon, dx: float) -> list[list[tuple[float, float]]]:
    """Return the rings (shell, then holes) of ``polygon`` in mm."""
    rings = [mm(polygon.exterior.coords[:-1], dx)]
    rings += [mm(r.coords[:-1], dx) for r in polygon.interiors]
    return rings


def hatch(msp: Any, polygon: Polygon, dx: float, layer: str, pattern: str | None,
          scale: float = 1.0, colour: int | None = None) -> None:
    """Hatch ``polygon`` (holes respected) with ``pattern``, or solid when None."""
    attribs: dict[str, Any] = {"layer": layer}
    if colour is not None:
        attribs["color"] = colour
    entity = msp.add_hatch(dxfattribs=attribs)
    rings = ring(polygon, dx)
    entity.paths.add_polyline_path(rings[0], is_closed=True, flags=1)
    for hole in rings[1:]:
        entity.paths.add_polyline_path(hole, is_closed=True, flags=16)
    if pattern is None:
        entity.set_solid_fill(color=colour if colour is not None else 256)
    else:
        entity.set_pattern_fill(pattern, scale=scale)


def outline(msp: Any, polygon: Polygon, dx: float, layer: str) -> None:
    """Draw every ring of ``polygon`` as a closed polyline."""
    for points in ring(polygon, dx):
        msp.add_lwpolyline(points, close=True, dxfattribs={"layer": layer})


def text(msp: Any, content: str, at: tuple[float, float], height: float, layer: str,
         rotation: float = 0.0) -> None:
    """Add a middle-centred TEXT in the Japanese-capable style."""
    from ezdxf.enums import TextEntityAlignment

    entity = msp.add_text(content, height=height, rotation=rotation,
                          dxfattribs={"layer": layer, "style": TEXT_STYLE})
    entity.set_placement(at, align=TextEntityAlignment.MIDDLE_CENTER)


def draw_furniture(doc: Any, msp: Any, piece: Any, dx: float) -> None:
    """Insert one furniture piece as a named block with ID/KIND/ROOM attributes."""
    shape = piece.footprint.geometry
    if shape.is_empty:
        return
    if piece.polygon is None and piece.at is not None and piece.size is not None:
        w, d = round(piece.size[0] * MM), round(piece.size[1] * MM)
        name = f"FURN-{piece.kind.upper()}-{w}x{d}"
        outline = [(-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, d / 2), (-w / 2, d / 2)]
        centre, rotation = piece.at, piece.rotation
    else:
        c = shape.centroid
        centre, rotation = (float(c.x), float(c.y)), 0.0
        outline = [(round((x - c.x) * MM, 3), round((y - c.y) * MM, 3))
                   for x, y in piece.polygon.shell]
        name = f"FURN-{piece.kind.upper()}-{piece.id}"
    furniture_block(doc, name, outline, piece.kind)
    ref = msp.add_blockref(name, mm([centre], dx)[0], dxfattribs={
        "layer": "A-FURN", "rotation": round(rotation, 6)})
    ref.add_auto_attribs({"ID": piece.id, "KIND": piece.kind, "ROOM": piece.room or ""})
