"""Nested decomposition of Theil's T and L into between- and within-group parts.

Groupings are given outermost first (region, then district, then ...). A unit's group at
level ``k`` is the combination of its labels at levels ``1..k``, so the same district name
in two regions makes two groups and the levels are always nested.

For a level with groups ``g`` (population ``W_g``, total ``X_g = sum w_i y_i``, mean
``mu_g``), with overall mean ``mu``:

* Theil T: ``B = sum_g (X_g/X) ln(mu_g/mu)``, ``W = sum_g (X_g/X) T_g``;
* Theil L: ``B = sum_g (W_g/W) ln(mu/mu_g)``, ``W = sum_g (W_g/W) L_g``;

and ``B + W`` equals the total exactly at every level. Between parts grow with each finer
level; the *contribution* of a level is its between part minus the between part of the
level above (inequality between its groups inside the groups of the level above), so the
contributions plus the within part of the finest level add up to the total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aimaq.analysis._checks import FloatArray, as_labels, prepare
from aimaq.errors import ValidationError

__all__ = ["LevelSplit", "TheilDecomposition", "nested_codes", "theil_decomposition"]

Index = Literal["T", "L"]
Groupings = Mapping[str, ArrayLike | Sequence[object]] | Sequence[ArrayLike | Sequence[object]]


@dataclass(frozen=True)
class LevelSplit:
    """One level of a nested Theil decomposition."""

    level: str
    groups: int
    between: float
    within: float
    between_share: float
    contribution: float
    contribution_share: float


@dataclass(frozen=True)
class TheilDecomposition:
    """Total Theil index and its split at each level (outermost first)."""

    index: str
    total: float
    levels: tuple[LevelSplit, ...]

    @property
    def within_finest(self) -> float:
        """Inequality inside the groups of the finest level."""
        return self.levels[-1].within

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "total": self.total,
            "levels": [asdict(level) for level in self.levels],
        }


def _named(groups: Groupings) -> list[tuple[str, ArrayLike | Sequence[object]]]:
    if isinstance(groups, Mapping):
        items = list(groups.items())
    else:
        seq = list(groups)
        # one flat list of labels is a single level
        if seq and np.ndim(np.asarray(seq[0], dtype=object)) == 0:
            seq = [seq]
        items = [(f"level{k + 1}", labels) for k, labels in enumerate(seq)]
    if not items:
        raise ValidationError("a decomposition needs at least one grouping")
    return [(str(name), labels) for name, labels in items]


def nested_codes(groups: Groupings, n: int) -> list[tuple[str, NDArray[np.int64]]]:
    """Integer group codes per level; level ``k`` codes identify labels ``1..k`` together.

    Codes are in lexicographic order of the label path, so sorting units by the codes of
    level ``k`` keeps the groups of every coarser level contiguous.

    Examples
    --------
    >>> [c.tolist() for _, c in nested_codes({"r": ["a", "a", "b"], "d": ["x", "y", "x"]}, 3)]
    [[0, 0, 1], [0, 1, 2]]
    """
    named = _named(groups)
    out: list[tuple[str, NDArray[np.int64]]] = []
    columns: list[NDArray[np.int64]] = []
    for k, (name, labels) in enumerate(named):
        columns.append(as_labels(labels, n, name=name))
        if k == 0:
            codes = columns[0]
            if codes.max() == 0:
                label = np.asarray(labels, dtype=object)[0]
                raise ValidationError(
                    f"grouping {name!r} has a single group ({label!r}); "
                    "a decomposition needs at least two groups"
                )
        else:
            _, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
            codes = inverse.reshape(-1).astype(np.int64)
        out.append((name, codes))
    return out


def _group_sums(
    codes: NDArray[np.int64], w: FloatArray, x: FloatArray
) -> tuple[FloatArray, FloatArray]:
    size = int(codes.max()) + 1
    wg = np.bincount(codes, w, size).astype(np.float64)
    xg = np.bincount(codes, x, size).astype(np.float64)
    return wg, xg


def between_from_sums(
    wg: FloatArray, xg: FloatArray, index: Index, *, total_w: float, total_x: float
) -> FloatArray:
    """Between-group Theil from group populations and totals; the last axis is groups.

    Works on one row of groups or on a matrix of many (permuted) rows at once.
    """
    mu = total_x / total_w
    with np.errstate(divide="ignore", invalid="ignore"):
        mu_g = xg / wg
        if index == "T":
            terms = np.where(xg > 0, (xg / total_x) * np.log(mu_g / mu), 0.0)
        else:
            terms = (wg / total_w) * np.log(mu / mu_g)
    return np.asarray(terms.sum(axis=-1), dtype=np.float64)


def _within(y: FloatArray, w: FloatArray, codes: NDArray[np.int64], index: Index) -> float:
    wg, xg = _group_sums(codes, w, w * y)
    mu_unit = (xg / wg)[codes]
    if index == "T":
        pos = y > 0
        terms = (w[pos] * y[pos] / np.dot(w, y)) * np.log(y[pos] / mu_unit[pos])
        return float(terms.sum())
    return float(np.dot(w / w.sum(), np.log(mu_unit / y)))


def _total(y: FloatArray, w: FloatArray, index: Index) -> float:
    zero = np.zeros(y.size, dtype=np.int64)
    return _within(y, w, zero, index)


def theil_decomposition(
    values: ArrayLike,
    groups: Groupings,
    weights: ArrayLike | None = None,
    *,
    index: Index = "T",
) -> TheilDecomposition:
    """Split Theil's T (or L) into between- and within-group parts at each level.

    Parameters
    ----------
    values
        Values per unit (non-negative for T, positive for L).
    groups
        Group labels per unit, one array per level, outermost first: a mapping
        ``{"region": [...], "district": [...]}`` or a list of arrays.
    weights
        Optional population of each unit.
    index
        ``"T"`` (Theil T, GE(1)) or ``"L"`` (Theil L, mean log deviation, GE(0)).

    Examples
    --------
    >>> d = theil_decomposition([1.0, 2.0, 4.0, 8.0], {"r": ["a", "a", "b", "b"]})
    >>> lv = d.levels[0]
    >>> abs(lv.between + lv.within - d.total) < 1e-12
    True
    >>> round(lv.between_share, 4)
    0.7729
    """
    if index not in ("T", "L"):
        raise ValidationError(f"index must be 'T' or 'L'; got {index!r}")
    measure = "Theil's T decomposition" if index == "T" else "Theil's L decomposition"
    y, w = prepare(values, weights, positive=index == "L", measure=measure)
    total = _total(y, w, index)
    total_w, total_x = float(w.sum()), float(np.dot(w, y))
    levels: list[LevelSplit] = []
    previous = 0.0
    for name, codes in nested_codes(groups, y.size):
        wg, xg = _group_sums(codes, w, w * y)
        between = float(between_from_sums(wg, xg, index, total_w=total_w, total_x=total_x))
        within = _within(y, w, codes, index)
        share = between / total if total > 0 else float("nan")
        contribution = between - previous
        levels.append(
            LevelSplit(
                level=name,
                groups=int(wg.size),
                between=between,
                within=within,
                between_share=share,
                contribution=contribution,
                contribution_share=contribution / total if total > 0 else float("nan"),
            )
        )
        previous = between
    return TheilDecomposition(index=index, total=total, levels=tuple(levels))
