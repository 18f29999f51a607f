"""Variance-based sensitivity: first-order and total Sobol indices from a Saltelli design.

Estimators: Saltelli et al. (2010) for the first-order index and Jansen (1999) for the
total index, as recommended in Saltelli et al., "Variance based sensitivity analysis of
model output", Computer Physics Communications 181 (2010), Table 2 (formulas b and f).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.errors import ValidationError

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total indices of each factor, for each output column."""

    first: FloatArray  # factors x outputs
    total: FloatArray  # factors x outputs
    variance: FloatArray  # outputs

    def pooled(self) -> tuple[FloatArray, FloatArray]:
        """Indices of the whole output vector: numerators and variances summed over outputs.

        Outputs with zero variance carry no weight. This is the share of the total rank
        variance (over all units) that each factor explains.
        """
        keep = self.variance > 0
        if not keep.any():
            return np.zeros(self.first.shape[0]), np.zeros(self.first.shape[0])
        v = self.variance[keep]
        return (
            (self.first[:, keep] * v).sum(axis=1) / v.sum(),
            (self.total[:, keep] * v).sum(axis=1) / v.sum(),
        )


def sobol_indices(y_a: ArrayLike, y_b: ArrayLike, y_ab: ArrayLike) -> SobolIndices:
    """Sobol indices from model outputs on the matrices A, B and each A_B^(i).

    Parameters
    ----------
    y_a, y_b
        Outputs on the base samples: ``N`` or ``N x outputs``.
    y_ab
        Outputs on A with factor ``i`` taken from B: ``factors x N`` (or ``x outputs``).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> a, b = rng.uniform(size=(2, 4096, 2))
    >>> f = lambda x: x[:, 0] + 0.1 * x[:, 1]
    >>> ab = [np.where(np.arange(2) == i, b, a) for i in range(2)]
    >>> s = sobol_indices(f(a), f(b), [f(m) for m in ab])
    >>> round(float(s.first[0, 0]), 1), round(float(s.total[1, 0]), 2)
    (1.0, 0.01)
    """
    ya = np.asarray(y_a, dtype=np.float64)
    yb = np.asarray(y_b, dtype=np.float64)
    yab = np.asarray(y_ab, dtype=np.float64)
    if ya.ndim == 1:
        ya, yb, yab = ya[:, None], yb[:, None], yab[..., None]
    if ya.shape != yb.shape or yab.shape[1:] != ya.shape:
        raise ValidationError(
            f"Sobol outputs disagree in shape: A {ya.shape}, B {yb.shape}, A_B {yab.shape}"
        )
    variance = np.concatenate([ya, yb]).var(axis=0)
    safe = np.where(variance > 0, variance, 1.0)
    first = (yb[None] * (yab - ya[None])).mean(axis=1) / safe
    total = 0.5 * ((ya[None] - yab) ** 2).mean(axis=1) / safe
    first[:, variance == 0] = 0.0
    total[:, variance == 0] = 0.0
    return SobolIndices(first=first, total=total, variance=variance)
