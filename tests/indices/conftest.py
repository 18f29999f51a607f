"""Fixtures of the index tests: the HDI example definition and a regional store built
from the embedded official dataset (regions only, the indicators the built-ins read)."""

from __future__ import annotations

import pandas as pd
import pytest

from aimaq.data.store import Store


@pytest.fixture()
def small_data() -> pd.DataFrame:
    """Eight units with distinct, positive values."""
    return pd.DataFrame(
        {
            "a": [1.0, 2, 3, 4, 5, 6, 7, 8],
            "b": [8.0, 6, 7, 5, 3, 4, 1, 2],
            "c": [2.0, 4, 1, 3, 8, 6, 5, 7],
            "d": [5.0, 5.5, 6, 3, 2, 9, 1, 4],
        },
        index=[f"u{i}" for i in range(1, 9)],
    )


_BUILTIN_INDICATORS = (
    "poverty_rate",
    "informal_employment_share",
    "manufacturing_share_grp",
    "rd_expenditure_share_grp",
    "grp",
    "fixed_investment",
    "population_avg",
    "unemployment_rate",
    "wage_avg",
    "life_expectancy",
    "doctors",
    "housing_m2_pc",
    "emergency_housing_residents",
    "roads_good_share",
    "waste_collection_share",
    "internet_users_share",
    "mobile_phone_share",
    "broadband_subscribers",
    "srs_provision",
)


@pytest.fixture(scope="session")
def region_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database file with the country, the regions, the catalogue and the embedded
    official observations the built-in indices read (built from the shipped package data)."""
    from aimaq.data.catalogue import load_catalogue
    from aimaq.data.datasets import load_observations
    from aimaq.territory.frames import territory_frames

    path = tmp_path_factory.mktemp("indices") / "regions.duckdb"
    store = Store(path)
    store.migrate()
    territory = territory_frames().territory
    store.replace_rows("territory", territory[territory["level"].isin(["country", "region"])])
    store.upsert_indicators(load_catalogue().frame())
    obs = load_observations()
    obs = obs[obs["indicator_id"].isin(_BUILTIN_INDICATORS) & obs["kato"].str.endswith("0000000")]
    store.write_observations(
        obs.drop(columns=[c for c in obs.columns if c == "source_id"]),
        source="embedded dataset (regions)",
        sha256="test-regions",
        importer="tests",
    )
    store.close()
    return str(path)
