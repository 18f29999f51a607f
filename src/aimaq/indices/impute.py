"""Imputation of missing indicator values, with a record of every value filled in.

Nothing is filled silently: each function returns the completed table and one
:class:`Imputed` row per value it supplied. OECD/JRC Handbook (2008), section 3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from aimaq.errors import ValidationError


@dataclass(frozen=True)
class Imputed:
    """One value that was filled in, and how."""

    unit: str
    indicator: str
    value: float
    method: str
    basis: str


@dataclass(frozen=True)
class Imputation:
    """A completed table and the record of what was imputed."""

    frame: pd.DataFrame
    imputed: tuple[Imputed, ...]


def _check_column(frame: pd.DataFrame, col: str) -> None:
    if frame[col].isna().all():
        raise ValidationError(f"indicator {col!r} has no values at all; nothing to impute from")


def _central(frame: pd.DataFrame, method: str) -> Imputation:
    out = frame.copy()
    record: list[Imputed] = []
    for col in frame.columns:
        missing = frame[col].isna()
        if not missing.any():
            continue
        _check_column(frame, col)
        value = float(frame[col].mean() if method == "mean" else frame[col].median())
        basis = f"{method} of {int((~missing).sum())} units"
        out.loc[missing, col] = value
        record.extend(Imputed(str(u), str(col), value, method, basis) for u in frame.index[missing])
    return Imputation(out, tuple(record))


def impute_mean(frame: pd.DataFrame) -> Imputation:
    """Fill each indicator's gaps with its mean over the units that have a value.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [1.0, None, 3.0]}, index=["x", "y", "z"])
    >>> r = impute_mean(f)
    >>> r.frame["a"].tolist(), r.imputed[0].unit
    ([1.0, 2.0, 3.0], 'y')
    """
    return _central(frame, "mean")


def impute_median(frame: pd.DataFrame) -> Imputation:
    """Fill each indicator's gaps with its median.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [1.0, None, 3.0, 10.0]})
    >>> impute_median(f).frame["a"].tolist()
    [1.0, 3.0, 3.0, 10.0]
    """
    return _central(frame, "median")


def impute_group_mean(frame: pd.DataFrame, groups: Mapping[str, str] | pd.Series) -> Imputation:
    """Fill gaps with the mean of the unit's group (e.g. its region or macro-region).

    Raises when a unit has no group or its group has no value for the indicator.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [1.0, None, 10.0, 20.0]}, index=["p", "q", "r", "s"])
    >>> impute_group_mean(f, {"p": "N", "q": "N", "r": "S", "s": "S"}).frame["a"].tolist()
    [1.0, 1.0, 10.0, 20.0]
    """
    labels = pd.Series(groups).reindex(frame.index.astype(str))
    labels.index = frame.index
    if labels.isna().any():
        raise ValidationError(f"no group given for unit {labels.index[labels.isna()][0]!r}")
    out = frame.copy()
    record: list[Imputed] = []
    for col in frame.columns:
        missing = frame[col].isna()
        if not missing.any():
            continue
        means = frame[col].groupby(labels).mean()
        for unit in frame.index[missing]:
            value = means.get(labels[unit], np.nan)
            if pd.isna(value):
                raise ValidationError(
                    f"indicator {col!r}: group {labels[unit]!r} of unit {unit!r} has no value "
                    "to impute from"
                )
            out.loc[unit, col] = value
            record.append(
                Imputed(str(unit), str(col), float(value), "group_mean", f"group {labels[unit]}")
            )
    return Imputation(out, tuple(record))


def impute_carry_forward(
    frame: pd.DataFrame, history: Sequence[tuple[str, pd.DataFrame]]
) -> Imputation:
    """Fill gaps with the unit's latest earlier value (panel carry-forward).

    ``history`` holds ``(period, table)`` pairs, newest first. Gaps with no earlier
    value stay missing and are reported by the caller.

    Examples
    --------
    >>> now = pd.DataFrame({"a": [1.0, None]}, index=["x", "y"])
    >>> before = pd.DataFrame({"a": [0.5, 0.7]}, index=["x", "y"])
    >>> r = impute_carry_forward(now, [("2021", before)])
    >>> r.frame["a"].tolist(), r.imputed[0].basis
    ([1.0, 0.7], 'value of 2021')
    """
    out = frame.copy()
    record: list[Imputed] = []
    for col in frame.columns:
        for unit in frame.index[frame[col].isna()]:
            for period, past in history:
                if col not in past.columns or unit not in past.index:
                    continue
                value = float(pd.to_numeric(past[col], errors="coerce").loc[unit])
                if not np.isnan(value):
                    out.loc[unit, col] = value
                    record.append(
                        Imputed(str(unit), str(col), value, "carry_forward", f"value of {period}")
                    )
                    break
    return Imputation(out, tuple(record))


def impute(
    frame: pd.DataFrame,
    method: str,
    *,
    groups: Mapping[str, str] | pd.Series | None = None,
    history: Sequence[tuple[str, pd.DataFrame]] = (),
) -> Imputation:
    """Dispatch by method name (``none``, ``mean``, ``median``, ``group_mean``, ``carry_forward``).

    Examples
    --------
    >>> impute(pd.DataFrame({"a": [1.0, 2.0]}), "none").imputed
    ()
    """
    if method == "none":
        return Imputation(frame.copy(), ())
    if method == "mean":
        return impute_mean(frame)
    if method == "median":
        return impute_median(frame)
    if method == "group_mean":
        if groups is None:
            raise ValidationError("imputation 'group_mean' needs a grouping of units")
        return impute_group_mean(frame, groups)
    if method == "carry_forward":
        return impute_carry_forward(frame, history)
    raise ValidationError(f"unknown imputation method {method!r}")
