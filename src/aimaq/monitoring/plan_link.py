"""The roadmap's provision trajectory as the forecast of the SRS targets."""

from __future__ import annotations

import pandas as pd

from aimaq.data.store import Store
from aimaq.monitoring.targets import Target

_COLUMN = {None: "national", "urban": "urban", "rural": "rural"}


def plan_trajectories(
    store: Store,
    targets: list[Target],
    *,
    budget: float,
    first_year: int,
    last_year: int,
    time_limit: float = 120.0,
) -> dict[str, pd.Series]:
    """Solve the default roadmap at ``budget`` a year and map its trajectory to SRS targets.

    Each series is named after where it comes from ("roadmap plan, synthetic registry" when
    the stored registry is the synthetic one), so the KPI result says what its forecast is.
    """
    from aimaq.planning import from_store, solve_roadmap

    wanted = [t for t in targets if t.indicator == "srs_provision"]
    if not wanted:
        return {}
    data = from_store(store)
    problem = data.problem(budget=budget, first_year=first_year, last_year=last_year)
    path = solve_roadmap(problem, time_limit=time_limit).trajectory()
    return trajectories_for(
        targets, path, f"roadmap plan ({budget / 1e9:,.0f} bn KZT a year), {data.label}"
    )


def trajectories_for(
    targets: list[Target], trajectory: pd.DataFrame, label: str
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
