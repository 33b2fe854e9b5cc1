"""A finding recorded by Context.add carries what the rule data says, in every ruleset.

``add`` reads each rule's titles, note, source, flag, unit and severity once per ruleset; the
findings must equal the ones built from the rule data on every call.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.rules.context import Context
from spacedesign.rules.data import RULES
from spacedesign.rules.findings import Finding
from spacedesign.rules.requirement import Requirement

RULESETS = sorted({name for spec in RULES.values() for name in spec.rulesets})


def _finding_from_the_data(ruleset, rule, status, element, message, measured, required,
                           location, unit):
    spec = RULES[rule]
    req = spec.rulesets[ruleset]
    source = req.source if isinstance(req, Requirement) else None
    confirmed = req.confirmed if isinstance(req, Requirement) else None
    if isinstance(req, Requirement) and req.note:
        message = f"{message} ({req.note})"
    return Finding(
        rule=rule,
        status=status,
        element=element,
        measured=measured,
        required=required,
        unit=spec.unit if unit == "" else unit,
        message=f"{spec.title_ja} / {spec.title_en}: {message}",
        source=source,
        location=location,
        confirmed=confirmed,
        severity=spec.severity,
    )


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(RULESETS),
    st.lists(
        st.tuples(
            st.sampled_from(sorted(RULES)),
            st.sampled_from(["pass", "fail", "warn", "n/a"]),
            st.none() | st.text(max_size=5),
            st.text(max_size=20),
            st.none() | st.floats(allow_nan=False),
            st.none() | st.floats(allow_nan=False),
            st.none() | st.tuples(st.floats(-9, 9), st.floats(-9, 9)),
            st.sampled_from(["", None, "m", "ratio"]),
        ),
        max_size=8,
    ),
)
def test_findings_carry_the_rule_data(ruleset, calls):
    ctx = Context(None, ruleset, None, None, [], [], [], [], None)  # type: ignore[arg-type]
    want = []
    for rule, status, element, message, measured, required, location, unit in calls:
        if rule not in RULES or ruleset not in RULES[rule].rulesets:
            continue
        ctx.add(rule, status, element, message, measured, required, location, unit)
        want.append(_finding_from_the_data(ruleset, rule, status, element, message, measured,
                                           required, location, unit))
    assert ctx.findings == want
    assert [f.message for f in ctx.findings] == [f.message for f in want]
