"""GLB model: Khronos glTF validator, trimesh reload, watertight walls with openings; axon."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from spacedesign.export import export
from spacedesign.export.axon import build_axon_figure
from spacedesign.export.common import opening_frame
from spacedesign.export.mesh import element_meshes
from spacedesign.io import load_plan
from tests.conftest import ACCESS_CASES, SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.export.conftest import run_node


@pytest.fixture(scope="module")
def rich_glb(rich_plan, tmp_path_factory):
    return export(rich_plan, tmp_path_factory.mktemp("glb") / "rich.glb")[0]


def test_gltf_validator_reports_no_errors(rich_glb):
    result = run_node("validate_gltf.js", str(rich_glb))
    assert result["errors"] == 0, result["messages"]
    assert result["warnings"] == 0, result["messages"]


def test_reload_gives_named_nodes_y_up_and_watertight_walls(rich_glb, rich_plan):
    scene = trimesh.load(rich_glb)
    names = set(scene.graph.nodes_geometry)
    level = rich_plan.levels[0]
    expected = {"1F/slab", "1F/walls", "1F/column/C1", "1F/fixture/EV1", "1F/window/WN1",
                "1F/glazing/G1", "site/ground", "site/ramp/R1", "site/ramp/R2", "site/parking/P1",
                "site/tactile/T1", "site/step/S1/1", "site/furniture/bench1"}
    expected |= {f"1F/room/{r.id}" for r in level.rooms}
    expected |= {f"1F/furniture/{f.id}" for f in level.furniture}
    assert expected <= names
    walls = scene.geometry["1F/walls"]
    assert walls.is_watertight and walls.is_volume
    # Y-up in metres: walls stand from the floor (0.45) to floor + storey height.
    assert walls.bounds[0][1] == pytest.approx(level.elevation, abs=1e-4)
    assert walls.bounds[1][1] == pytest.approx(level.elevation + level.height, abs=1e-4)
    # North (+y in the plan) is -z in glTF.
    assert walls.bounds[0][2] == pytest.approx(-16.1, abs=1e-4)


def test_walls_have_door_and_window_openings(rich_plan):
    level = rich_plan.levels[0]
    walls = next(e.mesh for e in element_meshes(rich_plan) if e.name == "1F/walls")
    z = level.elevation

    def solid(x, y, height):
        probe = trimesh.creation.box((0.04, 0.04, 0.04))
        probe.apply_translation((x, y, z + height))
        inside = trimesh.boolean.intersection([walls, probe], engine="manifold")
        return len(inside.faces) > 0 and inside.volume > 0.5 * probe.volume

    for opening in level.openings:
        x, y = opening_frame(level, opening).centre
        if opening.kind == "window":
            assert not solid(x, y, 1.5), opening.id  # glass between sill 0.9 and head 2.1
            assert solid(x, y, 0.5) and solid(x, y, 2.6), opening.id
        else:
            assert not solid(x, y, 1.0), opening.id
    assert solid(5.0, 10.0, 1.0)  # the west wall between the openings


def test_ramp_top_slopes_from_end_to_end(rich_plan):
    ramp_mesh = next(e.mesh for e in element_meshes(rich_plan) if e.name == "site/ramp/R1")
    top = ramp_mesh.vertices[ramp_mesh.vertices[:, 2] > -0.05]
    low_end = top[np.isclose(top[:, 1], 1.0)]
    high_end = top[np.isclose(top[:, 1], 4.0)]
    assert np.allclose(low_end[:, 2], 0.0) and np.allclose(high_end[:, 2], 0.45)
    assert ramp_mesh.is_watertight


def test_axon_figure_has_exterior_and_cutaway(rich_plan, tmp_path):
    fig = build_axon_figure(rich_plan)
    panels = [ax for ax in fig.axes if ax.name == "3d"]
    assert len(panels) == 2
    titles = [ax.get_title() for ax in panels]
    assert "外観" in titles[0] and "内観" in titles[1]
    labels = {t.get_text() for t in panels[1].texts}
    assert {r.name for r in rich_plan.levels[0].rooms} <= labels
    out = export(rich_plan, tmp_path / "axon.png", view="axon")[0]
    assert out.stat().st_size > 50_000
    from matplotlib.image import imread

    assert imread(out).shape[:2] == (2338, 3307)  # A3 (420 × 297 mm) at 200 dpi: print quality


@pytest.mark.parametrize("path", ACCESS_CASES + SHIPPED_PLANS + SHIPPED_SCENARIOS,
                         ids=lambda p: p.name)
def test_every_plan_gives_watertight_walls(path, tmp_path):
    plan = load_plan(path)
    out = export(plan, tmp_path / "model.glb")[0]
    assert run_node("validate_gltf.js", str(out))["errors"] == 0
    scene = trimesh.load(out)
    for level in plan.levels:
        walls = scene.geometry[f"{level.id}/walls"]
        assert walls.is_watertight, level.id
    if path in SHIPPED_PLANS + SHIPPED_SCENARIOS:  # the イメージ図 of the Nakano model and scenarios
        fig = build_axon_figure(plan)
        fig.savefig(tmp_path / "axon.png", dpi=30)
        labels = {t.get_text() for ax in fig.axes for t in ax.texts}
        assert {r.name for r in plan.levels[0].rooms} <= labels
