"""Layout generation: the block-layout optimiser (FLP) and the scenario generator."""

from spacedesign.generate.flp_solver import FlpSolution, evaluation_budget, solve_flp
from spacedesign.generate.scenario import generate_scenarios

__all__ = ["FlpSolution", "evaluation_budget", "generate_scenarios", "solve_flp"]
