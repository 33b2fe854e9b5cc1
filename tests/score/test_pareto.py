"""Pareto front properties (hypothesis) and ranking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spacedesign.score import Criterion, Scorecard, dominates, pareto_front, rank, scenario_front

score = st.integers(min_value=0, max_value=10).map(float)  # small range: many ties and duplicates


@st.composite
def point_sets(draw):
    dims = draw(st.integers(min_value=1, max_value=5))
    return draw(st.lists(st.lists(score, min_size=dims, max_size=dims), min_size=1, max_size=25))


@given(point_sets())
def test_no_front_member_is_dominated(points):
    front = pareto_front(points)
    for i in front:
        assert not any(dominates(q, points[i]) for q in points)


@given(point_sets())
def test_every_non_member_is_dominated_by_a_front_member(points):
    front = set(pareto_front(points))
    assert front, "a non-empty set always has a front"
    for i, p in enumerate(points):
        if i not in front:
            assert any(dominates(points[j], p) for j in front)


@given(point_sets())
def test_front_is_invariant_under_reordering(points):
    front = {tuple(points[i]) for i in pareto_front(points)}
    reordered = list(reversed(points))
    assert {tuple(reordered[i]) for i in pareto_front(reordered)} == front


@given(st.lists(score, min_size=2, max_size=2), st.lists(score, min_size=2, max_size=2))
def test_dominance_is_asymmetric(a, b):
    assert not (dominates(a, b) and dominates(b, a))


def _card(name, composite, **scores):
    criteria = {k: Criterion(k, scores.get(k)) for k in
                ("accessibility", "capacity", "program_fit", "adjacency", "walking")}
    return Scorecard(name, "p", criteria, {}, composite)


def test_rank_and_front_skip_criteria_not_judged_everywhere():
    a = _card("a", 70, accessibility=90, capacity=None, program_fit=80, adjacency=50, walking=60)
    b = _card("b", 80, accessibility=80, capacity=70, program_fit=90, adjacency=50, walking=60)
    c = _card("c", 60, accessibility=70, capacity=60, program_fit=70, adjacency=40, walking=50)
    assert [x.name for x in rank([a, b, c])] == ["b", "a", "c"]
    keys, front = scenario_front([a, b, c])
    assert "capacity" not in keys and keys[0] == "accessibility"
    assert front == [0, 1]
