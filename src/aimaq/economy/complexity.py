r"""Revealed comparative advantage, relatedness and economic complexity.

Following Hausmann, Hidalgo et al. (2014), *The Atlas of Economic Complexity*, MIT Press,
on a units x sectors table: the revealed comparative advantage (Balassa 1965) is the
location quotient; :math:`M_{ij} = 1` where :math:`RCA_{ij} \ge 1`; diversity
:math:`k_{i,0} = \sum_j M_{ij}`; ubiquity :math:`k_{j,0} = \sum_i M_{ij}`; the proximity of
two sectors :math:`\phi_{jk} = \sum_i M_{ij} M_{ik} / \max(k_{j,0}, k_{k,0})`; the density
(relatedness) of sector :math:`j` around unit :math:`i`,
:math:`\omega_{ij} = \sum_k M_{ik}\phi_{jk} / \sum_k \phi_{jk}`; and the economic
complexity index, the standardised eigenvector of the second largest eigenvalue of
:math:`\tilde M_{ii'} = \sum_j M_{ij} M_{i'j} / (k_{i,0} k_{j,0})`, signed to correlate
positively with diversity.

These measures need a fine breakdown: with fewer than :data:`MIN_SECTORS` sectors the
network of sectors carries almost no information, and :func:`complexity` refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from aimaq.economy._checks import FloatArray, as_matrix
from aimaq.economy.specialisation import location_quotients
from aimaq.errors import ValidationError

__all__ = ["MIN_SECTORS", "Complexity", "complexity"]

MIN_SECTORS = 10


@dataclass(frozen=True)
class Complexity:
    """Revealed comparative advantage and the complexity view of one units x sectors table.

    Attributes
    ----------
    rca
        ``(units, sectors)`` revealed comparative advantage (= location quotient).
    presence
        ``(units, sectors)`` 1 where ``rca >= threshold``.
    diversity, ubiquity
        Number of sectors with an advantage per unit; units with one per sector.
    proximity
        ``(sectors, sectors)`` :math:`\\phi`.
    density
        ``(units, sectors)`` :math:`\\omega`, relatedness of each sector to the unit's base.
    eci
        ``(units,)`` economic complexity index (mean 0, standard deviation 1; NaN for a
        unit with no advantage anywhere).
    """

    rca: FloatArray
    presence: FloatArray
    diversity: FloatArray
    ubiquity: FloatArray
    proximity: FloatArray
    density: FloatArray
    eci: FloatArray


def complexity(values: ArrayLike, *, threshold: float = 1.0) -> Complexity:
    """RCA, proximity, density and the economic complexity index of a units x sectors table.

    Parameters
    ----------
    values
        ``(units, sectors)`` non-negative values, with at least :data:`MIN_SECTORS` sectors.
    threshold
        RCA at and above which a unit counts as having an advantage (1 by convention).

    Raises
    ------
    ValidationError
        With fewer than :data:`MIN_SECTORS` sectors (the three BNS broad groups are far too
        coarse), or fewer than 3 units.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> c = complexity(rng.integers(1, 100, size=(6, 12)))
    >>> c.rca.shape, c.proximity.shape, round(float(c.eci.std()), 6)
    ((6, 12), (12, 12), 1.0)
    >>> complexity([[1, 2, 3], [3, 2, 1], [2, 2, 2]])
    Traceback (most recent call last):
    ...
    aimaq.errors.ValidationError: relatedness and complexity need at least 10 sectors; got 3 (a breakdown this coarse says almost nothing about which sectors go together)
    """
    arr = as_matrix(values, name="values", min_sectors=1)
    if arr.ndim != 2:
        raise ValidationError(f"values must be one (units x sectors) table; got shape {arr.shape}")
    units, sectors = arr.shape
    if sectors < MIN_SECTORS:
        raise ValidationError(
            f"relatedness and complexity need at least {MIN_SECTORS} sectors; got {sectors} "
            "(a breakdown this coarse says almost nothing about which sectors go together)"
        )
    if units < 3:
        raise ValidationError(f"complexity needs at least 3 units; got {units}")
    rca = location_quotients(arr).lq
    m = (rca >= threshold).astype(np.float64)
    diversity = m.sum(axis=1)
    ubiquity = m.sum(axis=0)
    co = m.T @ m
    denom = np.maximum.outer(ubiquity, ubiquity)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(denom > 0, co / denom, 0.0)
    np.fill_diagonal(phi, np.where(ubiquity > 0, 1.0, 0.0))
    phi_sum = phi.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(phi_sum > 0, (m @ phi) / phi_sum, np.nan)
    eci = np.full(units, np.nan)
    keep = diversity > 0
    mk = m[keep][:, ubiquity > 0]
    kc = mk.sum(axis=1)
    kp = mk.sum(axis=0)
    mcc = (mk / kc[:, None]) @ (mk / kp[None, :]).T
    vals, vecs = np.linalg.eig(mcc)
    order = np.argsort(-vals.real)
    vec = vecs[:, order[1]].real
    sd = vec.std()
    if sd > 0:
        vec = (vec - vec.mean()) / sd
        if np.corrcoef(vec, kc)[0, 1] < 0:
            vec = -vec
    eci[keep] = vec
    return Complexity(
        rca=rca,
        presence=m,
        diversity=diversity,
        ubiquity=ubiquity,
        proximity=phi,
        density=density,
        eci=eci,
    )
