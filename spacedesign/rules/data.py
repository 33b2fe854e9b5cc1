"""Rule records: every value, unit and source per ruleset, as data (reference/standards.md).

A :class:`Requirement` holds the numbers of one rule in one ruleset, its source (document +
article, with the reference keys of standards.md) and the ``confirmed | secondary |
unconfirmed`` flag. Where the reference has no value for a ruleset the rule is
:class:`NotApplicable` there, with the reason. ``tokyo`` is ``jp-recommended`` plus what is known
of the Tokyo ordinances: where the Tokyo figure was not found, the jp-recommended value is used
and the note says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacedesign.rules.requirement import RULESETS, NotApplicable, Requirement, RuleSpec
from spacedesign.rules.table_facility import FACILITY_RULES
from spacedesign.rules.table_route import ROUTE_RULES

__all__ = ["RULES", "RULESETS", "NotApplicable", "Requirement", "RuleSpec"]

RULES: Mapping[str, RuleSpec] = {rule.id: rule for rule in (*ROUTE_RULES, *FACILITY_RULES)}
"""Every rule of DESIGN.md §5 by id, in the order the tables list them."""
