"""Rooms drawn in part, damaged binary files, stray NUL bytes, and what the report says."""

from __future__ import annotations

import json

import ezdxf
import pytest
from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 - CONVENTIONS: test the CLI via CliRunner
from spacedesign.errors import DrawingImportError
from spacedesign.io import validate_file
from spacedesign.io.dxf_import import import_dxf
from spacedesign.io.dxf_import.reading import format_size
from tests.conftest import CASES

HAL9K = CASES / "dxf" / "hal9k.dxf"
runner = CliRunner()


def _label(msp, text, at):
    msp.add_text(text, dxfattribs={"layer": "A-AREA-IDEN", "height": 200}).set_placement(at)


def _three_rooms(path, *, gross_layer="A-AREA-GROS"):
    """Three rooms in a row, walled; only the middle one has a drawn outline on A-AREA, and a
    gross-area outline around the whole floor sits on ``gross_layer``."""
    doc = ezdxf.new("R2013", units=4)
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (12000, 0), (12000, 4000), (0, 4000)], close=True,
                       dxfattribs={"layer": "A-WALL"})
    for x in (4000, 8000):
        msp.add_line((x, 0), (x, 4000), dxfattribs={"layer": "A-WALL"})
    msp.add_lwpolyline([(4000, 0), (8000, 0), (8000, 4000), (4000, 4000)], close=True,
                       dxfattribs={"layer": "A-AREA"})
    msp.add_lwpolyline([(-100, -100), (12100, -100), (12100, 4100), (-100, 4100)], close=True,
                       dxfattribs={"layer": gross_layer})
    for name, x in (("Office", 2000), ("Meeting", 6000), ("Storage", 10000)):
        _label(msp, name, (x, 2000))
    doc.saveas(path)
    return path


@pytest.mark.parametrize("gross_layer", ["A-AREA-GROS", "A-AREA-OCCP", "A-AREA"])
def test_drawn_room_outlines_and_walls_together(tmp_path, gross_layer):
    result = import_dxf(_three_rooms(tmp_path / "rooms.dxf", gross_layer=gross_layer))
    rooms = {r.name: r for r in result.plan.levels[0].rooms}
    assert set(rooms) == {"Office", "Meeting", "Storage"}
    assert rooms["Meeting"].props["source"] == "outline"
    assert rooms["Office"].props["source"] == rooms["Storage"].props["source"] == "walls"
    for room in rooms.values():
        assert room.polygon.area == pytest.approx(16.0, abs=0.05)
    if gross_layer == "A-AREA":  # an outline around other rooms on a room layer is not a room
        assert any("enclose other rooms" in w for w in result.report.warnings)


def test_a_stray_nul_byte_does_not_make_a_dxf_a_dwg(tmp_path):
    data = HAL9K.read_bytes()
    at = data.index(b"Lager")
    path = tmp_path / "nul.dxf"
    path.write_bytes(data[:at] + b"Lag\x00r" + data[at + 5:])
    assert len(import_dxf(path).plan.levels[0].rooms) >= 10


def test_a_dwg_is_named_as_such(tmp_path):
    path = tmp_path / "plan.dxf"
    path.write_bytes(b"AC1032\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4)
    with pytest.raises(DrawingImportError, match=r"DWG file \(AC1032\); save it as DXF"):
        import_dxf(path)


def _binary_copy(tmp_path):
    doc = ezdxf.readfile(HAL9K)
    path = tmp_path / "hal9k-bin.dxf"
    doc.saveas(path, fmt="bin")
    return path


@pytest.mark.parametrize("fraction", [0.97, 0.8])
def test_truncated_binary_dxf_gives_a_partial_plan(tmp_path, fraction):
    whole = _binary_copy(tmp_path)
    complete = import_dxf(whole).report
    data = whole.read_bytes()
    cut = tmp_path / "cut.dxf"
    cut.write_bytes(data[: int(len(data) * fraction)])
    result = import_dxf(cut)
    assert result.report.binary
    assert any("binary DXF is damaged" in w and "rest of the file is lost" in w
               for w in result.report.warnings)
    read = sum(v["read"] for v in result.report.entities.values())
    everything = sum(v["read"] for v in complete.entities.values())
    assert 0 < read <= everything
    if fraction <= 0.8:
        assert read < everything
    out = tmp_path / "cut.yaml"
    assert runner.invoke(app, ["import-dxf", str(cut), "--out", str(out)]).exit_code == 0
    assert validate_file(out) == []


def test_area_labels_that_disagree_are_warned_about():
    report = import_dxf(HAL9K).report
    by_name = {item["name"]: item for item in report.labelled_areas}
    assert by_name["Lager"]["differs"] and not by_name["Fællesrum"]["differs"]
    assert any("Lager" in w and "30 m²" in w for w in report.warnings)
    for item in report.labelled_areas:
        error = abs(item["area"] - item["label_area"]) / item["label_area"]
        assert item["differs"] == (error > 0.10)


def test_unnamed_rooms_are_reported_and_furnished_ones_get_a_use(tmp_path):
    doc = ezdxf.new("R2013", units=4)
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (8000, 0), (8000, 4000), (0, 4000)], close=True,
                       dxfattribs={"layer": "A-WALL"})
    msp.add_line((4000, 0), (4000, 4000), dxfattribs={"layer": "A-WALL"})
    desk = doc.blocks.new("DESK-1600")
    desk.add_lwpolyline([(0, 0), (1600, 0), (1600, 800), (0, 800)], close=True)
    for y in (500, 2000):
        msp.add_blockref("DESK-1600", (1000, y), dxfattribs={"layer": "A-FURN"})
    path = tmp_path / "offices.dxf"
    doc.saveas(path)
    result = import_dxf(path)
    rooms = sorted(result.plan.levels[0].rooms, key=lambda r: r.polygon.geometry.centroid.x)
    assert [r.use for r in rooms] == ["office", "other"]
    assert rooms[0].props["use_from"].startswith("furniture (2 desk")
    assert [u["room"] for u in result.report.unnamed_rooms] == sorted(r.id for r in rooms)
    assert any("have no name label" in w for w in result.report.warnings)


@pytest.mark.parametrize("size, text", [
    (812, "812 bytes"), (10_000, "10 kB"), (35_223, "35.2 kB"), (1_403_470, "1.4 MB"),
    (100_000_000, "100 MB"), (2.5e9, "2.5 GB"),
])
def test_sizes_read_like_sizes(size, text):
    assert format_size(size) == text


def test_size_limit_message_names_real_sizes(tmp_path):
    result = runner.invoke(app, ["import-dxf", str(HAL9K), "--out", str(tmp_path / "p.yaml"),
                                 "--max-size-mb", "0.01"])
    assert result.exit_code == 1
    assert "35.2 kB, more than the limit of 10 kB" in result.output


@pytest.mark.parametrize("args, message", [
    (["missing.dxf"], "cannot read the drawing"),
    ([str(HAL9K), "--max-size-mb", "0.01"], "more than the limit"),
])
def test_json_errors_come_out_as_json(tmp_path, args, message):
    result = runner.invoke(app, ["import-dxf", *args, "--out", str(tmp_path / "p.yaml"),
                                 "--json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["ok"] is False and message in document["error"]
    assert not (tmp_path / "p.yaml").exists()
