"""The domains an indicator belongs to (a light module: the CLI reads it for its help)."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["DOMAINS", "Domain"]

#: The ``domain`` values of the indicator catalogue, in the order they are listed.
Domain = Literal[
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
    "environment",
]
DOMAINS: tuple[str, ...] = get_args(Domain)
