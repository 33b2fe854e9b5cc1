"""The one registry `spacedesign.export.export`, the overlay normalisation and the CLI command."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 (tests drive the CLI)
from spacedesign.errors import InputError
from spacedesign.export import FORMATS, VIEWS, export, format_of
from spacedesign.export.overlays import access_overlay, seat_counts
from spacedesign.io import load_plan
from tests.conftest import CASES

GOOD = CASES / "access" / "good.yaml"


def test_format_follows_the_suffix_unless_given(tmp_path):
    assert format_of(tmp_path / "a.DXF") == "dxf"
    assert format_of(tmp_path / "a.out", "glb") == "glb"
    with pytest.raises(InputError, match="unknown export format"):
        format_of(tmp_path / "a.txt")
    assert FORMATS == ("dxf", "png", "svg", "pdf", "glb")
    assert VIEWS == ("plan", "access", "capacity", "exterior", "axon")


def test_registry_rejects_bad_requests(tmp_path):
    plan = load_plan(GOOD)
    with pytest.raises(InputError, match="unknown view"):
        export(plan, tmp_path / "a.png", view="section")
    with pytest.raises(InputError, match="DXF only"):
        export(plan, tmp_path / "a.png", jw=True)
    with pytest.raises(InputError, match="no levels"):
        export(plan.with_changes(levels=()), tmp_path / "a.png")


def test_registry_writes_into_new_folders(tmp_path):
    plan = load_plan(GOOD)
    out = tmp_path / "deep" / "er" / "model.bin"
    assert export(plan, out, fmt="glb") == [out]
    assert out.read_bytes()[:4] == b"glTF"


def test_overlay_accepts_mappings_objects_and_plain_sequences():
    report = {"findings": [{"rule": "A", "status": "fail", "element": "x", "location": [1, 2]},
                           {"rule": "B", "status": "pass"}],
              "geometry": {"route": [[[0, 0], [1, 0]], {"points": [[0, 1], [2, 1]]}],
                           "turning_circles": [{"center": [3, 3]}],
                           "pinch_points": [{"at": [1, 1], "width": 0.78}, [2, 2]]}}
    overlay = access_overlay(report)
    assert overlay is not None
    assert [f.number for f in overlay.problems] == [1]
    assert overlay.problems[0].location == (1.0, 2.0)
    assert len(overlay.routes) == 2 and overlay.circles == ((3.0, 3.0, 0.75),)
    assert overlay.narrow == ((1.0, 1.0, 0.78), (2.0, 2.0, None))
    assert access_overlay(None) is None
    assert seat_counts({"rooms": [{"id": "m", "capacity": 12}, {"id": "n"}]}) == {"m": 12}
    assert seat_counts({"m": 3}) == {"m": 3} and seat_counts(None) == {}


@given(st.lists(st.sampled_from(["pass", "fail", "warn", "n/a"]), max_size=30))
def test_findings_keep_their_report_numbers(statuses):
    overlay = access_overlay([{"rule": "R", "status": s} for s in statuses])
    assert overlay is not None
    assert [f.number for f in overlay.findings] == list(range(1, len(statuses) + 1))
    assert [f.number for f in overlay.problems] == [
        i + 1 for i, s in enumerate(statuses) if s in ("fail", "warn")]


runner = CliRunner()


def test_cli_export_dxf_with_jw_copy(tmp_path):
    out = tmp_path / "good.dxf"
    result = runner.invoke(app, ["export", str(GOOD), "--out", str(out), "--jw", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["written"] == [str(out), str(tmp_path / "good_jw.dxf")]
    assert report["format"] == "dxf" and out.is_file()


def test_cli_format_option_and_errors(tmp_path):
    out = tmp_path / "plan.img"
    ok = runner.invoke(app, ["export", str(GOOD), "--format", "svg", "--view", "access",
                             "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert out.read_text().lstrip().startswith("<?xml")
    bad_view = runner.invoke(app, ["export", str(GOOD), "--view", "section", "--out", str(out)])
    assert bad_view.exit_code == 2
    bad_suffix = runner.invoke(app, ["export", str(GOOD), "--out", str(tmp_path / "a.txt")])
    assert bad_suffix.exit_code == 1 and "unknown export format" in bad_suffix.stderr
    missing = runner.invoke(app, ["export", str(tmp_path / "nope.yaml"), "--out", str(out)])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    # --format png --out x.pdf used to write a PNG named .pdf
    clash = runner.invoke(app, ["export", str(GOOD), "--format", "png", "--out",
                                str(tmp_path / "x.pdf")])
    assert clash.exit_code == 1 and "does not match the output suffix .pdf" in clash.stderr
    assert "Traceback" not in clash.output and not (tmp_path / "x.pdf").exists()
    bad_date = runner.invoke(app, ["export", str(GOOD), "--date", "31/01/2026", "--out",
                                   str(tmp_path / "d.dxf")])
    assert bad_date.exit_code == 1 and "--date" in bad_date.stderr
    assert "Traceback" not in bad_date.output


def test_format_must_agree_with_a_known_suffix(tmp_path):
    assert format_of(tmp_path / "x.pdf", "pdf") == "pdf"
    assert format_of(tmp_path / "x.img", "png") == "png"  # unknown suffix: --format decides
    with pytest.raises(InputError, match="does not match"):
        format_of(tmp_path / "x.pdf", "png")
    with pytest.raises(InputError, match="does not match"):
        export(load_plan(GOOD), tmp_path / "x.glb", fmt="dxf")


def test_title_date_is_tokyo_and_can_be_fixed(tmp_path, monkeypatch):
    import datetime

    from ezdxf import recover

    from spacedesign.export.image import build_figure

    plan = load_plan(GOOD)
    # 2026-03-31 16:00 UTC is already 1 April in Tokyo
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1774972800")

    def sheet_text(path):
        layout = recover.readfile(path)[0].layouts.get("A3-1_100")
        return " ".join(t.dxf.text for t in layout.query("TEXT"))

    assert "日付 2026-04-01" in sheet_text(export(plan, tmp_path / "a.dxf")[0])
    fixed = export(plan, tmp_path / "b.dxf", date=datetime.date(2025, 12, 24))[0]
    assert "日付 2025-12-24" in sheet_text(fixed)
    title = [t.get_text() for ax in build_figure(plan, "plan").axes for t in ax.texts]
    assert any("日付 2026-04-01" in t for t in title)
    result = runner.invoke(app, ["export", str(GOOD), "--date", "2027-02-03", "--out",
                                 str(tmp_path / "c.dxf")])
    assert result.exit_code == 0, result.output
    assert "日付 2027-02-03" in sheet_text(tmp_path / "c.dxf")


def test_overlay_reads_the_rules_geometry_tuples():
    from shapely.geometry import box

    geometry = {
        "routes": (("A1", "lobby", "wheelchair", ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0)), 2.0),
                   ("A1", "store", "walking", ((0.0, 0.0), (0.0, 5.0)), 5.0)),
        "narrow_points": (((1.0, 2.0), 0.78, "corridor"),),
        "turning_circles": (((3.0, 3.0), 1.5, "lobby"),),
        "isovists": (((0.0, 0.0), box(0, 0, 1, 1), "reception"),),
        "failures": (((1.0, 2.0), "ROUTE-WIDTH", "corridor"),),
    }
    overlay = access_overlay({"findings": [], "geometry": geometry})
    assert overlay is not None
    assert overlay.routes == (((0.0, 0.0), (1.0, 0.0), (1.0, 1.0)),)
    assert overlay.walking_routes == (((0.0, 0.0), (0.0, 5.0)),)
    assert overlay.narrow == ((1.0, 2.0, 0.78),)
    assert overlay.circles == ((3.0, 3.0, 0.75),)  # the diameter 1.5 m becomes a 0.75 m radius
    assert len(overlay.isovists) == 1


def test_cli_draws_what_the_rules_and_capacity_modules_return(tmp_path, monkeypatch, report):
    import importlib

    from ezdxf import recover

    calls = []

    def fake_check(plan, ruleset):
        calls.append(ruleset)
        return report

    def fake_assess(plan):
        return {"rooms": [{"id": "meeting", "capacity": 12}]}

    monkeypatch.setattr(importlib.import_module("spacedesign.rules"), "check_plan", fake_check,
                        raising=False)
    monkeypatch.setattr(importlib.import_module("spacedesign.capacity"), "assess_plan",
                        fake_assess, raising=False)
    out = tmp_path / "ramp.dxf"
    result = runner.invoke(app, ["export", str(CASES / "access" / "ramp-steep.yaml"), "--out",
                                 str(out), "--ruleset", "tokyo", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] is True and calls == ["tokyo"]
    msp = recover.readfile(out)[0].modelspace()
    assert {"2", "RAMP-SLOPE fail"} <= {t.dxf.text for t in msp.query("TEXT[layer=='G-ACCS-FAIL']")}
    tags = [t.plain_text() for t in msp.query("MTEXT[layer=='A-AREA-IDEN']")]
    assert "会議室\n31.20m²\n定員12名" in tags


def test_a_plan_without_site_exports_in_every_format(tmp_path):
    plan = load_plan(GOOD).with_changes(site=None)
    for name, view in [("a.dxf", "plan"), ("a.png", "exterior"), ("a.svg", "access"),
                       ("a.pdf", "capacity"), ("a.glb", "plan")]:
        assert export(plan, tmp_path / name, view=view)[0].stat().st_size > 1000
