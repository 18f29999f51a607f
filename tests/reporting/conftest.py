"""Fixtures of the reporting tests: a small store built in code."""

from __future__ import annotations

import pytest
from sample_store import build_sample_store

from aimaq.data.store import Store


@pytest.fixture()
def sample_store() -> Store:
    store = Store(":memory:")
    store.migrate()
    return build_sample_store(store)
