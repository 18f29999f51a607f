"""Solving a roadmap: the exact MIP for small models, relax-fix-repair for national ones.

A national model has hundreds of thousands of binaries and HiGHS's branch and bound does
not get past its root there. Its structure (a multi-period knapsack with a few side rows)
makes the LP relaxation nearly integral: a basic optimal solution has at most as many
fractional columns as there are side rows. So: solve the LP (interior point plus
crossover, for a vertex), fix the columns at 1, solve the few fractional projects exactly
as a small MIP on the remaining budget, fill what budget is left greedily, and report the
gap to the LP bound, which is a proven bound on every plan.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from aimaq.errors import AimaqError
from aimaq.planning.greedy import columns_of, greedy_fill, start_of
from aimaq.planning.highs_run import SolveOutcome, run_highs
from aimaq.planning.problem import RoadmapProblem, Rows
from aimaq.planning.relaxation import solve_relaxation
from aimaq.planning.result import RoadmapResult

METHODS = ("auto", "mip", "relax")
EXACT_MAX_COLUMNS = 4000
_NEIGHBOURHOOD = 1500
Progress = Callable[[str, float], None]


class SolverError(AimaqError):
    """The solver returned no plan (time limit without a solution, or a solver failure)."""


def solve_roadmap(
    problem: RoadmapProblem,
    *,
    method: str = "auto",
    time_limit: float = 60.0,
    gap_tolerance: float = 1e-3,
    on_progress: Progress | None = None,
) -> RoadmapResult:
    """Find a plan for ``problem``.

    Parameters
    ----------
    problem : RoadmapProblem
    method : {"auto", "mip", "relax"}
        ``mip``: HiGHS branch and bound on the whole model. ``relax``: LP relaxation,
        fix, small MIP on the fractional rest, greedy repair. ``auto``: ``mip`` up to
        4,000 columns, else ``relax``.
    time_limit : float
        Wall-clock seconds for the whole solve, enforced by aimaq (see
        :func:`aimaq.planning.highs_run.run_highs`).
    gap_tolerance : float
        Relative gap to the bound under which a heuristic plan counts as near-optimal.
    on_progress : callable, optional
        ``on_progress(stage, elapsed_seconds)`` while waiting for the solver.

    Returns
    -------
    RoadmapResult

    Raises
    ------
    aimaq.planning.infeasibility.RoadmapInfeasible
        When no plan meets the targets and floors within the budget; it names the
        binding constraints and the smallest annual budget that meets them.
    SolverError
        When the time limit passes before any plan is found.
    """
    if method not in METHODS:
        raise AimaqError(f"must be one of {', '.join(METHODS)}; got {method!r}", argument="method")
    if time_limit <= 0:
        raise AimaqError(f"must be positive; got {time_limit:g}", argument="time_limit")
    started = time.perf_counter()
    deadline = started + time_limit
    if problem.num_cols == 0:
        return _empty(problem, started)
    rows = problem.rows()
    if method == "mip" or (method == "auto" and problem.num_cols <= EXACT_MAX_COLUMNS):
        result = _solve_mip(problem, rows, deadline, started, on_progress)
        if result is not None or method == "mip":
            if result is None:
                raise SolverError(f"no plan found within the time limit of {time_limit:g} s")
            return result
    return _solve_relaxed(problem, rows, deadline, started, gap_tolerance, on_progress)


def _remaining(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.05)


def _waiter(stage: str, on_progress: Progress | None) -> Callable[[float], None] | None:
    if on_progress is None:
        return None
    return lambda elapsed: on_progress(stage, elapsed)


def _solve_mip(
    problem: RoadmapProblem,
    rows: Rows,
    deadline: float,
    started: float,
    on_progress: Progress | None,
) -> RoadmapResult | None:
    model = problem.linear_model(integer=True, rows=rows)
    out = run_highs(
        model,
        time_limit=_remaining(deadline),
        options={"mip_rel_gap": 1e-9, "mip_abs_gap": 1e-9},
        on_wait=_waiter("branch and bound", on_progress),
    )
    if out.status == "infeasible":
        _raise_infeasible(problem, rows, deadline)
    if out.x.size == 0:
        return None
    start = start_of(problem, np.round(out.x))
    obj = float(problem.objective_coefficients() @ columns_of(problem, start))
    status = "optimal" if out.status == "optimal" else "time_limit"
    return RoadmapResult(
        problem,
        start,
        status,
        "exact MIP (HiGHS branch and bound)",
        obj,
        out.bound,
        _gap(obj, out.bound, problem.objective),
        time.perf_counter() - started,
        (f"HiGHS: {out.highs_status}",),
    )


def _solve_relaxed(
    problem: RoadmapProblem,
    rows: Rows,
    deadline: float,
    started: float,
    gap_tolerance: float,
    on_progress: Progress | None,
) -> RoadmapResult:
    relax = solve_relaxation(
        problem,
        rows,
        deadline=deadline,
        on_wait=_waiter("LP relaxation (column generation)", on_progress),
    )
    if relax.status == "infeasible":
        _raise_infeasible(problem, rows, deadline)
    if relax.status != "optimal" and not np.isfinite(relax.bound):
        raise SolverError(
            f"the LP relaxation did not finish within the time limit ({relax.seconds:.1f} s)"
        )
    bound = relax.bound
    x_lp = relax.x
    eps = 1e-6
    if relax.status != "optimal":
        notes_extra = [
            "LP relaxation stopped at the time limit; the bound comes from its last duals"
        ]
    else:
        notes_extra = []
    ones = np.flatnonzero(x_lp >= 1 - eps)
    frac = np.flatnonzero((x_lp > eps) & (x_lp < 1 - eps))
    notes = [
        f"LP relaxation: {relax.seconds:.1f} s, {relax.rounds} round(s) of column generation over "
        f"{relax.working_projects:,} of {len(problem.projects):,} projects, {frac.size} fractional column(s)",
        *notes_extra,
    ]
    x = np.zeros(problem.num_cols)
    x[ones] = 1.0
    # The few fractional projects, with all their start years, and the best projects the
    # LP left out (a neighbourhood of at most ~1,500 columns) become a small exact MIP.
    frac_projects = np.unique(problem.col_project[frac])
    unused = np.setdiff1d(np.arange(len(problem.projects)), problem.col_project[ones])
    unused = np.setdiff1d(unused, frac_projects)
    coef = problem.objective_coefficients()
    cost = problem.projects["cost_kzt"].to_numpy(dtype=float)
    best = np.full(len(problem.projects), -np.inf)
    np.maximum.at(best, problem.col_project, coef if problem.objective == "coverage" else -coef)
    ranked = unused[np.argsort(-best[unused] / np.maximum(cost[unused], 1e-9), kind="stable")]
    per_project = max(problem.num_cols / max(len(problem.projects), 1), 1.0)
    room = max(int(_NEIGHBOURHOOD / per_project) - frac_projects.size, 0)
    sub_projects = np.concatenate([frac_projects, ranked[:room]])
    sub_cols = np.flatnonzero(np.isin(problem.col_project, sub_projects))
    if time.perf_counter() > deadline - 1.0:
        sub_cols = sub_cols[:0]
        notes.append("time limit reached: the fractional rest is rounded down, not solved")
    if sub_cols.size:
        sub = _sub_mip(problem, rows, sub_cols, ones, deadline, on_progress)
        if sub is not None:
            x[sub_cols] = np.round(sub.x)
            notes.append(
                f"MIP on the rest: {frac_projects.size} fractional and {sub_projects.size - frac_projects.size} "
                f"more project(s), {sub_cols.size} column(s), {sub.status}"
            )
        elif not _satisfies(rows, x) and time.perf_counter() < deadline - 1.0:
            x = _widen(problem, rows, x_lp, ones, deadline, on_progress, notes)
    if not _satisfies(rows, x):
        if time.perf_counter() >= deadline - 1.0:
            raise SolverError(
                "passed before a whole-project plan meeting the targets was found; raise it",
                argument="time_limit",
            )
        _raise_infeasible(problem, rows, deadline, relaxation_feasible=True)
    start = start_of(problem, x)
    if problem.objective == "coverage":
        start = greedy_fill(problem, start)
    x = columns_of(problem, start)
    if not _satisfies(rows, x):  # the repair only adds within budgets; this guards the guard
        raise SolverError("internal check failed: the repaired plan breaks a constraint")
    obj = float(problem.objective_coefficients() @ x)
    gap = _gap(obj, bound, problem.objective)
    elapsed = time.perf_counter() - started
    status = "near_optimal" if gap <= gap_tolerance else "feasible"
    if gap <= 1e-9:
        status = "optimal"
    return RoadmapResult(
        problem,
        start,
        status,
        "LP relaxation, fix, MIP on the rest, greedy repair",
        obj,
        bound,
        gap,
        elapsed,
        tuple(notes),
    )


def _sub_mip(
    problem: RoadmapProblem,
    rows: Rows,
    cols: NDArray[np.int64],
    fixed: NDArray[np.int64],
    deadline: float,
    on_progress: Progress | None,
) -> SolveOutcome | None:
    model = problem.linear_model(integer=True, columns=cols, fixed=fixed, rows=rows)
    out = run_highs(
        model,
        time_limit=min(_remaining(deadline), 20.0),  # a small model; 20 s is ample
        options={"mip_rel_gap": 1e-9},
        on_wait=_waiter("small MIP on the fractional rest", on_progress),
    )
    return out if out.x.size else None


def _widen(
    problem: RoadmapProblem,
    rows: Rows,
    x_lp: NDArray[np.float64],
    ones: NDArray[np.int64],
    deadline: float,
    on_progress: Progress | None,
    notes: list[str],
) -> NDArray[np.float64]:
    """When fixing was too tight for the targets, free the 2,000 best unfixed projects."""
    coef = problem.objective_coefficients()
    cost = problem.projects["cost_kzt"].to_numpy()[problem.col_project]
    # Columns the LP used come first, then the best benefit per tenge (or the cheapest).
    tie = coef / np.maximum(cost, 1e-9) if problem.objective == "coverage" else -cost
    score = x_lp + 1e-3 * tie / max(float(np.abs(tie).max()), 1e-12)
    free = np.setdiff1d(np.arange(problem.num_cols), ones)
    best = free[np.argsort(-score[free], kind="stable")[:2000]]
    projects = np.unique(problem.col_project[best])
    cols = np.flatnonzero(np.isin(problem.col_project, projects))
    cols = cols[~np.isin(cols, ones)]
    out = _sub_mip(problem, rows, cols, ones, deadline, on_progress)
    x = np.zeros(problem.num_cols)
    x[ones] = 1.0
    if out is not None:
        x[cols] = np.round(out.x)
        notes.append(f"widened MIP on {cols.size} column(s): {out.status}")
    return x


def _satisfies(rows: Rows, x: NDArray[np.float64], tol: float = 1e-6) -> bool:
    ax = rows.matrix @ x
    scale = np.maximum(1.0, np.abs(np.where(np.isfinite(rows.upper), rows.upper, 0.0)))
    ok_hi = ax <= rows.upper + tol * scale
    scale_lo = np.maximum(1.0, np.abs(np.where(np.isfinite(rows.lower), rows.lower, 0.0)))
    ok_lo = ax >= rows.lower - tol * scale_lo
    return bool(ok_hi.all() and ok_lo.all())


def _gap(objective: float, bound: float, sense: str) -> float:
    if not np.isfinite(bound):
        return float("nan")
    diff = bound - objective if sense == "coverage" else objective - bound
    return max(diff, 0.0) / max(abs(bound), 1e-12)


def _empty(problem: RoadmapProblem, started: float) -> RoadmapResult:
    rows = problem.rows()
    if not _satisfies(rows, np.zeros(0)):
        _raise_infeasible(problem, rows, started + 10.0)
    start = np.full(len(problem.projects), -1, dtype=np.int64)
    return RoadmapResult(
        problem,
        start,
        "optimal",
        "nothing to plan",
        0.0,
        0.0,
        0.0,
        time.perf_counter() - started,
        ("no gap can be closed within the horizon",),
    )


def _raise_infeasible(
    problem: RoadmapProblem, rows: Rows, deadline: float, relaxation_feasible: bool = False
) -> None:
    from aimaq.planning.infeasibility import explain_infeasible

    raise explain_infeasible(
        problem,
        rows,
        time_limit=max(_remaining(deadline), 10.0),
        relaxation_feasible=relaxation_feasible,
    )
