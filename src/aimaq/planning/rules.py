"""Allocation rules: how the annual budget is shared among regions, then spent.

- ``per-capita``: each region receives the share of the population it holds.
- ``needs``: each region receives the share of the cost of closing all its gaps.
- ``performance``: ``1 - bonus_share`` per capita; ``bonus_share`` goes to the regions
  that collected more own revenue than planned, in proportion to the excess
  (input table: ``region_kato``, ``year``, ``plan_kzt``, ``actual_kzt``; the latest year
  is used).
- ``optimal``: no regional envelopes; the optimiser's plan.

Within its envelope a region funds projects greedily by benefit per tenge, starting each
as early as its annual envelope allows; money a region cannot use stays unspent.

A problem of one region (a roadmap for one territory) shares its budget among the
region's districts by the same rules: with one regional envelope, per-capita and needs
would otherwise be the same plan. The performance bonus, paid by region, then has no
other region to go to, and the rule is per capita by district (said in its notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.errors import ImportError_, Location, ValidationError
from aimaq.planning.greedy import greedy_fill
from aimaq.planning.problem import RoadmapProblem
from aimaq.planning.solve import solve_roadmap

RULES = ("per-capita", "needs", "optimal", "performance")
REVENUE_COLUMNS = ("region_kato", "year", "plan_kzt", "actual_kzt")


@dataclass(frozen=True)
class Allocation:
    """The plan a rule produces: start year per project and the regional envelopes."""

    rule: str
    start: NDArray[np.int64]
    shares: pd.Series  # region_kato (district_kato within one region) -> budget share
    notes: tuple[str, ...] = ()


def allocate(
    problem: RoadmapProblem,
    rule: str,
    *,
    revenue: pd.DataFrame | None = None,
    bonus_share: float = 0.1,
    time_limit: float = 60.0,
) -> Allocation:
    """Apply an allocation rule to ``problem``'s budget.

    Parameters
    ----------
    problem : RoadmapProblem
    rule : {"per-capita", "needs", "optimal", "performance"}
    revenue : DataFrame, optional
        Own-revenue plan and execution by region (``performance`` only).
    bonus_share : float
        Share of the budget paid as a performance bonus.
    time_limit : float
        Wall-clock limit of the ``optimal`` rule's solve.

    Examples
    --------
    >>> from aimaq.planning.costs import load_cost_model
    >>> s = pd.DataFrame({"kato": ["1", "2"], "region_kato": ["110000000", "150000000"],
    ...     "district_kato": ["111000000", "151000000"], "urban": [False, False],
    ...     "population": [100.0, 300.0], "n_applicable": [10, 10], "n_met": [6, 6]})
    >>> g = pd.DataFrame({"kato": ["1", "2"], "norm_id": ["a", "a"], "area": ["education"] * 2,
    ...     "population": [100.0, 300.0], "region_kato": ["110000000", "150000000"],
    ...     "district_kato": ["111000000", "151000000"], "urban": [False, False]})
    >>> p = RoadmapProblem.from_gaps(g, s, load_cost_model(), budget=200e6,
    ...     first_year=2025, last_year=2026)
    >>> allocate(p, "per-capita").shares.round(2).tolist()
    [0.25, 0.75]
    """
    if rule not in RULES:
        raise ValidationError(
            f"unknown rule {rule!r}; choose from {', '.join(RULES)}", argument="rule"
        )
    one_region = problem.settlements["region_kato"].nunique() == 1
    key = "district_kato" if one_region else "region_kato"
    regions = sorted(problem.settlements[key].unique())
    notes: list[str] = []
    if rule == "optimal":
        result = solve_roadmap(problem, time_limit=time_limit)
        spend = problem.projects.loc[result.start >= 0].groupby(key)["cost_kzt"].sum()
        shares = (spend / max(spend.sum(), 1e-9)).reindex(regions, fill_value=0.0)
        return Allocation(rule, result.start, shares, (f"{result.status}, gap {result.gap:.3%}",))
    if one_region:
        notes.append(f"{rule}: one region, so its envelopes are by district")
    pop = problem.settlements.groupby(key)["population"].sum().reindex(regions, fill_value=0.0)
    per_capita = pop / pop.sum()
    if rule == "per-capita":
        shares = per_capita
    elif rule == "needs":
        need = problem.projects.groupby(key)["cost_kzt"].sum().reindex(regions, fill_value=0.0)
        shares = need / need.sum()
    else:
        if revenue is None:
            raise ValidationError(
                "the performance rule needs an own-revenue table", argument="revenue"
            )
        if not 0.0 <= bonus_share <= 1.0:
            raise ValidationError(f"must lie in 0..1; got {bonus_share:g}", argument="bonus_share")
        excess = _revenue_excess(revenue).reindex(regions, fill_value=0.0)
        if one_region:
            shares = per_capita
            notes.append("performance: one region, no other region for the bonus to go to")
        elif excess.sum() > 0:
            shares = (1 - bonus_share) * per_capita + bonus_share * excess / excess.sum()
        else:
            shares = per_capita
            notes.append("no region over-fulfilled its own-revenue plan; no bonus paid")
    region_index = {r: i for i, r in enumerate(regions)}
    pool = problem.projects[key].map(region_index).to_numpy(dtype=np.int64)
    budgets = np.outer(shares.to_numpy(dtype=float), problem.budgets)
    start = greedy_fill(
        problem, pool_of_project=pool, pool_budgets=budgets, respect_side_rows=False
    )
    return Allocation(rule, start, shares, tuple(notes))


def _revenue_excess(revenue: pd.DataFrame) -> pd.Series:
    """Own revenue collected above plan, by region, in the latest year of the table."""
    missing = [c for c in REVENUE_COLUMNS if c not in revenue.columns]
    if missing:
        raise ValidationError(f"revenue table: missing column(s) {missing}")
    frame = revenue.copy()
    frame["region_kato"] = frame["region_kato"].astype(str).str.zfill(9)
    latest = frame[frame["year"] == frame["year"].max()]
    excess = (latest["actual_kzt"] - latest["plan_kzt"]).clip(lower=0.0)
    return excess.groupby(latest["region_kato"]).sum()


def load_revenue(path: str | Path | None = None) -> pd.DataFrame:
    """Read an own-revenue table (CSV); ``None`` reads the shipped illustrative example.

    Raises :class:`aimaq.errors.ImportError_` naming the file, row, column and value.

    Examples
    --------
    >>> sorted(load_revenue().columns)[:2]
    ['actual_kzt', 'note']
    """
    if path is None:
        ref = resources.files("aimaq.planning").joinpath("own_revenue_example.csv")
        name = "own_revenue_example.csv"
        with resources.as_file(ref) as p:
            frame = pd.read_csv(p, dtype={"region_kato": str}, comment="#")
    else:
        name = str(path)
        if not Path(path).is_file():
            raise ValidationError(f"revenue table {path}: no such file")
        frame = pd.read_csv(path, dtype={"region_kato": str}, comment="#")
    missing = [c for c in REVENUE_COLUMNS if c not in frame.columns]
    if missing:
        raise ImportError_(f"missing column(s) {missing}", Location(name))
    for col in ("year", "plan_kzt", "actual_kzt"):
        values = pd.to_numeric(frame[col], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise ImportError_(
                "expected a non-negative number", Location(name, i + 2, col, frame[col].iloc[i])
            )
        frame[col] = values
    for i, kato in enumerate(frame["region_kato"]):
        if not (
            isinstance(kato, str) and kato.isdigit() and len(kato) == 9 and kato.endswith("0000000")
        ):
            raise ImportError_(
                "expected a 9-digit region KATO code", Location(name, i + 2, "region_kato", kato)
            )
    return frame
