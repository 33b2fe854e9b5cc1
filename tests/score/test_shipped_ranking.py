"""The ranking of the shipped scenarios, pinned with the reasons (scorecards in full)."""

from __future__ import annotations

import re

import pytest

from spacedesign.pipeline import load_and_score
from tests.conftest import REPO


@pytest.fixture(scope="module")
def cards():
    return {k: load_and_score(REPO / "scenarios" / f"scenario-{k}.yaml", None).card
            for k in "abc"}


def test_accessibility_ranks_fewest_and_mildest_failures_first(cards):
    by_sev = {k: c.failures_by_severity() for k, c in cards.items()}
    # A: five critical failures (the prefab booth's 0.7 m door, consult-2 unreachable by
    # wheelchair, plus the building's lift that all three share) must rank last, not first
    assert by_sev["a"]["critical"] > by_sev["b"]["critical"] == by_sev["c"]["critical"]
    acc = {k: c.value("accessibility") for k, c in cards.items()}
    # B and C share the same critical and major failures; C has one more minor (its counter)
    assert by_sev["c"].get("minor", 0) > by_sev["b"].get("minor", 0)
    assert acc["b"] > acc["c"] > acc["a"]
    assert cards["a"].accessibility_label().startswith(f"{acc['a']:.1f} (critical ")


def test_composite_ranks_the_complete_program_first(cards):
    # C holds every space of the program (fit 100); B lacks the meeting room; A lacks the
    # meeting room, the coworking corner and a consultation room and fails the most
    # accessibility checks: C > B > A
    fit = {k: c.value("program_fit") for k, c in cards.items()}
    assert fit["c"] == 100.0 and fit["b"] < 100.0 and fit["a"] < fit["b"]
    comp = {k: c.composite for k, c in cards.items()}
    assert comp["c"] > comp["b"] > comp["a"]


def test_every_note_is_in_japanese_and_english(cards):
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    english = re.compile(r"[A-Za-z]{3,}")
    notes = [n for c in cards.values() for crit in c.criteria.values() for n in crit.notes]
    assert len(notes) > 10
    for note in notes:
        assert japanese.search(note) and english.search(note), note
