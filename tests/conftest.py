"""Shared fixtures: where the repository, the shipped files and the shared cases are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    candidates = [Path(os.environ["SPACEDESIGN_SHARED"])] if "SPACEDESIGN_SHARED" in os.environ else []
    candidates += [REPO.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if (candidate / "cases").is_dir():
            return candidate
    raise RuntimeError(
        "the shared cases folder was not found beside the repository (../shared); "
        "set SPACEDESIGN_SHARED to its path"
    )


SHARED = _find_shared()
CASES = SHARED / "cases"
ACCESS_CASES = sorted((CASES / "access").glob("*.yaml"))
FLP_CASES = sorted(p for p in (CASES / "flp").glob("*.json") if not p.name.endswith(".reference.json"))
SHIPPED_PLANS = sorted((REPO / "floorplans").glob("*.yaml"))
SHIPPED_SCENARIOS = sorted((REPO / "scenarios").glob("scenario-*.yaml"))
SHIPPED_PROGRAMS = sorted((REPO / "scenarios").glob("program-*.yaml"))


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def cases_dir() -> Path:
    return CASES
