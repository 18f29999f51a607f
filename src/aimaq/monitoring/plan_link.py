"""The roadmap's provision trajectory as the forecast of the SRS targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from aimaq.data.store import Store
from aimaq.monitoring.targets import PolicyTarget

if TYPE_CHECKING:
    from aimaq.planning.spec import Target as PlanTarget

_COLUMN = {None: "national", "urban": "urban", "rural": "rural"}


def plan_trajectories(
    store: Store,
    targets: list[PolicyTarget],
    *,
    budget: float,
    first_year: int,
    last_year: int,
    time_limit: float = 120.0,
) -> dict[str, pd.Series]:
    """Solve the roadmap at ``budget`` a year and map its trajectory to the SRS targets.

    The plan is asked to meet the national, urban and rural SRS targets of ``targets``
    that fall within the horizon, so the KPI judges what the budget can do when it is spent
    on them. When no plan meets them all at that budget, the unconstrained coverage plan is
    judged instead. Each series is named after the plan it comes from: the budget, the
    targets it was made to meet (or why none), and the registry ("synthetic registry" when
    the stored registry is the synthetic one).
    """
    from aimaq.planning import RoadmapInfeasible, from_store, solve_roadmap

    wanted = [t for t in targets if t.indicator == "srs_provision"]
    if not wanted:
        return {}
    data = from_store(store)
    asked = plan_targets(wanted, first_year, last_year)
    money = f"{budget / 1e9:,.0f} bn KZT a year"
    what = "coverage plan without targets (none falls within the horizon)"
    result = None
    if asked:
        problem = data.problem(
            budget=budget, first_year=first_year, last_year=last_year, targets=asked
        )
        try:
            result = solve_roadmap(problem, time_limit=time_limit)
            what = "plan meeting " + ", ".join(t.label() for t in asked)
        except RoadmapInfeasible as exc:
            reason = str(exc).splitlines()[0]
            what = (
                f"coverage plan without targets (they cannot all be met at this budget: {reason})"
            )
    if result is None:
        problem = data.problem(budget=budget, first_year=first_year, last_year=last_year)
        result = solve_roadmap(problem, time_limit=time_limit)
    return trajectories_for(targets, result.trajectory(), f"roadmap {what} ({money}), {data.label}")


def plan_targets(targets: list[PolicyTarget], first_year: int, last_year: int) -> list[PlanTarget]:
    """The national, urban and rural SRS targets dated within the horizon, as roadmap targets.

    Examples
    --------
    >>> from aimaq.monitoring import load_targets
    >>> [t.label() for t in plan_targets(load_targets(), 2025, 2030)]
    ['national provision 70% by 2028', 'urban provision 96% by 2030', 'rural provision 71% by 2030']
    >>> plan_targets(load_targets(), 2025, 2027)
    []
    """
    from aimaq.planning.spec import Target as RoadmapTarget

    out: list[PlanTarget] = []
    for t in targets:
        if t.indicator != "srs_provision" or t.scope != "national":
            continue
        group = _COLUMN.get(t.dims.get("area"))
        if group is not None and first_year <= t.target.year <= last_year:
            out.append(RoadmapTarget(group, float(t.target.value), int(t.target.year)))
    return out


def trajectories_for(
    targets: list[PolicyTarget], trajectory: pd.DataFrame, label: str
) -> dict[str, pd.Series]:
    """Map a roadmap trajectory (columns year, national, urban, rural) to the SRS targets.

    Examples
    --------
    >>> from aimaq.monitoring import load_targets
    >>> path = pd.DataFrame({"year": [2027, 2028], "national": [69.0, 70.5]})
    >>> float(trajectories_for(load_targets(), path, "plan")["srs_national_2028"].loc[2028])
    70.5
    """
    path = trajectory.set_index("year")
    out: dict[str, pd.Series] = {}
    for target in targets:
        if target.indicator != "srs_provision":
            continue
        column = _COLUMN.get(target.dims.get("area"))
        if column in path.columns:
            out[target.id] = path[column].rename(label)
    return out
