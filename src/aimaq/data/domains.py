"""The domains an indicator belongs to (a light module: the CLI reads it for its help)."""

from __future__ import annotations

__all__ = ["DOMAINS"]

#: The ``domain`` values of the indicator catalogue, in the order they are listed.
DOMAINS: tuple[str, ...] = (
    "economy",
    "labour",
    "demography",
    "health",
    "education",
    "housing",
    "infrastructure",
    "digital",
    "srs",
    "finance",
)
