"""Local Moran's I with conditional permutation inference, vectorised over all units.

The statistic and its permutation test are those of esda's ``Moran_Local`` (Anselin 1995;
conditional randomisation: the value of unit i stays, the others are shuffled over its
neighbours), computed for every unit at once with NumPy instead of one unit at a time.
The random draws are esda's own: permutation r takes the first ``max_card`` entries of a
random permutation of the ``n - 1`` other units from NumPy's legacy ``RandomState(seed)``
(esda seeds the global generator with the same seed and calls ``choice(n - 1, max_card,
replace=False)``, which is that permutation), so for the same seed the p-values are
esda's, unit for unit (checked in the tests and in ``benchmarks/bench_lisa.py``).

The pseudo p-value is esda's "directed" one: ``(min(#{I* >= I}, R - #{I* >= I}) + 1) /
(R + 1)``. One difference, on purpose: a permutation that draws exactly the observed
neighbours (likely for a unit with one neighbour: a chance of 1 in n - 1 per draw) gives
the observed statistic up to rounding; aimaq counts it as ``I* >= I``, while esda's count
depends on the last bit of two differently ordered sums. Only such units can differ, by at
most their number of ties over ``R + 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.errors import ValidationError

__all__ = ["LocalMoran", "local_moran"]

_CHUNK_CELLS = 4_000_000  # gathered values held at once (float64: 32 MB)


@dataclass(frozen=True)
class LocalMoran:
    """Local Moran's I of every unit and its conditional-permutation inference.

    Attributes
    ----------
    local_i
        The local statistic ``(n - 1) z_i (W z)_i / sum(z^2)``.
    quadrant
        1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low (esda's ``q``).
    p_sim
        Pseudo p-value from ``permutations`` conditional permutations.
    expected_sim, z_sim
        Mean of the simulated statistics and the standardised statistic.
    """

    local_i: NDArray[np.float64]
    quadrant: NDArray[np.int64]
    p_sim: NDArray[np.float64]
    expected_sim: NDArray[np.float64]
    z_sim: NDArray[np.float64]
    permutations: int


def _draws(n: int, max_card: int, permutations: int, seed: int) -> NDArray[np.int64]:
    """esda's permuted ids: row r = first ``max_card`` of a permutation of ``n - 1``."""
    rs = np.random.RandomState(seed)
    out = np.empty((permutations, max_card), dtype=np.int64)
    for r in range(permutations):
        out[r] = rs.permutation(n - 1)[:max_card]
    return out


def local_moran(
    values: ArrayLike,
    weights: object,
    *,
    permutations: int = 999,
    seed: int = 12345,
) -> LocalMoran:
    """Local Moran's I of ``values`` on a sparse weights matrix (row i: neighbours of i).

    Parameters
    ----------
    values
        One finite value per unit.
    weights
        A ``scipy.sparse`` matrix (e.g. a row-standardised libpysal ``W.sparse``) with a
        zero diagonal; every unit needs at least one neighbour.
    permutations, seed
        Number of conditional permutations and the seed of the draws.

    Examples
    --------
    >>> from scipy.sparse import csr_matrix
    >>> ring = csr_matrix(np.roll(np.eye(6), 1, axis=1) / 2 + np.roll(np.eye(6), -1, axis=1) / 2)
    >>> out = local_moran([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], ring, permutations=99, seed=1)
    >>> [round(float(v), 3) for v in out.local_i[:3]]
    [-0.357, 0.643, 0.071]
    >>> out.quadrant.tolist()
    [2, 3, 3, 1, 1, 4]
    """
    from scipy.sparse import csr_matrix

    y = np.asarray(values, dtype=np.float64)
    w = csr_matrix(weights, dtype=np.float64)
    n = y.size
    if y.ndim != 1 or w.shape != (n, n):
        raise ValidationError(f"values ({y.size}) and weights {w.shape} must match")
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        raise ValidationError(f"values must be finite; got {y[bad[0]]} at index {bad[0]}")
    if permutations < 1:
        raise ValidationError(f"permutations must be >= 1; got {permutations}")
    if np.any(w.diagonal() != 0):
        raise ValidationError("weights must have a zero diagonal (no unit is its own neighbour)")
    cards = np.diff(w.indptr)
    if np.any(cards == 0):
        raise ValidationError(f"unit at index {int(np.argmin(cards))} has no neighbour (island)")
    z = (y - y.mean()) / y.std()
    scaling = (n - 1) / float(z @ z)
    lag = w @ z
    observed = scaling * z * lag
    quadrant = np.where(z > 0, np.where(lag > 0, 1, 4), np.where(lag > 0, 2, 3))
    max_card = int(cards.max())
    draws = _draws(n, max_card, permutations, seed).astype(np.int32)
    sims = np.empty((n, permutations))
    # units of one cardinality k share the first k columns of the draws: one gather each
    for k in np.unique(cards):
        units = np.flatnonzero(cards == k)
        cols = draws[:, :k]
        weights_k = w.data[w.indptr[units][:, None] + np.arange(k)]  # CSR order, as esda
        step = max(1, _CHUNK_CELLS // (permutations * int(k)))
        for start in range(0, units.size, step):
            rows = units[start : start + step]
            # position p among the other units is unit p, or p + 1 past unit i itself
            idx = cols[None, :, :] + (cols[None, :, :] >= rows[:, None, None])
            lags = np.matmul(np.take(z, idx), weights_k[start : start + step, :, None])[..., 0]
            sims[rows] = scaling * z[rows, None] * lags
    # a draw of exactly the observed neighbours is a tie, counted as ">=" whatever the
    # rounding of the two sums (esda's count of ties depends on that rounding)
    ties = np.isclose(sims, observed[:, None], rtol=1e-10, atol=1e-14)
    larger = ((sims >= observed[:, None]) | ties).sum(axis=1)
    larger = np.minimum(larger, permutations - larger)
    mean = sims.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z_sim = (observed - mean) / sims.std(axis=1)
    return LocalMoran(
        local_i=observed,
        quadrant=quadrant.astype(np.int64),
        p_sim=(larger + 1.0) / (permutations + 1.0),
        expected_sim=mean,
        z_sim=z_sim,
        permutations=permutations,
    )
