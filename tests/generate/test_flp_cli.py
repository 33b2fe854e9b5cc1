import json
import os
import subprocess
import sys

from spacedesign.io import load_flp
from spacedesign.model.flp import FlpRectangle, flp_objective, flp_violations
from tests.conftest import FLP_CASES, REPO


def run(*args):
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "spacedesign", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_flp_solve_prints_the_contract_json():
    path = next(p for p in FLP_CASES if p.stem == "O8")
    result = run("flp", "solve", str(path), "--time-limit", "2", "--seed", "4", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"objective", "rectangles", "seconds"}
    assert all(set(r) == {"id", "x", "y", "w", "h"} for r in data["rectangles"])
    assert isinstance(data["seconds"], float | int) and data["seconds"] >= 0
    rectangles = [FlpRectangle(**r) for r in data["rectangles"]]
    instance = load_flp(path)
    assert flp_violations(instance, rectangles) == []
    assert abs(flp_objective(instance, rectangles) - data["objective"]) < 1e-6


def test_flp_solve_verbose_reports_the_search_on_stderr_only():
    path = next(p for p in FLP_CASES if p.stem == "O7")
    result = run(
        "flp", "solve", str(path), "--time-limit", "1", "--seed", "2", "--json", "--verbose"
    )
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)) == {"objective", "rectangles", "seconds"}
    assert "layouts evaluated" in result.stderr
    assert "seed 2" in result.stderr


def test_flp_solve_human_output_and_bad_input(tmp_path):
    path = next(p for p in FLP_CASES if p.stem == "O7")
    result = run("flp", "solve", str(path), "--time-limit", "1")
    assert result.returncode == 0, result.stderr
    assert "objective" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "spacedesign.flp/1", "name": "x"}')
    result = run("flp", "solve", str(bad), "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    missing = run("flp", "solve", str(tmp_path / "none.json"))
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr
