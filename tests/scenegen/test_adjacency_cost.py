"""The search's block-layout cost equals the FLP objective it spells out, to the last bit.

:func:`~spacedesign.generate.scenario.scoring.adjacency_cost` sums the instance's flow pairs
(:func:`~spacedesign.generate.scenario.scoring.flow_pairs`, kept per zone by the search) over
the rooms' centres instead of building :class:`FlpRectangle` records and the symmetric flow
matrix on every call; the cost is written into each design, so it must not change at all.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.generate.scenario.draw import prepare
from spacedesign.generate.scenario.scoring import adjacency_cost, flow_pairs
from spacedesign.model import Department, FlpInstance, FlpRectangle, flp_objective
from tests.scenegen.conftest import design, nakano

# flows on a coarse grid with zeros and opposite pairs (f_ij + f_ji == 0 is skipped by both)
flow = st.sampled_from([0.0, 0.0, 1.0, -1.0, 0.5, 2.0 / 3.0, -0.25, 3.0])
coord = st.floats(-50.0, 50.0, allow_nan=False).map(lambda v: round(v, 3))


def _objective(instance: FlpInstance, rooms: list[tuple[str, tuple[float, ...]]]) -> float:
    """The plain form: plan rectangles as FLP rectangles, then the model's objective."""
    rects = [FlpRectangle(rid, r[0], r[1], r[2] - r[0], r[3] - r[1]) for rid, r in rooms]
    return flp_objective(instance, rects)


@st.composite
def instances(draw):
    n = draw(st.integers(1, 12))
    flows = tuple(tuple(draw(flow) for _ in range(n)) for _ in range(n))
    departments = tuple(Department(f"d{i}", 10.0) for i in range(n))
    rooms = []
    for i in range(n):
        x0, x1 = sorted((draw(coord), draw(coord)))
        y0, y1 = sorted((draw(coord), draw(coord)))
        rooms.append((f"d{i}", (x0, y0, x1, y1)))
    order = draw(st.permutations(range(n)))  # rooms come in layout order, not department order
    return FlpInstance("t", 100.0, 100.0, departments, flows), [rooms[i] for i in order]


@settings(max_examples=300, deadline=None)
@given(instances())
def test_adjacency_cost_equals_flp_objective(drawn):
    instance, rooms = drawn
    expected = _objective(instance, rooms)
    assert adjacency_cost(instance, rooms) == expected
    assert adjacency_cost(instance, rooms, flow_pairs(instance)) == expected


def test_flow_pairs_are_the_nonzero_upper_pairs():
    instance = FlpInstance("t", 4, 2, (Department("a", 4), Department("b", 4), Department("c", 4)),
                           ((0, 1, 2), (2, 0, 0), (-2, 0, 0)))
    assert flow_pairs(instance) == ((0, 1, 3),)


def test_generated_designs_keep_their_cost():
    plan, program = nakano()
    prep = prepare(plan, program)
    for seed in range(6):
        found = design(seed)
        rooms = [(r.id, r.rect) for r in found.rooms]
        assert adjacency_cost(prep.flows, rooms, flow_pairs(prep.flows)) == found.cost
        assert _objective(prep.flows, rooms) == found.cost
