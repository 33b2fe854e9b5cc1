"""DXF golden: the structure of a small plan's DXF must not drift unnoticed.

The golden is ``goldens/good-plan.dxf.json`` (see :mod:`tests.export.dxf_summary`). After an
intended change of the drawing, regenerate it and review the diff before committing::

    SPACEDESIGN_UPDATE_GOLDENS=1 CI=true .venv/bin/python -m pytest tests/export/test_dxf_golden.py
    git diff tests/export/goldens/good-plan.dxf.json
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ezdxf import recover

from spacedesign.export import export
from spacedesign.io import load_plan
from tests.conftest import CASES
from tests.export.conftest import FakeFinding, FakeReport
from tests.export.dxf_summary import summarise

GOLDEN = Path(__file__).parent / "goldens" / "good-plan.dxf.json"


def _export(tmp_path: Path) -> Path:
    plan = load_plan(CASES / "access" / "good.yaml")
    report = FakeReport(findings=(
        FakeFinding("DOOR-WIDTH", "fail", "D3", None, "clear width"),
        FakeFinding("COUNTER-LOW", "warn", "RC1", None, "counter height"),
        FakeFinding("ROUTE-WIDTH", "fail", "corridor", (10.0, 9.9), "narrow"),
    ), geometry={"routes": [[(15.0, 0.0), (15.0, 9.9), (22.0, 9.9)]],
                 "circles": [(22.0, 9.9, 0.75)]})
    return export(plan, tmp_path / "good.dxf", findings=report,
                  capacity={"meeting": 12})[0]


def test_dxf_matches_the_golden_summary(tmp_path):
    doc, auditor = recover.readfile(_export(tmp_path))
    assert not auditor.has_errors
    summary = json.loads(json.dumps(summarise(doc), ensure_ascii=False))
    if os.environ.get("SPACEDESIGN_UPDATE_GOLDENS") == "1":
        GOLDEN.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for key in ("header", "layers", "styles"):
        assert summary[key] == expected[key], key
    assert sorted(summary["blocks"]) == sorted(expected["blocks"])
    for name, entities in expected["blocks"].items():
        assert summary["blocks"][name] == entities, f"block {name}"
    assert list(summary["layouts"]) == list(expected["layouts"])
    for name, layout in expected["layouts"].items():
        got = summary["layouts"][name]
        entities = got if name == "Model" else got["entities"]
        want = layout if name == "Model" else layout["entities"]
        assert len(entities) == len(want), f"{name}: entity count"
        for i, (a, b) in enumerate(zip(entities, want, strict=True)):
            assert a == b, f"{name} entity {i} ({b['type']} on {b['layer']}) drifted"
    assert summary == expected


def test_golden_summary_is_deterministic_and_sensitive(tmp_path):
    """Two exports give the same summary; moving one room tag changes it."""
    first = summarise(recover.readfile(_export(tmp_path))[0])
    doc = recover.readfile(_export(tmp_path))[0]
    assert summarise(doc) == first
    tag = doc.modelspace().query("MTEXT[layer=='A-AREA-IDEN']").first
    tag.dxf.insert = (tag.dxf.insert.x + 5.0, tag.dxf.insert.y)
    assert summarise(doc) != first
