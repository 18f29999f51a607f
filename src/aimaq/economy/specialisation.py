"""Specialisation: location quotients (with a confidence bound) and Krugman's index.

Both compare a unit's sector shares with those of a reference economy (the nation, by
default the sum over the units given).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import norm

from aimaq.economy._checks import FloatArray, as_matrix, as_reference, shares
from aimaq.errors import ValidationError

__all__ = ["LocationQuotients", "krugman", "location_quotients"]


@dataclass(frozen=True)
class LocationQuotients:
    """Location quotients of every unit and sector.

    Attributes
    ----------
    lq
        ``(..., units, sectors)``: the unit's share of the sector over the reference share.
    lower, upper
        The confidence bound of each quotient (NaN where no bound was asked for, or where
        the unit has no employment in the sector).
    confidence
        The confidence level of the bound, or ``None``.
    """

    lq: FloatArray
    lower: FloatArray
    upper: FloatArray
    confidence: float | None

    @property
    def significant(self) -> FloatArray:
        """+1 where the whole bound is above 1, -1 where it is below 1, else 0."""
        out = np.zeros_like(self.lq)
        out[self.lower > 1] = 1.0
        out[self.upper < 1] = -1.0
        return out


def location_quotients(
    values: ArrayLike,
    reference: ArrayLike | None = None,
    *,
    confidence: float | None = None,
) -> LocationQuotients:
    r"""Location quotients :math:`LQ_{ij} = (e_{ij}/e_i) / (E_j/E)`.

    Parameters
    ----------
    values
        ``(..., units, sectors)`` non-negative values (employment, value added); leading
        axes (years) are computed at once.
    reference
        ``(..., sectors)`` totals of the reference economy; default: the sum over the units.
    confidence
        Level of a confidence bound (e.g. 0.95), for values that are counts (persons). The
        bound is :math:`\exp(\ln LQ \pm z\,\sigma)` with the delta-method variance of
        :math:`\ln LQ` when the cells are one multinomial draw of :math:`E` counts,
        :math:`\sigma^2 = 1/e_{ij} - 1/e_i - 1/E_j + 2e_{ij}/(e_i E_j) - 1/E`
        (the approach of Moineddin, Beyene and Boyle 2003, which puts a normal bound on
        :math:`\ln LQ`). It is sampling error of counts only: survey figures (the labour
        force survey) carry a larger error that this bound does not know.

    Returns
    -------
    LocationQuotients

    Examples
    --------
    Two regions, two sectors: region 0 has 30 of its 100 jobs in sector 0, against 50 of
    300 in the nation, so :math:`LQ = 0.3 / (50/300) = 1.8`.

    >>> r = location_quotients([[30, 70], [20, 180]])
    >>> r.lq.round(3).tolist()
    [[1.8, 0.84], [0.6, 1.08]]
    >>> r = location_quotients([[3000, 7000], [2000, 18000]], confidence=0.95)
    >>> bool(r.lower[0, 0] > 1), r.significant[0].tolist()
    (True, [1.0, -1.0])
    """
    arr = as_matrix(values, name="values", min_sectors=1)
    ref = as_reference(reference, arr)
    if confidence is not None and not 0 < confidence < 1:
        raise ValidationError(f"confidence must be between 0 and 1; got {confidence}")
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_ref_share = ref.sum(axis=-1, keepdims=True) / ref
        lq = arr / arr.sum(axis=-1, keepdims=True)
        lq *= inv_ref_share[..., None, :]
    # no bound asked for: NaN views, not two more full arrays
    lower = upper = np.broadcast_to(np.float64(np.nan), lq.shape)
    if confidence is not None:
        e_ij = arr
        e_i = arr.sum(axis=-1, keepdims=True)
        e_j = ref[..., None, :]
        total = ref.sum(axis=-1)[..., None, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            var = 1 / e_ij - 1 / e_i - 1 / e_j + 2 * e_ij / (e_i * e_j) - 1 / total
            half = norm.ppf(0.5 + confidence / 2) * np.sqrt(np.clip(var, 0, None))
            ok = e_ij > 0
            lower = np.where(ok, np.exp(np.log(lq) - half), np.nan)
            upper = np.where(ok, np.exp(np.log(lq) + half), np.nan)
    return LocationQuotients(lq=lq, lower=lower, upper=upper, confidence=confidence)


def krugman(values: ArrayLike, reference: ArrayLike | None = None) -> FloatArray:
    r"""Krugman's specialisation index :math:`K_i = \sum_j |s_{ij} - S_j|`.

    The dissimilarity of a unit's sector shares :math:`s_{ij}` from the reference shares
    :math:`S_j` (Krugman 1991, *Geography and Trade*, ch. 3 and appendix D): 0 for a unit
    with the nation's structure, up to 2 for a unit entirely in sectors the nation lacks.

    Parameters
    ----------
    values
        ``(..., units, sectors)`` non-negative values.
    reference
        ``(..., sectors)`` reference totals; default: the sum over the units.

    Returns
    -------
    numpy.ndarray
        ``(..., units)``.

    Examples
    --------
    >>> krugman([[30, 70], [20, 180]]).round(4).tolist()
    [0.2667, 0.1333]
    """
    arr = as_matrix(values, name="values")
    ref = as_reference(reference, arr)
    ref_share = ref / ref.sum(axis=-1, keepdims=True)
    return np.abs(shares(arr) - ref_share[..., None, :]).sum(axis=-1)
