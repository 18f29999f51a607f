"""Checks on observation frames against the database, run before anything is written.

:class:`Checks` reads what it needs from the store once per import and is then applied
to each chunk of rows; it raises :class:`~aimaq.errors.ImportError_` naming the file,
the row or record, the column and the value (as written in the file), and never writes.
"""

from __future__ import annotations

import functools
from datetime import date

import numpy as np
import pandas as pd

from aimaq.data.bounds import FIRST_YEAR, Bound, bound_for, infer_quantity
from aimaq.data.importers.periods import period_span
from aimaq.data.store import Store
from aimaq.errors import Advice, ImportError_, Location

RECALCULATED = "recalculated_to_current"
#: ASSUMPTION: the last year a figure may name with ``allow_future`` (plans, forecasts).
LAST_FUTURE_YEAR = 2100


@functools.lru_cache(maxsize=1)
def _catalogue_quantities() -> dict[str, str | None]:
    from aimaq.data.catalogue import load_catalogue

    return {ind.id: ind.quantity for ind in load_catalogue()}


class Checks:
    """Every check of one import, with the database's answers read once.

    Parameters
    ----------
    store
        The store the rows will be written to (catalogue and territories).
    source
        The file, as messages name it.
    allow_future
        Accept periods after the current year (up to :data:`LAST_FUTURE_YEAR`).
    brought
        Catalogue rows (``id``, ``unit``) the file brings with it, known before they are stored.
    today
        The current date (for tests).
    """

    def __init__(
        self,
        store: Store,
        source: str,
        *,
        allow_future: bool = False,
        brought: pd.DataFrame | None = None,
        today: date | None = None,
    ) -> None:
        self.source = source
        self.allow_future = allow_future
        self.today = today or date.today()
        units = store.query("select id, unit from indicator")
        if brought is not None and len(brought):
            units = pd.concat([units, brought[["id", "unit"]]], ignore_index=True)
        quantities = _catalogue_quantities()
        self.bounds: dict[str, Bound] = {
            str(r.id): bound_for(
                quantities.get(str(r.id)) or infer_quantity(str(r.id), str(r.unit)), str(r.unit)
            )
            for r in units.itertuples(index=False)
        }
        terr = store.query(
            "select kato, coalesce(name_en, name_ru, name_kk) as name, valid_from, valid_to "
            "from territory where valid_from is not null or valid_to is not null"
        )
        self.lifetimes = {
            str(r.kato): (str(r.name), _as_date(r.valid_from), _as_date(r.valid_to))
            for r in terr.itertuples(index=False)
        }
        self._spans: dict[str, tuple[date, date]] = {}

    def __call__(self, frame: pd.DataFrame) -> None:
        """Check one chunk of the observation frame."""
        if frame.empty:
            return
        self.indicators(frame)
        self.periods(frame)
        self.values(frame)

    def _where(self, frame: pd.DataFrame, i: int, column: str, value: object) -> Location:
        return Location(self.source, str(frame["ref"].iloc[i]), column, value)

    def _as_written(self, frame: pd.DataFrame, i: int) -> object:
        if "raw" in frame.columns:
            raw = frame["raw"].iloc[i]
            if isinstance(raw, str) and raw:
                return raw
        return float(frame["value"].iloc[i])

    def indicators(self, frame: pd.DataFrame) -> None:
        """Every indicator id is in the catalogue (the store's ``indicator`` table)."""
        bad = ~frame["indicator_id"].isin(self.bounds.keys())
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            ids = sorted(set(frame.loc[bad, "indicator_id"]))
            raise ImportError_(
                f"unknown indicator id(s) {ids}: not in the catalogue",
                self._where(frame, i, "indicator", frame["indicator_id"].iloc[i]),
                advice=Advice.indicator,
            )

    def _span(self, period: str) -> tuple[date, date]:
        if period not in self._spans:
            self._spans[period] = period_span(period)
        return self._spans[period]

    def periods(self, frame: pd.DataFrame) -> None:
        """Years in range (1990 .. this year, or later with ``allow_future``) and no value
        for a territory in a period when it did not exist.

        A period must overlap the territory's validity (``valid_from`` .. ``valid_to``): a
        value for Abai Region (from 2022-06-08) in 2019, for Shymkent (from 2018-06-19) in
        2015, or for South Kazakhstan (until 2018-06-19) in 2020 is on the wrong side of a
        border change. A value recalculated by its publisher to today's borders
        (``border_basis = recalculated_to_current``) may precede its unit's start: Turkestan
        Region in 2016 on its present territory.
        """
        this_year = self.today.year
        last = LAST_FUTURE_YEAR if self.allow_future else this_year
        periods = frame["period"].astype(str)
        for period in pd.unique(periods):
            first, end = self._span(period)
            if first.year < FIRST_YEAR or end.year > last:
                i = int(np.flatnonzero((periods == period).to_numpy())[0])
                if first.year < FIRST_YEAR:
                    why = f"before {FIRST_YEAR}: not a plausible period"
                advice = None
                if first.year < FIRST_YEAR:
                    why = f"before {FIRST_YEAR}: not a plausible period"
                elif end.year > LAST_FUTURE_YEAR or self.allow_future:
                    why = f"after {LAST_FUTURE_YEAR}: not a plausible period"
                else:
                    why, advice = f"after the current year ({this_year})", Advice.allow_future
                raise ImportError_(
                    f"period {period} is {why}",
                    self._where(frame, i, "period", period),
                    advice=advice,
                )
        if not self.lifetimes:
            return
        lives = frame["kato"].astype(str).isin(self.lifetimes.keys())
        recalculated = (
            frame["border_basis"].eq(RECALCULATED).to_numpy()
            if "border_basis" in frame.columns
            else np.zeros(len(frame), dtype=bool)
        )
        if not lives.any():
            return
        pairs = frame.loc[lives, ["kato", "period"]].astype(str)
        pairs["recalculated"] = recalculated[lives.to_numpy()]
        for kato, period, moved in pairs.drop_duplicates().itertuples(index=False):
            name, start, stop = self.lifetimes[kato]
            first, last_day = self._span(period)
            wrong = None
            if start is not None and last_day < start and not moved:
                wrong = f"exists from {start.isoformat()}"
            elif stop is not None and first > stop:
                wrong = f"existed until {stop.isoformat()}"
            if wrong:
                hit = (frame["kato"].astype(str) == kato) & periods.eq(period)
                i = int(np.flatnonzero(hit.to_numpy())[0])
                raise ImportError_(
                    f"{name} ({kato}) {wrong}; a value for {period} is on the wrong side of "
                    "the border change",
                    self._where(frame, i, "period", period),
                )

    def values(self, frame: pd.DataFrame) -> None:
        """Each value inside its indicator's plausible range (sign included)."""
        values = frame["value"].to_numpy(dtype=np.float64)
        for ind in pd.unique(frame["indicator_id"]):
            bound = self.bounds[str(ind)]
            mine = (frame["indicator_id"] == ind).to_numpy()
            v = values[mine]
            outside = ~np.isnan(v) & ((v < bound.low) | (v > bound.high) | ~np.isfinite(v))
            if not outside.any():
                continue
            i = int(np.flatnonzero(mine)[int(np.flatnonzero(outside)[0])])
            count = int(outside.sum())
            if bound.low == 0 and values[i] < 0:
                why = f"negative value for {ind}, {bound.what} that cannot be negative"
            else:
                why = f"implausible value for {ind}: {bound.describe()}"
            raise ImportError_(
                f"{why} ({count} such row(s) in this part of the file)",
                self._where(frame, i, "value", self._as_written(frame, i)),
            )


def _as_date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(str(value)).date()
