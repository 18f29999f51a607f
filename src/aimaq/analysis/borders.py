"""Border changes in panels: never compare a territory across a change of its borders silently.

A panel from year ``Y1`` to ``Y2`` spans a change dated ``D`` when ``Y1 < year(D) <= Y2``:
annual figures of the year of a change are taken to be on the new borders, as BNS
publishes them (regions 10, 33 and 62 have figures for 2022; 61 and 79 for 2018). Two
treatments are offered, and the caller must choose:

* ``consistent``: keep only territories whose borders did not change inside the panel;
  the excluded codes are returned.
* ``harmonise``: rebuild the predecessor's old borders in the years after the change by
  combining the successors (a population-weighted mean for per-capita and rate
  indicators, or a sum for totals). The harmonised unit keeps the predecessor's code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from aimaq.errors import ValidationError

__all__ = [
    "KNOWN_REGION_CHANGES",
    "BorderChange",
    "BorderTreatment",
    "affected_codes",
    "changes_from_frame",
    "consistent_panel",
    "harmonise_panel",
]

BorderTreatment = Literal["consistent", "harmonise"]


@dataclass(frozen=True)
class BorderChange:
    """One change of the territorial division: ``old_kato`` lost land to ``new_kato``."""

    old_kato: str
    new_kato: str
    date: date
    kind: str

    def spanned_by(self, first_year: int, last_year: int) -> bool:
        """Whether a panel of annual figures ``first_year..last_year`` crosses this change."""
        return first_year < self.date.year <= last_year


#: The region-level changes of 2018 and 2022 (SOURCES.md of the shared data; the data
#: conventions of the project). Used when a database carries no ``territory_change`` rows.
KNOWN_REGION_CHANGES: tuple[BorderChange, ...] = (
    BorderChange("510000000", "610000000", date(2018, 6, 19), "rename"),
    BorderChange("510000000", "790000000", date(2018, 6, 19), "split"),
    BorderChange("190000000", "330000000", date(2022, 6, 8), "split"),
    BorderChange("350000000", "620000000", date(2022, 6, 8), "split"),
    BorderChange("630000000", "100000000", date(2022, 6, 8), "split"),
)


def changes_from_frame(frame: pd.DataFrame) -> tuple[BorderChange, ...]:
    """Border changes from rows of the ``territory_change`` table.

    Examples
    --------
    >>> rows = pd.DataFrame({"old_kato": ["190000000"], "new_kato": ["330000000"],
    ...                      "date": ["2022-06-08"], "kind": ["split"]})
    >>> changes_from_frame(rows)[0].date.year
    2022
    """
    out = []
    for row in frame.itertuples(index=False):
        when = pd.Timestamp(str(row.date)).date()
        out.append(BorderChange(str(row.old_kato), str(row.new_kato), when, str(row.kind)))
    return tuple(out)


def _region_of(kato: str) -> str:
    return kato[:2] + "0000000"


def affected_codes(
    changes: Iterable[BorderChange], first_year: int, last_year: int
) -> dict[str, str]:
    """Codes whose borders change inside the panel, each with the reason.

    A transfer moves a unit whole from one parent to another: the parents' borders change,
    the unit's own do not.

    Examples
    --------
    >>> sorted(affected_codes(KNOWN_REGION_CHANGES, 2019, 2023))
    ['100000000', '190000000', '330000000', '350000000', '620000000', '630000000']
    """
    out: dict[str, str] = {}
    for change in changes:
        if not change.spanned_by(first_year, last_year):
            continue
        why = f"{change.kind} {change.old_kato} -> {change.new_kato} on {change.date.isoformat()}"
        out.setdefault(change.old_kato, why)
        if change.kind == "transfer":
            out.setdefault(_region_of(change.new_kato), why)
        else:
            out.setdefault(change.new_kato, why)
    return out


def _years(panel: pd.DataFrame) -> tuple[int, int]:
    try:
        years = [int(str(c)) for c in panel.columns]
    except ValueError as exc:
        raise ValidationError(f"panel columns must be years; got {list(panel.columns)}") from exc
    if not years:
        raise ValidationError("the panel has no years")
    return min(years), max(years)


def consistent_panel(
    panel: pd.DataFrame, changes: Sequence[BorderChange]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Drop the territories whose borders changed inside the panel's years.

    ``panel`` is indexed by KATO code with one column per year. Returns the kept rows and
    ``{code: reason}`` for the dropped ones.
    """
    first, last = _years(panel)
    affected = affected_codes(changes, first, last)
    dropped = {code: affected[code] for code in panel.index.astype(str) if code in affected}
    return panel.loc[[c for c in panel.index.astype(str) if c not in affected]], dropped


def harmonise_panel(
    panel: pd.DataFrame,
    changes: Sequence[BorderChange],
    *,
    weights: pd.DataFrame | None = None,
    how: Literal["mean", "sum"] = "mean",
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rebuild old borders after each change spanned by the panel.

    Successor codes are merged into their predecessor in the years from the change on:
    ``how="mean"`` takes the mean weighted by ``weights`` (same shape as ``panel``, e.g.
    average population) and is right for per-capita values and rates; ``how="sum"`` adds
    totals. Successors disappear as rows; the returned mapping says what was merged where.

    Examples
    --------
    >>> panel = pd.DataFrame({"2021": [10.0, None], "2022": [8.0, 20.0]},
    ...                      index=["190000000", "330000000"])
    >>> pop = pd.DataFrame({"2021": [3.0, None], "2022": [1.0, 1.0]}, index=panel.index)
    >>> out, merged = harmonise_panel(panel, KNOWN_REGION_CHANGES, weights=pop)
    >>> out.loc["190000000"].tolist(), merged
    ([10.0, 14.0], {'330000000': '190000000'})
    """
    first, last = _years(panel)
    panel = panel.copy()
    panel.index = panel.index.astype(str)
    panel.columns = [str(c) for c in panel.columns]
    if how == "mean":
        if weights is None:
            raise ValidationError("harmonising averages needs weights (population of each unit)")
        weights = weights.copy()
        weights.index = weights.index.astype(str)
        weights.columns = [str(c) for c in weights.columns]
    elif how != "sum":
        raise ValidationError(f"how must be 'mean' or 'sum'; got {how!r}")
    parent: dict[str, tuple[str, int]] = {}
    for change in changes:
        if change.kind == "transfer" or change.old_kato == change.new_kato:
            continue
        if change.spanned_by(first, last):
            parent[change.new_kato] = (change.old_kato, change.date.year)

    def root(code: str) -> str:
        while code in parent:
            code = parent[code][0]
        return code

    merged = {code: root(code) for code in panel.index if code in parent}
    for successor, target in merged.items():
        year = parent[successor][1]
        if target not in panel.index:
            panel.loc[target] = float("nan")
            if weights is not None:
                weights.loc[target] = 0.0
        for col in [c for c in panel.columns if int(c) >= year]:
            parts = [target, successor]
            values = panel.loc[parts, col]
            missing = values.index[values.isna()].tolist()
            if missing == [target]:  # the predecessor ceased to exist: successors only
                values = values.drop(target)
            elif missing:
                raise ValidationError(f"cannot harmonise {target} in {col}: no value for {missing}")
            if how == "sum":
                panel.loc[target, col] = float(values.sum())
                continue
            assert weights is not None
            w = weights.loc[values.index, col]
            if w.isna().any() or (w <= 0).any():
                bad = w.index[w.isna() | (w <= 0)].tolist()
                raise ValidationError(
                    f"cannot harmonise {target} in {col}: no population for {bad}"
                )
            panel.loc[target, col] = float((values * w).sum() / w.sum())
            weights.loc[target, col] = float(w.sum())
    keep = [c for c in panel.index if c not in merged]
    return panel.loc[keep], merged
