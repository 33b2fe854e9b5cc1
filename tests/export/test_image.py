"""Images: drawn primitives per view, true scale, Japanese font embedded, one golden."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from spacedesign.export import export
from spacedesign.export.image import build_figure
from spacedesign.export.overlays import access_overlay
from spacedesign.io import load_plan
from tests.conftest import ACCESS_CASES, SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.export.conftest import tool

GOLDENS = Path(__file__).parent / "goldens"


def _axes(fig, gid):
    return next(ax for ax in fig.axes if ax.get_gid() == gid)


def _gids(ax):
    return {artist.get_gid() for artist in ax.get_children() if artist.get_gid()}


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_plan_view_draws_rooms_labels_and_true_scale(rich_plan, seats):
    fig = build_figure(rich_plan, "plan", seats=seats)
    ax = _axes(fig, "map")
    gids = _gids(ax)
    level = rich_plan.levels[0]
    assert {f"room:{r.id}" for r in level.rooms} <= gids
    assert {f"label:{r.id}" for r in level.rooms} <= gids
    assert {"door:D2", "window:WN1", "column:C1", "fixture:EV1", "furniture:t1"} <= gids
    labels = "\n".join(_texts(ax))
    for room in level.rooms:
        assert room.name in labels and f"{room.polygon.area:.2f}㎡" in labels
    assert "Entrance hall" in labels and "定員 8名" in labels
    # 1:100 on A3: the 320 mm wide map shows 32 m.
    x0, x1 = ax.get_xlim()
    assert x1 - x0 == pytest.approx(32.0)
    assert "S=1:100" in " ".join(_texts(_axes(fig, "title-block")))
    panel = " ".join(_texts(_axes(fig, "panel")))
    assert "会議室 meeting" in panel


def test_access_view_marks_and_numbers_the_findings(rich_plan, report):
    overlay = access_overlay(report)
    fig = build_figure(rich_plan, "access", overlay=overlay)
    ax = _axes(fig, "map")
    gids = _gids(ax)
    assert {"finding:2", "finding:3", "route", "turning-circle", "narrow"} <= gids
    assert "finding:1" not in gids and "finding:4" not in gids  # pass and n/a are not marked
    assert {"2", "3", "900", "1200"} <= set(_texts(ax))  # numbers and door clear widths
    panel = " ".join(_texts(_axes(fig, "panel")))
    assert "2. RAMP-SLOPE [fail] R1" in panel and "3. DOOR-WIDTH [warn] D9" in panel
    assert "findings: 2 / 4" in panel
    without = " ".join(_texts(_axes(build_figure(rich_plan, "access"), "panel")))
    assert "findings not supplied" in without


def test_capacity_view_shows_furniture_and_seats(rich_plan, seats):
    fig = build_figure(rich_plan, "capacity", seats=seats)
    ax = _axes(fig, "map")
    assert {f"furniture:c{i}" for i in range(8)} <= _gids(ax)
    assert "定員 18名" in "\n".join(_texts(ax))
    panel = " ".join(_texts(_axes(fig, "panel")))
    assert "会議室 31.2㎡ 8名 椅子8" in panel


def test_exterior_view_shows_ramps_parking_tactile(rich_plan):
    fig = build_figure(rich_plan, "exterior")
    ax = _axes(fig, "map")
    gids = _gids(ax)
    assert {"ramp:R1", "ramp:R2", "parking:P1", "parking-mark:P1", "step:S1", "tactile:T1",
            "access:A1", "site:boundary", "area:garden"} <= gids
    assert "parking-mark:P2" not in gids
    texts = _texts(ax)
    assert "R1 ↑ 1/6.7 (15.0%)" in texts and "R2 ↑ 1/12.0 (8.3%)" in texts


def test_png_svg_pdf_are_a3_with_a_japanese_font(rich_plan, tmp_path):
    png = export(rich_plan, tmp_path / "plan.png")[0]
    assert imread(png).shape[:2] == (1753, 2480)  # A3 at 150 dpi
    svg = export(rich_plan, tmp_path / "plan.svg", view="exterior")[0].read_text()
    assert svg.lstrip().startswith("<?xml") and "<text" not in svg  # text drawn as paths
    pdf = export(rich_plan, tmp_path / "plan.pdf", view="access")[0]
    fonts = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "IPAexGothic" in fonts and " yes " in fonts.splitlines()[-1]
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "1190.55 x 841.89 pts (A3)" in info


@pytest.mark.parametrize("path", ACCESS_CASES[:1] + SHIPPED_PLANS + SHIPPED_SCENARIOS,
                         ids=lambda p: p.name)
def test_every_view_of_the_shipped_plans(path, tmp_path):
    plan = load_plan(path)
    for view in ("plan", "access", "capacity", "exterior"):
        fig = build_figure(plan, view)
        for fmt in ("png", "svg", "pdf"):
            out = tmp_path / f"{view}.{fmt}"
            fig.savefig(out, format=fmt, dpi=40)
            assert out.stat().st_size > 5000


@pytest.mark.parametrize(("case", "view"), [("good.yaml", "plan"), ("ramp-steep.yaml", "exterior")])
def test_image_matches_the_golden(case, view, tmp_path):
    """Greyscale at 1/16 size against the stored golden; mean difference under 2 %."""
    plan = load_plan(ACCESS_CASES[[p.name for p in ACCESS_CASES].index(case)])
    png = export(plan, tmp_path / "image.png", view=view)[0]
    small = _shrink(imread(png))
    golden = GOLDENS / f"{case.removesuffix('.yaml')}-{view}.npy"
    if os.environ.get("SPACEDESIGN_UPDATE_GOLDENS") == "1":
        GOLDENS.mkdir(exist_ok=True)
        np.save(golden, small.astype(np.float16))
    expected = np.load(golden).astype(np.float32)
    assert small.shape == expected.shape
    assert float(np.abs(small - expected).mean()) < 0.02


def _shrink(pixels):
    grey = pixels[..., :3].mean(axis=2)
    h, w = (grey.shape[0] // 16) * 16, (grey.shape[1] // 16) * 16
    return grey[:h, :w].reshape(h // 16, 16, w // 16, 16).mean(axis=(1, 3)).astype(np.float32)


def test_access_panel_ellipsizes_long_messages_and_stays_in_the_panel(rich_plan):
    """A long finding message is cut with "…" and no panel line runs past the panel's edge."""
    from tests.export.conftest import FakeFinding, FakeReport

    long_ja = "通路の有効幅が車いす使用者同士のすれ違いに必要な幅に足りない箇所がある" * 3
    long_en = "the accessible route passes a door whose clear width " * 6
    report = FakeReport(findings=(
        FakeFinding("ROUTE-WIDTH", "fail", "corridor", (10.0, 9.9), long_ja),
        FakeFinding("DOOR-WIDTH", "warn", "D9", (19.2, 14.5), long_en),
        FakeFinding("ELEVATOR", "fail", "EV1", None, "short"),
    ), geometry={})
    fig = build_figure(rich_plan, "access", overlay=access_overlay(report))
    panel = _axes(fig, "panel")
    texts = [t.get_text() for t in panel.texts]
    heads = [i for i, t in enumerate(texts) if t.startswith(" ") and ". " in t[:5]]
    assert len(heads) == 3
    ja_lines = texts[heads[0] + 1:heads[1]]
    en_lines = texts[heads[1] + 1:heads[2]]
    assert len(ja_lines) == 3 and len(en_lines) == 3
    assert ja_lines[-1].endswith("…") and en_lines[-1].endswith("…")
    assert "".join(t.strip() for t in ja_lines).removesuffix("…") in long_ja
    assert "    short" in texts
    renderer = fig.canvas.get_renderer()
    box = panel.get_window_extent(renderer)
    for text in panel.texts:
        extent = text.get_window_extent(renderer)
        assert extent.x1 <= box.x1 + 0.5, f"{text.get_text()!r} runs past the panel"


def test_fit_lines_never_exceeds_its_width_and_marks_cuts():
    from hypothesis import given
    from hypothesis import strategies as st

    from spacedesign.export.text import fit_lines, text_ems

    @given(st.text(alphabet="ab cdef 受付相談室。", max_size=200), st.integers(4, 40),
           st.integers(1, 4))
    def check(text, width, max_lines):
        lines = fit_lines(text, width, max_lines)
        assert len(lines) <= max_lines
        assert all(text_ems(line) <= width for line in lines)
        squeezed = "".join(text.split())
        if "".join("".join(lines).split()) != squeezed:
            assert lines[-1].endswith("…")

    check()


@pytest.mark.parametrize("view", ["plan", "access", "capacity", "exterior"])
def test_no_text_smaller_than_4_5_pt_on_the_nakano_sheets(view):
    """A3 at 1:100 printed: nothing below 4.5 pt (room labels used to shrink to 2.5 pt)."""
    from spacedesign.export.image_draw import MIN_LABEL_PT

    plan = load_plan(SHIPPED_PLANS[0])
    fig = build_figure(plan, view)
    sizes = {t.get_text(): t.get_fontsize() for ax in fig.axes for t in ax.texts}
    small = {text: size for text, size in sizes.items() if size < MIN_LABEL_PT}
    assert not small and MIN_LABEL_PT == 4.5
    labels = [t for t in _axes(fig, "map").texts if (t.get_gid() or "").startswith("label:")]
    assert len(labels) == sum(len(level.rooms) for level in plan.levels) or view == "exterior"


def test_long_plan_names_end_before_the_scale_bar(rich_plan):
    plan = rich_plan.with_changes(name="案C 中野区産業振興センター1階 多目的ラウンジ拡張・相談室集約・"
                                       "キッズスペース移設・受付カウンター低床化を含む全面改修案 "
                                       "with an extra long English subtitle for the ward report")
    fig = build_figure(plan, "plan")
    title = _axes(fig, "title-block")
    renderer = fig.canvas.get_renderer()
    name = next(t for t in title.texts if t.get_gid() == "title-plan")
    assert name.get_text().endswith("…") and name.get_text().startswith("検討案 scenario: 案C")
    # the scale bar starts at x = 260 mm on the sheet
    bar_left = title.transData.transform((260.0, 0.0))[0]
    for text in title.texts:
        assert text.get_window_extent(renderer).x1 < bar_left or text.get_text() in {
            "0", "5", "10 m", "N"}
