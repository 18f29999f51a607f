"""Scores of an index's group tree, bottom-up: each group aggregates its members' scores
with its weights, for one set of weights or for a matrix of Monte Carlo draws at once.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.errors import ValidationError
from aimaq.indices.aggregate import aggregate
from aimaq.indices.definition import IndexDefinition
from aimaq.indices.parts import Group
from aimaq.indices.weights import benefit_of_the_doubt, equal_weights, explicit_weights, pca_weights

FloatArray = NDArray[np.float64]


def group_weights(group: Group, members: pd.DataFrame) -> FloatArray:
    """A group's nominal weights, in member order (``bod`` gives equal weights here)."""
    method = group.weighting_method
    if method == "explicit":
        assert group.weights is not None
        return explicit_weights([group.weights[m] for m in group.members], name=group.id)
    if method == "pca":
        return pca_weights(members.to_numpy(), name=group.id).weights
    return equal_weights(len(group.members))


def compute_tree(
    definition: IndexDefinition,
    normalised: pd.DataFrame,
    *,
    weights: Mapping[str, FloatArray] | None = None,
    aggregation: str | None = None,
    unit_weights: Mapping[str, FloatArray] | None = None,
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Scores of every group bottom-up, and the weights used.

    ``weights`` may give, per group, one weight vector or a matrix of draws; with draws
    every score is ``draws x units``. ``aggregation`` replaces every group's method
    (benefit-of-the-doubt groups keep theirs). ``unit_weights`` gives per-unit weights
    (units x members) of groups weighted by development stage; they take precedence.
    """
    scores: dict[str, FloatArray] = {
        c: normalised[c].to_numpy(dtype=np.float64) for c in normalised.columns
    }
    used: dict[str, FloatArray] = {}
    draws = None
    if weights:
        shapes = [np.asarray(w).shape[0] for w in weights.values() if np.asarray(w).ndim == 2]
        draws = shapes[0] if shapes else None
    for gid in definition.order():
        group = definition.group(gid)
        parts = [scores[m] for m in group.members]
        if draws is not None:
            parts = [p if p.ndim == 2 else np.broadcast_to(p, (draws, p.shape[-1])) for p in parts]
        if group.weighting_method == "bod":
            if draws is not None:
                stacked = np.stack(parts, axis=-1)  # draws x units x members
                first = stacked[0]
                if not np.allclose(stacked, first):
                    raise ValidationError(
                        f"group {gid!r}: benefit of the doubt cannot sit above groups whose "
                        "weights are varied"
                    )
                parts = [first[:, i] for i in range(first.shape[1])]
            matrix = np.column_stack(parts)
            bod = benefit_of_the_doubt(matrix, min_share=group.bod_min_share, name=gid)
            scores[gid] = (
                bod.scores
                if draws is None
                else np.broadcast_to(bod.scores, (draws, len(bod.scores)))
            )
            used[gid] = bod.weights.mean(axis=0)
            continue
        if unit_weights and gid in unit_weights:
            uw = unit_weights[gid]
            used[gid] = uw.mean(axis=0)
            scores[gid] = _per_unit(parts, uw, aggregation or group.aggregate, gid)
            continue
        w = weights.get(gid) if weights else None
        if w is None:
            member_frame = (
                pd.DataFrame({m: scores[m] for m in group.members}) if draws is None else None
            )
            if member_frame is None and group.weighting_method == "pca":
                raise ValidationError(f"group {gid!r}: give its PCA weights for a draw matrix")
            w = group_weights(group, member_frame if member_frame is not None else pd.DataFrame())
        used[gid] = np.asarray(w)
        method = aggregation or group.aggregate
        if draws is None:
            scores[gid] = aggregate(np.column_stack(parts), w, method, name=gid)
        else:
            scores[gid] = _aggregate_draws(parts, np.asarray(w), method, gid, draws)
    return scores, used


def _combine(
    parts: list[FloatArray], cols: list[FloatArray], method: str, gid: str
) -> FloatArray | None:
    """Arithmetic, geometric or Mazziotta-Pareto means of member arrays, each member
    weighted by an array that broadcasts against it; ``None`` for other methods."""
    start = np.zeros(np.broadcast_shapes(parts[0].shape, cols[0].shape))
    if method == "arithmetic":
        return sum((p * c for p, c in zip(parts, cols, strict=True)), start)
    if method == "geometric":
        if any((p < 0).any() for p in parts):
            raise ValidationError(f"{gid}: the geometric mean needs values >= 0")
        zero = np.zeros(start.shape, dtype=bool)
        for p, c in zip(parts, cols, strict=True):
            zero |= p == 0
            start = start + np.log(np.where(p == 0, 1.0, p)) * c
        return np.where(zero, 0.0, np.exp(start))
    if method == "mazziotta_pareto":
        mean = sum((p * c for p, c in zip(parts, cols, strict=True)), start)
        square = sum((p**2 * c for p, c in zip(parts, cols, strict=True)), start)
        if (mean <= 0).any():
            raise ValidationError(f"{gid}: the Mazziotta-Pareto index needs a positive mean")
        return mean - np.maximum(square - mean**2, 0.0) / mean
    return None


def _per_unit(parts: list[FloatArray], uw: FloatArray, method: str, gid: str) -> FloatArray:
    """Aggregate with one weight vector per unit (stage weights); parts may carry draws."""
    out = _combine(parts, [uw[:, i] for i in range(uw.shape[1])], method, gid)
    if out is None or method == "mazziotta_pareto":
        raise ValidationError(f"{gid}: stage weights work with arithmetic or geometric aggregation")
    return out


def _aggregate_draws(
    parts: list[FloatArray], w: FloatArray, method: str, gid: str, draws: int
) -> FloatArray:
    """Aggregate when members or weights vary per draw (draws x units)."""
    w2 = w if w.ndim == 2 else np.broadcast_to(w, (draws, w.shape[0]))
    if all(p.strides[0] == 0 for p in parts):  # members fixed: one matrix, many weights
        return aggregate(np.column_stack([p[0] for p in parts]), w2, method, name=gid)
    wn = w2 / w2.sum(axis=1, keepdims=True)
    out = _combine(parts, [wn[:, i, None] for i in range(wn.shape[1])], method, gid)
    if out is not None:
        return out
    stacked = np.stack(parts, axis=-1)  # draws x units x members
    per_draw = np.empty(stacked.shape[:2])
    for d in range(stacked.shape[0]):  # Copeland over varying members: one draw at a time
        per_draw[d] = aggregate(stacked[d], wn[d], method, name=gid)
    return per_draw
