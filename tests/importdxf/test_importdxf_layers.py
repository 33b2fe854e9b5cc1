"""Layer maps, Japanese layer names, DXF versions R12-R2018, the CLI options and JSON output."""

from __future__ import annotations

import json

import ezdxf
import pytest
from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 - CONVENTIONS: test the CLI via CliRunner
from spacedesign.errors import DrawingImportError
from spacedesign.io import load_plan, validate_file
from spacedesign.io.dxf_import import LayerMap, import_dxf, load_layer_map
from tests.conftest import CASES

runner = CliRunner()


@pytest.mark.parametrize("layer, role", [
    ("A-WALL", "wall"), ("A-WALL-PATT", "ignore"), ("A-DOOR", "door"), ("A-GLAZ", "window"),
    ("S-COLS", "column"), ("A-AREA", "room"), ("A-AREA-IDEN", "label"), ("A-FURN", "furniture"),
    ("I-FURN", "furniture"), ("A-ANNO-DIMS", "ignore"), ("S-GRID-IDEN", "ignore"),
    ("A-DOOR-IDEN", "ignore"), ("G-ACCS-ROUT", "ignore"), ("A-FLOR-EVTR", "ignore"),
    ("A-AREA-ZONE", "ignore"),
    ("A-210 G - Existing Structure 2", "wall"), ("A-325G - Internal Doors 3", "door"),
    ("A-320G - Permanent Solid Partitions 12", "wall"), ("I-321G - Virtual Partition 6", "ignore"),
    ("A-2105 misc", "wall"), ("A-3250", "door"), ("Furniture 4", "furniture"),
    ("壁", "wall"), ("建具", "door"), ("柱", "column"), ("室名", "label"), ("家具", "furniture"),
    ("窓", "window"), ("0", "geometry"), ("Layer 1 11", "geometry"), ("Wand (neu)", "wall"),
    ("Hatches", "ignore"),
    # other disciplines and non-room area outlines are ignored by default
    ("M-HVAC-DUCT", "ignore"), ("P-SANR-FIXT", "ignore"), ("E-LITE", "ignore"),
    ("FP-SPRN", "ignore"), ("C-PKNG-STRP", "ignore"), ("A-AREA-GROS", "ignore"),
    ("A-AREA-OCCP", "ignore"), ("A-AREA-RENT", "ignore"), ("A-AREA-OCCP-IDEN", "ignore"),
])
def test_default_layer_map(layer, role):
    assert LayerMap().role(layer) == role


def test_user_layer_map_wins(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text('layers:\n  "Base": ignore\n  "wand*": wall\n  "0": ignore\n'
                    "unmatched: ignore\n", encoding="utf-8")
    layer_map = load_layer_map(path)
    assert layer_map.role("Base") == "ignore"
    assert layer_map.role("Wand (neu)") == "wall"
    assert layer_map.role("0") == "ignore"
    assert layer_map.role("Layer 1 11") == "ignore"
    assert layer_map.role("A-DOOR") == "door"


@pytest.mark.parametrize("text, message", [
    ("layers:\n  A-WALL: walls\n", "unknown role 'walls'"),
    ("layer:\n  A-WALL: wall\n", "unknown key"),
    ("layers: [1, 2]\n", "must map layer names"),
    ("unmatched: wall\n", "geometry or ignore"),
    ("layers: {a: [\n", "not valid YAML"),
])
def test_bad_layer_maps_are_refused(tmp_path, text, message):
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrawingImportError, match=message):
        load_layer_map(path)
    result = runner.invoke(app, ["import-dxf", str(CASES / "dxf" / "hal9k.dxf"), "--layers",
                                 str(path), "--out", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def _japanese_office(path, version):
    """Two rooms (mm) on Japanese layers: double-line walls, a door, columns, names, furniture."""
    doc = ezdxf.new(version)
    if version == "R12":
        doc.encoding = "cp932"
        doc.header["$DWGCODEPAGE"] = "ANSI_932"
    else:
        doc.units = 4
    for name in ("壁", "建具", "柱", "室名", "家具"):
        doc.layers.add(name)
    msp = doc.modelspace()

    def rect(x0, y0, x1, y1, layer):
        points = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        if version == "R12":
            msp.add_polyline2d(points, close=True, dxfattribs={"layer": layer})
        else:
            msp.add_lwpolyline(points, close=True, dxfattribs={"layer": layer})

    # outer wall faces (150 thick) and a partition at x = 6000 with a 900 door gap
    rect(-75, -75, 10075, 5075, "壁")
    rect(75, 75, 9925, 4925, "壁")
    for a, b in [((5925, 75), (5925, 2000)), ((6075, 75), (6075, 2000)),
                 ((5925, 2900), (5925, 4925)), ((6075, 2900), (6075, 4925)),
                 ((5925, 2000), (6075, 2000)), ((5925, 2900), (6075, 2900))]:
        msp.add_line(a, b, dxfattribs={"layer": "壁"})
    msp.add_arc((6000, 2000), 900, 90, 180, dxfattribs={"layer": "建具"})
    msp.add_line((6000, 2000), (5100, 2000), dxfattribs={"layer": "建具"})
    rect(-300, -300, 300, 300, "柱")
    rect(9700, 4700, 10300, 5300, "柱")
    msp.add_text("会議室", dxfattribs={"insert": (2500, 2500), "height": 250, "layer": "室名"})
    msp.add_text("42.24㎡", dxfattribs={"insert": (2500, 2100), "height": 250, "layer": "室名"})
    msp.add_text("事務室", dxfattribs={"insert": (7500, 2500), "height": 250, "layer": "室名"})
    rect(1500, 1000, 3300, 1900, "家具")
    doc.saveas(path)
    return path


@pytest.mark.parametrize("version", ["R12", "R2000", "R2004", "R2007", "R2010", "R2013", "R2018"])
def test_japanese_layers_in_every_version(version, tmp_path):
    path = _japanese_office(tmp_path / f"office-{version}.dxf", version)
    result = import_dxf(path, units="mm" if version == "R12" else None)
    level = result.plan.levels[0]
    rooms = {r.name: r for r in level.rooms}
    assert set(rooms) == {"会議室", "事務室"}
    assert rooms["会議室"].polygon.area == pytest.approx(5.85 * 4.85, rel=0.01)
    assert rooms["会議室"].props["label_area"] == 42.24
    assert rooms["会議室"].use == "meeting" and rooms["事務室"].use == "office"
    door = next(o for o in level.openings if o.kind == "door")
    assert door.width == pytest.approx(0.9)
    assert set(door.connects) == {rooms["会議室"].id, rooms["事務室"].id}
    assert len(level.columns) == 2
    assert [f.room for f in level.furniture] == [rooms["会議室"].id]
    walls = [w for w in level.walls if not w.props.get("thickness_assumed")]
    assert walls and all(w.thickness == pytest.approx(0.15) for w in walls)
    assert result.report.rooms_without_doors == []


def test_cli_json_report_and_level_option(tmp_path):
    out = tmp_path / "hal9k.json"
    result = runner.invoke(app, ["import-dxf", str(CASES / "dxf" / "hal9k.dxf"), "--out",
                                 str(out), "--level", "GF", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["problems"] == []
    assert report["found"]["rooms"] == 12 and report["units"]["name"] == "cm"
    assert report["entities"]["LINE"] == {"read": 77, "not_read": 3}
    assert report["layers"]["Hatches"] == {"role": "ignore", "read": 0, "not_read": 11}
    assert report["layers"]["0"]["role"] == "geometry"
    assert validate_file(out) == []
    plan = load_plan(out)
    assert plan.levels[0].id == "GF"
    assert plan.props["import"]["found"] == report["found"]


def test_cli_text_report(tmp_path):
    result = runner.invoke(app, ["import-dxf", str(CASES / "dxf" / "olymp.dxf"), "--out",
                                 str(tmp_path / "o.yaml")])
    assert result.exit_code == 0, result.output
    assert "entities (read / not read):" in result.output
    assert "Stahltraeger (ignore): 0 / 9" in result.output
    assert f"wrote {tmp_path / 'o.yaml'}" in result.output


def _commands() -> list[str]:
    from pathlib import Path

    import spacedesign.cli.commands as commands  # noqa: TID251 - which commands exist

    present = {p.stem for p in Path(commands.__file__).parent.glob("*.py")}
    # check and capacity arrive from their own branches; each one present is run
    return [name for name in ("check", "capacity") if name in present]


@pytest.mark.parametrize("name", ["hal9k.dxf", "roomsize-two-rooms.dxf"])
def test_imported_plans_run_through_the_other_commands(name, tmp_path):
    out = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["import-dxf", str(CASES / "dxf" / name), "--out",
                               str(out)]).exit_code == 0
    for command in ["validate", *_commands()]:
        args = [command, str(out), "--json"]
        if command == "check":
            args += ["--ruleset", "jp-recommended"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (command, result.output)
        assert json.loads(result.stdout)


def test_window_drawn_as_glazing_lines_in_a_wall_gap(tmp_path):
    doc = ezdxf.new("R2010", units=4)
    for name in ("壁", "窓", "室名"):
        doc.layers.add(name)
    msp = doc.modelspace()
    wall = {"layer": "壁"}
    # south wall (200 thick) with a 1800 gap at x = 2000..3800, other walls closed
    for a, b in [((-100, -100), (2000, -100)), ((3800, -100), (6100, -100)),
                 ((100, 100), (2000, 100)), ((3800, 100), (5900, 100)),
                 ((2000, -100), (2000, 100)), ((3800, -100), (3800, 100)),
                 ((6100, -100), (6100, 4100)), ((5900, 100), (5900, 3900)),
                 ((6100, 4100), (-100, 4100)), ((5900, 3900), (100, 3900)),
                 ((-100, 4100), (-100, -100)), ((100, 3900), (100, 100))]:
        msp.add_line(a, b, dxfattribs=wall)
    for y in (-20, 20):
        msp.add_line((2000, y), (3800, y), dxfattribs={"layer": "窓"})
    msp.add_text("相談室", dxfattribs={"insert": (2500, 2000), "height": 250, "layer": "室名"})
    path = tmp_path / "window.dxf"
    doc.saveas(path)
    result = import_dxf(path)
    level = result.plan.levels[0]
    (room,) = level.rooms
    assert room.name == "相談室" and room.use == "consultation"
    assert room.polygon.area == pytest.approx(5.8 * 3.8, rel=0.001)
    (window,) = [o for o in level.openings if o.kind == "window"]
    assert window.width == pytest.approx(1.8)
    assert window.at == pytest.approx((2.9, 0.0), abs=0.01)
    assert set(window.connects) == {room.id, "outside"}
    assert not [o for o in level.openings if o.kind == "opening"]
