"""`spacedesign score` and `spacedesign compare` through the CLI."""

from __future__ import annotations

import json
import re
import struct

from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 (tests drive the CLI)
from spacedesign.pipeline import optional_function
from spacedesign.score import CRITERIA
from tests.conftest import ACCESS_CASES, CASES
from tests.score.programs import write_program

runner = CliRunner()
GOOD = CASES / "access" / "good.yaml"


def test_score_json(tmp_path):
    program = write_program(tmp_path)
    result = runner.invoke(app, ["score", str(GOOD), "--program", str(program), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "good: compliant small centre"
    assert data["program"] == "test: small centre"
    assert list(data["criteria"]) == list(CRITERIA)
    assert 0 <= data["composite"] <= 100
    rules_here = optional_function("spacedesign.rules", "check_plan") is not None
    capacity_here = optional_function("spacedesign.capacity", "assess_plan") is not None
    # a criterion is judged exactly when the module behind it is installed: never invented
    assert (data["criteria"]["accessibility"]["score"] is not None) == rules_here
    assert (data["criteria"]["capacity"]["score"] is not None) == capacity_here
    assert any("accessibility" in m for m in data["not_available"]) == (not rules_here)


def test_score_table(tmp_path):
    program = write_program(tmp_path)
    result = runner.invoke(app, ["score", str(GOOD), "--program", str(program)])
    assert result.exit_code == 0, result.output
    assert "composite" in result.stdout and "プログラム適合" in result.stdout


def test_score_rejects_bad_input(tmp_path):
    result = runner.invoke(app, ["score", str(tmp_path / "missing.yaml"),
                                 "--program", str(write_program(tmp_path))])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    bad = write_program(tmp_path, "weights: {beauty: 1}\n")
    result = runner.invoke(app, ["score", str(GOOD), "--program", str(bad)])
    assert result.exit_code == 1
    assert "unknown weight 'beauty'" in result.stderr


def test_program_weights_change_the_composite(tmp_path):
    plain = write_program(tmp_path)
    base = json.loads(runner.invoke(app, ["score", str(GOOD), "--program", str(plain),
                                          "--json"]).stdout)
    (tmp_path / "w").mkdir()
    weighted = write_program(tmp_path / "w", "weights: {daylight: 5}\n")
    data = json.loads(runner.invoke(app, ["score", str(GOOD), "--program", str(weighted),
                                          "--json"]).stdout)
    assert data["weights"]["daylight"] == 5
    assert data["composite"] < base["composite"]  # the lounge has no window: daylight is 0


def _png_size(path):
    header = path.read_bytes()[:24]
    return struct.unpack(">II", header[16:24])


def test_compare_writes_sheet_report_and_summary(tmp_path):
    program = write_program(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["compare", *map(str, ACCESS_CASES), "--program", str(program),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("sheet.pdf", "sheet.png", "pareto.png", "report.html", "summary.json"):
        assert (out / name).stat().st_size > 1000, name
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["scenarios"]) == len(ACCESS_CASES)
    assert [s["rank"] for s in summary["scenarios"]] == list(range(1, len(ACCESS_CASES) + 1))
    composites = [s["composite"] for s in summary["scenarios"]]
    assert composites == sorted(composites, reverse=True)
    assert summary["pareto_front"] and set(summary["pareto_front"]) <= set(summary["ranking"])
    assert set(summary["scenarios"][0]["scores"]) == set(CRITERIA)
    # A3 landscape: 420 × 297 mm = 1190.55 × 841.89 pt
    pdf = (out / "sheet.pdf").read_bytes()
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    assert abs(float(box.group(1)) - 1190.55) < 1 and abs(float(box.group(2)) - 841.89) < 1
    assert b"IPAexGothic" in pdf  # the Japanese font is embedded
    width, height = _png_size(out / "sheet.png")
    assert abs(width / height - 420 / 297) < 0.01
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "http://" not in html and "https://" not in html


def test_compare_json(tmp_path):
    program = write_program(tmp_path)
    result = runner.invoke(app, ["compare", str(GOOD), str(ACCESS_CASES[0]), "--program",
                                 str(program), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["scenarios"]) == 2 and data["files"]["report"]
