"""Aggregation: combining normalised member scores into one score per unit.

Each function takes a matrix ``x`` (units x members) and weights, either one vector
(``members``; result: one score per unit) or a matrix of weight draws (``draws x members``;
result: ``draws x units``), so the Monte Carlo analysis uses the very same code.
Weights are rescaled to sum to 1. A missing member value gives a missing score.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.errors import ValidationError

FloatArray = NDArray[np.float64]


def _inputs(x: ArrayLike, weights: ArrayLike, name: str) -> tuple[FloatArray, FloatArray, bool]:
    xm = np.asarray(x, dtype=np.float64)
    if xm.ndim != 2:
        raise ValidationError(f"{name}: expected a units x members matrix; got shape {xm.shape}")
    w = np.asarray(weights, dtype=np.float64)
    single = w.ndim == 1
    w2 = w[None, :] if single else w
    if w2.ndim != 2 or w2.shape[1] != xm.shape[1]:
        raise ValidationError(f"{name}: {xm.shape[1]} members but weights of shape {w.shape}")
    if np.isnan(w2).any() or (w2 < 0).any():
        raise ValidationError(f"{name}: weights must be non-negative numbers; got {w.tolist()}")
    total = w2.sum(axis=1, keepdims=True)
    if (total <= 0).any():
        raise ValidationError(f"{name}: weights must sum to a positive number; got {w.tolist()}")
    return xm, w2 / total, single


def _out(scores: FloatArray, single: bool) -> FloatArray:
    return scores[0] if single else scores


def arithmetic(x: ArrayLike, weights: ArrayLike, *, name: str = "group") -> FloatArray:
    """Weighted arithmetic mean (fully compensatory): ``sum_i w_i x_i``.

    Examples
    --------
    >>> arithmetic([[0.2, 0.4], [1.0, 0.0]], [1, 1]).round(6).tolist()
    [0.3, 0.5]
    """
    xm, w, single = _inputs(x, weights, name)
    return _out(w @ xm.T, single)


def geometric(x: ArrayLike, weights: ArrayLike, *, name: str = "group") -> FloatArray:
    """Weighted geometric mean (partly compensatory): ``prod_i x_i ** w_i``.

    Values must be non-negative; a zero member makes the score zero (as in the HDI).

    Examples
    --------
    >>> geometric([[1.0, 4.0], [0.0, 9.0]], [1, 1]).round(6).tolist()
    [2.0, 0.0]
    """
    xm, w, single = _inputs(x, weights, name)
    if (xm < 0).any():
        row, col = np.argwhere(xm < 0)[0]
        raise ValidationError(
            f"{name}: the geometric mean needs values >= 0; member {int(col)} of unit "
            f"{int(row)} is {xm[row, col]:.4g} (use goalposts, min-max, rank or percentile, "
            "or z-scores with centre 100 and scale 10)"
        )
    with np.errstate(divide="ignore"):
        logs = np.log(xm)
    zero = (xm == 0).any(axis=1)
    logs = np.where(np.isneginf(logs), 0.0, logs)
    scores = np.exp(w @ logs.T)
    scores[:, zero & ~np.isnan(xm).any(axis=1)] = 0.0
    return _out(scores, single)


def mazziotta_pareto(x: ArrayLike, weights: ArrayLike, *, name: str = "group") -> FloatArray:
    """Mazziotta-Pareto Index with a penalty for unbalance: ``M - S * S / M``.

    ``M`` and ``S`` are the (weighted) mean and population standard deviation of a
    unit's member scores; with equal weights and members standardised as
    ``100 + 10 z`` this is the MPI of De Muro, Mazziotta and Pareto (2011).

    Examples
    --------
    >>> mazziotta_pareto([[100.0, 100.0], [90.0, 110.0]], [1, 1]).round(4).tolist()
    [100.0, 99.0]
    """
    xm, w, single = _inputs(x, weights, name)
    mean = w @ xm.T
    var = np.maximum(w @ (xm**2).T - mean**2, 0.0)
    if (mean <= 0).any():
        raise ValidationError(
            f"{name}: the Mazziotta-Pareto index needs a positive mean of member scores "
            "(standardise with centre 100 and scale 10)"
        )
    return _out(mean - var / mean, single)


def outranking_matrix(x: ArrayLike) -> NDArray[np.int8]:
    """Pairwise signs ``sign(x[a, i] - x[b, i])`` (units x units x members)."""
    xm = np.asarray(x, dtype=np.float64)
    return np.sign(xm[:, None, :] - xm[None, :, :]).astype(np.int8)


def copeland(x: ArrayLike, weights: ArrayLike, *, name: str = "group") -> FloatArray:
    """Copeland outranking score (non-compensatory), rescaled onto [0, 1].

    Unit ``a`` beats ``b`` when the weights of the members where ``a`` is better exceed
    those where ``b`` is better (ties count half); the score is wins minus losses over
    all other units, mapped from ``[-(n-1), n-1]`` onto ``[0, 1]`` (Munda and Nardo 2009).

    Examples
    --------
    >>> copeland([[3.0, 1.0], [2.0, 2.0], [1.0, 3.0]], [2, 1]).tolist()
    [1.0, 0.5, 0.0]
    """
    xm, w, single = _inputs(x, weights, name)
    if np.isnan(xm).any():
        raise ValidationError(f"{name}: Copeland outranking needs complete data")
    n = xm.shape[0]
    if n < 2:
        raise ValidationError(f"{name}: Copeland outranking needs at least two units")
    signs = outranking_matrix(xm).reshape(n * n, -1).astype(np.float64)
    scores = np.empty((w.shape[0], n))
    step = max(1, 4_000_000 // (n * n))
    for start in range(0, w.shape[0], step):
        margin = signs @ w[start : start + step].T  # (n*n, chunk)
        wins = np.sign(np.round(margin, 12)).reshape(n, n, -1).sum(axis=1)
        scores[start : start + step] = wins.T
    return _out((scores + (n - 1)) / (2.0 * (n - 1)), single)


AGGREGATORS = {
    "arithmetic": arithmetic,
    "geometric": geometric,
    "mazziotta_pareto": mazziotta_pareto,
    "copeland": copeland,
}


def aggregate(x: ArrayLike, weights: ArrayLike, method: str, *, name: str = "group") -> FloatArray:
    """Dispatch by method name.

    Examples
    --------
    >>> aggregate([[1.0, 4.0]], [1, 1], "geometric").tolist()
    [2.0]
    """
    try:
        func = AGGREGATORS[method]
    except KeyError:
        raise ValidationError(f"{name}: unknown aggregation {method!r}") from None
    return func(x, weights, name=name)
