"""Fixtures of the economy tests: the shipped database, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimaq.data.build import init_database
from aimaq.data.store import Store
from aimaq.standards.synthetic import load_default


@pytest.fixture(scope="session")
def kz_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file as ``aimaq init`` builds it: the embedded official data and the
    synthetic SRS registry."""
    path = tmp_path_factory.mktemp("economy") / "kz.duckdb"
    with Store(path) as store:
        init_database(store)
        load_default(store)
    return path


@pytest.fixture()
def kz_store(kz_db: Path) -> Store:
    store = Store(kz_db, read_only=True)
    yield store
    store.close()
