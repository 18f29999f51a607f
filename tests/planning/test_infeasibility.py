"""Targets that cannot be met: the binding target and the smallest budget that meets them."""

from __future__ import annotations

import pytest
from planning_instances import make_instance, tiny_costs

from aimaq.planning import RoadmapInfeasible, RoadmapProblem, Target
from aimaq.planning.solve import solve_roadmap


def problem(budget: float, targets: list[Target], **kwargs: object) -> RoadmapProblem:
    settlements, gaps = make_instance(4, n_settlements=8, max_gaps=3)
    return RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs({"roads": 2}),
        budget=budget,
        first_year=2025,
        last_year=2027,
        targets=targets,
        **kwargs,
    )  # type: ignore[arg-type]


def reachable(p: RoadmapProblem, share: float) -> float:
    base = p.base_provision(p.group_mask("national"))
    return base + share * (100.0 - base)


@pytest.mark.parametrize("method", ["mip", "relax"])
def test_too_small_budget_names_the_target_and_the_budget_that_suffices(method: str) -> None:
    probe = problem(1e6, [])
    level = reachable(probe, 0.8)
    tight = problem(1e6, [Target("national", level, 2027)])
    with pytest.raises(RoadmapInfeasible) as err:
        solve_roadmap(tight, method=method, time_limit=20)
    info = err.value.explanation
    assert len(info.binding) == 1 and info.binding[0].startswith(
        f"national provision {level:g}% by 2027 ("
    )
    assert info.unreachable == ()
    assert info.min_budget_kzt is not None and info.min_budget_lower_kzt is not None
    assert info.min_budget_lower_kzt[0] <= info.min_budget_kzt[0]
    assert "smallest annual budget" in str(err.value)
    # The budget it names is enough: the same targets are then met.
    enough = problem(info.min_budget_kzt[0] * (1 + 1e-9), [Target("national", level, 2027)])
    result = solve_roadmap(enough, method="mip", time_limit=20)
    assert result.trajectory()["national"].iloc[-1] >= level - 1e-9


def test_target_no_budget_can_reach_in_time() -> None:
    # roads take two years: a 2025 target cannot count them, and 100% needs every gap closed
    p = problem(1e9, [Target("national", 100.0, 2025)])
    with pytest.raises(RoadmapInfeasible) as err:
        solve_roadmap(p, time_limit=20)
    assert err.value.explanation.unreachable
    assert "at any budget" in str(err.value)
    assert err.value.explanation.min_budget_kzt is None


def test_targets_met_when_the_budget_allows() -> None:
    probe = problem(1e6, [])
    level = reachable(probe, 0.3)
    p = problem(50e6, [Target("national", level, 2026)])
    result = solve_roadmap(p, time_limit=20)
    traj = result.trajectory().set_index("year")
    assert traj.loc[2026, "national"] >= level - 1e-9
