"""Invariants of ``check_plan`` on random valid plans (hypothesis).

- it never crashes and always reports every rule;
- findings do not change when the whole plan is translated or rotated by 90°;
- widening the corridor never turns a passing ROUTE-WIDTH into a failure.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from spacedesign.rules import RULES, RULESETS, check_plan
from tests.rules.plan_tools import (
    flat_site,
    load_data,
    rotated90,
    small_centre,
    translated,
)

# Each example checks a whole plan (~0.1 s); keep the examples few and skip shrinking so the
# suite stays within its time budget on a shared 2-core machine.
SETTINGS = settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.reuse,
                    Phase.generate], suppress_health_check=[HealthCheck.too_slow])

two = st.floats(min_value=0.0, max_value=1.0).map(lambda v: round(v, 2))


@st.composite
def plans(draw):
    corridor = round(draw(st.floats(min_value=0.9, max_value=3.0)), 2)
    door = round(draw(st.floats(min_value=0.5, max_value=1.2)), 2)
    entrance = round(draw(st.floats(min_value=0.7, max_value=1.8)), 2)
    furniture = []
    for k in range(draw(st.integers(min_value=0, max_value=3))):
        x = round(draw(st.floats(min_value=0.5, max_value=18.0)), 2)
        y = round(draw(st.floats(min_value=0.5, max_value=3.5)), 2)
        w = round(draw(st.floats(min_value=0.4, max_value=1.6)), 2)
        furniture.append({"id": f"f{k}", "kind": "table", "polygon": [[x, y], [x + w, y],
                          [x + w, y + 0.8], [x, y + 0.8]]})
    kind = draw(st.sampled_from(["none", "flat", "stepped"]))
    site = None if kind == "none" else flat_site()
    elevation = 0.0
    if kind == "stepped":
        # The walkway in two touching halves at random levels (curb or level joint) and the
        # entrance at the level of the inner half: exercises the elevation-aware exterior.
        outer, inner = (draw(st.sampled_from([0.0, 0.01, 0.03, 0.15])) for _ in range(2))
        site["areas"] = [
            {"id": "walk", "kind": "walkway", "polygon": [[8, -6], [12, -6], [12, -3], [8, -3]],
             "elevation": outer, "surface": "paved"},
            {"id": "walk2", "kind": "walkway", "polygon": [[8, -3], [12, -3], [12, 0], [8, 0]],
             "elevation": inner, "surface": "paved"},
        ]
        elevation = inner
    data = small_centre(corridor=corridor, door=door, entrance=entrance, site=site,
                        furniture=furniture, elevation=elevation)
    xs = [draw(st.floats(min_value=1.0, max_value=6.0)), draw(st.floats(min_value=8.0, max_value=12.0)),
          draw(st.floats(min_value=14.0, max_value=19.0))]
    for opening, x in zip(data["levels"][0]["openings"][2:5], xs, strict=True):
        opening["at"][0] = round(x, 2)
    return data


def _load(data):
    folder = Path(tempfile.mkdtemp(prefix="sd-access-"))
    return load_data(data, folder), folder


def _signature(report):
    out = defaultdict(list)
    for f in report.findings:
        out[(f.rule, f.status, f.element or "")].append(f.measured)
    return out


def _same(a, b):
    sa, sb = _signature(a), _signature(b)
    assert sorted(sa) == sorted(sb)
    for key, values in sa.items():
        other = sb[key]
        for x, y in zip(sorted(values, key=lambda v: -1 if v is None else v),
                        sorted(other, key=lambda v: -1 if v is None else v), strict=True):
            assert (x is None) == (y is None), key
            if x is not None:
                # widths and circles to 3 cm (gaps between furniture corners are measured on
                # boundary samples 0.3 m apart); route lengths (paths on the medial graph, whose
                # zigzag depends on the sampling phase) to 3 %
                assert abs(x - y) <= max(0.03, 0.03 * abs(x)), (key, x, y)


@SETTINGS
@given(plans(), st.sampled_from(RULESETS))
def test_random_plans_never_crash(data, ruleset):
    plan, _ = _load(data)
    report = check_plan(plan, ruleset)
    assert {f.rule for f in report.findings} == set(RULES)
    assert 0 <= report.score <= 100
    report.to_dict()


@SETTINGS
@given(plans(), st.floats(min_value=-500, max_value=500), st.floats(min_value=-500, max_value=500))
def test_translation_does_not_change_findings(data, dx, dy):
    plan, folder = _load(data)
    moved = translated(plan, round(dx, 3), round(dy, 3), folder / "moved.json")
    _same(check_plan(plan, "jp-minimum"), check_plan(moved, "jp-minimum"))


@SETTINGS
@given(plans())
def test_rotation_by_90_degrees_does_not_change_findings(data):
    plan, folder = _load(data)
    turned = rotated90(plan, folder / "turned.json")
    _same(check_plan(plan, "jp-recommended"), check_plan(turned, "jp-recommended"))


@SETTINGS
@given(plans(), st.floats(min_value=0.05, max_value=1.5), st.sampled_from(RULESETS))
def test_widening_the_corridor_never_breaks_route_width(data, extra, ruleset):
    narrow_plan, _ = _load(data)
    narrow = check_plan(narrow_plan, ruleset)
    wide_data = small_centre(
        corridor=round(data["levels"][0]["rooms"][1]["polygon"][2][1] - 5.0 + extra, 2),
        door=data["levels"][0]["openings"][2]["width"],
        entrance=data["levels"][0]["openings"][0]["width"],
        site=data.get("site"),
        furniture=data["levels"][0]["furniture"],
    )
    for opening, old in zip(wide_data["levels"][0]["openings"][2:5],
                            data["levels"][0]["openings"][2:5], strict=True):
        opening["at"][0] = old["at"][0]
    wide_plan, _ = _load(wide_data)
    wide = check_plan(wide_plan, ruleset)
    if narrow.status("ROUTE-WIDTH") == "pass":
        assert wide.status("ROUTE-WIDTH") == "pass"
