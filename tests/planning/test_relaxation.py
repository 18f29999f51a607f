"""Column generation reaches the full LP's optimum, and its bound is a true bound."""

from __future__ import annotations

import time

import pytest
from planning_instances import make_instance, tiny_costs

from aimaq.planning import Floor, RoadmapProblem, Target
from aimaq.planning.highs_run import run_highs
from aimaq.planning.relaxation import solve_relaxation


@pytest.mark.parametrize(
    ("objective", "targets", "floors"),
    [
        ("coverage", [], []),
        ("coverage", [Target("rural", 60.0, 2027)], [Floor("region", 55.0)]),
        ("cost", [Target("national", 70.0, 2028)], []),
    ],
)
def test_bound_equals_full_lp(objective: str, targets: list[Target], floors: list[Floor]) -> None:
    settlements, gaps = make_instance(17, n_settlements=150, max_gaps=3, regions=3)
    problem = RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs({"roads": 2}),
        budget=40e6,
        first_year=2025,
        last_year=2028,
        targets=targets,
        floors=floors,
        objective=objective,
    )
    rows = problem.rows()
    full = run_highs(problem.linear_model(integer=False, rows=rows), time_limit=30)
    assert full.status == "optimal"
    relax = solve_relaxation(problem, rows, deadline=time.perf_counter() + 30)
    assert relax.status == "optimal"
    assert relax.objective == pytest.approx(full.objective, rel=1e-7)
    assert relax.bound == pytest.approx(full.objective, rel=1e-7)
    # the working set is smaller than the model when the budget is the limit
    if objective == "coverage" and not targets:
        assert relax.working_projects < len(problem.projects)
