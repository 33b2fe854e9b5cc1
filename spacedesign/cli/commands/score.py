"""``spacedesign score SCENARIO [--program P] [--json]``: the Scorecard of one scenario."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from spacedesign.cli.common import console, emit_json, err_console, run_command
from spacedesign.pipeline import ScoredScenario, load_and_score
from spacedesign.score import severity_label


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
        if key == "accessibility" and criterion.score is not None:
            score = card.accessibility_label()
        notes = "; ".join(_short(n) for n in criterion.notes[:3])
        if len(criterion.notes) > 3:
            notes += f" (+{len(criterion.notes) - 3} more)"
        table.add_row(f"{criterion.name_ja} / {criterion.name_en}",
                      f"{card.weights.get(key, 0.0):.2f}", score, notes)
    table.add_row("総合 / composite", "", f"{card.composite:.1f}", "", style="bold")
    console.print(table)
    access = card.criteria["accessibility"].details.get("rulesets", {})
    for name, info in access.items():
        label = severity_label(info["score"], info.get("failures_by_severity", {}))
        console.print(f"  {name}: {label}, {info['warn']} warn", markup=False)
    for stage in scored.missing:
        err_console.print(f"spacedesign: not available: {stage}; that criterion is n/a",
                          markup=False)


def score(
    scenario: Path = typer.Argument(..., help="Scenario (or plan) file."),
    program: Path | None = typer.Option(None, "--program", help="Program file (default: the "
                                        "scenario's program, else scenarios/program-2026.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scorecard as JSON."),
) -> None:
    """Score a scenario against its program (accessibility, capacity, fit, ... composite).

    Accessibility = 100 × Π (1 − p)^(1 − credit) over the findings of the program's ruleset:
    each failing finding takes off a share p by severity (critical 0.10, major 0.04,
    minor 0.01); a warning counts half (credit ½), passes and n/a cost nothing. Shown as
    e.g. "64.5 (critical 3 / major 3)". Composite = Σ w·s / Σ w over the criteria judged,
    weights from the program's weights: (defaults accessibility 0.30, capacity 0.15,
    program_fit 0.15, adjacency 0.10, efficiency 0.05, family 0.10, daylight 0.05,
    walking 0.10). Capacity judges the rooms that exist; a missing space costs program fit.
    Efficiency = usable floor / gross area of the zone (through-traffic strips excluded).
    """
    scored = run_command(lambda: load_and_score(scenario, program))
    if as_json:
        emit_json(scored.to_dict())
    else:
        print_scorecard(scored)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("score")(score)
