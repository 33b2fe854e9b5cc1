"""The comparison sheet: A3 landscape, each scenario's plan, score bars and top findings.

Up to :data:`PER_PAGE` scenarios share a page (4 columns × 2 rows); more scenarios add pages.
The PDF holds every page; the PNG is written per page (``sheet.png``, ``sheet-2.png``, ...).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacedesign.export.compare_figures import (
    CompareEntry,
    draw_plan,
    draw_score_bars,
    pyplot,
)

__all__ = ["A3_LANDSCAPE_IN", "PER_PAGE", "write_sheet"]

A3_LANDSCAPE_IN = (420 / 25.4, 297 / 25.4)
PER_PAGE = 8
TOP_FINDINGS = 4


def _cell(fig: Any, entry: CompareEntry, left: float, bottom: float, width: float,
          height: float) -> None:
    star = "  ★ パレート / Pareto" if entry.pareto else ""
    fig.text(left + 0.005, bottom + height - 0.012,
             f"{entry.rank}. {entry.name}", fontsize=9.5, va="top")
    fig.text(left + 0.005, bottom + height - 0.034,
             f"総合 composite {entry.card.composite:.1f}{star}", fontsize=8, va="top",
             color="#134f5c")
    plan_ax = fig.add_axes((left, bottom + height * 0.48, width, height * 0.42))
    draw_plan(plan_ax, entry.plan, entry.markers, font_size=4.5)
    bars_ax = fig.add_axes((left + width * 0.30, bottom + height * 0.25, width * 0.66,
                            height * 0.22))
    draw_score_bars(bars_ax, entry.card, font_size=6.0)
    lines = []
    for marker in entry.markers[:TOP_FINDINGS]:
        f = marker.finding
        what = f.message or f"{f.measured} / {f.required}"
        text = f"{marker.number}. [{f.status}] {f.rule} {f.element or ''}: {what}"
        lines.append(textwrap.shorten(text, width=70, placeholder="…"))
    if not lines:
        lines.append("指摘なし / no failing findings" if not entry.not_available
                     else "アクセシビリティ未検査 / accessibility not checked")
    more = len(entry.markers) - TOP_FINDINGS
    if more > 0:
        lines.append(f"ほか {more} 件 / {more} more")
    fig.text(left + 0.005, bottom + height * 0.185, "主な指摘 / Top findings", fontsize=7,
             va="top")
    fig.text(left + 0.005, bottom + height * 0.155, "\n".join(lines), fontsize=6, va="top",
             linespacing=1.35)


def _page(plt: Any, entries: Sequence[CompareEntry], title: str, page: int, pages: int) -> Any:
    fig = plt.figure(figsize=A3_LANDSCAPE_IN)
    fig.text(0.015, 0.985, title, fontsize=14, va="top")
    if pages > 1:
        fig.text(0.985, 0.985, f"{page}/{pages}", fontsize=9, va="top", ha="right")
    fig.text(0.015, 0.955, "総合 = 重み付き平均（n/a の項目は除外）/ composite = weighted mean "
             "of the criteria judged · 番号は平面図上の指摘マーカー / numbers are finding "
             "markers on the plans (赤 fail, 橙 warn)", fontsize=7.5, va="top", color="#555555")
    cols = 4
    rows = 2
    cell_w = 0.97 / cols
    cell_h = 0.92 / rows
    for i, entry in enumerate(entries):
        col, row = i % cols, i // cols
        _cell(fig, entry, 0.015 + col * cell_w, 0.94 - (row + 1) * cell_h, cell_w - 0.01,
              cell_h - 0.01)
    return fig


def write_sheet(entries: Sequence[CompareEntry], pdf_path: Path, png_path: Path, *,
                title: str, dpi: int = 110) -> list[Path]:
    """Write the comparison sheet as a PDF (every page) and PNG (one file per page).

    Returns the paths written.
    """
    plt = pyplot()
    from matplotlib.backends.backend_pdf import PdfPages

    chunks = [entries[i:i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)] or [[]]
    written = [pdf_path]
    with PdfPages(pdf_path, metadata={"Title": title, "Creator": "spacedesign"}) as pdf:
        for number, chunk in enumerate(chunks, start=1):
            fig = _page(plt, chunk, title, number, len(chunks))
            try:
                pdf.savefig(fig)
                target = png_path if number == 1 else png_path.with_name(
                    f"{png_path.stem}-{number}{png_path.suffix}")
                fig.savefig(target, dpi=dpi, metadata={"Software": None})
                written.append(target)
            finally:
                plt.close(fig)
    return written
