"""The SDG platform series converted to tidy tables, and the general transfers law."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from dataset_sources.common import IND, Row, dims_of, simple

HEALTH = {
    "Обеспеченность врачами (без зубных)": "doctors",
    "Обеспеченность средними медицинскими работниками на 1 000 населения": "nurses_midwives",
    "Обеспеченность стоматологами на 1 000 населения (включая зубных техников)": "dentists",
    "Обеспеченность фармацевтическими работниками на 1 000 населения (включая провизоров)": "pharmacists",
}
SPEED = {
    "total": "total",
    "от 256 кБит/сек до менее 2 Мбит/сек": "256kbit_2mbit",
    "от 2 Мбит/сек до менее 10 Мбит/сек": "2mbit_10mbit",
    "выше 10 Мбит/сек": "over_10mbit",
}
STANDARD = {
    "Стандарт GSM  (процент охвата населения сетью сотовой связи)": "gsm",
    "Стандарт UMTS (процент охвата населения сетью сотовой связи 3G)": "umts",
    "Стандарт LTE (процент охвата населения сетью сотовой связи 4G)": "lte",
}
SCHOOL_SERVICE = {
    "базовыми источниками питьевой воды": "drinking_water",
    "доступом к Интернету для учебных целей": "internet",
    "наличие теплых и надворных туалетов": "toilets_indoor_and_outdoor",
    "наличие только надворных туалетов": "toilets_outdoor_only",
    "наличие только теплых туалетов": "toilets_indoor_only",
    "раздельными минимально оборудованными туалетами": "separate_basic_toilets",
}


def read_mobile_coverage(shared: Path) -> pd.DataFrame:
    """Mobile coverage; the source prints two LTE values for 2023, so LTE 2023 is left out."""
    frame = simple(
        "indicators/mobile_network_coverage_share_national_2012_2023.csv",
        "mobile_coverage_share",
        dims=lambda r: dims_of(standard=STANDARD[r["series"]]),
    )(shared)
    twice = frame.duplicated(["kato", "period", "dims"], keep=False)
    return frame[~twice].reset_index(drop=True)


def by_area(r: Row) -> str:
    return dims_of(area=r["area_type"])


def by_area_sex(r: Row) -> str:
    return dims_of(area=r["area_type"], sex=r["sex"])


def tidy_file(
    file: str, indicator: str, dims: Callable[[Row], str | None] | None = None
) -> Callable[[Path], pd.DataFrame]:
    return simple(IND + file, indicator, dims=dims)


def withdrawals_only(r: Row) -> str | None:
    return "{}" if str(r["item"]).startswith("бюджетные изъятия") else None
