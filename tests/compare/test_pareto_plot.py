"""The Pareto plot: labels do not overlap, the legend lies inside the figure."""

from __future__ import annotations

import itertools

from spacedesign.export.compare_figures import pyplot
from spacedesign.export.pareto_plot import pareto_figure, pareto_png
from spacedesign.score import CRITERIA, Criterion, Scorecard


def _card(name: str, acc: float, cap: float) -> Scorecard:
    values = dict.fromkeys(CRITERIA, 50.0)
    values.update(accessibility=acc, capacity=cap)
    criteria = {k: Criterion(k, v) for k, v in values.items()}
    return Scorecard(name, "p", criteria, dict.fromkeys(CRITERIA, 1.0), (acc + cap) / 2)


def _cards():
    # crowded: close points, one exact duplicate, long names for the legend
    points = [(64.5, 43.3), (63.9, 71.5), (52.2, 75.0), (64.0, 44.0), (63.0, 45.0),
              (64.5, 43.3), (90.0, 20.0), (30.0, 95.0), (62.0, 70.0), (51.0, 74.0)]
    return [_card(f"{i + 1} 生成案 generated scenario with a long name {i}", a, c)
            for i, (a, c) in enumerate(points)]


def test_labels_do_not_overlap_and_legend_is_inside():
    plt = pyplot()
    cards = _cards()
    fig = pareto_figure(cards, ["accessibility", "capacity"], [0, 1, 2, 6, 7])
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        scatter = fig.axes[0]
        texts = [t for t in scatter.texts if t.get_text()]
        # the two identical points share one label; every scenario is labelled once
        numbers = sorted(int(n) for t in texts for n in t.get_text().split(","))
        assert numbers == list(range(1, len(cards) + 1))
        assert any(t.get_text() == "1,6" for t in texts)
        boxes = [t.get_window_extent(renderer) for t in texts]
        for a, b in itertools.combinations(boxes, 2):
            assert not a.overlaps(b), (a, b)
        axes_box = scatter.get_window_extent(renderer)
        for box in boxes:
            assert axes_box.x0 - 1 <= box.x0 and box.x1 <= axes_box.x1 + 1
            assert axes_box.y0 - 1 <= box.y0 and box.y1 <= axes_box.y1 + 1
        legend = fig.legends[0]
        inside = fig.bbox
        lb = legend.get_window_extent(renderer)
        assert inside.x0 <= lb.x0 and lb.x1 <= inside.x1 and inside.y0 <= lb.y0 <= lb.y1 <= inside.y1
        assert len(legend.get_texts()) == len(cards)
        for ax in fig.axes:  # the legend covers no plot
            assert not lb.overlaps(ax.get_window_extent(renderer))
    finally:
        plt.close(fig)


def test_png_renders():
    png = pareto_png(_cards()[:3], ["accessibility", "capacity"], [0])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
