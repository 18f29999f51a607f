"""Structural change of a unit's economy between two years."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from aimaq.economy._checks import FloatArray, as_matrix, shares
from aimaq.errors import ValidationError

__all__ = ["structural_change"]


def structural_change(start: ArrayLike, end: ArrayLike) -> FloatArray:
    r"""Coefficient of structural change :math:`C = \tfrac12 \sum_j |s_{j,1} - s_{j,0}|`.

    Half the sum of the absolute changes in sector shares (the "norm of absolute values"
    of the structural-change literature): the share of the economy that would have to move
    between sectors to turn the first structure into the second; 0 for no change, 1 for a
    complete change.

    Parameters
    ----------
    start, end
        ``(..., units, sectors)`` non-negative values of the first and the last year.

    Returns
    -------
    numpy.ndarray
        ``(..., units)``.

    Examples
    --------
    Shares 0.2, 0.3, 0.5 become 0.1, 0.3, 0.6: :math:`(0.1 + 0 + 0.1) / 2 = 0.1`.

    >>> structural_change([[20, 30, 50]], [[10, 30, 60]]).round(4).tolist()
    [0.1]
    """
    a = as_matrix(start, name="start values")
    b = as_matrix(end, name="end values")
    if a.shape != b.shape:
        raise ValidationError(
            f"start and end values must have the same shape; got {a.shape} and {b.shape}"
        )
    return 0.5 * np.abs(shares(b) - shares(a)).sum(axis=-1)
