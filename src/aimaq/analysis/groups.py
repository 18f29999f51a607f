"""Tagged against the rest: two groups of territories compared on one indicator.

:func:`group_comparison` takes values, a boolean mask of the tagged units and optional
population weights and returns the (weighted) mean of each group, the gap between them,
the population-weighted Theil T split into between and within the two groups, and the
permutation p-value of the gap: the share of random relabellings (the same number of
tagged units drawn without replacement) whose absolute gap is at least the observed one,
counted with the observed labelling, ``(1 + hits) / (1 + permutations)``.

:func:`tag_comparison` compares given values of one level's units; the stored-indicator
form (``--by-tag`` of the analysis commands) is
:func:`aimaq.analysis.stored.tag_comparison_from_store`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from aimaq.analysis.decomposition import theil_decomposition
from aimaq.errors import ValidationError

if TYPE_CHECKING:
    from aimaq.data.store import Store

__all__ = [
    "GroupComparison",
    "group_comparison",
    "tag_comparison",
    "tag_filter",
    "tagged_units",
    "tagged_within",
]


@dataclass(frozen=True)
class GroupComparison:
    """Two groups of units compared.

    Attributes
    ----------
    n_tagged, n_rest : int
        Units in each group.
    mean_tagged, mean_rest : float
        Mean of each group (population-weighted when weights are given).
    gap : float
        ``mean_tagged - mean_rest``.
    ratio : float
        ``mean_tagged / mean_rest`` (NaN when the rest's mean is 0).
    theil_total, theil_between, theil_within, between_share : float or None
        Theil T of all units, split into between and within the two groups (None when a
        value is negative, as scores standardised around 0 are: ``theil_note`` says so).
    p_value : float or None
        Permutation p-value of ``|gap|`` (None without permutations).
    permutations : int
        Relabellings drawn.
    """

    n_tagged: int
    n_rest: int
    mean_tagged: float
    mean_rest: float
    gap: float
    ratio: float
    theil_total: float | None
    theil_between: float | None
    theil_within: float | None
    between_share: float | None
    p_value: float | None
    permutations: int
    theil_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (JSON-ready)."""
        return asdict(self)


def _weighted_means(
    y: NDArray[np.float64], w: NDArray[np.float64], masks: NDArray[np.bool_]
) -> NDArray[np.float64]:
    # masks: (k, n) boolean; one weighted mean per row
    sw = masks @ w
    return (masks @ (w * y)) / sw


def _opt(value: float | None) -> float | None:
    return None if value is None else float(value)


def group_comparison(
    values: ArrayLike,
    tagged: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    permutations: int = 999,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> GroupComparison:
    """Compare the tagged units with the rest.

    Parameters
    ----------
    values : array_like
        One value per unit (Theil T only when none is negative).
    tagged : array_like of bool
        Whether each unit carries the tag.
    weights : array_like, optional
        Population of each unit (positive).
    permutations : int
        Random relabellings for the p-value of the gap (0: none).
    seed : int, optional
        Seed of the relabellings.

    Examples
    --------
    >>> c = group_comparison([1.0, 2.0, 3.0, 10.0, 12.0, 14.0],
    ...                      [False, False, False, True, True, True], permutations=0)
    >>> c.mean_tagged, c.mean_rest, c.gap
    (12.0, 2.0, 10.0)
    >>> abs(c.theil_between + c.theil_within - c.theil_total) < 1e-12
    True
    """
    y = np.asarray(values, dtype=float)
    mask = np.asarray(tagged, dtype=bool)
    if y.ndim != 1 or mask.shape != y.shape:
        raise ValidationError(
            f"values and tagged must be 1-D of one length; got {y.shape}, {mask.shape}"
        )
    if np.isnan(y).any():
        raise ValidationError(
            f"values must not be NaN; got NaN at index {int(np.flatnonzero(np.isnan(y))[0])}"
        )
    k = int(mask.sum())
    if k == 0 or k == y.size:
        raise ValidationError(
            f"both groups need units: {k} tagged and {y.size - k} others among {y.size} units"
        )
    if permutations < 0:
        raise ValidationError(f"permutations must be >= 0; got {permutations}")
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != y.shape or np.isnan(w).any() or (w <= 0).any():
        bad = int(np.flatnonzero(np.isnan(w) | (w <= 0))[0]) if w.shape == y.shape else -1
        raise ValidationError(f"weights must be positive, one per value; bad at index {bad}")
    means = _weighted_means(y, w, np.vstack([mask, ~mask]))
    gap = float(means[0] - means[1])
    theil_parts: tuple[float | None, ...] = (None, None, None, None)
    theil_note = None
    if (y < 0).any():
        theil_note = f"no Theil T: {int((y < 0).sum())} value(s) below 0 (Theil needs y >= 0)"
    else:
        theil = theil_decomposition(y, {"tag": mask.astype(int)}, w)
        split = theil.levels[0]
        theil_parts = (theil.total, split.between, split.within, split.between_share)
    p_value: float | None = None
    if permutations:
        rng = np.random.default_rng(seed)
        hits, done, chunk = 0, 0, 256
        while done < permutations:
            size = min(chunk, permutations - done)
            # each row: a random set of k units labelled tagged
            order = np.argsort(rng.random((size, y.size)), axis=1)
            shuffled = np.zeros((size, y.size), dtype=bool)
            np.put_along_axis(shuffled, order[:, :k], True, axis=1)
            tagged_means = _weighted_means(y, w, shuffled)
            rest_means = _weighted_means(y, w, ~shuffled)
            hits += int((np.abs(tagged_means - rest_means) >= abs(gap) - 1e-12).sum())
            done += size
            if progress is not None:
                progress(size)
        p_value = (1 + hits) / (1 + permutations)
    return GroupComparison(
        n_tagged=k,
        n_rest=int(y.size - k),
        mean_tagged=float(means[0]),
        mean_rest=float(means[1]),
        gap=gap,
        ratio=float(means[0] / means[1]) if means[1] != 0 else float("nan"),
        theil_total=_opt(theil_parts[0]),
        theil_between=_opt(theil_parts[1]),
        theil_within=_opt(theil_parts[2]),
        between_share=_opt(theil_parts[3]),
        p_value=p_value,
        permutations=permutations,
        theil_note=theil_note,
    )


def tagged_units(store: Store, tag: str, period: str) -> dict[str, str | None]:
    """The units that carry ``tag`` during ``period`` in a store, with the tag's value.

    Raises
    ------
    ValidationError
        No unit carries the tag then.
    """
    from aimaq.territory.periods import period_bounds

    first, last = period_bounds(period)
    rows = store.query(
        "select kato, value from territory_tag where tag = ? "
        "and (valid_from is null or valid_from <= ?) and (valid_to is null or valid_to > ?)",
        [tag, last, first],
    )
    if rows.empty:
        known = store.query("select distinct tag from territory_tag order by tag")["tag"].tolist()
        raise ValidationError(
            f"no unit carries the tag {tag!r} in {period}; tags: {', '.join(known) or 'none'}"
        )
    return dict(zip(rows["kato"].astype(str), rows["value"], strict=True))


def tag_filter(
    store: Store, katos: Iterable[str], tag: str, period: str, *, level: str = "unit"
) -> dict[str, str | None]:
    """The units of ``katos`` that carry ``tag`` during ``period``, with the tag's value.

    Raises
    ------
    ValidationError
        No unit carries the tag then, or none of ``katos`` does (the message names the
        levels the tag sits on).
    """
    carriers = tagged_units(store, tag, period)
    wanted = [str(k) for k in katos]
    found = {k: carriers[k] for k in wanted if k in carriers}
    if not found:
        levels = store.query(
            "select distinct level from territory where kato in (select unnest(?))",
            [list(carriers)],
        )["level"].tolist()
        raise ValidationError(
            f"none of the {len(wanted)} {level} units carries the tag {tag!r} in {period}; "
            f"it sits on {', '.join(sorted(levels)) or 'no known unit'} units"
        )
    return found


def tag_comparison(
    store: Store,
    values: pd.Series,
    tag: str,
    period: str,
    *,
    level: str,
    weight: str | pd.Series = "population",
    permutations: int = 999,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    missing: Iterable[str] = (),
) -> dict[str, Any]:
    """The units that carry ``tag`` against the rest, for values indexed by KATO code.

    ``weight`` is ``"population"`` (read from the store for the year of ``period``),
    ``"none"``, or a Series of weights on the same index (e.g. a registry's population).
    ``missing`` names the units of ``level`` known to lack a value. Returns a JSON-ready
    dict: the comparison, the tagged units measured, the tagged units without a value
    (listed, not dropped silently), and the weights used.
    """
    from aimaq.analysis.population import population_weights

    values = values.dropna()
    katos = [str(k) for k in values.index]
    carriers = tag_filter(store, katos, tag, period, level=level)
    mask = np.array([k in carriers for k in katos], dtype=bool)
    weights, source = None, "none"
    if isinstance(weight, pd.Series):
        weights, source = weight.reindex(values.index).to_numpy(dtype=float), str(weight.name)
    elif weight == "population":
        series, source = population_weights(store, katos, str(period)[:4])
        weights = series.to_numpy()
    elif weight != "none":
        raise ValidationError(f"weight must be 'population' or 'none'; got {weight!r}")
    result = group_comparison(
        values.to_numpy(dtype=float), mask, weights, permutations=permutations, seed=seed,
        progress=progress,
    )  # fmt: skip
    all_tagged = tagged_units(store, tag, period)
    at_level = set(store.query("select kato from territory where level = ?", [level])["kato"])
    lacking = set(missing)
    unmeasured = sorted(k for k in all_tagged if k in at_level and k not in set(katos))
    return {
        "period": period,
        "level": level,
        "tag": tag,
        "weight": source,
        **result.to_dict(),
        "tagged": carriers,
        "tagged_without_value": {
            k: "no value" if k in lacking else "not in the data" for k in unmeasured
        },
    }


def tagged_within(
    store: Store,
    frame: pd.DataFrame,
    tag: str,
    period: str,
    columns: Iterable[str] = ("kato", "okrug_kato", "district_kato", "region_kato"),
) -> pd.Series:
    """Whether each row (a settlement) carries ``tag`` or lies in a unit that does.

    ``columns`` are the row's own code and its ancestors' (those present are read). The
    tag's value is returned for each row in it (the nearest unit's first), NaN elsewhere.

    Raises
    ------
    ValidationError
        No row carries the tag or lies in a unit that does.
    """
    carriers = tagged_units(store, tag, period)
    found = pd.Series(np.nan, index=frame.index, dtype=object)
    for column in columns:
        if column in frame.columns:
            codes = frame[column].astype(str)
            hit = found.isna() & codes.isin(carriers)
            found[hit] = codes[hit].map(lambda k: carriers[k] or "")
    if found.isna().all():
        raise ValidationError(
            f"no settlement of the {len(frame)} carries the tag {tag!r} in {period} "
            "or lies in a unit that does"
        )
    return found
