"""``spacedesign score SCENARIO [--program P] [--json]``: the Scorecard of one scenario."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from spacedesign.cli.common import console, emit_json, err_console, run_command
from spacedesign.pipeline import ScoredScenario, load_and_score


def _short(note: str, width: int = 48) -> str:
    return note if len(note) <= width else note[: width - 1] + "…"


def print_scorecard(scored: ScoredScenario) -> None:
    """Print a scorecard as a table (criterion, weight, score, what lost points)."""
    card = scored.card
    table = Table(title=f"{card.name} — スコアカード / scorecard  ({card.program})")
    table.add_column("criterion / 評価項目")
    table.add_column("weight", justify="right")
    table.add_column("score", justify="right")
    table.add_column("notes / 減点理由")
    for key, criterion in card.criteria.items():
        score = "n/a" if criterion.score is None else f"{criterion.score:.1f}"
        notes = "; ".join(_short(n) for n in criterion.notes[:3])
        if len(criterion.notes) > 3:
            notes += f" (+{len(criterion.notes) - 3} more)"
        table.add_row(f"{criterion.name_ja} / {criterion.name_en}",
                      f"{card.weights.get(key, 0.0):.2f}", score, notes)
    table.add_row("総合 / composite", "", f"{card.composite:.1f}", "", style="bold")
    console.print(table)
    access = card.criteria["accessibility"].details.get("rulesets", {})
    for name, info in access.items():
        console.print(f"  {name}: {info['score']:.1f} ({info['fail']} fail, {info['warn']} warn)",
                      markup=False)
    for stage in scored.missing:
        err_console.print(f"spacedesign: not available: {stage}; that criterion is n/a",
                          markup=False)


def score(
    scenario: Path = typer.Argument(..., help="Scenario (or plan) file."),
    program: Path | None = typer.Option(None, "--program", help="Program file (default: the "
                                        "scenario's program, else scenarios/program-2026.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scorecard as JSON."),
) -> None:
    """Score a scenario against its program (accessibility, capacity, fit, ... composite)."""
    scored = run_command(lambda: load_and_score(scenario, program))
    if as_json:
        emit_json(scored.to_dict())
    else:
        print_scorecard(scored)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("score")(score)
