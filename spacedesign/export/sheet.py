"""The comparison sheet: A3 landscape, each scenario's plan, score bars and top findings.

Up to :data:`PER_PAGE` scenarios share a page (4 columns × 2 rows); more scenarios add pages,
all with the grid of the first page so every plan is drawn at one scale. The PDF holds every
page; the PNG is written per page (``sheet.png``, ``sheet-2.png``, ...) and page files left by
an earlier, longer comparison are removed. Each column lists the findings that distinguish its
scenario (worst first); findings common to every scenario are listed once in the page header.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacedesign.export.compare_figures import (
    CompareEntry,
    Marker,
    draw_plan,
    draw_score_bars,
    pyplot,
)
from spacedesign.export.findings_digest import split_common

__all__ = ["A3_LANDSCAPE_IN", "PER_PAGE", "sheet_pages", "wrap_display", "write_sheet"]

A3_LANDSCAPE_IN = (420 / 25.4, 297 / 25.4)
PER_PAGE = 8
TOP_FINDINGS = 4


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_display(text: str, width: int, max_lines: int) -> list[str]:
    """Wrap ``text`` to lines of at most ``width`` columns (CJK characters count 2).

    Breaks at spaces where it can, anywhere in CJK runs; the last line ends with "…" when text
    was cut.
    """
    lines: list[str] = []
    current = ""
    for token in re.findall(r"\S+\s*|\s+", text):
        while token:
            room = width - _display_width(current)
            if _display_width(token.rstrip()) <= room:
                current += token
                token = ""
            elif current.strip() and _display_width(token.rstrip()) <= width:
                lines.append(current.rstrip())
                current = ""
            else:  # a token longer than a line: split it by characters
                cut = 0
                while cut < len(token) and _display_width(token[:cut + 1]) <= room:
                    cut += 1
                if cut == 0:
                    lines.append(current.rstrip())
                    current = ""
                    continue
                current += token[:cut]
                token = token[cut:]
                lines.append(current.rstrip())
                current = ""
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and _display_width(last) > width - 1:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept
    return lines


def _marker_line(marker: Marker) -> str:
    f = marker.finding
    what = f.message or f"{f.measured} / {f.required}"
    severity = f" {f.severity}" if f.severity in ("critical", "major", "minor") else ""
    return f"{marker.number}. [{f.status}{severity}] {f.rule} {f.element or ''}: {what}"


def _cell(fig: Any, entry: CompareEntry, box: tuple[float, float, float, float],
          columns: int, distinct: Sequence[Marker], common: int) -> None:
    left, bottom, width, height = box
    chars = int(width * A3_LANDSCAPE_IN[0] * 72 / 9.5 * 1.8)  # columns of 9.5 pt text
    title = wrap_display(f"{entry.rank}. {entry.name}", chars, 2)
    top = bottom + height
    fig.text(left + 0.004, top - 0.006, "\n".join(title), fontsize=9.5, va="top",
             linespacing=1.25)
    y = top - 0.006 - 0.021 * len(title)
    star = "  ★ パレート / Pareto" if entry.pareto else ""
    fig.text(left + 0.004, y, f"総合 composite {entry.card.composite:.1f}{star}", fontsize=8,
             va="top", color="#134f5c")
    access = wrap_display(f"アクセシビリティ / accessibility {entry.card.accessibility_label()}",
                          int(chars * 9.5 / 7.0), 2)
    fig.text(left + 0.004, y - 0.017, "\n".join(access), fontsize=7, va="top",
             color="#134f5c", linespacing=1.2)
    plan_top = y - 0.022 - 0.015 * len(access)
    findings_h = 0.115
    bars_h = 0.16 if height > 0.6 else 0.125
    plan_bottom = bottom + findings_h + bars_h + 0.02
    plan_ax = fig.add_axes((left, plan_bottom, width, plan_top - plan_bottom))
    draw_plan(plan_ax, entry.plan, entry.markers, font_size=5.5 if columns < 4 else 4.5)
    bars_ax = fig.add_axes((left + width * 0.30, bottom + findings_h + 0.012, width * 0.66,
                            bars_h))
    draw_score_bars(bars_ax, entry.card, font_size=6.0)
    lines: list[str] = []
    for marker in distinct[:TOP_FINDINGS]:
        lines += wrap_display(_marker_line(marker), int(chars * 9.5 / 6.0), 2)
    if not lines:
        if entry.not_available:
            lines.append("アクセシビリティ未検査 / accessibility not checked")
        elif entry.markers:
            lines.append("固有の指摘なし（共通の指摘のみ）/ only the findings common to all")
        else:
            lines.append("指摘なし / no failing findings")
    more = len(distinct) - TOP_FINDINGS
    if more > 0:
        lines.append(f"ほか {more} 件 / {more} more")
    if common:
        lines.append(f"＋全シナリオ共通 {common} 件（上部）/ + {common} common to all (top)")
    fig.text(left + 0.004, bottom + findings_h - 0.004,
             "このシナリオ固有の主な指摘 / Top findings of this scenario", fontsize=7, va="top")
    fig.text(left + 0.004, bottom + findings_h - 0.022, "\n".join(lines), fontsize=6,
             va="top", linespacing=1.3)


def _common_lines(common: Sequence[Marker], width: int) -> list[str]:
    if not common:
        return []
    names = ", ".join(dict.fromkeys(f"{m.finding.rule} {m.finding.element or ''}".strip()
                                    for m in common))
    text = (f"全シナリオ共通の指摘 / Common to all ({len(common)}): {names}"
            " — 既存部分（エレベーター等）の課題 / mostly the existing building")
    return wrap_display(text, width, 2)


def sheet_pages(count: int) -> tuple[int, int, int]:
    """Return ``(pages, columns, rows)`` of the sheet for ``count`` scenarios.

    Every page uses the grid of the first page, so plans keep one scale across pages.

    Examples
    --------
    >>> sheet_pages(3), sheet_pages(9)
    ((1, 3, 1), (2, 4, 2))
    """
    per_page = min(max(count, 1), PER_PAGE)
    columns = max(1, min(per_page, PER_PAGE // 2))
    return max(1, math.ceil(count / PER_PAGE)), columns, max(1, math.ceil(per_page / columns))


def _page(plt: Any, entries: Sequence[CompareEntry], title: str, page: int, pages: int,
          grid: tuple[int, int], distinct: Sequence[Sequence[Marker]],
          common: Sequence[Marker]) -> Any:
    fig = plt.figure(figsize=A3_LANDSCAPE_IN)
    fig.text(0.015, 0.985, title, fontsize=14, va="top")
    if pages > 1:
        fig.text(0.985, 0.985, f"{page}/{pages}", fontsize=9, va="top", ha="right")
    fig.text(0.015, 0.962, "総合 = 重み付き平均（n/a の項目は除外）/ composite = weighted mean "
             "of the criteria judged · 番号は平面図上の指摘マーカー（重大度順）/ numbers are "
             "finding markers on the plans, worst first (赤 fail, 橙 warn)", fontsize=7.5,
             va="top", color="#555555")
    common_text = _common_lines(common, 260)
    if common_text:
        fig.text(0.015, 0.948, "\n".join(common_text), fontsize=7, va="top", color="#7f0000",
                 linespacing=1.2)
    cols, rows = grid
    top = 0.925
    cell_w = 0.97 / cols
    cell_h = (top - 0.015) / rows
    for i, (entry, own) in enumerate(zip(entries, distinct, strict=True)):
        col, row = i % cols, i // cols
        box = (0.015 + col * cell_w, top - (row + 1) * cell_h, cell_w - 0.012, cell_h - 0.012)
        _cell(fig, entry, box, cols, own, len(common))
    return fig


def _remove_stale_pages(png_path: Path, keep: int) -> None:
    pattern = re.compile(rf"{re.escape(png_path.stem)}-(\d+){re.escape(png_path.suffix)}$")
    if not png_path.parent.is_dir():
        return
    for path in png_path.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) > keep:
            path.unlink()


def write_sheet(entries: Sequence[CompareEntry], pdf_path: Path, png_path: Path, *,
                title: str, dpi: int = 150) -> list[Path]:
    """Write the comparison sheet as a PDF (every page) and PNG (one file per page).

    Page PNGs of an earlier comparison with more pages are removed. Returns the paths
    written: the PDF, then the page PNGs in order.
    """
    plt = pyplot()
    from matplotlib.backends.backend_pdf import PdfPages

    pages, cols, rows = sheet_pages(len(entries))
    common, distinct = split_common([e.markers for e in entries])
    chunks = [list(range(i, min(i + PER_PAGE, len(entries))))
              for i in range(0, len(entries), PER_PAGE)] or [[]]
    written = [pdf_path]
    _remove_stale_pages(png_path, 1)
    with PdfPages(pdf_path, metadata={"Title": title, "Creator": "spacedesign"}) as pdf:
        for number, chunk in enumerate(chunks, start=1):
            fig = _page(plt, [entries[i] for i in chunk], title, number, pages, (cols, rows),
                        [distinct[i] for i in chunk], common)
            try:
                pdf.savefig(fig)
                target = png_path if number == 1 else png_path.with_name(
                    f"{png_path.stem}-{number}{png_path.suffix}")
                fig.savefig(target, dpi=dpi, metadata={"Software": None})
                written.append(target)
            finally:
                plt.close(fig)
    return written
