"""``spacedesign import-dxf DRAWING.dxf [--layers MAP.yaml] [--level ID] --out PLAN.yaml``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from spacedesign.cli.common import console, emit_json, err_console, run_command

LARGE_FILE_BYTES = 2_000_000
"""Files at least this big get a progress bar (on a terminal, without --json)."""


def import_dxf_command(
    drawing: Path = typer.Argument(..., help="The DXF drawing (R12-R2018, ASCII or binary)."),
    out: Path = typer.Option(..., "--out", "-o", help="Plan file to write (.yaml or .json)."),
    layers: Path | None = typer.Option(
        None, "--layers", help="Layer map YAML (layer name or glob -> role)."
    ),
    level: str = typer.Option("1F", "--level", help="Id of the level the drawing becomes."),
    units: str | None = typer.Option(
        None, "--units", help="Force the drawing unit (mm, cm, m, inch, foot) over $INSUNITS."
    ),
    max_size_mb: float = typer.Option(
        64.0, "--max-size-mb", help="Refuse drawings larger than this many MB."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the import report as JSON."),
) -> None:
    """Turn an as-built DXF drawing into a plan file, with a report of what was read."""

    def run() -> dict[str, Any]:
        from spacedesign.io import save_document, validate_file
        from spacedesign.io.dxf_import import import_dxf, load_layer_map

        layer_map = load_layer_map(layers)
        show_bar = (not as_json and drawing.is_file()
                    and drawing.stat().st_size >= LARGE_FILE_BYTES and err_console.is_terminal)
        if show_bar:
            from rich.progress import Progress

            with Progress(console=err_console, transient=True) as bar:
                tasks: dict[str, Any] = {}

                def progress(phase: str, fraction: float) -> None:
                    if phase not in tasks:
                        tasks[phase] = bar.add_task(phase, total=1.0)
                    bar.update(tasks[phase], completed=fraction)

                result = import_dxf(drawing, layer_map=layer_map, level_id=level, units=units,
                                    max_megabytes=max_size_mb, progress=progress)
        else:
            result = import_dxf(drawing, layer_map=layer_map, level_id=level, units=units,
                                max_megabytes=max_size_mb)
        written = save_document(result.plan, out)
        problems = validate_file(written)
        report = result.report.to_dict()
        report["out"] = str(written)
        report["problems"] = [p.to_dict() for p in problems]
        if not as_json:
            for line in result.report.lines():
                console.print(line, markup=False)
            for problem in problems:
                err_console.print(str(problem), markup=False)
            console.print(f"wrote {written}", markup=False)
        return report

    report = _run_json(run, drawing) if as_json else run_command(run)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    if as_json:
        emit_json({"ok": not errors, **report})
    if errors:
        raise typer.Exit(1)


def _run_json(run: Callable[[], dict[str, Any]], drawing: Path) -> dict[str, Any]:
    """Run the import; on failure print the error as JSON on stdout and exit 1."""
    from spacedesign.errors import SpacedesignError, ValidationError

    message: str
    try:
        return run()
    except ValidationError as exc:
        message = "; ".join(str(p) for p in exc.problems if p.severity == "error") or str(exc)
    except SpacedesignError as exc:
        message = str(exc)
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        message = f"{name}{exc.strerror or exc}"
    emit_json({"ok": False, "source": str(drawing), "error": message})
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("import-dxf")(import_dxf_command)
