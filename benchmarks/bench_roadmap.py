"""Roadmap optimiser on a national-size instance, against HiGHS's MIP and two baselines.

The instance is SYNTHETIC (random, seeded): about 13,000 settlements in 20 regions and
228 districts, populations and provision levels drawn to resemble the published SRS
figures (villages 12-24 applicable norms at about 65% provision, cities about 89%),
support villages with satellites, all their gaps priced with the shipped cost model,
over six years (2025-2030) at 150 bn KZT a year. When the stored registry exists
(``aimaq init``), ``aimaq roadmap`` runs on it instead; this benchmark needs no store.

Printed: time, objective, LP bound and gap of aimaq's relax-fix-repair solve; the same
model given to HiGHS's branch and bound under the same limit; the greedy
benefit-per-cost heuristic and the per-capita allocation rule at the same budget.

Run: ``.venv/bin/python -m benchmarks.bench_roadmap``.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

AREAS = (
    "education",
    "healthcare",
    "social_security",
    "culture_sports",
    "recreation",
    "transport",
    "roads",
    "engineering",
    "safety_environment",
    "info_communications",
    "household_services",
    "digital",
)
REGIONS = (
    "10",
    "11",
    "15",
    "19",
    "23",
    "27",
    "31",
    "33",
    "35",
    "39",
    "43",
    "47",
    "55",
    "59",
    "61",
    "62",
    "63",
    "71",
    "75",
    "79",
)


def synthetic_instance(
    n_settlements: int = 13_000, seed: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random national-size (settlements, gaps) pair with the SRS provision columns.

    SYNTHETIC: not a registry; the sizes follow the published counts, the rest is random.
    """
    rng = np.random.default_rng(seed)
    region = rng.choice(REGIONS, size=n_settlements)
    district_no = rng.integers(1, 13, size=n_settlements)
    region_kato = np.array([f"{r}0000000" for r in region])
    district_kato = np.array([f"{r}{d:02d}00000" for r, d in zip(region, district_no, strict=True)])
    kato = np.array(
        [
            f"{r}{d:02d}{i % 100000:05d}"
            for i, (r, d) in enumerate(zip(region, district_no, strict=True))
        ]
    )
    urban = rng.random(n_settlements) < 0.01
    population = np.where(
        urban, rng.lognormal(10.5, 1.0, n_settlements), rng.lognormal(6.3, 1.1, n_settlements)
    )
    population = np.maximum(np.round(population), 10.0)
    n_app = np.where(
        urban, rng.integers(32, 45, n_settlements), rng.integers(12, 25, n_settlements)
    )
    level = np.clip(
        np.where(
            urban, rng.normal(0.89, 0.05, n_settlements), rng.normal(0.65, 0.12, n_settlements)
        ),
        0.2,
        1.0,
    )
    n_met = np.minimum(np.round(n_app * level), n_app).astype(int)
    support = (~urban) & (rng.random(n_settlements) < 0.09)
    support_kato = np.full(n_settlements, None, dtype=object)
    support_idx = np.flatnonzero(support)
    satellites = np.flatnonzero((~urban) & (~support) & (rng.random(n_settlements) < 0.4))
    if support_idx.size:
        support_kato[satellites] = kato[rng.choice(support_idx, size=satellites.size)]
    settlements = pd.DataFrame(
        {
            "kato": kato,
            "name": [f"synthetic settlement {i}" for i in range(n_settlements)],
            "district_kato": district_kato,
            "region_kato": region_kato,
            "urban": urban,
            "population": population,
            "is_support_village": support,
            "support_kato": support_kato,
            "n_applicable": n_app,
            "n_met": n_met,
        }
    )
    settlements["distance_to_support_km"] = np.where(
        pd.notna(support_kato), rng.uniform(1, 25, n_settlements), np.nan
    )
    settlements["provision"] = 100.0 * settlements["n_met"] / settlements["n_applicable"]
    rows = []
    for i in range(n_settlements):
        missing = n_app[i] - n_met[i]
        for k in rng.choice(np.arange(n_app[i]), size=missing, replace=False):
            area = AREAS[int(k) % len(AREAS)]
            rows.append(
                (
                    kato[i],
                    f"{area}_{int(k):02d}",
                    area,
                    population[i],
                    region_kato[i],
                    district_kato[i],
                    urban[i],
                )
            )
    gaps = pd.DataFrame(
        rows,
        columns=["kato", "norm_id", "area", "population", "region_kato", "district_kato", "urban"],
    )
    gaps["category"] = np.where(gaps["urban"], "city", "village")
    gaps["cost_hint_kzt"] = np.nan
    gaps["served_by_support"] = False
    return settlements, gaps


#: Norms a support village serves for its satellites (SYNTHETIC: the last four of each
#: settlement's list), each served by the same norm built in the support village.
SERVING = {
    f"{AREAS[k % len(AREAS)]}_{k:02d}": f"{AREAS[k % len(AREAS)]}_{k:02d}" for k in range(20, 45)
}


def _compare(problem: Any, label: str, limit: float) -> Any:
    """Solve with aimaq and print the objective against greedy and the per-capita rule."""
    from aimaq.planning.greedy import columns_of, greedy_fill
    from aimaq.planning.rules import allocate
    from aimaq.planning.solve import solve_roadmap

    res = solve_roadmap(problem, method="relax", time_limit=limit)
    print(
        f"{label}: aimaq relax-fix-repair {res.seconds:.1f} s, objective {res.objective:.6f}, "
        f"bound {res.bound:.6f}, gap {res.gap:.4%}, status {res.status}"
    )
    for note in res.notes:
        print(f"  {note}")
    coef = problem.objective_coefficients()
    greedy = float(coef @ columns_of(problem, greedy_fill(problem)))
    pc = float(coef @ columns_of(problem, allocate(problem, "per-capita").start))
    print(
        f"  greedy benefit-per-cost: {greedy:.6f} (aimaq / greedy = {res.objective / greedy:.4f})"
    )
    print(f"  per-capita rule:         {pc:.6f} (aimaq / per-capita = {res.objective / pc:.4f})")
    return res


def _stored_registry_problem(budget: float) -> tuple[Any, str]:
    """The registry `aimaq init` loads (synthetic, calibrated), every settlement and gap."""
    from aimaq.data.build import init_database
    from aimaq.data.store import Store
    from aimaq.planning import from_store
    from aimaq.standards.synthetic import load_default

    store = Store(":memory:")
    init_database(store)
    load_default(store)
    data = from_store(store)
    problem = data.problem(budget=budget, first_year=2025, last_year=2030)
    label = (
        f"stored {data.label} ({len(data.settlements):,} settlements, {len(data.gaps):,} gaps, "
        f"{len(problem.projects):,} projects, {problem.num_cols:,} binaries)"
    )
    return problem, label


def main() -> None:
    from aimaq.planning import RoadmapProblem, load_cost_model
    from aimaq.planning.highs_run import run_highs

    budget, limit = 150e9, 60.0
    t0 = time.perf_counter()
    settlements, gaps = synthetic_instance()
    problem = RoadmapProblem.from_gaps(
        gaps,
        settlements,
        load_cost_model(),
        budget=budget,
        first_year=2025,
        last_year=2030,
        serving=SERVING,
        support_radius_km=15.0,
    )
    build = time.perf_counter() - t0
    print(
        f"SYNTHETIC national instance: {len(settlements):,} settlements, {len(gaps):,} gaps, "
        f"{len(problem.projects):,} projects, {problem.num_cols:,} binaries, 6 years, {budget:,.0f} KZT/year (built in {build:.1f} s)"
    )
    res = _compare(problem, "generated instance", limit)
    print(f"  total (build + solve): {build + res.seconds:.1f} s")
    t1 = time.perf_counter()
    mip = run_highs(problem.linear_model(integer=True), time_limit=limit)
    print(
        f"HiGHS MIP on the full model: {time.perf_counter() - t1:.1f} s, status {mip.status} ({mip.highs_status}), "
        f"objective {mip.objective:.6f}, bound {mip.bound:.6f}; time ratio aimaq/HiGHS-MIP = {res.seconds / max(time.perf_counter() - t1, 1e-9):.2f}"
    )
    stored, label = _stored_registry_problem(budget)
    _compare(stored, label, limit)


if __name__ == "__main__":
    main()
