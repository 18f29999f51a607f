"""A solved roadmap and its views: the plan, summaries by year and region, trajectory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.planning.greedy import columns_of
from aimaq.planning.problem import RoadmapProblem


@dataclass(frozen=True)
class RoadmapResult:
    """A plan: the start year of each funded project, and how good it is.

    ``status`` is ``optimal`` (proven by the exact MIP), ``near_optimal`` (within the
    requested gap of the LP bound), ``feasible`` (a plan, gap above the tolerance) or
    ``time_limit`` (the wall-clock limit stopped the search; the best plan found).
    ``gap`` is the relative distance between ``objective`` and the proven ``bound``.
    """

    problem: RoadmapProblem
    start: NDArray[np.int64]
    status: str
    method: str
    objective: float
    bound: float
    gap: float
    seconds: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def x(self) -> NDArray[np.float64]:
        return columns_of(self.problem, self.start)

    def plan(self) -> pd.DataFrame:
        """The roadmap: one row per funded project (start, completion, where, what, cost)."""
        return plan_table(self.problem, self.start)

    def by_year(self) -> pd.DataFrame:
        """Spending against budget, projects started and completed, provision, per year."""
        return year_table(self.problem, self.start)

    def by_region(self) -> pd.DataFrame:
        """Spending, projects and provision before and after, per region."""
        return region_table(self.problem, self.start)

    def by_district(self) -> pd.DataFrame:
        """Spending, projects and provision before and after, per district."""
        return area_table(self.problem, self.start, "district")

    def trajectory(self) -> pd.DataFrame:
        """Provision (national, urban, rural) at the end of each year, %, by the problem's
        measure, and the national figure weighted by population (the objective's)."""
        return trajectory(self.problem, self.start)

    def summary(self) -> dict[str, Any]:
        """The headline figures of the solve."""
        spend = self.problem.spending(self.x)
        return {
            "status": self.status,
            "method": self.method,
            "objective": self.problem.objective,
            "objective_value": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
            "projects_candidate": len(self.problem.projects),
            "projects_funded": int((self.start >= 0).sum()),
            "budget_total_kzt": float(self.problem.budgets.sum()),
            "spent_kzt": float(spend.sum()),
            "notes": list(self.notes),
        }


def provision_by_year(
    problem: RoadmapProblem,
    start: NDArray[np.int64],
    group: str,
    kato: str | None = None,
    measure: str | None = None,
) -> NDArray[np.float64]:
    """Provision of a group at the end of each year of the horizon under a plan, %."""
    mask = problem.group_mask(group, kato)
    base = problem.base_provision(mask, measure)
    gain = problem.project_gain(mask, measure)
    done = start + problem.projects["duration_years"].to_numpy() - 1
    return np.array([base + gain[(start >= 0) & (done <= y)].sum() for y in problem.years])


def trajectory(problem: RoadmapProblem, start: NDArray[np.int64]) -> pd.DataFrame:
    rows: dict[str, Any] = {"year": list(problem.years)}
    for group in ("national", "urban", "rural"):
        if problem.group_mask(group).any():
            rows[group] = provision_by_year(problem, start, group)
    rows["national_population_weighted"] = provision_by_year(
        problem, start, "national", measure="population"
    )
    return pd.DataFrame(rows)


def plan_table(problem: RoadmapProblem, start: NDArray[np.int64]) -> pd.DataFrame:
    p = problem.projects
    funded = start >= 0
    cols = [
        c
        for c in ("region_kato", "district_kato", "kato", "name", "norm_id", "area")
        if c in p.columns
    ]
    out = p.loc[funded, cols].copy()
    out.insert(0, "start_year", start[funded])
    out.insert(1, "done_year", start[funded] + p.loc[funded, "duration_years"].to_numpy() - 1)
    out["cost_kzt"] = p.loc[funded, "cost_kzt"].to_numpy()
    out["satellites"] = p.loc[funded, "satellites"].to_numpy()
    out["people_served"] = p.loc[funded, "people"].to_numpy()
    out = out.rename(columns={"kato": "settlement_kato", "name": "settlement"})
    return out.sort_values(
        ["start_year", "region_kato", "district_kato", "settlement_kato", "norm_id"]
    ).reset_index(drop=True)


def year_table(problem: RoadmapProblem, start: NDArray[np.int64]) -> pd.DataFrame:
    spend = problem.spending(columns_of(problem, start))
    done = start + problem.projects["duration_years"].to_numpy() - 1
    out = pd.DataFrame(
        {
            "year": list(problem.years),
            "budget_kzt": problem.budgets,
            "spent_kzt": spend,
            "started": [int((start == y).sum()) for y in problem.years],
            "completed": [int(((start >= 0) & (done == y)).sum()) for y in problem.years],
        }
    )
    return out.merge(trajectory(problem, start), on="year")


def region_table(problem: RoadmapProblem, start: NDArray[np.int64]) -> pd.DataFrame:
    """Spending, projects and provision before and after, per region."""
    return area_table(problem, start, "region")


def area_table(problem: RoadmapProblem, start: NDArray[np.int64], level: str) -> pd.DataFrame:
    """Spending, projects, and provision now and at the end of the horizon (by the
    problem's measure), per region or district (``level``)."""
    p = problem.projects
    funded = start >= 0
    column = f"{level}_kato"
    units = sorted(problem.settlements[column].unique())
    rows = []
    for unit in units:
        in_unit = (p[column] == unit).to_numpy()
        traj = provision_by_year(problem, start, level, unit)
        mask = problem.group_mask(level, unit)
        row: dict[str, Any] = {column: unit}
        if level == "district":
            row["region_kato"] = problem.settlements.loc[mask, "region_kato"].iloc[0]
        row.update(
            {
                "projects": int((funded & in_unit).sum()),
                "cost_kzt": float(p.loc[funded & in_unit, "cost_kzt"].sum()),
                "gaps_cost_kzt": float(p.loc[in_unit, "cost_kzt"].sum()),
                "provision_now": problem.base_provision(mask),
                "provision_end": float(traj[-1]),
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)
