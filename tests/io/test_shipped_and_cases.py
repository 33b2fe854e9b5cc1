"""Every case file and every shipped file validates clean and loads."""

from __future__ import annotations

import pytest

from spacedesign.io import load_document, load_flp, load_plan, load_program, validate_file
from spacedesign.model import FlpInstance, Plan, Program
from tests.conftest import (
    ACCESS_CASES,
    FLP_CASES,
    SHIPPED_PLANS,
    SHIPPED_PROGRAMS,
    SHIPPED_SCENARIOS,
)


def test_there_are_cases():
    assert len(ACCESS_CASES) >= 5
    assert len(FLP_CASES) >= 8


@pytest.mark.parametrize("path", ACCESS_CASES, ids=lambda p: p.name)
def test_access_case_validates(path):
    assert validate_file(path) == []
    plan = load_plan(path)
    assert isinstance(plan, Plan)
    assert plan.levels and plan.levels[0].rooms


@pytest.mark.parametrize("path", FLP_CASES, ids=lambda p: p.name)
def test_flp_case_validates(path):
    assert [p for p in validate_file(path) if p.severity == "error"] == []
    instance = load_flp(path)
    assert isinstance(instance, FlpInstance)
    assert len(instance.flows) == instance.size


def test_shipped_files_exist():
    assert [p.name for p in SHIPPED_PLANS] == ["nakano-ipc.yaml"]
    assert [p.name for p in SHIPPED_PROGRAMS] == ["program-2026.yaml"]
    assert len(SHIPPED_SCENARIOS) >= 3


@pytest.mark.parametrize(
    "path", SHIPPED_PLANS + SHIPPED_SCENARIOS + SHIPPED_PROGRAMS, ids=lambda p: p.name
)
def test_shipped_file_validates(path):
    problems = validate_file(path)
    assert [str(p) for p in problems] == []
    assert isinstance(load_document(path), Plan | Program)


def test_program_refers_to_the_nakano_model():
    program = load_program(SHIPPED_PROGRAMS[0])
    assert program.plan is not None and program.plan.endswith("nakano-ipc.yaml")
    plan = load_plan(SHIPPED_PLANS[0])
    zone_ids = {z.id for lv in plan.levels for z in lv.zones}
    assert program.zone in zone_ids


@pytest.mark.parametrize("path", SHIPPED_SCENARIOS, ids=lambda p: p.name)
def test_scenario_has_provenance(path):
    plan = load_plan(path)
    assert plan.kind == "scenario"
    assert plan.scenario is not None and plan.scenario.base
