"""Input checks of the sector measures: a bad value is named with its position."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.errors import ValidationError

FloatArray = NDArray[np.float64]


def _where(index: tuple[int, ...]) -> str:
    return "index (" + ", ".join(str(int(i)) for i in index) + ")"


def as_matrix(values: ArrayLike, *, name: str = "values", min_sectors: int = 2) -> FloatArray:
    """A float array of ``(..., units, sectors)`` finite, non-negative numbers.

    Units sit on the second-last axis and sectors on the last; leading axes (years) are
    allowed, so one call handles a whole panel.
    """
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{name} must be numbers: {exc}") from exc
    if arr.ndim < 2:
        raise ValidationError(f"{name} must be a (units x sectors) table; got shape {arr.shape}")
    if arr.shape[-1] < min_sectors:
        raise ValidationError(f"{name} need at least {min_sectors} sectors; got {arr.shape[-1]}")
    if arr.shape[-2] < 1:
        raise ValidationError(f"{name} have no units")
    lo, hi = (float(arr.min()), float(arr.max())) if arr.size else (0.0, 0.0)
    if np.isfinite(lo) and np.isfinite(hi) and lo >= 0:  # the common case: two reductions
        if (arr.sum(axis=-1) <= 0).any():
            at = tuple(np.argwhere(arr.sum(axis=-1) <= 0)[0])
            raise ValidationError(f"{name} of the unit at {_where(at)} are all zero")
        return arr
    bad = ~np.isfinite(arr)
    if bad.any():
        at = tuple(np.argwhere(bad)[0])
        what = "NaN" if np.isnan(arr[at]) else str(arr[at])
        raise ValidationError(
            f"{name} must be finite numbers; got {what} at {_where(at)} "
            f"({int(bad.sum())} such value(s)); drop or fill them explicitly first"
        )
    neg = arr < 0
    if neg.any():
        at = tuple(np.argwhere(neg)[0])
        raise ValidationError(f"{name} must be non-negative; got {arr[at]:g} at {_where(at)}")
    empty = arr.sum(axis=-1) <= 0
    if empty.any():
        at = tuple(np.argwhere(empty)[0])
        raise ValidationError(f"{name} of the unit at {_where(at)} are all zero")
    return arr


def as_reference(
    reference: ArrayLike | None, values: FloatArray, *, name: str = "reference"
) -> FloatArray:
    """Sector totals of the reference economy: given, or the sum over the units."""
    if reference is None:
        return values.sum(axis=-2)
    ref = np.asarray(reference, dtype=np.float64)
    expected = values.shape[:-2] + values.shape[-1:]
    if ref.shape != expected:
        raise ValidationError(f"{name} must have shape {expected}; got {ref.shape}")
    if not np.isfinite(ref).all() or (ref < 0).any():
        at = tuple(np.argwhere(~np.isfinite(ref) | (ref < 0))[0])
        raise ValidationError(
            f"{name} must be finite and non-negative; got {ref[at]} at {_where(at)}"
        )
    if (ref.sum(axis=-1) <= 0).any():
        raise ValidationError(f"{name} is all zero")
    return ref


def shares(values: FloatArray) -> FloatArray:
    """Each unit's sector shares (rows sum to 1)."""
    return values / values.sum(axis=-1, keepdims=True)
