"""Where the scenario search runs: this process, a local process pool, or a Dask cluster.

Each executor implements :class:`spacedesign.generate.scenario.CandidateMapper`: it maps the
pure functions :func:`~spacedesign.generate.scenario.sketch_candidate` and
:func:`~spacedesign.generate.scenario.finish_candidate` over candidate seeds and returns the
results in the order of the seeds, so every executor yields the same scenarios for a seed.

The plan and the program travel once per worker: as the pool's initialiser arguments, or
scattered (broadcast) to the Dask workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import queue
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import TracebackType
from typing import Any

from spacedesign.analysis.memo import add_pieces, made_pieces, share_pieces
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
from spacedesign.transfer import Delta, compact, expand, lean_dumps

__all__ = ["DaskMapper", "ProcessPoolMapper", "open_mapper", "worker_calls"]

_WORKER_STATE: dict[str, Any] = {}
_CALLS: Counter[str] = Counter()


def worker_calls() -> dict[str, int]:
    """Return how many sketch and finish tasks this process has run (for cluster checks)."""
    return dict(_CALLS)


GC_THRESHOLD = 10_000
"""A worker's first-generation threshold of the cycle collector (CPython's default is 700).

A finish leaves some 1,700 container objects more than it frees (records, geometry, memo
entries); at 700 the collector runs twice a scenario and, every tenth or hundredth time,
walks the older generations, the memos and plans a worker keeps, again: about 2 ms a
scenario, none of it garbage. The scenario code makes no reference cycles of its own, so
what the collector finds is freed a little later instead (at most this many objects)."""

_RECEIVED: deque[bytes] = deque()
"""Furnishings and medial pieces (pickled) the other workers sent this one, not yet added to
its memos."""
_OUTGOING: queue.SimpleQueue[bytes] = queue.SimpleQueue()
"""Furnishings and medial pieces (pickled) this worker made, for its sending thread to pass on."""


def _init_worker(plan: Plan, program: Program, index: int = 0,
                 inboxes: Sequence[Any] = ()) -> None:
    """Keep the plan and program, and share the furnishings this worker makes.

    With ``inboxes`` (one queue per worker) it listens on its own and sends what it makes to
    the others' (:func:`_pool_finish_chunk`): furnishings and the medial graphs of pieces of
    free space.
    """
    _WORKER_STATE["plan"], _WORKER_STATE["program"] = plan, program
    share_furnishings()
    # what the worker holds for good (modules, the plan, the program) is never walked again
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    if inboxes:
        others = [q for k, q in enumerate(inboxes) if k != index]
        _WORKER_STATE["sharing"] = True
        share_pieces()
        threading.Thread(target=_listen, args=(inboxes[index],), daemon=True).start()
        threading.Thread(target=_send, args=(others,), daemon=True).start()


def _listen(inbox: Any) -> None:
    """Take what arrives in ``inbox`` at once (so no sender waits long on a full pipe)."""
    while True:
        try:
            _RECEIVED.append(inbox.get())
        except (EOFError, OSError):
            return


def _send(others: Sequence[Any]) -> None:
    """Pass what this worker made to the other workers' inboxes.

    It runs in a daemon thread, so a worker that has stopped listening (at shut-down) never
    holds this one up.
    """
    while True:
        blob = _OUTGOING.get()
        try:
            for inbox in others:
                inbox.put(blob)
        except OSError:
            return


def _pool_sketch(seed: int) -> Sketch | None:
    return sketch_candidate(_WORKER_STATE["plan"], _WORKER_STATE["program"], seed)


def _pool_finish(seed: int) -> Evaluation | Delta | None:
    plan = _WORKER_STATE["plan"]
    return compact(finish_candidate(plan, _WORKER_STATE["program"], seed), plan)


def _pool_sketch_chunk(seeds: list[int]) -> list[Sketch | None]:
    return [_pool_sketch(seed) for seed in seeds]


def _take_received() -> None:
    """Add what the other workers sent so far to this worker's memos."""
    while _RECEIVED:
        furnishings, pieces = pickle.loads(_RECEIVED.popleft())
        add_furnishings(furnishings)
        add_pieces(pieces)


def _pool_finish_chunk(seeds: list[int]) -> bytes:
    """Finish ``seeds``; return the results pickled (:func:`lean_dumps`).

    The worker first adds the furnishings and medial pieces the others made so far to its
    memos; those it makes go straight to the other workers' inboxes, pickled once, in one
    message. So a room is furnished, and a piece of free space gets its medial graph, once
    per pool, unless two workers meet it at the same time.
    """
    _take_received()
    results = [_pool_finish(seed) for seed in seeds]
    made, pieces = made_furnishings(), made_pieces()
    if (made or pieces) and _WORKER_STATE.get("sharing"):
        _OUTGOING.put(lean_dumps((made, pieces)))
    return lean_dumps(results)


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
    one worker furnishes go straight to the others (a queue per worker, read by a thread in
    it as things arrive), which take them in before their next seed
    (:func:`~spacedesign.generate.scenario.furnishing.share_furnishings`).
    """

    def __init__(self, plan: Plan, program: Program, workers: int):
        context = multiprocessing.get_context("spawn")
        self.workers = workers
        self._plan = plan
        inboxes = [context.SimpleQueue() for _ in range(workers)]
        self._pools = [ProcessPoolExecutor(max_workers=1, mp_context=context,
                                           initializer=_init_worker,
                                           initargs=(plan, program, index, inboxes))
                       for index in range(workers)]
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

    def _run(self, fn: Any, chunks: list[list[int]]) -> Iterator[Any]:
        """Map ``fn`` over ``chunks`` on the workers; yield each chunk's results, in order."""
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
                    running[self._pools[worker].submit(fn, chunk)] = (order[id(chunk)], worker)
                    load[worker] += 1
                    for seed in chunk:
                        self._owner[seed] = worker
                while following not in done:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        k, worker = running.pop(future)
                        load[worker] -= 1
                        done[k] = future.result()
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
        return (expand(r, self._plan)
                for blob in self._run(_pool_finish_chunk, chunks)
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
    return lean_dumps(compact(finish_candidate(plan, program, seed), plan))


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
        return (expand(pickle.loads(r), self._base) for r in self._map(_dask_finish, seeds))

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
