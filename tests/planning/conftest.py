"""Planning fixtures: small SYNTHETIC instances built in code (no registry needed)."""

from __future__ import annotations

import pandas as pd
import pytest
from planning_instances import make_instance


@pytest.fixture()
def instance() -> tuple[pd.DataFrame, pd.DataFrame]:
    return make_instance(3, n_settlements=8)
