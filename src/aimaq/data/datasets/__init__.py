"""The embedded official dataset (BNS figures in tidy form) and the indicators derived from it."""

from __future__ import annotations

from aimaq.data.datasets.embedded import (
    DATASET,
    OBSERVATION_COLUMNS,
    EmbeddedSource,
    embedded_sources,
    load_observations,
    load_source,
    sources,
)

__all__ = [
    "DATASET",
    "OBSERVATION_COLUMNS",
    "EmbeddedSource",
    "embedded_sources",
    "load_observations",
    "load_source",
    "sources",
]
