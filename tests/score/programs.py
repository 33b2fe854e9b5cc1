"""A program written for the small plans of shared/cases/access (a 20 × 12 m centre)."""

from __future__ import annotations

from pathlib import Path

from spacedesign.model import Program, Space

CASE_PROGRAM = Program(
    name="test: small centre",
    ruleset="jp-recommended",
    spaces=(
        Space("consult", "consultation", (6.0, 16.0), count=2, min_side=2.4, seats=4,
              private=True),
        Space("lounge", "lounge", (20.0, 40.0), seats=16, daylight=True),
        Space("meeting", "meeting", (20.0, 35.0), seats=10),
        Space("kids", "kids", (8.0, 32.0)),
    ),
    adjacency=(("consult", "lounge", 2.0), ("kids", "lounge", 4.0), ("kids", "consult", -3.0)),
)

CASE_PROGRAM_YAML = """\
format: spacedesign.program/1
name: 'test: small centre'
ruleset: jp-recommended
spaces:
  - {id: consult, use: consultation, count: 2, area: [6, 16], min_side: 2.4, seats: 4, private: true}
  - {id: lounge, use: lounge, count: 1, area: [20, 40], seats: 16, daylight: true}
  - {id: meeting, use: meeting, count: 1, area: [20, 35], seats: 10}
  - {id: kids, use: kids, count: 1, area: [8, 32]}
adjacency:
  - [consult, lounge, 2]
  - [kids, lounge, 4]
  - [kids, consult, -3]
"""


def write_program(folder: Path, extra: str = "") -> Path:
    path = folder / "program.yaml"
    path.write_text(CASE_PROGRAM_YAML + extra, encoding="utf-8")
    return path
