"""The LP relaxation of a national roadmap by column generation, with a proven bound.

Most candidate projects never enter a plan: gaps cost many times the budget. So the LP
is solved on a working set of projects (the best benefit per tenge, plus the best for
every target and floor), and the duals ``y`` of its rows price every other project:
a column ``(j, t)`` can improve the LP only if its reduced cost ``c - yᵀa`` is positive.
Those projects join the set and the LP is solved again. For any duals of the right
sign, the Lagrangian function

    L(y) = Σ_i (y_i·upper_i if y_i ≥ 0 else y_i·lower_i) + Σ_j max(0, max_t (c_jt − yᵀa_jt))

is an upper bound on the LP (and so on every plan): each project is chosen at most once,
which the max over its start years expresses. When no column prices out positive, the
bound equals the working-set LP's value and the LP is solved exactly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from aimaq.planning.highs_run import run_highs
from aimaq.planning.problem import RoadmapProblem, Rows

_MAX_ROUNDS = 30
_ADD_PER_ROUND = 6000


@dataclass(frozen=True)
class Relaxation:
    """The LP relaxation: a solution over all columns, its value and a proven bound.

    ``status`` is ``optimal``, ``infeasible`` (the working set could not meet the
    targets even with every project in it) or ``time_limit``. Values are in the
    problem's own sense (``cost`` objectives are minimised; the bound is then a lower
    bound).
    """

    status: str
    x: NDArray[np.float64]
    objective: float
    bound: float
    rounds: int
    working_projects: int
    seconds: float


def solve_relaxation(
    problem: RoadmapProblem,
    rows: Rows,
    *,
    deadline: float,
    on_wait: Callable[[float], None] | None = None,
    objective: NDArray[np.float64] | None = None,
) -> Relaxation:
    """Solve the LP relaxation of ``problem`` by column generation.

    ``objective`` (one coefficient per column, maximised) replaces the problem's own.

    Examples
    --------
    See ``tests/planning/test_relaxation.py``: the bound equals the full LP's optimum.
    """
    started = time.perf_counter()
    if objective is not None:
        sense, coef = 1.0, np.asarray(objective, dtype=float)
    else:
        sense = 1.0 if problem.objective == "coverage" else -1.0
        coef = sense * problem.objective_coefficients()
    kinds = np.array(rows.kinds)
    coupling = np.flatnonzero(kinds != "once")
    a_coupling = rows.matrix[coupling].tocsr()
    n_proj = len(problem.projects)
    working = _initial_set(problem, rows, coef, by_ratio=objective is not None or sense > 0)
    rounds = 0
    best_bound = np.inf
    tol = 1e-9 * max(float(np.abs(coef).max(initial=0.0)), 1e-300)
    x_full = np.zeros(problem.num_cols)
    value = float("nan")
    status = "time_limit"
    while rounds < _MAX_ROUNDS:
        rounds += 1
        cols = np.flatnonzero(working[problem.col_project])
        model = problem.linear_model(integer=False, columns=cols, rows=rows, cost=coef)
        out = run_highs(
            model,
            time_limit=max(deadline - time.perf_counter(), 0.5),
            options={"solver": "ipm", "run_crossover": "on"},
            on_wait=on_wait,
        )
        if out.status == "infeasible":
            if working.all() or (
                objective is None and _some_row_out_of_reach(problem, rows, deadline)
            ):
                status = "infeasible"
                break
            working = _widen(problem, rows, coef, working)
            continue
        if out.status != "optimal" or out.row_dual.size == 0:
            break
        x_full = np.zeros(problem.num_cols)
        x_full[cols] = out.x
        value = sense * out.objective
        y = np.zeros(rows.matrix.shape[0])
        y[coupling] = out.row_dual[coupling]
        y = _valid_sign(y, rows)
        reduced = coef - np.asarray(a_coupling.T @ y[coupling]).ravel()
        best_rc = np.zeros(n_proj)
        np.maximum.at(best_rc, problem.col_project, reduced)
        finite_up = np.where(np.isfinite(rows.upper), rows.upper, 0.0)
        finite_lo = np.where(np.isfinite(rows.lower), rows.lower, 0.0)
        dual_part = float(np.where(y >= 0, y * finite_up, y * finite_lo)[coupling].sum())
        bound = dual_part + float(best_rc.sum())
        best_bound = min(best_bound, bound)
        candidates = np.flatnonzero((~working) & (best_rc > tol))
        if candidates.size == 0 or best_bound - sense * value <= 1e-9 * max(1.0, abs(value)):
            status = "optimal"
            best_bound = min(best_bound, sense * value) if candidates.size == 0 else best_bound
            break
        order = candidates[np.argsort(-best_rc[candidates], kind="stable")[:_ADD_PER_ROUND]]
        working[order] = True
        if time.perf_counter() >= deadline:
            break
    bound = sense * best_bound if np.isfinite(best_bound) else float("nan")
    return Relaxation(
        status, x_full, value, bound, rounds, int(working.sum()), time.perf_counter() - started
    )


def _some_row_out_of_reach(problem: RoadmapProblem, rows: Rows, deadline: float) -> bool:
    """Whether a target or floor cannot be met even alone within the budgets (proven by
    the LP bound on the most the budgets can add to it)."""
    kinds = np.array(rows.kinds)
    limited = rows.subset(np.flatnonzero(np.isin(kinds, ["budget", "once", "cap"])))
    for r in np.flatnonzero(np.isin(kinds, ["target", "floor"])):
        coef = np.asarray(rows.matrix[r].todense()).ravel()
        most = solve_relaxation(problem, limited, deadline=deadline, objective=coef)
        if np.isfinite(most.bound) and most.bound < rows.lower[r] - 1e-9 * max(
            1.0, abs(rows.lower[r])
        ):
            return True
    return False


def _valid_sign(y: NDArray[np.float64], rows: Rows) -> NDArray[np.float64]:
    """Duals of the sign a maximisation allows: ≥ 0 on ≤ rows, ≤ 0 on ≥ rows."""
    y = y.copy()
    y[~np.isfinite(rows.lower) & (y < 0)] = 0.0
    y[~np.isfinite(rows.upper) & (y > 0)] = 0.0
    return y


def _initial_set(
    problem: RoadmapProblem, rows: Rows, coef: NDArray[np.float64], *, by_ratio: bool
) -> NDArray[np.bool_]:
    """The best projects by benefit per tenge (1.25 budgets' worth), and for every
    target or floor row the best projects per tenge for it (twice its need)."""
    n_proj = len(problem.projects)
    cost = problem.projects["cost_kzt"].to_numpy(dtype=float)
    working = np.zeros(n_proj, dtype=bool)
    if by_ratio:
        best = np.zeros(n_proj)
        np.maximum.at(best, problem.col_project, coef)
        order = np.argsort(-best / np.maximum(cost, 1e-9), kind="stable")
        cum = np.cumsum(cost[order])
        working[order[: int(np.searchsorted(cum, 1.25 * problem.budgets.sum())) + 1]] = True
    add_row_projects(problem, rows, working, factor=2.0)
    return working


def add_row_projects(
    problem: RoadmapProblem, rows: Rows, working: NDArray[np.bool_], factor: float
) -> None:
    kinds = np.array(rows.kinds)
    cost = problem.projects["cost_kzt"].to_numpy(dtype=float)
    for r in np.flatnonzero(np.isin(kinds, ["target", "floor", "lagging"])):
        row = sp.csr_matrix(rows.matrix[r])
        gain = np.zeros(len(problem.projects))
        np.maximum.at(gain, problem.col_project[row.indices], row.data)
        useful = np.flatnonzero(gain > 0)
        if useful.size == 0:
            continue
        order = useful[np.argsort(-gain[useful] / np.maximum(cost[useful], 1e-9), kind="stable")]
        need = rows.lower[r]
        if kinds[r] == "lagging":
            need = (0.25 + factor / 2) * (problem.lagging_share or 0.0) * problem.budgets.sum()
            cum = np.cumsum(cost[order])
        else:
            cum = np.cumsum(gain[order])
        k = int(np.searchsorted(cum, factor * max(need, 0.0))) + 1
        working[order[:k]] = True


def _widen(
    problem: RoadmapProblem, rows: Rows, coef: NDArray[np.float64], working: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """The working set could not meet the targets: double what each row may draw on."""
    wider = working.copy()
    before = int(wider.sum())
    add_row_projects(problem, rows, wider, factor=8.0)
    if int(wider.sum()) == before:
        wider[:] = True
    return wider
