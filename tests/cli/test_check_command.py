"""``spacedesign check`` from the outside: table, JSON document, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from spacedesign.cli import app  # noqa: TID251 (tests drive the CLI in-process)
from tests.conftest import CASES

runner = CliRunner()
GOOD = str(CASES / "access" / "good.yaml")


def test_check_json_document():
    result = runner.invoke(app, ["check", GOOD, "--ruleset", "jp-minimum", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ruleset"] == "jp-minimum"
    assert 0 <= data["score"] <= 100
    rules = {f["rule"] for f in data["findings"]}
    assert "ROUTE-WIDTH" in rules and "WAYFINDING-RECEPTION" in rules
    for finding in data["findings"]:
        assert set(finding) >= {"rule", "status", "element", "measured", "required", "unit",
                                "message", "source", "location"}


def test_check_table_names_rules_and_score():
    result = runner.invoke(app, ["check", str(CASES / "access" / "ramp-steep.yaml"),
                                 "--ruleset", "jp-minimum"])
    assert result.exit_code == 0, result.output
    assert "RAMP-SLOPE" in result.stdout
    assert "accessibility score" in result.stdout


def test_check_default_ruleset_is_jp_recommended():
    result = runner.invoke(app, ["check", GOOD, "--json"])
    assert json.loads(result.stdout)["ruleset"] == "jp-recommended"


def test_check_rejects_unknown_ruleset_and_missing_file(tmp_path):
    result = runner.invoke(app, ["check", GOOD, "--ruleset", "nope"])
    assert result.exit_code == 1
    assert "unknown ruleset" in result.stderr
    result = runner.invoke(app, ["check", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_check_rejects_a_non_plan(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: spacedesign.plan/1\nname: x\nlevels: [{id: 1F}]\n")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 1


def test_check_works_on_a_scenario_file():
    from tests.conftest import SHIPPED_SCENARIOS

    assert SHIPPED_SCENARIOS, "scenarios/scenario-*.yaml are shipped with the repository"
    result = runner.invoke(app, ["check", str(SHIPPED_SCENARIOS[0]), "--ruleset", "tokyo",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ruleset"] == "tokyo"


def test_check_table_shows_the_confirmation_flag_and_score_weights():
    result = runner.invoke(app, ["check", GOOD, "--ruleset", "jp-minimum"],
                           env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    # The flag is printed literally, not eaten as rich markup.
    assert "[secondary]" in result.stdout
    assert "[confirmed]" in result.stdout or "[unconfirmed]" in result.stdout
    help_text = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    assert "critical 3" in " ".join(help_text.split())
    assert "minor 1" in " ".join(help_text.split())
