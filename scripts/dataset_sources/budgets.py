"""Approved regional budgets (maslikhat decisions): planned revenues by type.

Only the oblast rows of the shared sample are read: the district, city and rural-okrug
budgets in it are single examples of their level, not a coverage of any level. Each row
is one act (its address is in the file's ``url`` column); the figures are the approved or
amended plan, not execution.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dataset_sources.common import IND, dims_of, frame_of, read_table, region_kato

BUDGET_PLANS = IND + "local_budget_plan_samples_by_region_district_2016_2026.csv"
#: revenue items of the official budget structure carried as ``item`` breakdowns
ITEMS = ("tax", "non_tax", "sale_fixed_capital", "transfers")
#: how far the items may miss the printed total (thousand KZT) before the row is refused
TOLERANCE = 1.0


def read_budget_plans(shared: Path) -> pd.DataFrame:
    """Revenues of the oblast budgets (total, and each item) in thousand KZT."""
    table = read_table(shared, BUDGET_PLANS)
    rows = []
    for rec in table[table["level"] == "oblast"].to_dict("records"):
        if rec["unit"] != "тыс. тенге":
            raise ValueError(f"{BUDGET_PLANS}: {rec['entity']}: unit {rec['unit']!r}, not тыс. тенге")
        year = int(rec["budget_year"])
        kato = region_kato(rec["kato2"], year)
        total = float(rec["revenues"])
        parts = {item: float(rec[item]) for item in ITEMS}
        if abs(sum(parts.values()) - total) > TOLERANCE:
            raise ValueError(
                f"{BUDGET_PLANS}: {rec['entity']} {year}: the items sum to "
                f"{sum(parts.values()):,.1f}, not the revenues {total:,.1f}"
            )
        base = {"kato": kato, "indicator_id": "regional_budget_plan_revenues", "period": str(year)}
        rows.append({**base, "value": total, "dims": "{}"})
        rows += [{**base, "value": v, "dims": dims_of(item=k)} for k, v in parts.items()]
    return frame_of(rows)
