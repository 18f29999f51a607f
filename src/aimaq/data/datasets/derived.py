"""Indicators computed from the official figures: per capita, per 10,000, shares, growth.

Every function takes tidy observations (columns ``kato, indicator_id, period, value,
dims``) and returns new ones; nothing is typed in. Per-capita figures divide by the
average annual population (``population_avg``), which BNS publishes on the 2022 borders for
every year; a figure on older borders is divided by the population of the same area:

* former South Kazakhstan ``510000000`` = Turkestan ``610000000`` + Shymkent ``790000000``;
* Almaty Region ``19`` before 2022 = ``19`` + Zhetisu ``33``; Karaganda ``35`` = ``35`` +
  Ulytau ``62``; East Kazakhstan ``63`` = ``63`` + Abai ``10``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from aimaq.data.datasets.district_figures import district_figures
from aimaq.data.store import canonical_dims

COLUMNS = ["kato", "indicator_id", "period", "value", "dims"]
#: Regions that lost territory on 8 June 2022, and the region split off from each.
SPLIT_2022 = {"190000000": "330000000", "350000000": "620000000", "630000000": "100000000"}
SOUTH_KAZAKHSTAN = "510000000"
SOUTH_KAZAKHSTAN_PARTS = ("610000000", "790000000")
SPLIT_2022_YEAR = 2022


def _series(obs: pd.DataFrame, indicator: str, dims: str = "{}") -> pd.DataFrame:
    part = obs[(obs.indicator_id == indicator) & (obs.dims == dims)]
    return part[["kato", "period", "value"]].reset_index(drop=True)


def _annual(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame.period.str.fullmatch(r"\d{4}")].assign(year=lambda f: f.period.astype(int))


def population_on_borders(
    population: Mapping[tuple[str, int], float], kato: str, year: int, new_borders: bool
) -> float | None:
    """Average population of ``kato`` in ``year`` on the borders its figure refers to.

    ``population`` maps (kato, year) to ``population_avg`` on the 2022 borders.
    ``new_borders`` says whether a 2022-or-later figure of 19, 35, 63 is on the new borders.

    Examples
    --------
    >>> pop = {("610000000", 2017): 2.0e6, ("790000000", 2017): 0.9e6}
    >>> population_on_borders(pop, "510000000", 2017, True)
    2900000.0
    >>> population_on_borders(pop, "190000000", 2017, True) is None
    True
    """
    parts: tuple[str, ...] = (kato,)
    if kato == SOUTH_KAZAKHSTAN:
        parts = SOUTH_KAZAKHSTAN_PARTS
    elif kato in SPLIT_2022 and (year < SPLIT_2022_YEAR or not new_borders):
        parts = (kato, SPLIT_2022[kato])
    values = [population.get((part, year)) for part in parts]
    if any(v is None or math.isnan(v) for v in values):
        return None
    return float(sum(v for v in values if v is not None))


def _new_borders(frame: pd.DataFrame) -> set[int]:
    """Years in which the figures include the regions created in 2022 (so are on new borders)."""
    return {int(y) for y in frame[frame.kato.isin(SPLIT_2022.values())].year.unique()}


def per_population(
    obs: pd.DataFrame,
    numerator: str,
    result: str,
    scale: float,
    *,
    dims: str = "{}",
    latest_population: bool = False,
) -> pd.DataFrame:
    """``scale * numerator / population_avg`` for every annual figure of ``numerator``.

    ``latest_population``: a figure of a year with no population yet (a law's amounts for
    coming years) is divided by the latest published population before it.

    Examples
    --------
    >>> obs = pd.DataFrame({"kato": ["110000000", "110000000"], "indicator_id": ["doctors",
    ...     "population_avg"], "period": ["2020", "2020"], "value": [3000.0, 750000.0],
    ...     "dims": ["{}", "{}"]})
    >>> float(per_population(obs, "doctors", "doctors_per_10k", 1e4).value[0])
    40.0
    """
    pop_rows = _annual(_series(obs, "population_avg"))
    population = {
        (str(k), int(y)): float(v)
        for k, y, v in zip(
            pop_rows.kato.tolist(), pop_rows.year.tolist(), pop_rows.value.tolist(), strict=True
        )
    }
    figures = _annual(_series(obs, numerator, dims))
    new = _new_borders(figures)
    rows = []
    for rec in figures.to_dict("records"):
        year = int(rec["year"])
        if latest_population:
            known = [y for (k, y) in population if k == rec["kato"] and y <= year]
            year = max(known) if known else year
        pop = population_on_borders(population, str(rec["kato"]), year, year in new)
        if pop is None or pop <= 0:
            continue
        rows.append((rec["kato"], result, rec["period"], scale * float(rec["value"]) / pop, "{}"))
    return pd.DataFrame(rows, columns=COLUMNS)


def share_of_total(
    obs: pd.DataFrame, indicator: str, result: str, key: str, part: str
) -> pd.DataFrame:
    """``100 * value[{key: part}] / value[{}]`` for each territory and period.

    Examples
    --------
    >>> obs = pd.DataFrame({"kato": ["1", "1"], "indicator_id": ["p", "p"],
    ...     "period": ["2023", "2023"], "value": [200.0, 50.0],
    ...     "dims": ["{}", '{"area":"urban"}']})
    >>> float(share_of_total(obs, "p", "s", "area", "urban").value[0])
    25.0
    """
    total = _series(obs, indicator)
    piece = _series(obs, indicator, canonical_dims({key: part}))
    merged = piece.merge(total, on=["kato", "period"], suffixes=("_part", "_total"))
    merged = merged[merged.value_total > 0]
    return pd.DataFrame(
        {
            "kato": merged.kato,
            "indicator_id": result,
            "period": merged.period,
            "value": 100.0 * merged.value_part / merged.value_total,
            "dims": "{}",
        }
    )[COLUMNS]


def own_revenue_share(obs: pd.DataFrame) -> pd.DataFrame:
    """``100 * (tax + non_tax) / revenues`` of the approved regional budgets.

    Examples
    --------
    >>> obs = pd.DataFrame({"kato": ["1"] * 3, "indicator_id": ["regional_budget_plan_revenues"] * 3,
    ...     "period": ["2024"] * 3, "value": [200.0, 30.0, 10.0],
    ...     "dims": ["{}", '{"item":"tax"}', '{"item":"non_tax"}']})
    >>> float(own_revenue_share(obs).value[0])
    20.0
    """
    name = "regional_budget_plan_revenues"
    tax = share_of_total(obs, name, "own_revenue_share", "item", "tax")
    non_tax = share_of_total(obs, name, "own_revenue_share", "item", "non_tax")
    both = tax.merge(non_tax, on=["kato", "indicator_id", "period", "dims"], suffixes=("", "_n"))
    return both.assign(value=both.value + both.value_n)[COLUMNS]


def broadband_per_100(obs: pd.DataFrame) -> pd.DataFrame:
    """Fixed broadband subscriptions in the three published speed tiers per 100 residents.

    Regions publish the tiers 256 kbit/s-2 Mbit/s, 2-10 Mbit/s and over 10 Mbit/s but no
    total; the national row has a total but no top tier. The measure is therefore the sum
    of the three tiers, for regions only (the tiers add up to 3-7% less than the national total).
    """
    tiers = obs[(obs.indicator_id == "broadband_subscribers") & (obs.dims != "{}")]
    grouped = tiers.groupby(["kato", "period"]).value.agg(["sum", "count"]).reset_index()
    grouped = grouped[(grouped["count"] == 3) & (grouped.kato != "000000000")]
    summed = pd.DataFrame(
        {
            "kato": grouped.kato,
            "indicator_id": "_broadband_tiers",
            "period": grouped.period,
            "value": grouped["sum"].astype(float),
            "dims": "{}",
        }
    )
    both = pd.concat([obs[obs.indicator_id == "population_avg"], summed], ignore_index=True)
    return per_population(both, "_broadband_tiers", "broadband_per_100", 1e5)


def grp_growth(obs: pd.DataFrame) -> pd.DataFrame:
    """Nominal GRP growth, %, between consecutive years on the same borders."""
    grp = _annual(_series(obs, "grp"))
    prev = grp.assign(year=grp.year + 1)
    merged = grp.merge(prev, on=["kato", "year"], suffixes=("", "_prev"))
    changed = merged.kato.isin(SPLIT_2022) & (merged.year == SPLIT_2022_YEAR)
    merged = merged[~changed & (merged.value_prev > 0)]
    return pd.DataFrame(
        {
            "kato": merged.kato,
            "indicator_id": "grp_nominal_growth",
            "period": merged.period,
            "value": 100.0 * (merged.value / merged.value_prev - 1.0),
            "dims": "{}",
        }
    )[COLUMNS]


def grp_share(obs: pd.DataFrame) -> pd.DataFrame:
    """Each region's GRP as a share of the national total, %."""
    grp = _series(obs, "grp")
    national = grp[grp.kato == "000000000"].set_index("period").value
    regions = grp[grp.kato != "000000000"]
    total = regions.period.map(national)
    keep = total.notna() & (total > 0)
    return pd.DataFrame(
        {
            "kato": regions.kato[keep],
            "indicator_id": "grp_share",
            "period": regions.period[keep],
            "value": 100.0 * regions.value[keep] / total[keep],
            "dims": "{}",
        }
    )[COLUMNS]


def sum_of_parts(obs: pd.DataFrame, indicator: str, parts: int) -> pd.DataFrame:
    """Totals (``dims == {}``) as the sum of an exhaustive breakdown, where no total is published.

    Used for employment: the broad sectors A; B-F; G-U cover every section. Only where all
    ``parts`` exist.

    Examples
    --------
    >>> obs = pd.DataFrame({"kato": ["1", "1"], "indicator_id": ["e", "e"],
    ...     "period": ["2020", "2020"], "value": [2.0, 3.0],
    ...     "dims": ['{"sector":"a"}', '{"sector":"b"}']})
    >>> float(sum_of_parts(obs, "e", 2).value[0])
    5.0
    """
    rows = obs[obs.indicator_id == indicator]
    published = set(zip(rows[rows.dims == "{}"].kato, rows[rows.dims == "{}"].period, strict=True))
    split = rows[rows.dims != "{}"]
    grouped = split.groupby(["kato", "period"]).value.agg(["sum", "count"]).reset_index()
    unpublished = [
        (k, p) not in published for k, p in zip(grouped.kato, grouped.period, strict=True)
    ]
    keep = (grouped["count"] == parts) & pd.Series(unpublished, index=grouped.index, dtype=bool)
    grouped = grouped[keep]
    return pd.DataFrame(
        {
            "kato": grouped.kato,
            "indicator_id": indicator,
            "period": grouped.period,
            "value": grouped["sum"].astype(float),
            "dims": "{}",
        }
    )[COLUMNS]


def employment_shares(obs: pd.DataFrame) -> pd.DataFrame:
    """Each broad sector's share of all employed, %."""
    emp = obs[obs.indicator_id == "employment"]
    total = emp[emp.dims == "{}"][["kato", "period", "value"]]
    sectors = emp[emp.dims != "{}"]
    merged = sectors.merge(total, on=["kato", "period"], suffixes=("", "_total"))
    merged = merged[merged.value_total > 0]
    return pd.DataFrame(
        {
            "kato": merged.kato,
            "indicator_id": "employment_share",
            "period": merged.period,
            "value": 100.0 * merged.value / merged.value_total,
            "dims": merged.dims,
        }
    )[COLUMNS]


def derive_all(official: pd.DataFrame) -> pd.DataFrame:
    """Every derived indicator of the catalogue, computed from the official observations.

    Examples
    --------
    >>> from aimaq.data.datasets import load_observations
    >>> derived = derive_all(load_observations())
    >>> "grp_per_capita" in set(derived.indicator_id)
    True
    """
    obs = official[COLUMNS].copy()
    canonical = {d: canonical_dims(d) for d in obs["dims"].unique()}  # few distinct values
    obs["dims"] = obs["dims"].map(canonical)
    totals = sum_of_parts(obs, "employment", 3)
    obs = pd.concat([obs, totals], ignore_index=True)
    parts = [
        totals,
        employment_shares(obs),
        per_population(obs, "grp", "grp_per_capita", 1e3),
        per_population(obs, "fixed_investment", "investment_per_capita", 1e3),
        per_population(obs, "doctors", "doctors_per_10k", 1e4),
        per_population(obs, "emergency_housing_residents", "emergency_housing_per_10k", 1e4),
        share_of_total(
            obs, "regional_budget_plan_revenues", "budget_transfers_share", "item", "transfers"
        ),
        own_revenue_share(obs),
        per_population(
            obs,
            "regional_budget_plan_revenues",
            "budget_transfers_per_capita",
            1.0,
            dims=canonical_dims({"item": "transfers"}),
        ),
        per_population(
            obs,
            "budget_withdrawals",
            "budget_withdrawals_per_capita",
            1.0,
            latest_population=True,
        ),
        broadband_per_100(obs),
        grp_growth(obs),
        grp_share(obs),
        share_of_total(obs, "population_jan1", "urban_population_share", "area", "urban"),
        share_of_total(obs, "population_avg", "urban_population_share", "area", "urban"),
        district_figures(obs),
    ]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    out["value"] = out["value"].astype("float64")
    return out.sort_values(["indicator_id", "kato", "period", "dims"]).reset_index(drop=True)
