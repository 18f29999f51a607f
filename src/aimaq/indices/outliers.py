"""Outlier treatment before normalisation.

The JRC rule (COINr, JRC Statistical Audits): an indicator needs treatment when its
absolute skewness exceeds 2 and its kurtosis exceeds 3.5 (sample excess kurtosis).
Treatment is winsorisation, one extreme value at a time, until the rule no longer holds
(at most a fifth of the units), or a log transform.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.stats import kurtosis, skew

from aimaq.errors import ValidationError

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Treated:
    """What happened to one indicator."""

    indicator: str
    method: str
    skew_before: float
    kurtosis_before: float
    skew_after: float
    kurtosis_after: float
    changed: int


def shape(values: ArrayLike) -> tuple[float, float]:
    """Sample skewness and excess kurtosis (bias-corrected, as Excel and COINr report them).

    Examples
    --------
    >>> s, k = shape([1.0, 2.0, 3.0, 4.0, 100.0])
    >>> round(s, 3), round(k, 3)
    (2.232, 4.987)
    """
    x = np.asarray(values, dtype=np.float64)
    x = x[~np.isnan(x)]
    if x.size < 4:
        return 0.0, 0.0
    return float(skew(x, bias=False)), float(kurtosis(x, bias=False))


def needs_treatment(
    values: ArrayLike, *, skew_limit: float = 2.0, kurtosis_limit: float = 3.5
) -> bool:
    """True when ``|skew| > skew_limit`` and ``kurtosis > kurtosis_limit``.

    Examples
    --------
    >>> needs_treatment([1.0, 2.0, 3.0, 4.0, 100.0])
    True
    """
    s, k = shape(values)
    return abs(s) > skew_limit and k > kurtosis_limit


def winsorise(
    values: ArrayLike,
    *,
    skew_limit: float = 2.0,
    kurtosis_limit: float = 3.5,
    max_share: float = 0.2,
) -> tuple[FloatArray, int]:
    """Replace the most extreme value (on the side of the skew) by the next one, repeatedly.

    Returns the treated values and the number of values changed.

    Examples
    --------
    >>> x, n = winsorise([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 100.0])
    >>> n, float(x.max())
    (1, 7.0)
    """
    x = np.asarray(values, dtype=np.float64).copy()
    ok = ~np.isnan(x)
    limit = int(np.floor(max_share * ok.sum()))
    changed = 0
    while changed < limit and needs_treatment(
        x, skew_limit=skew_limit, kurtosis_limit=kurtosis_limit
    ):
        s, _ = shape(x)
        finite = x[ok]
        if s > 0:
            top = np.nanmax(x)
            below = finite[finite < top]
            if below.size == 0:
                break
            hit = x == top
            x[hit] = below.max()
        else:
            bottom = np.nanmin(x)
            above = finite[finite > bottom]
            if above.size == 0:
                break
            hit = x == bottom
            x[hit] = above.min()
        changed += int(hit.sum())
    return x, changed


def log_transform(values: ArrayLike, *, name: str = "indicator") -> FloatArray:
    """Natural log; values must be positive.

    Examples
    --------
    >>> log_transform([1.0, np.e]).tolist()
    [0.0, 1.0]
    """
    x = np.asarray(values, dtype=np.float64)
    bad = ~np.isnan(x) & (x <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValidationError(
            f"{name}: log transform needs positive values; got {x[i]} at index {i}"
        )
    return np.log(x)


def treat_outliers(
    frame: pd.DataFrame, method: str, *, skew_limit: float = 2.0, kurtosis_limit: float = 3.5
) -> tuple[pd.DataFrame, tuple[Treated, ...]]:
    """Treat every indicator (column) that meets the outlier rule; report each one treated.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6, 7, 100], "b": [1.0, 2, 3, 4, 5, 6, 7, 8]})
    >>> out, done = treat_outliers(f, "winsorise")
    >>> [t.indicator for t in done]
    ['a']
    """
    if method not in ("none", "winsorise", "log"):
        raise ValidationError(f"unknown outlier treatment {method!r}")
    out = frame.copy()
    record: list[Treated] = []
    if method == "none":
        return out, ()
    for col in frame.columns:
        x = frame[col].to_numpy(dtype=np.float64)
        if not needs_treatment(x, skew_limit=skew_limit, kurtosis_limit=kurtosis_limit):
            continue
        s0, k0 = shape(x)
        if method == "winsorise":
            y, changed = winsorise(x, skew_limit=skew_limit, kurtosis_limit=kurtosis_limit)
        else:
            y, changed = log_transform(x, name=str(col)), int((~np.isnan(x)).sum())
        s1, k1 = shape(y)
        out[col] = y
        record.append(Treated(str(col), method, s0, k0, s1, k1, changed))
    return out, tuple(record)
