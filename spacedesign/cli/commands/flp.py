"""``spacedesign flp solve INSTANCE.json``: the block-layout optimiser on an FLP instance."""

from __future__ import annotations

from pathlib import Path

import typer

from spacedesign.cli.common import console, emit_json, err_console, run_command

flp_app = typer.Typer(
    name="flp",
    help="Facility layout problem (spacedesign.flp/1): solve classic block-layout instances.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@flp_app.command("solve")
def solve(
    instance: Path = typer.Argument(..., help="A spacedesign.flp/1 file (JSON or YAML)."),
    time_limit: float = typer.Option(60.0, "--time-limit", min=0.1, help="Seconds to search."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same layout)."),
    as_json: bool = typer.Option(False, "--json", help="Print the layout as JSON."),
    verbose: bool = typer.Option(
        False, "--verbose", help="Also say on stderr how the search ran (evaluations, stop)."
    ),
) -> None:
    """Find a feasible layout (exact areas, shape rules) minimising flow × distance."""

    def work() -> None:
        from spacedesign.generate import solve_flp
        from spacedesign.io import load_flp

        problem = load_flp(instance)
        solution = solve_flp(problem, time_limit=time_limit, seed=seed)
        if verbose:
            err_console.print(f"{problem.name}: {solution.search_summary()}", markup=False)
        if as_json:
            emit_json(solution.to_dict())
            return
        console.print(
            f"{problem.name}: objective {solution.objective:.2f} in {solution.seconds:.1f} s "
            f"({solution.evaluations} layouts evaluated, stopped by {solution.stopped_by})",
            markup=False,
        )
        for rect in solution.rectangles:
            console.print(
                f"  {rect.id:>6}  x {rect.x:9.3f}  y {rect.y:9.3f}"
                f"  w {rect.w:8.3f}  h {rect.h:8.3f}",
                markup=False,
            )

    run_command(work)


def register(app: typer.Typer) -> None:
    """Add the ``flp`` command group to the CLI."""
    app.add_typer(flp_app, name="flp")
