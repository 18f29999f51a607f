"""Urban and rural poverty and unemployment side by side (the report's urban-rural figures)."""

from __future__ import annotations

import pandas as pd
import pytest

from aimaq.data.catalogue import TABLE_COLUMNS, load_catalogue
from aimaq.data.datasets.embedded import load_observations
from aimaq.data.store import Store
from aimaq.monitoring.urban_rural import urban_rural_table


def test_poverty_urban_rural_as_the_platform_prints_it(mem_store: Store) -> None:
    mem_store.replace_rows(
        "territory", pd.DataFrame({"kato": ["000000000"], "level": ["country"], "name_en": ["KZ"]})
    )
    mem_store.upsert_indicators(load_catalogue().frame()[TABLE_COLUMNS])
    rows = pd.concat(
        [load_observations("poverty_rate"), load_observations("unemployment_rate_sdg")]
    )
    rows = rows[rows.kato == "000000000"]
    mem_store.write_observations(
        rows.drop(columns=["source_id"]), source="t", sha256="t", importer="t"
    )
    table = urban_rural_table(mem_store).set_index(["indicator", "year"])
    # indicator_1-2-1.csv: "2010,PT,U,,,3.7" and "2010,PT,R,,,10.1"
    first = table.loc[("poverty_rate", 2010)]
    assert (first.urban, first.rural) == (3.7, 10.1)
    assert first.gap == pytest.approx(6.4) and first.ratio == pytest.approx(10.1 / 3.7)
    assert sorted(table.loc["poverty_rate"].index) == list(range(2010, 2024))
    assert set(table.target_id) == {"rural_poverty_2027", "rural_unemployment_2027"}
