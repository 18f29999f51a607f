"""The composite-index pipeline: denominate, impute, treat outliers, normalise, weight,
aggregate and rank, each step a named option of the index definition.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import rankdata

from aimaq.errors import ValidationError
from aimaq.indices.definition import IndexDefinition
from aimaq.indices.impute import Imputed, impute
from aimaq.indices.normalise import normalise
from aimaq.indices.outliers import Treated, log_transform, treat_outliers
from aimaq.indices.tree import compute_tree

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class IndexResult:
    """Scores and ranks of every unit, with every intermediate a user may question."""

    name: str
    scores: pd.Series
    ranks: pd.Series
    groups: pd.DataFrame
    normalised: pd.DataFrame
    weights: Mapping[str, pd.Series]
    polarity: Mapping[str, int]
    imputed: tuple[Imputed, ...] = ()
    treated: tuple[Treated, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def table(self) -> pd.DataFrame:
        """One row per unit, best first: unit, score, rank and each group's score."""
        out = self.groups.copy()
        out.insert(0, "rank", self.ranks)
        out.insert(0, "score", self.scores)
        out.index.name = "unit"
        return out.reset_index().sort_values(["rank", "unit"]).reset_index(drop=True)


def ranks_of(scores: FloatArray) -> FloatArray:
    """Competition ranks, 1 = highest score; ties share the better rank; works per row.

    Examples
    --------
    >>> ranks_of(np.array([0.2, 0.9, 0.5, 0.9])).tolist()
    [4.0, 1.0, 3.0, 1.0]
    """
    return rankdata(-scores, method="min", axis=-1).astype(np.float64)


def resolve_polarity(
    definition: IndexDefinition, catalogue: Mapping[str, int] | None
) -> dict[str, int]:
    """Each indicator's polarity: the definition's own, else the catalogue's; never guessed."""
    out: dict[str, int] = {}
    for ind in definition.indicators:
        if ind.polarity is not None:
            out[ind.id] = int(ind.polarity)
            continue
        value = (catalogue or {}).get(ind.id)
        if value not in (1, -1):
            raise ValidationError(
                f"indicator {ind.id!r}: no polarity (the catalogue gives {value!r}); "
                "set 'polarity: 1' or 'polarity: -1' in the definition"
            )
        out[ind.id] = int(value)
    return out


def check_columns(definition: IndexDefinition, data: pd.DataFrame) -> None:
    """Every indicator and denominator of the definition must be a column of ``data``."""
    specs = [*definition.indicators, *definition.auxiliary]
    needed = [i.id for i in specs] + [i.denominator for i in specs if i.denominator]
    missing = [c for c in dict.fromkeys(needed) if c not in data.columns]
    if missing:
        raise ValidationError(
            f"unknown indicator id(s) {missing} for index {definition.name!r}; "
            f"available: {sorted(map(str, data.columns))}"
        )


def denominate(
    definition: IndexDefinition, data: pd.DataFrame, *, auxiliary: bool = False
) -> pd.DataFrame:
    """Raw values divided by their denominator (per capita, per area) times ``scale``."""
    out = pd.DataFrame(index=data.index)
    for ind in definition.auxiliary if auxiliary else definition.indicators:
        col = pd.to_numeric(data[ind.id], errors="coerce").astype(np.float64)
        if ind.denominator:
            denom = pd.to_numeric(data[ind.denominator], errors="coerce").astype(np.float64)
            bad = denom.notna() & (denom <= 0)
            if bad.any():
                unit = denom.index[bad][0]
                raise ValidationError(
                    f"indicator {ind.id!r}: denominator {ind.denominator!r} is "
                    f"{denom[unit]} for unit {unit!r} (must be positive)"
                )
            col = col / denom
        out[ind.id] = col * ind.scale
    return out


def prepare(
    definition: IndexDefinition,
    data: pd.DataFrame,
    *,
    impute_method: str | None = None,
    groups: Mapping[str, str] | pd.Series | None = None,
    history: Sequence[tuple[str, pd.DataFrame]] = (),
) -> tuple[pd.DataFrame, tuple[Imputed, ...], tuple[Treated, ...]]:
    """Denominate, impute and treat outliers; the result has no missing values."""
    check_columns(definition, data)
    raw = denominate(definition, data)
    empty = [c for c in raw.columns if raw[c].isna().all()]
    if empty:
        raise ValidationError(f"indicator(s) {empty} have no data for these units and period")
    method = impute_method or definition.preprocess.impute
    filled = impute(raw, method, groups=groups, history=history)
    frame = filled.frame
    if frame.isna().any().any():
        col = next(c for c in frame.columns if frame[c].isna().any())
        units = [str(u) for u in frame.index[frame[col].isna()]]
        raise ValidationError(
            f"indicator {col!r} is missing for unit(s) {units[:10]}"
            f"{' ...' if len(units) > 10 else ''}; missing values are not zeros: choose "
            "preprocess.impute (mean, median, group_mean, carry_forward) or drop the units"
        )
    pre = definition.preprocess
    treated_frame, treated = treat_outliers(
        frame, pre.outliers, skew_limit=pre.skew_limit, kurtosis_limit=pre.kurtosis_limit
    )
    return treated_frame, filled.imputed, treated


def normalise_frame(
    definition: IndexDefinition,
    frame: pd.DataFrame,
    polarity: Mapping[str, int],
    *,
    method: str | None = None,
) -> pd.DataFrame:
    """Each indicator normalised as defined (or all by ``method``), higher always better.

    ``transform: log`` applies to values and to goalposts and targets alike.
    """
    out = pd.DataFrame(index=frame.index)
    for ind in definition.indicators:
        spec = ind.normalise
        values = frame[ind.id].to_numpy(dtype=np.float64)
        lower, upper, target = spec.min, spec.max, spec.target
        if ind.transform == "log":
            values = log_transform(values, name=ind.id)
            lower = float(np.log(lower)) if lower is not None and lower > 0 else lower
            upper = float(np.log(upper)) if upper is not None and upper > 0 else upper
            target = float(np.log(target)) if target is not None and target > 0 else target
            if spec.method == "goalposts" and (spec.min is None or spec.min <= 0):
                raise ValidationError(f"indicator {ind.id!r}: log goalposts need min > 0")
        chosen = method or spec.method
        centre, scale, low, high = spec.centre, spec.scale, spec.low, spec.high
        # alternatives imposed on all indicators use positive scales, so that geometric and
        # Mazziotta-Pareto aggregation stay defined: z-scores as 100 + 10 z, min-max onto [1, 100]
        if method == "zscore":
            centre, scale = 100.0, 10.0
        if method == "minmax":
            low, high = 1.0, 100.0
        out[ind.id] = normalise(
            values,
            chosen,
            polarity[ind.id],
            lower=lower,
            upper=upper,
            target=target,
            centre=centre,
            scale=scale,
            low=low,
            high=high,
            name=ind.id,
        )
    return out


def stage_weights(definition: IndexDefinition, data: pd.DataFrame) -> dict[str, FloatArray]:
    """Per-unit weights (units x members) of every group weighted by development stage."""
    out: dict[str, FloatArray] = {}
    staged = [g for g in definition.groups if g.stages is not None]
    if not staged:
        return out
    values = pd.concat(
        [denominate(definition, data), denominate(definition, data, auxiliary=True)], axis=1
    )
    for group in staged:
        st = group.stages
        assert st is not None
        x = values[st.indicator]
        if x.isna().any():
            raise ValidationError(
                f"group {group.id!r}: stage indicator {st.indicator!r} is missing for "
                f"{[str(u) for u in x.index[x.isna()]][:10]}"
            )
        ref = float(x.mean()) if st.reference == "mean" else float(st.reference)
        if not ref > 0:
            raise ValidationError(
                f"group {group.id!r}: stage reference must be positive; got {ref}"
            )
        stage = np.searchsorted(np.asarray(st.breaks), 100.0 * x.to_numpy() / ref, side="right")
        table = np.array([[w[m] for m in group.members] for w in st.weights], dtype=np.float64)
        table /= table.sum(axis=1, keepdims=True)
        out[group.id] = table[stage]
    return out


def build_index(
    definition: IndexDefinition,
    data: pd.DataFrame,
    *,
    polarity: Mapping[str, int] | None = None,
    groups: Mapping[str, str] | pd.Series | None = None,
    history: Sequence[tuple[str, pd.DataFrame]] = (),
) -> IndexResult:
    """Run the whole pipeline on a table of units (rows) by indicator ids (columns).

    Parameters
    ----------
    definition
        The validated index file.
    data
        Raw indicator values, one row per unit (the index labels the units).
    polarity
        Indicator id -> +1 / -1 from the catalogue; the definition's own wins.
    groups, history
        For ``group_mean`` and ``carry_forward`` imputation.

    Examples
    --------
    >>> from aimaq.indices.definition import parse_definition
    >>> d = parse_definition({"name": "t", "indicators": [{"id": "a"}, {"id": "b"}],
    ...                       "groups": [{"id": "top", "members": ["a", "b"]}]})
    >>> data = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.0]}, index=list("xyz"))
    >>> r = build_index(d, data, polarity={"a": 1, "b": 1})
    >>> r.scores.round(3).tolist(), r.ranks.tolist()
    ([0.5, 0.25, 0.75], [2.0, 3.0, 1.0])
    """
    if data.index.has_duplicates:
        dup = data.index[data.index.duplicated()][0]
        raise ValidationError(f"unit {dup!r} appears twice in the data")
    pol = resolve_polarity(definition, polarity)
    frame, imputed, treated = prepare(definition, data, groups=groups, history=history)
    normalised = normalise_frame(definition, frame, pol)
    scores, used = compute_tree(
        definition, normalised, unit_weights=stage_weights(definition, data)
    )
    root = definition.root
    units = normalised.index
    group_scores = pd.DataFrame(
        {g: scores[g] for g in definition.order() if g != root}, index=units
    )
    final = pd.Series(scores[root], index=units, name=root)
    weights = {gid: pd.Series(w, index=definition.group(gid).members) for gid, w in used.items()}
    return IndexResult(
        name=definition.name,
        scores=final,
        ranks=pd.Series(ranks_of(np.asarray(final, dtype=np.float64)), index=units, name="rank"),
        groups=group_scores,
        normalised=normalised,
        weights=weights,
        polarity=pol,
        imputed=imputed,
        treated=treated,
    )
