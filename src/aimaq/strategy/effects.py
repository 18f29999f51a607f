"""The expected effect of a fired measure, where aimaq can measure it.

- A measure on the SRS gaps (``effect: srs_roadmap``): the roadmap for that territory alone
  (:meth:`aimaq.planning.inputs.PlanningInput.within`, the plan ``aimaq roadmap
  --territory`` makes), over the gaps the measure funds, under an annual budget the user
  gives; the provision before and at the end of the horizon, the projects and the spending.
  Without a budget, the order of magnitude: the SRS catalogue's cost hints of the unmet norms.
- A measure for single-industry towns (``effect: town_shock``): the shock scenario of
  :mod:`aimaq.economy.shock` for each tagged town of the territory, with the job loss of the
  catalogue's ``shock`` parameter (an assumption): what the measure guards against, not an
  effect of the measure itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from aimaq.errors import AimaqError


@dataclass(frozen=True)
class RoadmapBudget:
    """The annual budget (KZT) and horizon of the per-territory roadmaps."""

    budget_kzt: float
    first_year: int = 2025
    last_year: int = 2030
    time_limit: float = 30.0


def in_scope(gaps: pd.DataFrame, funds: Any) -> pd.Series:
    """The gaps a measure funds: its area (urban, rural, all) and SRS spheres."""
    mask = pd.Series(True, index=gaps.index)
    if funds.area in {"rural", "urban"}:
        mask &= gaps["urban"].astype(bool) == (funds.area == "urban")
    if funds.spheres:
        mask &= gaps["area"].isin(list(funds.spheres))
    return mask


def _groups(row: pd.Series) -> dict[str, float | None]:
    return {
        g: (round(float(row[g]), 2) if g in row.index and pd.notna(row[g]) else None)
        for g in ("national", "urban", "rural")
    }


def roadmap_effect(planning: Any, kato: str, funds: Any, plan: RoadmapBudget) -> dict[str, Any]:
    """Solve the territory's roadmap over the measure's gaps; before and after provision."""
    from aimaq.planning.result import trajectory
    from aimaq.planning.solve import solve_roadmap

    base = {
        "kind": "srs_roadmap",
        "budget_kzt_a_year": plan.budget_kzt,
        "from": plan.first_year,
        "to": plan.last_year,
        "method": f"aimaq roadmap --territory {kato} over the gaps the measure funds "
        f"(area {funds.area}"
        + (f", spheres {', '.join(funds.spheres)}" if funds.spheres else "")
        + "), coverage objective",
    }
    try:
        data = planning.within(kato)
    except AimaqError as exc:
        return {**base, "registry": planning.label, "note": str(exc)}
    gaps = data.gaps[in_scope(data.gaps, funds)].reset_index(drop=True)
    if gaps.empty:
        return {**base, "registry": data.label, "note": "no open gap in the measure's scope"}
    problem = replace(data, gaps=gaps).problem(
        budget=plan.budget_kzt, first_year=plan.first_year, last_year=plan.last_year
    )
    result = solve_roadmap(problem, time_limit=plan.time_limit)
    nothing = np.full(len(problem.projects), -1, dtype=np.int64)
    before = trajectory(problem, nothing).iloc[0]
    after = result.trajectory().iloc[-1]
    summary = result.summary()
    return {
        **base,
        "registry": data.label,
        "status": summary["status"],
        "optimality_gap": summary["gap"],
        "projects_funded": summary["projects_funded"],
        "spent_kzt": summary["spent_kzt"],
        "provision_before_pct": _groups(before),
        "provision_after_pct": _groups(after),
    }


def cost_hint_effect(facts: Any, kato: str) -> dict[str, Any] | None:
    """What closing the territory's SRS gaps would cost, from the catalogue's cost hints."""
    long, label = facts.srs
    if long is None:
        return None
    col = "region_kato" if facts.level == "region" else "district_kato"
    rows = long[(long[col] == kato)]
    if rows.empty:
        return None
    from aimaq.standards.catalogue import load_catalogue as load_norms

    hints = {n.id: n.cost_hint_kzt for n in load_norms().norms}
    unmet = rows[~rows["met"].astype(bool)]
    cost = float(unmet["norm_id"].map(hints).astype(float).sum())
    shares = rows.groupby("kato")["met"].mean()
    return {
        "kind": "srs_gap_cost",
        "settlements": int(unmet["kato"].nunique()),
        "unmet_norms": len(unmet),
        "cost_hint_kzt": cost,
        "provision_now_pct": round(100.0 * float(shares.mean()), 1),
        "provision_if_closed_pct": 100.0,
        "registry": label,
        "method": "sum of the SRS catalogue's cost hints over every unmet norm (an order of "
        "magnitude, not a budget; give --budget to plan it with the territory's roadmap)",
    }


def shock_effect(store: Any, towns: list[str], share: Any) -> dict[str, Any]:
    """The shock scenario for each town: unemployment and population before and after."""
    from aimaq.economy.shock import load_parameters, shock
    from aimaq.economy.town import town_baseline

    params = load_parameters()
    out: list[dict[str, Any]] = []
    for kato in towns:
        try:
            result = shock(town_baseline(store, kato), params, share_of_employment=share.value)
        except AimaqError as exc:
            out.append({"kato": kato, "note": str(exc)})
            continue
        b = result.baseline
        out.append(
            {
                "kato": b.kato,
                "name": b.name,
                "direct_jobs_lost": round(result.direct_jobs),
                "unemployment_before_pct": round(100 * b.unemployment_rate, 2),
                "unemployment_after_pct": {
                    s: round(100 * o["unemployment_rate_impact"], 2)
                    for s, o in result.outcomes.items()
                },
                "population_change_pct": {
                    s: round(100 * o["population_change_share"], 2)
                    for s, o in result.outcomes.items()
                },
                "local_budget_lost_kzt": {
                    s: round(o["local_budget_lost_kzt"]) for s, o in result.outcomes.items()
                },
                "baseline_sources": b.sources,
            }
        )
    return {
        "kind": "town_shock",
        "share_of_employment": share.value,
        "assumption": share.note,
        "towns": out,
        "method": "aimaq scenario shock TOWN --share-of-employment "
        f"{share.value:g} (low, central, high multipliers of shock.yaml): what the measure "
        "guards against, not an effect of the measure",
    }
