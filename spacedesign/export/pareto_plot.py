"""The Pareto plot of a comparison: two main criteria as a scatter, all of them in parallel.

Scatter labels (the scenarios' ranks) are placed by adjustText so they never sit on each other
or on a point; points that coincide share one label ("1,3"). The legend naming every scenario
sits below both panels, inside the figure (constrained layout grows the figure for it).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from spacedesign.errors import MissingDependencyError
from spacedesign.export.compare_figures import pyplot
from spacedesign.score import CRITERIA, Scorecard

__all__ = ["pareto_figure", "pareto_png"]

_NAMES = {"composite": ("総合", "Composite"), **CRITERIA}


def _value(card: Scorecard, key: str) -> float:
    return card.composite if key == "composite" else float(card.value(key) or 0.0)


def _label_points(scatter: Any, cards: Sequence[Scorecard], x_key: str, y_key: str,
                  on_front: set[int]) -> list[Any]:
    try:
        from adjustText import adjust_text
    except ImportError as exc:
        raise MissingDependencyError(exc.name or "adjustText", "render") from None
    groups: list[tuple[tuple[float, float], list[str]]] = []
    xs, ys = [], []
    for i, card in enumerate(cards):
        member = i in on_front
        xy = (_value(card, x_key), _value(card, y_key))
        xs.append(xy[0])
        ys.append(xy[1])
        scatter.scatter(*xy, s=60 if member else 30, color="#cc0000" if member else "#999999",
                        zorder=3, edgecolors="black" if member else "none")
        near = next((g for g in groups if math.dist(g[0], xy) < 0.05), None)
        if near is None:
            groups.append((xy, [str(i + 1)]))
        else:
            near[1].append(str(i + 1))
    texts = [scatter.text(xy[0], xy[1], ",".join(numbers), fontsize=8, zorder=4)
             for xy, numbers in groups]
    for axis_set, values in ((scatter.set_xlim, xs), (scatter.set_ylim, ys)):
        low, high = min(values, default=0.0), max(values, default=100.0)
        pad = max(3.0, 0.12 * (high - low))
        axis_set(max(-3.0, low - pad), min(106.0, high + pad))
    if texts:
        adjust_text(texts, x=xs, y=ys, ax=scatter, expand=(1.3, 1.5),
                    arrowprops={"arrowstyle": "-", "color": "#777777", "lw": 0.5},
                    ensure_inside_axes=True)
    return texts


def pareto_figure(cards: Sequence[Scorecard], keys: Sequence[str], front: Sequence[int]) -> Any:
    """Return the Pareto figure (the caller closes it); front members are red on both panels."""
    plt = pyplot()
    legend_rows = math.ceil(len(cards) / 3)
    fig = plt.figure(figsize=(11.0, 4.6 + 0.22 * legend_rows), layout="constrained")
    scatter, parallel = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.5]})
    on_front = set(front)
    x_key, y_key = [*keys, "composite", "composite"][:2]
    scatter.set_xlabel(f"{_NAMES[x_key][0]} / {_NAMES[x_key][1]}")
    scatter.set_ylabel(f"{_NAMES[y_key][0]} / {_NAMES[y_key][1]}")
    scatter.set_title("パレート最適（赤）/ Pareto front (red)", fontsize=10)
    scatter.grid(alpha=0.3)
    axis_keys = list(keys) or ["composite"]
    for i, card in enumerate(cards):
        member = i in on_front
        parallel.plot(range(len(axis_keys)), [_value(card, k) for k in axis_keys],
                      color="#cc0000" if member else "#aaaaaa",
                      linewidth=2.0 if member else 0.8, alpha=0.9 if member else 0.6,
                      marker="o", markersize=3, label=f"{i + 1} {card.name}"[:40])
    parallel.set_xticks(range(len(axis_keys)),
                        [f"{_NAMES[k][0]}\n{_NAMES[k][1]}" for k in axis_keys], fontsize=7)
    parallel.set_ylim(0, 105)
    parallel.set_title("主要評価項目 / Main criteria", fontsize=10)
    parallel.grid(alpha=0.3)
    if cards:
        fig.legend(loc="outside lower center", ncol=min(3, len(cards)), fontsize=7,
                   frameon=False)
    fig.canvas.draw()  # layout first, so adjustText works in the final axes
    _label_points(scatter, cards, x_key, y_key, on_front)
    return fig


def pareto_png(cards: Sequence[Scorecard], keys: Sequence[str], front: Sequence[int],
               *, dpi: int = 110) -> bytes:
    """Render :func:`pareto_figure` as PNG bytes."""
    plt = pyplot()
    fig = pareto_figure(cards, keys, front)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(fig)
