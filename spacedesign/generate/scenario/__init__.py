"""Scenario generator: complete, diverse, ranked layouts of a renovation zone from a program.

Public API: :func:`generate_scenarios` (in-process), :func:`search_scenarios` (with a
:class:`CandidateMapper` for process pools or clusters), :func:`make_candidate` (one seed).

>>> from spacedesign.generate.scenario import candidate_seeds
>>> candidate_seeds(7, 0, 3)
[700021, 700022, 700023]
"""

from spacedesign.generate.scenario.evaluate import (
    Evaluation,
    evaluate_design,
    furnish_new_rooms,
)
from spacedesign.generate.scenario.generate import (
    CandidateMapper,
    InlineMapper,
    Sketch,
    candidate_seeds,
    finish_candidate,
    generate_scenarios,
    search_scenarios,
    sketch_candidate,
)
from spacedesign.generate.scenario.reach import wheelchair_reachable
from spacedesign.generate.scenario.scoring import MIN_DISTANCE, topology_distance
from spacedesign.generate.scenario.search import (
    CORRIDOR_ID,
    STRATEGY,
    Design,
    design_candidate,
    make_candidate,
    topology_name,
)

__all__ = [
    "CORRIDOR_ID",
    "MIN_DISTANCE",
    "STRATEGY",
    "CandidateMapper",
    "Design",
    "Evaluation",
    "InlineMapper",
    "Sketch",
    "candidate_seeds",
    "design_candidate",
    "evaluate_design",
    "finish_candidate",
    "furnish_new_rooms",
    "generate_scenarios",
    "make_candidate",
    "search_scenarios",
    "sketch_candidate",
    "topology_distance",
    "topology_name",
    "wheelchair_reachable",
]
