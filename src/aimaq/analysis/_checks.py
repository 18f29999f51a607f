"""Input checks shared by the measures: every bad value is named with its position.

Errors are :class:`aimaq.errors.ValidationError`, which is a ``ValueError`` for library
callers and an ``AimaqError`` (exit code 2) for the command line.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.errors import ValidationError

FloatArray = NDArray[np.float64]


def as_values(values: ArrayLike, *, name: str = "values") -> FloatArray:
    """A 1-d float array of finite numbers, or a ValidationError naming the position."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{name} must be numbers: {exc}") from exc
    if arr.ndim != 1:
        raise ValidationError(f"{name} must be one-dimensional; got shape {arr.shape}")
    if arr.size == 0:
        raise ValidationError(f"{name} are empty; a measure needs at least one value")
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "NaN" if np.isnan(arr[i]) else str(arr[i])
        raise ValidationError(
            f"{name} must be finite numbers; got {what} at index {i} "
            f"({int(bad.sum())} such value(s)); drop or fill them explicitly first"
        )
    return arr


def require_nonnegative(arr: FloatArray, *, name: str = "values", measure: str = "") -> None:
    neg = arr < 0
    if neg.any():
        i = int(np.flatnonzero(neg)[0])
        suffix = f" for {measure}" if measure else ""
        raise ValidationError(f"{name} must be non-negative{suffix}; got {arr[i]:g} at index {i}")
    if arr.sum() <= 0:
        suffix = f" for {measure}" if measure else ""
        raise ValidationError(f"{name} must not all be zero{suffix}")


def require_positive(arr: FloatArray, *, name: str = "values", measure: str = "") -> None:
    bad = arr <= 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        suffix = f" for {measure}" if measure else ""
        raise ValidationError(f"{name} must be positive{suffix}; got {arr[i]:g} at index {i}")


def as_weights(weights: ArrayLike | None, n: int) -> FloatArray:
    """Positive finite weights of length ``n``; ``None`` means equal weights."""
    if weights is None:
        return np.ones(n, dtype=np.float64)
    arr = as_values(weights, name="weights")
    if arr.size != n:
        raise ValidationError(
            f"weights must have the same length as values; got {arr.size} weights for {n} values"
        )
    require_positive(arr, name="weights")
    return arr


def prepare(
    values: ArrayLike,
    weights: ArrayLike | None,
    *,
    positive: bool,
    measure: str,
) -> tuple[FloatArray, FloatArray]:
    """Checked values and weights for one measure (positive or non-negative values)."""
    y = as_values(values)
    w = as_weights(weights, y.size)
    if positive:
        require_positive(y, measure=measure)
    else:
        require_nonnegative(y, measure=measure)
    return y, w


def as_labels(labels: ArrayLike | Sequence[object], n: int, *, name: str) -> NDArray[np.int64]:
    """Integer codes 0..G-1 for a grouping column of length ``n`` (missing labels refused)."""
    arr = np.asarray(labels, dtype=object)
    if arr.ndim != 1 or arr.size != n:
        raise ValidationError(
            f"grouping {name!r} must have one label per value; got {arr.size} labels for {n} values"
        )
    for i, label in enumerate(arr):
        if label is None or (isinstance(label, float) and np.isnan(label)):
            raise ValidationError(f"grouping {name!r} has a missing label at index {i}")
    _, codes = np.unique(arr.astype(str), return_inverse=True)
    return codes.astype(np.int64)
