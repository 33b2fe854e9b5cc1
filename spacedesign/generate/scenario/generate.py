"""Search for a diverse, ranked set of scenarios: sketch many seeds, finish the best distinct ones.

1. *Sketch*: candidate seeds ``seed * 100003 + i`` are mapped through :func:`sketch_candidate`
   (a layout and its geometric scores).
2. *Select* (:func:`select_diverse`): the best sketch by geometric composite comes first; then,
   among the *good* sketches (within :data:`GOOD_MARGIN` points of the best), greedily the one
   of a circulation pattern not yet taken, else the one farthest (max-min) from those taken;
   then the other sketches by score. A sketch closer than :data:`~.scoring.MIN_DISTANCE` to
   one taken is never taken (the diversity measure: Jaccard distance of the topology feature
   sets, see :mod:`.scoring`), so no two near-duplicates are ever both in the set.
3. *Finish*: the selected seeds are mapped, in that order and in batches, through
   :func:`finish_candidate` (rebuild, furnish, run the real check, score) until ``count``
   *clean* ones (no check failure the base plan does not have) are found or
   :data:`POOL_FACTOR` × ``count`` are finished. Scenarios with a new *critical* failure are
   discarded; ones with only new major or minor failures fill up the set when there are not
   enough clean ones (fewest failures first; they rank after the clean ones and list their
   failures). The set is ranked by the full composite (then seed), named ``案G1 …`` and given
   its provenance.

Both maps go through a :class:`CandidateMapper`, which returns results in the order of the seeds
it is given; so a local process pool, a Dask cluster and a plain loop give the same scenarios for
the same seed. Only ``time_limit`` can change the result: it is a deadline for the whole search
(sketching stops at a batch boundary, finishing stops after the batch that crosses it).
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacedesign.errors import SolverError
from spacedesign.generate.scenario.evaluate import Evaluation, evaluate_design
from spacedesign.generate.scenario.scoring import MIN_DISTANCE, composite, topology_distance
from spacedesign.generate.scenario.search import Design, design_candidate
from spacedesign.model import Plan, Program

__all__ = [
    "BATCH",
    "FINISH_BATCH",
    "POOL_FACTOR",
    "CandidateMapper",
    "Evaluator",
    "InlineMapper",
    "Sketch",
    "candidate_seeds",
    "finish_candidate",
    "generate_scenarios",
    "search_scenarios",
    "select_diverse",
    "sketch_candidate",
]

BATCH = 32
"""Seeds per sketching batch (the time limit is checked between batches)."""

POOL_FACTOR = 4
"""Most distinct candidates finished per scenario asked for (looking for clean ones)."""

FINISH_BATCH = 4
"""Candidates finished per batch beyond those still needed (the deadline is checked between
batches)."""

DESIGN_MEMO = 256
"""Designs each process keeps from sketching, so finishing the same seed does not redo it."""

LATE_SKETCHES = 4
"""Sketches made at least, even past the deadline: the first one finished may fail the check
(a furnished hub lounge can block a door), so the search keeps a few to fall back on."""

GOOD_MARGIN = 5.0
"""Composite points below the best sketch within which sketches are picked for diversity first."""

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


_DESIGNS: OrderedDict[tuple[int, int, int], tuple[Plan, Program, Design | None]] = OrderedDict()


def _design(plan: Plan, program: Program, seed: int) -> Design | None:
    """:func:`design_candidate`, memoised per process (it is pure and deterministic)."""
    key = (id(plan), id(program), seed)
    hit = _DESIGNS.get(key)
    if hit is not None and hit[0] is plan and hit[1] is program:
        return hit[2]
    design = design_candidate(plan, program, seed)
    _DESIGNS[key] = (plan, program, design)
    while len(_DESIGNS) > DESIGN_MEMO:
        _DESIGNS.popitem(last=False)
    return design


def sketch_candidate(plan: Plan, program: Program, seed: int) -> Sketch | None:
    """Return the sketch of the scenario ``seed`` generates (None when it generates none)."""
    design = _design(plan, program, seed)
    if design is None:
        return None
    return Sketch(seed, design.topology, composite(design.scores, program.score_weights()))


def finish_candidate(plan: Plan, program: Program, seed: int,
                     evaluate: Evaluator | None = None) -> Evaluation | None:
    """Rebuild the scenario of ``seed`` and furnish, check and score it.

    ``evaluate`` is ``(design, program, base plan) -> Evaluation`` (default
    :func:`~.evaluate.evaluate_design`).
    """
    design = _design(plan, program, seed)
    if design is None:
        return None
    return (evaluate or evaluate_design)(design, program, plan)


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


def _pattern(topology: frozenset[str]) -> str:
    return next((f for f in sorted(topology) if f.startswith("circ:")), "")


def select_diverse(sketches: Sequence[Sketch], margin: float = GOOD_MARGIN) -> list[Sketch]:
    """Order sketches for finishing: good and mutually far apart first (see the module doc).

    Every sketch returned is at least :data:`~.scoring.MIN_DISTANCE` from every one before
    it; ties go to the higher score, then the lower seed (deterministic).

    >>> a = Sketch(1, frozenset({"circ:through", "x", "y"}), 80.0)
    >>> b = Sketch(2, frozenset({"circ:through", "x", "z"}), 79.0)
    >>> c = Sketch(3, frozenset({"circ:hub", "x", "y"}), 78.0)
    >>> [s.seed for s in select_diverse([a, b, c])]
    [1, 3, 2]
    """
    ranked = sorted(sketches, key=lambda s: (-s.score, s.seed))
    if not ranked:
        return []
    good = [s for s in ranked if s.score >= ranked[0].score - margin]
    chosen = [good[0]]
    nearest = {s.seed: topology_distance(s.topology, good[0].topology) for s in ranked}
    patterns = {_pattern(good[0].topology)}

    def take(sketch: Sketch) -> None:
        chosen.append(sketch)
        patterns.add(_pattern(sketch.topology))
        for s in ranked:
            nearest[s.seed] = min(nearest[s.seed], topology_distance(s.topology, sketch.topology))

    taken = {good[0].seed}
    while True:
        open_ = [s for s in good if s.seed not in taken and nearest[s.seed] >= MIN_DISTANCE]
        if not open_:
            break
        pick = max(open_, key=lambda s: (_pattern(s.topology) not in patterns,
                                         nearest[s.seed], s.score, -s.seed))
        taken.add(pick.seed)
        take(pick)
    for sketch in ranked:
        if sketch.seed not in taken and nearest[sketch.seed] >= MIN_DISTANCE:
            taken.add(sketch.seed)
            take(sketch)
    return chosen


def _named(result: Evaluation, rank: int, search_seed: int, base: str | None,
           program: str | None) -> Evaluation:
    """Return the scenario with its rank in its name and its provenance filled in."""
    info = result.plan.scenario
    assert info is not None
    ja, _, en = result.plan.name.partition(" / ")
    generator = {**info.generator, "search_seed": search_seed, "rank": rank}
    plan = result.plan.with_changes(
        name=f"案G{rank} {ja} / G{rank} {en}" if en else f"案G{rank} {ja}",
        scenario=dataclasses.replace(info, base=base or info.base,
                                     program=program or info.program, generator=generator))
    return dataclasses.replace(result, plan=plan)


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
    started: float | None = None,
    base_ref: str | None = None,
    program_ref: str | None = None,
) -> list[Evaluation]:
    """Return up to ``count`` sound finished scenarios, best first, topologically distinct.

    Parameters
    ----------
    plan, program : Plan, Program
        The base plan (with the program's zone) and the program.
    count : int
        Scenarios wanted.
    seed : int
        Search seed; the same seed gives the same scenarios.
    time_limit : float, optional
        Deadline in seconds after ``started`` for the whole search. Past it, sketching stops as
        soon as there are :data:`LATE_SKETCHES` sketches and finishing as soon as there is one
        sound scenario: the
        overrun is at most the time to make one scenario (plus the results in flight).
    mapper : CandidateMapper, optional
        Where the work runs; :class:`InlineMapper` by default.
    evaluate : callable, optional
        ``(Design, Program, Plan) -> Evaluation`` for the inline mapper (default
        :func:`~.evaluate.evaluate_design`).
    attempts : int, optional
        Candidate seeds to sketch (default ``max(48, 12 * count)``).
    progress : callable, optional
        Called as ``progress(stage, done, total)`` with stage ``"sketch"`` or ``"finish"``.
    clock : callable
        The clock ``time_limit`` is measured on (injectable for tests).
    started : float, optional
        When the job started on ``clock`` (for instance at command start-up); now by default.
    base_ref, program_ref : str, optional
        Provenance written into each scenario (file paths relative to where it is saved);
        the plan's and program's names by default.

    Raises
    ------
    SolverError
        When no seed yields a scenario, or none passes the check before the deadline.
    """
    if count < 1:
        return []
    runner = mapper or InlineMapper(plan, program, evaluate)
    total = attempts or max(MIN_SKETCHES, SKETCHES_PER_SCENARIO * count)
    begin = clock() if started is None else started

    def late() -> bool:
        return time_limit is not None and clock() - begin > time_limit

    sketches: list[Sketch] = []
    done = 0
    for start in range(0, total, BATCH):
        if len(sketches) >= LATE_SKETCHES and late():
            break
        for sketch in runner.sketch(candidate_seeds(seed, start, min(BATCH, total - start))):
            done += 1
            if sketch is not None:
                sketches.append(sketch)
            if progress:
                progress("sketch", done, total)
            if len(sketches) >= LATE_SKETCHES and late():
                break
    pool = select_diverse(sketches)
    if not pool:
        raise SolverError(f"no scenario fits the zone after {done} candidate seeds; check the "
                          "program's areas and minimum sides against the zone")
    clean: list[Evaluation] = []
    spare: list[Evaluation] = []
    tried = rejected = 0
    budget = min(len(pool), POOL_FACTOR * count)
    while tried < budget and len(clean) < count and not ((clean or spare) and late()):
        size = 1 if late() else count - len(clean) + FINISH_BATCH
        for result in runner.finish([s.seed for s in pool[tried:min(budget, tried + size)]]):
            tried += 1
            if result is None or not result.sound:
                rejected += result is not None
            elif result.clean and len(clean) < count:
                clean.append(result)
            elif not result.clean:
                spare.append(result)
            if progress:
                progress("finish", tried, budget)
            if late():
                break
    # scenarios with only major or minor new failures fill up, fewest failures first
    spare.sort(key=lambda e: (len(e.failures), -e.score, e.seed))
    sound = clean + spare[:count - len(clean)]
    if not sound:
        raise SolverError(f"none of the {tried} distinct candidates finished passed the check "
                          f"({rejected} had critical failures the base plan does not have); "
                          "try more attempts or another seed")
    sound.sort(key=lambda e: (not e.clean, -e.score, e.seed))
    return [_named(e, rank, seed, base_ref, program_ref) for rank, e in enumerate(sound, 1)]


def generate_scenarios(
    plan: Plan,
    program: Program,
    *,
    count: int,
    seed: int,
    time_limit: float | None = None,
    evaluate: Evaluator | None = None,
    progress: Callable[[int, int], None] | None = None,
    base: str | None = None,
    program_ref: str | None = None,
) -> list[Plan]:
    """Return ``count`` diverse, checked scenarios of the program's zone, best first.

    Runs in this process; deterministic for a given seed (unless ``time_limit`` cuts the search
    short). ``progress(done, total)`` reports sketching and finishing; ``base`` and
    ``program_ref`` are the provenance paths. See :func:`search_scenarios` for the rest.
    """
    report = None if progress is None else (lambda _stage, d, t: progress(d, t))
    found = search_scenarios(plan, program, count=count, seed=seed, time_limit=time_limit,
                             evaluate=evaluate, progress=report, base_ref=base,
                             program_ref=program_ref)
    return [e.plan for e in found]
