"""The shipped Nakano model and a scenario, drawn with the real accessibility check and capacity
assessment: every located finding gets a numbered marker, every seated room its seat count."""

from __future__ import annotations

import math

import pytest
from ezdxf import recover

from spacedesign.capacity import assess_plan
from spacedesign.export import export
from spacedesign.export.common import MARKER_SPACING, element_location
from spacedesign.export.image import build_figure
from spacedesign.export.overlays import access_overlay, seat_counts
from spacedesign.io import load_plan
from spacedesign.rules import check_plan
from tests.conftest import REPO

PLANS = [REPO / "floorplans" / "nakano-ipc.yaml", REPO / "scenarios" / "scenario-b.yaml"]


@pytest.fixture(scope="module", params=PLANS, ids=lambda p: p.stem)
def analysed(request):
    plan = load_plan(request.param)
    return plan, check_plan(plan, "jp-recommended"), assess_plan(plan)


def _map(fig):
    return next(ax for ax in fig.axes if ax.get_gid() == "map")


def test_access_view_marks_every_located_finding(analysed):
    plan, findings, _ = analysed
    overlay = access_overlay(findings)
    located = {f.number: f.location or element_location(plan, f.element)
               for f in overlay.problems}
    located = {n: at for n, at in located.items() if at is not None}
    assert located, "the shipped plan has findings with a place"
    fig = build_figure(plan, "access", overlay=overlay)
    ax = _map(fig)
    markers = {p.get_gid().split(":")[1]: p for p in ax.patches
               if (p.get_gid() or "").startswith("finding:")}
    assert set(markers) == {str(n) for n in located}
    numbers = {t.get_text() for t in ax.texts}
    assert {str(n) for n in located} <= numbers
    leaders = {line.get_gid() for line in ax.lines if (line.get_gid() or "").startswith("leader:")}
    for number, at in located.items():
        centre = markers[str(number)].center
        if centre != tuple(at):  # moved off a crowded spot: a leader points back
            assert f"leader:{number}" in leaders
    centres = [m.center for m in markers.values()]
    for i, a in enumerate(centres):
        for b in centres[i + 1:]:
            assert math.dist(a, b) >= MARKER_SPACING - 1e-6
    panel = " ".join(t.get_text() for ax_ in fig.axes if ax_.get_gid() == "panel"
                     for t in ax_.texts)
    for finding in overlay.problems:
        assert f"{finding.number}. {finding.rule}" in panel


def test_capacity_view_writes_each_rooms_seats(analysed):
    plan, _, capacity = analysed
    seats = seat_counts(capacity)
    assert seats
    fig = build_figure(plan, "capacity", seats=seats)
    labels = {t.get_gid().split(":", 1)[1]: t.get_text() for t in _map(fig).texts
              if (t.get_gid() or "").startswith("label:")}
    for room_id, count in seats.items():
        assert f"定員 {count}名" in labels[room_id], room_id
    rooms = {r.id: r for level in plan.levels for r in level.rooms}
    panel = [t.get_text() for ax in fig.axes if ax.get_gid() == "panel" for t in ax.texts]
    for room_id, count in seats.items():
        assert any(line.startswith(f" {rooms[room_id].name} ") and f" {count}名" in line
                   for line in panel), room_id


def test_dxf_carries_the_same_markers_and_seats(analysed, tmp_path):
    plan, findings, capacity = analysed
    overlay = access_overlay(findings)
    located = [f for f in overlay.problems
               if (f.location or element_location(plan, f.element)) is not None]
    out = export(plan, tmp_path / "plan.dxf", findings=findings, capacity=capacity)[0]
    msp = recover.readfile(out)[0].modelspace()
    rings = [c for c in msp.query("CIRCLE[layer=='G-ACCS-FAIL']") if c.dxf.radius == 450]
    assert len(rings) == len(located)
    texts = {t.dxf.text for t in msp.query("TEXT[layer=='G-ACCS-FAIL']")}
    assert {str(f.number) for f in located} <= texts
    tags = [t.plain_text() for t in msp.query("MTEXT[layer=='A-AREA-IDEN']")]
    for count in seat_counts(capacity).values():
        assert any(f"定員{count}名" in tag for tag in tags)
