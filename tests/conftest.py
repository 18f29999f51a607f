"""Fixtures shared by the whole suite. Subpackages keep their own in their conftest."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimaq.data.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "kz"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared/data/kz``: the real official files; tests that need them skip without."""
    if not SHARED.is_dir():
        pytest.skip(f"real data folder {SHARED} is absent (it sits beside the checkout in CI)")
    return SHARED


@pytest.fixture()
def mem_store() -> Store:
    """An empty, migrated in-memory database."""
    store = Store(":memory:")
    store.migrate()
    return store


@pytest.fixture()
def file_store(tmp_path: Path) -> Store:
    """An empty, migrated database file in a temporary folder."""
    store = Store(tmp_path / "aimaq.duckdb")
    store.migrate()
    return store
