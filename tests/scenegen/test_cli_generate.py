"""``spacedesign generate``: files that validate, index.json, same seed → same bytes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 (tests drive the CLI in-process)
from spacedesign.cli.commands import generate as generate_command  # noqa: TID251
from spacedesign.generate.scenario import CORRIDOR_ID
from spacedesign.io import load_plan, load_program, validate_file
from spacedesign.rules import check_plan
from tests.scenegen.conftest import PROGRAM_FILE

runner = CliRunner()


def _generate(out, *extra):
    result = runner.invoke(app, ["generate", "--program", str(PROGRAM_FILE), "--count", "2",
                                 "--seed", "4", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result


def _assert_wheelchair_reach(scenario, ruleset):
    level = scenario.levels[0]
    new_public = {r.id for r in level.rooms if r.props.get("generated") and r.public}
    assert any(f.room in new_public for f in level.furniture), "the scenario is not furnished"
    report = check_plan(scenario, ruleset)
    reach = {f.element: f.status for f in report.findings
             if f.rule == "ROUTE-REACH" and f.element in new_public}
    assert reach and set(reach.values()) == {"pass"}, reach
    critical = [f for f in report.findings if f.status == "fail" and f.severity == "critical"
                and f.element in new_public]
    assert not critical


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_generate_writes_valid_ranked_scenarios(tmp_path):
    out = tmp_path / "gen"
    result = _generate(out, "--workers", "1", "--json")
    report = json.loads(result.stdout)
    assert [s["rank"] for s in report["scenarios"]] == [1, 2]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["format"] == "spacedesign.generate-index/1"
    assert index["seed"] == 4 and index["strategy"] == "spine-bands"
    program = load_program(PROGRAM_FILE)
    scores = [s["score"] for s in index["scenarios"]]
    assert scores == sorted(scores, reverse=True)
    for row in index["scenarios"]:
        path = out / row["file"]
        assert validate_file(path) == []
        scenario = load_plan(path)
        info = scenario.scenario
        assert (out / info.base).resolve() == (PROGRAM_FILE.parent / program.plan).resolve()
        assert (out / info.program).resolve() == PROGRAM_FILE.resolve()
        assert info.generator["strategy"] == "spine-bands" and info.generator["rank"] == row["rank"]
        assert "scores" not in info.generator
        assert scenario.name == row["name"] and scenario.name.startswith(f"案G{row['rank']} ")
        assert isinstance(row["failures"], list)
        assert set(row["scores"]) >= {"accessibility", "adjacency", "daylight", "program_fit"}
        level = scenario.levels[0]
        assert level.room(CORRIDOR_ID).use == "corridor"
        _assert_wheelchair_reach(scenario, program.ruleset)
        for space in program.spaces:
            rooms = [r for r in level.rooms if r.props.get("space") == space.id]
            assert len(rooms) == space.count
            assert all(space.area[0] - 1e-6 <= r.polygon.area <= space.area[1] + 1e-6 for r in rooms)


def test_same_seed_same_bytes_in_process_and_on_a_pool(tmp_path):
    _generate(tmp_path / "a", "--workers", "1")
    _generate(tmp_path / "b", "--workers", "2")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_rerun_replaces_the_previous_files(tmp_path):
    out = tmp_path / "gen"
    _generate(out, "--workers", "1")
    result = runner.invoke(app, ["generate", "--program", str(PROGRAM_FILE), "--count", "1",
                                 "--seed", "5", "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["index.json", "scenario-01.yaml"]
    assert "scenario-01.yaml" in result.stdout


def test_bad_input_exits_1_with_one_message(tmp_path):
    result = runner.invoke(app, ["generate", "--program", str(tmp_path / "missing.yaml"),
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["generate", "--program", str(PROGRAM_FILE), "--count", "0",
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 1


def test_time_limit_counts_from_start_up(tmp_path, monkeypatch):
    """A start-up that already took longer than the limit: the least work, one scenario."""
    ticks = iter(range(10_000))
    monkeypatch.setattr(generate_command, "_clock", lambda: float(next(ticks)))
    monkeypatch.setattr(generate_command, "_process_start", lambda: -100.0)
    calls = []
    real = generate_command._run

    def spy(*args):
        calls.append(args[-1])
        return real(*args)

    monkeypatch.setattr(generate_command, "_run", spy)
    out = tmp_path / "late"
    result = runner.invoke(app, ["generate", "--program", str(PROGRAM_FILE), "--count", "3",
                                 "--seed", "4", "--time-limit", "5", "--workers", "1",
                                 "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert calls == [-100.0]
    report = json.loads(result.stdout)
    assert len(report["scenarios"]) == 1
