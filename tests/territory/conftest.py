"""Fixtures of the territory tests: the package resolver and frames, built once."""

from __future__ import annotations

import pytest

from aimaq.territory import Resolver, TerritoryFrames, territory_frames


@pytest.fixture(scope="session")
def frames() -> TerritoryFrames:
    """The territory tables from the package data."""
    return territory_frames()


@pytest.fixture(scope="session")
def resolver() -> Resolver:
    """The default resolver over the package data."""
    return Resolver.default()
