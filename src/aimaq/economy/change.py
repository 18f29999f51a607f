"""Change of the sector structure between two years, on comparable borders.

Regions split in 2018 (South Kazakhstan into Turkestan and Shymkent) and 2022 (Abai,
Zhetisu, Ulytau); a decomposition over such a span compares like with like only on the
borders of the first year. :func:`comparable_units` merges every unit created in the span
back into the unit it came from (from the ``territory_change`` table), and
:func:`shift_share_between` decomposes the change on those units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from aimaq.data.store import Store
from aimaq.economy.panel import SectorTable, sector_table
from aimaq.economy.shiftshare import COMPONENTS, ShiftShare, shift_share
from aimaq.economy.structural_change import structural_change
from aimaq.errors import ValidationError

__all__ = ["StructuralShift", "comparable_units", "merge_units", "shift_share_between"]


def comparable_units(
    changes: pd.DataFrame, units: Sequence[str], start: int, end: int
) -> dict[str, str]:
    """Map each unit to the unit of year ``start`` it belongs to.

    ``changes`` has ``old_kato, new_kato, date``: a change dated in ``(start, end]``
    (after the first year's figures, up to the last year's) sends ``new_kato`` to
    ``old_kato``, following chains (a unit split off a unit that was itself renamed).

    Examples
    --------
    >>> ch = pd.DataFrame({"old_kato": ["51", "51", "19"], "new_kato": ["61", "79", "33"],
    ...                    "date": ["2018-06-19", "2018-06-19", "2022-06-08"]})
    >>> comparable_units(ch, ["51", "61", "79", "19", "33", "75"], 2016, 2025)
    {'51': '51', '61': '51', '79': '51', '19': '19', '33': '19', '75': '75'}
    >>> comparable_units(ch, ["61", "79", "19", "33"], 2022, 2025)
    {'61': '61', '79': '79', '19': '19', '33': '33'}
    """
    parent: dict[str, str] = {}
    for old, new, when in zip(
        changes["old_kato"], changes["new_kato"], changes["date"], strict=True
    ):
        year = pd.Timestamp(str(when)).year
        # figures of a year are on its 31 December borders: a change in year y is
        # already in y's figures, so it separates start from end when start < y <= end
        if start < year <= end and str(new) != str(old):
            parent[str(new)] = str(old)

    def root(kato: str) -> str:
        seen = set()
        while kato in parent and kato not in seen:
            seen.add(kato)
            kato = parent[kato]
        return kato

    return {str(u): root(str(u)) for u in units}


def merge_units(table: SectorTable, mapping: dict[str, str]) -> SectorTable:
    """Add up the units of ``table`` that ``mapping`` sends to the same unit.

    A merged unit is named after the first year's unit, with the others it absorbed.
    """
    targets = sorted(set(mapping.get(u, u) for u in table.units))
    index = {k: i for i, k in enumerate(targets)}
    cube = np.full((len(table.years), len(targets), len(table.sectors)), np.nan)
    for u, kato in enumerate(table.units):
        slot = index[mapping.get(kato, kato)]
        block = table.values[:, u, :]
        cube[:, slot, :] = np.where(
            np.isnan(cube[:, slot, :]), block, cube[:, slot, :] + np.nan_to_num(block)
        )
    names = dict(zip(table.units, table.names, strict=True))
    merged_names = []
    for target in targets:
        members = [u for u in table.units if mapping.get(u, u) == target and u != target]
        base = names.get(target, target)
        merged_names.append(
            base + (f" (with {', '.join(names[m] for m in members)})" if members else "")
        )
    return SectorTable(
        indicator=table.indicator,
        units=tuple(targets),
        names=tuple(merged_names),
        sectors=table.sectors,
        years=table.years,
        values=cube,
    )


@dataclass(frozen=True)
class StructuralShift:
    """Shift-share and structural change of every comparable unit between two years.

    Attributes
    ----------
    table
        The two-year table on comparable units.
    result
        The :class:`ShiftShare` of the units.
    change_coefficient
        Coefficient of structural change of each unit.
    merged
        For each merged unit, the units added into it.
    """

    table: SectorTable
    result: ShiftShare
    change_coefficient: np.ndarray
    merged: dict[str, list[str]]

    def frame(self) -> pd.DataFrame:
        """One row per unit: start and end totals and the components summed over sectors."""
        totals = self.result.totals()
        values = self.table.values
        out = pd.DataFrame(
            {
                "kato": self.table.units,
                "name": self.table.names,
                "start": values[0].sum(axis=1),
                "end": values[1].sum(axis=1),
            }
        )
        for key in COMPONENTS:
            out[key] = totals[key]
        out["structural_change"] = self.change_coefficient
        return out

    def sectors_frame(self) -> pd.DataFrame:
        """One row per unit and sector with every component."""
        rows = []
        r = self.result
        for i, kato in enumerate(self.table.units):
            for j, code in enumerate(self.table.sectors):
                rows.append(
                    {
                        "kato": kato,
                        "sector": code,
                        "start": self.table.values[0, i, j],
                        "end": self.table.values[1, i, j],
                        "national": r.national[i, j],
                        "industry_mix": r.industry_mix[i, j],
                        "regional_share": r.regional_share[i, j],
                        "homothetic": r.homothetic[i, j],
                        "competitive": r.competitive[i, j],
                        "allocation": r.allocation[i, j],
                    }
                )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the period, national growth, units and sector detail."""
        return {
            "indicator": self.table.indicator,
            "from": self.table.years[0],
            "to": self.table.years[1],
            "sectors": list(self.table.sectors),
            "national_growth": float(self.result.national_growth),
            "merged_units": self.merged,
            "units": self.frame().to_dict(orient="records"),
            "detail": self.sectors_frame().to_dict(orient="records"),
        }


def shift_share_between(
    store: Store,
    start: str,
    end: str,
    *,
    indicator: str = "employment",
    level: str = "region",
    breakdown: str = "group",
) -> StructuralShift:
    """Shift-share of stored values by sector from ``start`` to ``end`` on the first
    year's borders; the nation is the sum of the units.
    """
    if int(start) >= int(end):
        raise ValidationError(
            f"the first year must be before the last; got {start} and {end}",
            argument=("start", "end"),
        )
    table = sector_table(store, indicator, level=level, years=[start, end], breakdown=breakdown)
    changes = store.query("select old_kato, new_kato, date from territory_change")
    mapping = comparable_units(changes, table.units, int(start), int(end))
    merged_table = merge_units(table, mapping)
    complete = [bool(c) for c in np.asarray(~np.isnan(merged_table.values).any(axis=(0, 2)))]
    if not all(complete):
        gone = [k for k, ok in zip(merged_table.units, complete, strict=True) if not ok]
        raise ValidationError(
            f"{indicator} by sector is missing in {start} or {end} for {', '.join(gone)} "
            "even on the first year's borders"
        )
    merged = {
        target: [u for u in table.units if mapping[u] == target and u != target]
        for target in merged_table.units
        if any(mapping[u] == target and u != target for u in table.units)
    }
    result = shift_share(merged_table.values[0], merged_table.values[1])
    coefficient = structural_change(merged_table.values[0], merged_table.values[1])
    return StructuralShift(
        table=merged_table, result=result, change_coefficient=coefficient, merged=merged
    )
