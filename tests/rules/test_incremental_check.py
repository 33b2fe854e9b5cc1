"""Checks of generated scenarios with the analysis memos warm equal checks with every memo cleared.

The scenario generator checks thousands of layouts of one zone on one building, so the analysis
memoises what depends only on unchanged content (the medial graph of each closed-door piece of
free space, the site's surfaces, ...). A memoised product must give exactly what a cold check
computes: the findings (every field, unrounded), the score and the drawn geometry.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Point, box

from spacedesign.analysis import (
    Graph,
    clear_caches,
    exterior,
    freespace,
    memo,
    network_for,
    site_memo,
    visibility,
    width,
)
from spacedesign.analysis.freespace import level_space
from spacedesign.generate.scenario import furnish_new_rooms
from spacedesign.model import Plan
from spacedesign.rules import check_plan, checks_people
from spacedesign.rules.findings import CheckReport
from tests.scenegen.conftest import design, nakano

SEEDS = (0, 1, 2, 3, 5, 8)
RULESETS = ("jp-recommended", "tokyo", "ada-2010")


def _document(report: CheckReport) -> tuple[object, ...]:
    """Everything a report carries: the ``check --json`` document, the findings as records
    (unrounded measurements) and the overlay geometry (polygons as WKB)."""
    geometry = report.geometry
    isovists = tuple((at, shapely.to_wkb(p), what) for at, p, what in geometry.isovists)
    return (
        report.to_dict(),
        report.findings,
        geometry.routes,
        geometry.narrow_points,
        geometry.turning_circles,
        isovists,
        geometry.failures,
    )


def _same_network(a: Graph, b: Graph) -> bool:
    """Every node, edge, port and region of two networks, exactly."""
    arrays = ("xy", "free", "route", "room", "door", "edges", "length", "wheel", "change")
    return (
        all(np.array_equal(getattr(a, k), getattr(b, k)) for k in arrays)
        and a.rooms == b.rooms
        and [(lv, g.opening.id) for lv, g in a.doors] == [(lv, g.opening.id) for lv, g in b.doors]
        and a.changes == b.changes
        and a.ports == b.ports
        and [(r.name, r.first, r.elevation) for r in a.regions]
        == [(r.name, r.first, r.elevation) for r in b.regions]
        and all(
            np.array_equal(r.xy, q.xy) and np.array_equal(r.free, q.free)
            for r, q in zip(a.regions, b.regions, strict=True)
        )
    )


def test_warm_checks_of_scenarios_equal_cold_checks():
    base, program = nakano()
    scenarios = [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in SEEDS]
    clear_caches()
    for ruleset in RULESETS:
        check_plan(base, ruleset)
    hits = memo._PIECES.hits
    warm = {
        (ruleset, k): _document(check_plan(plan, ruleset))
        for k, plan in enumerate(scenarios)
        for ruleset in RULESETS
    }
    # the memos were used: most pieces of every scenario's free space came from the base plan
    assert memo._PIECES.hits - hits >= 10 * len(scenarios)
    # ... the site's part of the network was built once, then replayed
    assert len(site_memo._SITES) == 1
    # ... and rooms that recur were measured once (wheelchair places, turning circles)
    assert checks_people._FIT_PLACES.hits > 0
    # ... and the site's ramps were measured once
    assert width._RAMP_WIDTH.hits >= len(scenarios)
    # ... and the fixed walls' and columns' union came from the base plan's checks
    assert freespace._STRUCTURE.hits >= len(scenarios)
    # ... and so did the building's footprint (outline and outreaching walls)
    assert exterior._FOOTPRINT.hits >= len(scenarios)
    # ... and walls cut by open gaps outside the zone, for the sight domain
    assert visibility._CUT_WALL.hits >= len(scenarios)
    networks = [network_for(plan) for plan in scenarios]
    spaces = [_spaces(plan) for plan in scenarios]
    for k, plan in enumerate(scenarios):
        for ruleset in RULESETS:
            clear_caches()
            assert _document(check_plan(plan, ruleset)) == warm[(ruleset, k)], (SEEDS[k], ruleset)
        assert _same_network(network_for(plan), networks[k]), SEEDS[k]
        assert _spaces(plan) == spaces[k], SEEDS[k]


def _spaces(plan: Plan) -> list[tuple[bytes, ...]]:
    """Obstacles, closed-door free space and sight domain of every level, as WKB."""
    return [
        tuple(
            shapely.to_wkb(g)
            for g in (level_space(lv).solid, level_space(lv).closed_free, level_space(lv).sight)
        )
        for lv in plan.levels
    ]


def test_a_scenario_checked_after_others_equals_it_checked_first():
    base, program = nakano()
    first, *others = [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (4, 6, 7)]
    clear_caches()
    alone = _document(check_plan(first, "jp-recommended"))
    clear_caches()
    check_plan(base, "jp-recommended")
    for plan in others:
        check_plan(plan, "jp-recommended")
    again = furnish_new_rooms(design(4).plan, program.ruleset)
    assert again is not first
    assert _document(check_plan(again, "jp-recommended")) == alone


def test_memoised_ramp_widths_equal_fresh_ones():
    # A ramp-like strip with a column: the clear width between two points, asked again (memo
    # hit) and after the memo is cleared (cold).
    hall = box(0.0, 0.0, 12.0, 3.0).difference(Point(6.0, 1.2).buffer(0.4))
    asks = [(hall, (0.5, 1.5), (11.5, 1.5)), (hall, (0.5, 0.5), (11.5, 2.5))]
    clear_caches()
    cold = [width.ramp_clear_width(*ask) for ask in asks]
    hits = width._RAMP_WIDTH.hits
    warm = [width.ramp_clear_width(*ask) for ask in asks]
    assert width._RAMP_WIDTH.hits - hits == len(asks)
    assert warm == cold and cold[0] > 1.0
    # the ends and the polygon are part of the key: another end or strip is measured afresh
    other = width.ramp_clear_width(hall, (0.5, 1.5), (6.0, 2.9))
    narrow = width.ramp_clear_width(box(0.0, 0.5, 12.0, 2.5), (0.5, 1.5), (11.5, 1.5))
    assert width._RAMP_WIDTH.hits - hits == len(asks)
    assert other != cold[0] and narrow != cold[0]
    clear_caches()
    assert [width.ramp_clear_width(*ask) for ask in asks] == cold


def test_memoised_building_footprints_equal_the_plain_union():
    # The footprint as it was computed before the memo: the union of each level's outline and
    # the wall footprints that reach out of it, one by one; cold and warm the same WKB.
    from spacedesign.analysis.exterior import building_footprint

    base, program = nakano()
    plans = [base] + [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (0, 1)]

    def plain(plan: Plan) -> bytes:
        parts = []
        for level in plan.levels:
            outline = level.outline.geometry
            outline = outline if outline.is_valid else outline.buffer(0.0)
            walls = [w if w.is_valid else w.buffer(0.0) for w in level_space(level).walls]
            parts.append(outline)
            parts += [w for w in walls if not outline.covers(w)]
        return shapely.to_wkb(shapely.union_all(parts))

    clear_caches()
    cold = [shapely.to_wkb(building_footprint(plan)) for plan in plans]
    hits = exterior._FOOTPRINT.hits
    warm = [shapely.to_wkb(building_footprint(plan)) for plan in plans]
    assert exterior._FOOTPRINT.hits - hits == len(plans)
    assert warm == cold == [plain(plan) for plan in plans]
