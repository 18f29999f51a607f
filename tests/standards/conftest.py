"""Fixtures of the SRS tests: a small hand-worked registry, and the real KATO tree with the
2023 district populations read from ../shared/data/kz for the calibrated registry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from kz_inputs import bulletin_population, kato_territory

from aimaq.standards import load_catalogue
from aimaq.standards.catalogue import Catalogue
from aimaq.standards.registry import Registry
from aimaq.standards.synthetic import generate


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def kz_inputs(shared_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    territory = kato_territory(shared_dir)
    return territory, bulletin_population(shared_dir, territory)


@pytest.fixture(scope="session")
def synthetic(kz_inputs: tuple[pd.DataFrame, pd.DataFrame], catalogue: Catalogue) -> Registry:
    territory, population = kz_inputs
    return generate(territory, population, seed=2024, catalogue=catalogue)
