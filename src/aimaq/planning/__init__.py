"""Roadmap optimisation and allocation rules: a costed multi-year plan to close SRS gaps.

``RoadmapProblem.from_gaps(...)`` builds the model from the standards gaps and a cost
model; :func:`solve_roadmap` returns a :class:`RoadmapResult` with its objective, proven
bound and gap. :func:`allocate` applies an allocation rule; :func:`compare_rules` runs a scenario.
"""

from __future__ import annotations

from aimaq.planning.costs import CostModel, load_cost_model, price_gaps
from aimaq.planning.infeasibility import Explanation, RoadmapInfeasible
from aimaq.planning.inputs import PlanningInput, from_store
from aimaq.planning.outputs import write_views
from aimaq.planning.problem import RoadmapProblem
from aimaq.planning.result import RoadmapResult
from aimaq.planning.rules import RULES, Allocation, allocate, load_revenue
from aimaq.planning.scenarios import ScenarioComparison, compare_rules
from aimaq.planning.solve import SolverError, solve_roadmap
from aimaq.planning.spec import Floor, Target, parse_floor, parse_target

__all__ = [
    "RULES",
    "Allocation",
    "CostModel",
    "Explanation",
    "Floor",
    "PlanningInput",
    "RoadmapInfeasible",
    "RoadmapProblem",
    "RoadmapResult",
    "ScenarioComparison",
    "SolverError",
    "Target",
    "allocate",
    "compare_rules",
    "from_store",
    "load_cost_model",
    "load_revenue",
    "parse_floor",
    "parse_target",
    "price_gaps",
    "solve_roadmap",
    "write_views",
]
