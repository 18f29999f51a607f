"""Population and life expectancy: the 2023 bulletin, average population, life tables."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from aimaq.data.store import canonical_dims
from aimaq.territory import Resolver
from dataset_sources.common import dims_of, frame_of, named_region, read_table, region_kato, simple

# -- population: the 2023 bulletin -------------------------------------------------------
_BULLETIN_COLUMNS = [
    ({},),
    ({"sex": "male"},),
    ({"sex": "female"},),
    ({"area": "urban"},),
    ({"area": "urban", "sex": "male"},),
    ({"area": "urban", "sex": "female"},),
    ({"area": "rural"},),
    ({"area": "rural", "sex": "male"},),
    ({"area": "rural", "sex": "female"},),
]
_BULLETIN_REGIONS = {
    "Қазақстан Республикасы": "00",
    "Абай": "10",
    "Ақмола": "11",
    "Ақтөбе": "15",
    "Алматы": "19",
    "Атырау": "23",
    "Батыс Қазақстан": "27",
    "Жамбыл": "31",
    "Жетісу": "33",
    "Қарағанды": "35",
    "Қостанай": "39",
    "Қызылорда": "43",
    "Маңғыстау": "47",
    "Павлодар": "55",
    "Солтүстік Қазақстан": "59",
    "Түркістан облысы": "61",
    "Түркістан": "61",
    "Ұлытау": "62",
    "Шығыс Қазақстан": "63",
    "Астана қаласы": "71",
    "Алматы қаласы": "75",
    "Шымкент қаласы": "79",
}


def _bulletin_number(value: object, where: str) -> float:
    if value == "-":  # the phenomenon is absent (no rural population in a city)
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    raise ValueError(f"{where}: not a number: {value!r}")


def read_population_2023(shared: Path) -> pd.DataFrame:
    """Sheet 01 of the bulletin (Republic and regions), the 220 district-level units, and
    the towns, district centres and okrugs that sheet 03 prints (read by aimaq's own
    bulletin importer, so ``aimaq init`` holds what ``aimaq import`` of the file gives)."""
    book = openpyxl.load_workbook(
        shared / "raw/bns/population_2023-01-01_bulletin.xlsx", read_only=True
    )
    rows: list[dict[str, object]] = []
    for i, raw in enumerate(book["01"].iter_rows(values_only=True)):
        cells = [c for c in raw if c is not None]
        if len(cells) != 10 or not isinstance(cells[0], str):
            continue
        label = cells[0].strip()
        if label not in _BULLETIN_REGIONS:
            continue
        kato = region_kato(_BULLETIN_REGIONS[label], 2023)
        for (dims,), cell in zip(_BULLETIN_COLUMNS, cells[1:], strict=True):
            rows.append(
                {
                    "kato": kato,
                    "indicator_id": "population_jan1",
                    "period": "2023-01-01",
                    "value": _bulletin_number(cell, f"bulletin sheet 01 row {i + 1}"),
                    "dims": canonical_dims(dims),
                }
            )
    book.close()
    if len({r["kato"] for r in rows}) != 21:
        raise ValueError("bulletin sheet 01: expected the Republic and 20 regions")
    rows.extend(_district_population(shared))
    rows.extend(_places_population(shared))
    return frame_of(rows)


def _places_population(shared: Path) -> list[dict[str, object]]:
    """Settlements and okrugs of sheet 03, as the bulletin importer maps them to KATO."""
    from aimaq.data.importers.bns_bulletin import parse_bulletin
    from aimaq.data.importers.territories import TerritoryMatcher

    path = shared / "raw/bns/population_2023-01-01_bulletin.xlsx"
    parsed = parse_bulletin(
        path.read_bytes(), source=str(path), matcher=TerritoryMatcher(str(path)), sheets=["03"]
    )
    resolver = Resolver.default()
    frame = parsed.frame[parsed.frame["value"].notna()]
    levels = frame["kato"].map(lambda k: resolver.info(str(k))["level"])
    frame = frame[levels.isin(["settlement", "okrug"])]
    return [
        {
            "kato": str(rec["kato"]),
            "indicator_id": "population_jan1",
            "period": str(rec["period"]),
            "value": float(rec["value"]),
            "dims": str(rec["dims"]),
        }
        for rec in frame.to_dict("records")
    ]


def _district_population(shared: Path) -> list[dict[str, object]]:
    """District-level units of the bulletin-units table, through the territory resolver."""
    resolver = Resolver.default()
    table = read_table(shared, "kz_units_population_2023-01-01.csv")
    rows: list[dict[str, object]] = []
    for rec in table[table.unit_type != "region"].to_dict("records"):
        kato = resolver.bns_unit(rec["region_kk"], rec["unit_kk"])
        for column, dims in [
            ("total", {}),
            ("male", {"sex": "male"}),
            ("female", {"sex": "female"}),
            ("urban", {"area": "urban"}),
            ("rural", {"area": "rural"}),
        ]:
            rows.append(
                {
                    "kato": kato,
                    "indicator_id": "population_jan1",
                    "period": "2023-01-01",
                    "value": float(rec[column]),
                    "dims": canonical_dims(dims),
                }
            )
    return rows


def read_population_avg(shared: Path) -> pd.DataFrame:
    area = {"total": "total", "urban": "urban", "rural": "rural"}
    return simple(
        "indicators/population_avg_urban_rural_by_region_2009_2025.csv",
        "population_avg",
        dims=lambda r: dims_of(area=area[r["area"]]) if r["area"] in area else None,
        current_borders=True,
    )(shared)


def read_life_expectancy(shared: Path) -> pd.DataFrame:
    name = "kz_life_expectancy_by_region_1999_2022.csv"
    table = read_table(shared, name)
    rows = [
        {
            "kato": named_region(rec["region_src_ru"], int(rec["year"]), name),
            "indicator_id": "life_expectancy",
            "period": rec["year"],
            "value": float(rec["life_expectancy_years"]),
            "dims": "{}",
        }
        for rec in table.to_dict("records")
    ]
    return frame_of(rows)
