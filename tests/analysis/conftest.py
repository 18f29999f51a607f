"""Fixtures of the analysis tests: small databases and data sets built in code."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_sample import fill

from aimaq.data.store import Store


@pytest.fixture()
def small_store(mem_store: Store) -> Store:
    """Four regions (19 split in 2022 into 19 and 33) and six districts, built in code."""
    return fill(mem_store)


@pytest.fixture()
def small_db(tmp_path) -> str:
    """The same data in a database file, for the command line."""
    path = tmp_path / "small.duckdb"
    store = Store(path)
    store.migrate()
    fill(store)
    store.close()
    return str(path)


@pytest.fixture(scope="session")
def regionalised() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """6,300 lognormal 'villages' in 20 regions with region effects, and populations."""
    rng = np.random.default_rng(2024)
    region = np.repeat(np.arange(20), 315)
    effect = rng.normal(0.0, 0.4, 20)[region]
    values = np.exp(8.0 + effect + rng.normal(0.0, 0.6, region.size))
    population = rng.integers(50, 5000, region.size).astype(float)
    return values, region, population
