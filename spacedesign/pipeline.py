"""Scoring with whatever is installed: load, check (rules), assess (capacity), score.

The accessibility rules and the capacity module are called when they are installed (their
modules exist and export ``check_plan`` / ``assess_plan``); when one is absent the matching
criterion is n/a and :attr:`ScoredScenario.missing` says so. Nothing is faked.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacedesign.errors import InputError
from spacedesign.io import load_plan, load_program
from spacedesign.model import Plan, Program
from spacedesign.score import Scorecard, score_plan

__all__ = [
    "DEFAULT_PROGRAM",
    "ScoredScenario",
    "available_rulesets",
    "optional_function",
    "program_for",
    "score_scenario",
]

DEFAULT_PROGRAM = Path("scenarios/program-2026.yaml")


def optional_function(module: str, name: str) -> Callable[..., Any] | None:
    """Return ``module.name`` if the module is installed and defines it, else None.

    A module that exists but fails to import raises (a broken module is not "absent").
    """
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return None
    if spec is None:
        return None
    found = getattr(importlib.import_module(module), name, None)
    return found if callable(found) else None


def available_rulesets() -> list[str]:
    """Names of the rulesets of ``spacedesign.rules.RULESETS`` (empty when rules are absent)."""
    if optional_function("spacedesign.rules", "check_plan") is None:
        return []
    rulesets = getattr(importlib.import_module("spacedesign.rules"), "RULESETS", ())
    if isinstance(rulesets, Mapping):
        return [str(k) for k in rulesets]
    return [str(getattr(r, "id", getattr(r, "name", r))) for r in rulesets]


@dataclass
class ScoredScenario:
    """A scenario file with its plan, the reports it was scored on and its scorecard."""

    path: Path | None
    plan: Plan
    card: Scorecard
    checks: dict[str, Any] = field(default_factory=dict)
    capacity: Any = None
    missing: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.plan.name

    def to_dict(self) -> dict[str, Any]:
        """Return the scorecard plus the file and the stages that were not available."""
        data = {"file": None if self.path is None else str(self.path), **self.card.to_dict()}
        data["not_available"] = list(self.missing)
        return data


def program_for(plan: Plan, plan_path: Path, program_path: Path | None) -> tuple[Program, Path]:
    """Return the program to score ``plan`` against and its path.

    ``--program`` wins; else the scenario's ``scenario.program`` (relative to the scenario
    file); else ``scenarios/program-2026.yaml`` when it exists.
    """
    if program_path is None and plan.scenario is not None and plan.scenario.program:
        program_path = plan_path.parent / plan.scenario.program
    if program_path is None and DEFAULT_PROGRAM.exists():
        program_path = DEFAULT_PROGRAM
    if program_path is None:
        raise InputError("no program to score against: pass --program PROGRAM.yaml",
                         file=str(plan_path))
    return load_program(program_path), program_path


def _check(plan: Plan, rulesets: Sequence[str]) -> dict[str, Any]:
    check_plan = optional_function("spacedesign.rules", "check_plan")
    if check_plan is None:
        return {}
    return {name: check_plan(plan, name) for name in rulesets}


def score_scenario(
    plan: Plan,
    program: Program,
    *,
    path: Path | None = None,
    rulesets: Sequence[str] | None = None,
) -> ScoredScenario:
    """Check, assess and score ``plan`` with whatever modules are installed.

    Parameters
    ----------
    rulesets : sequence of str, optional
        Rulesets to check (default: every ruleset the rules module offers, the program's first).
    """
    missing: list[str] = []
    if rulesets is None:
        names = available_rulesets()
        rulesets = sorted(names, key=lambda r: (r != program.ruleset, r))
    checks = _check(plan, rulesets) if rulesets else {}
    if not checks:
        missing.append("accessibility (spacedesign.rules.check_plan)")
    assess_plan = optional_function("spacedesign.capacity", "assess_plan")
    capacity = None
    if assess_plan is not None:
        capacity = assess_plan(plan, ruleset=program.ruleset)
    else:
        missing.append("capacity (spacedesign.capacity.assess_plan)")
    card = score_plan(plan, program, checks=checks or None, capacity=capacity)
    return ScoredScenario(path, plan, card, checks, capacity, missing)


def load_and_score(path: Path, program_path: Path | None) -> ScoredScenario:
    """Load a scenario file, find its program, and score it."""
    plan = load_plan(path)
    program, _ = program_for(plan, path, program_path)
    return score_scenario(plan, program, path=path)
