"""Uncertainty and sensitivity of ranks: Monte Carlo over the choices of an index.

Each draw picks a weight vector for every group (Dirichlet around the nominal weights),
a normalisation method, an aggregation method and an imputation method. Draws are
evaluated in vectorised batches (one matrix product per distinct combination of the
discrete choices), never in a Python loop over draws. Every factor is either listed as
varied or, with the reason, as not varied. OECD/JRC Handbook (2008), section 7;
Saisana, Saltelli and Tarantola (2005), J. R. Stat. Soc. A 168(2).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from aimaq.errors import ValidationError
from aimaq.indices.definition import IndexDefinition
from aimaq.indices.pipeline import (
    normalise_frame,
    prepare,
    ranks_of,
    resolve_polarity,
    stage_weights,
)
from aimaq.indices.sobol import sobol_indices
from aimaq.indices.tree import compute_tree

FloatArray = NDArray[np.float64]
AS_DEFINED = "as defined"


@dataclass(frozen=True)
class Factor:
    """One uncertain choice: its alternatives (discrete) or its distribution (weights)."""

    name: str
    alternatives: tuple[str, ...]
    members: tuple[str, ...] = ()
    nominal: tuple[float, ...] = ()

    @property
    def is_weights(self) -> bool:
        return self.name.startswith("weights:")

    def describe(self, concentration: float) -> str:
        if self.is_weights:
            return (
                f"{self.name}: Dirichlet around the nominal weights (concentration "
                f"{concentration:g}) of {', '.join(self.members)}"
            )
        return f"{self.name}: {' | '.join(self.alternatives)}"


@dataclass(frozen=True)
class UncertaintyResult:
    """Rank distribution of each unit and the sensitivity of ranks to each factor."""

    draws: int
    median_rank: pd.Series
    rank_low: pd.Series
    rank_high: pd.Series
    nominal_rank: pd.Series
    varied: tuple[str, ...]
    not_varied: tuple[str, ...]
    sensitivity: pd.DataFrame  # factor x (first, total)
    mean_rank_shift: float

    def intervals(self) -> pd.DataFrame:
        """One row per unit: nominal rank, median rank and the 5-95% interval."""
        return pd.DataFrame(
            {
                "rank": self.nominal_rank,
                "median_rank": self.median_rank,
                "rank_low": self.rank_low,
                "rank_high": self.rank_high,
            }
        )


class RankModel:
    """The index as a function of its choices, evaluated for many draws at once."""

    def __init__(
        self,
        definition: IndexDefinition,
        data: pd.DataFrame,
        *,
        polarity: Mapping[str, int] | None = None,
        groups: Mapping[str, str] | pd.Series | None = None,
        history: Sequence[tuple[str, pd.DataFrame]] = (),
    ) -> None:
        self.definition = definition
        spec = definition.uncertainty
        pol = resolve_polarity(definition, polarity)
        nominal_frame, imputed, _ = prepare(definition, data, groups=groups, history=history)
        self.units = nominal_frame.index
        self.factors: list[Factor] = []
        self.not_varied: list[str] = []
        imputations = [AS_DEFINED]
        if imputed:
            imputations += [
                m for m in spec.impute if m not in ("none", definition.preprocess.impute)
            ]
        else:
            self.not_varied.append("imputation: no value is missing, so no imputation to vary")
        frames = {AS_DEFINED: nominal_frame}
        for method in imputations[1:]:
            frames[method] = prepare(
                definition, data, impute_method=method, groups=groups, history=history
            )[0]
        norms = [AS_DEFINED, *[m for m in spec.normalise]]
        self.matrices: dict[tuple[str, str], pd.DataFrame] = {}
        for imp, norm in itertools.product(imputations, norms):
            self.matrices[(imp, norm)] = normalise_frame(
                definition, frames[imp], pol, method=None if norm == AS_DEFINED else norm
            )
        self.unit_weights = stage_weights(definition, data)
        nominal_scores, used = compute_tree(
            definition, self.matrices[(AS_DEFINED, AS_DEFINED)], unit_weights=self.unit_weights
        )
        self.nominal_weights = used
        self.nominal_rank = ranks_of(nominal_scores[definition.root])
        if len(imputations) > 1:
            self.factors.append(Factor("imputation", tuple(imputations)))
        elif imputed:
            self.not_varied.append("imputation: no alternative method listed")
        if len(norms) > 1:
            self.factors.append(Factor("normalisation", tuple(norms)))
        else:
            self.not_varied.append("normalisation: no alternative method listed")
        aggs = [AS_DEFINED, *spec.aggregate]
        if len(aggs) > 1:
            self.factors.append(Factor("aggregation", tuple(aggs)))
        else:
            self.not_varied.append("aggregation: no alternative method listed")
        for gid in definition.order():
            group = definition.group(gid)
            if gid in self.unit_weights:
                self.not_varied.append(f"weights:{gid}: set per unit by its stage of development")
            elif group.weighting_method == "bod":
                self.not_varied.append(
                    f"weights:{gid}: benefit of the doubt chooses each unit's weights itself"
                )
            elif not spec.weights:
                self.not_varied.append(
                    f"weights:{gid}: weights are not varied (uncertainty.weights)"
                )
            elif len(group.members) < 2:
                self.not_varied.append(f"weights:{gid}: a single member has nothing to weigh")
            else:
                w = used[gid]
                self.factors.append(
                    Factor(f"weights:{gid}", (), tuple(group.members), tuple(float(v) for v in w))
                )
        self.not_varied.append(
            f"outlier treatment: kept as defined ({definition.preprocess.outliers})"
        )
        if any(g.weighting_method == "bod" for g in definition.groups) and len(norms) > 1:
            self.not_varied.append(
                "aggregation of benefit-of-the-doubt groups: the LP is the aggregation"
            )

    # -- sampling -----------------------------------------------------------------
    def sample(self, n: int, rng: np.random.Generator) -> dict[str, NDArray[np.generic]]:
        """``n`` independent draws of every factor."""
        out: dict[str, NDArray[np.generic]] = {}
        conc = self.definition.uncertainty.concentration
        for f in self.factors:
            if f.is_weights:
                nominal = np.asarray(f.nominal)
                draws = np.zeros((n, len(nominal)))
                positive = nominal > 0
                draws[:, positive] = rng.dirichlet(
                    conc * nominal[positive] / nominal[positive].sum() * positive.sum(), size=n
                )
                out[f.name] = draws
            else:
                out[f.name] = rng.integers(0, len(f.alternatives), size=n)
        return out

    def evaluate(self, sample: Mapping[str, NDArray[np.generic]], n: int) -> FloatArray:
        """Ranks (draws x units) for the first ``n`` draws of a sample of every factor."""
        sample = {k: np.asarray(v)[:n] for k, v in sample.items()}
        ranks = np.empty((n, len(self.units)))
        choice = {f.name: f for f in self.factors if not f.is_weights}

        def pick(name: str) -> NDArray[np.int64]:
            return np.asarray(sample[name]) if name in choice else np.zeros(n, dtype=np.int64)

        imp, norm, agg = pick("imputation"), pick("normalisation"), pick("aggregation")
        imps = choice["imputation"].alternatives if "imputation" in choice else (AS_DEFINED,)
        norms = choice["normalisation"].alternatives if "normalisation" in choice else (AS_DEFINED,)
        aggs = choice["aggregation"].alternatives if "aggregation" in choice else (AS_DEFINED,)
        keys = imp * (len(norms) * len(aggs)) + norm * len(aggs) + agg
        for key in np.unique(keys):
            rows = np.flatnonzero(keys == key)
            i, rest = divmod(int(key), len(norms) * len(aggs))
            j, k = divmod(rest, len(aggs))
            weights = {}
            for f in self.factors:
                if f.is_weights:
                    weights[f.name.split(":", 1)[1]] = np.asarray(sample[f.name], dtype=np.float64)[
                        rows
                    ]
            if not weights:  # no weight varies: still evaluate per draw
                weights = {
                    g: np.broadcast_to(w, (rows.size, w.shape[0]))
                    for g, w in self.nominal_weights.items()
                    if self.definition.group(g).weighting_method != "bod"
                }
            else:
                for g, w in self.nominal_weights.items():
                    if g not in weights and self.definition.group(g).weighting_method != "bod":
                        weights[g] = np.broadcast_to(w, (rows.size, w.shape[0]))
            scores, _ = compute_tree(
                self.definition,
                self.matrices[(imps[i], norms[j])],
                weights=weights,
                aggregation=None if aggs[k] == AS_DEFINED else aggs[k],
                unit_weights=self.unit_weights,
            )
            top = np.asarray(scores[self.definition.root])
            top = np.broadcast_to(top, (rows.size, len(self.units))) if top.ndim == 1 else top
            ranks[rows] = ranks_of(top)
        return ranks


def _swap(
    a: Mapping[str, NDArray[np.generic]], b: Mapping[str, NDArray[np.generic]], name: str
) -> dict[str, NDArray[np.generic]]:
    out = dict(a)
    out[name] = b[name]
    return out


def rank_uncertainty(
    definition: IndexDefinition,
    data: pd.DataFrame,
    *,
    draws: int = 1000,
    polarity: Mapping[str, int] | None = None,
    groups: Mapping[str, str] | pd.Series | None = None,
    history: Sequence[tuple[str, pd.DataFrame]] = (),
    sobol_base: int | None = None,
    seed: int = 12345,
) -> UncertaintyResult:
    """Median rank and 5-95% rank interval of every unit, and Sobol indices of each choice.

    Parameters
    ----------
    draws
        Monte Carlo draws for the rank intervals.
    sobol_base
        Base sample size ``N`` of the Saltelli design (``N * (k + 2)`` evaluations for
        ``k`` factors); defaults to ``min(draws, 2000)``.
    seed
        The random seed: the same seed gives the same result.

    Examples
    --------
    >>> from aimaq.indices.definition import parse_definition
    >>> d = parse_definition({"name": "t", "indicators": [{"id": "a"}, {"id": "b"}],
    ...     "groups": [{"id": "top", "members": ["a", "b"]}]})
    >>> data = pd.DataFrame({"a": [1., 2., 3., 4.], "b": [4., 1., 3., 2.]}, index=list("pqrs"))
    >>> r = rank_uncertainty(d, data, draws=200, polarity={"a": 1, "b": 1})
    >>> int(r.median_rank["r"]), r.varied[0]
    (1, 'normalisation: as defined | minmax | zscore | rank')
    """
    if draws < 10:
        raise ValidationError(f"needs at least 10 draws; got {draws}", argument="draws")
    model = RankModel(definition, data, polarity=polarity, groups=groups, history=history)
    rng = np.random.default_rng(seed)
    ranks = model.evaluate(model.sample(draws, rng), draws)
    units = model.units
    nominal = pd.Series(model.nominal_rank, index=units)
    conc = definition.uncertainty.concentration
    names = [f.name for f in model.factors]
    if names:
        base = sobol_base or min(draws, 2000)
        a, b = model.sample(base, rng), model.sample(base, rng)
        y_a, y_b = model.evaluate(a, base), model.evaluate(b, base)
        y_ab = np.stack([model.evaluate(_swap(a, b, name), base) for name in names])
        first, total = sobol_indices(y_a, y_b, y_ab).pooled()
    else:
        first = total = np.zeros(0)
    return UncertaintyResult(
        draws=draws,
        median_rank=pd.Series(np.median(ranks, axis=0), index=units),
        rank_low=pd.Series(np.quantile(ranks, 0.05, axis=0, method="lower"), index=units),
        rank_high=pd.Series(np.quantile(ranks, 0.95, axis=0, method="higher"), index=units),
        nominal_rank=nominal,
        varied=tuple(f.describe(conc) for f in model.factors),
        not_varied=tuple(model.not_varied),
        sensitivity=pd.DataFrame(
            {"first": first, "total": total}, index=pd.Index(names, name="factor")
        ),
        mean_rank_shift=float(np.abs(ranks - model.nominal_rank).mean()),
    )
