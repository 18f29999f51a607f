"""Normalisation: bringing indicators to a common, comparable scale.

Every function takes one indicator's values across units (NaN allowed and kept) and a
polarity (+1: higher is better, -1: higher is worse), and returns values where higher is
always better. Methods follow the OECD/JRC Handbook on Constructing Composite Indicators
(2008), section 5.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import rankdata

from aimaq.errors import ValidationError

FloatArray = NDArray[np.float64]


def _prepare(values: ArrayLike, polarity: int, name: str) -> FloatArray:
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValidationError(f"{name}: expected one value per unit (1-D); got shape {x.shape}")
    if polarity not in (1, -1):
        raise ValidationError(f"{name}: polarity must be 1 or -1; got {polarity}")
    if np.isinf(x).any():
        raise ValidationError(
            f"{name}: infinite value at index {int(np.flatnonzero(np.isinf(x))[0])}"
        )
    if np.isnan(x).all():
        raise ValidationError(f"{name}: no values (all missing)")
    return x


def minmax(
    values: ArrayLike,
    polarity: int = 1,
    *,
    low: float = 0.0,
    high: float = 1.0,
    name: str = "indicator",
) -> FloatArray:
    """Min-max rescaling onto [low, high]: ``low + (high - low) (x - min) / (max - min)``.

    Raises when the indicator is constant (the rescaling is undefined).

    Examples
    --------
    >>> minmax([2.0, 4.0, 6.0]).tolist()
    [0.0, 0.5, 1.0]
    >>> minmax([2.0, 4.0, 6.0], -1).tolist()
    [1.0, 0.5, 0.0]
    >>> minmax([2.0, 4.0, 6.0], low=1, high=100).tolist()
    [1.0, 50.5, 100.0]
    """
    x = _prepare(values, polarity, name)
    lo, hi = np.nanmin(x), np.nanmax(x)
    if hi == lo:
        raise ValidationError(f"{name}: all values are equal ({lo}); min-max is undefined")
    y = (x - lo) / (hi - lo)
    return low + (high - low) * (y if polarity == 1 else 1.0 - y)


def zscore(
    values: ArrayLike,
    polarity: int = 1,
    *,
    centre: float = 0.0,
    scale: float = 1.0,
    name: str = "indicator",
) -> FloatArray:
    """Standardisation: ``centre + scale * (x - mean) / sd`` (population sd, ddof=0).

    ``centre=100, scale=10`` is the Mazziotta-Pareto convention.

    Examples
    --------
    >>> zscore([1.0, 2.0, 3.0]).round(4).tolist()
    [-1.2247, 0.0, 1.2247]
    """
    x = _prepare(values, polarity, name)
    sd = np.nanstd(x)
    if sd == 0:
        raise ValidationError(f"{name}: all values are equal; the z-score is undefined")
    z = (x - np.nanmean(x)) / sd
    return centre + scale * (z if polarity == 1 else -z)


def goalposts(
    values: ArrayLike,
    polarity: int = 1,
    *,
    lower: float,
    upper: float,
    name: str = "indicator",
) -> FloatArray:
    """Fixed goalposts, capped: ``clip((x - lower) / (upper - lower), 0, 1)`` (UNDP HDI).

    Examples
    --------
    >>> goalposts([20.0, 52.5, 90.0], lower=20, upper=85).tolist()
    [0.0, 0.5, 1.0]
    """
    if not lower < upper:
        raise ValidationError(f"{name}: goalposts need min < max; got min={lower}, max={upper}")
    x = _prepare(values, polarity, name)
    y = np.clip((x - lower) / (upper - lower), 0.0, 1.0)
    return y if polarity == 1 else 1.0 - y


def rank(values: ArrayLike, polarity: int = 1, *, name: str = "indicator") -> FloatArray:
    """Ranks 1..n (ties share their average rank); the best unit gets n.

    Examples
    --------
    >>> rank([10.0, 30.0, 20.0, 20.0]).tolist()
    [1.0, 4.0, 2.5, 2.5]
    """
    x = _prepare(values, polarity, name)
    out = np.full_like(x, np.nan)
    ok = ~np.isnan(x)
    out[ok] = rankdata(x[ok] * polarity, method="average")
    return out


def percentile(values: ArrayLike, polarity: int = 1, *, name: str = "indicator") -> FloatArray:
    """Percentile rank in (0, 100): ``100 * (r - 0.5) / n`` with average ranks ``r``.

    Equal to ``scipy.stats.percentileofscore(x, v, kind="mean")`` for each value.

    Examples
    --------
    >>> percentile([1.0, 2.0, 3.0, 4.0]).tolist()
    [12.5, 37.5, 62.5, 87.5]
    """
    r = rank(values, polarity, name=name)
    n = np.count_nonzero(~np.isnan(r))
    return 100.0 * (r - 0.5) / n


def distance_to_target(
    values: ArrayLike, polarity: int = 1, *, target: float, name: str = "indicator"
) -> FloatArray:
    """Attainment of a target, capped at 1: ``x / target`` (or ``target / x`` when lower is better).

    Values must be positive, as must the target.

    Examples
    --------
    >>> distance_to_target([35.0, 70.0, 90.0], target=70).tolist()
    [0.5, 1.0, 1.0]
    """
    x = _prepare(values, polarity, name)
    if not target > 0:
        raise ValidationError(f"{name}: target must be positive; got {target}")
    if (x[~np.isnan(x)] <= 0).any() and polarity == -1:
        raise ValidationError(f"{name}: distance to target needs positive values")
    ratio = x / target if polarity == 1 else target / x
    return np.minimum(ratio, 1.0)


def distance_to_best(
    values: ArrayLike, polarity: int = 1, *, name: str = "indicator"
) -> FloatArray:
    """Ratio to the best unit: ``x / max(x)`` (or ``min(x) / x`` when lower is better).

    Examples
    --------
    >>> distance_to_best([50.0, 100.0, 80.0]).tolist()
    [0.5, 1.0, 0.8]
    """
    x = _prepare(values, polarity, name)
    finite = x[~np.isnan(x)]
    if (finite <= 0).any():
        raise ValidationError(f"{name}: distance to best needs positive values")
    return x / finite.max() if polarity == 1 else finite.min() / x


def normalise(
    values: ArrayLike,
    method: str,
    polarity: int = 1,
    *,
    lower: float | None = None,
    upper: float | None = None,
    target: float | None = None,
    centre: float = 0.0,
    scale: float = 1.0,
    low: float = 0.0,
    high: float = 1.0,
    name: str = "indicator",
) -> FloatArray:
    """Dispatch by method name (``minmax``, ``zscore``, ``goalposts``, ``rank``,
    ``percentile``, ``target``, ``best``).

    Examples
    --------
    >>> normalise([1.0, 3.0], "minmax").tolist()
    [0.0, 1.0]
    """
    if method == "minmax":
        return minmax(values, polarity, low=low, high=high, name=name)
    if method == "zscore":
        return zscore(values, polarity, centre=centre, scale=scale, name=name)
    if method == "goalposts":
        if lower is None or upper is None:
            raise ValidationError(f"{name}: goalposts need min and max")
        return goalposts(values, polarity, lower=lower, upper=upper, name=name)
    if method == "rank":
        return rank(values, polarity, name=name)
    if method == "percentile":
        return percentile(values, polarity, name=name)
    if method == "target":
        if target is None:
            raise ValidationError(f"{name}: method 'target' needs a target")
        return distance_to_target(values, polarity, target=target, name=name)
    if method == "best":
        return distance_to_best(values, polarity, name=name)
    raise ValidationError(f"{name}: unknown normalisation method {method!r}")
