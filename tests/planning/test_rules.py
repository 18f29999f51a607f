"""Allocation rules and the scenario comparison at equal budget."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from planning_instances import make_instance, tiny_costs

from aimaq.analysis.inequality import cv, theil_t
from aimaq.errors import ImportError_, ValidationError
from aimaq.planning import RoadmapProblem, Target
from aimaq.planning.greedy import columns_of
from aimaq.planning.rules import allocate, load_revenue
from aimaq.planning.scenarios import compare_rules, district_provision


@pytest.fixture()
def problem() -> RoadmapProblem:
    settlements, gaps = make_instance(21, n_settlements=40, max_gaps=3, regions=3)
    return RoadmapProblem.from_gaps(
        gaps,
        settlements,
        tiny_costs({"roads": 2}),
        budget=20e6,
        first_year=2025,
        last_year=2028,
        targets=[Target("national", 50.0, 2028)],
    )


def region_spending(p: RoadmapProblem, start: np.ndarray) -> pd.DataFrame:
    """Spending by region (rows) and year (columns) of a plan."""
    x = columns_of(p, start)
    out = {}
    for r in sorted(p.settlements["region_kato"].unique()):
        mask = (p.projects["region_kato"] == r).to_numpy()[p.col_project]
        out[r] = p.spending(np.where(mask, x, 0.0))
    return pd.DataFrame(out, index=list(p.years)).T


def test_per_capita_shares_and_envelopes(problem: RoadmapProblem) -> None:
    alloc = allocate(problem, "per-capita")
    pop = problem.settlements.groupby("region_kato")["population"].sum()
    assert alloc.shares.to_numpy() == pytest.approx((pop / pop.sum()).to_numpy())
    spend = region_spending(problem, alloc.start)
    envelopes = np.outer(alloc.shares.to_numpy(), problem.budgets)
    assert (spend.to_numpy() <= envelopes * (1 + 1e-9)).all()


def test_needs_shares_follow_the_cost_of_the_gaps(problem: RoadmapProblem) -> None:
    alloc = allocate(problem, "needs")
    need = problem.projects.groupby("region_kato")["cost_kzt"].sum()
    assert alloc.shares.to_numpy() == pytest.approx((need / need.sum()).to_numpy())


def test_performance_bonus_goes_to_over_fulfilling_regions(problem: RoadmapProblem) -> None:
    regions = sorted(problem.settlements["region_kato"].unique())
    revenue = pd.DataFrame(
        {
            "region_kato": regions,
            "year": 2024,
            "plan_kzt": 100.0,
            "actual_kzt": [130.0, 110.0] + [90.0] * (len(regions) - 2),
        }
    )
    alloc = allocate(problem, "performance", revenue=revenue, bonus_share=0.2)
    base = allocate(problem, "per-capita").shares
    bonus = (alloc.shares - 0.8 * base) / 0.2
    assert bonus.to_numpy() == pytest.approx([0.75, 0.25] + [0.0] * (len(regions) - 2))
    assert alloc.shares.sum() == pytest.approx(1.0)
    with pytest.raises(ValidationError, match="own-revenue"):
        allocate(problem, "performance")


def test_optimal_rule_beats_the_rules_on_the_objective(problem: RoadmapProblem) -> None:
    coef = problem.objective_coefficients()
    values = {
        r: float(coef @ columns_of(problem, allocate(problem, r, time_limit=20).start))
        for r in ("per-capita", "needs", "optimal")
    }
    assert values["optimal"] >= max(values["per-capita"], values["needs"]) - 1e-12


def test_comparison_table(problem: RoadmapProblem) -> None:
    regions = sorted(problem.settlements["region_kato"].unique())
    revenue = pd.DataFrame(
        {"region_kato": regions, "year": 2024, "plan_kzt": 1.0, "actual_kzt": 2.0}
    )
    result = compare_rules(
        problem, ["per-capita", "optimal", "performance"], revenue=revenue, time_limit=20
    )
    table = result.table.set_index("rule")
    assert list(table.index) == ["per-capita", "optimal", "performance"]
    assert (table["spent_kzt"] <= problem.budgets.sum() * (1 + 1e-9)).all()
    assert set(result.trajectories["rule"]) == set(table.index)
    assert "national_50_met_in" in table.columns
    # disparity columns are the analysis module's measures of the district figures
    alloc = allocate(problem, "per-capita")
    dist = district_provision(problem, alloc.start, 2028)
    assert table.loc["per-capita", "theil_districts"] == pytest.approx(
        theil_t(dist["provision"].to_numpy(), dist["population"].to_numpy())
    )
    assert table.loc["per-capita", "cv_districts"] == pytest.approx(
        cv(dist["provision"].to_numpy(), dist["population"].to_numpy())
    )
    row = table.loc["optimal"]
    assert row["cost_per_inhabitant_kzt"] == pytest.approx(
        row["spent_kzt"] / row["inhabitants_covered"]
    )
    # each rule says what it follows; all are judged on the optimiser's objective too,
    # which is the solver's objective plus the starting population-weighted provision
    assert table.loc["optimal", "optimises"].startswith("the roadmap objective")
    objective = table["population_weighted_mean_2025_2028"]
    assert objective["optimal"] >= objective.drop("optimal").max() - 1e-9
    coef = problem.objective_coefficients()
    base = problem.base_provision(problem.group_mask("national"), "population")
    start = allocate(problem, "optimal", time_limit=20).start
    assert objective["optimal"] == pytest.approx(float(coef @ columns_of(problem, start)) + base)
    assert "national_population_weighted_2028" in table.columns
    assert any("optimal maximises" in n for n in result.notes)


def test_revenue_file_errors_name_row_and_column(tmp_path: Path) -> None:
    assert len(load_revenue()) >= 1
    bad = tmp_path / "rev.csv"
    bad.write_text("region_kato,year,plan_kzt,actual_kzt\n110000000,2024,100,abc\n")
    with pytest.raises(ImportError_, match=r"row 2, column 'actual_kzt', value 'abc'"):
        load_revenue(bad)
    bad.write_text("region_kato,year,plan_kzt,actual_kzt\n11,2024,100,120\n")
    with pytest.raises(ImportError_, match="region_kato"):
        load_revenue(bad)


def test_one_region_shares_its_budget_among_its_districts() -> None:
    settlements, gaps = make_instance(21, n_settlements=40, max_gaps=3, regions=1)
    assert settlements["district_kato"].nunique() > 1
    one = RoadmapProblem.from_gaps(
        gaps, settlements, tiny_costs({"roads": 2}), budget=5e6, first_year=2025, last_year=2028
    )
    per_capita, needs = allocate(one, "per-capita"), allocate(one, "needs")
    pop = one.settlements.groupby("district_kato")["population"].sum()
    need = one.projects.groupby("district_kato")["cost_kzt"].sum()
    assert per_capita.shares.to_numpy() == pytest.approx((pop / pop.sum()).to_numpy())
    assert needs.shares.to_numpy() == pytest.approx((need / need.sum()).to_numpy())
    assert "by district" in per_capita.notes[0]
    # the two rules give different envelopes, as they do across regions
    assert not np.allclose(per_capita.shares.to_numpy(), needs.shares.to_numpy())
    x = columns_of(one, per_capita.start)
    for district, share in per_capita.shares.items():
        mask = (one.projects["district_kato"] == district).to_numpy()[one.col_project]
        spent = one.spending(np.where(mask, x, 0.0))
        assert (spent <= share * one.budgets * (1 + 1e-9)).all()
