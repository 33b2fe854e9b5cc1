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
    """The design of ``seed``, or of the next of ``seed + 1000 k`` when a seed yields none.

    About one seed in twenty finds no layout that respects the fixed elements in its draws.
    """
    plan, program = nakano()
    for k in range(5):
        found = design_candidate(plan, program, seed + 1000 * k)
        if found is not None:
            return found
    raise AssertionError(f"seeds {seed} + 1000 k generated nothing")


@pytest.fixture(params=SEEDS, ids=lambda s: f"seed{s}")
def seeded(request: pytest.FixtureRequest) -> Design:
    return design(request.param)
