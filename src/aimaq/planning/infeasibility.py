"""When targets cannot be met: which one binds, and the smallest budget that meets them.

Instead of a partial plan the user gets (1) the targets and floors that no budget can
reach within the horizon (construction takes time, or every gap closed is still short),
(2) those that the given budget cannot reach even alone, and (3) a second solve: the
smallest multiple of the annual budget profile under which all of them are met, with
its LP lower bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from aimaq.errors import AimaqError
from aimaq.planning.highs_run import INF, LinearModel, run_highs
from aimaq.planning.problem import RoadmapProblem, Rows
from aimaq.planning.relaxation import add_row_projects, solve_relaxation


@dataclass(frozen=True)
class Explanation:
    """Why no plan exists. Budgets in KZT per year (the profile times the factor)."""

    unreachable: tuple[str, ...]
    binding: tuple[str, ...]
    min_budget_kzt: tuple[float, ...] | None
    min_budget_lower_kzt: tuple[float, ...] | None
    relaxation_feasible: bool


class RoadmapInfeasible(AimaqError):
    """No plan meets the targets and floors within the budget; ``explanation`` says why."""

    def __init__(self, explanation: Explanation, years: tuple[int, ...]) -> None:
        self.explanation = explanation
        parts = ["the targets cannot be met"]
        if explanation.unreachable:
            parts.append("at any budget: " + "; ".join(explanation.unreachable))
        if explanation.binding:
            parts.append("binding within this budget: " + "; ".join(explanation.binding))
        if explanation.relaxation_feasible and not explanation.binding:
            parts.append("whole projects cannot be fitted into the annual budgets")
        elif not explanation.binding and not explanation.unreachable:
            parts.append("no target or floor binds alone: together they need more than this budget")
        if explanation.min_budget_kzt is not None:
            text = (
                f"smallest annual budget that meets them: {_fmt(explanation.min_budget_kzt, years)}"
            )
            if explanation.min_budget_lower_kzt is not None:
                text += f" (no plan can do with less than {_fmt(explanation.min_budget_lower_kzt, years)})"
            parts.append(text)
        super().__init__("; ".join(parts))


def _fmt(values: tuple[float, ...], years: tuple[int, ...]) -> str:
    if len(set(np.round(values, 0))) == 1:
        return f"{values[0]:,.0f} KZT per year"
    return ", ".join(f"{y}: {v:,.0f}" for y, v in zip(years, values, strict=True)) + " KZT"


def explain_infeasible(
    problem: RoadmapProblem, rows: Rows, *, time_limit: float, relaxation_feasible: bool = False
) -> RoadmapInfeasible:
    """Explain why ``problem`` has no plan; returns the exception to raise.

    Examples
    --------
    See ``tests/planning/test_infeasibility.py``: a 90% target on a budget of one project.
    """
    kinds = np.array(rows.kinds)
    at_least = np.flatnonzero(np.isin(kinds, ["target", "floor"]))
    unreachable = []
    # Each project counts once, at its best start year, with no budget at all.
    most = _max_gain(problem, rows, at_least) if at_least.size else np.empty(0)
    for r, best in zip(at_least, most, strict=True):
        if best < rows.lower[r] - 1e-9:
            unreachable.append(
                f"{rows.labels[r]} (closing every gap in time adds {best:.2f} of the {rows.lower[r]:.2f} points needed)"
            )
    binding = []
    # Alone with the budgets: the most an LP can add to the row is a proven upper bound
    # on what any plan can add; when it falls short, this row binds.
    within = np.flatnonzero(np.isin(kinds, ["budget", "once", "cap"]))
    limited = rows.subset(within)
    for r in at_least:
        coef = np.asarray(rows.matrix[r].todense()).ravel()
        relax = solve_relaxation(
            problem, limited, deadline=time.perf_counter() + time_limit / 4, objective=coef
        )
        if np.isfinite(relax.bound) and relax.bound < rows.lower[r] - 1e-9 * max(
            1.0, abs(rows.lower[r])
        ):
            binding.append(
                f"{rows.labels[r]} (this budget adds at most {relax.bound:.2f} of the {rows.lower[r]:.2f} points needed)"
            )
    low = high = None
    if not unreachable:
        factors = _min_budget(problem, rows, time_limit / 2)
        if factors is not None:
            low = tuple(float(v) for v in factors[0] * problem.budgets)
            high = tuple(float(v) for v in factors[1] * problem.budgets)
    return RoadmapInfeasible(
        Explanation(tuple(unreachable), tuple(binding), high, low, relaxation_feasible),
        problem.years,
    )


def _max_gain(problem: RoadmapProblem, rows: Rows, which: np.ndarray) -> np.ndarray:
    """Per row: the largest left-hand side any plan can have (each project once)."""
    sub = rows.matrix[which].tocsc()
    out = np.zeros(which.size)
    for i in range(which.size):
        row = np.asarray(sub[i].todense()).ravel()
        best = np.zeros(len(problem.projects))
        np.maximum.at(best, problem.col_project, row)
        out[i] = best.sum()
    return out


def _min_budget(
    problem: RoadmapProblem, rows: Rows, time_limit: float
) -> tuple[float, float] | None:
    """Smallest factor on the annual budgets that meets every target: LP bound and a plan.

    The LP ``max −λ`` subject to ``spending_y − λ·B_y <= 0`` and the targets and floors
    is solved by column generation over projects (as the relaxation is). Its value is a
    lower bound on the factor once no project prices out. Starting every project the LP
    touches at its earliest touched year only adds provision, so that whole-project plan
    meets the targets; its heaviest year over the profile is an achievable factor.
    """
    deadline = time.perf_counter() + time_limit
    kinds = np.array(rows.kinds)
    keep = np.flatnonzero(kinds != "cap")
    sub = rows.subset(keep)
    sub_kinds = np.array(sub.kinds)
    budget_pos = np.flatnonzero(sub_kinds == "budget")
    coupling = np.flatnonzero(sub_kinds != "once")
    a_coupling = sub.matrix[coupling].tocsr()
    row_upper = sub.upper.copy()
    row_upper[budget_pos] = 0.0
    working = np.zeros(len(problem.projects), dtype=bool)
    add_row_projects(problem, sub, working, factor=2.0)
    lam_col = sp.csr_matrix(
        (-problem.budgets, (budget_pos, np.zeros(budget_pos.size, dtype=np.int64))),
        shape=(len(keep), 1),
    )
    lower_bound, x_full = float("nan"), np.zeros(problem.num_cols)
    for _ in range(30):
        cols = np.flatnonzero(working[problem.col_project])
        a = sp.hstack([sub.matrix[:, cols], lam_col], format="csc")
        a.sort_indices()
        model = LinearModel(
            cost=np.append(np.zeros(cols.size), -1.0),
            col_lower=np.zeros(cols.size + 1),
            col_upper=np.append(np.ones(cols.size), INF),
            row_lower=sub.lower,
            row_upper=row_upper,
            a_start=a.indptr.astype(np.int64),
            a_index=a.indices.astype(np.int64),
            a_value=a.data.astype(float),
            integer=np.zeros(cols.size + 1, dtype=bool),
        )
        out = run_highs(
            model,
            time_limit=max(deadline - time.perf_counter(), 1.0),
            options={"solver": "ipm", "run_crossover": "on"},
        )
        if out.status == "infeasible" and not working.all():
            before = int(working.sum())
            add_row_projects(problem, sub, working, factor=8.0)
            if int(working.sum()) == before:
                working[:] = True
            continue
        if out.status != "optimal" or out.row_dual.size == 0:
            return None
        x_full = np.zeros(problem.num_cols)
        x_full[cols] = out.x[:-1]
        lower_bound = float(out.x[-1])
        y = np.zeros(len(keep))
        y[coupling] = out.row_dual[coupling]
        reduced = -np.asarray(a_coupling.T @ y[coupling]).ravel()
        best = np.zeros(len(problem.projects))
        np.maximum.at(best, problem.col_project, reduced)
        new = np.flatnonzero(~working & (best > 1e-9))
        if new.size == 0:
            break
        working[new[np.argsort(-best[new], kind="stable")[:6000]]] = True
        if time.perf_counter() >= deadline:
            return None
    start = np.full(len(problem.projects), -1, dtype=np.int64)
    for col in np.flatnonzero(x_full > 1e-7)[::-1]:  # a project's columns run early to late
        start[problem.col_project[col]] = problem.col_start[col]
    chosen = np.zeros(problem.num_cols)
    on = start[problem.col_project]
    chosen[(on >= 0) & (on == problem.col_start)] = 1.0
    factor = float(np.max(problem.spending(chosen) / problem.budgets))
    return lower_bound, max(factor, lower_bound)
