"""Rebuild aimaq's embedded official dataset from the shared folder of BNS tables.

Usage::

    .venv/bin/python scripts/build_dataset.py [--shared ../shared/data/kz] [--check]

Reads the tidy tables and raw publications in ``--shared`` (default ``../shared/data/kz``
beside the checkout), maps every row to a 9-digit KATO code, an indicator id of the
catalogue, a period string and canonical dims, and writes one gzip-compressed CSV per
source to ``src/aimaq/data/datasets/kz/`` plus ``sources.csv``. The output is
deterministic (sorted rows, gzip without a timestamp), so a rebuild from the same inputs
gives byte-identical files. ``--check`` rebuilds in memory and fails if the committed
files differ.

Border rules (see docs/data.md): rows of former South Kazakhstan (``kato2`` 51, or 61
before 2018) go to ``510000000``; Shymkent rows before 2018 stay on ``790000000`` (the
city, then inside South Kazakhstan); values of 19, 35, 63 before 2022 stay on those codes
(old borders; the territory_change table records the splits).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aimaq.data.catalogue import Catalogue, load_catalogue  # noqa: E402
from aimaq.data.store import canonical_dims  # noqa: E402
from aimaq.territory import Resolver  # noqa: E402

Row = dict[Hashable, Any]
OUT = ROOT / "src" / "aimaq" / "data" / "datasets" / "kz"
COLUMNS = ["kato", "indicator_id", "period", "value", "dims", "source_id"]
SDG = "BNS SDG reporting platform (repository kazstat/sdg-data-kazstat, 2024-10-24)"
SDG_URL = "https://github.com/kazstat/sdg-data-kazstat"
SDG_LICENCE = "MIT for the platform; no separate data licence stated"
ODK_URL = "https://github.com/open-data-kazakhstan"
MKE_URL = "https://github.com/makenerzhan-gif/kazakhstan-economic-data"


@dataclass(frozen=True)
class Source:
    """One embedded source: where it comes from and how its rows are read."""

    source_id: str
    publisher: str
    title: str
    original_file: str
    url: str
    licence: str
    read: Callable[[Path], pd.DataFrame]


# -- territory codes ---------------------------------------------------------------------
SOUTH_KAZAKHSTAN = "510000000"


def region_kato(kato2: str, year: int) -> str:
    """9-digit code of a region row; South Kazakhstan before the 2018 split is 510000000."""
    code = str(kato2).strip()[:2]
    if code == "00":
        return "000000000"
    if code == "51" or (code == "61" and year < 2018):
        return SOUTH_KAZAKHSTAN
    if not code.isdigit():
        raise ValueError(f"not a region code: {kato2!r}")
    return code + "0000000"


# Region names as the name-keyed tables print them (checked against the region table).
_NAMES = {
    "10": ["Abai", "Абай", "ОБЛАСТЬ АБАЙ"],
    "11": ["Akmolinskaya", "Акмолинская", "АКМОЛИНСКАЯ ОБЛАСТЬ"],
    "15": ["Aktubinskaya", "Актюбинская", "АКТЮБИНСКАЯ ОБЛАСТЬ"],
    "19": ["Almatinskaya", "Алматинская", "АЛМАТИНСКАЯ ОБЛАСТЬ"],
    "23": ["Atyrauskaya", "Атырауская", "АТЫРАУСКАЯ ОБЛАСТЬ"],
    "27": ["West Kazakhstan", "Западно-Казахстанская", "ЗАПАДНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "31": ["Zhambylskaya", "Жамбылская", "ЖАМБЫЛСКАЯ ОБЛАСТЬ"],
    "33": ["Zhetisu", "Жетісу", "ОБЛАСТЬ ЖЕТІСУ"],
    "35": ["Karagandinskaya", "Карагандинская", "КАРАГАНДИНСКАЯ ОБЛАСТЬ"],
    "39": ["Kostanaiskaya", "Костанайская", "КОСТАНАЙСКАЯ ОБЛАСТЬ"],
    "43": ["Kyzylordinskaya", "Кызылординская", "КЫЗЫЛОРДИНСКАЯ ОБЛАСТЬ"],
    "47": ["Mangistauskaya", "Мангистауская", "МАНГИСТАУСКАЯ ОБЛАСТЬ"],
    "51": ["South Kazakhstan", "ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "55": ["Pavlodarskaya", "Павлодарская", "ПАВЛОДАРСКАЯ ОБЛАСТЬ"],
    "59": ["North Kazakhstan", "Северо-Казахстанская", "СЕВЕРО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "61": ["Turkestanskaya", "Туркестанская*", "ТУРКЕСТАНСКАЯ ОБЛАСТЬ"],
    "62": ["Ulytau", "Ұлытау", "ОБЛАСТЬ ҰЛЫТАУ"],
    "63": ["East Kazakhstan", "Восточно-Казахстанская", "ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"],
    "71": ["Astana city", "г. Астана", "Г.АСТАНА"],
    "75": ["Almaty city", "г. Алматы", "Г.АЛМАТЫ"],
    "79": ["Shimkent city", "г. Шымкент", "Г.ШЫМКЕНТ"],
    "00": ["Republic of Kazakhstan", "Республика Казахстан", "РЕСПУБЛИКА КАЗАХСТАН"],
}
NAME_TO_KATO2 = {name: code for code, names in _NAMES.items() for name in names}


def named_region(name: str, year: int, file: str) -> str:
    """9-digit code of a region printed by name in ``file``."""
    key = str(name).strip()
    if key not in NAME_TO_KATO2:
        raise ValueError(f"{file}: region name {key!r} is not known")
    return region_kato(NAME_TO_KATO2[key], year)


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[:-1])


def _dims(**parts: str | None) -> str:
    return canonical_dims({k: v for k, v in parts.items() if v not in (None, "total")})


def _read(shared: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared / name, dtype=str, keep_default_na=False, na_values=[""])


def _simple(
    name: str,
    indicator: str,
    *,
    scale: float = 1.0,
    dims: Callable[[Row], str | None] | None = None,
    current_borders: bool = False,
) -> Callable[[Path], pd.DataFrame]:
    """Reader of a table with kato2, year, value (and optional dimension columns).

    ``current_borders``: the publisher recalculated every year to today's regions, so the
    codes are taken as they are (no South Kazakhstan before 2018).
    """

    def read(shared: Path) -> pd.DataFrame:
        table = _read(shared, name)
        rows = []
        for rec in table.to_dict("records"):
            if pd.isna(rec["value"]):
                continue
            dim = dims(rec) if dims else "{}"
            if dim is None:  # a breakdown this indicator does not carry
                continue
            year = int(rec["year"])
            rows.append(
                {
                    "kato": region_kato(rec["kato2"], 9999 if current_borders else year),
                    "indicator_id": indicator,
                    "period": str(year),
                    "value": float(rec["value"]) * scale,
                    "dims": dim,
                }
            )
        return _frame(rows)

    return read


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
    """Sheet 01 of the bulletin (Republic and regions) and the 220 district-level units."""
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
    return _frame(rows)


def _district_population(shared: Path) -> list[dict[str, object]]:
    """District-level units of the bulletin-units table, through the territory resolver."""
    resolver = Resolver.default()
    table = _read(shared, "kz_units_population_2023-01-01.csv")
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
    return _simple(
        "indicators/population_avg_urban_rural_by_region_2009_2025.csv",
        "population_avg",
        dims=lambda r: _dims(area=area[r["area"]]) if r["area"] in area else None,
        current_borders=True,
    )(shared)


# -- economy -----------------------------------------------------------------------------
def read_grp(shared: Path) -> pd.DataFrame:
    table = _read(shared, "kz_grp_by_region_2000_2024.csv")
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
    return _frame(rows)


def _region_row_values(shared: Path, column: str, indicator: str, period: str) -> pd.DataFrame:
    table = _read(shared, "kz_regions_default_2022_2023.csv")
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
    return _frame(rows)


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
        ("n2021", "2021", "{}"), ("n2024", "2024", "{}"),
        ("r2022", "2022", _dims(area="rural")), ("r2024", "2024", _dims(area="rural")),
        ("u2022", "2022", _dims(area="urban")), ("u2024", "2024", _dims(area="urban")),
    ]
    return _frame(
        [
            {"kato": "000000000", "indicator_id": "srs_provision", "period": period, "value": float(found[key]), "dims": dims}
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
    return _frame(rows)


def read_cash_income(shared: Path) -> pd.DataFrame:
    name = "kz_avg_per_capita_nominal_cash_income_by_region.csv"
    table = _read(shared, name)
    records = [(r["region"], r["date"], float(r["value"]), "{}") for r in table.to_dict("records")]
    return _taldau_name_rows(records, "cash_income_pc", name)


def read_consumer_expenditure(shared: Path) -> pd.DataFrame:
    name = "raw/taldau/consumer_expenditure_region_urban_rural.json"
    series = json.loads((shared / name).read_text(encoding="utf-8"))
    area = {
        "Всего": "{}",
        "городская местность": _dims(area="urban"),
        "сельская местность": _dims(area="rural"),
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
    return _simple(
        "indicators/fixed_capital_investment_by_region_2003_2025.csv", "fixed_investment"
    )(shared)


# -- labour ------------------------------------------------------------------------------
_SECTORS = {
    "A_agriculture_forestry_fishing": "agriculture",
    "B-F_industry_and_construction": "industry_construction",
    "G-U_services": "services",
}


def read_employment(shared: Path) -> pd.DataFrame:
    return _simple(
        "indicators/employment_by_broad_sector_by_region_2016_2025.csv",
        "employment",
        dims=lambda r: _dims(sector=_SECTORS[r["sector"]]),
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
    table = _read(shared, "indicators/avg_wage_quarterly_by_region_2022.csv")
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
    return _frame(rows)


def read_unemployment(shared: Path) -> pd.DataFrame:
    name = "kz_unemployment_rate_by_region_2001_2023.csv"
    table = _read(shared, name)
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
    return _frame(rows)


def read_life_expectancy(shared: Path) -> pd.DataFrame:
    name = "kz_life_expectancy_by_region_1999_2022.csv"
    table = _read(shared, name)
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
    return _frame(rows)


# -- social ------------------------------------------------------------------------------
def read_schools(shared: Path) -> pd.DataFrame:
    """Schools; before 2018 the file shows Shymkent beside South Kazakhstan without it.

    For those years South Kazakhstan (510000000) is the sum of the two rows, except in
    2014-2015 when the source prints South Kazakhstan including Shymkent.
    """
    table = _read(shared, "indicators/general_schools_count_by_region_2000_2022.csv")
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
                "dims": _dims(area=rec["area_type"]),
            }
        )
    return _frame(rows)


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
    table = _read(shared, "indicators/education_organisations_finance_by_region_2022.csv")
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
    return _frame(rows)


_HEALTH = {
    "Обеспеченность врачами (без зубных)": "doctors",
    "Обеспеченность средними медицинскими работниками на 1 000 населения": "nurses_midwives",
    "Обеспеченность стоматологами на 1 000 населения (включая зубных техников)": "dentists",
    "Обеспеченность фармацевтическими работниками на 1 000 населения (включая провизоров)": "pharmacists",
}
_SPEED = {
    "total": "total",
    "от 256 кБит/сек до менее 2 Мбит/сек": "256kbit_2mbit",
    "от 2 Мбит/сек до менее 10 Мбит/сек": "2mbit_10mbit",
    "выше 10 Мбит/сек": "over_10mbit",
}
_STANDARD = {
    "Стандарт GSM  (процент охвата населения сетью сотовой связи)": "gsm",
    "Стандарт UMTS (процент охвата населения сетью сотовой связи 3G)": "umts",
    "Стандарт LTE (процент охвата населения сетью сотовой связи 4G)": "lte",
}
_SCHOOL_SERVICE = {
    "базовыми источниками питьевой воды": "drinking_water",
    "доступом к Интернету для учебных целей": "internet",
    "наличие теплых и надворных туалетов": "toilets_indoor_and_outdoor",
    "наличие только надворных туалетов": "toilets_outdoor_only",
    "наличие только теплых туалетов": "toilets_indoor_only",
    "раздельными минимально оборудованными туалетами": "separate_basic_toilets",
}


def read_mobile_coverage(shared: Path) -> pd.DataFrame:
    """Mobile coverage; the source prints two LTE values for 2023, so LTE 2023 is left out."""
    frame = _simple(
        "indicators/mobile_network_coverage_share_national_2012_2023.csv",
        "mobile_coverage_share",
        dims=lambda r: _dims(standard=_STANDARD[r["series"]]),
    )(shared)
    twice = frame.duplicated(["kato", "period", "dims"], keep=False)
    return frame[~twice].reset_index(drop=True)


def _area(r: Row) -> str:
    return _dims(area=r["area_type"])


def _area_sex(r: Row) -> str:
    return _dims(area=r["area_type"], sex=r["sex"])


def _sdg(
    file: str, indicator: str, dims: Callable[[Row], str | None] | None = None
) -> Callable[[Path], pd.DataFrame]:
    return _simple(IND + file, indicator, dims=dims)


def _withdrawals(r: Row) -> str | None:
    return "{}" if str(r["item"]).startswith("бюджетные изъятия") else None


IND = "indicators/"
BNS = "Bureau of National Statistics (BNS)"
STAT = "https://stat.gov.kz"
TALDAU = "https://taldau.stat.gov.kz"
FACTS = "official statistics (facts), carried with attribution"
ODK = "BNS (copy by open-data-kazakhstan)"
MKE = "BNS dynamic tables (parsed by makenerzhan-gif/kazakhstan-economic-data)"
REGIONS = "kz_regions_default_2022_2023.csv"
LAW_URL = "https://kazpravda.kz/n/zakon-respubliki-kazahstan-f1/"


def _sources() -> list[Source]:
    """Every embedded source: id, publisher, title, original file, URL, licence, reader."""
    # fmt: off
    return [
        Source("bns_population_2023", BNS, "Population of the Republic of Kazakhstan by sex and type of area on 1 January 2023 (bulletin), tables 01-02", "raw/bns/population_2023-01-01_bulletin.xlsx; kz_units_population_2023-01-01.csv", STAT, FACTS, read_population_2023),
        Source("bns_population_avg", MKE, "Average annual population, total and rural, 2009-2025, on 2022 borders", IND + "population_avg_urban_rural_by_region_2009_2025.csv", MKE_URL, "no licence stated", read_population_avg),
        Source("taldau_grp_2709379", "BNS / Taldau", "Gross regional product (production method), current prices, index 2709379", "kz_grp_by_region_2000_2024.csv", TALDAU, FACTS, read_grp),
        Source("bns_grp_per_capita_2022", BNS, "GRP per capita 2022 (official figure where known)", REGIONS + " (grp_per_capita_2022_thou_kzt_official)", STAT, FACTS, read_grp_pc_bns),
        Source("bns_wages_by_occupation_2022", BNS, "Average wage by occupation group and region, 2022 (total column)", REGIONS + " (avg_monthly_wage_2022_kzt_occsurvey); raw/bns/wages_by_occupation_2022.xlsx", STAT, FACTS, read_wage_occsurvey),
        Source("srs_provision_2024", "Official publications on the System of Regional Standards", "Provision level of the System of Regional Standards, 2024 (7 regions published)", REGIONS + " (srs_provision_2024_pct)", STAT, "published facts", read_srs),
        Source("srs_provision_national", "Official publications on the System of Regional Standards", "Provision level of the System of Regional Standards: national 2021 and 2024; villages and cities 2022 and 2024", "SOURCES.md (Published facts on the SRS and targets)", STAT, "published facts", read_srs_national),
        Source("taldau_cash_income_704447", "BNS / Taldau", "Average per-capita nominal cash income, index 704447", "kz_avg_per_capita_nominal_cash_income_by_region.csv", TALDAU, FACTS, read_cash_income),
        Source("taldau_consumer_expenditure", "BNS / Taldau", "Consumer expenditure by region and type of area", "raw/taldau/consumer_expenditure_region_urban_rural.json", TALDAU, FACTS, read_consumer_expenditure),
        Source("bns_investment_5546", MKE, "Investment in fixed capital (table 5546), current prices, 2003-2025", IND + "fixed_capital_investment_by_region_2003_2025.csv", MKE_URL, "no licence stated", read_investment),
        Source("bns_employment_sectors", MKE, "Employed persons by broad sector (labour force survey), 2016-2025", IND + "employment_by_broad_sector_by_region_2016_2025.csv", MKE_URL, "no licence stated", read_employment),
        Source("bns_wages_quarterly_2022", ODK, "Average monthly nominal wage by quarter, 2022", IND + "avg_wage_quarterly_by_region_2022.csv", ODK_URL, "PDDL 1.0", read_wages),
        Source("bns_unemployment_lfs", BNS, "Unemployment rate by region (labour force survey), quarterly and annual, 2001-2023", "kz_unemployment_rate_by_region_2001_2023.csv", STAT, FACTS, read_unemployment),
        Source("bns_life_expectancy", BNS, "Life expectancy at birth by region, 1999-2022", "kz_life_expectancy_by_region_1999_2022.csv", STAT, FACTS, read_life_expectancy),
        Source("odk_schools", ODK, "General education schools, total/urban/rural, 2000/01-2022/23", IND + "general_schools_count_by_region_2000_2022.csv (raw/bns_tables/odk_schools.xlsx)", ODK_URL, "PDDL 1.0", read_schools),
        Source("odk_hospitals", ODK, "Hospital organisations, 2000-2022", IND + "hospital_organisations_by_region_2000_2022.csv (raw/bns_tables/odk_med_institutions_source.xls)", ODK_URL, "PDDL 1.0", _sdg("hospital_organisations_by_region_2000_2022.csv", "hospitals")),
        Source("odk_doctors", ODK, "Doctors of all specialties at year end, 2003-2022", IND + "doctors_all_specialties_by_region_2003_2022.csv (raw/bns_tables/odk_doctors_all_specialties.xls)", ODK_URL, "CC-BY-SA 4.0", _sdg("doctors_all_specialties_by_region_2003_2022.csv", "doctors")),
        Source("odk_education_finance_2022", ODK, "Revenues and expenditures of education organisations, 2022", IND + "education_organisations_finance_by_region_2022.csv (raw/bns_tables/odk_bns_education_org_revenues_expenditures_2022.xls)", ODK_URL, "PDDL 1.0", read_education_finance),
        Source("sdg_housing", SDG, "Housing floor area per resident", IND + "housing_m2_per_resident_by_region_2010_2023.csv", SDG_URL, SDG_LICENCE, _sdg("housing_m2_per_resident_by_region_2010_2023.csv", "housing_m2_pc", _area)),
        Source("sdg_emergency_housing", SDG, "Residents of emergency housing", IND + "residents_in_emergency_housing_by_region_2010_2023.csv", SDG_URL, SDG_LICENCE, _sdg("residents_in_emergency_housing_by_region_2010_2023.csv", "emergency_housing_residents")),
        Source("sdg_roads", SDG, "Local roads in good or satisfactory condition", IND + "local_roads_good_satisfactory_share_by_region_2010_2023.csv", SDG_URL, SDG_LICENCE, _sdg("local_roads_good_satisfactory_share_by_region_2010_2023.csv", "roads_good_share")),
        Source("sdg_internet_users", SDG, "Internet users share", IND + "internet_users_share_by_region_2011_2023.csv", SDG_URL, SDG_LICENCE, _sdg("internet_users_share_by_region_2011_2023.csv", "internet_users_share", _area_sex)),
        Source("sdg_broadband", SDG, "Fixed broadband subscribers", IND + "fixed_broadband_subscribers_by_region_2012_2023.csv", SDG_URL, SDG_LICENCE, _sdg("fixed_broadband_subscribers_by_region_2012_2023.csv", "broadband_subscribers", lambda r: _dims(speed=_SPEED[r["series"]]))),
        Source("sdg_mobile_phone", SDG, "Population owning a mobile phone", IND + "mobile_phone_users_share_by_region_2016_2023.csv", SDG_URL, SDG_LICENCE, _sdg("mobile_phone_users_share_by_region_2016_2023.csv", "mobile_phone_share", _area_sex)),
        Source("sdg_waste", SDG, "Population covered by waste collection", IND + "waste_collection_coverage_share_by_region_2016_2023.csv", SDG_URL, SDG_LICENCE, _sdg("waste_collection_coverage_share_by_region_2016_2023.csv", "waste_collection_share")),
        Source("sdg_preschool", SDG, "Pre-school preparation coverage", IND + "preschool_preparation_coverage_share_by_region_2015_2019.csv", SDG_URL, SDG_LICENCE, _sdg("preschool_preparation_coverage_share_by_region_2015_2019.csv", "preschool_preparation_share", lambda r: _dims(sex=r["sex"]))),
        Source("sdg_schools_services", SDG, "Schools with basic services", IND + "schools_with_basic_services_share_by_region_2015_2019.csv", SDG_URL, SDG_LICENCE, _sdg("schools_with_basic_services_share_by_region_2015_2019.csv", "schools_basic_services_share", lambda r: _dims(service=_SCHOOL_SERVICE[r["series"]], area=r["area_type"]))),
        Source("sdg_schools_inclusive", SDG, "Schools with inclusive education conditions", IND + "schools_inclusive_conditions_share_by_region_2015_2020.csv", SDG_URL, SDG_LICENCE, _sdg("schools_inclusive_conditions_share_by_region_2015_2020.csv", "schools_inclusive_share")),
        Source("sdg_water", SDG, "Access to centralised water supply (national)", IND + "centralised_water_access_share_national_urban_rural_2010_2022.csv", SDG_URL, SDG_LICENCE, _sdg("centralised_water_access_share_national_urban_rural_2010_2022.csv", "water_access_share", _area)),
        Source("sdg_sanitation", SDG, "Safely managed sanitation (national)", IND + "safely_managed_sanitation_share_national_urban_rural_2018_2022.csv", SDG_URL, SDG_LICENCE, _sdg("safely_managed_sanitation_share_national_urban_rural_2018_2022.csv", "sanitation_share", _area)),
        Source("sdg_health_workers", SDG, "Health workers per 1,000 population (national)", IND + "health_workers_per_1000_national_2014_2023.csv", SDG_URL, SDG_LICENCE, _sdg("health_workers_per_1000_national_2014_2023.csv", "health_workers_per_1k", lambda r: _dims(profession=_HEALTH[r["breakdown"]]))),
        Source("sdg_mobile_coverage", SDG, "Population covered by a mobile network (national)", IND + "mobile_network_coverage_share_national_2012_2023.csv", SDG_URL, SDG_LICENCE, read_mobile_coverage),
        Source("law_general_transfers_2026", "Law of the Republic of Kazakhstan on general transfers for 2026-2028, art. 1", "Budget withdrawals to the republican budget, 2026-2027", IND + "general_transfers_law_withdrawals_by_region_2026_2028.csv", LAW_URL, "official act (facts)", _sdg("general_transfers_law_withdrawals_by_region_2026_2028.csv", "budget_withdrawals", _withdrawals)),
    ]
    # fmt: on


# -- build -------------------------------------------------------------------------------
def _gzip_csv(frame: pd.DataFrame) -> bytes:
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as fh:
        fh.write(text.encode("utf-8"))
    return buffer.getvalue()


def _check(frame: pd.DataFrame, source_id: str, catalogue: Catalogue) -> None:
    for indicator_id, part in frame.groupby("indicator_id"):
        entry = catalogue.get(str(indicator_id))
        if entry.is_derived:
            raise ValueError(
                f"{source_id}: {indicator_id} is derived; it is computed, not embedded"
            )
        for dims in part["dims"].unique():
            extra = set(json.loads(dims)) - set(entry.dims)
            if extra:
                raise ValueError(f"{source_id}: {indicator_id} has undeclared dims {sorted(extra)}")
    key = ["kato", "indicator_id", "period", "dims"]
    dup = frame[frame.duplicated(key, keep=False)]
    if len(dup):
        raise ValueError(f"{source_id}: duplicate observations:\n{dup.head(6)}")
    if frame["value"].isna().any():
        raise ValueError(f"{source_id}: missing values")


def build(shared: Path) -> dict[str, bytes]:
    """Every output file name and its bytes."""
    files: dict[str, bytes] = {}
    meta = []
    catalogue = load_catalogue()
    for source in _sources():
        frame = source.read(shared)
        frame["source_id"] = source.source_id
        frame = frame.sort_values(["indicator_id", "kato", "period", "dims"]).reset_index(drop=True)
        _check(frame, source.source_id, catalogue)
        files[f"{source.source_id}.csv.gz"] = _gzip_csv(frame[COLUMNS])
        meta.append(
            {
                "source_id": source.source_id,
                "publisher": source.publisher,
                "title": source.title,
                "original_file": source.original_file,
                "url": source.url,
                "licence": source.licence,
                "rows": len(frame),
            }
        )
        print(f"{source.source_id:32s} {len(frame):6d} rows", file=sys.stderr)
    files["sources.csv"] = (
        pd.DataFrame(meta).to_csv(index=False, lineterminator="\n").encode("utf-8")
    )
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "kz")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the committed files differ")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: no shared data folder at {args.shared}", file=sys.stderr)
        return 2
    files = build(args.shared)
    if args.check:
        stale = [
            n
            for n, b in files.items()
            if not (args.out / n).is_file() or (args.out / n).read_bytes() != b
        ]
        extra = sorted(
            p.name
            for p in args.out.glob("*")
            if p.name not in files and p.suffix in {".gz", ".csv"}
        )
        for name in stale + extra:
            print(f"differs: {name}", file=sys.stderr)
        return 1 if stale or extra else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.csv.gz"):
        if old.name not in files:
            old.unlink()
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    print(f"wrote {len(files)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
