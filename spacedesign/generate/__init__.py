"""Layout generation: the block-layout optimiser (FLP) and the scenario generator.

Two helpers built a scenario generator in parallel; the one kept is the spine-bands generator in
:mod:`spacedesign.generate.scenario` (furnished + checked candidates, Dask-identical output). The
FLP optimiser (:mod:`spacedesign.generate.flp_solver`) solves the facility layout benchmarks.
"""

from spacedesign.generate.flp_solver import FlpSolution, evaluation_budget, solve_flp
from spacedesign.generate.scenario import generate_scenarios

__all__ = ["FlpSolution", "evaluation_budget", "generate_scenarios", "solve_flp"]
