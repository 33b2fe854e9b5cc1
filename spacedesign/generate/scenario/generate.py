"""Search for a diverse, ranked set of scenarios: sketch many seeds, finish the best distinct ones.

1. *Sketch*: candidate seeds ``seed * 100003 + i`` are mapped through :func:`sketch_candidate`
   (a layout and its geometric scores, ~30 ms each).
2. *Select*: sketches sorted by geometric composite (then seed) are taken greedily when their
   topology is at least :data:`~.scoring.MIN_DISTANCE` from every one taken, up to
   :data:`POOL_FACTOR` × ``count``.
3. *Finish*: the selected seeds are mapped through :func:`finish_candidate` (rebuild, furnish,
   check, score); those where a new public room is out of wheelchair reach are dropped, the
   rest ranked by the full composite (then seed); the best ``count`` are returned (fewer when
   not enough pass).

Both maps go through a :class:`CandidateMapper`, which returns results in the order of the seeds
it is given; so a local process pool, a Dask cluster and a plain loop give the same scenarios for
the same seed. Only ``time_limit`` can change the result: it stops sketching at a batch boundary.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacedesign.errors import SolverError
from spacedesign.generate.scenario.evaluate import Evaluation, evaluate_design
from spacedesign.generate.scenario.scoring import MIN_DISTANCE, composite, topology_distance
from spacedesign.generate.scenario.search import design_candidate
from spacedesign.model import Plan, Program

__all__ = [
    "BATCH",
    "POOL_FACTOR",
    "CandidateMapper",
    "Evaluator",
    "InlineMapper",
    "Sketch",
    "candidate_seeds",
    "finish_candidate",
    "generate_scenarios",
    "search_scenarios",
    "sketch_candidate",
]

BATCH = 32
"""Seeds per sketching batch (the time limit is checked between batches)."""

POOL_FACTOR = 3
"""Distinct sketches finished per scenario asked for (scenarios where the check finds a new
public room out of wheelchair reach are dropped, so there is a margin)."""

SKETCHES_PER_SCENARIO = 12
MIN_SKETCHES = 48

Evaluator = Callable[..., Evaluation]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Sketch:
    """A candidate's seed, topology and geometric composite score."""

    seed: int
    topology: frozenset[str]
    score: float


def candidate_seeds(seed: int, start: int, count: int) -> list[int]:
    """Return the seeds of candidates ``start .. start + count - 1`` of a search with ``seed``."""
    return [seed * 100_003 + i for i in range(start, start + count)]


def sketch_candidate(plan: Plan, program: Program, seed: int) -> Sketch | None:
    """Return the sketch of the scenario ``seed`` generates (None when it generates none)."""
    design = design_candidate(plan, program, seed)
    if design is None:
        return None
    return Sketch(seed, design.topology, composite(design.scores, program.score_weights()))


def finish_candidate(plan: Plan, program: Program, seed: int,
                     evaluate: Evaluator | None = None) -> Evaluation | None:
    """Rebuild the scenario of ``seed`` and furnish, check and score it."""
    design = design_candidate(plan, program, seed)
    if design is None:
        return None
    return (evaluate or evaluate_design)(design, program)


class CandidateMapper(Protocol):
    """Maps the two steps over seeds; results come back in the order of ``seeds``."""

    def sketch(self, seeds: Sequence[int]) -> Iterable[Sketch | None]:
        """Return :func:`sketch_candidate` of every seed, in order."""
        ...

    def finish(self, seeds: Sequence[int]) -> Iterable[Evaluation | None]:
        """Return :func:`finish_candidate` of every seed, in order."""
        ...


class InlineMapper:
    """Runs both steps in this process."""

    def __init__(self, plan: Plan, program: Program, evaluate: Evaluator | None = None):
        self.plan, self.program, self.evaluate = plan, program, evaluate

    def sketch(self, seeds: Sequence[int]) -> Iterable[Sketch | None]:
        """Sketch each seed in turn."""
        return (sketch_candidate(self.plan, self.program, s) for s in seeds)

    def finish(self, seeds: Sequence[int]) -> Iterable[Evaluation | None]:
        """Finish each seed in turn."""
        return (finish_candidate(self.plan, self.program, s, self.evaluate) for s in seeds)


def _select(sketches: list[Sketch], size: int) -> list[Sketch]:
    chosen: list[Sketch] = []
    for sketch in sorted(sketches, key=lambda s: (-s.score, s.seed)):
        if all(topology_distance(sketch.topology, c.topology) >= MIN_DISTANCE for c in chosen):
            chosen.append(sketch)
            if len(chosen) == size:
                break
    return chosen


def search_scenarios(
    plan: Plan,
    program: Program,
    *,
    count: int,
    seed: int,
    time_limit: float | None = None,
    mapper: CandidateMapper | None = None,
    evaluate: Evaluator | None = None,
    attempts: int | None = None,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[Evaluation]:
    """Return up to ``count`` finished scenarios, best first, topologically distinct.

    Parameters
    ----------
    plan, program : Plan, Program
        The base plan (with the program's zone) and the program.
    count : int
        Scenarios wanted.
    seed : int
        Search seed; the same seed gives the same scenarios.
    time_limit : float, optional
        Seconds after which no new sketching batch starts (finishing still runs).
    mapper : CandidateMapper, optional
        Where the work runs; :class:`InlineMapper` by default.
    evaluate : callable, optional
        ``(Design, Program) -> Evaluation`` for the inline mapper (default
        :func:`~.evaluate.evaluate_design`).
    attempts : int, optional
        Candidate seeds to sketch (default ``max(48, 12 * count)``).
    progress : callable, optional
        Called as ``progress(stage, done, total)`` with stage ``"sketch"`` or ``"finish"``.

    Raises
    ------
    SolverError
        When no seed yields a scenario.
    """
    if count < 1:
        return []
    runner = mapper or InlineMapper(plan, program, evaluate)
    total = attempts or max(MIN_SKETCHES, SKETCHES_PER_SCENARIO * count)
    started = clock()
    sketches: list[Sketch] = []
    done = 0
    for start in range(0, total, BATCH):
        if time_limit is not None and done and clock() - started > time_limit:
            break
        for sketch in runner.sketch(candidate_seeds(seed, start, min(BATCH, total - start))):
            done += 1
            if sketch is not None:
                sketches.append(sketch)
            if progress:
                progress("sketch", done, total)
    pool = _select(sketches, POOL_FACTOR * count)
    if not pool:
        raise SolverError(f"no scenario fits the zone after {done} candidate seeds; check the "
                          "program's areas and minimum sides against the zone")
    finished: list[Evaluation] = []
    for i, result in enumerate(runner.finish([s.seed for s in pool]), 1):
        if result is not None and result.reachable:
            finished.append(result)
        if progress:
            progress("finish", i, len(pool))
    finished.sort(key=lambda e: (-e.score, e.seed))
    return finished[:count]


def generate_scenarios(
    plan: Plan,
    program: Program,
    *,
    count: int,
    seed: int,
    time_limit: float | None = None,
    evaluate: Evaluator | None = None,
) -> list[Plan]:
    """Return ``count`` diverse scenarios of the program's zone, best first (in this process).

    Deterministic for a given seed (unless ``time_limit`` cuts the search short). See
    :func:`search_scenarios` for the parameters and :mod:`.evaluate` for the scores.
    """
    found = search_scenarios(plan, program, count=count, seed=seed, time_limit=time_limit,
                             evaluate=evaluate)
    return [e.plan for e in found]
