"""Stores with the real territory tree and catalogue, built once and copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aimaq.data.catalogue import TABLE_COLUMNS, load_catalogue
from aimaq.data.store import Store
from aimaq.territory import territory_frames

TABLES = {
    "territory": "territory",
    "alias": "territory_alias",
    "change": "territory_change",
    "tag": "territory_tag",
}


def build_reference_store(path: Path) -> None:
    """Territories (KATO tree, aliases, changes) and the catalogue; no observations."""
    store = Store(path)
    store.migrate()
    frames = territory_frames()
    for attr, table in TABLES.items():
        store.replace_rows(table, getattr(frames, attr))
    store.upsert_indicators(load_catalogue().frame()[TABLE_COLUMNS])
    store.close()


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    build_reference_store(path)
    return path


@pytest.fixture()
def ref_db(reference_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the reference database file for one test."""
    path = tmp_path / "aimaq.duckdb"
    shutil.copy(reference_db, path)
    return path


@pytest.fixture()
def store(ref_db: Path) -> Iterator[Store]:
    """A store with territories and the catalogue, private to one test."""
    s = Store(ref_db)
    yield s
    s.close()


@pytest.fixture(scope="session")
def taldau_dir(shared_dir: Path) -> Path:
    return shared_dir / "raw" / "taldau"


@pytest.fixture(scope="session")
def grp_json(taldau_dir: Path) -> Path:
    return taldau_dir / "2709379_grp_production_method.json"


@pytest.fixture(scope="session")
def expenditure_json(taldau_dir: Path) -> Path:
    return taldau_dir / "consumer_expenditure_region_urban_rural.json"


@pytest.fixture(scope="session")
def bulletin(shared_dir: Path) -> Path:
    return shared_dir / "raw" / "bns" / "population_2023-01-01_bulletin.xlsx"


def _same(before: dict, after: dict) -> bool:  # type: ignore[type-arg]
    if before.keys() != after.keys():
        return False
    return all(before[k].equals(after[k]) for k in before)


@pytest.fixture(scope="session")
def same_snapshot():  # type: ignore[no-untyped-def]
    """Compare two ``Store.snapshot()`` results: every table holds exactly the same rows."""
    return _same


def fingerprint(store: Store) -> dict[str, tuple[object, ...]]:
    """Row count and an order-free hash of every row of every table.

    Equal fingerprints mean equal tables (up to hash collisions); it is the fast form of
    comparing ``Store.snapshot()`` before and after, for tests that do it many times.
    """
    out = {}
    for name in store.table_names():
        row = store.connection.execute(
            f'select count(*), sum(hash(t)::hugeint) from "{name}" t'
        ).fetchone()
        out[name] = tuple(row) if row else ()
    return out


@pytest.fixture(scope="session")
def state():  # type: ignore[no-untyped-def]
    """``state(store)``: the fingerprint of every table (see :func:`fingerprint`)."""
    return fingerprint
