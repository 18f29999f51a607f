"""The real KATO tree and 2023 bulletin populations in the store's layouts, for tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def kato_territory(shared: Path) -> pd.DataFrame:
    """The KATO 2025 tree in the store's territory layout (cities of regional significance
    are at level district, as in the project's convention)."""
    k = pd.read_csv(shared / "kato_2025.csv", dtype=str)
    k["urban"] = k["type_code"].map({"1": True, "2": False})
    k.loc[k["level"] == "city", "level"] = "district"
    k["parent_kato"] = k["parent_kato"].where(k["parent_kato"].notna(), None)
    return k[["kato", "parent_kato", "level", "unit_type", "name_kk", "name_ru", "urban"]]


def bulletin_population(shared: Path, territory: pd.DataFrame) -> pd.DataFrame:
    """Urban/rural population of 1 Jan 2023 keyed by KATO, matching the bulletin's Kazakh
    unit names to KATO names within each region (units that do not match are left out:
    the generator then spreads their region's remainder)."""
    regions = pd.read_csv(shared / "kz_regions_default_2022_2023.csv", dtype=str)
    region_code = dict(zip(regions["name_kk_bns"], regions["kato9"], strict=True))
    units = pd.read_csv(shared / "kz_units_population_2023-01-01.csv")
    districts = territory[territory["level"] == "district"].copy()
    districts["key"] = (
        districts["name_kk"].str.lower().str.replace("қ.ә.", "", regex=False).str.strip()
    )
    districts["region"] = districts["kato"].str[:2] + "0000000"
    lookup = {
        (r, k): c
        for r, k, c in zip(districts["region"], districts["key"], districts["kato"], strict=True)
    }
    rows = []
    for rec in units.itertuples(index=False):
        region = region_code.get(rec.region_kk)
        if region is None:
            continue
        if rec.unit_type == "region":
            kato = region
        else:
            key = rec.unit_kk.lower().replace("қ.ә.", "").strip()
            kato = lookup.get((region, key))
            if kato is None:
                continue
        rows.append((kato, "urban", float(rec.urban)))
        rows.append((kato, "rural", float(rec.rural)))
    return pd.DataFrame(rows, columns=["kato", "area", "value"])
