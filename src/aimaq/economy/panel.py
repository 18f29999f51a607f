"""Sector values of stored observations as units x sectors tables.

Sector values are ordinary observations whose ``dims`` carry one key, ``sector``, with a
code of the classifier (:mod:`aimaq.economy.sectors`); the total of the unit is the row
with ``dims = {}``. Values recorded at a finer level (districts) are added up the
territory tree to the level asked for. A unit belongs to a year's table when it is valid
on 31 December of that year, so a region that split in the year appears once, on its new
borders.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from aimaq.data.store import Store
from aimaq.economy._checks import FloatArray
from aimaq.economy.sectors import GROUPS, SECTIONS, sector, validate_codes
from aimaq.errors import ValidationError

__all__ = [
    "SectorTable",
    "aggregate_up",
    "check_sector_values",
    "sector_rows",
    "sector_table",
]

LEVEL_ORDER = ("country", "region", "district", "okrug", "settlement")
_TOLERANCE = 1e-6  # relative slack for "parts exceed their total" (rounding of the source)


@dataclass(frozen=True)
class SectorTable:
    """Values of one indicator by unit and sector, for one or more years.

    Attributes
    ----------
    indicator
        The stored indicator id.
    units, names
        KATO codes and English names of the units (rows).
    sectors
        Classifier codes of the columns.
    years
        The periods, in order.
    values
        ``(years, units, sectors)``; a unit absent in a year has NaN there.
    """

    indicator: str
    units: tuple[str, ...]
    names: tuple[str, ...]
    sectors: tuple[str, ...]
    years: tuple[str, ...]
    values: FloatArray

    def year(self, year: str) -> FloatArray:
        """The ``(units, sectors)`` table of one year."""
        if str(year) not in self.years:
            raise ValidationError(
                f"no {self.indicator} by sector for {year}; stored years: {', '.join(self.years)}"
            )
        return self.values[self.years.index(str(year))]


def check_sector_values(frame: pd.DataFrame, *, where: str = "sector values") -> None:
    """Check a long table of ``kato, period, sector, value`` (and optionally ``ref``).

    Raises a ValidationError naming the row for a sector code not in the classifier, a
    negative or missing value, and sections whose sum exceeds their broad group, or
    groups (or sections) whose sum exceeds the total of the unit (``sector = total``).

    Examples
    --------
    >>> rows = pd.DataFrame({"kato": ["1"] * 3, "period": ["2024"] * 3,
    ...                      "sector": ["A", "services", "total"], "value": [5.0, 7.0, 10.0]})
    >>> check_sector_values(rows)
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: sector values: the sectors of 1 in 2024 add up to 12 (services, A), more than its total 10
    """
    data = frame.reset_index(drop=True)
    refs = (
        data["ref"].astype(str)
        if "ref" in data.columns
        else pd.Series([f"row {i + 1}" for i in range(len(data))])
    )
    validate_codes(data["sector"], where=where, refs=list(refs))
    values = pd.to_numeric(data["value"], errors="coerce")
    for i in np.flatnonzero(values.isna().to_numpy() | (values < 0).to_numpy()):
        shown = data["value"].iloc[i]
        what = "negative" if pd.notna(values.iloc[i]) else "missing or not a number"
        raise ValidationError(
            f"{where}, {refs.iloc[i]}, column 'value': {data['sector'].iloc[i]} of "
            f"{data['kato'].iloc[i]} in {data['period'].iloc[i]} is {what} ({shown!r}); "
            "employment and values by sector cannot be negative"
        )
    data = data.assign(value=values)
    for (kato, period), rows in data.groupby(["kato", "period"], sort=False):
        by_code = rows.groupby("sector")["value"].sum()
        for group in GROUPS:
            parts = [c for c in SECTIONS if c in by_code and sector(c).parent == group]
            _check_parts(by_code, parts, group, kato, period, where)
        # the total against the coarsest parts: groups, and sections of groups not given
        top = [c for c in GROUPS if c in by_code]
        top += [c for c in SECTIONS if c in by_code and sector(c).parent not in by_code]
        _check_parts(by_code, top, "total", kato, period, where)


def _check_parts(
    by_code: pd.Series, parts: list[str], whole: str, kato: object, period: object, where: str
) -> None:
    if whole not in by_code or not parts:
        return
    added = float(by_code[parts].sum())
    total = float(by_code[whole])
    if added > total * (1 + _TOLERANCE) + _TOLERANCE:
        name = "its total" if whole == "total" else f"the group {whole}"
        raise ValidationError(
            f"{where}: the sectors of {kato} in {period} add up to {added:g} "
            f"({', '.join(parts)}), more than {name} {total:g}"
        )


def sector_rows(store: Store, indicator: str) -> pd.DataFrame:
    """Stored values of ``indicator`` by sector: ``kato, level, parent_kato, name_en,
    valid_from, valid_to, period, sector, value``; the unit's total has ``sector = total``.

    Rows broken down by anything else as well (``{"sector": .., "area": ..}``) are left
    out: the tables here are of sectors alone.
    """
    frame = store.query(
        "select o.kato, t.level, t.parent_kato, t.name_en, t.valid_from, t.valid_to, "
        "o.period, o.dims, o.value from observation o join territory t using (kato) "
        "where o.indicator_id = ? and (o.dims = '{}' or o.dims like '%\"sector\"%')",
        [indicator],
    )
    parsed = [json.loads(d) for d in frame["dims"]]
    keep = [set(p) <= {"sector"} for p in parsed]
    frame = frame[pd.Series(keep, index=frame.index, dtype=bool)].copy()
    frame["sector"] = [p.get("sector", "total") for p, k in zip(parsed, keep, strict=True) if k]
    frame = frame.drop(columns=["dims"]).reset_index(drop=True)
    validate_codes(frame["sector"], where=f"stored {indicator} by sector")
    return frame


def aggregate_up(
    rows: pd.DataFrame, parents: Mapping[str, str | None], levels: Mapping[str, str], level: str
) -> pd.DataFrame:
    """Sum rows of finer units into their ancestor at ``level``.

    ``rows`` has ``kato, period, sector, value``; ``parents`` and ``levels`` describe the
    territory tree. Rows of units above ``level`` are dropped.

    Examples
    --------
    >>> rows = pd.DataFrame({"kato": ["d1", "d2", "d3"], "period": "2024", "sector": "A",
    ...                      "value": [1.0, 2.0, 4.0]})
    >>> tree = {"d1": "r1", "d2": "r1", "d3": "r2", "r1": None, "r2": None}
    >>> lv = {"d1": "district", "d2": "district", "d3": "district", "r1": "region", "r2": "region"}
    >>> aggregate_up(rows, tree, lv, "region").value.tolist()
    [3.0, 4.0]
    """
    depth = LEVEL_ORDER.index(level)

    def ancestor(kato: str) -> str | None:
        current: str | None = kato
        while current is not None:
            current_level = levels.get(current)
            if current_level == level:
                return current
            if current_level is None or LEVEL_ORDER.index(current_level) < depth:
                return None
            current = parents.get(current)
        return None

    mapped = pd.Series([ancestor(str(k)) for k in rows["kato"]], index=rows.index, dtype=object)
    out = rows.assign(kato=mapped).dropna(subset=["kato"])
    summed = out.groupby(["kato", "period", "sector"], sort=True)["value"].sum()
    return summed.reset_index()


def _valid_at_year_end(frame: pd.DataFrame, year: str) -> pd.Series:
    end = pd.Timestamp(f"{year}-12-31")
    start = pd.to_datetime(frame["valid_from"])
    stop = pd.to_datetime(frame["valid_to"])
    return (start.isna() | (start <= end)) & (stop.isna() | (stop > end))


def sector_table(
    store: Store,
    indicator: str = "employment",
    *,
    level: str = "region",
    years: Sequence[str] | None = None,
    breakdown: str = "group",
) -> SectorTable:
    """A :class:`SectorTable` of stored values by sector.

    Parameters
    ----------
    store
        The database.
    indicator
        Stored indicator with a ``sector`` breakdown (``employment`` in the embedded data).
    level
        Territory level of the units; finer stored values are added up to it.
    years
        Periods to include (default: every stored year).
    breakdown
        ``group`` (the three BNS broad groups) or ``section`` (A-U); sections are added
        into groups when groups are asked for and only sections are stored.
    """
    if level not in LEVEL_ORDER:
        raise ValidationError(f"level must be one of {', '.join(LEVEL_ORDER)}; got {level!r}")
    if breakdown not in {"group", "section"}:
        raise ValidationError(f"breakdown must be 'group' or 'section'; got {breakdown!r}")
    rows = sector_rows(store, indicator)
    if rows.empty:
        raise ValidationError(f"no stored values of {indicator!r} by sector; import some first")
    check_sector_values(rows, where=f"stored {indicator} by sector")
    codes = list(GROUPS if breakdown == "group" else SECTIONS)
    parts = rows[rows["sector"] != "total"]
    if breakdown == "group":
        direct = parts[parts["sector"].isin(GROUPS)]
        from_sections = parts[parts["sector"].isin(SECTIONS)].assign(
            sector=lambda f: [str(sector(c).parent) for c in f["sector"]]
        )
        have = set(zip(direct["kato"], direct["period"], strict=True))
        extra = from_sections[
            [
                (k, p) not in have
                for k, p in zip(from_sections["kato"], from_sections["period"], strict=True)
            ]
        ]
        parts = pd.concat([direct, extra], ignore_index=True)
    else:
        parts = parts[parts["sector"].isin(SECTIONS)]
    if parts.empty:
        raise ValidationError(f"no stored values of {indicator!r} by {breakdown}")
    territory = store.query(
        "select kato, parent_kato, level, name_en, valid_from, valid_to from territory"
    )
    at_level = parts[parts["level"] == level]
    if at_level.empty:
        finer = [
            lv for lv in LEVEL_ORDER[LEVEL_ORDER.index(level) + 1 :] if lv in set(parts["level"])
        ]
        if not finer:
            raise ValidationError(
                f"no stored values of {indicator!r} by sector at level {level!r} or below; "
                f"stored levels: {', '.join(sorted(set(parts['level'])))}"
            )
        source = parts[parts["level"] == finer[-1]]
        parents = dict(zip(territory["kato"], territory["parent_kato"], strict=True))
        levels = dict(zip(territory["kato"], territory["level"], strict=True))
        summed = aggregate_up(source[["kato", "period", "sector", "value"]], parents, levels, level)
        at_level = summed.merge(territory, on="kato")
    wanted = (
        sorted(set(at_level["period"].astype(str))) if years is None else [str(y) for y in years]
    )
    stored = set(at_level["period"].astype(str))
    missing = [y for y in wanted if y not in stored]
    if missing:
        raise ValidationError(
            f"no {indicator} by sector at level {level!r} for {', '.join(missing)}; stored "
            f"years: {', '.join(sorted(stored))}"
        )
    at_level = at_level[at_level["period"].astype(str).isin(wanted)]
    keep = np.zeros(len(at_level), dtype=bool)
    for year in wanted:
        in_year = (at_level["period"].astype(str) == year).to_numpy()
        keep |= in_year & _valid_at_year_end(at_level, year).to_numpy()
    at_level = at_level[keep]
    units = sorted(set(at_level["kato"]))
    names = at_level.drop_duplicates("kato").set_index("kato")["name_en"]
    cube = np.full((len(wanted), len(units), len(codes)), np.nan)
    grid = at_level.pivot_table(
        index=["period", "kato"], columns="sector", values="value", aggfunc="sum"
    )
    for t, year in enumerate(wanted):
        for u, kato in enumerate(units):
            if (year, kato) in grid.index:
                row = grid.loc[(year, kato)]
                cube[t, u] = [row.get(c, np.nan) for c in codes]
    present = ~np.isnan(cube).all(axis=2)
    cube = np.where(present[..., None] & np.isnan(cube), 0.0, cube)
    return SectorTable(
        indicator=indicator,
        units=tuple(units),
        names=tuple(str(names.get(k, "")) for k in units),
        sectors=tuple(codes),
        years=tuple(wanted),
        values=cube,
    )
