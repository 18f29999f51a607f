"""Diversification of a unit's economy: Hirschman-Herfindahl and Shannon entropy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from aimaq.economy._checks import FloatArray, as_matrix, shares

__all__ = ["Diversification", "diversification"]


@dataclass(frozen=True)
class Diversification:
    """Concentration and diversity of every unit's sector shares.

    Attributes
    ----------
    hhi
        :math:`\\sum_j s_j^2`, from :math:`1/n` (all sectors equal) to 1 (one sector).
    hhi_normalised
        :math:`(HHI - 1/n) / (1 - 1/n)`, from 0 to 1.
    entropy
        Shannon entropy :math:`-\\sum_j s_j \\ln s_j` (nats; :math:`0 \\ln 0 = 0`), from 0
        to :math:`\\ln n`.
    entropy_relative
        Entropy over :math:`\\ln n`, from 0 (one sector) to 1 (all sectors equal).
    sectors
        :math:`n`, the number of sectors of the breakdown.
    """

    hhi: FloatArray
    hhi_normalised: FloatArray
    entropy: FloatArray
    entropy_relative: FloatArray
    sectors: int


def diversification(values: ArrayLike) -> Diversification:
    """Hirschman-Herfindahl index and Shannon entropy of each unit's sector structure.

    Both depend on the number of sectors :math:`n` of the breakdown: compare units only on
    the same breakdown (three broad groups give much higher HHI than 21 sections).

    Parameters
    ----------
    values
        ``(..., units, sectors)`` non-negative values.

    Returns
    -------
    Diversification
        Arrays of shape ``(..., units)``.

    Examples
    --------
    Shares 0.5, 0.3, 0.2: :math:`HHI = 0.25 + 0.09 + 0.04 = 0.38`.

    >>> d = diversification([[50, 30, 20], [1, 1, 1]])
    >>> d.hhi.round(4).tolist(), d.hhi_normalised.round(4).tolist()
    ([0.38, 0.3333], [0.07, 0.0])
    >>> d.entropy.round(4).tolist(), d.entropy_relative.round(4).tolist()
    ([1.0297, 1.0986], [0.9372, 1.0])
    """
    arr = as_matrix(values, name="values")
    s = shares(arr)
    n = arr.shape[-1]
    hhi = np.einsum("...j,...j->...", s, s)
    logs = np.zeros_like(s)
    np.log(s, out=logs, where=s > 0)  # 0 ln 0 = 0
    entropy = -np.einsum("...j,...j->...", s, logs)
    return Diversification(
        hhi=hhi,
        hhi_normalised=(hhi - 1 / n) / (1 - 1 / n),
        entropy=entropy,
        entropy_relative=entropy / np.log(n),
        sectors=n,
    )
