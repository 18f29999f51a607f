"""Labour: employment by sector, wages, unemployment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dataset_sources.common import dims_of, frame_of, named_region, read_table, region_kato, simple

# -- labour ------------------------------------------------------------------------------
_SECTORS = {
    "A_agriculture_forestry_fishing": "agriculture",
    "B-F_industry_and_construction": "industry_construction",
    "G-U_services": "services",
}


def read_employment(shared: Path) -> pd.DataFrame:
    return simple(
        "indicators/employment_by_broad_sector_by_region_2016_2025.csv",
        "employment",
        dims=lambda r: dims_of(sector=_SECTORS[r["sector"]]),
    )(shared)


_WAGE_MEASURES = {
    # measure: (indicator, quarterly?)  ytd figures are carried for Q4 only (= the year)
    "avg_nominal_wage_quarter_KZT": ("wage_avg", True),
    "pct_same_quarter_prev_year": ("wage_nominal_index", True),
    "real_pct_same_quarter_prev_year": ("wage_real_index", True),
    "avg_nominal_wage_ytd_KZT": ("wage_avg", False),
    "ytd_pct_prev_year": ("wage_nominal_index", False),
    "ytd_real_pct_prev_year": ("wage_real_index", False),
}


def read_wages(shared: Path) -> pd.DataFrame:
    table = read_table(shared, "indicators/avg_wage_quarterly_by_region_2022.csv")
    rows = []
    for rec in table.to_dict("records"):
        if rec["measure"] not in _WAGE_MEASURES or pd.isna(rec["value"]):
            continue
        indicator, quarterly = _WAGE_MEASURES[rec["measure"]]
        if not quarterly and not rec["period"].endswith("Q4"):
            continue
        rows.append(
            {
                "kato": region_kato(rec["kato2"], int(rec["year"])),
                "indicator_id": indicator,
                "period": rec["period"] if quarterly else rec["year"],
                "value": float(rec["value"]),
                "dims": "{}",
            }
        )
    return frame_of(rows)


def read_unemployment(shared: Path) -> pd.DataFrame:
    name = "kz_unemployment_rate_by_region_2001_2023.csv"
    table = read_table(shared, name)
    rows = []
    for rec in table.to_dict("records"):
        year = int(rec["year"])
        period = str(year) if rec["period"] == "year" else f"{year}{rec['period']}"
        rows.append(
            {
                "kato": named_region(rec["region_src"], year, name),
                "indicator_id": "unemployment_rate",
                "period": period,
                "value": float(rec["unemployment_rate_pct"]),
                "dims": "{}",
            }
        )
    return frame_of(rows)
