"""Greedy benefit-per-cost selection: the repair step of the optimiser and the baseline.

Projects are taken in decreasing order of benefit per tenge and started in the earliest
year whose spending fits every remaining annual budget of their pool (the whole country,
or the project's region under an allocation rule). Adding a project never breaks a
"at least" constraint (targets, floors), so only budgets, caps and the lagging share are
checked.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from aimaq.planning.problem import RoadmapProblem


def greedy_fill(
    problem: RoadmapProblem,
    start: NDArray[np.int64] | None = None,
    *,
    pool_of_project: NDArray[np.int64] | None = None,
    pool_budgets: NDArray[np.float64] | None = None,
    respect_side_rows: bool = True,
) -> NDArray[np.int64]:
    """Add projects to a plan greedily by benefit per cost.

    Parameters
    ----------
    problem : RoadmapProblem
    start : ndarray of int, optional
        Start year per project, ``-1`` for unfunded; the plan to extend (default empty).
    pool_of_project, pool_budgets : ndarray, optional
        Budget pools: ``pool_budgets[k, y]`` is the money of pool ``k`` in year ``y``
        (all years of the horizon) and ``pool_of_project[j]`` the pool of project ``j``.
        Default: one national pool with the problem's annual budgets.
    respect_side_rows : bool
        Whether to respect the region caps and the lagging-district share.

    Returns
    -------
    ndarray of int
        Start year per project, ``-1`` for unfunded.

    Examples
    --------
    >>> import pandas as pd
    >>> from aimaq.planning.costs import load_cost_model
    >>> s = pd.DataFrame({"kato": ["1", "2"], "region_kato": ["110000000"] * 2,
    ...     "district_kato": ["111000000"] * 2, "urban": [False, False],
    ...     "population": [500.0, 900.0], "n_applicable": [10, 10], "n_met": [6, 6]})
    >>> g = pd.DataFrame({"kato": ["1", "2"], "norm_id": ["a", "a"], "area": ["education"] * 2,
    ...     "population": [500.0, 900.0], "region_kato": ["110000000"] * 2,
    ...     "district_kato": ["111000000"] * 2, "urban": [False, False]})
    >>> p = RoadmapProblem.from_gaps(g, s, load_cost_model(), budget=80e6,
    ...     first_year=2025, last_year=2026)
    >>> greedy_fill(p).tolist()
    [-1, 2025]
    """
    n_proj = len(problem.projects)
    years = problem.years
    plan = np.full(n_proj, -1, dtype=np.int64) if start is None else start.astype(np.int64).copy()
    cost = problem.projects["cost_kzt"].to_numpy(dtype=float)
    dur = problem.projects["duration_years"].to_numpy(dtype=np.int64)
    if pool_of_project is None or pool_budgets is None:
        pool_of_project = np.zeros(n_proj, dtype=np.int64)
        pool_budgets = problem.budgets.reshape(1, -1)
    residual = [list(map(float, row)) for row in pool_budgets]
    chosen = np.flatnonzero(plan >= 0)
    for j in chosen:
        k, t0 = int(pool_of_project[j]), int(plan[j]) - years[0]
        for y in range(t0, t0 + int(dur[j])):
            residual[k][y] -= cost[j] / dur[j]
    region = problem.projects["region_kato"].to_numpy()
    caps = dict(problem.region_caps) if respect_side_rows else {}
    for j in chosen:
        if region[j] in caps:
            caps[region[j]] -= cost[j]
    lag_share = problem.lagging_share if respect_side_rows else None
    is_lag = problem.projects["district_kato"].isin(problem.lagging_districts).to_numpy()
    lag_slack = 0.0
    if lag_share is not None:
        lag_slack = float(((is_lag[chosen].astype(float) - lag_share) * cost[chosen]).sum())

    coef = problem.objective_coefficients()
    best = np.zeros(n_proj)
    np.maximum.at(best, problem.col_project, coef)
    ratio = best / np.maximum(cost, 1e-9)
    order = np.argsort(-ratio, kind="stable")
    first_col = np.searchsorted(problem.col_project, np.arange(n_proj))
    last_col = np.searchsorted(problem.col_project, np.arange(n_proj), side="right")
    tol = 1e-6
    for j in order:
        if plan[j] >= 0 or best[j] <= 0:
            continue
        c, d, k = float(cost[j]), int(dur[j]), int(pool_of_project[j])
        if region[j] in caps and caps[region[j]] < c - tol:
            continue
        delta = 0.0
        if lag_share is not None:
            delta = ((1.0 if is_lag[j] else 0.0) - lag_share) * c
            if lag_slack + delta < -tol:
                continue
        per_year = c / d
        pool = residual[k]
        for col in range(first_col[j], last_col[j]):
            t0 = int(problem.col_start[col]) - years[0]
            if all(pool[y] >= per_year - tol for y in range(t0, t0 + d)):
                for y in range(t0, t0 + d):
                    pool[y] -= per_year
                plan[j] = problem.col_start[col]
                if region[j] in caps:
                    caps[region[j]] -= c
                lag_slack += delta
                break
    return plan


def columns_of(problem: RoadmapProblem, start: NDArray[np.int64]) -> NDArray[np.float64]:
    """The 0/1 column vector of a plan given as start year per project."""
    x = np.zeros(problem.num_cols)
    funded = start[problem.col_project]
    x[(funded >= 0) & (funded == problem.col_start)] = 1.0
    return x


def start_of(problem: RoadmapProblem, x: NDArray[np.float64]) -> NDArray[np.int64]:
    """Start year per project from a 0/1 column vector (``-1``: unfunded)."""
    start = np.full(len(problem.projects), -1, dtype=np.int64)
    on = np.flatnonzero(x > 0.5)
    twice = np.flatnonzero(
        np.bincount(problem.col_project[on], minlength=len(problem.projects)) > 1
    )
    if twice.size:
        raise ValueError(f"project {int(twice[0])} is started more than once in the solution")
    start[problem.col_project[on]] = problem.col_start[on]
    return start
