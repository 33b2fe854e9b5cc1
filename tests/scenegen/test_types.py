"""Layout types (circulation patterns) and the diverse selection of the finished set.

The generator draws central-corridor (``through``), lounge-hub (``hub``) and L-shaped corridor
(``turn``) layouts on the Nakano zone; the set of ``--count 6`` it returns holds at least two of
them, pairwise at least
:data:`MIN_DISTANCE` apart in the topology measure, and every scenario in it, whatever its type,
validates, holds the program within its area ranges, reaches every public room by wheelchair
once furnished and fails under the Tokyo ruleset only what the base building fails.
"""

from __future__ import annotations

import functools
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.generate.scenario import (
    CORRIDOR_ID,
    MIN_DISTANCE,
    Sketch,
    design_candidate,
    evaluate_design,
    search_scenarios,
    topology_distance,
)
from spacedesign.generate.scenario.evaluate import base_failures
from spacedesign.generate.scenario.generate import select_diverse
from spacedesign.generate.scenario.search import SIGHT_RUN
from spacedesign.io import save_document, validate_file
from spacedesign.rules import check_plan
from tests.scenegen.conftest import nakano


@functools.cache
def chosen_six():
    plan, program = nakano()
    return tuple(search_scenarios(plan, program, count=6, seed=0))


def _pattern(result) -> str:
    return result.plan.scenario.generator["spine"]


def _new_rooms(plan):
    return [r for r in plan.levels[0].rooms if r.props.get("generated")]


@functools.cache
def first_of_each_type(per_type: int = 2):
    """The first ``per_type`` designs of each circulation pattern among seeds 0, 1, 2 …"""
    plan, program = nakano()
    found: dict[str, list] = {}
    for seed in range(200):
        design = design_candidate(plan, program, seed)
        if design is not None:
            found.setdefault(design.plan.scenario.generator["spine"], []).append(design)
        if len(found) == 3 and all(len(v) >= per_type for v in found.values()):
            break
    return {k: v[:per_type] for k, v in found.items()}


def test_three_circulation_patterns_are_drawn():
    found = first_of_each_type()
    assert set(found) == {"through", "hub", "turn"}
    for pattern, designs in found.items():
        for design in designs:
            assert f"circ:{pattern}" in design.topology
    names = {p: d[0].plan.name for p, d in found.items()}
    assert names["hub"].startswith("ラウンジ中心") and " / Lounge hub" in names["hub"]
    assert names["turn"].startswith("L字廊下") and " / L-shaped corridor" in names["turn"]
    assert any(f.endswith(":lounge") for d in found["hub"] for f in d.topology)
    assert any(f.endswith(":leg") for d in found["turn"] for f in d.topology)


def test_designs_of_every_type_are_complete_and_reachable_once_furnished(tmp_path):
    base, program = nakano()
    for pattern, designs in first_of_each_type().items():
        for design in designs:
            path = save_document(design.plan, tmp_path / f"{pattern}-{design.seed}.yaml")
            assert [str(p) for p in validate_file(path)] == [], pattern
            rooms = [r for r in _new_rooms(design.plan) if r.id != CORRIDOR_ID]
            for space in program.spaces:
                mine = [r for r in rooms if r.props["space"] == space.id]
                assert len(mine) == space.count, (pattern, space.id)
                assert all(space.area[0] - 1e-6 <= r.polygon.area <= space.area[1] + 1e-6
                           for r in mine), (pattern, space.id)
            finished = evaluate_design(design, program, base)
            assert finished.sound, (pattern, design.seed, finished.critical)
            report = check_plan(finished.plan, program.ruleset)
            reach = {f.element: f.status for f in report.findings if f.rule == "ROUTE-REACH"}
            assert all(reach[r.id] == "pass" for r in rooms if r.public), (pattern, reach)
            check_plan(finished.plan, "tokyo")  # runs without crashing


def test_l_shaped_corridor_links_the_corridor_and_the_hall():
    for design in first_of_each_type()["turn"]:
        level = design.plan.levels[0]
        passage = next(r for r in level.rooms if r.id == CORRIDOR_ID).polygon.geometry
        assert len(passage.exterior.coords) == 7  # an L: six corners
        assert passage.area < passage.envelope.area - 1.0
        behind = design.plan.scenario.generator["bands"]["end"]
        assert behind
        for rid in behind:  # every room behind the turn opens onto the corridor
            assert any(o.connects and set(o.connects) == {rid, CORRIDOR_ID}
                       for o in level.openings), rid
        ways_in = {other for o in level.openings if o.connects and CORRIDOR_ID in o.connects
                   for other in o.connects if other not in {CORRIDOR_ID}
                   and other not in {r.id for r in _new_rooms(design.plan)}}
        side = design.plan.scenario.generator["turn"]
        assert ways_in == ({"corridor", "hall"} if side == "west" else {"corridor"}), ways_in


def test_selected_six_are_diverse_and_of_two_types():
    found = chosen_six()
    assert len(found) == 6
    distances = [topology_distance(a.topology, b.topology)
                 for a, b in itertools.combinations(found, 2)]
    assert min(distances) >= MIN_DISTANCE
    assert len({_pattern(e) for e in found}) >= 2
    assert len({e.seed for e in found}) == 6


def test_every_selected_scenario_is_sound_whatever_its_type(tmp_path):
    base, program = nakano()
    known_tokyo = base_failures(base, "tokyo")
    for i, result in enumerate(chosen_six()):
        plan = result.plan
        path = save_document(plan, tmp_path / f"s{i}.yaml")
        assert [str(p) for p in validate_file(path)] == [], _pattern(result)
        rooms = [r for r in _new_rooms(plan) if r.id != CORRIDOR_ID]
        for space in program.spaces:
            mine = [r for r in rooms if r.props["space"] == space.id]
            assert len(mine) == space.count, (space.id, _pattern(result))
            assert all(space.area[0] - 1e-6 <= r.polygon.area <= space.area[1] + 1e-6
                       for r in mine), space.id
        # furnished (the search returns the furnished plan): every public room by wheelchair
        targets = {r.id for r in rooms if r.public}
        report = check_plan(plan, program.ruleset)
        reach = {f.element: f.status for f in report.findings if f.rule == "ROUTE-REACH"}
        assert all(reach.get(t) == "pass" for t in targets), (_pattern(result), reach)
        assert any(f.room == "lounge" for f in plan.levels[0].furniture) or \
            _pattern(result) == "hub"
        tokyo = check_plan(plan, "tokyo")
        new = {(f.rule, f.element) for f in tokyo.findings if f.status == "fail"} - known_tokyo
        assert new == set(), (_pattern(result), new)


def test_hub_rooms_open_off_the_lounge_which_links_hall_and_corridor():
    hubs = [e for e in chosen_six() if _pattern(e) == "hub"]
    assert hubs
    for result in hubs:
        level = result.plan.levels[0]
        rooms = {r.id: r for r in _new_rooms(result.plan)}
        lounge = rooms["lounge"].polygon.geometry
        behind = result.plan.scenario.generator["bands"]["end"]
        assert behind
        for rid in behind:
            doors = [o for o in level.openings if o.connects and rid in o.connects]
            assert any("lounge" in o.connects for o in doors), rid
        links = {other for o in level.openings if o.connects and "lounge" in o.connects
                 for other in o.connects if other != "lounge"}
        assert CORRIDOR_ID in links and "hall" in links, links
        # the lounge spans the zone (hall side to the east façade) and keeps the kids corner
        assert abs(lounge.bounds[0] - 25) < 1e-6 and abs(lounge.bounds[2] - 37) < 1e-6
        kids = rooms["kids"].polygon.geometry
        assert kids.intersection(lounge.buffer(1e-6)).length >= SIGHT_RUN - 1e-6


_features = st.frozensets(st.sampled_from([f"f{i}" for i in range(12)]), min_size=1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_features, st.sampled_from(["circ:a", "circ:b"]),
                          st.floats(50, 90)), min_size=1, max_size=25))
def test_selection_never_keeps_near_duplicates_and_leads_with_the_best(items):
    sketches = [Sketch(i, feats | {pattern}, round(score, 2))
                for i, (feats, pattern, score) in enumerate(items)]
    chosen = select_diverse(sketches)
    best = max(sketches, key=lambda s: (s.score, -s.seed))
    assert chosen[0] == best
    for a, b in itertools.combinations(chosen, 2):
        assert topology_distance(a.topology, b.topology) >= MIN_DISTANCE
    # nothing left out could have been added: each is too close to one chosen
    for s in sketches:
        if s not in chosen:
            assert any(topology_distance(s.topology, c.topology) < MIN_DISTANCE for c in chosen)
    # a good sketch of the other pattern, far enough from the best, comes second
    other = [s for s in sketches if s.score >= best.score - 5.0
             and (("circ:a" in s.topology) != ("circ:a" in best.topology))
             and topology_distance(s.topology, best.topology) >= MIN_DISTANCE]
    if other:
        assert len(chosen) > 1 and chosen[1] in other
