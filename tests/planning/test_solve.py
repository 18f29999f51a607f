"""The optimiser against exhaustive enumeration and HiGHS's exact MIP on small instances."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planning_instances import make_instance, tiny_costs

from aimaq.planning import Floor, RoadmapProblem, Target
from aimaq.planning.greedy import columns_of
from aimaq.planning.solve import _satisfies, solve_roadmap


def enumerate_best(problem: RoadmapProblem) -> float:
    """The best objective over every assignment of a start year (or none) to each project."""
    rows = problem.rows()
    coef = problem.objective_coefficients()
    options = []
    for j in range(len(problem.projects)):
        starts = problem.col_start[problem.col_project == j].tolist()
        options.append([-1, *starts])
    best = -np.inf if problem.objective == "coverage" else np.inf
    for combo in itertools.product(*options):
        x = columns_of(problem, np.array(combo, dtype=np.int64))
        if not _satisfies(rows, x):
            continue
        value = float(coef @ x)
        best = max(best, value) if problem.objective == "coverage" else min(best, value)
    return best


def small_problem(seed: int, budget: float, **kwargs: object) -> RoadmapProblem:
    settlements, gaps = make_instance(seed, n_settlements=4, max_gaps=2)
    return RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs({"roads": 2}),
        budget=budget,
        first_year=2025,
        last_year=2027,
        **kwargs,
    )


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_exact_mip_matches_enumeration(seed: int) -> None:
    problem = small_problem(seed, budget=5e6)
    assert 0 < len(problem.projects) <= 8
    result = solve_roadmap(problem, method="mip", time_limit=20)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(enumerate_best(problem), rel=1e-9, abs=1e-12)
    assert result.bound == pytest.approx(result.objective, rel=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_relaxation_method_is_within_its_gap_of_enumeration(seed: int) -> None:
    problem = small_problem(seed, budget=5e6)
    best = enumerate_best(problem)
    result = solve_roadmap(problem, method="relax", time_limit=20)
    assert result.bound >= best - 1e-12  # the LP bound is a true bound
    assert result.objective <= best + 1e-12
    assert result.gap == pytest.approx((result.bound - result.objective) / result.bound, abs=1e-12)


def test_cost_objective_meets_target_at_least_cost() -> None:
    problem = small_problem(
        2, budget=20e6, targets=[Target("national", 0.0, 2027)], objective="cost"
    )
    # a zero target is met by doing nothing; cost 0
    assert solve_roadmap(problem, time_limit=20).objective == pytest.approx(0.0)
    base = problem.base_provision(problem.group_mask("national"))
    need = base + 0.5 * (100.0 - base)
    problem = small_problem(
        2, budget=20e6, targets=[Target("national", need, 2027)], objective="cost"
    )
    result = solve_roadmap(problem, method="mip", time_limit=20)
    assert result.objective == pytest.approx(enumerate_best(problem))
    assert result.trajectory()["national"].iloc[-1] >= need - 1e-9


def test_medium_instance_relax_agrees_with_mip() -> None:
    settlements, gaps = make_instance(11, n_settlements=60, max_gaps=3, regions=3)
    problem = RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs({"roads": 2, "education": 2}),
        budget=25e6,
        first_year=2025,
        last_year=2029,
    )
    exact = solve_roadmap(problem, method="mip", time_limit=30)
    relaxed = solve_roadmap(problem, method="relax", time_limit=30)
    assert exact.status == "optimal"
    assert relaxed.bound >= exact.objective - 1e-9
    assert relaxed.objective <= exact.objective + 1e-9
    # Few, large projects: whole-project rounding costs a few per cent here; the national
    # benchmark (thousands of projects a year) is where the gap falls under 0.1%.
    assert relaxed.objective >= 0.95 * exact.objective
    assert relaxed.gap >= (relaxed.bound - exact.objective) / relaxed.bound - 1e-12


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    budget=st.floats(1e6, 30e6),
    method=st.sampled_from(["mip", "relax"]),
)
def test_no_plan_exceeds_a_budget_or_funds_twice(seed: int, budget: float, method: str) -> None:
    settlements, gaps = make_instance(seed, n_settlements=10, max_gaps=3)
    if gaps.empty:
        return
    problem = RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs({"roads": 2, "healthcare": 3}),
        budget=budget,
        first_year=2025,
        last_year=2028,
    )
    result = solve_roadmap(problem, method=method, time_limit=20)
    x = result.x
    assert np.all(problem.spending(x) <= problem.budgets * (1 + 1e-9))
    per_project = np.bincount(problem.col_project, weights=x, minlength=len(problem.projects))
    assert per_project.max(initial=0) <= 1
    plan = result.plan()
    assert not plan.duplicated(["settlement_kato", "norm_id"]).any()
    assert (plan["done_year"] <= 2028).all()


def test_cost_objective_relaxation_bounds_the_exact_mip_from_below() -> None:
    settlements, gaps = make_instance(13, n_settlements=60, max_gaps=3, regions=3)
    probe = RoadmapProblem.from_gaps(
        gaps, settlements, tiny_costs(), budget=40e6, first_year=2025, last_year=2027
    )
    base = probe.base_provision(probe.group_mask("national"))
    target = Target("national", base + 0.4 * (100 - base), 2027)
    problem = RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs(),
        budget=40e6,
        first_year=2025,
        last_year=2027,
        targets=[target],
        objective="cost",
    )
    exact = solve_roadmap(problem, method="mip", time_limit=30)
    relaxed = solve_roadmap(problem, method="relax", time_limit=30)
    assert relaxed.bound <= exact.objective + 1e-6 <= relaxed.objective + 2e-6
    assert relaxed.trajectory()["national"].iloc[-1] >= target.level - 1e-9


@pytest.mark.parametrize("method", ["mip", "relax"])
def test_floors_caps_and_lagging_share_hold_in_the_plan(method: str) -> None:
    settlements, gaps = make_instance(19, n_settlements=80, max_gaps=3, regions=3)
    probe = RoadmapProblem.from_gaps(
        gaps, settlements, tiny_costs(), budget=30e6, first_year=2025, last_year=2027
    )
    regions = sorted(probe.settlements["region_kato"].unique())
    floor = min(probe.base_provision(probe.group_mask("region", r)) for r in regions) + 5.0
    cap_region = regions[0]
    problem = RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs(),
        budget=30e6,
        first_year=2025,
        last_year=2027,
        floors=[Floor("region", floor)],
        region_caps={cap_region: 10e6},
        lagging_share=0.4,
    )
    result = solve_roadmap(problem, method=method, time_limit=30)
    by_region = result.by_region().set_index("region_kato")
    assert (by_region["provision_end"] >= floor - 1e-9).all()
    assert by_region.loc[cap_region, "cost_kzt"] <= 10e6 + 1e-6
    plan = result.plan()
    lagging = plan["district_kato"].isin(problem.lagging_districts)
    assert plan.loc[lagging, "cost_kzt"].sum() >= 0.4 * plan["cost_kzt"].sum() - 1e-6
