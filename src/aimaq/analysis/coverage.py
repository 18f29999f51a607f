"""Coverage: which units a measure should see, which it left out and why, and when to refuse.

A stored measure is computed on the units that have a value. Every unit of the level that
existed in the period (by the territory tree's ``valid_from`` and ``valid_to``; annual
figures of the year of a border change are on the new borders) and has no value is listed
with the reason. Below :data:`MIN_COVERAGE` of the units, or of their population where the
population of every expected unit is known, the measure is refused with
:class:`PartialCoverage` unless the caller allows a partial result: a Gini of 7 regions out
of 20 is not a Gini of Kazakhstan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from aimaq.analysis.borders import BorderChange
from aimaq.data.store import Store, canonical_dims
from aimaq.errors import ValidationError

__all__ = [
    "MIN_COVERAGE",
    "Coverage",
    "PartialCoverage",
    "absent_units",
    "expected_units",
    "never_stored",
    "no_value_reason",
]

#: Share of the units (and, where known, of their population) a measure needs by default.
MIN_COVERAGE = 0.8


def _period_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a period covers (an annual period ``2024`` or a date)."""
    text = str(period)
    if len(text) == 4:
        return pd.Timestamp(f"{text}-01-01"), pd.Timestamp(f"{text}-12-31")
    day = pd.Timestamp(text[:10])
    return day, day


def expected_units(store: Store, level: str, period: str) -> pd.DataFrame:
    """The units of ``level`` that existed in ``period`` (``kato``, ``name_en``).

    An annual period counts a unit created during the year (its figures are published on
    the new borders) and not one abolished during it; a dated period counts the units
    valid on that day.

    Examples
    --------
    >>> store = Store(":memory:"); _ = store.migrate()
    >>> expected_units(store, "region", "2024").empty
    True
    """
    start, end = _period_bounds(period)
    tree = store.query(
        "select kato, name_en, valid_from, valid_to from territory where level = ? order by kato",
        [level],
    )
    begins = pd.to_datetime(tree.valid_from)
    ends = pd.to_datetime(tree.valid_to)
    if len(str(period)) == 4:
        alive = (begins.isna() | (begins <= end)) & (ends.isna() | (ends > end))
    else:
        alive = (begins.isna() | (begins <= start)) & (ends.isna() | (ends > start))
    return tree.loc[alive, ["kato", "name_en"]].reset_index(drop=True)


def no_value_reason(period: str, stored_periods: Sequence[str]) -> str:
    """Why a unit has no value: nothing stored for the period (and the periods it has)."""
    if not stored_periods:
        return f"no value stored for {period} (none in any period)"
    years = sorted({str(p)[:4] for p in stored_periods})
    shown = years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return f"no value stored for {period} (values stored for {shown})"


@dataclass(frozen=True)
class Coverage:
    """How many of the expected units a measure saw, by count and by population."""

    units: int
    expected: int
    population_share: float | None
    threshold: float = MIN_COVERAGE
    excluded: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)  # English names of excluded codes

    @property
    def unit_share(self) -> float:
        return self.units / self.expected if self.expected else 1.0

    @property
    def sufficient(self) -> bool:
        """At least ``threshold`` of the units and (where known) of the population."""
        shares = [self.unit_share]
        if self.population_share is not None:
            shares.append(self.population_share)
        return min(shares) >= self.threshold

    def describe(self, unit: str = "units") -> str:
        """``7 of 20 regions (35%; 31% of the population)``."""
        text = f"{self.units} of {self.expected} {unit} ({self.unit_share:.0%}"
        if self.population_share is not None:
            text += f"; {self.population_share:.0%} of the population"
        return text + ")"

    def to_dict(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "expected": self.expected,
            "unit_share": self.unit_share,
            "population_share": self.population_share,
            "threshold": self.threshold,
            "sufficient": self.sufficient,
        }


class PartialCoverage(ValidationError):
    """A measure would see fewer units than its coverage threshold asks for.

    Carries the :class:`Coverage` (with every excluded unit and its reason), so callers can
    report it in their own words and language.
    """

    def __init__(self, what: str, coverage: Coverage, unit: str = "units") -> None:
        self.what = what
        self.coverage = coverage
        self.unit = unit
        missing = [
            f"{coverage.names[k]} ({k})" if coverage.names.get(k) else k for k in coverage.excluded
        ]
        shown = ", ".join(missing[:8]) + (
            f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        )
        super().__init__(
            f"{what}: values for {coverage.describe(unit)}, below the "
            f"{coverage.threshold:.0%} coverage a measure needs; left out: {shown}"
        )


def absent_units(
    store: Store,
    indicator: str,
    level: str,
    period: str,
    rows: pd.DataFrame,
    dims: Mapping[str, str] | None,
) -> tuple[dict[str, str], pd.DataFrame]:
    """The units of ``level`` that existed in ``period`` but have no row, with the reason."""
    expected = expected_units(store, level, period)
    have = set(rows.kato.astype(str))
    lacking = [k for k in expected.kato.astype(str) if k not in have]
    if not lacking:
        return {}, expected
    stored = store.query(
        "select kato, list(distinct period order by period) as periods from observation "
        "where indicator_id = ? and dims = ? and kato in (select unnest(?)) group by kato",
        [indicator, canonical_dims(dims), lacking],
    )
    periods = {
        str(k): [str(p) for p in v] for k, v in zip(stored.kato, stored.periods, strict=True)
    }
    return {k: no_value_reason(period, periods.get(k, [])) for k in lacking}, expected


def never_stored(
    store: Store,
    level: str,
    first: int,
    last: int,
    wide: pd.DataFrame,
    changes: Sequence[BorderChange],
) -> dict[str, str]:
    """Units of ``level`` that existed over the whole panel yet have no value in it."""
    start = set(expected_units(store, level, str(first)).kato.astype(str))
    end = expected_units(store, level, str(last))
    have = set(wide.index.astype(str))
    moved = {c.old_kato for c in changes} | {c.new_kato for c in changes}
    return {
        k: f"no value stored in {first}-{last}"
        for k in end.kato.astype(str)
        if k in start and k not in have and k not in moved
    }
