"""``spacedesign compare S1 S2 ... --out DIR``: side-by-side sheet, HTML report, summary.json."""

from __future__ import annotations

from pathlib import Path

import typer
from rich import box
from rich.table import Table

from spacedesign.cli.common import console, emit_json, err_console, run_command
from spacedesign.export.comparison import Comparison, compare_scored
from spacedesign.pipeline import load_and_score
from spacedesign.score import CRITERIA

SHORT = {"accessibility": "acc", "capacity": "cap", "program_fit": "fit", "adjacency": "adj",
         "efficiency": "eff", "family": "fam", "daylight": "day", "walking": "walk"}


def ranking_table(comparison: Comparison, title: str = "ranking / 順位") -> Table:
    """Return a compact table of the ranked scenarios with every criterion (0–100)."""
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 0),
                  pad_edge=False,
                  caption=" · ".join(f"{SHORT[k]}={CRITERIA[k][1]}" for k in SHORT)
                  + " · ★=Pareto")
    table.add_column("#", justify="right", no_wrap=True, min_width=3)
    table.add_column(" scenario", no_wrap=True, min_width=10, max_width=24,
                     overflow="ellipsis")
    table.add_column("total", justify="right", min_width=6, no_wrap=True)
    for key in CRITERIA:
        table.add_column(SHORT[key], justify="right", min_width=5, no_wrap=True)
    for item, scored in zip(comparison.summary["scenarios"], comparison.ranked, strict=True):
        card = scored.card
        scores = ["n/a" if card.value(k) is None else f"{card.value(k):.0f}" for k in CRITERIA]
        mark = "★" if item["pareto"] else " "
        table.add_row(f"{item['rank']}{mark}", f" {card.name}", f"{card.composite:.1f}",
                      *scores)
    return table


def _run(scenarios: list[Path], out: Path, program: Path | None) -> Comparison:
    scored = [load_and_score(path, program) for path in scenarios]
    return compare_scored(scored, out)


def compare(
    scenarios: list[Path] = typer.Argument(..., help="Scenario files to compare."),
    out: Path = typer.Option(..., "--out", help="Output folder."),
    program: Path | None = typer.Option(None, "--program", help="Program for every scenario "
                                        "(default: each scenario's own program)."),
    as_json: bool = typer.Option(False, "--json", help="Print summary.json to stdout."),
) -> None:
    """Compare scenarios: A3 sheet (PDF/PNG), HTML report and summary.json in DIR."""
    comparison = run_command(lambda: _run(scenarios, out, program))
    if as_json:
        emit_json(comparison.summary)
        return
    console.print(ranking_table(comparison))
    missing = sorted({m for s in comparison.ranked for m in s.missing})
    for stage in missing:
        err_console.print(f"spacedesign: not available: {stage}; that criterion is n/a",
                          markup=False)
    for kind, paths in comparison.files.items():
        for path in paths:
            console.print(f"{kind}: {path}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("compare")(compare)
