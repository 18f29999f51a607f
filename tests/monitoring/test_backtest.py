"""Back-tests on the real embedded GRP and unemployment series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aimaq.data.datasets import load_observations
from aimaq.data.store import Store
from aimaq.monitoring import backtest, forecast, summarise
from aimaq.monitoring.backtest import backtest_indicator, stored_series


def test_backtest_uses_only_the_past_at_each_origin() -> None:
    years = np.arange(2005, 2020)
    values = 100 * 1.07 ** np.arange(15) + np.sin(np.arange(15))
    result = backtest(years, values, first_origin=2012)
    auto = result[(result.method == "auto") & (result.origin == 2014)]
    expected = forecast(years[years <= 2014], values[years <= 2014], [2015, 2016, 2017])
    np.testing.assert_allclose(auto.forecast, expected.mean)
    np.testing.assert_allclose(auto.actual, values[[10, 11, 12]])
    assert set(result.horizon) == {1, 2, 3} and result.origin.min() == 2012


def _store_from_embedded(store: Store, indicator: str) -> Store:
    obs = load_observations(indicator)
    obs = obs[obs.kato.str.endswith("0000000")]
    katos = sorted(obs.kato.unique())
    store.replace_rows(
        "territory",
        pd.DataFrame(
            {"kato": katos, "level": ["country" if k == "000000000" else "region" for k in katos]}
        ),
    )
    store.replace_rows(
        "territory_change",
        pd.DataFrame(
            {
                "old_kato": ["190000000"],
                "new_kato": ["330000000"],
                "date": [pd.Timestamp("2022-06-08")],
                "kind": ["split"],
            }
        ),
    )
    store.upsert_indicators(
        pd.DataFrame(
            {
                "id": [indicator],
                "name_en": [indicator],
                "unit": ["x"],
                "polarity": [0],
                "domain": ["test"],
            }
        )
    )
    store.write_observations(
        obs.drop(columns="source_id"), source="embedded", sha256=indicator, importer="test"
    )
    return store


@pytest.mark.parametrize("indicator", ["unemployment_rate", "grp"])
def test_backtest_on_real_series(mem_store: Store, indicator: str) -> None:
    store = _store_from_embedded(mem_store, indicator)
    series = stored_series(store, indicator)
    assert "000000000" in series
    assert series["190000000"].index.max() == 2021  # Almaty Region stops before its 2022 split
    result = backtest_indicator(store, indicator, first_origin=2015)
    table = summarise(result)
    assert set(table.method) >= {"auto", "naive", "log-linear", "holt"}
    auto = table[(table.method == "auto") & (table.horizon == 1)].iloc[0]
    assert auto.n > 50 and np.isfinite(auto.mae) and 0 <= auto.coverage <= 1
    # errors grow with the horizon for the chosen model, as they must on trending data
    mae = table[table.method == "auto"].set_index("horizon").mae
    assert mae[1] < mae[3]
