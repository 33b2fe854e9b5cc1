"""DXF export: read back with ezdxf.recover, LibreCAD, dxf-parser; conventions for the importer."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from ezdxf import recover
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon

from spacedesign.export import export
from spacedesign.export.dxf_setup import LAYERS
from spacedesign.io import load_plan
from tests.conftest import ACCESS_CASES, SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.export.conftest import run_node, tool

DESIGN_LAYERS = {  # DESIGN.md §8
    "A-WALL", "A-DOOR", "A-GLAZ", "A-COLS", "A-FURN", "A-AREA-IDEN", "A-ANNO-DIMS", "A-FLOR-EVTR",
    "A-FLOR-STRS", "L-SITE", "L-WALK", "L-PRKG", "L-PLNT", "G-ACCS-ROUT", "G-ACCS-TURN",
    "G-ACCS-TACT", "G-ANNO-TTLB",
}


@pytest.fixture(scope="module")
def rich_dxf(rich_plan, report, seats, tmp_path_factory):
    out = tmp_path_factory.mktemp("dxf") / "rich.dxf"
    written = export(rich_plan, out, findings=report, capacity=seats, jw=True)
    assert written == [out, out.with_name("rich_jw.dxf")]
    doc, auditor = recover.readfile(out)
    return out, doc, auditor


def _xdata(line) -> dict[str, str]:
    return dict(item.value.split("=", 1) for item in line.get_xdata("SPACEDESIGN"))


def _room_tags(doc):
    """(net polygon, tag lines, polyline) for every room polyline on A-AREA-IDEN.

    Closed polylines marked ``hole_of=<id>`` are cut out of their room's outer polyline.
    """
    msp = doc.modelspace()
    texts = [(Point(t.dxf.insert.x, t.dxf.insert.y), t.plain_text().split("\n"))
             for t in msp.query("MTEXT[layer=='A-AREA-IDEN']")]
    outer, holes = [], {}
    for line in msp.query("LWPOLYLINE[layer=='A-AREA-IDEN']"):
        assert line.closed
        ring = [(x, y) for x, y, *_ in line.get_points()]
        if "hole_of" in _xdata(line):
            holes.setdefault(_xdata(line)["hole_of"], []).append(ring)
        else:
            outer.append((ring, line))
    rooms = []
    for ring, line in outer:
        polygon = Polygon(ring, holes.pop(_xdata(line)["id"], []))
        assert polygon.is_valid
        inside = [lines for at, lines in texts if polygon.contains(at)]
        assert len(inside) == 1, "exactly one tag inside each room"
        rooms.append((polygon, inside[0], line))
    assert not holes, "every hole belongs to a room"
    return rooms


def test_recover_audit_units_and_layers(rich_dxf):
    _, doc, auditor = rich_dxf
    assert not auditor.has_errors
    assert doc.dxfversion == "AC1027"  # R2013
    assert doc.header["$INSUNITS"] == 4
    assert doc.audit().has_errors is False
    names = {layer.dxf.name for layer in doc.layers}
    assert DESIGN_LAYERS <= names
    for name, (_, _, _, plot, description) in LAYERS.items():
        layer = doc.layers.get(name)
        assert layer.description == description
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", layer.description)
        assert bool(layer.dxf.plot) is plot
    for overlay in ("G-ACCS-ROUT", "G-ACCS-TURN", "G-ACCS-FAIL"):
        assert doc.layers.get(overlay).dxf.plot == 0


def test_room_polylines_equal_their_tags(rich_dxf, rich_plan, seats):
    _, doc, _ = rich_dxf
    rooms = _room_tags(doc)
    level = rich_plan.levels[0]
    assert len(rooms) == len(level.rooms)
    for polygon, lines, line in rooms:
        area_m2 = polygon.area / 1e6
        tag = float(lines[1].removesuffix("m²"))
        assert abs(area_m2 - tag) <= 0.01
        xdata = _xdata(line)
        room = level.room(xdata["id"])
        assert lines[0] == room.name
        assert abs(room.polygon.area - tag) <= 0.005
        if room.id in seats:
            assert lines[2] == f"定員{seats[room.id]}名"
        else:
            assert len(lines) == 2


def test_doors_windows_and_furniture_are_named_blocks(rich_dxf, rich_plan):
    _, doc, _ = rich_dxf
    msp = doc.modelspace()
    level = rich_plan.levels[0]
    doors = {ref.get_attrib_text("ID"): ref for ref in msp.query("INSERT[layer=='A-DOOR']")}
    passable = [o for o in level.openings if o.kind != "window"]
    assert set(doors) == {o.id for o in passable}
    for opening in passable:
        ref = doors[opening.id]
        assert ref.get_attrib_text("WIDTH") == str(round(opening.width * 1000))
        operation = opening.operation if opening.kind == "door" else "none"
        assert ref.dxf.name == f"DOOR-{operation.upper()}-{round(opening.width * 1000)}"
        block = doc.blocks.get(ref.dxf.name)
        arcs = block.query("ARC")
        assert (len(arcs) > 0) == (operation == "hinged")
    windows = msp.query("INSERT[layer=='A-GLAZ']")
    assert {w.get_attrib_text("ID") for w in windows} == {"WN1", "WN2"}
    furniture = {ref.get_attrib_text("ID"): ref for ref in msp.query("INSERT[layer=='A-FURN']")}
    assert set(furniture) == {f.id for f in level.furniture} | {"bench1"}
    assert furniture["t1"].dxf.name == "FURN-TABLE-2400x1200"
    assert furniture["c5"].get_attrib_text("ROOM") == "meeting"
    assert len(msp.query("HATCH[layer=='A-WALL-PATT']")) > 0
    assert len(msp.query("LWPOLYLINE[layer=='A-WALL']")) > 0


def test_dimensions_exterior_overlays_and_sheet(rich_dxf):
    _, doc, _ = rich_dxf
    msp = doc.modelspace()
    assert doc.header["$DIMSCALE"] == 100 and doc.header["$DIMTXT"] == 2.5
    dims = msp.query("DIMENSION[layer=='A-ANNO-DIMS']")
    measures = sorted(round(d.get_measurement()) for d in dims)
    assert 20200 in measures  # the building's overall width (wall faces)
    texts = [t.dxf.text for t in msp.query("TEXT")]
    assert any(t.startswith("UP 1/6.7") for t in texts)  # the steep ramp's slope
    assert any(t.startswith("UP 1/12.0") for t in texts)
    assert len(msp.query("LINE[layer=='L-WALK-STEP']")) == 2  # 3 risers
    assert msp.query("INSERT[layer=='L-PRKG']").first.dxf.name == "SYM-WHEELCHAIR"
    assert len(msp.query("*[layer=='G-ACCS-TACT']")) >= 3
    assert len(msp.query("LWPOLYLINE[layer=='G-ACCS-ROUT']")) == 1
    assert len(msp.query("CIRCLE[layer=='G-ACCS-TURN']")) == 2
    fail_texts = {t.dxf.text for t in msp.query("TEXT[layer=='G-ACCS-FAIL']")}
    assert {"2", "3", "RAMP-SLOPE fail", "DOOR-WIDTH warn"} <= fail_texts
    layout = doc.layouts.get("A3-1_100")
    assert (layout.dxf.paper_width, layout.dxf.paper_height) == (420, 297)
    viewports = [v for v in layout.query("VIEWPORT") if v.dxf.id > 1]
    assert len(viewports) == 1
    assert viewports[0].dxf.view_height == pytest.approx(245 * 100)
    sheet = " ".join(t.dxf.text for t in layout.query("TEXT"))
    assert "中野区産業振興センター" in sheet and "S=1:100" in sheet and "2026-01-01" in sheet
    assert "entrance ramp 1:6.7" in sheet and "N" in sheet and "平面図" in sheet
    site_sheet = doc.layouts.get("A3-SITE")
    assert "配置図" in " ".join(t.dxf.text for t in site_sheet.query("TEXT"))


def test_output_is_deterministic(rich_plan, report, seats, tmp_path):
    first = export(rich_plan, tmp_path / "a.dxf", findings=report, capacity=seats)[0]
    second = export(rich_plan, tmp_path / "b.dxf", findings=report, capacity=seats)[0]
    assert first.read_bytes() == second.read_bytes()


def test_jw_copy_is_r12_shift_jis(rich_dxf, rich_plan):
    out, _, _ = rich_dxf
    raw = out.with_name("rich_jw.dxf").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp932")
    assert "AC1009" in text and "ANSI_932" in text
    for room in rich_plan.levels[0].rooms:
        assert room.name in text
    doc, auditor = recover.readfile(out.with_name("rich_jw.dxf"))
    assert doc.dxfversion == "AC1009" and not auditor.has_errors
    # R12 has no "do not plot" flag: the analysis overlays are left out, tactile paving stays.
    layers = {e.dxf.layer for e in doc.modelspace()}
    assert not layers & {"G-ACCS-ROUT", "G-ACCS-TURN", "G-ACCS-FAIL"}
    assert {"G-ACCS-TACT", "A-WALL", "A-AREA-IDEN", "L-PRKG"} <= layers
    assert "RAMP-SLOPE fail" not in text


def _librecad_page(dxf: Path, workdir: Path) -> np.ndarray:
    """Render ``dxf`` with LibreCAD (dxf2pdf, fit to A3) and return the page as dark-pixel mask."""
    librecad, pdftoppm = tool("librecad"), tool("pdftoppm")
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(workdir)}
    subprocess.run([librecad, "dxf2pdf", "-a", "-c", "-p", "420x297", "-t", str(workdir),
                    str(dxf)], cwd=workdir, env=env, capture_output=True, timeout=120,
                   check=True)
    pdf = workdir / dxf.with_suffix(".pdf").name
    assert pdf.is_file(), f"LibreCAD wrote no PDF for {dxf.name}"
    stem = workdir / f"{dxf.stem}-page"
    subprocess.run([pdftoppm, "-r", "100", "-gray", "-png", "-singlefile", str(pdf), str(stem)],
                   check=True, timeout=60)
    from matplotlib.image import imread

    pixels = imread(stem.with_suffix(".png"))
    if pixels.ndim == 3:
        pixels = pixels[..., 0]
    return pixels < 0.5


def _variant(source: Path, target: Path, *, drop_layers: tuple[str, ...] = (),
             rename_style: bool = False) -> Path:
    """A copy of ``source`` without ``drop_layers`` or with the text style renamed.

    LibreCAD picks its glyphs by the style *name*: a style not named ``unicode`` falls back to
    ``standard.lff``, which draws every Japanese character as a diamond (tofu).
    """
    import ezdxf

    doc = ezdxf.readfile(source)
    msp = doc.modelspace()
    for entity in list(msp):
        if entity.dxf.layer in drop_layers:
            msp.delete_entity(entity)
    if rename_style:
        doc.styles.add("TOFU", font="msgothic.ttc")
        for entity in msp.query("TEXT MTEXT"):
            entity.dxf.style = "TOFU"
    doc.saveas(target)
    return target


def _japanese_chars(doc) -> int:
    texts = [t.dxf.text for t in doc.modelspace().query("TEXT")]
    texts += [t.plain_text() for t in doc.modelspace().query("MTEXT")]
    return sum(1 for text in texts for ch in text if "\u3040" <= ch <= "\u9fff")


@pytest.mark.parametrize("copy", ["rich.dxf", "rich_jw.dxf"])
def test_librecad_renders_walls_and_japanese_text(rich_dxf, copy, tmp_path):
    """LibreCAD draws the exported file itself: walls in the wall band, kanji (not diamonds).

    The export is compared with two variants of the same file: without the wall layers (the
    difference must be the walls: a large share of the ink, spanning the 20 m facade) and with
    the text style renamed so LibreCAD falls back to diamonds (the difference must be the
    Japanese glyphs: if the exported style showed tofu too, the two pages would be identical).
    """
    import ezdxf

    out = rich_dxf[0].with_name(copy)
    page = _librecad_page(out, tmp_path)
    assert page.shape[1] > page.shape[0]  # landscape A3
    assert page.mean() > 0.01, "the page is (nearly) blank"

    if copy == "rich.dxf":
        bare = _librecad_page(
            _variant(out, tmp_path / "nowalls.dxf", drop_layers=("A-WALL", "A-WALL-PATT")),
            tmp_path)
        assert (bare & ~page).sum() < 0.01 * bare.sum(), "same extents, same placement"
        walls = page & ~bare
        assert walls.sum() > 0.2 * page.sum(), "the walls are a large share of the drawing"
        _, xs = np.nonzero(walls)
        assert xs.max() - xs.min() > 0.4 * page.shape[1]  # the facade spans the building

    tofu = _librecad_page(_variant(out, tmp_path / "tofu.dxf", rename_style=True), tmp_path)
    kanji = _japanese_chars(ezdxf.readfile(out))
    assert kanji >= 40
    changed = int((page ^ tofu).sum())
    assert changed > 10 * kanji, f"only {changed} pixels differ from a diamond (tofu) render"


def test_dxf_parser_reads_it(rich_dxf, rich_plan):
    out, _, _ = rich_dxf
    parsed = run_node("parse_dxf.js", str(out))
    assert parsed["insunits"] == 4
    assert DESIGN_LAYERS <= set(parsed["layers"])
    assert parsed["counts"]["LWPOLYLINE@A-AREA-IDEN"] == len(rich_plan.levels[0].rooms)
    assert any("会議室" in t for t in parsed["texts"])
    assert "DOOR-SLIDING-900" in parsed["inserts"] and "SYM-WHEELCHAIR" in parsed["blocks"]


@pytest.mark.parametrize("path", ACCESS_CASES + SHIPPED_PLANS + SHIPPED_SCENARIOS,
                         ids=lambda p: p.name)
def test_every_plan_exports_a_clean_dxf(path, tmp_path):
    plan = load_plan(path)
    out = export(plan, tmp_path / "plan.dxf")[0]
    doc, auditor = recover.readfile(out)
    assert not auditor.has_errors
    tags = _room_tags(doc)
    assert len(tags) == sum(len(level.rooms) for level in plan.levels)
    for polygon, lines, _ in tags:
        assert abs(polygon.area / 1e6 - float(lines[1].removesuffix("m²"))) <= 0.01
    _assert_no_text_collisions(doc)
    floor_sheet = doc.layouts.get("A3-1_100")
    viewport = next(v for v in floor_sheet.query("VIEWPORT") if v.dxf.id > 1)
    assert viewport.dxf.view_height == pytest.approx(245 * 100)  # the floor plan at 1:100


def test_readme_documents_every_layer():
    readme = (Path(__file__).resolve().parents[2] / "spacedesign" / "export" / "README.md").read_text()
    for name, (colour, weight, linetype, plot, description) in LAYERS.items():
        row = f"| `{name}` | {colour} | {weight} | {linetype} | {'yes' if plot else 'no'} | {description} |"
        assert row in readme


@settings(max_examples=12, deadline=None)
@given(widths=st.lists(st.floats(1.2, 9.0), min_size=1, max_size=5),
       depth=st.floats(2.0, 12.0))
def test_room_tags_always_match_their_polylines(widths, depth, tmp_path_factory):
    """Any row of rooms: each closed polyline's area equals the area on its tag."""
    from spacedesign.model import Level, Plan, Room, Shape, Wall

    rooms, x = [], 0.0
    for i, width in enumerate(widths):
        rooms.append(Room(f"r{i}", f"室{i}", "meeting", Shape.rectangle(x, 0.0, x + width, depth)))
        x += width
    outline = Shape.rectangle(0.0, 0.0, x, depth)
    wall = Wall("W", (*outline.shell, outline.shell[0]), 0.2, kind="exterior")
    plan = Plan("row", (Level("1F", outline, walls=(wall,), rooms=tuple(rooms)),))
    out = export(plan, tmp_path_factory.mktemp("hyp") / "row.dxf")[0]
    doc, auditor = recover.readfile(out)
    assert not auditor.has_errors
    tags = _room_tags(doc)
    assert len(tags) == len(widths)
    for polygon, lines, _ in tags:
        assert abs(polygon.area / 1e6 - float(lines[1].removesuffix("m²"))) <= 0.005


def test_room_with_a_courtyard_has_outer_and_inner_boundaries(tmp_path):
    """A room around a courtyard: outer minus inner polyline equals the net area on the tag."""
    from spacedesign.model import Level, Plan, Room, Shape, Wall

    hole = ((5.0, 4.0), (9.0, 4.0), (9.0, 7.0), (5.0, 7.0))
    hall = Room("hall", "回廊ホール", "lobby", Shape(((0.0, 0.0), (14.0, 0.0), (14.0, 11.0),
                                                      (0.0, 11.0)), (hole,)))
    outline = Shape.rectangle(0.0, 0.0, 14.0, 11.0)
    wall = Wall("W", (*outline.shell, outline.shell[0]), 0.2, kind="exterior")
    plan = Plan("court", (Level("1F", outline, walls=(wall,), rooms=(hall,)),))
    out = export(plan, tmp_path / "court.dxf", jw=True)[0]
    doc, auditor = recover.readfile(out)
    assert not auditor.has_errors
    lines = doc.modelspace().query("LWPOLYLINE[layer=='A-AREA-IDEN']")
    assert len(lines) == 2 and not doc.modelspace().query("*[layer=='A-AREA-ZONE']")
    [(polygon, tag, _)] = _room_tags(doc)
    assert tag[1] == "142.00m²" and polygon.area / 1e6 == pytest.approx(14 * 11 - 4 * 3)
    assert len(polygon.interiors) == 1
    jw = out.with_name("court_jw.dxf").read_bytes().decode("cp932")
    assert "142.00㎡" in jw and "m²" not in jw


def _lff_glyphs(name: str) -> set[str]:
    """Characters LibreCAD can draw with its font ``name`` (``[xxxx]`` headers of the .lff)."""
    font = Path("/usr/share/librecad/fonts") / f"{name}.lff"
    assert font.is_file(), "librecad is missing: run `make system-deps`"
    codes = re.findall(r"^\[#?([0-9A-Fa-f]{4,5})\]", font.read_text(errors="replace"), re.M)
    return {chr(int(code, 16)) for code in codes} | {" "}


def test_every_drawn_character_is_in_the_font_librecad_uses(rich_dxf):
    """LibreCAD picks the font by the style name (``unicode`` → unicode.lff): no diamonds."""
    from spacedesign.export.dxf_setup import TEXT_STYLE

    _, doc, _ = rich_dxf
    glyphs = _lff_glyphs(TEXT_STYLE)
    assert "㎡" not in glyphs and "²" in glyphs  # why tags say m²
    msp = doc.modelspace()
    texts = [t.dxf.text for t in msp.query("TEXT")] + [t.plain_text() for t in msp.query("MTEXT")]
    assert any("m²" in t for t in texts)
    for entity in msp.query("TEXT MTEXT"):
        assert entity.dxf.style == TEXT_STYLE
    missing = {ch for t in texts for ch in t if ch not in glyphs and ch != "\n"}
    assert not missing, f"LibreCAD would draw diamonds for {sorted(missing)}"


def test_sheet_text_fits_the_title_block_without_cutting_the_legend(rich_plan, tmp_path):
    """Legend entries are whole (they were cut at 22 characters); long names are narrowed."""
    from spacedesign.export.dxf_sheet import LEGEND_LAYERS, LEGEND_TEXT_WIDTH
    from spacedesign.export.text import text_ems

    name = "案C 1階ラウンジ拡張・相談室集約・キッズスペース移設・受付低床化を含む全面改修案 " * 3
    out = export(rich_plan.with_changes(name=name), tmp_path / "long.dxf")[0]
    layout = recover.readfile(out)[0].layouts.get("A3-1_100")
    texts = {t.dxf.text: t for t in layout.query("TEXT")}
    for layer in LEGEND_LAYERS:
        entry = f"{layer} {LAYERS[layer][4].split('(')[0]}"
        assert entry in texts, entry
        t = texts[entry]
        assert text_ems(entry) * t.dxf.height * t.dxf.width <= LEGEND_TEXT_WIDTH + 1e-6
    [title] = [t for t in texts.values() if t.dxf.text.startswith("検討案 scenario: 案C")]
    width_mm = text_ems(title.dxf.text) * title.dxf.height * title.dxf.width
    assert title.dxf.text.endswith("…") and 0.7 <= title.dxf.width < 1.0
    assert title.dxf.insert.x + width_mm <= 410 - 3  # inside the sheet frame


def test_visible_modelspace_text_is_at_least_4_5_pt_at_1_100(rich_dxf):
    """1.6 mm on paper at 1:100 (160 model mm) is 4.5 pt; dimension text is 2.5 mm."""
    _, doc, _ = rich_dxf
    msp = doc.modelspace()
    heights = [t.dxf.height for t in msp.query("TEXT")]
    heights += [t.dxf.char_height for t in msp.query("MTEXT")]
    heights += [a.dxf.height for ref in msp.query("INSERT") for a in ref.attribs
                if not a.is_invisible]
    assert min(heights) >= 160
    assert doc.header["$DIMTXT"] * doc.header["$DIMSCALE"] >= 160


def _text_boxes(doc):
    """(what, box in mm) of room tags and of the dimension texts as ezdxf rendered them."""
    from shapely.geometry import box

    from spacedesign.export.text import text_ems

    out = []
    msp = doc.modelspace()
    for tag in msp.query("MTEXT[layer=='A-AREA-IDEN']"):
        lines, h = tag.plain_text().split("\n"), tag.dxf.char_height
        w, hh = max(text_ems(line) for line in lines) * h, len(lines) * h * 1.6
        x, y = tag.dxf.insert.x, tag.dxf.insert.y
        out.append((f"tag {lines[0]}", box(x - w / 2, y - hh / 2, x + w / 2, y + hh / 2)))
    for dim in msp.query("DIMENSION"):
        for t in dim.get_geometry_block().query("MTEXT"):
            w, h = text_ems(t.plain_text()) * t.dxf.char_height, t.dxf.char_height
            if round(t.dxf.rotation) % 180 == 90:
                w, h = h, w
            x, y = t.dxf.insert.x, t.dxf.insert.y
            out.append((f"dim {t.plain_text()}", box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)))
    return out


def _assert_no_text_collisions(doc):
    boxes = _text_boxes(doc)
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert box_a.intersection(box_b).area < 1.0, f"{a} overlaps {b}"


def test_room_dimensions_stay_clear_of_room_tags(rich_dxf, rich_plan):
    """Room dimensions are drawn where their text fits, never over a tag or each other."""
    _, doc, _ = rich_dxf
    _assert_no_text_collisions(doc)
    rooms = [r for r in rich_plan.levels[0].rooms
             if min(r.polygon.geometry.bounds[2] - r.polygon.geometry.bounds[0],
                    r.polygon.geometry.bounds[3] - r.polygon.geometry.bounds[1]) >= 2.5]
    dims = doc.modelspace().query("DIMENSION")
    assert len(dims) >= 2 + len(rooms)  # overall + at least one per sizeable room on average
