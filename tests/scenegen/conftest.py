"""Fixtures of the scenario generator tests: the Nakano model and program, designs per seed."""

from __future__ import annotations

import functools

import pytest

from spacedesign.generate.scenario import Design, design_candidate
from spacedesign.io import load_plan, load_program
from spacedesign.model import Plan, Program
from tests.conftest import REPO

PLAN_FILE = REPO / "floorplans" / "nakano-ipc.yaml"
PROGRAM_FILE = REPO / "scenarios" / "program-2026.yaml"
SEEDS = tuple(range(12))


@functools.cache
def nakano() -> tuple[Plan, Program]:
    return load_plan(PLAN_FILE), load_program(PROGRAM_FILE)


@functools.cache
def design(seed: int) -> Design:
    plan, program = nakano()
    found = design_candidate(plan, program, seed)
    assert found is not None, f"seed {seed} generated nothing"
    return found


@pytest.fixture(params=SEEDS, ids=lambda s: f"seed{s}")
def seeded(request: pytest.FixtureRequest) -> Design:
    return design(request.param)
