"""``spacedesign check PLAN --ruleset R [--json]``: accessibility findings and score (DESIGN §5)."""

from __future__ import annotations

from pathlib import Path

import typer

from spacedesign.cli.common import console, emit_json, run_command

STATUS_STYLE = {"fail": "bold red", "warn": "yellow", "pass": "green", "n/a": "dim"}
STATUS_LABEL = {
    "fail": "不適合 fail",
    "warn": "注意 warn",
    "pass": "適合 pass",
    "n/a": "対象外 n/a",
}


def _value(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    if unit == "ratio":
        return f"{value:.3f}"
    if unit == "count":
        return f"{value:.0f}"
    return f"{value:.2f}{' ' + unit if unit else ''}"


def check(
    plan_file: Path = typer.Argument(
        ..., help="Plan or scenario file (YAML or JSON).", metavar="PLAN"
    ),
    ruleset: str = typer.Option(
        "jp-recommended",
        "--ruleset",
        "-r",
        help="jp-minimum | jp-recommended | tokyo | ada-2010",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the DESIGN §5 JSON document."),
) -> None:
    """Check a plan for universal-design accessibility and print the findings and the score.

    The score (0-100) is the severity-weighted share of applicable checks passed: each rule
    counts with the weight of its severity (critical 3, major 2, minor 1); within a rule the
    credit is the mean over its findings (pass 1, warn 0.5, fail 0); rules that are only n/a
    are left out, and a plan with nothing applicable scores 100. Each finding carries the
    source of its value and the reference's confirmed | secondary | unconfirmed flag.
    """
    from spacedesign.errors import InputError
    from spacedesign.io import load_plan
    from spacedesign.rules import RULES, RULESETS, check_plan

    def run() -> None:
        if ruleset not in RULESETS:
            raise InputError(f"unknown ruleset {ruleset!r}; choose one of {', '.join(RULESETS)}")
        plan = load_plan(plan_file)
        report = check_plan(plan, ruleset)
        if as_json:
            emit_json(report.to_dict())
            return
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=f"{plan.name} — {ruleset}", show_lines=False, expand=True)
        table.add_column("status", no_wrap=True)
        table.add_column("element", overflow="fold", max_width=16)
        table.add_column("measured", justify="right", no_wrap=True)
        table.add_column("required", justify="right", no_wrap=True)
        table.add_column("finding", overflow="fold", ratio=1)
        for rule_id, spec in RULES.items():
            findings = report.for_rule(rule_id)
            status = report.status(rule_id)
            first = findings[0] if findings else None
            source = first.source if first is not None and first.source else ""
            flag = f" [{first.confirmed}]" if first is not None and first.confirmed else ""
            note = escape(f"{source}{flag}")
            table.add_row(
                f"[{STATUS_STYLE[status]}]{STATUS_LABEL[status]}[/]",
                f"[bold]{rule_id}[/]",
                "",
                "",
                f"[bold]{spec.title_ja} / {spec.title_en}[/] [dim]{note}[/]",
            )
            shown = [f for f in findings if f.status in ("fail", "warn")]
            passed = [f for f in findings if f.status == "pass"]
            if len(passed) <= 3:
                shown += passed
            for f in shown + [f for f in findings if f.status == "n/a"]:
                table.add_row(
                    f"  [{STATUS_STYLE[f.status]}]{f.status}[/]",
                    escape(f.element or ""),
                    _value(f.measured, f.unit),
                    _value(f.required, f.unit),
                    escape(f.message.split(": ", 1)[-1]),
                )
            if len(passed) > 3:
                names = escape(", ".join(f.element or "-" for f in passed))
                table.add_row(f"  [green]pass[/] ×{len(passed)}", "", "", "", names)
            table.add_section()
        console.print(table)
        counts = {s: sum(1 for f in report.findings if f.status == s) for s in STATUS_LABEL}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items())
        console.print(
            f"アクセシビリティ評点 / accessibility score: {report.score:.1f} / 100 ({summary})",
            markup=False,
        )

    run_command(run)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("check")(check)
