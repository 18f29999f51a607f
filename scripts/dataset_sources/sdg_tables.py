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


def replaced_by_platform() -> dict[str, Callable[[Path], pd.DataFrame]]:
    """The tidy-table readers of the series now read from the platform's own files.

    Kept so that a test can show the platform import gives the same values.
    """
    def speed(r: Row) -> str:
        return dims_of(speed=SPEED[r["series"]])

    def service(r: Row) -> str:
        return dims_of(service=SCHOOL_SERVICE[r["series"]], area=r["area_type"])

    def sex(r: Row) -> str:
        return dims_of(sex=r["sex"])

    return {
        "emergency_housing_residents": tidy_file("residents_in_emergency_housing_by_region_2010_2023.csv", "emergency_housing_residents"),
        "roads_good_share": tidy_file("local_roads_good_satisfactory_share_by_region_2010_2023.csv", "roads_good_share"),
        "internet_users_share": tidy_file("internet_users_share_by_region_2011_2023.csv", "internet_users_share", by_area_sex),
        "broadband_subscribers": tidy_file("fixed_broadband_subscribers_by_region_2012_2023.csv", "broadband_subscribers", speed),
        "mobile_phone_share": tidy_file("mobile_phone_users_share_by_region_2016_2023.csv", "mobile_phone_share", by_area_sex),
        "waste_collection_share": tidy_file("waste_collection_coverage_share_by_region_2016_2023.csv", "waste_collection_share"),
        "preschool_preparation_share": tidy_file("preschool_preparation_coverage_share_by_region_2015_2019.csv", "preschool_preparation_share", sex),
        "schools_basic_services_share": tidy_file("schools_with_basic_services_share_by_region_2015_2019.csv", "schools_basic_services_share", service),
        "schools_inclusive_share": tidy_file("schools_inclusive_conditions_share_by_region_2015_2020.csv", "schools_inclusive_share"),
        "water_access_share": tidy_file("centralised_water_access_share_national_urban_rural_2010_2022.csv", "water_access_share", by_area),
        "sanitation_share": tidy_file("safely_managed_sanitation_share_national_urban_rural_2018_2022.csv", "sanitation_share", by_area),
    }  # fmt: skip
