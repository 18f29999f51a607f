"""Inequality measures: pure functions of values and optional (population) weights.

Every function takes ``values`` (e.g. GRP per capita of each territory) and optional
``weights`` (e.g. each territory's population). Without weights every unit counts once;
with weights each unit stands for ``w_i`` people who all share its value ``y_i``. The
formulas are written out in ``docs/disparities.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from aimaq.analysis._checks import FloatArray, as_values, as_weights, prepare, require_positive
from aimaq.errors import ValidationError

__all__ = [
    "MEASURES",
    "Disparity",
    "Lorenz",
    "Measure",
    "atkinson",
    "cv",
    "disparity",
    "gini",
    "hoover",
    "lorenz",
    "max_min_ratio",
    "measure_keys",
    "theil_l",
    "theil_t",
    "top_bottom_ratio",
    "williamson",
]


def _mean(y: FloatArray, w: FloatArray) -> float:
    return float(np.dot(w, y) / w.sum())


def cv(values: ArrayLike, weights: ArrayLike | None = None, *, ddof: int = 0) -> float:
    """Coefficient of variation: standard deviation over mean.

    Parameters
    ----------
    values
        Non-negative values with a positive mean.
    weights
        Optional weights; with weights this is the weighted CV (see :func:`williamson`).
    ddof
        Delta degrees of freedom of the unweighted standard deviation (0: population
        formula, 1: sample formula). Ignored with weights.

    Examples
    --------
    >>> round(cv([1.0, 2.0, 3.0]), 6)
    0.408248
    """
    y, w = prepare(values, weights, positive=False, measure="the coefficient of variation")
    if weights is None:
        if y.size - ddof <= 0:
            raise ValidationError(f"cv with ddof={ddof} needs more than {ddof} value(s)")
        return float(np.std(y, ddof=ddof) / np.mean(y))
    mu = _mean(y, w)
    return float(np.sqrt(np.dot(w, (y - mu) ** 2) / w.sum()) / mu)


def williamson(values: ArrayLike, weights: ArrayLike) -> float:
    """Williamson's population-weighted coefficient of variation.

    ``V_w = sqrt(sum_i (p_i / P) (y_i - mu)^2) / mu`` with ``mu`` the population-weighted
    (national) mean (Williamson 1965).

    Examples
    --------
    >>> round(williamson([1.0, 3.0], [3.0, 1.0]), 6)
    0.57735
    """
    if weights is None:
        raise ValidationError("williamson needs weights (population of each unit)")
    return cv(values, weights)


def gini(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Gini coefficient, population-weighted when weights are given.

    ``G = sum_i sum_j w_i w_j |y_i - y_j| / (2 W^2 mu)``, computed in O(n log n) from the
    Lorenz curve: ``G = 1 - sum_i p_i (L_{i-1} + L_i)``.

    Examples
    --------
    >>> round(gini([1.0, 2.0, 3.0, 4.0]), 6)
    0.25
    >>> round(gini([1.0, 3.0], [3.0, 1.0]), 6)
    0.25
    """
    y, w = prepare(values, weights, positive=False, measure="the Gini coefficient")
    if weights is None:  # equal weights: G = 2 sum_i i y_(i) / (n sum y) - (n + 1) / n
        ys = np.sort(y)
        n = ys.size
        g = 2.0 * np.dot(np.arange(1, n + 1), ys) / (n * ys.sum()) - (n + 1) / n
        return _non_negative(g)
    order = np.argsort(y, kind="stable")
    y, w = y[order], w[order]
    p = w / w.sum()
    income = w * y
    cum = np.cumsum(income) / income.sum()
    prev = np.concatenate(([0.0], cum[:-1]))
    return _non_negative(1.0 - np.dot(p, prev + cum))


def _non_negative(x: float | np.floating) -> float:
    """An index that is >= 0 by definition: round-off (about -1e-16 for equal values)
    is not allowed to make it negative."""
    return max(0.0, float(x))


def theil_t(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Theil's T (GE(1)): ``T = sum_i s_i ln(y_i / mu)`` with income shares ``s_i``.

    Zero values contribute nothing (``0 ln 0 = 0``).

    Examples
    --------
    >>> round(theil_t([1.0, 3.0], [3.0, 1.0]), 6)
    0.143841
    """
    y, w = prepare(values, weights, positive=False, measure="Theil's T")
    mu = _mean(y, w)
    s = w * y / np.dot(w, y)
    pos = y > 0
    return float(np.dot(s[pos], np.log(y[pos] / mu)))


def theil_l(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Theil's L, the mean log deviation (GE(0)): ``L = sum_i (w_i / W) ln(mu / y_i)``.

    Examples
    --------
    >>> round(theil_l([1.0, 3.0], [3.0, 1.0]), 6)
    0.130812
    """
    y, w = prepare(values, weights, positive=True, measure="Theil's L (mean log deviation)")
    mu = _mean(y, w)
    return float(np.dot(w / w.sum(), np.log(mu / y)))


def atkinson(values: ArrayLike, weights: ArrayLike | None = None, *, epsilon: float = 0.5) -> float:
    """Atkinson index with inequality aversion ``epsilon >= 0``.

    ``A = 1 - (sum_i p_i (y_i/mu)^(1-e))^(1/(1-e))``; for ``e = 1``,
    ``A = 1 - exp(sum_i p_i ln y_i) / mu``.

    Examples
    --------
    >>> round(atkinson([1.0, 3.0], [3.0, 1.0], epsilon=1.0), 6)
    0.122617
    """
    eps = float(epsilon)
    if not np.isfinite(eps) or eps < 0:
        raise ValidationError(f"epsilon must be a finite number >= 0; got {epsilon}")
    y, w = prepare(
        values, weights, positive=eps >= 1, measure=f"the Atkinson index (epsilon={eps:g})"
    )
    p = w / w.sum()
    mu = float(np.dot(p, y))
    if eps == 1.0:
        return _non_negative(1.0 - np.exp(np.dot(p, np.log(y))) / mu)
    ede = float(np.dot(p, (y / mu) ** (1.0 - eps)) ** (1.0 / (1.0 - eps)))
    return _non_negative(1.0 - ede)


def hoover(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Hoover (Robin Hood) index: the share of the total to move for equality.

    ``H = 1/2 sum_i |x_i / X - w_i / W|`` with ``x_i = w_i y_i``.

    Examples
    --------
    >>> round(hoover([1.0, 3.0], [3.0, 1.0]), 6)
    0.25
    """
    y, w = prepare(values, weights, positive=False, measure="the Hoover index")
    x = w * y
    return float(0.5 * np.abs(x / x.sum() - w / w.sum()).sum())


def max_min_ratio(values: ArrayLike) -> float:
    """Ratio of the highest to the lowest value (weights do not enter).

    Examples
    --------
    >>> max_min_ratio([2.0, 5.0, 10.0])
    5.0
    """
    y = as_values(values)
    require_positive(y, measure="the max/min ratio")
    return float(y.max() / y.min())


def _tail_mean(y: FloatArray, w: FloatArray, lo: float, hi: float) -> float:
    """Weighted mean of the values over the population-mass interval ``[lo, hi]`` (sorted y)."""
    cum = np.cumsum(w) / w.sum()
    prev = np.concatenate(([0.0], cum[:-1]))
    overlap = np.clip(np.minimum(cum, hi) - np.maximum(prev, lo), 0.0, None)
    return float(np.dot(overlap, y) / overlap.sum())


def top_bottom_ratio(
    values: ArrayLike, weights: ArrayLike | None = None, *, share: float = 0.2
) -> float:
    """Mean of the richest ``share`` of population over the mean of the poorest ``share``.

    The OECD "top 20% / bottom 20%" regional disparity ratio. Units are ranked by value;
    a unit that straddles the cut-off enters with the fraction of its population that falls
    inside (so the result is continuous in the data).

    Examples
    --------
    >>> top_bottom_ratio([1.0, 2.0, 3.0, 4.0, 5.0])
    5.0
    >>> round(top_bottom_ratio([1.0, 3.0], [3.0, 1.0], share=0.25), 6)
    3.0
    """
    if not 0 < share <= 0.5:
        raise ValidationError(f"share must be in (0, 0.5]; got {share}")
    y, w = prepare(values, weights, positive=False, measure="the top/bottom ratio")
    ratio = _top_bottom(y, w, share)
    if ratio is None:
        raise ValidationError(
            f"the poorest {share:.0%} of the population have a mean of 0; the ratio is undefined"
        )
    return ratio


def _top_bottom(y: FloatArray, w: FloatArray, share: float) -> float | None:
    order = np.argsort(y, kind="stable")
    y, w = y[order], w[order]
    bottom = _tail_mean(y, w, 0.0, share)
    if bottom <= 0:
        return None
    return _tail_mean(y, w, 1.0 - share, 1.0) / bottom


@dataclass(frozen=True)
class Lorenz:
    """A Lorenz curve: cumulative population share against cumulative value share.

    Both arrays start at 0 and end at 1; units are ordered by increasing value.
    """

    population_share: FloatArray
    value_share: FloatArray

    def to_dict(self) -> dict[str, list[float]]:
        return {
            "population_share": self.population_share.tolist(),
            "value_share": self.value_share.tolist(),
        }


def lorenz(values: ArrayLike, weights: ArrayLike | None = None) -> Lorenz:
    """The Lorenz curve of ``values`` (population-weighted when weights are given).

    Examples
    --------
    >>> curve = lorenz([1.0, 3.0], [3.0, 1.0])
    >>> curve.population_share.tolist(), curve.value_share.tolist()
    ([0.0, 0.75, 1.0], [0.0, 0.5, 1.0])
    """
    y, w = prepare(values, weights, positive=False, measure="the Lorenz curve")
    order = np.argsort(y, kind="stable")
    y, w = y[order], w[order]
    x = w * y
    pop = np.concatenate(([0.0], np.cumsum(w) / w.sum()))
    val = np.concatenate(([0.0], np.cumsum(x) / x.sum()))
    return Lorenz(pop, val)


@dataclass(frozen=True)
class Measure:
    """One entry of the registry of inequality measures.

    ``compute(y, w)`` gets the checked values and the weights (``None`` unweighted) and
    returns the figure, or ``None`` where the measure does not apply: ``weighted_only``
    measures need weights, ``positive`` ones need every value above 0.
    """

    key: str
    label: str
    compute: Callable[[FloatArray, FloatArray | None], float | None]
    weighted_only: bool = False
    positive: bool = False


def _tb20(y: FloatArray, w: FloatArray | None) -> float | None:
    return _top_bottom(y, as_weights(w, y.size), 0.2)


#: Every measure of :func:`disparity`, in the order reports print them. The one list that
#: the disparity report, its JSON and CSV output and the command line read.
MEASURES: tuple[Measure, ...] = (
    Measure("gini", "Gini coefficient", gini),
    Measure("theil_t", "Theil T (GE(1))", theil_t),
    Measure("theil_l", "Theil L, mean log deviation (GE(0))", theil_l, positive=True),
    Measure("cv", "coefficient of variation (unweighted)", lambda y, w: cv(y)),
    Measure(
        "williamson",
        "Williamson's population-weighted CV",
        lambda y, w: williamson(y, w),  # type: ignore[arg-type]
        weighted_only=True,
    ),
    Measure("atkinson_05", "Atkinson index, epsilon 0.5", lambda y, w: atkinson(y, w)),
    Measure(
        "atkinson_1",
        "Atkinson index, epsilon 1",
        lambda y, w: atkinson(y, w, epsilon=1.0),
        positive=True,
    ),
    Measure("hoover", "Hoover index", hoover),
    Measure("max_min_ratio", "max/min ratio", lambda y, w: max_min_ratio(y), positive=True),
    Measure("top_bottom_ratio", "top 20% / bottom 20% ratio", _tb20),
)


def measure_keys(*, weighted: bool = True) -> tuple[str, ...]:
    """The keys of the registered measures (without the weighted-only ones if unweighted).

    Examples
    --------
    >>> measure_keys(weighted=False)[:3]
    ('gini', 'theil_t', 'theil_l')
    """
    return tuple(m.key for m in MEASURES if weighted or not m.weighted_only)


@dataclass(frozen=True)
class Disparity:
    """Every measure of one distribution; ``None`` where a measure does not apply.

    One field per entry of :data:`MEASURES` besides ``n``, ``weighted`` and ``mean``.
    ``cv`` is always unweighted; ``williamson`` is the population-weighted CV (only when
    weights were given); the others are weighted when weights were given.
    """

    n: int
    weighted: bool
    mean: float
    gini: float
    theil_t: float
    theil_l: float | None
    cv: float
    williamson: float | None
    atkinson_05: float
    atkinson_1: float | None
    hoover: float
    max_min_ratio: float | None
    top_bottom_ratio: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def measures(self) -> dict[str, float | None]:
        """The registered measures in registry order (weighted-only ones when weighted)."""
        return {k: getattr(self, k) for k in measure_keys(weighted=self.weighted)}


def disparity(values: ArrayLike, weights: ArrayLike | None = None) -> Disparity:
    """All measures of :data:`MEASURES` at once. Values must be non-negative; measures
    that need strictly positive values (Theil L, Atkinson with epsilon 1, max/min) are
    ``None`` when a value is 0, and so is the top/bottom ratio when the poorest 20% have
    nothing.

    Examples
    --------
    >>> d = disparity([1.0, 3.0], [3.0, 1.0])
    >>> round(d.gini, 4), round(d.williamson, 4)
    (0.25, 0.5774)
    """
    y, w = prepare(values, weights, positive=False, measure="the disparity measures")
    weighted = weights is not None
    wt = w if weighted else None
    positive = bool((y > 0).all())
    figures = {
        m.key: None
        if (m.weighted_only and not weighted) or (m.positive and not positive)
        else m.compute(y, wt)
        for m in MEASURES
    }
    return Disparity(
        n=int(y.size),
        weighted=weighted,
        mean=_mean(y, as_weights(wt, y.size)),
        **figures,  # type: ignore[arg-type]
    )
