"""Scenario generator: complete, diverse, ranked layouts of a renovation zone from a program.

Public API: :func:`generate_scenarios`, :func:`make_candidate`, :func:`search_scenarios`.
"""

from spacedesign.generate.scenario.search import STRATEGY, Design, design_candidate, make_candidate

__all__ = ["STRATEGY", "Design", "design_candidate", "make_candidate"]
