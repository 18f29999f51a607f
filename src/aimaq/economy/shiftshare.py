r"""Shift-share decomposition of the change in a unit's sector values between two years.

Classic form (Dunn 1960; the three components of every regional-economics textbook, e.g.
Armstrong and Taylor, *Regional Economics and Policy*): with :math:`e_{ij}` the value of
sector :math:`j` in unit :math:`i`, :math:`G` the national growth rate of the total,
:math:`g_j` the national growth rate of sector :math:`j` and :math:`r_{ij}` the unit's own,

.. math::

    e_{ij,1} - e_{ij,0} = \underbrace{e_{ij,0} G}_{\text{national}}
    + \underbrace{e_{ij,0}(g_j - G)}_{\text{industry mix}}
    + \underbrace{e_{ij,0}(r_{ij} - g_j)}_{\text{regional share}}.

Esteban-Marquillas (1972) split the regional share with the homothetic value
:math:`\hat e_{ij} = e_{i,0} E_{j,0} / E_0` (the unit's total spread like the nation):
a net competitive effect :math:`\hat e_{ij}(r_{ij} - g_j)` and an allocation effect
:math:`(e_{ij,0} - \hat e_{ij})(r_{ij} - g_j)`, positive when a unit is specialised in the
sectors where it is competitive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from aimaq.economy._checks import FloatArray, as_matrix, as_reference
from aimaq.errors import ValidationError

__all__ = ["COMPONENTS", "ShiftShare", "shift_share"]

COMPONENTS = ("change", "national", "industry_mix", "regional_share", "competitive", "allocation")


@dataclass(frozen=True)
class ShiftShare:
    """Components of the change, each ``(..., units, sectors)``; sum over sectors for a unit.

    Attributes
    ----------
    change
        :math:`e_{ij,1} - e_{ij,0}`.
    national, industry_mix, regional_share
        The classic components; they add up to ``change``.
    homothetic
        :math:`\\hat e_{ij}`, the value the unit would have with the nation's structure.
    competitive, allocation
        Esteban-Marquillas' split of ``regional_share``; they add up to it.
    national_growth
        :math:`G` (``...``-shaped: one per leading index).
    """

    change: FloatArray
    national: FloatArray
    industry_mix: FloatArray
    regional_share: FloatArray
    homothetic: FloatArray
    competitive: FloatArray
    allocation: FloatArray
    national_growth: FloatArray

    def totals(self) -> dict[str, FloatArray]:
        """Each component summed over the sectors: ``(..., units)`` per name."""
        return {n: getattr(self, n).sum(axis=-1) for n in COMPONENTS}


def shift_share(
    start: ArrayLike,
    end: ArrayLike,
    reference_start: ArrayLike | None = None,
    reference_end: ArrayLike | None = None,
) -> ShiftShare:
    """Classic and Esteban-Marquillas shift-share of every unit and sector.

    Parameters
    ----------
    start, end
        ``(..., units, sectors)`` values of the first and last year.
    reference_start, reference_end
        ``(..., sectors)`` national totals of the two years; default: sums over the units.

    Returns
    -------
    ShiftShare

    Raises
    ------
    ValidationError
        If shapes differ, or a unit's sector is zero in the first year (its own growth
        rate :math:`r_{ij}` is undefined) while it is not zero in the last.

    Examples
    --------
    The worked case of ``tests/economy/test_shiftshare.py``: two regions, two sectors.

    >>> ss = shift_share([[100, 100], [300, 500]], [[110, 140], [360, 490]])
    >>> {k: v.round(3).tolist() for k, v in ss.totals().items()}["regional_share"]
    [27.5, -27.5]
    >>> ss.national_growth.round(4).item()
    0.1
    """
    e0 = as_matrix(start, name="start values", min_sectors=1)
    e1 = as_matrix(end, name="end values", min_sectors=1)
    if e0.shape != e1.shape:
        raise ValidationError(
            f"start and end values must have the same shape; got {e0.shape} and {e1.shape}"
        )
    n0 = as_reference(reference_start, e0, name="reference_start")
    n1 = as_reference(reference_end, e1, name="reference_end")
    if (n0 <= 0).any():
        at = tuple(np.argwhere(n0 <= 0)[0])
        raise ValidationError(
            f"the national value of a sector is zero in the first year at index {at}; "
            "its growth rate is undefined"
        )
    undefined = (e0 == 0) & (e1 != 0)
    if undefined.any():
        at = tuple(int(i) for i in np.argwhere(undefined)[0])
        raise ValidationError(
            f"start value is zero but end value is not at index {at}: the unit's growth "
            "rate of that sector is undefined; merge the sector or drop the unit"
        )
    big_g = n1.sum(axis=-1) / n0.sum(axis=-1) - 1.0
    g = n1 / n0 - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(e0 > 0, e1 / e0 - 1.0, 0.0)
    g_b = g[..., None, :]
    big_g_b = big_g[..., None, None]
    national = e0 * big_g_b
    mix = e0 * (g_b - big_g_b)
    regional = e0 * (r - g_b)
    homothetic = (
        e0.sum(axis=-1, keepdims=True) * (n0 / n0.sum(axis=-1, keepdims=True))[..., None, :]
    )
    competitive = homothetic * (r - g_b)
    allocation = (e0 - homothetic) * (r - g_b)
    return ShiftShare(
        change=e1 - e0,
        national=national,
        industry_mix=mix,
        regional_share=regional,
        homothetic=homothetic,
        competitive=competitive,
        allocation=allocation,
        national_growth=np.asarray(big_g, dtype=np.float64),
    )
