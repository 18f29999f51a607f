"""Economy: GRP, per-capita GRP, SRS provision, income, expenditure, investment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from dataset_sources.common import dims_of, frame_of, named_region, read_table, region_kato, simple


# -- economy -----------------------------------------------------------------------------
def read_grp(shared: Path) -> pd.DataFrame:
    table = read_table(shared, "kz_grp_by_region_2000_2024.csv")
    rows = [
        {
            "kato": region_kato(rec["kato2"], int(rec["year"])),
            "indicator_id": "grp",
            "period": rec["year"],
            "value": float(rec["grp_kzt"]) / 1e6,  # tenge -> million tenge
            "dims": "{}",
        }
        for rec in table.to_dict("records")
    ]
    return frame_of(rows)


def _region_row_values(shared: Path, column: str, indicator: str, period: str) -> pd.DataFrame:
    table = read_table(shared, "kz_regions_default_2022_2023.csv")
    rows = [
        {
            "kato": rec["kato9"],
            "indicator_id": indicator,
            "period": period,
            "value": float(rec[column]),
            "dims": "{}",
        }
        for rec in table.to_dict("records")
        if not pd.isna(rec[column])
    ]
    return frame_of(rows)


def read_grp_pc_bns(shared: Path) -> pd.DataFrame:
    return _region_row_values(
        shared, "grp_per_capita_2022_thou_kzt_official", "grp_per_capita_bns", "2022"
    )


def read_wage_occsurvey(shared: Path) -> pd.DataFrame:
    return _region_row_values(
        shared, "avg_monthly_wage_2022_kzt_occsurvey", "wage_avg_occsurvey", "2022"
    )


def read_srs(shared: Path) -> pd.DataFrame:
    return _region_row_values(shared, "srs_provision_2024_pct", "srs_provision", "2024")


_SRS_LINE = re.compile(
    r"Provision level: (?P<n2021>[\d.]+)% in 2021 .*?; (?P<n2024>[\d.]+)% in 2024; "
    r"villages (?P<r2022>[\d.]+)% \(2022\) -> (?P<r2024>[\d.]+)% \(2024\); "
    r"cities (?P<u2022>[\d.]+)% \(2022\) -> (?P<u2024>[\d.]+)% \(2024\)"
)


def read_srs_national(shared: Path) -> pd.DataFrame:
    """The published national, village and city provision levels, as SOURCES.md quotes them."""
    text = (shared / "SOURCES.md").read_text(encoding="utf-8")
    found = _SRS_LINE.search(text)
    if found is None:
        raise ValueError("SOURCES.md: the 'Provision level:' line is not in the expected form")
    figures = [
        ("n2021", "2021", "{}"),
        ("n2024", "2024", "{}"),
        ("r2022", "2022", dims_of(area="rural")),
        ("r2024", "2024", dims_of(area="rural")),
        ("u2022", "2022", dims_of(area="urban")),
        ("u2024", "2024", dims_of(area="urban")),
    ]
    return frame_of(
        [
            {
                "kato": "000000000",
                "indicator_id": "srs_provision",
                "period": period,
                "value": float(found[key]),
                "dims": dims,
            }
            for key, period, dims in figures
        ]
    )


def _taldau_name_rows(
    records: list[tuple[str, str, float, str]], indicator: str, file: str
) -> pd.DataFrame:
    rows = []
    for name, date, value, dims in records:
        year = int(date[:4]) if date[4] == "-" else int(date[6:10])
        rows.append(
            {
                "kato": named_region(name, year, file),
                "indicator_id": indicator,
                "period": str(year),
                "value": value,
                "dims": dims,
            }
        )
    return frame_of(rows)


def read_cash_income(shared: Path) -> pd.DataFrame:
    name = "kz_avg_per_capita_nominal_cash_income_by_region.csv"
    table = read_table(shared, name)
    records = [(r["region"], r["date"], float(r["value"]), "{}") for r in table.to_dict("records")]
    return _taldau_name_rows(records, "cash_income_pc", name)


def read_consumer_expenditure(shared: Path) -> pd.DataFrame:
    name = "raw/taldau/consumer_expenditure_region_urban_rural.json"
    series = json.loads((shared / name).read_text(encoding="utf-8"))
    area = {
        "Всего": "{}",
        "городская местность": dims_of(area="urban"),
        "сельская местность": dims_of(area="rural"),
    }
    records = []
    for item in series:
        region, kind, what = item["termNames"]
        if what != "Потребительские расходы":
            raise ValueError(f"{name}: unexpected series {what!r}")
        for period in item["periods"]:
            records.append((region, period["date"], float(period["value"]), area[kind]))
    return _taldau_name_rows(records, "consumer_expenditure", name)


def read_investment(shared: Path) -> pd.DataFrame:
    return simple(
        "indicators/fixed_capital_investment_by_region_2003_2025.csv", "fixed_investment"
    )(shared)
