"""The scenario generator: diverse, ranked layouts of a plan's renovation zone for a program.

``generate_scenarios`` turns the plan and program into a :class:`ZoneProblem`, searches it in
chunks (in this process, a local process pool, or a Dask cluster: the chunks are the same and
are gathered in chunk order, so every executor returns the same scenarios for a seed), keeps
the best layout of each topology, picks a diverse set (each kept scenario differs from every
better one by a Jaccard distance of at least ``MIN_DISTANCE`` between topology signatures:
corridor axis, side of the corridor of each room, pairs of rooms next to each other) and
builds complete scenario plans (:mod:`spacedesign.generate.scenario_plan`).

Ranking: the weighted mean (program weights) of the accessibility checker's score
(:func:`spacedesign.rules.check_plan`, run on every kept scenario) and a simple composite of
program fit, adjacency, daylight and efficiency (:func:`composite_scores`); capacity is not
scored yet (the capacity module is not on main).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from spacedesign.errors import InputError
from spacedesign.generate.scenario_plan import build_scenario, zone_problem
from spacedesign.generate.zone_search import (
    ZoneLayout,
    ZoneProblem,
    search_chunk,
    topology_distance,
    topology_signature,
    touches_window,
)
from spacedesign.model import Plan, Program

__all__ = ["MIN_DISTANCE", "composite_scores", "generate_scenarios", "search_layouts"]

MIN_DISTANCE = 0.25
LAYOUTS_PER_CHUNK = 8


def _run_chunk(args: tuple[ZoneProblem, int, int, int]) -> list[ZoneLayout]:
    problem, seed, chunk, count = args
    return search_chunk(problem, seed, chunk, count)


def search_layouts(
    problem: ZoneProblem,
    *,
    count: int,
    seed: int,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ZoneLayout]:
    """Search enough chunks for ``count`` diverse layouts; chunks gathered in chunk order."""
    chunks = max(2, -(-count * 3 // LAYOUTS_PER_CHUNK))
    tasks = [(problem, seed, c, LAYOUTS_PER_CHUNK) for c in range(chunks)]
    results: list[list[ZoneLayout]]
    if scheduler:
        results = _run_dask(tasks, scheduler, progress)
    elif workers > 1:
        results = _run_pool(tasks, workers, progress)
    else:
        results = []
        for done, task in enumerate(tasks, 1):
            results.append(_run_chunk(task))
            if progress:
                progress(done, len(tasks))
    return [layout for chunk in results for layout in chunk]


def _run_pool(
    tasks: list[tuple[ZoneProblem, int, int, int]],
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> list[list[ZoneLayout]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    results: list[list[ZoneLayout]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for done, result in enumerate(pool.map(_run_chunk, tasks), 1):
            results.append(result)
            if progress:
                progress(done, len(tasks))
    return results


def _run_dask(
    tasks: list[tuple[ZoneProblem, int, int, int]],
    scheduler: str,
    progress: Callable[[int, int], None] | None,
) -> list[list[ZoneLayout]]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - the dist extra is part of `make install`
        from spacedesign.errors import MissingDependencyError

        raise MissingDependencyError("distributed", "dist") from exc
    with Client(scheduler, timeout=30) as client:  # type: ignore[no-untyped-call]
        futures = client.map(_run_chunk, tasks, pure=False)
        for done, _ in enumerate(as_completed(futures), 1):  # type: ignore[no-untyped-call]
            if progress:
                progress(done, len(tasks))
        gathered: list[list[ZoneLayout]] = client.gather(futures)
    return gathered


def select_diverse(
    problem: ZoneProblem, layouts: Iterable[ZoneLayout], count: int
) -> list[ZoneLayout]:
    """Best layouts first, skipping any too close in topology to one already kept."""
    spaces = [room.space for room in problem.rooms]
    ranked = sorted(layouts, key=lambda lay: (lay.objective, lay.orientation, lay.bands))
    kept: list[ZoneLayout] = []
    signatures: list[frozenset[str]] = []
    for layout in ranked:
        signature = topology_signature(layout, spaces)
        if all(topology_distance(signature, s) >= MIN_DISTANCE for s in signatures):
            kept.append(layout)
            signatures.append(signature)
            if len(kept) == count:
                break
    return kept


def composite_scores(
    problem: ZoneProblem, layout: ZoneLayout, program: Program
) -> dict[str, float]:
    """Scores 0-100: program fit, adjacency, daylight, efficiency, and their weighted mean."""
    areas = [(b[2] - b[0]) * (b[3] - b[1]) for b in layout.boxes]
    fit = sum(
        1
        for spec, area in zip(problem.rooms, areas, strict=True)
        if spec.area[0] - 1e-6 <= area <= spec.area[1] + 1e-6
    ) / max(1, len(problem.rooms))
    scale = (problem.x1 - problem.x0) + (problem.y1 - problem.y0)
    centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in layout.boxes]
    total = sum(abs(w) for _, _, w in problem.weights) or 1.0
    happy = 0.0
    for a, b, weight in problem.weights:
        d = abs(centres[a][0] - centres[b][0]) + abs(centres[a][1] - centres[b][1])
        share = min(1.0, d / scale)
        happy += abs(weight) * (1.0 - share if weight > 0 else share)
    daylight_rooms = [i for i, spec in enumerate(problem.rooms) if spec.daylight]
    zone_area = (problem.x1 - problem.x0) * (problem.y1 - problem.y0)
    scores = {
        "program_fit": round(100.0 * fit, 2),
        "adjacency": round(100.0 * happy / total, 2),
        "daylight": round(
            100.0
            * sum(1 for i in daylight_rooms if touches_window(problem, layout.boxes[i]))
            / max(1, len(daylight_rooms)),
            2,
        ),
        "efficiency": round(100.0 * sum(areas) / zone_area, 2),
    }
    weights = program.score_weights()
    used = {k: weights.get(k, 0.0) for k in scores}
    norm = sum(used.values()) or 1.0
    scores["total"] = round(sum(scores[k] * used[k] for k in used) / norm, 2)
    return scores


def _with_accessibility(
    scenario: Plan, program: Program, scores: dict[str, float]
) -> dict[str, float]:
    """Add the accessibility checker's score (0-100) and recompute the weighted total."""
    from spacedesign.rules import check_plan

    report = check_plan(scenario, program.ruleset)
    scores = {k: v for k, v in scores.items() if k != "total"}
    scores["accessibility"] = round(float(report.score), 2)
    weights = program.score_weights()
    used = {k: weights.get(k, 0.0) for k in scores}
    norm = sum(used.values()) or 1.0
    scores["total"] = round(sum(scores[k] * used[k] for k in used) / norm, 2)
    return scores


def generate_scenarios(
    plan: Plan,
    program: Program,
    *,
    count: int,
    seed: int,
    time_limit: float,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    base: str | None = None,
    program_ref: str | None = None,
) -> list[Plan]:
    """Return up to ``count`` diverse scenario plans, best first.

    Each scenario carries ``scenario.generator`` = {strategy, seed, rank, scores, objective}.
    ``time_limit`` bounds nothing yet beyond the fixed search effort (the search is a fixed
    number of chunks so that results repeat); it is recorded in the provenance.
    """
    if count < 1:
        raise InputError("count must be at least 1", value=count)
    problem = zone_problem(plan, program)
    layouts = search_layouts(
        problem, count=count, seed=seed, workers=workers, scheduler=scheduler, progress=progress
    )
    chosen = select_diverse(problem, layouts, count)
    if not chosen:
        raise InputError(
            f"no layout of the program fits zone {program.zone!r} under its rules",
            value=program.zone,
        )
    built = []
    for layout in chosen:
        scores = composite_scores(problem, layout, program)
        generator: dict[str, Any] = {
            "strategy": "corridor-bands",
            "seed": seed,
            "objective": round(layout.objective, 3),
            "time_limit": time_limit,
        }
        scenario = build_scenario(plan, program, problem, layout, 0, generator, base, program_ref)
        scores = _with_accessibility(scenario, program, scores)
        built.append((scores, layout.objective, scenario))
    built.sort(key=lambda item: (-item[0]["total"], item[1]))
    scenarios = []
    for rank, (scores, _, scenario) in enumerate(built, 1):
        info = scenario.scenario
        assert info is not None
        generator = {**info.generator, "rank": rank, "scores": scores}
        scenarios.append(
            dataclasses.replace(
                scenario,
                name=f"G{rank:02d} {program.name}",
                scenario=dataclasses.replace(info, generator=generator),
            )
        )
    return scenarios
