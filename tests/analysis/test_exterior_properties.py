"""Elevation contract of the exterior network, as a property (issue 3, cases/README.md).

Walkable areas whose elevations differ by more than 0.02 m are not connected unless a ramp
joins them, decided per touching pair: a chain of touching strips carries a wheelchair from
the street to the entrance exactly when every neighbouring pair is within the tolerance, and
an area elsewhere on the site (touching nothing) never bridges a step.
"""

from __future__ import annotations

import copy
import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from spacedesign.analysis.network import LEVEL_TOLERANCE
from spacedesign.io import load_plan, plan_to_data
from spacedesign.rules import check_plan
from tests.conftest import CASES
from tests.rules.plan_tools import save_and_load

BASE = plan_to_data(load_plan(CASES / "access" / "good.yaml"))
ELEVATIONS = st.sampled_from([0.0, 0.01, 0.02, 0.035, 0.045, 0.06])
SETTINGS = settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow])


def _chain_plan(levels: list[float], far: float | None) -> dict:
    data = copy.deepcopy(BASE)
    areas = [a for a in data["site"]["areas"] if a["id"] != "walk"]
    n = len(levels)
    for k, z in enumerate(levels):
        y0, y1 = 4.0 * k / n, 4.0 * (k + 1) / n
        areas.insert(k, {"id": f"strip{k}", "kind": "walkway", "elevation": z,
                         "surface": "paved",
                         "polygon": [[13.5, y0], [16.5, y0], [16.5, y1], [13.5, y1]]})
    if far is not None:
        areas.append({"id": "far", "kind": "walkway", "elevation": far, "surface": "paved",
                      "polygon": [[0, 17], [3, 17], [3, 21], [0, 21]]})
    data["site"]["areas"] = areas
    data["levels"][0]["elevation"] = levels[-1]
    return data


@SETTINGS
@given(st.lists(ELEVATIONS, min_size=2, max_size=4), st.none() | ELEVATIONS)
def test_a_chain_of_strips_connects_exactly_when_each_touching_pair_is_level(levels, far):
    folder = Path(tempfile.mkdtemp(prefix="sd-chain-"))
    plan = save_and_load(_chain_plan(levels, far), folder / "p.json")
    report = check_plan(plan, "jp-minimum")
    level = all(abs(a - b) <= LEVEL_TOLERANCE for a, b in itertools.pairwise(levels))
    assert report.status("STEP-FREE") == ("pass" if level else "fail"), levels
    reach = {f.element: f.status for f in report.for_rule("ROUTE-REACH")}
    assert (reach["lobby"] == "pass") == level, (levels, reach["lobby"])
