"""Checks on an observation frame against the database, run before anything is written.

Each check reads the store and raises :class:`~aimaq.errors.ImportError_` naming the
file, the row or record, the column and the value; none of them writes.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from aimaq.data.importers.periods import period_span
from aimaq.data.store import Store
from aimaq.errors import ImportError_, Location

RECALCULATED = "recalculated_to_current"
# Units of counts and stocks: a negative value is impossible, whatever the indicator.
_COUNT_UNIT_WORDS = ("person", "persons", "people", "unit", "units", "organisations", "m2")


def check_indicators(store: Store, frame: pd.DataFrame, source: str) -> None:
    """Every indicator id is in the catalogue (the store's ``indicator`` table)."""
    known = set(store.query("select id from indicator")["id"])
    bad = frame[~frame["indicator_id"].isin(known)]
    if len(bad):
        first = bad.iloc[0]
        ids = sorted(set(bad["indicator_id"]))
        raise ImportError_(
            f"unknown indicator id(s) {ids}: not in the catalogue "
            "(see `aimaq indicators`, or pass --indicator with a catalogue id)",
            Location(source, first["ref"], "indicator", first["indicator_id"]),
        )


def check_periods_valid(store: Store, frame: pd.DataFrame, source: str) -> None:
    """No value for a territory in a period when it did not exist.

    A period must overlap the territory's validity (``valid_from`` .. ``valid_to``): a
    value for Abai Region (from 2022-06-08) in 2019, for Shymkent (from 2018-06-19) in
    2015, or for South Kazakhstan (until 2018-06-19) in 2020 is on the wrong side of a
    border change. A value recalculated by its publisher to today's borders
    (``border_basis = recalculated_to_current``) may precede its unit's start: Turkestan
    Region in 2016 on its present territory.
    """
    terr = store.query(
        "select kato, coalesce(name_en, name_ru, name_kk) as name, valid_from, valid_to "
        "from territory where valid_from is not null or valid_to is not null"
    )
    if terr.empty or frame.empty:
        return
    bounds = {
        row.kato: (row.name, _as_date(row.valid_from), _as_date(row.valid_to))
        for row in terr.itertuples(index=False)
    }
    spans: dict[str, tuple[date, date]] = {}
    basis = (
        frame["border_basis"] if "border_basis" in frame.columns else ["as_published"] * len(frame)
    )
    rows = zip(frame["kato"], frame["period"], frame["ref"], basis, strict=True)
    for kato, period, ref, on_basis in rows:
        limits = bounds.get(str(kato))
        if limits is None:
            continue
        name, start, end = limits
        period, ref = str(period), str(ref)
        if period not in spans:
            spans[period] = period_span(period)
        first, last = spans[period]
        if start is not None and last < start and on_basis != RECALCULATED:
            raise ImportError_(
                f"{name} ({kato}) exists from {start.isoformat()}; a value for "
                f"{period} is on the wrong side of the border change",
                Location(source, ref, "period", period),
            )
        if end is not None and first > end:
            raise ImportError_(
                f"{name} ({kato}) existed until {end.isoformat()}; a value for "
                f"{period} is on the wrong side of the border change",
                Location(source, ref, "period", period),
            )


def check_non_negative(store: Store, frame: pd.DataFrame, source: str) -> None:
    """Counts (persons, units, ...) and population are never negative."""
    units = store.query("select id, unit from indicator")
    counts = {
        row.id
        for row in units.itertuples(index=False)
        if str(row.id).startswith("population")
        or any(word in str(row.unit).lower().split() for word in _COUNT_UNIT_WORDS)
    }
    bad = frame[frame["indicator_id"].isin(counts) & (frame["value"] < 0)]
    if len(bad):
        first = bad.iloc[0]
        raise ImportError_(
            f"negative value for {first['indicator_id']}, a count that cannot be negative "
            f"({len(bad)} such row(s))",
            Location(source, first["ref"], "value", float(first["value"])),
        )


def _as_date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(str(value)).date()
