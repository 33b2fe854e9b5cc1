"""Rule record types and the helpers the rule tables are written with.

See :mod:`spacedesign.rules.data` for what a requirement holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

__all__ = [
    "ADA_NO_ROW",
    "JP_MIN_NONE",
    "NA",
    "RULESETS",
    "TOKYO_NOTE",
    "NotApplicable",
    "R",
    "Requirement",
    "RuleSpec",
    "rule_spec",
    "tokyo_of",
]

RULESETS = ("jp-minimum", "jp-recommended", "tokyo", "ada-2010")

TOKYO_NOTE = (
    "東京都条例の数値は未確認 (reference/tokyo_nakano.md §1b): jp-recommended の値を使用 / "
    "Tokyo ordinance value not found; jp-recommended value used"
)


@dataclass(frozen=True)
class Requirement:
    """What one ruleset requires for one rule: ``params`` by name, in SI units."""

    params: Mapping[str, float]
    source: str
    confirmed: str = "confirmed"
    note: str = ""

    def __getitem__(self, name: str) -> float:
        return self.params[name]


@dataclass(frozen=True)
class NotApplicable:
    """The rule does not apply in this ruleset; ``reason`` says why."""

    reason: str


@dataclass(frozen=True)
class RuleSpec:
    """A rule: id, titles, severity, what it measures and the requirement per ruleset."""

    id: str
    title_ja: str
    title_en: str
    severity: str
    metric: str
    unit: str | None
    rulesets: Mapping[str, Requirement | NotApplicable] = field(default_factory=dict)


def tokyo_of(
    req: Requirement | NotApplicable, note: str = TOKYO_NOTE
) -> Requirement | NotApplicable:
    """Return the Tokyo variant of a jp-recommended requirement: the same values with ``note``.

    Parameters
    ----------
    req : Requirement or NotApplicable
        The jp-recommended entry.
    note : str
        What is known of the Tokyo figure.

    Returns
    -------
    Requirement or NotApplicable
        ``req`` with the note appended (NotApplicable unchanged).
    """
    if isinstance(req, NotApplicable):
        return req
    return replace(req, note=(req.note + " " + note).strip())


def rule_spec(
    rule_id: str,
    ja: str,
    en: str,
    severity: str,
    metric: str,
    unit: str | None,
    jp_min: Requirement | NotApplicable,
    jp_rec: Requirement | NotApplicable,
    ada: Requirement | NotApplicable,
    tokyo: Requirement | NotApplicable | None = None,
) -> RuleSpec:
    """Return one rule's record: names, severity, metric and the entry of each ruleset.

    Parameters
    ----------
    rule_id, ja, en, severity, metric, unit
        As :class:`RuleSpec`.
    jp_min, jp_rec, ada : Requirement or NotApplicable
        The entries of jp-minimum, jp-recommended and ada-2010.
    tokyo : Requirement or NotApplicable, optional
        The Tokyo entry; by default jp-recommended with the Tokyo note.

    Returns
    -------
    RuleSpec
        The record.
    """
    return RuleSpec(
        rule_id,
        ja,
        en,
        severity,
        metric,
        unit,
        {
            "jp-minimum": jp_min,
            "jp-recommended": jp_rec,
            "tokyo": tokyo if tokyo is not None else tokyo_of(jp_rec),
            "ada-2010": ada,
        },
    )


R = Requirement
NA = NotApplicable
ADA_NO_ROW = NA("reference/standards.md has no ADA 2010 counterpart for this check")
JP_MIN_NONE = NA("建築物移動等円滑化基準 (mandatory) has no requirement here; see jp-recommended")

