"""Successor shares: how the territory of a changed unit is shared by the units after it.

``successor_shares.csv`` (derived by ``scripts/build_territory_history.py``) gives, for each
split or rename, every successor's share of the predecessor's population: for regions the
BNS average annual population of the year of the change (South Kazakhstan 2018: Turkestan
0.668624, Shymkent 0.331376), for districts the population on 1 January 2023 (the first
official district figures at hand), empty where a successor has no published population.

:func:`carry_forward` puts figures of a unit before its change onto its successors: totals
are shared by these weights and marked estimated; a rate or a mean is carried only where
the territory is the same (share 1), and refused otherwise with the reason, because the
rate of South Kazakhstan is not that of Turkestan nor that of Shymkent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import pandas as pd

from aimaq.errors import ValidationError

__all__ = ["Carried", "carry_forward", "successor_shares"]

Kind = Literal["total", "rate"]


@lru_cache(maxsize=1)
def _shares() -> pd.DataFrame:
    path = resources.files("aimaq.territory").joinpath("data", "successor_shares.csv")
    with path.open("rb") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    frame["share"] = pd.to_numeric(frame["share"].replace("", None))
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    return frame


def successor_shares(old_kato: str | None = None) -> pd.DataFrame:
    """Return the successor shares, of one predecessor or of all.

    Returns
    -------
    pandas.DataFrame
        ``old_kato, new_kato, date, share, weight, weight_year, basis, source``; ``share``
        is NaN where it is unknown.

    Examples
    --------
    >>> rows = successor_shares("510000000")
    >>> rows[["new_kato", "share"]].values.tolist()
    [['610000000', 0.668624], ['790000000', 0.331376]]
    >>> float(successor_shares("511000000")["share"].iloc[0])
    1.0
    """
    frame = _shares()
    if old_kato is not None:
        frame = frame[frame["old_kato"] == str(old_kato)]
    return frame.reset_index(drop=True).copy()


@dataclass(frozen=True)
class Carried:
    """Figures carried onto successor units.

    Attributes
    ----------
    frame : pandas.DataFrame
        The input rows, those of predecessors replaced by one row per successor, with
        ``carried_from`` (the predecessor's code, empty when not carried), ``share`` and
        ``basis``.
    notes : tuple of str
        One line per predecessor carried: what was shared, by which weights.
    """

    frame: pd.DataFrame
    notes: tuple[str, ...]


def carry_forward(frame: pd.DataFrame, *, kind: Kind, period_column: str = "period") -> Carried:
    """Put the figures of units before their change onto the units after it.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``kato``, ``value`` and ``period`` (a year or a date).
    kind : {"total", "rate"}
        ``total``: a count or a sum, shared by the successor shares (estimated).
        ``rate``: a rate, a mean or a per-capita value, carried only onto a successor
        with the same territory.

    Raises
    ------
    ValidationError
        A rate of a unit that was split; a total with an unknown share.

    Examples
    --------
    >>> rows = pd.DataFrame({"kato": ["510000000"], "period": ["2017"], "value": [1000.0]})
    >>> out = carry_forward(rows, kind="total").frame
    >>> out[["kato", "value", "carried_from"]].values.tolist()
    [['610000000', 668.624, '510000000'], ['790000000', 331.376, '510000000']]
    """
    if kind not in ("total", "rate"):
        raise ValidationError(f"kind must be 'total' or 'rate'; got {kind!r}")
    shares = _shares()
    out = frame.copy().assign(carried_from="", share=1.0, basis="")
    years = out[period_column].astype(str).str[:4].astype(int)
    parts = [out]
    drop = pd.Series(False, index=out.index)
    notes: list[str] = []
    for old, rows in shares.groupby("old_kato", sort=True):
        when = rows["date"].iloc[0].date()
        news = [str(k) for k in rows["new_kato"]]
        weights = [float(v) for v in rows["share"]]
        # annual figures of the year of a change are on the new borders (as BNS prints them)
        hit = (out["kato"].astype(str) == old) & (years < when.year)
        if not hit.any():
            continue
        if rows["share"].isna().any():
            raise ValidationError(
                f"cannot carry {old} across its change of {when}: the shares of "
                f"{', '.join(news)} are unknown ({rows['basis'].iloc[0]})"
            )
        if kind == "rate" and len(news) > 1:
            raise ValidationError(
                f"cannot carry a rate of {old} onto {', '.join(news)}: the unit was split on "
                f"{when} and its rate is not theirs; compare on the old borders instead "
                "(rebuild them from the successors)"
            )
        for new, share in zip(news, weights, strict=True):
            part = out[hit].copy()
            part["kato"] = new
            part["carried_from"] = old
            part["share"] = share
            if kind == "total":
                part["value"] = part["value"] * share
            part["basis"] = str(rows["basis"].iloc[0])
            parts.append(part)
        drop |= hit
        shown = ", ".join(f"{n} ({s:.4f})" for n, s in zip(news, weights, strict=True))
        notes.append(f"{old} before {when} carried onto {shown}: {rows['basis'].iloc[0]}")
    parts[0] = out[~drop]
    result = pd.concat(parts, ignore_index=True)
    return Carried(frame=result, notes=tuple(notes))
