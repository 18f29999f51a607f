"""Small SYNTHETIC planning instances built in code (no registry needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aimaq.planning.costs import CostModel

AREAS = ("education", "healthcare", "roads", "digital")


def tiny_costs(durations: dict[str, int] | None = None) -> CostModel:
    """A cost model with round numbers (million KZT) for hand-checkable tests."""
    durations = durations or {}
    return CostModel.model_validate(
        {
            "size_bands": [{"name": "small", "max_population": 1000}, {"name": "big"}],
            "areas": {
                a: {
                    "unit_cost": {"small": (i + 1) * 1e6, "big": (i + 2) * 2e6},
                    "duration_years": durations.get(a, 1),
                }
                for i, a in enumerate(AREAS)
            },
        }
    )


def make_instance(
    seed: int, n_settlements: int = 6, max_gaps: int = 3, regions: int = 2
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random (settlements, gaps) pair with the columns of the SRS provision frames."""
    rng = np.random.default_rng(seed)
    region = rng.integers(0, regions, n_settlements)
    region_kato = np.array([f"{11 + 4 * r}0000000" for r in region])
    district_kato = np.array([f"{11 + 4 * r}{1 + i % 2}000000"[:9] for i, r in enumerate(region)])
    kato = np.array([f"{d[:4]}{i:05d}" for i, d in enumerate(district_kato)])
    urban = rng.random(n_settlements) < 0.3
    population = np.round(rng.lognormal(6.5, 1.0, n_settlements)) + 10
    n_app = rng.integers(max_gaps + 1, 10, n_settlements)
    n_gaps = rng.integers(0, max_gaps + 1, n_settlements)
    settlements = pd.DataFrame(
        {
            "kato": kato,
            "region_kato": region_kato,
            "district_kato": district_kato,
            "urban": urban,
            "population": population,
            "n_applicable": n_app,
            "n_met": n_app - n_gaps,
            "support_kato": None,
            "distance_to_support_km": np.nan,
        }
    )
    rows = []
    for i in range(n_settlements):
        for a in rng.choice(len(AREAS), size=n_gaps[i], replace=False):
            rows.append(
                (
                    kato[i],
                    f"{AREAS[a]}_x",
                    AREAS[a],
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
    gaps["served_by_support"] = False
    return settlements, gaps
