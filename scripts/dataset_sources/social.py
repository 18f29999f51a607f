"""Social: schools and the finances of education organisations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from aimaq.data.store import canonical_dims
from dataset_sources.common import SOUTH_KAZAKHSTAN, dims_of, frame_of, read_table, region_kato


# -- social ------------------------------------------------------------------------------
def read_schools(shared: Path) -> pd.DataFrame:
    """Schools; before 2018 the file shows Shymkent beside South Kazakhstan without it.

    For those years South Kazakhstan (510000000) is the sum of the two rows, except in
    2014-2015 when the source prints South Kazakhstan including Shymkent.
    """
    table = read_table(shared, "indicators/general_schools_count_by_region_2000_2022.csv")
    rows = []
    for rec in table.to_dict("records"):
        if pd.isna(rec["value"]):
            continue
        year = int(rec["year"])
        value = float(rec["value"])
        kato = region_kato(rec["kato2"], year)
        note = str(rec["note"])
        if kato == SOUTH_KAZAKHSTAN and "excluding Shymkent" in note:
            city = _shymkent_schools(table, rec["year"], rec["area_type"])
            if city is None:
                continue
            value += city
        rows.append(
            {
                "kato": kato,
                "indicator_id": "schools",
                "period": str(year),
                "value": value,
                "dims": dims_of(area=rec["area_type"]),
            }
        )
    return frame_of(rows)


def _shymkent_schools(table: pd.DataFrame, year: str, area: str) -> float | None:
    """Shymkent's schools in a year before 2018; the file has no rural row for the city.

    A missing rural row counts as zero only where the city's total equals its urban count
    (from 2008; earlier totals include evening schools that urban/rural leave out).
    """
    city = table[(table.kato2 == "79") & (table.year == year)].set_index("area_type")["value"]
    if area in city.index:
        return float(city[area])
    if area == "rural" and float(city["total"]) == float(city["urban"]):
        return 0.0
    return None


_EDU_ITEMS = {
    "current_revenues": "education_current_revenue",
    "current_expenditures": "education_current_expenditure",
    "capital_transfers_received": "education_capital_transfers",
    "capital_repair_expenditures": "education_capital_repairs",
    "fixed_asset_purchase_expenditures": "education_fixed_asset_purchases",
}
_EDU_TABLES: dict[str, dict[str, str]] = {
    "1.1": {},
    "1.2": {"level": "preschool"},
    "1.3": {"level": "primary"},
    "1.4": {"level": "basic_general_secondary"},
    "1.5": {"level": "technical_vocational"},
    "1.6": {"level": "post_secondary"},
    "1.7": {"level": "higher"},
    "1.8": {"level": "other"},
    "1.9": {"level": "auxiliary_services"},
    "1.10": {"area": "urban"},
    "1.11": {"area": "rural"},
    "1.12": {"ownership": "state"},
    "1.13": {"ownership": "private"},
    "1.14": {"ownership": "foreign"},
    # 1.15-1.17 (by enterprise size) are not carried: see docs/data.md
}


def read_education_finance(shared: Path) -> pd.DataFrame:
    table = read_table(shared, "indicators/education_organisations_finance_by_region_2022.csv")
    # Table 1.8 ("other types of education") repeats in five unlabelled blocks: the first
    # is the table's total (it equals the sum of the other four); only it is carried.
    block = table.groupby(["kato2", "table", "item"]).cumcount()
    sub = table[(table.table == "1.8") & (block > 0)]
    first = table[(table.table == "1.8") & (block == 0)]
    parts = pd.to_numeric(sub["value"]).fillna(0).groupby([sub.kato2, sub.item]).sum()
    whole = pd.to_numeric(first["value"]).fillna(0).groupby([first.kato2, first.item]).sum()
    if ((parts - whole).abs() > 1).any():
        raise ValueError("education finance table 1.8: first block is not the sum of the others")
    table = table[block == 0]
    rows = []
    for rec in table.to_dict("records"):
        if rec["table"] not in _EDU_TABLES:
            continue
        absent = pd.isna(rec["value"]) and "phenomenon absent" in str(rec["note"])
        if pd.isna(rec["value"]) and not absent:
            continue
        rows.append(
            {
                "kato": region_kato(rec["kato2"], 2022),
                "indicator_id": _EDU_ITEMS[rec["item"]],
                "period": rec["year"],
                "value": 0.0 if absent else float(rec["value"]),  # '-' = the phenomenon is absent
                "dims": canonical_dims(_EDU_TABLES[rec["table"]]),
            }
        )
    return frame_of(rows)
