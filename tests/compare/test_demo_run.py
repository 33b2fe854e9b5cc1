"""`spacedesign demo` end to end (small generation budget), honest about missing stages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 (tests drive the CLI)
from tests.conftest import CASES, REPO
from tests.score.programs import write_program

runner = CliRunner()


def _root(tmp_path: Path) -> Path:
    """The repository when the Nakano model is there, else a stand-in made of the cases."""
    if (REPO / "floorplans" / "nakano-ipc.yaml").exists():
        return REPO
    root = tmp_path / "root"
    (root / "floorplans").mkdir(parents=True)
    (root / "scenarios").mkdir()
    shutil.copy(CASES / "access" / "good.yaml", root / "floorplans" / "nakano-ipc.yaml")
    write_program(root / "scenarios").rename(root / "scenarios" / "program-2026.yaml")
    for letter, case in zip("abc", ("corridor-narrow", "consult-narrow", "ramp-steep"),
                            strict=True):
        shutil.copy(CASES / "access" / f"{case}.yaml", root / "scenarios" / f"scenario-{letter}.yaml")
    return root


@pytest.mark.slow
def test_demo_runs_every_available_stage(tmp_path, monkeypatch):
    root = _root(tmp_path)
    out = tmp_path / "renders"
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["demo", "--out", str(out), "--count", "2", "--time-limit", "5",
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "demo.json").read_text(encoding="utf-8"))
    stages = {s["name"]: s for s in record["stages"]}
    # every stage's module is on main now: each must run, none may be "not available"
    expected = ["validate", "generate", "score", "compare + report", "export best 3", "booking"]
    assert list(stages) == expected
    for name in expected:
        assert stages[name]["status"] == "ok", stages[name]
    for stage in record["stages"]:
        for path in stage["paths"]:
            assert Path(path).exists(), path
    for name in ("report.html", "sheet.pdf", "sheet.png", "summary.json"):
        assert (out / name).exists()
    assert len(record["ranking"]) >= 3
    assert "scenarios ranked" in result.stdout and "paths written" in result.stdout
    for rank in (1, 2, 3):
        for name in ("plan.dxf", "plan_jw.dxf", "plan.pdf", "plan.png", "model.glb"):
            assert (out / f"best-{rank}" / name).exists()
