"""A small database built in code: four regions (Almaty Region splits in 2022) and six
districts. Shared by the analysis and command-line tests."""

from __future__ import annotations

import pandas as pd

from aimaq.data.store import Store

INDICATORS = pd.DataFrame(
    {
        "id": ["grp_per_capita", "population_avg", "population_jan1"],
        "name_en": ["GRP per capita", "Average annual population", "Population on 1 January"],
        "unit": ["thousand KZT", "persons", "persons"],
        "polarity": [1, 0, 0],
        "domain": ["economy", "demography", "demography"],
    }
)

# Three regions with two districts each; the codes follow the KATO pattern.
TERRITORIES = pd.DataFrame(
    {
        "kato": [
            "000000000",
            "110000000",
            "150000000",
            "190000000",
            "330000000",
            "111000000",
            "112000000",
            "151000000",
            "152000000",
            "191000000",
            "192000000",
        ],
        "parent_kato": [
            None,
            "000000000",
            "000000000",
            "000000000",
            "000000000",
            "110000000",
            "110000000",
            "150000000",
            "150000000",
            "190000000",
            "190000000",
        ],
        "level": ["country"] + ["region"] * 4 + ["district"] * 6,
        "name_en": [
            "Kazakhstan",
            "R11",
            "R15",
            "R19",
            "R33",
            "D111",
            "D112",
            "D151",
            "D152",
            "D191",
            "D192",
        ],
    }
)

REGION_VALUES = {  # grp_per_capita by year: 19 splits into 19 and 33 in 2022
    "110000000": [100.0, 110.0, 125.0, 140.0],
    "150000000": [200.0, 205.0, 215.0, 220.0],
    "190000000": [50.0, 60.0, 80.0, 95.0],
    "330000000": [None, None, 40.0, 45.0],
}
REGION_POP = {
    "110000000": [10.0, 10.0, 10.0, 10.0],
    "150000000": [20.0, 20.0, 21.0, 21.0],
    "190000000": [30.0, 30.0, 18.0, 18.0],
    "330000000": [None, None, 12.0, 12.0],
}
YEARS = ["2020", "2021", "2022", "2023"]
DISTRICT_POP = {
    "111000000": 4.0,
    "112000000": 6.0,
    "151000000": 15.0,
    "152000000": 5.0,
    "191000000": 10.0,
    "192000000": 8.0,
}


def observation_frame() -> pd.DataFrame:
    rows = []
    for table, indicator in ((REGION_VALUES, "grp_per_capita"), (REGION_POP, "population_avg")):
        for kato, series in table.items():
            for year, value in zip(YEARS, series, strict=True):
                if value is not None:
                    rows.append((kato, indicator, year, value, "{}"))
    for kato, value in DISTRICT_POP.items():
        rows.append((kato, "population_jan1", "2023-01-01", value * 1000, "{}"))
        rows.append((kato, "population_jan1", "2023-01-01", value * 400, '{"area":"rural"}'))
        rows.append((kato, "population_jan1", "2023-01-01", value * 600, '{"area":"urban"}'))
    return pd.DataFrame(rows, columns=["kato", "indicator_id", "period", "value", "dims"])


def fill(store: Store) -> Store:
    store.replace_rows("territory", TERRITORIES)
    store.write_observations(
        observation_frame(),
        source="analysis-test",
        sha256="analysis-test",
        importer="test",
        indicators=INDICATORS,
    )
    return store
