"""One disparity report (all measures and the nested decomposition) from a table.

The same report serves the stored data and any external table, so scripts read one shape:
``n``, ``weighted``, ``mean``, every measure of the registry
:data:`aimaq.analysis.inequality.MEASURES` (``williamson`` only when weighted), and
``decomposition``: one entry per grouping level with ``level``,
``between``, ``within`` and ``between_share`` (Theil T), the nested ``contribution`` and
the same split for Theil L.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from aimaq.analysis.decomposition import theil_decomposition
from aimaq.analysis.inequality import MEASURES, disparity, lorenz
from aimaq.analysis.permutation import between_share_test
from aimaq.errors import ImportError_, Location, ValidationError

__all__ = ["disparity_report", "read_table", "table_report"]


def disparity_report(
    values: Sequence[float] | np.ndarray,
    groups: Mapping[str, Sequence[object]] | None = None,
    weights: Sequence[float] | np.ndarray | None = None,
    *,
    permutations: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    with_lorenz: bool = False,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """All measures of ``values`` and, when ``groups`` are given, their nested decomposition.

    Parameters
    ----------
    values, weights
        As for :func:`aimaq.analysis.inequality.disparity`.
    groups
        Grouping levels, outermost first (may be empty: no decomposition).
    permutations
        When positive, adds a permutation p-value for each level's between share (Theil T).
    with_lorenz
        Adds the Lorenz curve (``lorenz``: population and value shares).
    labels
        Names of the positions (rows, territory codes) used in ``notes``: a measure left
        out (``None``) because a value is 0 says which value.

    Examples
    --------
    >>> r = disparity_report([1.0, 2.0, 4.0, 8.0], {"r": ["a", "a", "b", "b"]})
    >>> round(r["decomposition"][0]["between_share"], 4)
    0.7729
    """
    y = np.asarray(values, dtype=np.float64)
    summary = disparity(y, weights)
    out: dict[str, Any] = {
        "n": summary.n,
        "weighted": summary.weighted,
        "mean": summary.mean,
        **summary.measures(),
    }
    entries: list[dict[str, Any]] = []
    if groups:
        t = theil_decomposition(y, groups, weights, index="T")
        l_parts = (
            theil_decomposition(y, groups, weights, index="L").levels
            if summary.theil_l is not None
            else (None,) * len(t.levels)
        )
        tests = (
            between_share_test(
                y, groups, weights, permutations=permutations, seed=seed, progress=progress
            )
            if permutations > 0
            else (None,) * len(t.levels)
        )
        for split, split_l, test in zip(t.levels, l_parts, tests, strict=True):
            entry: dict[str, Any] = {
                "level": split.level,
                "groups": split.groups,
                "between": split.between,
                "within": split.within,
                "between_share": split.between_share,
                "contribution": split.contribution,
                "contribution_share": split.contribution_share,
            }
            if split_l is not None:
                entry.update(
                    between_l=split_l.between,
                    within_l=split_l.within,
                    between_share_l=split_l.between_share,
                )
            if test is not None:
                entry.update(p_value=test.p_value, permutations=test.permutations)
            entries.append(entry)
    out["decomposition"] = entries
    if with_lorenz:
        out["lorenz"] = lorenz(y, weights).to_dict()
    notes = _zero_notes(y, summary.top_bottom_ratio is None, labels)
    if notes:
        out["notes"] = notes
    return out


def _zero_notes(y: np.ndarray, no_top_bottom: bool, labels: Sequence[str] | None) -> list[str]:
    """Why measures are ``None``: they need positive values and some value is 0."""
    zeros = np.flatnonzero(y == 0)
    if zeros.size == 0:
        return []
    first = int(zeros[0])
    where = labels[first] if labels is not None else f"index {first}"
    more = f" and {zeros.size - 1} other(s)" if zeros.size > 1 else ""
    needing = ", ".join(m.key for m in MEASURES if m.positive)
    notes = [f"{needing} need positive values; value 0 at {where}{more}"]
    if no_top_bottom:
        notes.append("top_bottom_ratio: the bottom 20% hold nothing (ratio undefined)")
    return notes


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV (or Excel, Parquet) table for an ad-hoc disparity analysis."""
    path = Path(path)
    if not path.is_file():
        raise ImportError_("no such file", Location(str(path)))
    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xls"}:
            return pd.read_excel(path)
        if suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise ImportError_(f"cannot read the table: {exc}", Location(str(path))) from exc


def _numeric(frame: pd.DataFrame, column: str, source: str) -> np.ndarray:
    raw = frame[column]
    out = np.empty(len(raw), dtype=np.float64)
    for i, value in enumerate(raw.tolist()):
        row = i + 2  # line 1 is the header
        text = str(value).strip() if value is not None else ""
        if text == "" or text.lower() == "nan":
            raise ImportError_("empty value", Location(source, row, column, value))
        try:
            out[i] = float(text.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            raise ImportError_("not a number", Location(source, row, column, value)) from None
        if not np.isfinite(out[i]):
            raise ImportError_("not a finite number", Location(source, row, column, value))
    return out


def table_report(
    frame: pd.DataFrame,
    *,
    value: str,
    groups: Sequence[str] = (),
    weight: str | None = None,
    source: str = "<table>",
    permutations: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    with_lorenz: bool = False,
) -> dict[str, Any]:
    """:func:`disparity_report` on columns of a table; bad cells are named by row and column.

    Examples
    --------
    >>> t = pd.DataFrame({"v": ["1", "2", "4", "8"], "r": ["a", "a", "b", "b"]})
    >>> table_report(t, value="v", groups=["r"])["decomposition"][0]["level"]
    'r'
    """
    needed = [value, *groups, *([weight] if weight else [])]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ImportError_(
            f"no column(s) {missing}; the table has {list(frame.columns)}", Location(source)
        )
    if len(frame) == 0:
        raise ImportError_("the table has no rows", Location(source))
    values = _numeric(frame, value, source)
    weights = _numeric(frame, weight, source) if weight else None
    for name, arr in ((value, values), (weight, weights)):
        if arr is None or name is None:
            continue
        bad = np.flatnonzero(arr < 0) if name == value else np.flatnonzero(arr <= 0)
        if bad.size:
            i = int(bad[0])
            need = "non-negative" if name == value else "positive"
            what = "values" if name == value else "weights"
            raise ImportError_(
                f"{what} must be {need}", Location(source, i + 2, name, frame[name].iloc[i])
            )
    for name in groups:
        labels = frame[name].astype(str).str.strip()
        empty = np.flatnonzero((labels == "") | (labels.str.lower() == "nan"))
        if empty.size:
            raise ImportError_("empty group label", Location(source, int(empty[0]) + 2, name, ""))
    grouping = {name: frame[name].astype(str).str.strip().tolist() for name in groups}
    try:
        return disparity_report(
            values,
            grouping,
            weights,
            permutations=permutations,
            seed=seed,
            progress=progress,
            with_lorenz=with_lorenz,
            labels=[f"row {i + 2}" for i in range(len(values))],
        )
    except ValidationError as exc:
        raise ValidationError(f"{source}: {exc}") from exc
