"""Scenarios: allocation rules compared at equal budget.

For each rule: spending, provision (national, urban, rural) by year, the year each
target is met, the disparity of provision across districts (Theil T and coefficient of
variation, population-weighted, from :mod:`aimaq.analysis.inequality`), inhabitants newly
covered and cost per inhabitant covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.analysis.inequality import cv, theil_t
from aimaq.planning.problem import RoadmapProblem
from aimaq.planning.result import trajectory
from aimaq.planning.rules import RULES, allocate


@dataclass(frozen=True)
class ScenarioComparison:
    """The comparison table (one row per rule) and the provision trajectories (long)."""

    table: pd.DataFrame
    trajectories: pd.DataFrame
    notes: tuple[str, ...] = ()


def district_provision(
    problem: RoadmapProblem, start: NDArray[np.int64], year: int
) -> pd.DataFrame:
    """Provision of every district at the end of ``year`` (the problem's measure), %,
    with the district's population (the weight across districts)."""
    s = problem.settlements
    done = (start >= 0) & (start + problem.projects["duration_years"].to_numpy() - 1 <= year)
    closed = np.asarray(problem.cover.T @ done.astype(float)).ravel()
    share = (s["n_met"].to_numpy() + closed) / s["n_applicable"].to_numpy()
    w = problem.weights()
    frame = pd.DataFrame(
        {
            "district_kato": s["district_kato"],
            "ws": share * w,
            "w": w,
            "population": s["population"].to_numpy(),
        }
    )
    out = frame.groupby("district_kato", sort=True).sum()
    out = out[(out["w"] > 0) & (out["population"] > 0)]
    return pd.DataFrame(
        {
            "district_kato": out.index,
            "population": out["population"].to_numpy(),
            "provision": 100.0 * out["ws"].to_numpy() / out["w"].to_numpy(),
        }
    )


#: What each rule optimises or follows, shown beside its results.
OPTIMISES = {
    "per-capita": "regional envelopes by population share, greedy within",
    "needs": "regional envelopes by share of gap cost, greedy within",
    "performance": "envelopes per capita plus a bonus for own revenue, greedy within",
    "optimal": "the roadmap objective (maximised, no envelopes)",
}
OBJECTIVE = "national provision weighted by population, averaged over the years of the horizon"


def objective_value(problem: RoadmapProblem, start: NDArray[np.int64]) -> float:
    """The roadmap's coverage objective of a plan: national provision weighted by
    population, %, averaged over the end of each year of the horizon.

    It is the solver's objective plus the starting provision (a constant): the objective
    counts each project's gain from its completion year on, so rules rank alike on both.
    """
    traj = trajectory(problem, start)
    return float(traj["national_population_weighted"].mean())


def newly_covered(problem: RoadmapProblem, start: NDArray[np.int64]) -> float:
    """Inhabitants of settlements where the plan closes at least one gap by the last year."""
    done = (start >= 0) & (
        start + problem.projects["duration_years"].to_numpy() - 1 <= problem.years[-1]
    )
    touched = np.asarray(problem.cover.T @ done.astype(float)).ravel() > 0
    return float(problem.settlements["population"].to_numpy()[touched].sum())


def compare_rules(
    problem: RoadmapProblem,
    rules: Sequence[str] = RULES,
    *,
    revenue: pd.DataFrame | None = None,
    bonus_share: float = 0.1,
    time_limit: float = 60.0,
) -> ScenarioComparison:
    """Run each allocation rule on the same problem and budget and compare the results.

    Examples
    --------
    See ``tests/planning/test_rules.py``.
    """
    rows: list[dict[str, object]] = []
    trajs: list[pd.DataFrame] = []
    last = problem.years[-1]
    objective_column = f"population_weighted_mean_{problem.years[0]}_{last}"
    notes: list[str] = [
        f"optimal maximises {OBJECTIVE} ({objective_column}); the headline national_{last} "
        "counts each settlement once (the published definition), so another rule can end "
        "above it there"
    ]
    for rule in rules:
        alloc = allocate(
            problem, rule, revenue=revenue, bonus_share=bonus_share, time_limit=time_limit
        )
        start = alloc.start
        cost = float(problem.projects.loc[start >= 0, "cost_kzt"].sum())
        traj = trajectory(problem, start)
        trajs.append(traj.assign(rule=rule))
        row: dict[str, object] = {
            "rule": rule,
            "optimises": OPTIMISES[rule],
            "spent_kzt": cost,
            "projects": int((start >= 0).sum()),
        }
        for group in ("national", "urban", "rural"):
            if group in traj.columns:
                row[f"{group}_{last}"] = float(traj[group].iloc[-1])
        # the optimiser's own objective, on which the optimal rule is best (within its gap)
        row[f"national_population_weighted_{last}"] = float(
            traj["national_population_weighted"].iloc[-1]
        )
        row[objective_column] = objective_value(problem, start)
        for t in problem.targets:
            reached = traj.loc[traj[t.group] >= t.level - 1e-9, "year"]
            row[f"{t.group}_{t.level:g}_met_in"] = int(reached.iloc[0]) if len(reached) else None
        dist = district_provision(problem, start, last)
        if len(dist) > 1 and dist["provision"].sum() > 0:
            row["theil_districts"] = theil_t(
                dist["provision"].to_numpy(), dist["population"].to_numpy()
            )
            row["cv_districts"] = cv(dist["provision"].to_numpy(), dist["population"].to_numpy())
        covered = newly_covered(problem, start)
        row["inhabitants_covered"] = covered
        row["cost_per_inhabitant_kzt"] = cost / covered if covered > 0 else float("nan")
        rows.append(row)
        notes.extend(f"{rule}: {n}" for n in alloc.notes)
    table = pd.DataFrame(rows)
    for col in [c for c in table.columns if c.endswith("_met_in")]:
        # years stay whole numbers, a target never met stays empty
        table[col] = pd.Series([None if pd.isna(v) else int(v) for v in table[col]], dtype=object)
    long = pd.concat(trajs, ignore_index=True)
    cols = ["rule", "year"] + [c for c in ("national", "urban", "rural") if c in long.columns]
    return ScenarioComparison(table, long[cols], tuple(notes))
