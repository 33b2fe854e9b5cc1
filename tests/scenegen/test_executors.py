"""The local pool: what a worker sends back for a finished scenario (only what differs from the
base plan), and which worker finishes which seed (the one that sketched it)."""

from __future__ import annotations

import dataclasses
import gc
import pickle
import time

import numpy as np
from shapely import unary_union
from shapely.geometry import Polygon, box

from spacedesign.analysis import memo
from spacedesign.executors import GC_THRESHOLD, ProcessPoolMapper
from spacedesign.generate.scenario import InlineMapper, candidate_seeds, evaluate_design
from spacedesign.transfer import GROUPS, compact, expand, lean_dumps
from tests.scenegen.conftest import design, nakano


def test_a_finished_scenario_travels_as_a_delta_and_comes_back_equal():
    base, program = nakano()
    finished = evaluate_design(design(2), program, base)
    sent = pickle.dumps(compact(finished, base))
    # the parent holds its own copy of the base plan (the workers got theirs pickled)
    parent_base = pickle.loads(pickle.dumps(base))
    back = expand(pickle.loads(sent), parent_base)
    assert back == finished
    assert back is not None and back.plan.levels[0].furniture == finished.plan.levels[0].furniture
    # every element the level shares with the base level goes as an index, nothing else does;
    # the site stays behind. (Sizes in bytes depend on the geometry cached on the records by
    # earlier work in the process, so the test checks what is sent, not how many bytes.)
    delta = pickle.loads(sent)
    assert delta.evaluation.plan.site is None and delta.evaluation.plan.levels == ()
    (index, _bare, groups), = delta.levels
    old_level, new_level = base.levels[index], finished.plan.levels[index]
    shared = 0
    for name, entries in zip(GROUPS, groups, strict=True):
        old = getattr(old_level, name)
        sent_whole = [e for e in entries if not isinstance(e, int)]
        assert not any(e in old for e in sent_whole), name
        assert len(entries) == len(getattr(new_level, name))
        shared += len(entries) - len(sent_whole)
    assert shared > 0
    assert len(sent) < len(pickle.dumps(finished))


def test_no_result_and_a_plan_of_another_shape_travel_whole():
    base, program = nakano()
    assert compact(None, base) is None
    finished = evaluate_design(design(3), program, base)
    other = finished.plan.with_changes(levels=finished.plan.levels * 2)
    whole = dataclasses.replace(finished, plan=other)
    assert compact(whole, base) is whole
    assert expand(whole, base) is whole


def _designs_held(_: object = None) -> int:
    from spacedesign.generate.scenario.generate import _DESIGNS
    return len(_DESIGNS)


def test_the_pool_finishes_a_seed_where_it_was_sketched_and_keeps_the_order():
    base, program = nakano()
    seeds = candidate_seeds(11, 0, 24)
    mapper = ProcessPoolMapper(base, program, 2)
    try:
        sketches = list(mapper.sketch(seeds))
        chosen = seeds[::3] + seeds[1::3]  # 16 seeds, neither in order nor all of them
        finished = list(mapper.finish(chosen))
        held = [pool.submit(_designs_held).result() for pool in mapper._pools]
    finally:
        mapper.close()
    # both workers sketched, and a seed is finished where it was sketched (its design is still
    # there): only a worker that ran out of its own seeds takes over the last of the other's
    # and makes those designs again (sent anywhere, about half of the 16 would be made again)
    assert all(held) and len(seeds) <= sum(held) <= len(seeds) + 4
    assert [s.seed if s else None for s in sketches] == [
        s.seed if s else None for s in InlineMapper(base, program).sketch(seeds)]
    assert [r.seed if r else None for r in finished] == [
        r.seed if r else None for r in InlineMapper(base, program).finish(chosen)]


def test_a_worker_takes_its_own_seeds_then_unclaimed_ones_then_the_last_of_another():
    base, program = nakano()
    mapper = ProcessPoolMapper(base, program, 2)
    try:
        mapper._owner.update({1: 0, 2: 1, 3: 0, 5: 1})
        pending = [[1], [2], [3], [4], [5]]
        assert mapper._pick(0, pending) == 0
        assert mapper._pick(1, pending) == 1
        assert mapper._pick(1, [[1], [3], [4]]) == 2
        assert mapper._pick(1, [[1], [3]]) == 1
        # runs of one owner make one chunk (up to the size); the others are cut at owner changes
        assert mapper._chunks([1, 3, 2, 5, 4, 6], 4) == [[1, 3], [2, 5], [4, 6]]
    finally:
        mapper.close()


def test_a_lean_pickle_leaves_the_cached_geometry_behind_and_loads_equal():
    base, program = nakano()
    finished = evaluate_design(design(2), program, base)
    level = finished.plan.levels[0]
    for wall in level.walls:
        assert wall.footprint is not None  # the check has cached it (or does so now)
    for room in level.rooms:
        assert room.polygon.geometry.area > 0
    sent = lean_dumps(compact(finished, base))
    back = expand(pickle.loads(sent), base)
    assert back == finished
    assert back is not None
    new_walls = [w for w in back.plan.levels[0].walls if w not in base.levels[0].walls]
    assert new_walls and not any("footprint" in w.__dict__ for w in new_walls)
    assert not any("geometry" in r.polygon.__dict__ for r in back.plan.levels[0].rooms
                   if r not in base.levels[0].rooms)
    # rebuilt on first use, the same geometry as the worker's
    old = {w.id: w for w in level.walls}
    assert all(w.footprint.equals_exact(old[w.id].footprint, 0.0) for w in new_walls)
    assert len(sent) < len(pickle.dumps(compact(finished, base)))


def _memo_keys(_: object = None) -> set:
    """This worker's furnishing memo, once it has taken in what the others sent."""
    from spacedesign.executors import _take_received
    from spacedesign.generate.scenario import furnishing

    _take_received()
    return set(furnishing._MEMO)


def _piece_memo(_: object = None) -> tuple[set, int]:
    """This worker's medial pieces (once it has taken in what the others sent), and how many
    it computed itself."""
    from spacedesign.analysis import memo
    from spacedesign.executors import _take_received

    _take_received()
    return set(memo._PIECES.items), memo._PIECES.misses


def test_the_workers_pass_the_rooms_they_furnish_to_each_other():
    base, program = nakano()
    mapper = ProcessPoolMapper(base, program, 2)
    try:
        finished = [r for r in mapper.finish(candidate_seeds(5, 0, 6)) if r is not None]
        for _ in range(100):  # the last furnishings may still be on their way
            memos = [pool.submit(_memo_keys).result() for pool in mapper._pools]
            if memos[0] == memos[1]:
                break
            time.sleep(0.05)
    finally:
        mapper.close()
    # both workers furnished rooms, and each holds every room either of them furnished
    assert len(finished) >= 4 and memos[0] and memos[0] == memos[1]


def test_the_workers_pass_the_medial_pieces_they_compute_to_each_other():
    base, program = nakano()
    mapper = ProcessPoolMapper(base, program, 2)
    try:
        finished = [r for r in mapper.finish(candidate_seeds(5, 0, 6)) if r is not None]
        for _ in range(100):  # the last pieces may still be on their way
            (first, computed0), (second, computed1) = [pool.submit(_piece_memo).result()
                                                       for pool in mapper._pools]
            if first == second:
                break
            time.sleep(0.05)
    finally:
        mapper.close()
    # each worker computed pieces of its own, and each holds every piece either computed
    # (the memo holds at most 512, far more than six scenarios make)
    assert len(finished) >= 4 and computed0 and computed1
    assert first and first == second
    # so each holds pieces it did not compute
    assert computed0 < len(first) and computed1 < len(first)


def _same_graph(a: object, b: object) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f))
               and np.asarray(getattr(a, f)).dtype == np.asarray(getattr(b, f)).dtype
               for f in ("xy", "edges", "clearance", "spans", "x_order"))


def test_pieces_another_process_computed_change_no_result():
    base, program = nakano()
    polygon = unary_union([box(0, 0, 4, 3), box(6, 0, 9, 5),
                           Polygon([(0, 6), (5, 6), (5, 7.5), (1.5, 7.5), (1.5, 10), (0, 10)])])
    memo.clear()
    memo.share_pieces()
    try:
        cold = memo.piecewise_medial(polygon)
        finished = evaluate_design(design(2), program, base)
        sent = lean_dumps(memo.made_pieces())
    finally:
        memo._MADE = None
    received = pickle.loads(sent)
    assert len(received) > 3  # the three parts above and the scenario's free space
    memo.clear()
    memo.add_pieces(received)
    warm = memo.piecewise_medial(polygon)
    assert memo._PIECES.misses == 0 and memo._PIECES.hits == 3  # all three were received
    assert _same_graph(warm, cold)
    assert evaluate_design(design(2), program, base) == finished


def _collector(_: object = None) -> tuple[tuple[int, ...], int]:
    import gc
    return gc.get_threshold(), gc.get_freeze_count()


def test_a_worker_collects_cycles_rarely_and_never_walks_what_it_keeps_for_good():
    base, program = nakano()
    mapper = ProcessPoolMapper(base, program, 2)
    try:
        states = [pool.submit(_collector).result() for pool in mapper._pools]
    finally:
        mapper.close()
    for threshold, frozen in states:
        assert threshold[0] == GC_THRESHOLD > 700
        assert frozen > 1000  # the modules, the plan and the program


def test_sketching_and_finishing_leave_no_cyclic_garbage():
    # why a worker can let the collector run rarely: everything a scenario makes is freed by
    # reference counting (a cycle would wait for the collector, up to GC_THRESHOLD objects)
    base, program = nakano()
    mapper = InlineMapper(base, program)
    list(mapper.finish(candidate_seeds(7, 100, 1)))  # first-call caches
    gc.collect()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        list(mapper.sketch(candidate_seeds(7, 0, 6)))
        list(mapper.finish(candidate_seeds(7, 200, 3)))
        gc.collect()
        garbage = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert garbage == []
