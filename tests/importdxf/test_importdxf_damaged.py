"""Damaged and unusual drawings: a clear message or a partial result, never a traceback."""

from __future__ import annotations

import os
import random
import time

import ezdxf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 - CONVENTIONS: test the CLI via CliRunner
from spacedesign.errors import DrawingImportError
from spacedesign.io import validate_file
from spacedesign.io.dxf_import import import_dxf
from tests.conftest import CASES
from tests.importdxf.dxf_writers import write_lines_dxf, write_raw_huge_dxf

HAL9K = CASES / "dxf" / "hal9k.dxf"
runner = CliRunner()


def _cli(*args):
    result = runner.invoke(app, ["import-dxf", *map(str, args)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def _truncated(tmp_path, fraction):
    data = HAL9K.read_bytes()
    path = tmp_path / f"cut{int(fraction * 100)}.dxf"
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def test_truncated_drawing_gives_a_partial_plan_with_a_warning(tmp_path):
    result = _cli(_truncated(tmp_path, 0.95), "--out", tmp_path / "p.yaml")
    assert result.exit_code == 0, result.output
    assert "the file ends early" in result.output
    assert validate_file(tmp_path / "p.yaml") == []
    plan = import_dxf(_truncated(tmp_path, 0.95)).plan
    assert len(plan.levels[0].rooms) >= 10


def test_drawing_cut_before_its_entities_is_refused_clearly(tmp_path):
    result = _cli(_truncated(tmp_path, 0.1), "--out", tmp_path / "p.yaml")
    assert result.exit_code == 1
    assert "holds no walls, rooms or other geometry" in result.output
    assert "ends early" in result.output
    assert not (tmp_path / "p.yaml").exists()


def test_duplicate_handles_are_renumbered_and_read(tmp_path):
    lines = HAL9K.read_text(encoding="cp1252").split("\n")
    first = None
    for i in range(len(lines) - 2):
        if lines[i].strip() == "LINE" and lines[i + 1].strip() == "5":
            first = first or lines[i + 2].strip()
            lines[i + 2] = first
    path = tmp_path / "dup.dxf"
    path.write_text("\n".join(lines), encoding="cp1252")
    result = import_dxf(path)
    assert any("new handles" in w for w in result.report.warnings)
    assert len(result.plan.levels[0].rooms) == len(import_dxf(HAL9K).plan.levels[0].rooms)


def test_binary_dxf_reads_like_the_ascii_one(tmp_path):
    doc = ezdxf.readfile(HAL9K)
    path = tmp_path / "hal9k-binary.dxf"
    doc.saveas(path, fmt="bin")
    assert path.read_bytes().startswith(b"AutoCAD Binary DXF")
    result = _cli(path, "--out", tmp_path / "b.yaml", "--json")
    assert result.exit_code == 0, result.output
    binary = import_dxf(path)
    assert binary.report.binary
    ascii_names = sorted(r.name for r in import_dxf(HAL9K).plan.levels[0].rooms)
    assert sorted(r.name for r in binary.plan.levels[0].rooms) == ascii_names


def test_drawing_without_walls(tmp_path):
    doc = ezdxf.new("R2013", units=4)
    msp = doc.modelspace()
    msp.add_text("倉庫", dxfattribs={"insert": (0, 0), "height": 250})
    path = tmp_path / "text-only.dxf"
    doc.saveas(path)
    result = _cli(path, "--out", tmp_path / "t.yaml")
    assert result.exit_code == 1
    assert "holds no walls, rooms or other geometry" in result.output
    assert "1 TEXT" in result.output
    # furniture but no walls: a partial plan with warnings
    doc.layers.add("家具")
    msp.add_lwpolyline([(0, 0), (1800, 0), (1800, 900), (0, 900)], close=True,
                       dxfattribs={"layer": "家具"})
    msp.add_lwpolyline([(3000, 0), (4800, 0), (4800, 900), (3000, 900)], close=True,
                       dxfattribs={"layer": "家具"})
    doc.saveas(path)
    result = _cli(path, "--out", tmp_path / "t.yaml")
    assert result.exit_code == 0, result.output
    assert "warning: no walls found" in result.output
    assert validate_file(tmp_path / "t.yaml") == []


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (os.urandom(4000), "not a DXF"),
    (b"AC1032\x00\x00" + bytes(range(256)) * 8, "not a DXF"),
])
def test_files_that_are_not_drawings(tmp_path, content, message):
    path = tmp_path / "bad.dxf"
    path.write_bytes(content)
    result = _cli(path, "--out", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert message in result.output
    with pytest.raises(DrawingImportError):
        import_dxf(path)


def test_missing_file(tmp_path):
    result = _cli(tmp_path / "nope.dxf", "--out", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert "cannot read the drawing" in result.output


def test_a_100_megabyte_drawing_is_refused_at_once(tmp_path):
    path = write_raw_huge_dxf(tmp_path / "huge.dxf", 100)
    assert path.stat().st_size >= 100_000_000
    started = time.monotonic()
    result = _cli(path, "--out", tmp_path / "x.yaml")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "MB, more than the limit of 64 MB" in result.output
    assert "--max-size-mb" in result.output
    path.unlink()


def test_large_drawing_reports_progress(tmp_path):
    path = write_lines_dxf(tmp_path / "lines.dxf", 8000)
    seen = []
    result = import_dxf(path, progress=lambda phase, fraction: seen.append((phase, fraction)))
    phases = {phase for phase, _ in seen}
    # every phase of the import is covered, not only the file read
    assert phases == {"reading", "collecting", "walls", "doors", "rooms"}
    for phase in phases:
        fractions = [f for p, f in seen if p == phase]
        assert fractions == sorted(fractions) and fractions[-1] == 1.0, phase
    reading = [f for phase, f in seen if phase == "reading"]
    assert len(reading) >= 3
    # the phases come in pipeline order: reading, collecting, then the geometry
    first = {phase: seen.index(next(s for s in seen if s[0] == phase)) for phase in phases}
    assert first["reading"] < first["collecting"] < min(first["walls"], first["doors"],
                                                        first["rooms"])
    assert result.report.found["walls"] == 8000


def test_unitless_drawing_is_inferred_with_a_warning(tmp_path):
    doc = ezdxf.new("R2013")
    doc.header["$INSUNITS"] = 0
    msp = doc.modelspace()
    for a, b in [((0, 0), (6000, 0)), ((6000, 0), (6000, 4000)), ((6000, 4000), (0, 4000)),
                 ((0, 4000), (0, 0)), ((3000, 0), (3000, 4000))]:
        msp.add_line(a, b)
    msp.add_arc((1000, 4000), 900, 270, 360)
    msp.add_line((1000, 4000), (1000, 3100))
    msp.add_text("会議室", dxfattribs={"insert": (1200, 2000), "height": 250})
    path = tmp_path / "nounits.dxf"
    doc.saveas(path)
    result = import_dxf(path)
    assert result.report.units["name"] == "mm" and result.report.units["source"] == "inferred"
    assert any("has no unit" in w for w in result.report.warnings)
    rooms = {r.name: r for r in result.plan.levels[0].rooms}
    assert rooms["会議室"].polygon.area == pytest.approx(12.0)
    assert rooms["会議室"].use == "meeting"
    door = next(o for o in result.plan.levels[0].openings if o.kind == "door")
    assert door.width == pytest.approx(0.9)
    # the same drawing with --units cm would be a doll's house: the option wins
    forced = import_dxf(path, units="cm")
    assert forced.report.units["source"] == "option"


@st.composite
def entity_soup(draw):
    """Random line work, arcs, polylines, texts and inserts on random layers, some degenerate."""
    coordinate = st.one_of(st.floats(-20_000, 20_000), st.sampled_from([0.0, 1e-9, 1e7]))
    point = st.tuples(coordinate, coordinate)
    layers = st.sampled_from(["0", "A-WALL", "A-DOOR", "壁", "建具", "A-AREA-IDEN", "A-FURN",
                              "S-COLS", "A-GLAZ", "misc"])
    items = draw(st.lists(st.tuples(st.sampled_from(["line", "arc", "poly", "text", "circle"]),
                                    layers, point, point, st.floats(1, 3000),
                                    st.floats(0, 360), st.booleans()), max_size=40))
    return items


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(items=entity_soup())
def test_random_drawings_never_raise_anything_but_a_clear_error(items, tmp_path):
    doc = ezdxf.new("R2013", units=4)
    msp = doc.modelspace()
    for kind, layer, a, b, size, angle, flag in items:
        attribs = {"layer": layer}
        if kind == "line":
            msp.add_line(a, b, dxfattribs=attribs)
        elif kind == "arc":
            msp.add_arc(a, size, angle, angle + (90 if flag else 20), dxfattribs=attribs)
        elif kind == "poly":
            msp.add_lwpolyline([a, b, (b[0], a[1])], close=flag, dxfattribs=attribs)
        elif kind == "circle":
            msp.add_circle(a, size, dxfattribs=attribs)
        else:
            msp.add_text("会議室" if flag else "12.5 m2",
                         dxfattribs={**attribs, "insert": a, "height": 250})
    path = tmp_path / "soup.dxf"
    doc.saveas(path)
    try:
        result = import_dxf(path)
    except DrawingImportError as exc:
        assert str(exc)
        return
    out = tmp_path / "soup.yaml"
    from spacedesign.io import save_document

    save_document(result.plan, out)
    assert [str(p) for p in validate_file(out) if p.severity == "error"] == []


@pytest.mark.parametrize("seed", range(12))
def test_mutated_drawings_import_or_fail_clearly(seed, tmp_path):
    """Lines of hal9k.dxf replaced, dropped, doubled or set to nonsense, as a bad copy would."""
    rng = random.Random(seed)
    lines = HAL9K.read_bytes().split(b"\n")
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.3:
            lines[i] = bytes(rng.randrange(32, 127) for _ in range(rng.randint(0, 8)))
        elif op < 0.5:
            del lines[i]
        elif op < 0.7:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op < 0.85:
            lines[i] = str(rng.uniform(-1e12, 1e12)).encode()
        else:
            lines[i] = b"-1"
    path = tmp_path / "mutated.dxf"
    path.write_bytes(b"\n".join(lines))
    result = _cli(path, "--out", tmp_path / "m.yaml")
    assert result.exit_code in (0, 1)
    assert result.output.strip()  # a report, or one clear message
