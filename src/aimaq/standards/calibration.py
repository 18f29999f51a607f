"""Targets of the synthetic registry: provision by year, region and urban/rural group.

The published figures fix the national level (2019, 2021, 2024), the urban and rural
levels (2024) and seven regions (2024). A group's target is the national urban or rural
level plus a regional offset: for the seven published regions the offset that makes the
region's count-weighted mean equal its published value; for the other regions a seeded
random offset (standard deviation ``spread_pp``) plus one common shift per group and year
that restores the national level. Offsets do not change across years, so the levels of
every group rise with the national ones and the set of met norms only grows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from aimaq.standards.targets import (
    PUBLISHED_NATIONAL,
    PUBLISHED_REGIONS_2024,
    PUBLISHED_URBAN_RURAL,
)

URBAN_BEFORE_2022_PCT = 87.0
"""Cities before 2022 are not published: held at the 2022 published level (assumption)."""


def national_urban_rural(year: int, urban_share: float) -> tuple[float, float]:
    """Urban and rural national targets, %, for a year, given the urban share of settlements.

    2024: urban 89 as published; rural the least-squares compromise between the published
    rural 65.7 and the national 66.1 (both cannot hold exactly unless the urban share of
    settlements is the one behind the published figures). Other years: urban held at
    :data:`URBAN_BEFORE_2022_PCT`, rural solved from the national level.

    Examples
    --------
    >>> u, r = national_urban_rural(2021, 0.0)
    >>> (u, round(r, 1))
    (87.0, 64.1)
    """
    a = float(urban_share)
    national = PUBLISHED_NATIONAL[year]
    if year in PUBLISHED_URBAN_RURAL and year >= 2024:
        urban = PUBLISHED_URBAN_RURAL[year]["urban"]
        rural_pub = PUBLISHED_URBAN_RURAL[year]["rural"]
        rural = ((1 - a) * (national - a * urban) + rural_pub) / ((1 - a) ** 2 + 1)
        return urban, rural
    urban = URBAN_BEFORE_2022_PCT
    return urban, (national - a * urban) / (1 - a)


def group_targets(
    counts: pd.DataFrame,
    years: tuple[int, ...],
    *,
    seed: int,
    spread_pp: float = 4.0,
    published: Mapping[str, float] = PUBLISHED_REGIONS_2024,
    low: float = 5.0,
    high: float = 99.0,
) -> pd.DataFrame:
    """Targets, %, per (year, region, urban) group.

    Parameters
    ----------
    counts
        ``region_kato, urban, n``: settlements (with at least one applicable norm) per group.

    Returns
    -------
    DataFrame
        year, region_kato, urban, n, target_pct.
    """
    rng = np.random.default_rng(seed)
    regions = sorted(counts["region_kato"].unique())
    offsets_random = {r: float(rng.normal(0.0, spread_pp)) for r in regions}
    n_total = counts["n"].sum()
    share = counts.loc[counts["urban"], "n"].sum() / n_total
    by_region = counts.pivot_table(
        index="region_kato", columns="urban", values="n", aggfunc="sum"
    ).fillna(0)
    for flag in (True, False):
        if flag not in by_region.columns:
            by_region[flag] = 0.0
    u24, r24 = national_urban_rural(2024, share)
    fixed: dict[str, float] = {}
    for region, value in published.items():
        if region in by_region.index:
            nu = float(by_region[True].to_dict()[region])
            nr = float(by_region[False].to_dict()[region])
            fixed[region] = value - (nu * u24 + nr * r24) / (nu + nr)
    rows = []
    for year in years:
        urban_pct, rural_pct = national_urban_rural(year, share)
        for flag, level in ((True, urban_pct), (False, rural_pct)):
            part = counts[counts["urban"] == flag]
            if part.empty:
                continue
            offset = part["region_kato"].map(lambda r: fixed.get(r, offsets_random[r])).to_numpy()
            free = ~part["region_kato"].isin(list(fixed)).to_numpy()
            n = part["n"].to_numpy(dtype=float)
            shift = 0.0
            for _ in range(50):  # the clip can move the mean: iterate the common shift
                target = np.clip(level + offset + np.where(free, shift, 0.0), low, high)
                gap = level - float((target * n).sum() / n.sum())
                if abs(gap) < 1e-9 or not free.any():
                    break
                shift += gap * n.sum() / n[free].sum()
            rows.append(
                pd.DataFrame(
                    {
                        "year": year,
                        "region_kato": part["region_kato"].to_numpy(),
                        "urban": flag,
                        "n": part["n"].to_numpy(),
                        "target_pct": target,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def cut_by_score(
    group: np.ndarray, weight: np.ndarray, score: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Which pairs are met so that each group's weighted share is nearest its target.

    Pairs are taken in descending ``score`` within each ``group`` while the running sum of
    ``weight`` (``1 / (n_applicable * n_settlements)`` per pair) stays nearest
    ``target`` (a fraction, per pair). The same scores with higher targets give a superset.

    Examples
    --------
    >>> cut_by_score(np.array([0, 0, 0, 0]), np.full(4, 0.25), np.array([4., 3., 2., 1.]),
    ...              np.full(4, 0.5)).tolist()
    [True, True, False, False]
    """
    order = np.lexsort((-score, group))
    g, w, t = group[order], weight[order], target[order]
    cum = np.cumsum(w)
    starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    base = np.repeat(np.r_[0.0, cum[starts[1:] - 1]], np.diff(np.r_[starts, len(g)]))
    within = cum - base
    met_sorted = within - w / 2 < t
    met = np.empty_like(met_sorted)
    met[order] = met_sorted
    return met
