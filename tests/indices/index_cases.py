"""Definitions shared by the index tests (plain data, built in code)."""

from __future__ import annotations

from typing import Any

#: The example index file of the specification: the UNDP HDI (2014 method onwards).
HDI_YAML = """
name: example
indicators:
  - {id: life_expectancy, normalise: {method: goalposts, min: 20, max: 85}}
  - {id: expected_schooling, normalise: {method: goalposts, min: 0, max: 18}}
  - {id: mean_schooling, normalise: {method: goalposts, min: 0, max: 15}}
  - {id: income_pc, transform: log, normalise: {method: goalposts, min: 100, max: 75000}}
groups:
  - {id: health, members: [life_expectancy]}
  - {id: education, members: [expected_schooling, mean_schooling], aggregate: arithmetic}
  - {id: income, members: [income_pc]}
  - {id: index, members: [health, education, income], aggregate: geometric}
"""

HDI_POLARITY = {"life_expectancy": 1, "expected_schooling": 1, "mean_schooling": 1, "income_pc": 1}


def small_definition(**extra: Any) -> dict[str, Any]:
    """Two pillars of two indicators each, for pipeline tests."""
    base: dict[str, Any] = {
        "name": "small",
        "indicators": [{"id": i, "polarity": 1} for i in ("a", "b", "c", "d")],
        "groups": [
            {"id": "p1", "members": ["a", "b"]},
            {"id": "p2", "members": ["c", "d"]},
            {"id": "top", "members": ["p1", "p2"]},
        ],
    }
    base.update(extra)
    return base
