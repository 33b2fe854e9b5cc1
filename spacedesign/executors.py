"""Where the scenario search runs: this process, a local process pool, or a Dask cluster.

Each executor implements :class:`spacedesign.generate.scenario.CandidateMapper`: it maps the
pure functions :func:`~spacedesign.generate.scenario.sketch_candidate` and
:func:`~spacedesign.generate.scenario.finish_candidate` over candidate seeds and returns the
results in the order of the seeds, so every executor yields the same scenarios for a seed.

The plan and the program travel once per worker: as the pool's initialiser arguments, or
scattered (broadcast) to the Dask workers.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import multiprocessing
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import cached_property
from types import TracebackType
from typing import Any

from spacedesign.errors import InputError, MissingDependencyError
from spacedesign.generate.scenario import (
    Evaluation,
    InlineMapper,
    Sketch,
    finish_candidate,
    sketch_candidate,
)
from spacedesign.generate.scenario.furnishing import (
    add_furnishings,
    made_furnishings,
    share_furnishings,
)
from spacedesign.model import Plan, Program

__all__ = ["DaskMapper", "ProcessPoolMapper", "open_mapper", "worker_calls"]

_WORKER_STATE: dict[str, Any] = {}
_CALLS: Counter[str] = Counter()


def worker_calls() -> dict[str, int]:
    """Return how many sketch and finish tasks this process has run (for cluster checks)."""
    return dict(_CALLS)


def _init_worker(plan: Plan, program: Program) -> None:
    _WORKER_STATE["plan"], _WORKER_STATE["program"] = plan, program
    share_furnishings()


_GROUPS = ("walls", "columns", "openings", "rooms", "fixtures", "furniture", "zones")


@dataclasses.dataclass(frozen=True)
class _Delta:
    """What a finished scenario changes in the base plan: sent back instead of the whole plan.

    The base plan's site and untouched levels stay behind, and so does every element a changed
    level shares with the base level: its element groups are sent as tuples of either an index
    into the base level's group or a new element (a whole level is about 65 kB; this is about
    a third, less again without the cached geometry, see :func:`_lean`). :func:`_expand` puts
    them back in the parent, equal to what the worker made.
    """

    evaluation: Evaluation
    levels: tuple[tuple[int, Any, tuple[tuple[Any, ...], ...]], ...]


def _shrink(group: tuple[Any, ...], old: tuple[Any, ...]) -> tuple[Any, ...]:
    index = {id(item): k for k, item in enumerate(old)}
    return tuple(index.get(id(item), item) for item in group)


def _grow(entries: tuple[Any, ...], old: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(old[e] if isinstance(e, int) else e for e in entries)


def _compact(result: Evaluation | None, base: Plan) -> Evaluation | _Delta | None:
    if result is None or len(result.plan.levels) != len(base.levels):
        return result
    changed = []
    for i, (level, old) in enumerate(zip(result.plan.levels, base.levels, strict=True)):
        if level is old:
            continue
        groups = tuple(_shrink(getattr(level, g), getattr(old, g)) for g in _GROUPS)
        empty: dict[str, Any] = dict.fromkeys(_GROUPS, ())
        bare = dataclasses.replace(level, **empty)
        changed.append((i, bare, groups))
    stripped = result.plan.with_changes(levels=(), site=None)
    return _Delta(dataclasses.replace(result, plan=stripped), tuple(changed))


def _expand(result: Evaluation | _Delta | None, base: Plan) -> Evaluation | None:
    if not isinstance(result, _Delta):
        return result
    levels = list(base.levels)
    for i, bare, groups in result.levels:
        old = base.levels[i]
        filled: dict[str, Any] = {g: _grow(entries, getattr(old, g))
                                  for g, entries in zip(_GROUPS, groups, strict=True)}
        levels[i] = dataclasses.replace(bare, **filled)
    plan = result.evaluation.plan.with_changes(levels=tuple(levels), site=base.site)
    return dataclasses.replace(result.evaluation, plan=plan)


_CACHES: dict[type, frozenset[str]] = {}
_NEWOBJ: Any = copyreg.__newobj__  # type: ignore[attr-defined]
"""``cls.__new__(cls)``: pickle writes it as its NEWOBJ opcode (then sets the state dict)."""


def _caches(kind: type) -> frozenset[str]:
    """Names of the ``cached_property`` attributes of a dataclass pickled the default way."""
    names = _CACHES.get(kind)
    if names is None:
        plain = (dataclasses.is_dataclass(kind) and kind.__reduce_ex__ is object.__reduce_ex__
                 and kind.__reduce__ is object.__reduce__
                 and getattr(kind, "__getstate__", None) is getattr(object, "__getstate__", None)
                 and not hasattr(kind, "__setstate__"))
        names = _CACHES[kind] = frozenset(
            name for klass in kind.__mro__ for name, value in vars(klass).items()
            if plain and isinstance(value, cached_property))
    return names


class _LeanPickler(pickle.Pickler):
    """A pickler that leaves out what records cache (``cached_property`` values).

    The records' cached shapely geometry (a wall's footprint, a shape's polygon) pickles as
    WKB and is rebuilt on loading, which costs more than the rest of the record; the parent
    does not use it, and whoever does gets it rebuilt from the same fields on first use.
    """

    def reducer_override(self, obj: Any) -> Any:
        names = _caches(type(obj))
        state = getattr(obj, "__dict__", None) if names else None
        if state is None or names.isdisjoint(state):
            return NotImplemented
        return _NEWOBJ, (type(obj),), {k: v for k, v in state.items() if k not in names}


def _lean(obj: Any) -> bytes:
    """Pickle ``obj`` without the records' caches (:class:`_LeanPickler`).

    ``pickle.loads`` gives it back equal: the caches are not dataclass fields.
    """
    buffer = io.BytesIO()
    _LeanPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def _pool_sketch(seed: int) -> Sketch | None:
    return sketch_candidate(_WORKER_STATE["plan"], _WORKER_STATE["program"], seed)


def _pool_finish(seed: int) -> Evaluation | _Delta | None:
    plan = _WORKER_STATE["plan"]
    return _compact(finish_candidate(plan, _WORKER_STATE["program"], seed), plan)


def _pool_sketch_chunk(seeds: list[int]) -> list[Sketch | None]:
    return [_pool_sketch(seed) for seed in seeds]


def _pool_finish_chunk(seeds: list[int], shared: list[bytes]) -> tuple[bytes, bytes | None]:
    """Finish ``seeds`` knowing the furnishings ``shared``; return also those made here.

    Both go back pickled (:func:`_lean`): the parent loads the results only, and hands the
    furnishings on to the other workers as they came.
    """
    for blob in shared:
        add_furnishings(pickle.loads(blob))
    results = [_pool_finish(seed) for seed in seeds]
    made = made_furnishings()
    return _lean(results), (_lean(made) if made else None)


DEPTH = 2
"""Chunks each worker holds at once (one running, one queued, so it never waits on the parent)."""


class ProcessPoolMapper:
    """A local pool of ``workers`` processes (spawned, so no thread state is forked).

    Each worker is a one-process executor of its own, so that a seed is finished by the
    worker that sketched it, which still holds its design (``generate.DESIGN_MEMO``): a seed
    finished elsewhere is generated again. Work goes out in chunks, :data:`DEPTH` per worker
    at a time, to whichever worker has room: a worker takes its own seeds first, then seeds
    nobody sketched, then the last seeds of another worker (so none idles while another has
    a queue). Results come back in the order of the seeds, whoever computed them. The rooms
    one worker furnishes go to the others with their next seed
    (:func:`~spacedesign.generate.scenario.furnishing.share_furnishings`).
    """

    def __init__(self, plan: Plan, program: Program, workers: int):
        context = multiprocessing.get_context("spawn")
        self.workers = workers
        self._plan = plan
        self._pools = [ProcessPoolExecutor(max_workers=1, mp_context=context,
                                           initializer=_init_worker, initargs=(plan, program))
                       for _ in range(workers)]
        self._owner: dict[int, int] = {}

    def _pick(self, worker: int, pending: list[list[int]]) -> int:
        """Index in ``pending`` of the chunk ``worker`` takes next."""
        owners = [self._owner.get(chunk[0]) for chunk in pending]
        for i, owner in enumerate(owners):
            if owner == worker:
                return i
        for i, owner in enumerate(owners):
            if owner is None:
                return i
        return len(pending) - 1

    def _run(self, fn: Any, chunks: list[list[int]], share: bool = False) -> Iterator[Any]:
        """Map ``fn`` over ``chunks`` on the workers; yield each chunk's results, in order.

        With ``share``, ``fn(chunk, shared)`` returns ``(results, made)``: the furnishings a
        worker made (pickled, or None) go, with its next chunk, to every other worker.
        """
        outbox: list[list[Any]] = [[] for _ in self._pools]
        order = {id(chunk): k for k, chunk in enumerate(chunks)}
        pending = list(chunks)
        running: dict[Future[Any], tuple[int, int]] = {}
        load = [0] * len(self._pools)
        done: dict[int, Any] = {}
        following = 0
        try:
            while following < len(chunks):
                while pending and min(load) < DEPTH:
                    # the least loaded worker first: chunks in turn, so neighbours are spread
                    worker = load.index(min(load))
                    chunk = pending.pop(self._pick(worker, pending))
                    args = (chunk, outbox[worker]) if share else (chunk,)
                    outbox[worker] = []
                    running[self._pools[worker].submit(fn, *args)] = (order[id(chunk)], worker)
                    load[worker] += 1
                    for seed in chunk:
                        self._owner[seed] = worker
                while following not in done:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        k, worker = running.pop(future)
                        load[worker] -= 1
                        done[k] = future.result()
                        if share:
                            done[k], made = done[k]
                            for other, box in enumerate(outbox):
                                if other != worker and made is not None:
                                    box.append(made)
                    if pending:
                        break
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:
            for future in running:
                future.cancel()

    def _chunks(self, seeds: Sequence[int], size: int) -> list[list[int]]:
        seeds = list(seeds)
        if not seeds:
            return []
        # runs of one owner stay together, so a chunk goes where its designs are
        runs: list[list[int]] = [[seeds[0]]]
        for seed in seeds[1:]:
            last = runs[-1]
            if len(last) < size and self._owner.get(seed) == self._owner.get(last[0]):
                last.append(seed)
            else:
                runs.append([seed])
        return runs

    def sketch(self, seeds: Sequence[int]) -> Iterable[Sketch | None]:
        """Sketch the seeds on the pool, in order."""
        size = max(1, len(seeds) // (4 * self.workers))
        chunks = self._chunks(seeds, size)
        return (r for chunk in self._run(_pool_sketch_chunk, chunks) for r in chunk)

    def finish(self, seeds: Sequence[int]) -> Iterable[Evaluation | None]:
        """Finish the seeds on the pool, in order (one seed per task: each takes ~50 ms)."""
        chunks = self._chunks(seeds, 1)
        return (_expand(r, self._plan)
                for blob in self._run(_pool_finish_chunk, chunks, share=True)
                for r in pickle.loads(blob))

    def processes(self) -> list[int]:
        """Process ids of the workers started so far (for CPU accounting)."""
        return [pid for pool in self._pools
                for pid in (getattr(pool, "_processes", None) or {})]

    def close(self) -> None:
        """Shut the pool down."""
        for pool in self._pools:
            pool.shutdown(wait=True, cancel_futures=True)


def _dask_sketch(seed: int, plan: Plan, program: Program) -> Sketch | None:
    _CALLS["sketch"] += 1
    return sketch_candidate(plan, program, seed)


def _dask_finish(seed: int, plan: Plan, program: Program) -> bytes:
    _CALLS["finish"] += 1
    return _lean(_compact(finish_candidate(plan, program, seed), plan))


class DaskMapper:
    """The same search on a ``dask.distributed`` cluster at ``address`` (``tcp://host:port``)."""

    def __init__(self, plan: Plan, program: Program, address: str, timeout: float = 10.0):
        try:
            from distributed import Client
        except ImportError as exc:
            raise MissingDependencyError("distributed", "dist") from exc
        try:
            client_type: Any = Client
            self._client: Any = client_type(address, timeout=timeout, set_as_default=False)
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}",
                             value=address) from None
        self._base = plan
        self._plan, self._program = self._client.scatter([plan, program], broadcast=True)

    def _map(self, fn: Any, seeds: Sequence[int]) -> Iterator[Any]:
        futures: list[Any] = self._client.map(fn, list(seeds), plan=self._plan,
                                              program=self._program, pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.release()

    def sketch(self, seeds: Sequence[int]) -> Iterable[Sketch | None]:
        """Sketch the seeds on the cluster, in order."""
        return self._map(_dask_sketch, seeds)

    def finish(self, seeds: Sequence[int]) -> Iterable[Evaluation | None]:
        """Finish the seeds on the cluster, in order."""
        return (_expand(pickle.loads(r), self._base) for r in self._map(_dask_finish, seeds))

    def close(self) -> None:
        """Disconnect from the cluster (the cluster keeps running)."""
        self._client.close()


class _Closing:
    def __init__(self, mapper: Any):
        self.mapper = mapper

    def __enter__(self) -> Any:
        return self.mapper

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        close = getattr(self.mapper, "close", None)
        if close is not None:
            close()


def open_mapper(plan: Plan, program: Program, *, workers: int = 1,
                scheduler: str | None = None) -> _Closing:
    """Return a context manager giving the mapper for these options.

    ``scheduler`` (a Dask address) wins over ``workers``; ``workers <= 1`` runs in this process.
    """
    if scheduler:
        return _Closing(DaskMapper(plan, program, scheduler))
    if workers > 1:
        return _Closing(ProcessPoolMapper(plan, program, workers))
    return _Closing(InlineMapper(plan, program))
