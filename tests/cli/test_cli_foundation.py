"""The CLI as a user runs it: version, validate, demo, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
