"""Permutation inference for the between-group share of a Theil decomposition.

Under the null hypothesis the assignment of units to groups is random. Units (a value with
its weight) are shuffled over the fixed group slots; at level ``k > 1`` they are shuffled
only inside their group of level ``k - 1`` (a restricted permutation), so the test asks
whether districts differ *inside* regions. All permutations of a chunk are drawn and
summed at once (a matrix of shuffled indices and ``numpy.add.reduceat`` over contiguous
group blocks), not one at a time.

The p-value counts the observed arrangement as one of the draws (Rey and
Sastré-Gutiérrez 2010, as in PySAL ``TheilDSim``): ``p = (1 + #{B* >= B}) / (1 + R)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from aimaq.analysis._checks import prepare
from aimaq.analysis.decomposition import (
    Groupings,
    Index,
    between_from_sums,
    nested_codes,
    theil_decomposition,
)
from aimaq.errors import ValidationError

__all__ = ["PermutationTest", "between_share_test"]

_CHUNK_CELLS = 2_000_000  # shuffled indices held in memory at once (int32: 8 MB)


@dataclass(frozen=True)
class PermutationTest:
    """Permutation inference for the between-group part of one level."""

    level: str
    index: str
    between: float
    between_share: float
    contribution_share: float
    p_value: float
    permutations: int
    null_mean_share: float
    null_p95_share: float
    restricted: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def between_share_test(
    values: ArrayLike,
    groups: Groupings,
    weights: ArrayLike | None = None,
    *,
    index: Index = "T",
    permutations: int = 999,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[PermutationTest, ...]:
    """Test, at each level, whether groups differ more than random groups of the same sizes.

    Parameters
    ----------
    values, groups, weights, index
        As for :func:`aimaq.analysis.decomposition.theil_decomposition`.
    permutations
        Number of random reassignments ``R`` (at least 1).
    seed
        Seed of the random generator, for reproducible p-values.
    progress
        Called with the number of permutations finished after each chunk.

    Returns
    -------
    tuple of PermutationTest
        One per level, outermost first.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[rng.uniform(1, 2, 30), rng.uniform(5, 6, 30)]
    >>> test = between_share_test(y, {"g": [0] * 30 + [1] * 30}, permutations=99, seed=1)[0]
    >>> test.p_value
    0.01
    """
    if int(permutations) < 1:
        raise ValidationError(f"permutations must be at least 1; got {permutations}")
    permutations = int(permutations)
    decomposition = theil_decomposition(values, groups, weights, index=index)
    y, w = prepare(values, weights, positive=index == "L", measure="the permutation test")
    x = w * y
    total_w, total_x = float(w.sum()), float(x.sum())
    rng = np.random.default_rng(seed)
    levels = nested_codes(groups, y.size)
    results: list[PermutationTest] = []
    for k, ((name, codes), split) in enumerate(zip(levels, decomposition.levels, strict=True)):
        parent = levels[k - 1][1] if k else np.zeros(y.size, dtype=np.int64)
        shares = _null_between(
            codes, parent, w, x, index, permutations, rng, total_w, total_x, progress
        )
        shares /= decomposition.total
        observed = split.between_share
        # the identical arrangement may differ from the observed one in the last bit
        tolerance = 1e-12 * max(1.0, abs(observed))
        exceed = int(np.count_nonzero(shares >= observed - tolerance))
        results.append(
            PermutationTest(
                level=name,
                index=index,
                between=split.between,
                between_share=observed,
                contribution_share=split.contribution_share,
                p_value=(1 + exceed) / (1 + permutations),
                permutations=permutations,
                null_mean_share=float(shares.mean()),
                null_p95_share=float(np.quantile(shares, 0.95)),
                restricted=k > 0,
            )
        )
    return tuple(results)


def _null_between(
    codes: np.ndarray,
    parent: np.ndarray,
    w: np.ndarray,
    x: np.ndarray,
    index: Index,
    permutations: int,
    rng: np.random.Generator,
    total_w: float,
    total_x: float,
    progress: Callable[[int], None] | None,
) -> np.ndarray:
    """Between-group Theil for ``permutations`` shuffles (within ``parent`` blocks)."""
    n = codes.size
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    w_s, x_s = w[order], x[order]
    parent_s = parent[order].astype(np.float64)
    restricted = bool(parent.max() > 0)
    out = np.empty(permutations, dtype=np.float64)
    chunk = max(1, _CHUNK_CELLS // n)
    done = 0
    while done < permutations:
        rows = min(chunk, permutations - done)
        if restricted:
            # sorting parent + U[0,1) shuffles uniformly inside each (contiguous) parent block
            keys = parent_s + rng.random((rows, n))
            perm = np.argsort(keys, axis=1).astype(np.int32)
        else:
            perm = rng.permuted(np.broadcast_to(np.arange(n, dtype=np.int32), (rows, n)), axis=1)
        wg = np.add.reduceat(w_s[perm], starts, axis=1)
        xg = np.add.reduceat(x_s[perm], starts, axis=1)
        out[done : done + rows] = between_from_sums(wg, xg, index, total_w=total_w, total_x=total_x)
        done += rows
        if progress is not None:
            progress(done)
    return out
