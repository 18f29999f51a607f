"""Class breaks for choropleth maps and the colour of each class."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.errors import ValidationError

# ColorBrewer sequential schemes (Cynthia Brewer, colorbrewer2.org), by number of classes.
_YLGNBU = {
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
}
_YLORRD = {
    3: ("#ffeda0", "#feb24c", "#f03b20"),
    4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
}
NO_DATA_COLOUR = "#d9d9d9"


@dataclass(frozen=True)
class Classes:
    """Class upper bounds and the class index of each value (-1 for missing)."""

    bounds: tuple[float, ...]
    lower: float
    index: tuple[int, ...]

    @property
    def k(self) -> int:
        return len(self.bounds)


def quantile_breaks(values: ArrayLike, k: int = 5) -> Classes:
    """Quantile classes: upper bounds at the 100/k, 200/k, ... 100th percentiles.

    Percentiles use linear interpolation between order statistics; repeated bounds are
    merged, so fewer than ``k`` classes come back when values repeat. A value falls in
    the first class whose upper bound is at least the value. NaN gets class -1.

    Parameters
    ----------
    values
        The values to classify (NaN allowed, meaning no data).
    k
        Number of classes wanted, 1 to 5.

    Examples
    --------
    >>> c = quantile_breaks([1, 2, 3, 4, 5, float("nan")], k=2)
    >>> c.bounds, c.index
    ((3.0, 5.0), (0, 0, 0, 1, 1, -1))
    """
    if not 1 <= k <= 5:
        raise ValidationError(f"number of classes must be 1 to 5; got {k}")
    arr: NDArray[np.float64] = np.asarray(values, dtype="float64")
    finite = arr[~np.isnan(arr)]
    if np.isinf(finite).any():
        raise ValidationError("values to classify must be finite; got an infinite value")
    if finite.size == 0:
        return Classes((), float("nan"), tuple(-1 for _ in arr))
    pct = np.linspace(100 / k, 100, k)
    bounds = np.unique(np.percentile(finite, pct, method="linear"))
    idx = np.where(np.isnan(arr), -1, np.searchsorted(bounds, np.nan_to_num(arr), side="left"))
    return Classes(tuple(float(b) for b in bounds), float(finite.min()), tuple(int(i) for i in idx))


def palette(k: int, polarity: int = 1) -> tuple[str, ...]:
    """``k`` colours, light to dark: blue-green when higher is better or neutral,
    yellow-red when higher is worse.

    Examples
    --------
    >>> palette(2)
    ('#edf8b1', '#2c7fb8')
    """
    scheme = _YLORRD if polarity < 0 else _YLGNBU
    if k <= 0:
        return ()
    if k == 1:
        return (scheme[3][1],)
    if k == 2:
        return (scheme[3][0], scheme[3][2])
    if k > 5:
        raise ValidationError(f"at most 5 colour classes; got {k}")
    return scheme[k]
