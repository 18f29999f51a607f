"""Fixtures of the dashboard tests: the sample store of the reporting tests, loaded."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aimaq.data.store import Store
from aimaq.serving.data import DashboardData, load_dashboard_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reporting"))
from sample_store import build_sample_store


@pytest.fixture(scope="module")
def sample_data() -> DashboardData:
    store = Store(":memory:")
    store.migrate()
    build_sample_store(store)
    data = load_dashboard_data(store)
    store.close()
    return data


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dash") / "sample.duckdb"
    with Store(path) as store:
        store.migrate()
        build_sample_store(store)
    return path


@pytest.fixture(scope="session")
def kz_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database as ``aimaq init`` builds it: the embedded official data, the territory
    tags and the synthetic SRS registry."""
    from aimaq.data.build import init_database
    from aimaq.standards.synthetic import load_default

    path = tmp_path_factory.mktemp("dash-kz") / "kz.duckdb"
    with Store(path) as store:
        init_database(store)
        load_default(store)
    return path
