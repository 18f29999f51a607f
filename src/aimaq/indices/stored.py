"""Indicator tables for an index, read from the store: one row per territory, one column
per indicator of the definition, for one year and one territorial level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from aimaq.data.store import Store, canonical_dims
from aimaq.errors import Advice, ValidationError
from aimaq.indices.definition import IndexDefinition
from aimaq.indices.parts import Indicator


@dataclass(frozen=True)
class IndexData:
    """The raw table an index is built from, and where each column came from."""

    frame: pd.DataFrame  # units (KATO) x indicator ids
    names: pd.Series  # KATO -> English name
    periods: dict[str, str]  # column -> period(s) read
    polarity: dict[str, int]  # indicator id -> catalogue polarity
    parents: pd.Series  # KATO -> parent KATO, the grouping for group-mean imputation


def _periods_for(year: int) -> list[str]:
    """Annual figures first, else the figure on 1 January of that year."""
    return [str(year), f"{year}-01-01"]


def year_ranges(years: list[int]) -> str:
    """Years as ranges, gaps visible.

    Examples
    --------
    >>> year_ranges([2001, 2002, 2003, 2009, 2014, 2015])
    '2001-2003, 2009, 2014-2015'
    >>> year_ranges([])
    'none'
    """
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) or "none"


def _years_with_data(periods: pd.Series) -> str:
    """The years an index can use (annual or 1 January figures), and what else is stored.

    Examples
    --------
    >>> _years_with_data(pd.Series(["2009", "2010", "2014", "2022Q1", "2022Q2"]))
    'years with data: 2009-2010, 2014; quarterly or other periods (not used): 2022'
    """
    dated = [(int(p[:4]), p) for p in map(str, periods) if p[:4].isdigit()]
    usable = [year for year, p in dated if p in _periods_for(year)]
    other = [year for year, p in dated if p not in _periods_for(year)]
    text = f"years with data: {year_ranges(usable)}"
    if other:
        text += f"; quarterly or other periods (not used): {year_ranges(other)}"
    return text


_UNITS_SQL = (
    "select kato, name_en, parent_kato from territory where level = ? "
    "and (valid_from is null or valid_from <= cast(? as date)) "
    "and (valid_to is null or valid_to >= cast(? as date)) order by kato"
)


def territories(store: Store, level: str, year: int) -> pd.DataFrame:
    """Territories of a level that exist at the end of ``year`` (borders of that year).

    Examples
    --------
    >>> s = Store(":memory:"); _ = s.migrate()
    >>> territories(s, "region", 2022).empty
    True
    """
    end = f"{year}-12-31"
    return store.query(_UNITS_SQL, [level, end, end])


def _series(store: Store, ind: Indicator, year: int, level: str) -> tuple[pd.Series, str]:
    dims = canonical_dims(ind.dims or {})
    found = store.observations(ind.source_id, level=level, dims=ind.dims or {})
    if found.empty:
        raise ValidationError(
            f"indicator {ind.id!r} ({ind.source_id}, dims {dims}) has no stored data at "
            f"level {level!r}"
        )
    target = year + ind.offset
    for period in _periods_for(target):
        rows = found[found["period"] == period]
        if not rows.empty:
            break
    else:
        raise ValidationError(
            f"indicator {ind.id!r} ({ind.source_id}) has no data for {target} at level "
            f"{level!r}; {_years_with_data(found['period'])}"
        )
    values = rows.set_index("kato")["value"].astype(np.float64)
    if ind.change is None:
        return values, period
    base_period = period.replace(str(target), str(target - ind.change), 1)
    base_rows = found[found["period"] == base_period]
    if base_rows.empty:
        raise ValidationError(
            f"indicator {ind.id!r}: change over {ind.change} years needs {ind.source_id} "
            f"for {base_period}, which is not stored"
        )
    base = base_rows.set_index("kato")["value"].astype(np.float64)
    rate = 100.0 * ((values / base.reindex(values.index)) ** (1.0 / ind.change) - 1.0)
    return rate, f"{base_period}..{period}"


def load_index_data(
    store: Store,
    definition: IndexDefinition,
    *,
    year: int,
    level: str | None = None,
    strict: bool = True,
) -> IndexData:
    """Read every indicator and denominator of a definition for one year.

    Units are the territories of the level that exist at the end of the year. An indicator
    with no data for the year is an error naming it; units without a value stay missing
    (NaN) for the imputation step to fill or report. With ``strict=False`` an indicator
    with no data for the year becomes an all-missing column (for earlier years used by
    carry-forward imputation).
    """
    lvl = level or definition.level
    units = territories(store, lvl, year)
    if units.empty:
        raise ValidationError(f"no territories of level {lvl!r} in the database for {year}")
    index = pd.Index(units["kato"], name="unit")
    frame = pd.DataFrame(index=index)
    periods: dict[str, str] = {}
    wanted: list[Indicator] = [*definition.indicators, *definition.auxiliary]
    for ind in list(wanted):
        if ind.denominator and ind.denominator not in {w.id for w in wanted}:
            wanted.append(Indicator(id=ind.denominator, offset=ind.offset))
    ids = sorted({i.source_id for i in wanted})
    pol = store.query(
        f"select id, polarity from indicator where id in ({', '.join('?' * len(ids))})", ids
    )
    known = dict(zip(pol["id"], pol["polarity"].astype(int), strict=True))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValidationError(
            f"unknown indicator id(s) {unknown}: not in the catalogue", advice=Advice.indicators
        )
    for ind in wanted:
        if ind.id in frame.columns:
            continue
        try:
            values, period = _series(store, ind, year, lvl)
        except ValidationError:
            if strict:
                raise
            frame[ind.id] = np.nan
            continue
        frame[ind.id] = values.reindex(index)
        periods[ind.id] = period
        if strict and frame[ind.id].isna().all():
            raise ValidationError(
                f"indicator {ind.id!r} has no data for the {lvl} units existing in {year}"
            )
    polarity = {ind.id: known[ind.source_id] for ind in definition.indicators}
    by_kato = units.set_index("kato").rename_axis("unit")
    return IndexData(
        frame=frame,
        names=by_kato["name_en"],
        periods=periods,
        polarity=polarity,
        parents=by_kato["parent_kato"],
    )


def load_history(
    store: Store,
    definition: IndexDefinition,
    *,
    year: int,
    level: str | None = None,
    years: int = 5,
) -> list[tuple[str, pd.DataFrame]]:
    """The same table for up to ``years`` earlier years, newest first (for carry-forward)."""
    out = []
    for past in range(year - 1, year - 1 - years, -1):
        try:
            data = load_index_data(store, definition, year=past, level=level, strict=False)
        except ValidationError:
            continue
        out.append((str(past), data.frame))
    return out
