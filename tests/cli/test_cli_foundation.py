"""The CLI as a user runs it: version, validate, demo, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from spacedesign import __version__
from tests.conftest import ACCESS_CASES, FLP_CASES, REPO


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "spacedesign", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"spacedesign {__version__}"


def test_validate_accepts_case_files():
    result = run("validate", *map(str, ACCESS_CASES + FLP_CASES))
    assert result.returncode == 0, result.stderr
    assert f"ok: {len(ACCESS_CASES) + len(FLP_CASES)} file(s) valid" in result.stdout


def test_validate_reports_problems_with_lines(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = ACCESS_CASES[0].read_text().replace("name: 相談室1", "name: 相談室1\n    colour: red", 1)
    bad.write_text(text)
    result = run("validate", str(bad))
    assert result.returncode == 1
    line = text.splitlines().index("    colour: red") + 1
    assert f"{bad}:{line}: levels[0].rooms[" in result.stderr
    assert "unknown key 'colour'" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_json(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "spacedesign.flp/1", "name": "x", "width": 1, "height": 1, '
                   '"departments": [{"id": "a", "area": 5, "max_aspect": 4}], "flows": [[0]]}')
    result = run("validate", "--json", str(bad))
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False
    assert doc["files"][0]["problems"][0]["code"] == "area-exceeds-facility"


def test_validate_garbage_gives_clear_message(tmp_path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(os.urandom(4096) + b"\x00")
    result = run("validate", str(junk))
    assert result.returncode == 1
    assert "binary content" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2():
    result = run("validate")
    assert result.returncode == 2
    result = run("no-such-command")
    assert result.returncode == 2


def test_demo_outside_the_repository_fails_cleanly(tmp_path):
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "nakano-ipc.yaml" in result.stderr


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "spacedesign"
    assert script.exists(), "make install must install the spacedesign console script"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "validate" in result.stdout


def test_validate_names_pipes_and_devices_without_hanging(tmp_path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    result = run("validate", str(fifo), "/dev/zero")  # a hang would hit the 120 s timeout
    assert result.returncode == 1
    assert f"{fifo}: is not a regular file" in result.stderr
    assert "/dev/zero: is not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_huge_integer_coordinate(tmp_path):
    plan = tmp_path / "huge.yaml"
    plan.write_text("format: spacedesign.plan/1\nname: x\nlevels:\n  - id: L1\n"
                    f"    outline: [[0, 0], [1{'0' * 400}, 0], [1, 1]]\n")
    result = run("validate", str(plan))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{plan}:5: levels[0].outline" in result.stderr
    assert "too large to be a number of metres (401 digits)" in result.stderr
    plan.write_text(plan.read_text().replace("1" + "0" * 400, "1" + "0" * 5000))
    result = run("validate", str(plan))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "a value cannot be read" in result.stderr


def test_messages_are_printed_verbatim_not_as_emoji_or_markup(tmp_path):
    bad = tmp_path / "bad.yaml"
    # a key that rich would turn into an emoji (:100:) or swallow as markup ([bold])
    bad.write_text("format: spacedesign.plan/1\nname: x\n':100:[bold]': 1\nlevels: []\n")
    result = run("validate", str(bad))
    assert result.returncode == 1
    assert "unknown key ':100:[bold]'" in result.stderr
    assert "\U0001f4af" not in result.stderr


def test_validate_json_reports_unreadable_files_with_their_own_codes(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    result = run("validate", "--json", str(empty), str(tmp_path / "missing.yaml"), str(tmp_path))
    assert result.returncode == 1
    codes = [f["problems"][0]["code"] for f in json.loads(result.stdout)["files"]]
    assert codes == ["file-empty", "file-missing", "not-a-file"]


def test_unexpected_errors_become_one_line_and_a_crash_log(tmp_path, monkeypatch, capsys):
    from spacedesign import cli  # noqa: TID251 (tests drive the CLI)
    from spacedesign.cli.commands import validate as validate_command  # noqa: TID251

    def broken(_file):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(validate_command, "validate_file", broken)
    monkeypatch.setattr(sys, "argv", ["spacedesign", "validate", str(ACCESS_CASES[0])])
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: simulated bug)" in err
    logs = list(tmp_path.glob("spacedesign-crash-*.log"))
    assert len(logs) == 1 and "simulated bug" in logs[0].read_text()
    assert str(logs[0]) in err


def test_permission_denied_is_one_line(tmp_path, monkeypatch):
    from spacedesign.errors import DocumentError
    from spacedesign.io import reader

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader.os, "open", denied)
    with pytest.raises(DocumentError, match="permission denied") as caught:
        reader.read_document(ACCESS_CASES[0])
    assert caught.value.code == "file-unreadable"
