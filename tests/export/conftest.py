"""Fixtures for the export tests: a plan with every kind of element, a check report, tools."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from spacedesign.io import load_plan
from spacedesign.model import Column, Fixture, Furniture, Opening, Shape, Wall, Zone
from spacedesign.model.site import Parking, Ramp, SiteArea, Step
from tests.conftest import CASES, REPO

NODE_MODULES = REPO / "tools" / "node" / "node_modules"
NODE_SCRIPTS = Path(__file__).parent / "node"


def tool(name: str) -> str:
    """Path of a command-line tool the tests need (installed by `make test`); fail if missing."""
    found = shutil.which(name)
    assert found, f"{name} is missing: run `make system-deps` (tools/system_deps.sh)"
    return found


def run_node(script: str, *args: str) -> Any:
    """Run one of tests/export/node/*.js with the npm tools of tools/node; return its JSON."""
    node = tool("node")
    assert NODE_MODULES.is_dir(), "tools/node/node_modules is missing: run `make node-deps`"
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    done = subprocess.run([node, str(NODE_SCRIPTS / script), *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@dataclasses.dataclass(frozen=True)
class FakeFinding:
    rule: str
    status: str
    element: str | None
    location: tuple[float, float] | None
    message: str = ""


@dataclasses.dataclass(frozen=True)
class FakeReport:
    findings: tuple[FakeFinding, ...]
    geometry: dict[str, Any]


def _rich_plan():
    """The ramp case plus furniture, parking, steps, columns, windows, glazing, lift and stair."""
    base = load_plan(CASES / "access" / "ramp-steep.yaml")
    level = base.levels[0]
    furniture = (
        Furniture("t1", "table", at=(8.0, 13.4), size=(2.4, 1.2), room="meeting"),
        *(Furniture(f"c{i}", "chair", at=(6.9 + 0.75 * i, 12.4), size=(0.5, 0.5), room="meeting")
          for i in range(4)),
        *(Furniture(f"c{i + 4}", "chair", at=(6.9 + 0.75 * i, 14.4), size=(0.5, 0.5),
                    rotation=180, room="meeting") for i in range(4)),
        Furniture("sofa1", "sofa", polygon=Shape.rectangle(20.0, 7.6, 22.4, 8.5), room="lounge"),
        Furniture("kp1", "kids_play", at=(22.5, 13.5), size=(1.5, 1.5), rotation=30, room="kids"),
    )
    openings = (
        *level.openings,
        Opening("WN1", "window", "W-ext", (8.0, 16.0), 1.8, sill=0.9, height=1.2),
        Opening("WN2", "window", "W-ext", (25.0, 6.5), 1.2),
    )
    walls = (*level.walls, Wall("G1", ((19.0, 4.0), (19.0, 1.8)), 0.05, kind="glazed"))
    fixtures = (
        *level.fixtures,
        Fixture("EV1", "elevator", polygon=Shape.rectangle(5.3, 9.2, 6.9, 10.6), car=(1.4, 1.35),
                door_width=0.8),
        Fixture("ST1", "stair", polygon=Shape.rectangle(23.0, 9.2, 24.8, 10.6), tread=0.3,
                riser=0.16),
    )
    level = dataclasses.replace(
        level, furniture=furniture, openings=openings, walls=walls, fixtures=fixtures,
        columns=(Column("C1", Shape.rectangle(10.8, 8.8, 11.2, 9.2)),),
        zones=(Zone("reno", "renovation", Shape.rectangle(11.0, 10.8, 25.0, 16.0)),),
    )
    site = base.site
    assert site is not None
    site = dataclasses.replace(
        site,
        areas=(*site.areas, SiteArea("lot", "parking_aisle", Shape.rectangle(0.5, 0.5, 12.0, 3.5)),
               SiteArea("plaza", "plaza", Shape.rectangle(17.0, 0.5, 29.5, 3.5))),
        parking=(Parking("P1", "car", Shape.rectangle(1.0, 0.6, 4.5, 3.4), accessible=True),
                 Parking("P2", "car", Shape.rectangle(4.6, 0.6, 7.1, 3.4))),
        steps=(Step("S1", Shape.rectangle(9.5, 3.1, 12.5, 4.0), 0.0, 0.45, risers=3),),
        ramps=(*tuple(dataclasses.replace(r, landings=(Shape.rectangle(14.0, 0.5, 16.0, 1.0),)) for r in site.ramps), Ramp("R2", Shape.rectangle(25.5, 5.0, 26.7, 10.4), (26.1, 10.4), (26.1, 5.0), 0.45, 0.0, handrails="both")),
        furniture=(Furniture("bench1", "bench", at=(22.0, 2.0), size=(1.8, 0.45)),),
    )
    return base.with_changes(levels=(level,), site=site, kind="scenario")


@pytest.fixture(scope="session")
def rich_plan():
    return _rich_plan()


@pytest.fixture(scope="session")
def report() -> FakeReport:
    return FakeReport(
        findings=(
            FakeFinding("ROUTE-REACH", "pass", None, None, "all reachable"),
            FakeFinding("RAMP-SLOPE", "fail", "R1", None, "ramp slope 1/6.7 is steeper than 1/12"),
            FakeFinding("DOOR-WIDTH", "warn", "D9", (19.2, 14.5), "0.80 m < 0.85 m recommended"),
            FakeFinding("TACTILE-ROUTE", "n/a", None, None),
        ),
        geometry={
            "routes": [[(15.0, 0.0), (15.0, 6.0), (15.0, 9.9), (22.0, 9.9), (22.0, 13.0)]],
            "circles": [(22.0, 13.5, 0.75), {"centre": (15.0, 6.5), "radius": 0.75}],
            "narrow_points": [(15.0, 4.0, 0.9)],
        },
    )


@pytest.fixture(scope="session")
def seats() -> dict[str, int]:
    return {"meeting": 8, "consult1": 4, "consult2": 4, "lounge": 18}


@pytest.fixture(scope="session", autouse=True)
def _fixed_date():
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, the drafting month
    yield
    patch.undo()
