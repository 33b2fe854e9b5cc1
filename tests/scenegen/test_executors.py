"""What a pool worker sends back for a finished scenario: only what differs from the base plan."""

from __future__ import annotations

import dataclasses
import pickle

from spacedesign.executors import _GROUPS, _compact, _expand
from spacedesign.generate.scenario import evaluate_design
from tests.scenegen.conftest import design, nakano


def test_a_finished_scenario_travels_as_a_delta_and_comes_back_equal():
    base, program = nakano()
    finished = evaluate_design(design(2), program, base)
    sent = pickle.dumps(_compact(finished, base))
    # the parent holds its own copy of the base plan (the workers got theirs pickled)
    parent_base = pickle.loads(pickle.dumps(base))
    back = _expand(pickle.loads(sent), parent_base)
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
    for name, entries in zip(_GROUPS, groups, strict=True):
        old = getattr(old_level, name)
        sent_whole = [e for e in entries if not isinstance(e, int)]
        assert not any(e in old for e in sent_whole), name
        assert len(entries) == len(getattr(new_level, name))
        shared += len(entries) - len(sent_whole)
    assert shared > 0
    assert len(sent) < len(pickle.dumps(finished))


def test_no_result_and_a_plan_of_another_shape_travel_whole():
    base, program = nakano()
    assert _compact(None, base) is None
    finished = evaluate_design(design(3), program, base)
    other = finished.plan.with_changes(levels=finished.plan.levels * 2)
    whole = dataclasses.replace(finished, plan=other)
    assert _compact(whole, base) is whole
    assert _expand(whole, base) is whole
