"""Weighting: equal, explicit, derived from principal components, or benefit of the doubt.

References: OECD/JRC Handbook on Constructing Composite Indicators (2008), section 6:
factor-analysis weights (6.1, Table 19-21) and benefit of the doubt (6.3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

from aimaq.errors import ValidationError

FloatArray = NDArray[np.float64]


def equal_weights(n: int) -> FloatArray:
    """``n`` equal weights summing to 1.

    Examples
    --------
    >>> equal_weights(4).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    if n < 1:
        raise ValidationError(f"need at least one member to weight; got {n}")
    return np.full(n, 1.0 / n)


def explicit_weights(weights: ArrayLike, *, name: str = "group") -> FloatArray:
    """Given weights rescaled to sum to 1.

    Examples
    --------
    >>> explicit_weights([1, 3]).tolist()
    [0.25, 0.75]
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or np.isnan(w).any() or (w < 0).any():
        raise ValidationError(f"{name}: weights must be non-negative numbers; got {w.tolist()}")
    if w.sum() <= 0:
        raise ValidationError(f"{name}: weights must sum to a positive number; got {w.tolist()}")
    return w / w.sum()


def varimax(loadings: FloatArray, *, tol: float = 1e-8, max_iter: int = 500) -> FloatArray:
    """Kaiser's varimax rotation of a loadings matrix (variables x factors)."""
    p, k = loadings.shape
    if k < 2:
        return loadings.copy()
    rotation = np.eye(k)
    criterion = 0.0
    for _ in range(max_iter):
        rotated = loadings @ rotation
        u, s, vt = np.linalg.svd(
            loadings.T @ (rotated**3 - rotated @ np.diag((rotated**2).sum(axis=0)) / p)
        )
        rotation = u @ vt
        new = float(s.sum())
        if new - criterion < tol * max(new, 1.0):
            break
        criterion = new
    return loadings @ rotation


@dataclass(frozen=True)
class PCAWeights:
    """Weights from principal components, with what they were derived from."""

    weights: FloatArray
    eigenvalues: FloatArray
    retained: int
    explained: float


def pca_weights(x: ArrayLike, *, name: str = "group") -> PCAWeights:
    """Weights from principal components of the correlation matrix (OECD/JRC Handbook 6.1).

    Components with eigenvalue > 1 are kept (at least one), rotated by varimax; squared
    loadings are scaled to sum to 1 within each factor, each indicator takes its largest
    scaled squared loading, multiplied by its factor's share of the retained variance.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=200)
    >>> x = np.c_[f + rng.normal(scale=.3, size=200), f + rng.normal(scale=.3, size=200)]
    >>> pca_weights(x).weights.round(1).tolist()
    [0.5, 0.5]
    """
    xm = np.asarray(x, dtype=np.float64)
    if xm.ndim != 2 or xm.shape[1] < 2:
        raise ValidationError(f"{name}: PCA weights need at least two members")
    if np.isnan(xm).any():
        raise ValidationError(f"{name}: PCA weights need complete data (impute first)")
    if xm.shape[0] <= xm.shape[1]:
        raise ValidationError(
            f"{name}: PCA weights need more units ({xm.shape[0]}) than members ({xm.shape[1]})"
        )
    sd = xm.std(axis=0)
    if (sd == 0).any():
        raise ValidationError(f"{name}: PCA weights undefined for a constant member")
    corr = np.corrcoef(xm, rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    keep = max(1, int((values > 1.0).sum()))
    loadings = vectors[:, :keep] * np.sqrt(values[:keep])
    rotated = varimax(loadings)
    squared = rotated**2
    factor_var = squared.sum(axis=0)
    scaled = squared / factor_var
    best = scaled.argmax(axis=1)
    share = factor_var / factor_var.sum()
    raw = scaled[np.arange(len(best)), best] * share[best]
    return PCAWeights(
        weights=raw / raw.sum(),
        eigenvalues=values,
        retained=keep,
        explained=float(values[:keep].sum() / values.sum()),
    )


@dataclass(frozen=True)
class BoDResult:
    """Benefit-of-the-doubt scores and each unit's own most favourable weights."""

    scores: FloatArray
    weights: FloatArray  # units x members, the LP multipliers


def benefit_of_the_doubt(x: ArrayLike, *, min_share: float = 0.0, name: str = "group") -> BoDResult:
    """Benefit-of-the-doubt scores by linear programming (Cherchye et al. 2007).

    For each unit ``c``: maximise ``sum_i w_i y_ci`` subject to ``sum_i w_i y_ji <= 1`` for
    every unit ``j`` and ``w >= 0``; with ``min_share`` > 0 each member must contribute at
    least that share of the unit's score (pie-share restriction). Scores lie in [0, 1];
    a unit scores 1 when no other unit dominates it under its best weights.

    Examples
    --------
    >>> benefit_of_the_doubt([[1, 0], [0, 1], [.5, .5], [.4, .4]]).scores.round(6).tolist()
    [1.0, 1.0, 1.0, 0.8]
    """
    y = np.asarray(x, dtype=np.float64)
    if y.ndim != 2:
        raise ValidationError(f"{name}: expected a units x members matrix")
    if np.isnan(y).any():
        raise ValidationError(f"{name}: benefit of the doubt needs complete data (impute first)")
    if (y < 0).any():
        raise ValidationError(
            f"{name}: benefit of the doubt needs non-negative normalised values "
            "(use min-max, goalposts, percentile or distance to best)"
        )
    if not (y > 0).any():
        raise ValidationError(f"{name}: benefit of the doubt needs some positive values")
    n, m = y.shape
    if min_share * m > 1:
        raise ValidationError(f"{name}: min_share {min_share} x {m} members exceeds 1")
    scores = np.empty(n)
    weights = np.empty((n, m))
    for c in range(n):
        a_ub = y
        b_ub = np.ones(n)
        if min_share > 0:
            # min_share * sum_k w_k y_ck - w_i y_ci <= 0 for every member i
            share = min_share * np.tile(y[c], (m, 1)) - np.diag(y[c])
            a_ub = np.vstack([y, share])
            b_ub = np.concatenate([b_ub, np.zeros(m)])
        res = linprog(-y[c], A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        if res.status != 0:
            raise ValidationError(
                f"{name}: benefit-of-the-doubt LP for unit {c} failed: {res.message}"
            )
        scores[c] = -res.fun
        weights[c] = res.x
    return BoDResult(scores=scores, weights=weights)
