"""Fixtures of the territory tests: the package resolver and frames, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimaq.data.catalogue import TABLE_COLUMNS, load_catalogue
from aimaq.data.store import Store
from aimaq.territory import Resolver, TerritoryFrames, territory_frames

_TABLES = {
    "territory": "territory",
    "alias": "territory_alias",
    "change": "territory_change",
    "tag": "territory_tag",
}


@pytest.fixture(scope="session")
def frames() -> TerritoryFrames:
    """The territory tables from the package data."""
    return territory_frames()


@pytest.fixture(scope="session")
def resolver() -> Resolver:
    """The default resolver over the package data."""
    return Resolver.default()


@pytest.fixture()
def territory_db(tmp_path: Path) -> Path:
    """A database file with the territory tables and the catalogue, no observations."""
    path = tmp_path / "aimaq.duckdb"
    store = Store(path)
    store.migrate()
    frames = territory_frames()
    for attr, table in _TABLES.items():
        store.replace_rows(table, getattr(frames, attr))
    store.upsert_indicators(load_catalogue().frame()[TABLE_COLUMNS])
    store.close()
    return path
